"""The source of a compiled plan (client/jit.py): the plan's straight-line body cut into
segments. Runs of compilable ops become functions handed to torch.compile; the ops between
them (eager ones: variable reads, autograd leaves, the `Gradients` op, py_func, random ops,
queues ...) stay plain lines of a driver function that calls the segments in order. So an eager
op costs what it costs in an eager plan (no graph break, no guard check), and a compiled segment
sees variables as tensor arguments, not as the session's state.

    def _plan(f0, f1):                      # the driver
        v4_0 = F4(C4)                       # read variable w (eager)
        v4_0 = _rg(v4_0)                    # an autograd leaf, for tf.gradients
        v27_0, = _S0(f0, f1, v4_0)          # forward ops: one compiled function
        v28_0, = F28(C28, v27_0, v4_0)      # Gradients (eager: torch.autograd.grad)
        _S1(v28_0)                          # the optimizer's updates: compiled
        return (v27_0, )
"""
from __future__ import annotations

import linecache
import math

import torch

from tfcompat.client import plan as plan_lib

# ops not worth a compiled segment of their own (no arithmetic to fuse): a plan of only these
# (a variable initializer, run once) is not compiled at all
_TRIVIAL = frozenset({"NoOp", "Identity", "StopGradient", "Snapshot", "Const", "Assign",
                      "AssignVariableOp"})
_HELPERS = ("_rg(", "_fv(")   # compile.py's autograd-leaf and fed-value helpers: eager


def _local(name, namespace) -> bool:
    """Whether a generated-code name is a local value (not a folded constant or a global)."""
    return name[:1] in ("v", "f") and name not in namespace


def _is_eager(entry, eager_ops) -> bool:
    line, op = entry[0], entry[1]
    if any(h in line.split("=", 1)[-1] for h in _HELPERS):
        return True
    return op is not None and op in eager_ops


def _hoisted(body, eager_ops):
    """`body` with the reads of variables (and their autograd-leaf lines) moved to the front,
    so they do not cut the compiled ops into pieces. A read aliases the variable's storage, so
    moving it earlier changes nothing, unless the plan replaces the variable (an `Assign`,
    which may give it a new tensor): those reads stay where they are."""
    assigned = {op._inputs[0].op for _, op, _, _ in body
                if op is not None and op.type == "Assign" and op._inputs}
    front, rest, moved = [], [], set()
    for entry in body:
        line, op, used, defined = entry
        is_read = op is not None and op.type in plan_lib.VARIABLE_OP_TYPES and \
            op not in assigned and op in eager_ops and "=" in line and "_rg(" not in line
        is_leaf = "= _rg(" in line and used and used[0] in moved
        if is_read or is_leaf:
            front.append(entry)
            moved.update(defined)
        else:
            rest.append(entry)
    return front + rest


def _segments(body, eager_ops):
    """[(compiled?, [entries])] in order: maximal runs of compilable entries."""
    out = []
    for entry in body:
        compiled = not _is_eager(entry, eager_ops)
        if out and out[-1][0] == compiled:
            out[-1][1].append(entry)
        else:
            out.append((compiled, [entry]))
    merged = []
    for compiled, entries in out:  # a trivial run is not worth a compiled function
        if compiled and all(op is None or op.type in _TRIVIAL for _, op, _, _ in entries):
            compiled = False
        if merged and merged[-1][0] == compiled:
            merged[-1][1].extend(entries)
        else:
            merged.append((compiled, list(entries)))
    return merged


# constants of at most this many elements are rebuilt inside the traced code; torch's fake
# tensors (what torch.compile traces with) keep the values of such small tensors (it sets
# fake_tensor.CONSTANT_NUMEL_LIMIT to this; torch's own limit is 1), so a permutation or a
# shape is known while tracing
SMALL_CONSTANT = 8


def _small_literal(value):
    """`_K`'s arguments rebuilding a small folded tensor, or None.

    A folded constant that the compiled code reads as a global is an input of the compiled
    graph (one more argument per run) whose value torch.compile does not know, so a lowering
    asking for it (`.tolist()` on a reduction axis, a permutation or a shape) breaks the
    graph. Made inside the traced code from a literal, it is a constant there (`.item()`
    still breaks: dynamo's capture_scalar_outputs would trace it, but turns the `.tolist()` of
    fed shapes into runtime asserts without TF's error texts)."""
    if not isinstance(value, torch.Tensor) or value.numel() > SMALL_CONSTANT or \
            value.is_complex() or value.dtype not in _LITERAL_DTYPES:
        return None
    numbers = value.tolist()
    text = repr(numbers)
    if any(isinstance(n, float) and not math.isfinite(n) for n in value.reshape(-1).tolist()):
        text = text.replace("inf", "float('inf')").replace("nan", "float('nan')")
    return "%s, %s, %r" % (text, str(value.dtype).replace("torch.", "_torch."), str(value.device))


_LITERAL_DTYPES = frozenset({torch.float16, torch.bfloat16, torch.float32, torch.float64,
                             torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8,
                             torch.bool})


def make_constant(numbers, dtype, device):
    """`_K` in compiled segments (see `_small_literal`)."""
    return torch.tensor(numbers, dtype=dtype, device=device)


class Source:
    """The generated module: segment functions `_seg<k>` and the driver `_plan`."""

    def __init__(self, plan, eager_ops):
        self.namespace = plan.namespace
        self.lines: list = []
        self.line_ops: dict = {}     # line number -> op, to name a failing op
        self.segment_names: list = []
        self.n_compiled_ops = 0
        body = _hoisted(plan.body, eager_ops)
        segments = _segments(body, eager_ops)
        # [(compiled?, [ops])] in the order they run (client/jit.py decides from it which ops
        # may check their data inside the compiled code)
        self.segment_ops = [(compiled, [op for _, op, _, _ in entries if op is not None])
                            for compiled, entries in segments]
        self._build(segments, plan.feed_names, plan.fetch_names)
        self.text = "\n".join(self.lines) + "\n"

    def _emit(self, text, op=None):
        self.lines.append(text)
        if op is not None:
            self.line_ops[len(self.lines)] = op

    def _build(self, segments, feed_names, fetch_names):
        statements = []    # (driver line or None, entry or None, used names, defined names)
        for k, (compiled, entries) in enumerate(segments):
            if not compiled:
                statements.extend((None, e, tuple(e[2]), tuple(e[3])) for e in entries)
                continue
            inputs, outputs = self._interface(k, segments, fetch_names)
            self._segment_function(k, entries, inputs, outputs)
            call = "_S%d(%s)" % (k, ", ".join(inputs))
            line = "%s = %s" % ("".join(o + ", " for o in outputs), call) if outputs else call
            statements.append((line, None, inputs, outputs))
        self._driver(statements, feed_names, fetch_names)

    def _interface(self, k, segments, fetch_names):
        """The local names segment `k` reads from before it, and those it defines that later
        statements or the fetches read."""
        entries = segments[k][1]
        defined, inputs = set(), []
        for _, _, used, names in entries:
            for name in used:
                if _local(name, self.namespace) and name not in defined and name not in inputs:
                    inputs.append(name)
            defined.update(names)
        later = set(fetch_names)
        for _, rest in segments[k + 1:]:
            for _, _, used, _ in rest:
                later.update(used)
        outputs = [n for _, _, _, names in entries for n in names if n in later]
        return inputs, list(dict.fromkeys(outputs))

    def _segment_function(self, k, entries, inputs, outputs):
        name = "_seg%d" % k
        self.segment_names.append((k, name))
        self._emit("def %s(%s):" % (name, ", ".join(inputs)))
        for line, op, used, _ in entries:
            # made inside the traced code, next to its use (a graph break between would make
            # it an input of the next graph): a constant there
            for const in dict.fromkeys(used):
                literal = _small_literal(self.namespace.get(const))
                if literal is not None:
                    self._emit("    %s = _K(%s)" % (const, literal))
            self._emit("    " + line, op)
            if op is not None:
                self.n_compiled_ops += 1
        self._emit("    return (%s)" % "".join(o + ", " for o in outputs))
        self._emit("")

    def _driver(self, statements, feed_names, fetch_names):
        keep = set(fetch_names)
        last_use: dict = {}
        for i, (_, _, used, _) in enumerate(statements):
            for name in used:
                last_use[name] = i
        self._emit("def _plan(%s):" % ", ".join(feed_names))
        for i, (line, entry, used, defined) in enumerate(statements):
            op = entry[1] if entry is not None else None
            self._emit("    " + (line if line is not None else entry[0]), op)
            dead = {n for n in used if last_use.get(n) == i}
            dead |= {n for n in defined if n not in last_use}
            dead = sorted(n for n in dead - keep if _local(n, self.namespace))
            if dead:
                self._emit("    del " + ", ".join(dead))
        self._emit("    return (%s)" % "".join(n + ", " for n in fetch_names))

    def load(self, namespace, filename, compile_segment):
        """Executes the module in `namespace`; each segment function is replaced there by
        `compile_segment(fn)`. Returns the driver."""
        linecache.cache[filename] = (len(self.text), None, self.lines, filename)
        namespace.update(_K=make_constant, _torch=torch)
        exec(compile(self.text, filename, "exec"), namespace)  # noqa: S102 - generated code
        for k, name in self.segment_names:
            namespace["_S%d" % k] = compile_segment(namespace[name])
        return namespace["_plan"]

"""Compiled plans: TF1's XLA switches hand a plan's straight-line function to `torch.compile`.

What turns it on (TF1's own switches, read when a plan is compiled):
- `ConfigProto.graph_options.optimizer_options.global_jit_level` ON_1 or ON_2 (and
  `tf.config.optimizer.set_jit(True)` for sessions made without a config): every plan;
- `tf.xla.experimental.jit_scope()`: ops made inside carry TF's `_XlaCompile` attr; True
  compiles the op even without a global level, False keeps it eager under one;
- `TFCOMPAT_JIT=1` (or TF's `TF_XLA_FLAGS=--tf_xla_auto_jit=1|2`): every session of the
  process, for whole programs (`TFCOMPAT_JIT=1 tfcompat run train.py`); `TFCOMPAT_JIT=0`
  turns all compilation off, jit scopes included.
`TFCOMPAT_JIT_BACKEND` picks torch.compile's backend (default "inductor"; "aot_eager" and "eager"
compile faster and change no arithmetic).

How: the plan's own body (the lines of its generated function, op for op) is cut into segments
(client/jit_codegen.py): runs of compilable ops become functions given to torch.compile, and
the ops between them stay plain Python lines of a driver that calls the segments in order:
- ops that cannot be compiled (py_func, queues, readers, iterators, random ops, summaries,
  strings, control flow, data-dependent shapes, the autograd `Gradients` op...) run eagerly,
  exactly as in an eager plan (random ops draw from the session's generators, so both give
  the same numbers);
- variables are read eagerly and reach the segments as tensor arguments, with the autograd
  leaves `tf.gradients` needs made outside the compiled code;
- variable updates lose their per-op lock: the compiled call holds the locks of every
  variable the plan updates instead (locks cannot be traced).
A plan is compiled once per (fetches, feeds, targets); torch.compile's guards add one
recompilation per new input shape, and `dynamic=None` makes a dimension dynamic the first
time a feed changes it (a new batch size), so later sizes reuse that code. On CUDA with the
inductor backend, `mode="reduce-overhead"` replays the step as a CUDA graph.
If compilation itself fails on a plan's first run, the plan runs eagerly from then on (the
tensorflow logger says why, once per plan).
"""
from __future__ import annotations

import logging
import os
import re
import time

import torch
from torch._subclasses import fake_tensor

from tfcompat import errors
from tfcompat.client import jit_codegen
from tfcompat.client import plan as plan_lib
from tfcompat.framework import dtypes

_log = logging.getLogger("tensorflow")   # as TF logs XLA compilation: "INFO:tensorflow:..."

# TF's OptimizerOptions.GlobalJitLevel values that turn autoclustering on
_JIT_LEVELS = (1, 2)          # ON_1, ON_2

# ops that stay eager in a compiled plan: they hold host state, call back into Python, change
# shape with their data or run sub-plans (they graph-break torch.compile, or must not be traced)
_EAGER_TYPES = frozenset({
    "Gradients", "PyFunc", "PyFuncStateless", "EagerPyFunc", "Print", "PrintV2", "Assert",
    "If", "StatelessIf", "Case", "While", "StatelessWhile", "For", "PartitionedCall",
    "StatefulPartitionedCall", "SymbolicGradient", "CheckNumerics", "Where", "Unique",
    "UniqueV2", "UniqueWithCounts", "DynamicPartition", "NonMaxSuppression",
    "NonMaxSuppressionV2", "NonMaxSuppressionV3", "NonMaxSuppressionV4", "NonMaxSuppressionV5",
    "ScalarSummary", "HistogramSummary", "ImageSummary", "AudioSummary", "AudioSummaryV2",
    "TensorSummary", "TensorSummaryV2", "MergeSummary", "WriteSummary",
})
_HOST_DTYPES = frozenset({dtypes.string, dtypes.resource, dtypes.variant})


def _env_switch():
    """True/False when the environment turns compilation on/off for the process, else None."""
    value = os.environ.get("TFCOMPAT_JIT", "").strip().lower()
    if value:
        return value not in ("0", "off", "false", "no")
    found = re.search(r"--tf_xla_auto_jit=(-?\d+)", os.environ.get("TF_XLA_FLAGS", ""))
    if found:
        return int(found.group(1)) in _JIT_LEVELS
    return None


def global_jit(config) -> bool:
    """Whether a session with `config` compiles all its plans (global_jit_level ON_1/ON_2)."""
    options = getattr(getattr(config, "graph_options", None), "optimizer_options", None)
    return getattr(options, "global_jit_level", 0) in _JIT_LEVELS


def backend() -> str:
    return os.environ.get("TFCOMPAT_JIT_BACKEND", "") or "inductor"


def compilable(op) -> bool:
    """Whether torch.compile may trace `op`'s lowering (else it runs eagerly)."""
    d = op.op_def
    if op.type in _EAGER_TYPES or d is None:
        return False
    if any(t.dtype.base_dtype in _HOST_DTYPES for t in list(op._inputs) + list(op._outputs)):
        return False
    if d.stateful and op.type not in plan_lib.VARIABLE_OP_TYPES and not _updates_variable(op):
        return False   # random streams, queues, readers, iterators, resources: session state
    return True


def _updates_variable(op) -> bool:
    refs = op.op_def.ref_inputs
    return bool(op.op_def.mutates and refs) and refs[0] < len(op._inputs) and \
        op._inputs[refs[0]].op.type in plan_lib.VARIABLE_OP_TYPES


def _wants(op, auto) -> bool:
    flag = op._attrs.get("_XlaCompile")   # set by tf.xla.experimental.jit_scope
    return bool(flag) if flag is not None else auto


def compiled(session, plan):
    """`plan`, running its function through torch.compile when TF's XLA switches ask for it
    (module docstring); the plan unchanged otherwise."""
    env = _env_switch()
    if env is False or getattr(plan, "body", None) is None or plan_lib.INTERPRET:
        return plan
    auto = bool(env) or global_jit(session._config)
    ops = [op for _, op, _, _ in plan.body if op is not None]
    chosen = {op for op in ops if _wants(op, auto)}
    if not chosen:
        return plan
    if "_live" in plan.namespace:   # v1 control flow (dead tensors): a branchy guard per op
        _log_once(plan, "tfcompat: not compiling a plan that uses v1 control flow "
                  "(Switch/Merge); it runs op by op")
        return plan
    # variable reads stay eager: segments get the variables' tensors as arguments
    eager = {op for op in ops if op not in chosen or not compilable(op)
             or op.type in plan_lib.VARIABLE_OP_TYPES}
    source = jit_codegen.Source(plan, eager)
    if not source.segment_names:
        return plan
    namespace = dict(plan.namespace)
    eager_ids = {op._id for op in eager}
    for key, fn in plan.namespace.items():   # compiled updates: the runner holds the locks
        if key[:1] == "F" and hasattr(fn, "unlocked") and int(key[1:]) not in eager_ids:
            namespace[key] = fn.unlocked
    filename = "<tfcompat compiled plan %d>" % id(plan)
    fn = source.load(namespace, filename, _compiler(_devices(plan)))
    runner = _Runner(plan, fn, _update_locks(plan), len(ops), source.n_compiled_ops,
                     sorted({op.type for op in eager if op.type not in
                             plan_lib.VARIABLE_OP_TYPES}))
    runner.filename, runner.line_ops, runner.source = filename, source.line_ops, source.text
    plan.run_fn = runner
    plan.jit = runner
    return plan


def _devices(plan) -> set:
    return {v.type for v in plan.namespace.values() if isinstance(v, torch.device)} | \
        {d.type for d in plan.feed_devices}


def _guards_kept(entries):
    """torch.compile's guard filter: a segment's globals (its ops' lowerings and contexts,
    folded constants, devices) are fixed for the plan's life, so only the guards on its
    arguments and on the session's state (variables) are checked on each run: with guards
    on every global, a plan of 1,000 tiny ops spent most of its time checking them."""
    return [not e.is_global or ".state" in e.name for e in entries]


def _compiler(device_types):
    name = backend()
    settings = {"guard_filter_fn": _guards_kept}
    if name == "inductor" and "cuda" in device_types:
        # mode="reduce-overhead" (CUDA graphs; re-recorded when shapes change), spelt as the
        # option that mode sets (torch._inductor.list_mode_options): torch.compile takes a
        # mode or options, not both
        settings["triton.cudagraphs"] = True
    options = {"backend": name, "dynamic": None, "options": settings}

    def compile_segment(fn):
        return torch.compile(fn, **options)
    return compile_segment


def _update_locks(plan) -> list:
    """The locks of the variables the plan's updates write, in a fixed order."""
    locks = [fn.lock for fn in plan.namespace.values() if hasattr(fn, "unlocked")]
    return sorted(set(locks), key=id)


class _Runner:
    """Calls a plan's compiled driver: logs the first (compiling) run, holds the update
    locks, names the op that failed, and falls back to the eager function when compilation
    fails."""

    def __init__(self, plan, fn, locks, n_ops, n_compiled, eager_types):
        self.plan, self.fn, self.locks = plan, fn, locks
        self.n_ops, self.n_compiled, self.eager_types = n_ops, n_compiled, eager_types
        self.calls = 0
        self.first_call_s = None     # the first run's time: compilation included
        self.filename, self.line_ops, self.source = "", {}, ""

    def __call__(self, *feeds):
        if self.calls == 0:
            _log.info("Compiling a plan with torch.compile (backend %r): %d of its %d ops "
                      "compiled%s. Later runs with the same fetches, feeds and shapes reuse it; "
                      "a new batch size makes that dimension dynamic.", backend(),
                      self.n_compiled, self.n_ops, "; eager: " + ", ".join(self.eager_types)
                      if self.eager_types else "")
        start = time.perf_counter() if self.calls == 0 else 0.0
        # torch traces (first run, recompilations) with small constants' values known; only
        # while a plan runs, so torch.compile of the program's own code keeps torch's limit
        limit = fake_tensor.CONSTANT_NUMEL_LIMIT
        fake_tensor.CONSTANT_NUMEL_LIMIT = max(limit, jit_codegen.SMALL_CONSTANT)
        try:
            result = self._locked(feeds)
        except errors.OpError as e:
            self._name_op(e)
            raise
        except torch._dynamo.exc.TorchDynamoException as e:
            return self._eagerly(feeds, e)
        except Exception as e:
            if not self._name_op(e):   # raised while tracing (a fake tensor's error)
                return self._eagerly(feeds, e)
            raise
        finally:
            fake_tensor.CONSTANT_NUMEL_LIMIT = limit
        if self.calls == 0:
            self.first_call_s = time.perf_counter() - start
        self.calls += 1
        return result

    def _eagerly(self, feeds, e):
        """Compiling a segment failed (at a first run, or at a recompilation for new shapes;
        also an error raised while tracing, in no line of the plan's code), before it ran: the
        eager plan runs instead, and raises the kernel's own error when the
        failure was the data's (torch.compile traces with fake tensors, which fail where the
        kernel would). Otherwise the plan runs op by op from now on (logged once). Eager ops
        that ran before the failed segment run again: compilation fails before variables
        change (updates come last in a plan)."""
        result = self.plan.fn(*feeds)
        _log_once(self.plan, "tfcompat: torch.compile failed on a plan (%s: %s); it runs op by "
                  "op from now on" % (type(e).__name__, str(e).split("\n")[0]))
        self.plan.run_fn = self.plan.fn
        return result

    def _locked(self, feeds):
        if not self.locks:
            return self.fn(*feeds)
        for lock in self.locks:
            lock.acquire()
        try:
            return self.fn(*feeds)
        finally:
            for lock in reversed(self.locks):
                lock.release()

    def _name_op(self, e) -> bool:
        """Marks `e` with the op whose line failed and its input values, for Plan's error
        (compile.py), which then says what TF says. False when no line of the plan failed."""
        if getattr(e, "_tfcompat_failed_op", None) is not None:
            return True
        op, frame, tb = None, None, e.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.filename and \
                    tb.tb_lineno in self.line_ops:
                op, frame = self.line_ops[tb.tb_lineno], tb.tb_frame
            tb = tb.tb_next
        if op is None:
            return False
        e._tfcompat_failed_op = op
        e._tfcompat_values = [plan_lib.value_in_frame(frame, a) for a in
                              getattr(self.plan, "op_args", {}).get(op, ())]
        return True




def _log_once(plan, message):
    if not getattr(plan, "_jit_logged", False):
        plan._jit_logged = True
        _log.warning(message)

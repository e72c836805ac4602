"""Compiles an ordered, placed op list into one Python function (torch.fx-style codegen):
constants folded at build time, one line per remaining op, `del` after each value's last use.
"""
from __future__ import annotations

import functools
import linecache
import sys
import time

import numpy as np
import torch

from tfcompat import errors
from tfcompat.client import grappler
from tfcompat.client import grouped_updates
from tfcompat.client import jit
from tfcompat.client import host_memory
from tfcompat.client import kernels
from tfcompat.client import plan as plan_lib
from tfcompat.client import snapshots
from tfcompat.client import tracing
from tfcompat.client.state import StepContext
from tfcompat.framework import dtypes
from tfcompat.framework import host_strings
from tfcompat.ops import kernel_errors
from tfcompat.ops import _dtype_dispatch
from tfcompat.ops import _dtype_support
from tfcompat.ops import control_flow_v1
from tfcompat.ops import control_flow_v1_refs
from tfcompat.ops import gradients_util


def _move(value, device):
    # to the host, the copy must be complete before a lowering reads it: only the copy to a
    # device may go on asynchronously
    if isinstance(value, torch.Tensor) and value.device != device:
        return value.to(device, non_blocking=device.type != "cpu")
    return value


def _requires_grad(value):
    if hasattr(value, "as_gradient_source"):   # a resource variable's handle (VariableHandle)
        return value.as_gradient_source()
    if isinstance(value, torch.Tensor) and not value.requires_grad and (
            value.is_floating_point() or value.is_complex()):
        return value.detach().requires_grad_(True)
    return value


class _FedValue(torch.autograd.Function):
    """Forward: the fed value. Backward: the gradient goes on to the computed value."""

    @staticmethod
    def forward(ctx, fed, computed):
        return fed.clone()

    @staticmethod
    def backward(ctx, grad):
        return None, grad


def _fed_value(fed, computed):
    """A fed tensor's value, connected to autograd's graph through what the graph computed
    for it (plan.fed_on_gradient_paths)."""
    if isinstance(computed, torch.Tensor) and computed.requires_grad and torch.is_grad_enabled() \
            and isinstance(fed, torch.Tensor) and fed.shape == computed.shape:
        return _FedValue.apply(fed.to(computed.dtype), computed)
    return fed


class Plan:
    """One compiled `Session.run` signature: feeds in, fetch values out.

    >>> plan.describe()   # one op per line, as the generated code runs them
    """

    def __init__(self, feeds, feed_devices, fetches, fn, source, line_ops, needs_grad, listing):
        self.feed_tensors = feeds
        self.feed_devices = feed_devices
        self.fetch_tensors = fetches
        self.fn = fn
        self.run_fn = fn       # what __call__ runs: `fn`, or its torch.compile'd form (jit.py)
        self.namespace = None  # the generated code's globals (jit.py re-executes the source)
        self.source = source
        self._line_ops = line_ops
        self.needs_grad = needs_grad
        self._listing = listing

    def describe(self) -> str:
        return "\n".join(self._listing)

    def __call__(self, feed_values):
        try:
            if self.needs_grad:
                with torch.enable_grad():
                    return self.run_fn(*feed_values)
            return self.run_fn(*feed_values)
        except errors.OpError as e:
            # a step-wide error (a run's deadline) names no op, as in TF
            if "[[node " in e.message or getattr(e, "_tfcompat_step_error", False):
                raise
            op = e.op if e.op is not None else (getattr(e, "_tfcompat_failed_op", None)
                                                or self._failed_op(e.__traceback__))
            raise errors.op_error(type(e), op, e.message) from e
        except Exception as e:  # noqa: BLE001 - re-raised as TF's error class, naming the op
            op = getattr(e, "_tfcompat_failed_op", None)    # interpreted plans name it
            if op is None:
                op = self._failed_op(e.__traceback__)
                values = self._input_values(op, e.__traceback__)
            else:
                values = getattr(e, "_tfcompat_values", None)
            raise _as_op_error(e, op, values) from e

    def _failed_op(self, tb):
        op = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.fn.__code__.co_filename:
                op = self._line_ops.get(tb.tb_lineno, op)
            tb = tb.tb_next
        return op


    def _input_values(self, op, tb):
        """The values `op`'s inputs had when it failed, read from the generated code's frame
        (it frees a value only after the line that used it last), or None."""
        args = getattr(self, "op_args", {}).get(op)
        frame = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.startswith("<tfcompat") and \
                    self._line_ops.get(tb.tb_lineno) is op:
                frame = tb.tb_frame
            tb = tb.tb_next
        if args is None or frame is None:
            return None
        return [plan_lib.value_in_frame(frame, arg) for arg in args]


# What a lowering raises only when tfcompat itself is wrong (not the data it was given): surfaced
# as InternalError naming the op, so a bug is not mistaken for bad input
_INTERNAL_BUGS = (AttributeError, NameError, KeyError, AssertionError, ImportError,
                  RecursionError, SyntaxError)


def _as_op_error(e, op, values=None):
    cls = errors.InvalidArgumentError
    if isinstance(e, _INTERNAL_BUGS):
        name = "'%s' (%s)" % (op.name, op.type) if op is not None else "an op"
        return errors.op_error(errors.InternalError, op, "tfcompat failed running op %s: %s: %s "
                               "(a bug in tfcompat, not in your graph or data: please report it "
                               "with this message)" % (name, type(e).__name__, e))
    if isinstance(e, (MemoryError, torch.OutOfMemoryError)):
        cls = errors.ResourceExhaustedError
    elif isinstance(e, NotImplementedError):
        cls = errors.UnimplementedError
    # NOTE: where torch refused inputs TF's kernel refuses too, the message is TF's
    message = kernel_errors.explain(op, values) if op is not None and values is not None \
        and cls is errors.InvalidArgumentError else None
    if message is None:
        name = "'%s' (%s)" % (op.name, op.type) if op is not None else "an op"
        message = "%s: %s (while running op %s)" % (type(e).__name__, e, name)
    return errors.op_error(cls, op, message)


class _Compiler:
    # TF's grappler rewrite of x / const into x * (1 / const) (client/grappler.py); an exporter
    # emitting ops by their type turns it off
    reciprocal_division = True

    def __init__(self, session, order, fed_tensors, fetches, parallel=False, spliced=frozenset(),
                 traced=False):
        self.session = session
        self.traced = traced         # run op by op, timing each op (client/tracing.py)
        self.spliced: dict = dict.fromkeys(spliced)   # fed tensor -> its feed name (computed too)
        self.parallel = parallel     # may split a multi-device plan into tasks (parallel.py)
        self.op_devices: dict = {}   # op -> TF device name, for the ops that run
        self.state = session._state
        self.placer = session._placer
        self.fed = fed_tensors
        self.fetches = fetches
        self.names: dict = {}        # Tensor -> expression name in generated code
        self.devices: dict = {}      # Tensor -> torch.device it lives on
        self.consts: dict = {}       # name -> value known at build time
        self.namespace = {"_mv": _move, "_rg": _requires_grad, "_fv": _fed_value}
        self.body: list = []         # (line, op or None, names used)
        self.op_args: dict = {}      # op -> its input expressions, to explain a failure
        self.listing: list = []
        self.order = order
        self.dead_region: set = set()  # ops that may see dead tensors (set by compile)
        self.uses_gpu = False        # an op placed so far runs on a GPU (see _input_expr)
        self.grad_contexts: list = []  # (ctx, create_graph, retain_graph) of Gradients ops
        self._order_set = self._fetch_set = None   # made on first use by _used_outputs

    def compile(self) -> Plan:
        grad_ops, xs, region = plan_lib._grad_region(self.order, self.fed)
        create_graph = plan_lib._create_graph_ops(grad_ops, self.order)
        self.xs, self.region = xs, region
        self.shared_autograd = len(grad_ops) > 1
        self.dead_region = _dead_region(self.order, set(self.fed))
        if self.dead_region:
            self.namespace.update(_live=control_flow_v1.is_live, _DEAD=control_flow_v1.DEAD,
                                  _chk=control_flow_v1.check_fetches)
        feed_names, feed_devices = self._bind_feeds()
        for op in self.order:
            self._emit(op, op in create_graph)
        if self.dead_region:  # v1 control flow: a fetched dead tensor is an error, as in TF
            names = tuple(self.names[t] for t in self.fetches)
            self.body.append(("_chk(%s)" % ", ".join(names), None, names, ()))
        plan = self._finish(feed_names, feed_devices, bool(grad_ops))
        plan.op_args = self.op_args
        plan.grad_contexts = self.grad_contexts  # a sub-plan's, set per call (SubPlanRunner)
        return plan

    def _bind_feeds(self):
        names, devices = [], []
        for i, t in enumerate(self.fed):
            device = self.placer.place(t.op)[0] if t.op.op_def is not None else torch.device("cpu")
            if device.type != "cpu" and self._read_on_host(t):
                device = host_memory.CPU  # a fed predicate or loop counter: never copied back
            name = "f%d" % i
            self.names[t], self.devices[t] = name, device
            names.append(name)
            devices.append(device)
            if t in self.spliced:
                self.spliced[t] = name
            if t in self.xs:
                self.body.append(("%s = _rg(%s)" % (name, name), None, (name,), ()))
        return names, devices

    def _read_on_host(self, t) -> bool:
        """Whether the plan's ops read the fed `t` on the host (host_memory.py): all of them,
        or for int32 (small ids, labels) any of them; ops reading it on a device get a copy
        that does not wait, where a copy back to the host would."""
        ops = set(self.order)
        on_host = [host_memory.wants_host(op, i, self._place(op)[0])
                   for op in t.consumers() if op in ops
                   for i, x in enumerate(op._inputs) if x is t]
        if t.dtype.base_dtype == dtypes.int32:
            return any(on_host)
        return bool(on_host) and all(on_host)

    def _input_expr(self, op, i, t, device):
        refs = op.op_def.ref_inputs
        if i in refs and t.op.type in plan_lib.VARIABLE_OP_TYPES:
            name = "r%d" % t.op._id
            self.namespace[name] = t.op
            return plan_lib.InputExpr(name)
        if i in refs and t.dtype._is_ref_dtype:
            var_op = control_flow_v1_refs.updated_variable(op, t)
            if var_op is not None:
                return plan_lib.InputExpr(self._forwarded_ref(op, i, t, var_op))
        name = self.names[t]
        # once a plan uses a GPU, every input's device is checked at run time: a lowering may
        # leave a value on the other side of what host_memory.py expects
        if name not in self.consts and (self.devices[t] != device or self.uses_gpu):
            return plan_lib.InputExpr("_mv(%s, %s)" % (name, self._device_name(device)), name)
        if name in self.consts and _value_device(self.consts[name], self.devices[t]) != device:
            moved = "%s_%s" % (name, device.type + str(device.index or 0))
            self.consts[moved] = self.namespace[moved] = _move(self.consts[name], device)
            return plan_lib.InputExpr(moved)
        return plan_lib.InputExpr(name)

    def _forwarded_ref(self, op, i, t, var_op):
        """A ref input that RefSwitch / RefIdentity / RefMerge / an update op forwards
        (ops/control_flow_v1_refs.py): the variable's op, or DEAD where the forwarded value is
        dead (an update in the untaken branch of a cond), so the guarded op does not run."""
        name = "r%d" % var_op._id
        self.namespace[name] = var_op
        if op not in self.dead_region:
            return name
        value, ref = self.names[t], "v%d_r%d" % (op._id, i)
        self.body.append(("%s = %s if %s is not _DEAD else _DEAD" % (ref, name, value),
                          op, (value,), (ref,)))
        return ref

    def _device_name(self, device):
        name = "d_%s%d" % (device.type, device.index or 0)
        self.namespace[name] = device
        return name

    def _emit(self, op, create_graph):
        device, tf_device = self._place(op)
        host = host_memory.NONE
        if device.type != "cpu":  # int32 shape arithmetic runs on the CPU (host_memory.py)
            self.uses_gpu = True
            host = host_memory.host_args(op)
            device = host_memory.run_device(op, device, host,
                                            [self.devices.get(t) for t in op._inputs])
        ctx = StepContext(op, device, self.state, self.session)
        ctx.create_graph = create_graph
        ctx.retain_graph = create_graph or (self.shared_autograd and
                                            op.type in plan_lib.GRADIENT_OP_TYPES)
        ctx.in_grad_region = op in self.region
        if op.type in plan_lib.PER_OUTPUT_OP_TYPES:
            ctx.used_outputs = self._used_outputs(op)
        if op.type in plan_lib.GRADIENT_OP_TYPES:
            self.grad_contexts.append((ctx, ctx.create_graph, ctx.retain_graph))
        args = [self._input_expr(op, i, t, host_memory.CPU if i in host[0] else device)
                for i, t in enumerate(op._inputs)]
        op_def = op.op_def
        rewrite = grappler.reciprocal_mul(op, args, self.consts) \
            if self.reciprocal_division else None      # TF's x / c -> x * (1 / c)
        if rewrite is not None and grappler.enabled(self.session._config, op.graph):
            op_def, order, recip = rewrite
            args[1] = plan_lib.InputExpr("%s_recip" % args[1])
            self.consts[args[1]] = self.namespace[args[1]] = recip
            args = [args[i] for i in order]
        attrs = {k: op._attrs.get(k, v) for k, v in op_def.attrs.items()}
        lower = _dtype_dispatch.bind(op, op_def.lower)  # the lowering for op's dtype
        if op.type in host_strings.MOVES_ELEMENTS and any(
                t.dtype.base_dtype == dtypes.string for t in op._inputs):
            lower = host_strings.adapter(lower, op.type)
        fn = functools.partial(lower, **attrs) if attrs else lower
        fn = _dtype_support.unsigned_lowering(op, fn)  # uint16/32/64 where torch has no kernel
        fn = _serialized_update(fn, self.state, op)
        if ctx.in_grad_region and gradients_util.stops_gradient(op):  # TF: NotDifferentiable
            fn = gradients_util.detaching(fn, len(op._outputs))
        outs = self._output_names(op)
        # ops that may see dead tensors (v1 Switch/Merge) are never folded: see _guard_dead
        if op not in self.dead_region and self._fold(op, fn, ctx, args, outs, device):
            return
        self.op_devices[op] = tf_device
        self.op_args[op] = args
        call = self._call_expr(op, fn, ctx, args, attrs)
        markers = ()
        if op in self.dead_region:
            call, outs, markers = self._guard_dead(op, call, args, outs)
        target = ", ".join(outs) + ("," if len(outs) == 1 and _multi(op) else "")
        line = "%s = %s" % (target, call) if outs else call
        used = tuple(a.var for a in args) + markers
        self.body.append((line, op, used, tuple(outs)))
        self.listing.append("%s = %s(%s)  # %s on %s" % (
            ", ".join("%s %s" % (t.name, _spec(t)) for t in op._outputs) or "_", op.type,
            ", ".join(t.name for t in op._inputs), op.name, tf_device))
        for j, (t, name) in enumerate(zip(op._outputs, outs)):
            self.names[t] = name
            self.devices[t] = host_memory.CPU if j in host[1] else device
            if t in self.spliced:
                feed = self.spliced[t]
                self.body.append(("%s = _fv(%s, %s)" % (name, feed, name), op, (feed, name), ()))
            if t in self.xs:
                self.body.append(("%s = _rg(%s)" % (name, name), op, (name,), ()))

    def _used_outputs(self, op):
        """The indices of `op`'s outputs that the plan fetches or its ops read."""
        if self._order_set is None:
            self._order_set, self._fetch_set = set(self.order), set(self.fetches)
        return tuple(j for j, t in enumerate(op._outputs)
                     if t in self._fetch_set or any(c in self._order_set for c in t.consumers()))

    def _guard_dead(self, op, call, args, outs):
        """v1 control flow (ops/control_flow_v1.py): `op` is downstream of a Switch, so it runs
        only when its inputs and control inputs are live; otherwise all its outputs are DEAD.
        Returns (guarded call, output names, control markers read). An op without outputs gets
        a marker name of its own (None when it ran, DEAD when not) for its control consumers."""
        marks = [self._dead_marker(c) for c in op._control_inputs if c in self.dead_region]
        marks = [m for m in marks if m]
        markers = tuple(name for m in marks for name in m)
        outs = outs or ["v%d_c" % op._id]
        if op.type in control_flow_v1.UNGUARDED_TYPES:  # Merge decides liveness itself
            return call, outs, ()
        dead = "_DEAD" if len(outs) == 1 and not _multi(op) else "(%s)" % ("_DEAD, " * len(outs))
        # a control input is dead when all its outputs are (a tuple: see control_flow_v1.is_live)
        values = tuple(args) + tuple("(%s,)" % ", ".join(m) for m in marks)
        return "(%s if _live(%s) else %s)" % (call, ", ".join(values), dead), outs, markers

    def _dead_marker(self, op) -> list:
        """The generated-code names that say whether `op` (a control input) ran: its outputs
        (a Switch that ran has one live output), or the marker of an op without outputs."""
        if op._outputs:
            return [self.names[t] for t in op._outputs if t in self.names]
        return ["v%d_c" % op._id]

    # -- codegen hooks: tfcompat.export overrides these (with _bind_feeds, _emit for variables,
    # _input_expr for constants, and _finish) to generate a readable nn.Module.forward ---------
    def _output_names(self, op) -> list:
        """Names of `op`'s outputs in the generated code."""
        return ["v%d_%d" % (op._id, j) for j in range(len(op._outputs))]

    def _call_expr(self, op, fn, ctx, args, attrs) -> str:
        """The expression that runs `op` (`fn` is its lowering with `attrs` bound)."""
        self.namespace["F%d" % op._id] = fn
        self.namespace["C%d" % op._id] = ctx
        return "F%d(C%d%s)" % (op._id, op._id, "".join(", " + a for a in args))

    def _is_local(self, name) -> bool:
        """Whether `name` is a local of the generated function, to be freed after last use."""
        return name.startswith(("v", "f"))

    def _place(self, op):
        refs = op.op_def.ref_inputs
        for i in refs:  # ops writing a variable run where the variable lives
            if i < len(op._inputs) and op._inputs[i].op.type in plan_lib.VARIABLE_OP_TYPES:
                return self.placer.place(op._inputs[i].op)
            var_op = control_flow_v1_refs.variable_behind(op._inputs[i]) \
                if i < len(op._inputs) and op.op_def.mutates else None
            if var_op is not None:     # reached through RefSwitch, RefIdentity, ...
                return self.placer.place(var_op)
        return self.placer.place(op)

    def _fold(self, op, fn, ctx, args, outs, device) -> bool:
        d = op.op_def
        if d.stateful or d.mutates or d.ref_inputs or op in self.region or op._control_inputs \
                or op.type in plan_lib.GRADIENT_OP_TYPES or not all(a in self.consts for a in args):
            return False
        try:
            value = fn(ctx, *[self.consts[a] for a in args])
        except Exception:  # noqa: BLE001 - not foldable: it will fail (with context) at run time
            return False
        values = value if isinstance(value, (tuple, list)) else (value,)
        for t, name, v in zip(op._outputs, outs, values):
            self.consts[name] = self.namespace[name] = v
            self.names[t], self.devices[t] = name, device
        return True

    def _finish(self, feed_names, feed_devices, needs_grad) -> Plan:
        if self.parallel:
            # lazy: cycle: parallel plans are built from compile's Plan
            from tfcompat.client import parallel
            plan = parallel.build(self, feed_names, feed_devices, needs_grad)
            if plan is not None:
                return plan
        fetch_names = [self.names[t] for t in self.fetches]
        # the eager function reads resource variables without copies nothing can observe, and
        # runs independent variable updates as one multi-tensor step; the interpreter (and
        # jit's segments, from `plan.body`) keep one op per line as it was emitted
        body = self.body
        interpret = plan_lib.INTERPRET or self.traced
        if not interpret:
            body = grouped_updates.group_body(self, snapshots.without_copies(self, body))
        lines = self._with_frees(fetch_names, body)
        if interpret:
            return self._interpreted(feed_names, feed_devices, fetch_names, lines, needs_grad)
        header = "def _plan(%s):" % ", ".join(feed_names)
        ret = "    return (%s)" % "".join(n + ", " for n in fetch_names)
        source_lines = [header] + ["    " + line for line, _ in lines] + [ret]
        source = "\n".join(source_lines) + "\n"
        filename = "<tfcompat plan %d>" % id(self)
        code = compile(source, filename, "exec")
        linecache.cache[filename] = (len(source), None, source_lines, filename)
        exec(code, self.namespace)  # noqa: S102 - our own generated code
        line_ops = {i + 2: op for i, (_, op) in enumerate(lines) if op is not None}
        if plan_lib.DEBUG:
            print(source, file=sys.stderr)
        plan = Plan(tuple(self.fed), tuple(feed_devices), tuple(self.fetches),
                    self.namespace["_plan"], source, line_ops, needs_grad, self.listing)
        plan.namespace = self.namespace
        plan.body, plan.feed_names, plan.fetch_names = self.body, feed_names, fetch_names
        return plan

    def _interpreted(self, feed_names, feed_devices, fetch_names, lines, needs_grad) -> Plan:
        trace = None
        if self.traced:
            outputs = {op: [self.names.get(t) for t in op._outputs] for op in self.op_devices}
            trace = tracing.StepTrace(lambda op: outputs.get(op, ()))
            # ops with no line of their own: folded constants, variables read by reference
            trace.folded = [(op, [(j, self.consts[self.names[t]]) for j, t in enumerate(op._outputs)
                                  if isinstance(self.consts.get(self.names.get(t)), torch.Tensor)])
                            for op in self.order if op not in self.op_devices]
        fn = _interpreter(self.namespace, feed_names, lines, fetch_names, self.op_args,
                          trace.record if trace is not None else None)
        plan = Plan(tuple(self.fed), tuple(feed_devices), tuple(self.fetches), fn,
                    "\n".join(line for line, _ in lines), {}, needs_grad, self.listing)
        plan.trace, plan.op_devices = trace, self.op_devices
        return plan

    def _with_frees(self, fetch_names, body):
        keep = set(fetch_names) | set(self.consts)
        last_use: dict = {}
        for index, (_, _, used, _) in enumerate(body):
            for name in used:
                last_use[name] = index
        lines = []
        for index, (line, op, used, defined) in enumerate(body):
            lines.append((line, op))
            dead = {n for n in used if last_use.get(n) == index and self._is_local(n)}
            dead |= {n for n in defined if n not in last_use}
            dead = sorted(dead - keep)
            if dead:
                lines.append(("del " + ", ".join(dead), None))
        return lines


def _value_device(value, placed):
    """Where a folded constant's value is: a lowering may keep it on the host (int32)."""
    return value.device if isinstance(value, torch.Tensor) else placed


def _dead_region(order, fed) -> set:
    """Ops of `order` that may see a dead tensor: Switch ops and everything after one, along
    data or control edges (control flow v1, ops/control_flow_v1.py). Empty for most plans."""
    region: set = set()
    for op in order:
        if op.type in control_flow_v1.SWITCH_TYPES \
                or any(t.op in region and t not in fed for t in op._inputs) \
                or any(c in region for c in op._control_inputs):
            region.add(op)
    return region


def _interpreter(namespace, feed_names, lines, fetch_names, op_args, trace=None):
    """The plan run op by op: each line of the generated code (one op's call, a free, an
    autograd mark) is compiled alone and executed against a dict of live values, so a debugger
    can stop between ops and tests can check codegen against it. A failing op is named on the
    exception (`_tfcompat_failed_op`, `_tfcompat_values`) for Plan's error."""
    steps = [(compile(line, "<tfcompat interpret: %s>" % (op.name if op else "-"), "exec"), op)
             for line, op in lines]

    def interpret(*feeds):
        env = dict(zip(feed_names, feeds))
        for code, op in steps:
            try:
                if trace is None or op is None:
                    exec(code, namespace, env)  # noqa: S102 - one line of our own generated code
                else:   # a traced run (client/tracing.py): each op's lines timed
                    start = time.time_ns()
                    exec(code, namespace, env)  # noqa: S102 - one line of our own generated code
                    trace(op, start, time.time_ns(), env)
            except Exception as e:
                if op is not None and getattr(e, "_tfcompat_failed_op", None) is None:
                    e._tfcompat_failed_op = op
                    e._tfcompat_values = [
                        _value_of_env(env, namespace, a) for a in op_args.get(op, ())]
                raise
        return tuple(env[n] if n in env else namespace[n] for n in fetch_names)
    return interpret


def _value_of_env(env, namespace, expr):
    name = expr.var
    value = env.get(name, namespace.get(name))
    return value if isinstance(value, (torch.Tensor, np.ndarray)) else None


def _serialized_update(fn, state, op):
    """`fn` holding its variable's lock when `op` updates a variable in place (AssignAdd,
    Scatter*, Apply*): concurrent `sess.run`s then lose no update, even with TF's default
    use_locking=False, where TF's kernels race (tests/core/test_concurrent_updates.py)."""
    refs = op.op_def.ref_inputs
    if not (op.op_def.mutates and refs) or refs[0] >= len(op._inputs):
        return fn
    var_op = op._inputs[refs[0]].op
    if var_op.type not in plan_lib.VARIABLE_OP_TYPES:
        var_op = control_flow_v1_refs.variable_behind(op._inputs[refs[0]])  # via RefSwitch...
        if var_op is None:
            return fn
    lock = state.variable_lock(var_op)

    def locked(*args, **kwargs):
        with lock:
            return fn(*args, **kwargs)
    locked.unlocked, locked.lock = fn, lock   # a compiled plan holds the lock around its call
    return locked


def _multi(op) -> bool:
    return len(op._outputs) == 1 and op.type in _TUPLE_RETURNING


_TUPLE_RETURNING = {"IdentityN", "Unpack", "Split", "SplitV", "Gradients"}


def _spec(t) -> str:
    shape = t.shape
    dims = "?" if shape.ndims is None else ",".join(
        "?" if d is None else str(d) for d in shape.as_list())
    return "%s[%s]" % (t.dtype.name, dims)


def compile_plan(session, fetches, targets, fed, traced=False, grappler_rewrites=True):
    """`grappler_rewrites=False` for a tf.data function's plan: TF's meta optimizer does not
    rewrite x / c into x * (1 / c) inside them."""
    kernels.check_new_ops(session)  # TF places (and kernel-checks) the whole graph first
    spliced = plan_lib.fed_on_gradient_paths(fetches, targets, fed)
    cut = frozenset(fed) - spliced   # where the plan stops: fed tensors not computed too
    needed = plan_lib.needed_ops(fetches, targets, cut)
    order = plan_lib.order_ops(needed, cut)
    plan_lib._check_feedable(order, cut)
    compiler = _Compiler(session, order, list(fed), list(fetches), parallel=not traced,
                         spliced=spliced, traced=traced)
    compiler.reciprocal_division = grappler_rewrites
    plan = compiler.compile()
    if traced:   # timed op by op (client/tracing.py), never compiled
        return plan
    return jit.compiled(session, plan)   # torch.compile where TF's XLA switches say so


def compile_subplan(session, ops, fed, fetches):
    """Compiles the given `ops` (a control-flow branch or loop body, already pruned to what
    `fetches` need) into a Plan fed by the tensors `fed`, in that order. Control-flow lowerings
    call it once per session and run the result with `Plan.__call__`."""
    fed = list(fed)
    order = plan_lib.order_ops(set(ops), frozenset(fed))
    plan_lib._check_feedable(order, fed)
    return _Compiler(session, order, fed, list(fetches)).compile()

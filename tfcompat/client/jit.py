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
- a segment is one graph: lowerings read axes and sizes with ops/_traced.py's `host_int`
  (folded from the constants), and check indices and labels inside the compiled code
  (`checked_in_graph`); when such a check fails the plan reruns eagerly and the op raises TF's
  own error. Only ops before any effect (a random draw, a dequeue, a variable update) check
  that way (_replayable): the rerun repeats what ran before the check.
A plan is compiled once per (fetches, feeds, targets); torch.compile's guards add one
recompilation per new input shape, and `dynamic=None` makes a dimension dynamic the first
time a feed changes it (a new batch size), so later sizes reuse that code. On CUDA with the
inductor backend, `mode="reduce-overhead"` replays the step as a CUDA graph.
Which form runs (`TFCOMPAT_JIT_CHOICE`, see `choice`): by default a plan's first run is eager
(a plan run once, an initializer, is never compiled), the second compiles, and a few later
runs alternate the compiled and eager forms, timed; the faster is kept for the plan's life
(logged at INFO).
If compilation itself fails, the plan runs eagerly from then on (the tensorflow logger says
why, once per plan).
"""
from __future__ import annotations

import logging
import os
import re
import statistics
import time

import torch
from torch._subclasses import fake_tensor

from tfcompat import errors
from tfcompat.client import jit_codegen
from tfcompat.client import plan as plan_lib
from tfcompat.client import state as state_lib
from tfcompat.framework import dtypes
from tfcompat.ops import _traced

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
    # torch's fused RNN kernels (tf.nn.dynamic_rnn's LSTM/GRU): torch.compile unrolls them
    # step by step, forward and backward: minutes of compiling for a 35-step LSTM (70 s of a
    # 72 s compile), and no faster than the kernel
    "CudnnRNN", "CudnnRNNV3",
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
    if any(getattr(ctx, "create_graph", False) for key, ctx in plan.namespace.items()
           if key[:1] == "C"):
        # a gradient of a gradient differentiates the first gradient's autograd graph, and
        # torch.compile's compiled backward is not differentiable (its second-order
        # gradients would come out as zeros)
        _log_once(plan, "tfcompat: not compiling a plan that takes gradients of gradients; "
                  "it runs op by op")
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
    replayable = _replayable(source.segment_ops)
    keeps_layouts = "cuda" not in _devices(plan)
    for compiled_, seg_ops in source.segment_ops:
        for op in seg_ops if compiled_ else ():
            key = "C%d" % op._id
            if key in namespace:
                namespace[key] = _traced_context(namespace[key], op in replayable,
                                                 _scalar_constants(plan, op), keeps_layouts)
    filename = "<tfcompat compiled plan %d>" % id(plan)
    fn = source.load(namespace, filename, _compiler(_devices(plan)))
    runner = _Runner(plan, fn, _update_locks(plan), len(ops), source.n_compiled_ops,
                     sorted({op.type for op in eager if op.type not in
                             plan_lib.VARIABLE_OP_TYPES}))
    runner.filename, runner.line_ops, runner.source = filename, source.line_ops, source.text
    runner.replayable = frozenset(op.name for op in replayable)   # may check in the graph
    runner.deferring = [ctx for key, ctx in namespace.items()   # ops with an effect
                        if key[:1] == "C" and isinstance(ctx, _TracedContext)
                        and _has_effect(ctx.op)]
    plan.run_fn = runner
    plan.jit = runner
    return plan


class _TracedContext(state_lib.StepContext):
    """The context of an op in a compiled segment (ops/_traced.py): `checks_in_graph` says
    whether its lowering may check its data inside the compiled code; `numbers` holds its scalar
    Const inputs as Python numbers (hyper-parameters: constants of the compiled code)."""

    __slots__ = ("checks_in_graph", "numbers", "keeps_layouts", "deferred_checks")


def _traced_context(ctx, checks_in_graph, numbers, keeps_layouts):
    traced = _TracedContext(ctx.op, ctx.device, ctx.state, ctx.session)
    traced.create_graph, traced.retain_graph = ctx.create_graph, ctx.retain_graph
    traced.checks_in_graph = checks_in_graph
    traced.numbers = numbers
    # the compiler keeps the lowerings' memory layouts (no inductor layout optimization: see
    # _compiler), so a lowering may hand it opaque kernels that expect them (nn_pool_opaque)
    traced.keeps_layouts = keeps_layouts
    # checks of ops with an effect, recorded by the compiled code: see _Runner._locked
    traced.deferred_checks = []
    return traced


def _scalar_constants(plan, op) -> dict:
    """{input index: Python number} for `op`'s scalar float inputs that the plan folded to
    constants (a hyper-parameter, or its Cast to the variable's dtype)."""
    numbers = {}
    for i, arg in enumerate(getattr(plan, "op_args", {}).get(op, ())):
        value = plan.namespace.get(arg)
        if isinstance(value, torch.Tensor) and value.dim() == 0 and value.is_floating_point():
            numbers[i] = value.item()
    return numbers


# stateful ops that only read: running them twice is running them once
_READS = plan_lib.VARIABLE_OP_TYPES | frozenset({
    "VarHandleOp", "ReadVariableOp", "VarIsInitializedOp", "IsVariableInitialized",
    "ResourceGather", "ResourceGatherNd"})


def _has_effect(op) -> bool:
    """Whether running `op` twice differs from running it once."""
    d = op.op_def
    if d is None:
        return True
    return (d.stateful or d.mutates) and op.type not in _READS


def _replayable(segment_ops) -> set:
    """The compiled ops whose data checks may run inside the compiled code. A failed check
    there reruns the whole plan eagerly (_Runner), so what ran before it runs twice: harmless up
    to the first op with an effect, an eager one (a random op's draw, a dequeue) or a compiled
    segment with a variable update (torch.compile may order its writes before the check)."""
    safe = set()
    for compiled_, ops in segment_ops:
        if any(_has_effect(op) for op in ops):
            break
        if compiled_:
            safe.update(ops)
    return safe


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
    elif name == "inductor":
        # inductor's layout optimization lays every 4-D tensor out as NCHW; TF's NHWC tensors
        # (channels_last views here) then get copies around every conv and pool (LeNet's
        # compiled step: 1.04x eager torch with it, 0.97x without, with nn_pool_opaque)
        settings["layout_optimization"] = False
    options = {"backend": name, "dynamic": None, "options": settings}

    def compile_segment(fn):
        return torch.compile(fn, **options)
    return compile_segment


def _update_locks(plan) -> list:
    """The locks of the variables the plan's updates write, in a fixed order."""
    locks = [fn.lock for fn in plan.namespace.values() if hasattr(fn, "unlocked")]
    return sorted(set(locks), key=id)


def choice() -> str:
    """`TFCOMPAT_JIT_CHOICE`: "measure" (default: a plan's first run is eager, so a plan run once,
    such as an initializer, is never compiled; the second compiles it; after one more, runs
    alternate its compiled and eager forms, timed, and the faster is kept: see _Trial) or
    "compiled" (always the compiled form, from the first run: for tests, and for timing the
    compiled code itself)."""
    value = os.environ.get("TFCOMPAT_JIT_CHOICE", "").strip().lower() or "measure"
    if value not in ("measure", "compiled"):
        raise ValueError("TFCOMPAT_JIT_CHOICE must be 'measure' or 'compiled', not %r" % value)
    return value


# untimed: the first run (eager), the compiling run, and one more (lazily compiled backward
# code, caches)
_WARM_RUNS = 3
_TIMED_PAIRS = 3    # then compiled, eager, compiled, eager, ... timed


class _Trial:
    """The measured choice between a plan's compiled and eager forms. Every run of the trial is
    one of the program's own runs (nothing runs twice), both forms give the same results, and
    alternating them spreads a busy machine's noise over both."""

    def __init__(self):
        self.runs = 0
        self.samples = {"compiled": [], "eager": []}

    def next_form(self) -> str:
        if self.runs == 0:
            return "eager"
        k = self.runs - _WARM_RUNS
        return "compiled" if k < 0 or k % 2 == 0 else "eager"

    def record(self, form, seconds) -> bool:
        """Records a run; True once the trial has its samples."""
        if self.runs >= _WARM_RUNS:
            self.samples[form].append(seconds)
        self.runs += 1
        return min(len(v) for v in self.samples.values()) >= _TIMED_PAIRS

    def medians(self):
        return (statistics.median(self.samples["compiled"]),
                statistics.median(self.samples["eager"]))


_CHECK_FAILED = object()   # a data check failed inside the compiled code (ops/_traced.py)


class _Runner:
    """Calls a plan's compiled driver: logs the first (compiling) run, holds the update
    locks, names the op that failed, falls back to the eager function when compilation
    fails, and keeps the eager function when it measures faster (_Trial)."""

    def __init__(self, plan, fn, locks, n_ops, n_compiled, eager_types):
        self.plan, self.fn, self.locks = plan, fn, locks
        self.n_ops, self.n_compiled, self.eager_types = n_ops, n_compiled, eager_types
        self.calls = 0
        self.first_call_s = None     # the first run's time: compilation included
        self.filename, self.line_ops, self.source = "", {}, ""
        self.trial = _Trial() if choice() == "measure" else None
        self.chosen = None if self.trial is not None else "compiled"
        self.timings = None          # (compiled, eager) median seconds, once measured
        self.deferring = []          # contexts whose ops may record checks (_checked)

    def __call__(self, *feeds):
        trial = self.trial
        if trial is not None and trial.next_form() == "eager":
            start = time.perf_counter()
            result = self.plan.fn(*feeds)
            self._measured(trial, "eager", time.perf_counter() - start)
            return result
        start = time.perf_counter()
        result = self._compiled(feeds)
        if result is _CHECK_FAILED:   # the op's own check raises TF's error in the eager plan
            return self.plan.fn(*feeds)
        seconds = time.perf_counter() - start
        if self.calls == 1:
            self.first_call_s = seconds
        if trial is not None and self.plan.run_fn is self:
            self._measured(trial, "compiled", seconds)
        return result

    def _measured(self, trial, form, seconds):
        if not trial.record(form, seconds) or self.trial is None:
            return
        self.trial = None
        self.timings = trial.medians()
        compiled_s, eager_s = self.timings
        self.chosen = "eager" if eager_s < compiled_s else "compiled"
        _log.info("tfcompat: a compiled plan's run takes %.3g ms, its eager form's %.3g ms "
                  "(medians of %d runs each): it runs %s from now on", compiled_s * 1e3,
                  eager_s * 1e3, _TIMED_PAIRS, self.chosen)
        if self.chosen == "eager":
            self.plan.run_fn = self.plan.fn

    def _compiled(self, feeds):
        if self.calls == 0:
            _log.info("Compiling a plan with torch.compile (backend %r): %d of its %d ops "
                      "compiled%s. Later runs with the same fetches, feeds and shapes reuse it; "
                      "a new batch size makes that dimension dynamic.", backend(),
                      self.n_compiled, self.n_ops, "; eager: " + ", ".join(self.eager_types)
                      if self.eager_types else "")
        self.calls += 1
        # torch traces (first run, recompilations) with small constants' values known; only
        # while a plan runs, so torch.compile of the program's own code keeps torch's limit
        limit = fake_tensor.CONSTANT_NUMEL_LIMIT
        fake_tensor.CONSTANT_NUMEL_LIMIT = max(limit, jit_codegen.SMALL_CONSTANT)
        try:
            return self._locked(feeds)
        except errors.OpError as e:
            self._name_op(e)
            raise
        except torch._dynamo.exc.TorchDynamoException as e:
            return self._eagerly(feeds, e)
        except Exception as e:
            if _traced.DATA_CHECK in str(e):
                return _CHECK_FAILED
            if not self._name_op(e):   # raised while tracing (a fake tensor's error)
                return self._eagerly(feeds, e)
            raise
        finally:
            fake_tensor.CONSTANT_NUMEL_LIMIT = limit

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
        self.trial = None
        return result

    def _locked(self, feeds):
        if not self.locks:
            return self._checked(self.fn(*feeds))
        for lock in self.locks:
            lock.acquire()
        try:
            return self._checked(self.fn(*feeds))
        finally:
            for lock in reversed(self.locks):
                lock.release()

    def _checked(self, result):
        """Raises TF's error for a data check that an op with an effect made inside the
        compiled code (ops/_traced.py's checked_after_segment; the op then changed nothing)."""
        pending = []
        for ctx in self.deferring:
            if ctx.deferred_checks:   # every one taken, so that none is left for a later run
                pending.extend((ctx, check) for check in ctx.deferred_checks)
                del ctx.deferred_checks[:]
        for ctx, (flag, report, args) in pending:
            if bool(flag):
                error_class, message = report(*args)
                raise errors.op_error(error_class, ctx.op, message)
        return result

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

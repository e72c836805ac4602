"""`Session.partial_run_setup` / `Session.partial_run`: one step run in parts, each part feeding
some of the setup's feeds and fetching some of its fetches, every op of the step running once.

TF keeps the step's executor alive between parts. Here each part is an ordinary run: the values
every earlier part computed (each output the part's ops produced, not only its fetches) are fed
back, so an op a later part needs again (a random op, a dequeue) is not run a second time. An
op that cannot be fed back that way (one with no output, or only a reference or resource output,
which state-changing ops have) and that an earlier part ran fails the part with
UnimplementedError rather than running it twice. A feed a part needs but nobody gave fails as an
ordinary run does (TF waits for it forever)."""
from __future__ import annotations

import itertools

from tfcompat import errors
from tfcompat.client import fetch as fetch_lib
from tfcompat.framework import dtypes
from tfcompat.framework import graph_walk
from tfcompat.framework.operation import Tensor

_HANDLES = itertools.count()
_NOT_FEEDABLE = (dtypes.resource, dtypes.variant)
_RERUNNABLE = graph_walk.VARIABLE_OP_TYPES | {"VarHandleOp", "Const", "Placeholder", "NoOp"}


def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


class _Step:
    def __init__(self, fetches, feeds):
        self.fetches, self.feeds = fetches, feeds
        self.fed: dict = {}        # tensor -> array, the setup's feeds given so far
        self.values: dict = {}     # tensor -> array, what earlier parts computed
        self.fetched: set = set()
        self.ran: set = set()      # state-changing ops earlier parts ran
        self.targets: list = []    # setup target ops still waiting for their feeds


def setup(session, fetches, feeds=None) -> str:
    mapper = session._mapper(fetches)
    feed_tensors = [t for f in (feeds or []) for t in fetch_lib.feed_parts(session._graph, f)]
    handle = "partial_run_%d" % next(_HANDLES)
    step = session._partial_runs[handle] = _Step(set(mapper.tensors) | set(mapper.targets),
                                                 set(feed_tensors))
    step.targets = list(mapper.targets)
    _run_ready_targets(session, step)
    return handle


def _run_ready_targets(session, step):
    """TF runs a setup target op as soon as the feeds it needs have come."""
    given = {**step.values, **step.fed}
    ready = [op for op in step.targets
             if not any(t in step.feeds and t not in given for op_ in
                        graph_walk.needed_ops((), (op,), set(given)) for t in op_._outputs)]
    if ready:
        step.targets = [op for op in step.targets if op not in ready]
        _run_part(session, step, [], ready, {})


def _run_part(session, step, tensors, targets, arrays):
    """Runs `tensors` and `targets` with what earlier parts gave and computed fed; keeps every
    value this part computed for the later parts; returns `tensors`' values."""
    given = {**step.values, **step.fed, **arrays}
    needed = graph_walk.needed_ops(tensors, targets, set(given))
    again = sorted(op.name for op in needed & step.ran)
    if again:
        raise errors.UnimplementedError(None, None, (
            "tfcompat's partial_run would run %s a second time in this step (an op whose "
            "result cannot be fed back); fetch what depends on it in one partial_run call or "
            "use Session.run" % ", ".join(again)))
    kept = [t for op in needed for t in op._outputs if not t.dtype._is_ref_dtype
            and t.dtype.base_dtype not in _NOT_FEEDABLE and t not in given]
    values = session.run([list(tensors) + kept, list(targets)], feed_dict=given or None)[0]
    step.values.update(zip(kept, values[len(tensors):]))
    step.values.update(zip(tensors, values[:len(tensors)]))
    step.fed.update(arrays)
    step.ran.update(op for op in needed
                    if op.op_def is not None and op.op_def.stateful and op.type not in _RERUNNABLE
                    and not any(t in step.values for t in op._outputs))
    return values[:len(tensors)]


def run(session, handle, fetches, feed_dict=None):
    step = session._partial_runs.get(handle)
    if step is None:
        raise _invalid("Must run 'setup' before performing partial runs!")
    mapper = session._mapper(fetches)
    if mapper.targets:
        raise RuntimeError("partial_run() requires empty `target_list`. Received: "
                           "target_list=%s (non-empty)" % list(mapper.targets))
    _, arrays, _ = session._feeds(feed_dict)
    for tensor in arrays:
        if tensor not in step.feeds:
            raise _invalid("The feed %s was not specified in partial_run_setup." % tensor.name)
        if tensor in step.fed:
            raise _invalid("The feed %s has already been fed." % tensor.name)
    for tensor in mapper.tensors:
        if tensor not in step.fetches:
            raise _invalid("The fetch %s was not specified in partial_run_setup." % tensor.name)
        if tensor in step.fetched:
            raise _invalid("The fetch %s has already been fetched." % tensor.name)
    values = _run_part(session, step, list(mapper.tensors), (), arrays)
    step.fetched.update(mapper.tensors)
    _run_ready_targets(session, step)
    if step.fetched >= {t for t in step.fetches if isinstance(t, Tensor)}:
        del session._partial_runs[handle]
    return mapper.build(values)

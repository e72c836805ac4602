"""`tf.CriticalSection`: `execute(fn)` runs the ops `fn` builds under a session-wide mutex, so
concurrent `Session.run` calls never interleave them (TF's `MutexV2`, `MutexLock` and
`ConsumeMutexLock` ops, python/ops/critical_section_ops.py).

Differences from TensorFlow: the mutex excludes other runs (threads), not the same run: one run
that fetches two `execute` results holds it once for both (tfcompat runs a step's ops one at a
time, so their ops never overlap, but they may alternate where TF would run one section, then
the other). Order them with control dependencies when one must see the other's writes.

`MutexLock` waits for the mutex and outputs a lock token; the ops of `fn` run after it (control
dependencies) and `ConsumeMutexLock` releases it once they are done. As in TF, the token also
releases the mutex when the run drops it, so a failing op inside `fn` does not leave it held.
"""
from __future__ import annotations

import threading

from tfcompat import errors
from tfcompat import nest
from tfcompat.framework import dtypes
from tfcompat.framework.graph import colocate_with
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops.array_ops import identity
from tfcompat.ops.control_flow_ops import tuple as tf_tuple
from tfcompat.ops.control_flow_ops import group

__all__ = ["CriticalSection"]

_POLL_SECONDS = 0.05


class _LockToken:
    """A held mutex; released by ConsumeMutexLock, or when the run lets go of the token."""

    def __init__(self, mutex):
        self._mutex = mutex

    def release(self):
        mutex, self._mutex = self._mutex, None
        if mutex is not None:
            mutex.release()

    def __del__(self):
        self.release()


def _mutex(ctx, key):
    mutex = ctx.state.resources.get(("mutex", key))
    if mutex is None:
        raise errors.op_error(errors.NotFoundError, ctx.op, "Resource %s does not exist." % key)
    return mutex


@register_op("MutexV2", infer=lambda op, **attrs: [(dtypes.resource, TensorShape([]))],
             attrs={"container": "", "shared_name": ""}, stateful=True, host_only=True,
             differentiable=False)
def _lower_mutex_v2(ctx, *, container="", shared_name=""):
    key = shared_name or ctx.op.name
    with ctx.state.lock:
        # re-entrant: a run (one thread) that holds it may enter another section of it
        ctx.state.resources.setdefault(("mutex", key), threading.RLock())
    return key


@register_op("MutexLock", inputs=("mutex: resource",),
             infer=lambda op, mutex: [(dtypes.variant, TensorShape([]))], stateful=True,
             host_only=True, differentiable=False)
def _lower_mutex_lock(ctx, mutex):
    lock = _mutex(ctx, mutex)
    while not lock.acquire(timeout=_POLL_SECONDS):
        session = ctx.session
        if session is not None and getattr(session, "_closed", False):
            raise errors.op_error(errors.CancelledError, ctx.op, "MutexLock was cancelled")
    return _LockToken(lock)


@register_op("ConsumeMutexLock", inputs=("mutex_lock: variant",), infer=lambda op, lock: [],
             stateful=True, mutates=True, host_only=True, differentiable=False)
def _lower_consume_mutex_lock(ctx, token):
    token.release()


class CriticalSection:
    """TF1 `tf.CriticalSection(name=None, shared_name=None)`: `execute(fn)` returns `fn()`'s
    outputs, computed while holding this section's mutex."""

    def __init__(self, name=None, shared_name=None, critical_section_def=None, import_scope=None):
        if critical_section_def is not None:
            raise ValueError("tfcompat builds CriticalSections only from a name; "
                             "critical_section_def is not supported")
        with name_scope(name, "CriticalSection", []) as scope:
            scope_name = scope.rstrip("/") or "CriticalSection"
            self._handle = get_default_graph()._create_op(
                "MutexV2", [], {"container": "", "shared_name": shared_name or ""},
                scope_name + "/").outputs[0]
        self._name = scope_name

    name = property(lambda self: self._handle.op.name)

    def execute(self, fn, exclusive_resource_access=True, name=None):
        """Builds `fn()` so that its ops run holding the mutex; returns its outputs."""
        with name_scope(name, "critical_section_execute", []):
            lock = get_default_graph()._create_op("MutexLock", [self._handle], {},
                                                  "MutexLock").outputs[0]
            with control_dependencies([lock]):
                result = fn()
            flat = [identity(x) if not hasattr(x, "type") else x for x in nest.flatten(result)]
            tensors = [x for x in flat if not hasattr(x, "type")]
            with control_dependencies(flat), colocate_with(self._handle):
                consumed = get_default_graph()._create_op("ConsumeMutexLock", [lock], {},
                                                          "ConsumeMutexLock")
            joined = tf_tuple(tensors) if tensors else []
            it = iter(joined)
            flat = [next(it) if not hasattr(x, "type") else x for x in flat]
            with control_dependencies([consumed]):
                outputs = [identity(x) if not hasattr(x, "type") else _after(x, consumed)
                           for x in flat]
        return nest.pack_sequence_as(result, outputs)


def _after(op, consumed):
    """An Operation result: a NoOp that runs `op`, then the release."""
    with control_dependencies([op]):
        return group(consumed)

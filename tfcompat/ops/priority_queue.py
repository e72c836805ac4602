"""`tf.PriorityQueue` (also `tf.queue.PriorityQueue`, `tf.io.PriorityQueue`) and its
`PriorityQueueV2` op: a queue whose elements carry an int64 priority as their first component
and leave it smallest priority first.

As in TF, the op's `component_types`/`shapes` attrs leave out the priority, and the Python
object's `dtypes`/`shapes` put it first (`tf.int64`, a scalar). Equal priorities leave in the
order they arrived.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat.framework import dtypes as dtypes_lib
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import queue_ops
from tfcompat.ops._queue_state import QueueState
from tfcompat.ops._queue_state import resource_name

__all__ = ["PriorityQueue"]


def _priority(element) -> int:
    value = element[0]
    if isinstance(value, torch.Tensor):
        return int(value.reshape(-1)[0].item())
    return int(np.asarray(value).reshape(-1)[0])


class _PriorityQueueState(QueueState):
    """Queue contents taken in priority order (a stable sort keeps arrival order on ties)."""

    def _take(self, n):
        self.items.sort(key=_priority)
        return super()._take(n)


def _lower_priority_queue(ctx, *, component_types, shapes, capacity, container, shared_name):
    key = shared_name or ctx.op.name
    resources = ctx.state.resources
    if ("queue", key) not in resources:
        with ctx.state.lock:
            if ("queue", key) not in resources:
                shape_list = [TensorShape([])] + (list(shapes) or [None] * len(component_types))
                resources[("queue", key)] = _PriorityQueueState(
                    resource_name(ctx.state, ctx.op), "PriorityQueue", capacity, shape_list)
    return queue_ops.QueueHandle(key)


register_op("PriorityQueueV2", infer=queue_ops._handle_infer, attrs=dict(queue_ops._QUEUE_ATTRS),
            stateful=True, host_only=True, differentiable=False)(_lower_priority_queue)


class PriorityQueue(queue_ops.QueueBase):
    """TF1 `tf.PriorityQueue(capacity, types, shapes, ...)`: elements are `(priority, *values)`
    with an int64 scalar priority; `dequeue` returns the smallest priority first."""

    def __init__(self, capacity, types, shapes=None, names=None, shared_name=None,
                 name="priority_queue"):
        if shapes is None:
            raise TypeError("Expected list for 'shapes' argument to 'priority_queue_v2' Op, "
                            "not None.")
        types, shapes, names = self._setup(types, shapes, names)
        attrs = {"component_types": types, "shapes": shapes, "capacity": int(capacity),
                 "container": "", "shared_name": shared_name or ""}
        ref = queue_ops._create("PriorityQueueV2", [], attrs, name or "priority_queue").outputs[0]
        priority_dtypes = [dtypes_lib.int64] + types
        priority_shapes = [TensorShape([])] + shapes
        if names is not None:  # TF's QueueBase then sees one name fewer than components
            raise ValueError("Queue names must have the same length as dtypes")
        super().__init__(priority_dtypes, priority_shapes, names, ref)

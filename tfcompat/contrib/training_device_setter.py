"""`tf.contrib.training.GreedyLoadBalancingStrategy` and `byte_size_load_fn` (TF 1.15's
contrib/training/python/training/device_setter.py): a `ps_strategy` for
`tf.train.replica_device_setter` that puts each variable on the least-loaded ps task so far."""
from __future__ import annotations

import numpy as np

from tfcompat.framework.tensor_shape import TensorShape


class GreedyLoadBalancingStrategy(object):
    """Returns the least-loaded ps task for op placement, by a user load function."""

    def __init__(self, num_tasks, load_fn):
        self._num_tasks = num_tasks
        self._load_fn = load_fn
        self._ps_loads = np.zeros(num_tasks)

    def __call__(self, op):
        task = np.argmin(self._ps_loads)
        self._ps_loads[task] += self._load_fn(op)
        return task


def byte_size_load_fn(op):
    """The byte size of a single-output `Operation` (typically a variable)."""
    if len(op.outputs) != 1:
        raise ValueError("Op %s must have a single output" % op)
    output = op.outputs[0]
    elem_size = output.dtype.size
    shape = output.get_shape()
    if not shape.is_fully_defined():
        # as in TF: a scalar variable's output shape may not be set yet when it is placed
        shape = TensorShape(op.get_attr("shape"))
    shape.assert_is_fully_defined()
    return shape.num_elements() * elem_size

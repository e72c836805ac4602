"""TF's weights_broadcast_ops: checking that loss/metric weights broadcast to the values, and
broadcasting them, built as TF builds them (`assert_broadcastable/weights/shape`, ...,
`static_scalar_check_success`), so tf.losses graphs have TF's names and control inputs.

Differences from TensorFlow: when a rank is unknown at build time, TF checks the dimensions
with a `DenseToDenseSetOperation` inside nested `tf.cond`s; tfcompat compares them directly
(`Equal`/`LogicalOr`/`All`) inside the same conds. The verdict and the error are TF's.
"""
from __future__ import annotations

from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import name_scope
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops import no_op
from tfcompat.ops.control_flow_ops import cond
from tfcompat.ops.control_flow_ops import Assert
from tfcompat.ops.reduction_ops import reduce_all

_ERROR_PREFIX = "weights can not be broadcast to values."


def assert_broadcastable(weights, values):
    """An op that checks `weights` broadcast to `values`: a NoOp when the shapes say so at
    build time (a ValueError when they say not), else an Assert run with the graph."""
    with name_scope(None, "assert_broadcastable", (weights, values)) as scope:
        with name_scope(None, "weights", (weights,)) as weights_scope:
            weights = convert_to_tensor(weights, name=weights_scope)
            weights_shape = array_ops.shape(weights, name="shape")
            weights_rank = array_ops.rank(weights, name="rank")
        weights_rank_static = constant_value(weights_rank)
        with name_scope(None, "values", (values,)) as values_scope:
            values = convert_to_tensor(values, name=values_scope)
            values_shape = array_ops.shape(values, name="shape")
            values_rank = array_ops.rank(values, name="rank")
        values_rank_static = constant_value(values_rank)
        if weights_rank_static is not None and values_rank_static is not None:
            if weights_rank_static == 0:
                return no_op(name="static_scalar_check_success")
            if weights_rank_static != values_rank_static:
                raise ValueError(
                    "%s values.rank=%s. weights.rank=%s. values.shape=%s. weights.shape=%s. "
                    "Received weights=%s, values=%s" % (
                        _ERROR_PREFIX, values_rank_static, weights_rank_static, values.shape,
                        weights.shape, weights, values))
            weights_static = constant_value(weights_shape)
            values_static = constant_value(values_shape)
            if weights_static is not None and values_static is not None:
                for i, (w, v) in enumerate(zip(weights_static, values_static)):
                    if w not in (1, v):
                        raise ValueError(
                            "%s Mismatch at dim %d. values.shape=%s, weights.shape=%s. "
                            "Received weights=%s, values=%s" % (
                                _ERROR_PREFIX, i, values_static, weights_static, weights,
                                values))
                return no_op(name="static_dims_check_success")
        return _dynamic_check(weights, weights_shape, weights_rank, values, values_shape,
                              values_rank, scope)


def _dynamic_check(weights, weights_shape, weights_rank, values, values_shape, values_rank,
                   scope):
    is_scalar = math_ops.equal(0, weights_rank, name="is_scalar")
    data = (_ERROR_PREFIX, "weights.shape=", weights.name, weights_shape,
            "values.shape=", values.name, values_shape, "is_scalar=", is_scalar)
    is_valid_shape = cond(
        is_scalar, lambda: is_scalar,
        lambda: _has_valid_nonscalar_shape(weights_rank, weights_shape, values_rank,
                                           values_shape),
        name="is_valid_shape")
    return Assert(is_valid_shape, data, name=scope)


def _has_valid_nonscalar_shape(weights_rank, weights_shape, values_rank, values_shape):
    with name_scope(None, "has_valid_nonscalar_shape",
                    (weights_rank, weights_shape, values_rank, values_shape)) as scope:
        is_same_rank = math_ops.equal(values_rank, weights_rank, name="is_same_rank")
        return cond(is_same_rank, lambda: _has_valid_dims(weights_shape, values_shape),
                    lambda: is_same_rank, name=scope)


def _has_valid_dims(weights_shape, values_shape):
    """Every weights dim is 1 or the values' dim (TF: a set difference that must be empty)."""
    with name_scope(None, "has_invalid_dims", (weights_shape, values_shape)) as scope:
        ok = math_ops.logical_or(math_ops.equal(weights_shape, values_shape),
                                 math_ops.equal(weights_shape, 1))
        return reduce_all(ok, name=scope)


def broadcast_weights(weights, values):
    """`weights` broadcast to the shape of `values` (as is when the static shapes agree)."""
    with name_scope(None, "broadcast_weights", (weights, values)) as scope:
        values = convert_to_tensor(values, name="values")
        weights = convert_to_tensor(weights, dtype=values.dtype.base_dtype, name="weights")
        if (weights.shape.is_fully_defined() and values.shape.is_fully_defined()
                and weights.shape.is_compatible_with(values.shape)):
            return weights
        with control_dependencies((assert_broadcastable(weights, values),)):
            return math_ops.multiply(weights, array_ops.ones_like(values), name=scope)

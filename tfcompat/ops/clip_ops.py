"""Gradient clipping: `tf.clip_by_value`, `clip_by_norm`, `global_norm`,
`clip_by_global_norm`, `clip_by_average_norm` (TF1 formulas and names; IndexedSlices keep
their indices)."""
from __future__ import annotations

import numpy as np

from tfcompat.framework import convert
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework import dtypes
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops.array_ops_join import ones_like
from tfcompat.ops.array_ops_join import range as tf_range
from tfcompat.ops.array_ops_join import stack
from tfcompat.ops.indexing_ops import where
from tfcompat.ops._ragged_entry import ragged_entry


def _values(t, name):
    return convert.convert_to_tensor(t.values if isinstance(t, IndexedSlices) else t, name=name)


def _like(t, values):
    if isinstance(t, IndexedSlices):
        return IndexedSlices(values, t.indices, t.dense_shape)
    return values


@ragged_entry
def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """TF1 `tf.clip_by_value`: min(max(t, clip_value_min), clip_value_max), elementwise."""
    if isinstance(t, IndexedSlices):
        with name_scope(name, "clip_by_value", [t, clip_value_min, clip_value_max]) as scope:
            return _like(t, reduction_ops.clip_by_value(t.values, clip_value_min,
                                                        clip_value_max, name=scope))
    return reduction_ops.clip_by_value(t, clip_value_min, clip_value_max, name=name)


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """TF1 `tf.clip_by_norm`: t * clip_norm / max(l2norm(t, axes), clip_norm)."""
    with name_scope(name, "clip_by_norm", [t, clip_norm]) as scope:
        values = _values(t, "t")
        if np.isscalar(clip_norm):
            clip_norm = max(clip_norm, 0)
        else:
            clip_norm = math_ops.cast(math_ops.maximum(clip_norm, 0), dtype=values.dtype)
        l2sum = reduction_ops.reduce_sum(values * values, axes, keepdims=True)
        pred = l2sum > 0
        l2sum_safe = where(pred, l2sum, ones_like(l2sum))
        l2norm = where(pred, math_ops.sqrt(l2sum_safe), l2sum)
        intermediate = values * clip_norm
        values.shape.assert_is_compatible_with(intermediate.shape)
        clipped = array_ops.identity(intermediate / math_ops.maximum(l2norm, clip_norm),
                                     name=scope)
    return _like(t, clipped)


def _check_list(t_list):
    if not isinstance(t_list, (list, tuple)):
        raise TypeError("`t_list` should be a sequence of tensors. Received %s." % type(t_list))
    return list(t_list)


def global_norm(t_list, name=None):
    """TF1 `tf.global_norm`: sqrt(sum of squared l2 norms of the non-None tensors)."""
    t_list = _check_list(t_list)
    with name_scope(name, "global_norm", [t for t in t_list if t is not None]):
        values = [_values(t, "t_%d" % i) if t is not None else None
                  for i, t in enumerate(t_list)]
        graph = get_default_graph()
        half_squared = []
        for v in values:
            if v is not None:
                with graph.colocate_with(v.op):
                    half_squared.append(nn_ops.l2_loss(v))
        half_squared_norm = reduction_ops.reduce_sum(stack(half_squared))
        two = convert.constant(2.0, dtype=half_squared_norm.dtype)
        return math_ops.sqrt(half_squared_norm * two, name="global_norm")


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """TF1 `tf.clip_by_global_norm`: every tensor scaled by clip_norm / max(global_norm,
    clip_norm); returns (clipped list, global norm)."""
    t_list = _check_list(t_list)
    if use_norm is None:
        use_norm = global_norm(t_list, name)
    present = [t for t in t_list if t is not None]
    with name_scope(name, "clip_by_global_norm", present + [clip_norm]) as scope:
        one = convert.constant(1.0, dtype=use_norm.dtype)
        scale_for_finite = clip_norm * math_ops.minimum(1.0 / use_norm, one / clip_norm)
        scale = scale_for_finite + (use_norm - use_norm)
        values = [_values(t, "t_%d" % i) if t is not None else None
                  for i, t in enumerate(t_list)]
        graph = get_default_graph()
        clipped = []
        for i, v in enumerate(values):
            if v is None:
                clipped.append(None)
                continue
            with graph.colocate_with(v.op):
                clipped.append(array_ops.identity(v * math_ops.cast(scale, v.dtype),
                                                  name="%s_%d" % (scope, i)))
        result = [_like(t, c) if c is not None else None for c, t in zip(clipped, t_list)]
    return result, use_norm


def clip_by_average_norm(t, clip_norm, name=None):
    """TF1 `tf.clip_by_average_norm` (deprecated in TF too)."""
    with name_scope(name, "clip_by_average_norm", [t, clip_norm]) as scope:
        t = convert.convert_to_tensor(t, name="t")
        n_element = math_ops.cast(array_ops.size(t), dtypes.float32)
        l2norm_inv = math_ops.rsqrt(reduction_ops.reduce_sum(t * t,
                                                             tf_range(array_ops.rank(t))))
        return array_ops.identity(
            t * clip_norm * math_ops.minimum(l2norm_inv * n_element,
                                             convert.constant(1.0) / clip_norm), name=scope)


__all__ = ["clip_by_value", "clip_by_norm", "global_norm", "clip_by_global_norm",
           "clip_by_average_norm"]

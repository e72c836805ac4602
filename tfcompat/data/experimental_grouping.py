"""`tf.data.experimental` grouping: `group_by_window`, `bucket_by_sequence_length`,
`group_by_reducer` and `Reducer`, built as TF builds them (GroupByWindowDataset with traced
key/reduce/window-size functions; bucketing is a group_by_window whose reduce function pads
and batches). Elements come in TF's order (tfcompat/data/_runtime_grouping.py).
"""
from __future__ import annotations

import numpy as np

from tfcompat.data import _structure
from tfcompat.data._function import TracedFunction
from tfcompat.data._generator import padding_tensors
from tfcompat.data.dataset_ops import DatasetV1
from tfcompat.data.dataset_ops import _int64
from tfcompat.data.dataset_ops import _make_dataset
from tfcompat.data.dataset_ops import _shape_repr
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.operation import Tensor
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.check_ops import assert_less
from tfcompat.ops.indexing_ops import where
from tfcompat.ops.reduction_ops import reduce_min

_INT64_SCALAR = _structure.ElementSpec(None, [_structure.Component(Tensor, dtypes.int64, [])])


# -- helpers shared by the experimental transformations ---------------------------------------

def spec_repr(spec) -> str:
    """TF's repr of an element structure (`TensorSpec(shape=(), dtype=tf.int64, name=None)`,
    nested in tuples and dicts)."""
    leaves = ["%sSpec(shape=%s, dtype=%r%s)" % (
        "SparseTensor" if c.sparse else "Tensor", _shape_repr(c.shape), c.dtype,
        "" if c.sparse else ", name=None") for c in spec.components]
    return _nested_repr(_structure.pack_sequence_as(spec.structure, leaves))


def _nested_repr(value) -> str:
    if isinstance(value, dict):
        return "{%s}" % ", ".join("%r: %s" % (k, _nested_repr(value[k])) for k in value)
    if isinstance(value, tuple):
        inner = ", ".join(_nested_repr(v) for v in value)
        return "(%s,)" % inner if len(value) == 1 else "(%s)" % inner
    return value


def is_int64_scalar(spec) -> bool:
    comps = spec.components
    return (not isinstance(spec.structure, (tuple, dict)) and len(comps) == 1 and
            not comps[0].sparse and comps[0].dtype == dtypes.int64 and
            comps[0].shape.is_compatible_with([]))


def joint_spec(*specs):
    """The spec of a tuple of elements of `specs` (a function taking several structures)."""
    return _structure.ElementSpec(tuple(s.structure for s in specs),
                                  [c for s in specs for c in s.components])


def fn_dataset(op_type, dataset, functions, spec, extra_inputs=(), **attrs):
    """A dataset op over `dataset` calling the traced `functions` ([(attr name, fn)]), each
    with its own captured-arguments list (`<name>_other_arguments`), as TF's grouping ops."""
    inputs = [dataset._variant_tensor]
    for name, fn in functions:
        inputs += fn.captured
        attrs[name] = fn
        attrs["T%s_other_arguments" % name] = [t.dtype.base_dtype for t in fn.captured]
    return _make_dataset(op_type, inputs + list(extra_inputs), spec, **attrs)


def _as_int64(fn):
    return lambda *args: convert_to_tensor(fn(*args), dtype=dtypes.int64)


# -- group_by_window ------------------------------------------------------------------------

def _window_reduce_fn(reduce_func, input_spec):
    """`reduce_func(key, window dataset)` traced over a key and a dataset variant."""
    variant = _structure.Component(Tensor, dtypes.variant, [])
    spec = _structure.ElementSpec((None, None), [_INT64_SCALAR.components[0], variant])

    def body(key, window):
        return reduce_func(key, DatasetV1(window, input_spec))

    try:
        return TracedFunction(body, spec, "Dataset_group_by_window_reduce_func",
                              returns_dataset=True)
    except TypeError:
        result = TracedFunction(body, spec, "Dataset_group_by_window_reduce_func")
        raise TypeError("Invalid `reduce_func`. `reduce_func` must return a single "
                        "`tf.data.Dataset` object but its return type is %s."
                        % spec_repr(result.output_spec)) from None


def _group_by_window(dataset, key_func, reduce_func, window_size_func):
    spec = dataset._element_spec
    key_fn = TracedFunction(_as_int64(key_func), spec, "Dataset_group_by_window_key_func")
    if not is_int64_scalar(key_fn.output_spec):
        raise ValueError("Invalid `key_func`. `key_func` must return a single `tf.int64` scalar "
                         "tensor but its return type is %s." % spec_repr(key_fn.output_spec))
    reduce_fn = _window_reduce_fn(reduce_func, spec)
    size_fn = TracedFunction(_as_int64(window_size_func), _INT64_SCALAR,
                             "Dataset_group_by_window_window_size_func")
    if not is_int64_scalar(size_fn.output_spec):
        raise ValueError("Invalid `window_size_func`. `window_size_func` must return a single "
                         "`tf.int64` scalar tensor but its return type is %s."
                         % spec_repr(size_fn.output_spec))
    return fn_dataset("GroupByWindowDataset", dataset,
                      [("key_func", key_fn), ("reduce_func", reduce_fn),
                       ("window_size_func", size_fn)], reduce_fn.output_spec)


def group_by_window(key_func, reduce_func, window_size=None, window_size_func=None):
    """Groups elements by `key_func(element)` (an int64 scalar) into windows of
    `window_size` (or `window_size_func(key)`) elements and maps each window, a dataset, to
    a dataset with `reduce_func(key, window)`; leftover windows are reduced at the end in
    ascending key order."""
    if (window_size is not None and window_size_func) or \
            not (window_size is not None or window_size_func):
        raise ValueError("Either the `window_size` argument or the `window_size_func` "
                         "argument must be specified.")
    if window_size is not None:
        def window_size_func(unused_key):
            return convert_to_tensor(window_size, dtype=dtypes.int64)

    return lambda ds: _group_by_window(ds, key_func, reduce_func, window_size_func)


# -- bucket_by_sequence_length ----------------------------------------------------------------

def _padded_batch_to(dataset, batch_size, padded_shapes, padding_values, drop_remainder,
                     filler):
    """`padded_batch` whose unknown dimensions are padded to the int64 tensor `filler`."""
    spec = dataset._element_spec
    comps = spec.components
    shape_tensors, out_shapes = [], []
    for shape in _structure._flatten_up_to(spec.structure, padded_shapes):
        dims = tensor_shape.as_shape(shape).as_list()
        parts = [filler if d is None else _int64(d, "padded_shapes") for d in dims]
        shape_tensors.append(array_ops.stack(parts) if parts else
                             _int64(np.zeros([0], np.int64), "padded_shapes"))
        out_shapes.append(tensor_shape.TensorShape(dims))
    pads = padding_tensors(spec, padding_values)
    size = _int64(batch_size, "batch_size")
    drop = convert_to_tensor(drop_remainder, dtype=dtypes.bool, name="drop_remainder")
    static = constant_value(size) if constant_value(drop) else None
    batch = tensor_shape.TensorShape([None if static is None else int(static)])
    out = [_structure.Component(Tensor, c.dtype, batch.concatenate(s))
           for c, s in zip(comps, out_shapes)]
    return _make_dataset("PaddedBatchDatasetV2",
                         [dataset._variant_tensor, size] + shape_tensors + pads + [drop],
                         spec.with_components(out), N=len(comps), parallel_copy=False)


def _filled_shapes(shapes, none_filler):
    """`shapes` with unknown dimensions replaced by `none_filler` (kept unknown: None)."""
    return _structure.map_structure(
        lambda s: [none_filler if d is None else d
                   for d in tensor_shape.as_shape(s).as_list()], shapes)


def bucket_by_sequence_length(element_length_func, bucket_boundaries, bucket_batch_sizes,
                              padded_shapes=None, padding_values=None,
                              pad_to_bucket_boundary=False, no_padding=False,
                              drop_remainder=False):
    """Buckets elements by `element_length_func(element)` (int32): bucket i holds lengths in
    [boundaries[i-1], boundaries[i]) and is padded and batched by `bucket_batch_sizes[i]`."""
    def apply(dataset):
        if len(bucket_batch_sizes) != len(bucket_boundaries) + 1:
            raise ValueError("`len(bucket_batch_sizes)` must equal `len(bucket_boundaries) + 1` "
                             "but `len(bucket_batch_sizes)=%d` and `len(bucket_boundaries)=%d`."
                             % (len(bucket_batch_sizes), len(bucket_boundaries)))
        with graph_lib.name_scope("bucket_by_seq_length"):
            batch_sizes = convert_to_tensor(np.array(bucket_batch_sizes, np.int64),
                                            dtype=dtypes.int64)

        def element_to_bucket_id(*args):
            seq_length = element_length_func(*args)
            boundaries = list(bucket_boundaries)
            buckets_min = [np.iinfo(np.int32).min] + boundaries
            buckets_max = boundaries + [np.iinfo(np.int32).max]
            conditions_c = math_ops.logical_and(math_ops.less_equal(buckets_min, seq_length),
                                                math_ops.less(seq_length, buckets_max))
            return reduce_min(where(conditions_c))

        def window_size_fn(bucket_id):
            return batch_sizes[bucket_id]

        def batching_fn(bucket_id, grouped_dataset):
            batch_size = window_size_fn(bucket_id)
            if no_padding:
                return grouped_dataset.batch(batch_size, drop_remainder=drop_remainder)
            shapes = padded_shapes or grouped_dataset.output_shapes
            if not pad_to_bucket_boundary:
                return grouped_dataset.padded_batch(batch_size, _filled_shapes(shapes, None),
                                                    padding_values,
                                                    drop_remainder=drop_remainder)
            check = assert_less(bucket_id, convert_to_tensor(
                len(bucket_batch_sizes) - 1, dtype=dtypes.int64), message=(
                "When pad_to_bucket_boundary=True, elements must have length < "
                "max(bucket_boundaries)."))
            with graph_lib.get_default_graph().control_dependencies([check]):
                boundaries = convert_to_tensor(np.array(bucket_boundaries, np.int64),
                                               dtype=dtypes.int64)
                none_filler = boundaries[bucket_id] - 1
            return _padded_batch_to(grouped_dataset, batch_size, shapes, padding_values,
                                    drop_remainder, none_filler)

        return _group_by_window(dataset, element_to_bucket_id, batching_fn, window_size_fn)

    return apply


# -- group_by_reducer ---------------------------------------------------------------------------

class Reducer:
    """`init_func(key) -> state`, `reduce_func(state, element) -> state`,
    `finalize_func(state) -> result`, for `group_by_reducer`."""

    def __init__(self, init_func, reduce_func, finalize_func):
        self._init_func = init_func
        self._reduce_func = reduce_func
        self._finalize_func = finalize_func

    init_func = property(lambda self: self._init_func)
    reduce_func = property(lambda self: self._reduce_func)
    finalize_func = property(lambda self: self._finalize_func)


def _weakened(state_spec, new_spec):
    """`state_spec` with each shape relaxed to what `new_spec` is compatible with, or None
    when nothing changes (TF retraces the reduce function until the shapes settle)."""
    comps, changed = [], False
    for old, new in zip(state_spec.components, new_spec.components):
        shape = old.shape.most_specific_compatible_shape(new.shape)
        if old.shape.ndims is not None and (shape.ndims is None or
                                            old.shape.as_list() != shape.as_list()):
            changed = True
        comps.append(_structure.Component(old.cls, old.dtype, shape))
    return state_spec.with_components(comps) if changed else None


def trace_state_function(fn, state_spec, element_spec, name, what):
    """Traces `fn(state, element) -> new state [+ more]` until the state's shapes are
    stable; returns (traced function, state spec). `what` formats TF's TypeError."""
    while True:
        traced = TracedFunction(fn, joint_spec(state_spec, element_spec), name)
        new_state = what.new_state(traced.output_spec)
        old_types = [c.dtype for c in state_spec.components]
        new_types = [c.dtype for c in new_state.components]
        if len(old_types) != len(new_types) or old_types != new_types:
            raise TypeError(what.type_error(new_state, state_spec))
        weaker = _weakened(state_spec, new_state)
        if weaker is None:
            return traced, state_spec
        state_spec = weaker


class _ReducerState:
    @staticmethod
    def new_state(spec):
        return spec

    @staticmethod
    def type_error(new_state, state_spec):
        return ("Invalid `reducer`. The element types for the new state %s do not match the "
                "element types of the old state %s." % (new_state.output_types,
                                                         state_spec.output_types))


def _group_by_reducer(dataset, key_func, reducer):
    spec = dataset._element_spec
    key_fn = TracedFunction(key_func, spec, "group_by_reducer_key_func")
    if not is_int64_scalar(key_fn.output_spec):
        out = key_fn.output_spec
        raise ValueError("Invalid `key_func`. Expected `key_func` to return a scalar tf.int64 "
                         "tensor, but instead `key_func` has output types=%s and shapes=%s."
                         % (out.output_types, out.output_shapes))
    init_fn = TracedFunction(reducer.init_func, _INT64_SCALAR, "group_by_reducer_init_func")
    reduce_fn, state_spec = trace_state_function(reducer.reduce_func, init_fn.output_spec,
                                                 spec, "group_by_reducer_reduce_func",
                                                 _ReducerState)
    finalize_fn = TracedFunction(reducer.finalize_func, state_spec,
                                 "group_by_reducer_finalize_func")
    return fn_dataset("ExperimentalGroupByReducerDataset", dataset,
                      [("key_func", key_fn), ("init_func", init_fn),
                       ("reduce_func", reduce_fn), ("finalize_func", finalize_fn)],
                      finalize_fn.output_spec)


def group_by_reducer(key_func, reducer):
    """Groups the whole input by `key_func(element)` (an int64 scalar) and reduces each group
    with `reducer`; yields one `finalize_func(state)` per key, in ascending key order."""
    return lambda ds: _group_by_reducer(ds, key_func, reducer)


__all__ = ["group_by_window", "bucket_by_sequence_length", "group_by_reducer", "Reducer"]

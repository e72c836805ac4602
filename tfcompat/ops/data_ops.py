"""tf.data ops: dataset ops (`RangeDataset`, `MapDataset`, `BatchDatasetV2`, ...) whose value is
a run-time pipeline description (tfcompat/data/_runtime*.py), and iterator ops (`IteratorV2`,
`MakeIterator`, `IteratorGetNext`, ...) that keep the position in the session's resources.
The Python API (`tf.data.Dataset`, `Iterator`) lives in tfcompat/data/.
"""
from __future__ import annotations

import numpy as np

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.framework import dtypes
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape

rt = lazy_module("tfcompat.data._runtime")  # tf.data loads on first use
rtb = lazy_module("tfcompat.data._runtime_batch")
rts = lazy_module("tfcompat.data._runtime_shuffle")
rtio = lazy_module("tfcompat.data._runtime_io")
rtm = lazy_module("tfcompat.data._runtime_map")
rtp = lazy_module("tfcompat.data._runtime_parallel")
rtc = lazy_module("tfcompat.data._runtime_cache")

_SPEC_ATTRS = {"output_types": (), "output_shapes": ()}


def _variant_infer(op, *inputs, **attrs):
    return [(dtypes.variant, TensorShape([]))]


def _with_op(e: errors.OpError, op) -> errors.OpError:
    """`e` re-raised for `op` when it was raised without one (the run-time pipeline)."""
    if e.op is not None:
        return e
    return errors.op_error(type(e), op, e.message)


def _annotate(value, op):
    spec = getattr(op, "_element_spec", None)
    if spec is not None:
        value.sparse_flags = spec.sparse_flags
        value.chunkable = spec.fully_defined_dense()
    else:
        shapes = op._attrs.get("output_shapes", ())
        value.sparse_flags = (False,) * len(shapes)
        value.chunkable = all(s.is_fully_defined() for s in shapes)
    return value


def _dataset_op(op_type, inputs, attrs=None):
    """Registers a dataset op whose lowering builds (and annotates) a dataset value."""

    def wrap(build):
        def lower(ctx, *args, **kwargs):
            try:
                return _annotate(build(ctx, *args, **kwargs), ctx.op)
            except errors.OpError as e:
                raise _with_op(e, ctx.op) from e

        lower.__name__ = build.__name__
        register_op(op_type, inputs=inputs, infer=_variant_infer,
                    attrs={**_SPEC_ATTRS, **(attrs or {})}, host_only=True,
                    differentiable=False)(lower)
        return build

    return wrap


def _scalar(value):
    return value.item() if hasattr(value, "item") else value


# -- sources ----------------------------------------------------------------------------------

@_dataset_op("TensorDataset", ("components: N*Toutput_types",))
def _lower_tensor_dataset(ctx, *components, **attrs):
    return rt.Tensors(components)


@_dataset_op("TensorSliceDataset", ("components: N*Toutput_types",))
def _lower_tensor_slice_dataset(ctx, *components, **attrs):
    for c in components:
        if np.ndim(c) == 0 if isinstance(c, np.ndarray) else c.dim() == 0:
            raise errors.InvalidArgumentError(None, None, "Tensors passed to "
                                              "from_tensor_slices must have at least rank 1.")
    spec = getattr(ctx.op, "_element_spec", None)  # SparseTensors come as 3 components each
    return rt.TensorSlices(components, spec.sparse_flags if spec is not None else None)


@_dataset_op("SparseTensorSliceDataset", ("indices: int64", "values: Tvalues",
                                           "dense_shape: int64"))
def _lower_sparse_tensor_slice_dataset(ctx, indices, values, dense_shape, **attrs):
    if dense_shape.dim() != 1 or len(dense_shape) == 0:
        raise errors.InvalidArgumentError(None, None, "Sparse tensor must have rank >= 1")
    return rt.SparseSlices(indices, values, dense_shape)


@_dataset_op("RangeDataset", ("start: int64", "stop: int64", "step: int64"))
def _lower_range_dataset(ctx, start, stop, step, **attrs):
    return rt.Range(_scalar(start), _scalar(stop), _scalar(step))


@_dataset_op("GeneratorDataset", ("args: N*Targuments",), {"generator": None,
                                                            "converter": None})
def _lower_generator_dataset(ctx, *args, generator, converter, **attrs):
    return rt.Generator(generator, args, converter)


@_dataset_op("TFRecordDataset", ("filenames: string", "compression_type: string",
                                 "buffer_size: int64"))
def _lower_tf_record_dataset(ctx, filenames, compression_type, buffer_size, **attrs):
    return rtio.TFRecord(filenames, compression_type)


@_dataset_op("TextLineDataset", ("filenames: string", "compression_type: string",
                                 "buffer_size: int64"))
def _lower_text_line_dataset(ctx, filenames, compression_type, buffer_size, **attrs):
    return rtio.TextLine(filenames, compression_type)


@_dataset_op("FixedLengthRecordDatasetV2", (
    "filenames: string", "header_bytes: int64", "record_bytes: int64", "footer_bytes: int64",
    "buffer_size: int64", "compression_type: string"))
def _lower_fixed_length_record_dataset(ctx, filenames, header_bytes, record_bytes, footer_bytes,
                                       buffer_size, compression_type, **attrs):
    return rtio.FixedLengthRecord(filenames, _scalar(header_bytes), _scalar(record_bytes),
                                  _scalar(footer_bytes), compression_type)


# -- transformations with functions -----------------------------------------------------------

_FN_ATTRS = {"f": None, "Targuments": ()}


@_dataset_op("MapDataset", ("input_dataset: variant", "other_arguments: N*Targuments"),
             {**_FN_ATTRS, "use_inter_op_parallelism": True, "preserve_cardinality": True})
def _lower_map_dataset(ctx, input_dataset, *captured, f, **attrs):
    return rtm.Map(input_dataset, f, captured, f.vectorized_runner())


@_dataset_op("FilterDataset", ("input_dataset: variant", "other_arguments: N*Targuments"),
             {"predicate": None, "Targuments": ()})
def _lower_filter_dataset(ctx, input_dataset, *captured, predicate, **attrs):
    return rtm.Filter(input_dataset, predicate, captured, predicate.vectorized_runner())


@_dataset_op("FlatMapDataset", ("input_dataset: variant", "other_arguments: N*Targuments"),
             _FN_ATTRS)
def _lower_flat_map_dataset(ctx, input_dataset, *captured, f, **attrs):
    return rtm.FlatMap(input_dataset, f, captured)


@_dataset_op("InterleaveDataset", ("input_dataset: variant", "other_arguments: N*Targuments",
                                   "cycle_length: int64", "block_length: int64"), _FN_ATTRS)
def _lower_interleave_dataset(ctx, input_dataset, *rest, f, **attrs):
    *captured, cycle_length, block_length = rest
    return rtm.Interleave(input_dataset, f, captured, _scalar(cycle_length),
                         _scalar(block_length))


# -- structural transformations ---------------------------------------------------------------

@_dataset_op("BatchDatasetV2", ("input_dataset: variant", "batch_size: int64",
                                "drop_remainder: bool"), {"parallel_copy": False})
def _lower_batch_dataset(ctx, input_dataset, batch_size, drop_remainder, **attrs):
    return rtb.Batch(input_dataset, _scalar(batch_size), _scalar(drop_remainder))


@_dataset_op("PaddedBatchDatasetV2", ("input_dataset: variant", "batch_size: int64",
                                      "padded_shapes: N*int64",
                                      "padding_values: Toutput_types", "drop_remainder: bool"),
             {"N": 0})
def _lower_padded_batch_dataset(ctx, input_dataset, batch_size, *rest, N, **attrs):
    shapes, values, drop = rest[:N], rest[N:-1], rest[-1]
    return rtb.PaddedBatch(input_dataset, _scalar(batch_size), shapes, values, _scalar(drop))


@_dataset_op("WindowDataset", ("input_dataset: variant", "size: int64", "shift: int64",
                              "stride: int64", "drop_remainder: bool"))
def _lower_window_dataset(ctx, input_dataset, size, shift, stride, drop_remainder, **attrs):
    return rtb.Window(input_dataset, _scalar(size), _scalar(shift), _scalar(stride),
                      _scalar(drop_remainder))


@_dataset_op("UnbatchDataset", ("input_dataset: variant",))
def _lower_unbatch_dataset(ctx, input_dataset, **attrs):
    return rtb.Unbatch(input_dataset)


@_dataset_op("ShuffleDataset", ("input_dataset: variant", "buffer_size: int64", "seed: int64",
                                "seed2: int64"), {"reshuffle_each_iteration": True})
def _lower_shuffle_dataset(ctx, input_dataset, buffer_size, seed, seed2, *,
                           reshuffle_each_iteration, **attrs):
    return rts.Shuffle(input_dataset, _scalar(buffer_size), _scalar(seed), _scalar(seed2),
                       reshuffle_each_iteration)


@_dataset_op("RepeatDataset", ("input_dataset: variant", "count: int64"))
def _lower_repeat_dataset(ctx, input_dataset, count, **attrs):
    return rt.Repeat(input_dataset, _scalar(count))


@_dataset_op("TakeDataset", ("input_dataset: variant", "count: int64"))
def _lower_take_dataset(ctx, input_dataset, count, **attrs):
    return rt.Take(input_dataset, _scalar(count))


@_dataset_op("SkipDataset", ("input_dataset: variant", "count: int64"))
def _lower_skip_dataset(ctx, input_dataset, count, **attrs):
    return rt.Skip(input_dataset, _scalar(count))


@_dataset_op("ShardDataset", ("input_dataset: variant", "num_shards: int64", "index: int64"),
             {"require_non_empty": False})
def _lower_shard_dataset(ctx, input_dataset, num_shards, index, *, require_non_empty, **attrs):
    return rt.Shard(input_dataset, _scalar(num_shards), _scalar(index), require_non_empty)


@_dataset_op("CacheDataset", ("input_dataset: variant", "filename: string"))
def _lower_cache_dataset(ctx, input_dataset, filename, *, output_types, **attrs):
    filename = _scalar(filename)
    filename = filename.decode() if isinstance(filename, bytes) else str(filename)
    if filename:
        return rtc.FileCache(input_dataset, filename, len(output_types))
    return rt.Cache(input_dataset)


@_dataset_op("PrefetchDataset", ("input_dataset: variant", "buffer_size: int64"))
def _lower_prefetch_dataset(ctx, input_dataset, buffer_size, **attrs):
    return rtp.Prefetch(input_dataset, _scalar(buffer_size))


@_dataset_op("ZipDataset", ("input_datasets: N*variant",))
def _lower_zip_dataset(ctx, *input_datasets, **attrs):
    return rt.Zip(list(input_datasets))


@_dataset_op("ConcatenateDataset", ("input_dataset: variant", "another_dataset: variant"))
def _lower_concatenate_dataset(ctx, input_dataset, another_dataset, **attrs):
    return rt.Concatenate(input_dataset, another_dataset)


# -- iterators --------------------------------------------------------------------------------

class IteratorHandle:
    """The value of an iterator resource tensor: the name of its state in the session."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self):
        return "IteratorHandle(%r)" % self.name


class IteratorResource:
    """An iterator's state in one session: the current pass (None until initialized)."""

    def __init__(self, name, output_types, output_shapes):
        import threading
        self.name = name
        self.output_types, self.output_shapes = list(output_types), list(output_shapes)
        self.iterator = None
        self.lock = threading.Lock()


_HANDLE_PREFIX = "tfcompat-iterator:"


def _resource(ctx, handle: IteratorHandle, create=False, output_types=(), output_shapes=()):
    key = ("iterator", handle.name)
    res = ctx.state.resources.get(key)
    if res is None:
        if not create:
            raise errors.op_error(errors.NotFoundError, ctx.op,
                                  "Resource %s does not exist." % handle.name)
        with ctx.state.lock:
            res = ctx.state.resources.setdefault(
                key, IteratorResource(handle.name, output_types, output_shapes))
    return res


def _resource_infer(op, *inputs, **attrs):
    return [(dtypes.resource, TensorShape([]))]


_ITERATOR_ATTRS = {"shared_name": "", "container": "", **_SPEC_ATTRS}


@register_op("IteratorV2", infer=_resource_infer, attrs=_ITERATOR_ATTRS, stateful=True,
             host_only=True, differentiable=False)
def _lower_iterator(ctx, *, shared_name, container, output_types, output_shapes):
    handle = IteratorHandle(shared_name or ctx.op.name)
    _resource(ctx, handle, True, output_types, output_shapes)
    return handle


@register_op("OneShotIterator", inputs=("dataset: variant",), infer=_resource_infer,
             attrs=_ITERATOR_ATTRS, stateful=True, host_only=True, differentiable=False)
def _lower_one_shot_iterator(ctx, dataset, *, shared_name, container, output_types,
                             output_shapes):
    handle = IteratorHandle(shared_name or ctx.op.name)
    res = _resource(ctx, handle, True, output_types, output_shapes)
    if res.iterator is None:
        with res.lock:
            if res.iterator is None:
                res.iterator = _make(ctx, dataset)
    return handle


def _make(ctx, dataset):
    env = rt.Env(ctx.session, ctx.state)
    try:
        it = dataset.make(env)
    except errors.OpError as e:
        raise _with_op(e, ctx.op) from e
    it._tfcompat_env = env  # its background threads stop when re-initialized
    return it


@register_op("MakeIterator", inputs=("dataset: variant", "iterator: resource"),
             infer=lambda op, *inputs: [], stateful=True, mutates=True, host_only=True,
             differentiable=False)
def _lower_make_iterator(ctx, dataset, iterator):
    res = _resource(ctx, iterator)
    new = _make(ctx, dataset)
    with res.lock:
        old, res.iterator = res.iterator, new
        old_env, res.env = getattr(res, "env", None), new_env(new)
    if old is not None:
        old.close()
    if old_env is not None:  # stop the old pass's background threads (prefetch, ...)
        rtp.close_env(old_env)


def new_env(iterator):
    return getattr(iterator, "_tfcompat_env", None)


def _get_next_infer(op, iterator, *, output_types, output_shapes):
    return list(zip(output_types, output_shapes))


def next_element(ctx, iterator):
    """The iterator resource's next element (None at its end), with TF's error when it is not
    initialized and the running op named in the pipeline's errors."""
    res = _resource(ctx, iterator)
    with res.lock:
        if res.iterator is None:
            raise errors.op_error(
                errors.FailedPreconditionError, ctx.op, "GetNext() failed because the iterator "
                "has not been initialized. Ensure that you have run the initializer operation "
                "for this iterator before getting the next element.")
        try:
            return res.iterator.next()
        except errors.OpError as e:
            raise _with_op(e, ctx.op) from e


@register_op("IteratorGetNext", inputs=("iterator: resource",), infer=_get_next_infer,
             attrs=_SPEC_ATTRS, stateful=True, host_only=True, differentiable=False)
def _lower_iterator_get_next(ctx, iterator, *, output_types, output_shapes):
    element = next_element(ctx, iterator)
    if element is None:
        raise errors.op_error(errors.OutOfRangeError, ctx.op, "End of sequence")
    values = rt.flat_values(element)
    return values[0] if len(values) == 1 else tuple(values)


@register_op("IteratorToStringHandle", inputs=("resource_handle: resource",),
             infer=lambda op, h: [(dtypes.string, TensorShape([]))], stateful=True,
             host_only=True, differentiable=False)
def _lower_iterator_to_string_handle(ctx, resource_handle):
    return np.array((_HANDLE_PREFIX + resource_handle.name).encode(), dtype=object)


@register_op("IteratorFromStringHandleV2", inputs=("string_handle: string",),
             infer=_resource_infer, attrs=_SPEC_ATTRS, stateful=True, host_only=True,
             differentiable=False)
def _lower_iterator_from_string_handle(ctx, string_handle, *, output_types, output_shapes):
    text = _scalar(string_handle)
    text = text.decode() if isinstance(text, bytes) else str(text)
    if not text.startswith(_HANDLE_PREFIX):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Could not parse string_handle as a valid ResourceHandle")
    handle = IteratorHandle(text[len(_HANDLE_PREFIX):])
    res = _resource(ctx, handle)
    _check_compatible(ctx, res, output_types, output_shapes)
    return handle


def _check_compatible(ctx, res, output_types, output_shapes):
    if list(output_types) != res.output_types:
        raise errors.op_error(
            errors.InvalidArgumentError, ctx.op, "Number of components does not match: "
            "expected %d types but got %d." % (len(output_types), len(res.output_types))
            if len(output_types) != len(res.output_types) else
            "Data type mismatch: expected %s but got %s."
            % ([t.name for t in output_types], [t.name for t in res.output_types]))

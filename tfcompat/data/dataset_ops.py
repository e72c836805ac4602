"""`tf.data.Dataset` (TF1's DatasetV1): each method adds one dataset op to the graph (with TF's
op types and input names) and returns a new Dataset knowing its elements' structure, dtypes and
static shapes. Values are produced in a session by iterators (iterator_ops.py).
"""
from __future__ import annotations

import numpy as np

from tfcompat.data import _structure
from tfcompat.data import dataset_reduce
from tfcompat.data import experimental_options
from tfcompat.data._function import TracedFunction
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.operation import Tensor
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.data._generator import from_generator
from tfcompat.data._generator import padded_batch
from tfcompat.data.iterator_ops import make_initializable_iterator
from tfcompat.data.iterator_ops import make_one_shot_iterator
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops.random_ops import get_seed
from tfcompat.ops.reader_ops import matching_files
from tfcompat.ops import array_ops
from tfcompat.ops import control_flow_ops
from tfcompat.ops import math_ops
from tfcompat.ops import string_ops_more
from tfcompat.ops.math_ops import cast

AUTOTUNE = -1


def _int64(value, name):
    return convert_to_tensor(value, dtype=dtypes.int64, name=name)


def _map_leaves(fn, structure):
    """tf.data's nest.map_structure: tuples (namedtuples too) and dicts are structure, every
    other value (a TensorShape, a list) a leaf."""
    if isinstance(structure, dict):
        return type(structure)((k, _map_leaves(fn, v)) for k, v in structure.items())
    if isinstance(structure, tuple):
        items = [_map_leaves(fn, v) for v in structure]
        return type(structure)(*items) if hasattr(structure, "_fields") else tuple(items)
    return fn(structure)


def _make_dataset(op_type, inputs, spec, **attrs):
    """Adds a dataset op over `inputs` (Tensors) producing elements of `spec`."""
    graph = graph_lib.get_graph_from_inputs(inputs)
    specs = spec.graph_specs()
    attrs.setdefault("output_types", [d for d, _ in specs])
    attrs.setdefault("output_shapes", [s for _, s in specs])
    with graph.as_default():
        op = graph._create_op(op_type, list(inputs), attrs, op_type)
    op._element_spec = spec
    return DatasetV1(op.outputs[0], spec)


def _merged_options(op, memo):
    """The merged options of the dataset op `op` (memo: per op, for shared inputs)."""
    if op in memo:
        return memo[op]
    merged = experimental_options.Options()
    for tensor in op.inputs:
        if tensor.dtype == dtypes.variant and hasattr(tensor.op, "_element_spec"):
            merged = merged.merge(_merged_options(tensor.op, memo))
    own = getattr(op, "_dataset_options", None)
    memo[op] = merged = merged.merge(own) if own is not None else merged
    return merged


def _with_batch_dim(spec, batch):
    comps = [_structure.Component(c.cls, c.dtype,
                                  tensor_shape.TensorShape([batch]).concatenate(c.shape))
             for c in spec.components]
    return spec.with_components(comps)


class DatasetV1:
    """A sequence of elements (TF1 `tf.data.Dataset`), built from sources and transformations.

    >>> ds = tf.data.Dataset.range(5).map(lambda v: v * 10).batch(2)
    >>> ds.output_types, ds.output_shapes
    (tf.int64, TensorShape([Dimension(None)]))
    """

    def __init__(self, variant_tensor, element_spec):
        self._variant_tensor = variant_tensor
        self._element_spec = element_spec

    # -- structure ------------------------------------------------------------------------
    output_types = property(lambda self: self._element_spec.output_types)
    output_shapes = property(lambda self: self._element_spec.output_shapes)
    output_classes = property(lambda self: self._element_spec.output_classes)

    @property
    def element_spec(self):
        return self._element_spec.output_shapes

    _REPR_NAME = "DatasetV1Adapter"   # TF 1.15's wrapper of every v1 dataset

    def __repr__(self):
        # TF 1.15's: str of each shape, repr of each dtype (tf.int64), quotes dropped
        shapes = str(_map_leaves(str, self.output_shapes)).replace("'", "")
        types = str(_map_leaves(repr, self.output_types)).replace("'", "")
        return "<%s shapes: %s, types: %s>" % (self._REPR_NAME, shapes, types)

    def __iter__(self):
        raise RuntimeError("__iter__() is only supported inside of tf.function or when eager "
                           "execution is enabled.")

    def _as_variant_tensor(self):
        return self._variant_tensor

    # -- sources --------------------------------------------------------------------------
    @staticmethod
    def from_tensors(tensors):
        """A dataset with one element, `tensors`."""
        with graph_lib.name_scope("tensors"):
            element = _structure.normalize_element(tensors)
        spec = _structure.ElementSpec.from_value(element)
        return _make_dataset("TensorDataset", spec.to_graph_tensors(element), spec)

    @staticmethod
    def from_tensor_slices(tensors):
        """One element per row of `tensors` (sliced along their first dimension)."""
        with graph_lib.name_scope("tensors"):
            element = _structure.normalize_element(tensors)
        batch = tensor_shape.Dimension(None)
        comps = []
        for leaf in _structure.flatten(element):
            if leaf.shape.ndims == 0:   # TF's TensorSpec._unbatch
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
            shape = leaf.shape.with_rank_at_least(1)
            batch = batch.merge_with(shape[0])
            cls = SparseTensor if isinstance(leaf, SparseTensor) else Tensor
            comps.append(_structure.Component(cls, leaf.dtype, shape[1:]))
        spec = _structure.ElementSpec(element, comps)
        return _make_dataset("TensorSliceDataset", spec.to_graph_tensors(element), spec)

    @staticmethod
    def from_sparse_tensor_slices(sparse_tensor):
        """Deprecated TF1 API: each row of `sparse_tensor` as a tuple of three dense tensors,
        (indices, values, dense_shape). `from_tensor_slices` gives SparseTensors instead."""
        rank = sparse_tensor.dense_shape.shape.with_rank(1)[0] - 1
        comps = [_structure.Component(Tensor, dtypes.int64, [None, rank]),
                 _structure.Component(Tensor, sparse_tensor.dtype, [None]),
                 _structure.Component(Tensor, dtypes.int64, [rank])]
        spec = _structure.ElementSpec((0, 0, 0), comps)
        return _make_dataset("SparseTensorSliceDataset",
                             [sparse_tensor.indices, sparse_tensor.values,
                              sparse_tensor.dense_shape], spec,
                             Tvalues=sparse_tensor.dtype.base_dtype)

    @staticmethod
    def range(*args, output_type=dtypes.int64):
        """Like Python's `range`: `range(stop)`, `range(start, stop[, step])`."""
        if not 1 <= len(args) <= 3:
            raise ValueError("Invalid arguments to range: %r" % (args,))
        start, stop, step = ((0, args[0], 1) if len(args) == 1 else
                             (args[0], args[1], args[2] if len(args) == 3 else 1))
        inputs = [_int64(start, "start"), _int64(stop, "stop"), _int64(step, "step")]
        spec = _structure.ElementSpec(None, [_structure.Component(Tensor, dtypes.int64, [])])
        ds = _make_dataset("RangeDataset", inputs, spec)
        if dtypes.as_dtype(output_type) != dtypes.int64:
            ds = ds.map(lambda x: cast(x, output_type))
        return ds

    @staticmethod
    def from_generator(generator, output_types, output_shapes=None, args=None):
        """Elements produced by calling the Python `generator(*args)` when iteration starts."""
        return from_generator(generator, output_types, output_shapes, args)

    @staticmethod
    def zip(datasets):
        """Elements are tuples (or the given nesting) of the datasets' elements."""
        flat = _structure.flatten(datasets)
        for d in flat:
            if not isinstance(d, DatasetV1):
                raise TypeError("The argument to `Dataset.zip()` must be a (nested) structure "
                                "of `Dataset` objects.")
        structure = _structure.pack_sequence_as(datasets, [d._element_spec.structure
                                                           for d in flat])
        comps = [c for d in flat for c in d._element_spec.components]
        spec = _structure.ElementSpec(structure, comps)
        return _make_dataset("ZipDataset", [d._variant_tensor for d in flat], spec,
                             N=len(flat))

    @staticmethod
    def list_files(file_pattern, shuffle=None, seed=None):
        """The files matching `file_pattern` (sorted, then shuffled unless shuffle=False)."""
        with graph_lib.name_scope("list_files"):
            file_pattern = convert_to_tensor(file_pattern, dtype=dtypes.string,
                                             name="file_pattern")
            names = matching_files(file_pattern)
            # TF's check (run where the dataset is built in the session's graph; a one-shot
            # iterator's by-value copy drops control inputs, so there it is just empty)
            condition = math_ops.greater(array_ops.shape(names)[0], 0, name="match_not_empty")
            message = math_ops.add("No files matched pattern: ", string_ops_more.reduce_join(
                file_pattern, separator=", "), name="message")
            assert_not_empty = control_flow_ops.Assert(condition, [message], summarize=1,
                                                  name="assert_not_empty")
            with graph_lib.control_dependencies([assert_not_empty]):
                names = array_ops.identity(names)
            ds = DatasetV1.from_tensor_slices(names)
            if shuffle is None or shuffle:
                ds = ds.shuffle(10000, seed=seed)
        return ds

    # -- transformations ------------------------------------------------------------------
    def concatenate(self, dataset):
        a, b = self._element_spec, dataset._element_spec
        if a.output_types != b.output_types:
            raise TypeError("Two datasets to concatenate have different types %s and %s"
                            % (a.output_types, b.output_types))
        if a.output_classes != b.output_classes:
            raise TypeError("Two datasets to concatenate have different classes %s and %s"
                            % (a.output_classes, b.output_classes))
        comps = [_structure.Component(x.cls, x.dtype, x.shape.most_specific_compatible_shape(
            y.shape)) for x, y in zip(a.components, b.components)]
        return _make_dataset("ConcatenateDataset",
                             [self._variant_tensor, dataset._variant_tensor],
                             a.with_components(comps))

    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        """Applies `map_func` to each element; with `num_parallel_calls` (or AUTOTUNE) on
        that many background threads, in input order unless `deterministic` is False."""
        fn = TracedFunction(map_func, self._element_spec, "Dataset_map")
        if num_parallel_calls is None:
            return self._with_function("MapDataset", fn, fn.output_spec, "f")
        extra = [_int64(num_parallel_calls, "num_parallel_calls")]
        return self._with_function("ParallelMapDatasetV2", fn, fn.output_spec, "f", extra,
                                   deterministic=_deterministic_attr(deterministic))

    def _with_function(self, op_type, fn, spec, attr, extra_inputs=(), **attrs):
        attrs[attr] = fn
        attrs["Targuments"] = [t.dtype.base_dtype for t in fn.captured]
        inputs = [self._variant_tensor] + list(fn.captured) + list(extra_inputs)
        return _make_dataset(op_type, inputs, spec, **attrs)

    def filter(self, predicate):
        """Keeps the elements for which `predicate` returns True."""
        fn = TracedFunction(predicate, self._element_spec, "Dataset_filter")
        comps = fn.output_spec.components
        if len(comps) != 1 or comps[0].sparse or comps[0].dtype != dtypes.bool or \
                not comps[0].shape.is_compatible_with([]):
            spec = comps[0] if len(comps) == 1 else None
            raise ValueError("Invalid `predicate`. `predicate` must return a `tf.bool` scalar "
                             "tensor, but its return type is %s." % (
                                 "TensorSpec(shape=%s, dtype=%r, name=None)"
                                 % (_shape_repr(spec.shape), spec.dtype) if spec else
                                 fn.output_spec.output_types))
        return self._with_function("FilterDataset", fn, self._element_spec, "predicate")

    def map_with_legacy_function(self, map_func, num_parallel_calls=None, deterministic=None):
        """TF1's map through a Defun-traced function: the same elements as `map`."""
        return self.map(map_func, num_parallel_calls, deterministic)

    def filter_with_legacy_function(self, predicate):
        """TF1's filter through a Defun-traced function: the same elements as `filter`."""
        return self.filter(predicate)

    def flat_map(self, map_func):
        """Maps each element to a Dataset and flattens the results in order."""
        fn = TracedFunction(map_func, self._element_spec, "Dataset_flat_map",
                            returns_dataset=True)
        return self._with_function("FlatMapDataset", fn, fn.output_spec, "f")

    def interleave(self, map_func, cycle_length=AUTOTUNE, block_length=1,
                   num_parallel_calls=None, deterministic=None, name=None):
        """Maps each element to a Dataset and interleaves their elements (TF's order); with
        `num_parallel_calls` the open datasets are read ahead on background threads."""
        fn = TracedFunction(map_func, self._element_spec, "Dataset_interleave",
                            returns_dataset=True)
        if isinstance(cycle_length, int) and cycle_length == AUTOTUNE:
            import os
            cycle_length = os.cpu_count() or 1
        extra = [_int64(cycle_length, "cycle_length"), _int64(block_length, "block_length")]
        if num_parallel_calls is None:
            return self._with_function("InterleaveDataset", fn, fn.output_spec, "f", extra)
        extra += [_int64(AUTOTUNE, "buffer_output_elements"),
                  _int64(AUTOTUNE, "prefetch_input_elements"),
                  _int64(num_parallel_calls, "num_parallel_calls")]
        return self._with_function("ParallelInterleaveDatasetV4", fn, fn.output_spec, "f",
                                   extra, deterministic=_deterministic_attr(deterministic))

    def batch(self, batch_size, drop_remainder=False):
        """Stacks `batch_size` consecutive elements (the last batch may be smaller)."""
        size = _int64(batch_size, "batch_size")
        drop = convert_to_tensor(drop_remainder, dtype=dtypes.bool, name="drop_remainder")
        static = constant_value(size) if constant_value(drop) else None
        spec = _with_batch_dim(self._element_spec, None if static is None else int(static))
        return _make_dataset("BatchDatasetV2", [self._variant_tensor, size, drop], spec,
                             parallel_copy=False)

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None,
                     drop_remainder=False):
        """Batches elements padded to `padded_shapes` (None or -1: the longest in the batch)."""
        return padded_batch(self, batch_size, padded_shapes, padding_values, drop_remainder)

    def unbatch(self):
        """Splits each element along its first dimension into several elements."""
        flat = self._element_spec.components
        # TF 1.x's _UnbatchDataset checks: no scalars, one known batch size
        if any(c.shape.ndims == 0 for c in flat):
            raise ValueError("Cannot unbatch an input with scalar components.")
        batch = tensor_shape.Dimension(None)
        for c in flat:
            if c.shape.ndims is not None:
                try:
                    batch = batch.merge_with(c.shape[0])
                except ValueError:
                    raise ValueError("Cannot unbatch an input whose components have "
                                     "different batch sizes.") from None
        comps = []
        for c in flat:
            shape = c.shape.with_rank_at_least(1) if c.shape.ndims is not None else c.shape
            comps.append(_structure.Component(c.cls, c.dtype, shape[1:] if shape.ndims else
                                              tensor_shape.unknown_shape()))
        return _make_dataset("UnbatchDataset", [self._variant_tensor],
                             self._element_spec.with_components(comps))

    def window(self, size, shift=None, stride=1, drop_remainder=False):
        """Windows of `size` elements (every `stride`-th), one starting every `shift`
        (default `size`) elements; each element is the input's structure with a dataset per
        component (TF's WindowDataset)."""
        size = _int64(size, "size")
        shift = size if shift is None else _int64(shift, "shift")
        stride = _int64(stride, "stride")
        drop = convert_to_tensor(drop_remainder, dtype=dtypes.bool, name="drop_remainder")
        spec = self._element_spec
        comps = [_structure.Component.dataset(DatasetV1, _structure.ElementSpec(None, [c]))
                 for c in spec.components]
        return _make_dataset("WindowDataset", [self._variant_tensor, size, shift, stride, drop],
                             spec.with_components(comps))

    def reduce(self, initial_state, reduce_func):
        """The state after `reduce_func(state, element)` has seen every element."""
        return dataset_reduce.reduce(self, initial_state, reduce_func)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None):
        """Randomly shuffles elements through a buffer of `buffer_size` (TF's algorithm)."""
        seed, seed2 = get_seed(seed)
        inputs = [self._variant_tensor, _int64(buffer_size, "buffer_size"),
                  _int64(seed or 0, "seed"), _int64(seed2 or 0, "seed2")]
        reshuffle = True if reshuffle_each_iteration is None else bool(reshuffle_each_iteration)
        return _make_dataset("ShuffleDataset", inputs, self._element_spec,
                             reshuffle_each_iteration=reshuffle)

    def repeat(self, count=None):
        """Repeats the dataset `count` times (forever when None or -1)."""
        return self._unary("RepeatDataset", -1 if count is None else count, "count")

    def take(self, count):
        """At most `count` elements (all when -1)."""
        return self._unary("TakeDataset", count, "count")

    def skip(self, count):
        """All but the first `count` elements (none when -1)."""
        return self._unary("SkipDataset", count, "count")

    def shard(self, num_shards, index):
        """Every `num_shards`-th element, starting at element `index` (for one of
        `num_shards` workers: shard a file list before reading it)."""
        inputs = [self._variant_tensor, _int64(num_shards, "num_shards"),
                  _int64(index, "index")]
        return _make_dataset("ShardDataset", inputs, self._element_spec,
                             require_non_empty=False)

    def _unary(self, op_type, value, name):
        return _make_dataset(op_type, [self._variant_tensor, _int64(value, name)],
                             self._element_spec)

    def cache(self, filename=""):
        """Caches the elements of the first complete pass (in memory, or in the files
        `filename.index` and `filename.data-*` when a filename is given)."""
        name = convert_to_tensor(filename, dtype=dtypes.string, name="filename")
        return _make_dataset("CacheDataset", [self._variant_tensor, name], self._element_spec)

    def prefetch(self, buffer_size):
        return self._unary("PrefetchDataset", buffer_size, "buffer_size")

    def apply(self, transformation_func):
        dataset = transformation_func(self)
        if not isinstance(dataset, DatasetV1):
            raise TypeError("`transformation_func` must return a Dataset. Got {}."
                            .format(dataset))
        return dataset

    def enumerate(self, start=0):
        max_value = np.iinfo(np.int64).max
        return DatasetV1.zip((DatasetV1.range(start, max_value), self))

    def with_options(self, options):
        """Applies `options` (its `experimental_deterministic` is what tfcompat uses)."""
        deterministic = getattr(options, "deterministic", None)
        if deterministic is None:
            deterministic = getattr(options, "experimental_deterministic", None)
        dataset = _make_dataset("OptionsDataset", [self._variant_tensor], self._element_spec,
                                serialized_options="", deterministic=deterministic)
        dataset._variant_tensor.op._dataset_options = options
        return dataset

    def options(self):
        """The options given to `with_options` on this dataset and on those it reads, merged
        as TF merges them: its inputs' in order, then its own (later settings win)."""
        return _merged_options(self._variant_tensor.op, {})

    # -- iterators -------------------------------------------------------------------------
    def make_one_shot_iterator(self):
        """An iterator that initializes itself on first use (no fed parameters)."""
        return make_one_shot_iterator(self)

    def make_initializable_iterator(self, shared_name=None):
        """An iterator to be initialized (and re-initialized) by running `.initializer`."""
        return make_initializable_iterator(self, shared_name)


class SourceDatasetV1(DatasetV1):
    """A dataset TF 1.15 exports as a class of its own (TFRecordDatasetV1, RandomDatasetV1 ...):
    an instance of it (`isinstance(ds, tf.data.TFRecordDataset)`, the class name in its repr)
    holding the dataset `_build` makes; its transformations give plain datasets, as in TF."""

    def __init__(self, *args, **kwargs):
        built = self._build(*args, **kwargs)
        DatasetV1.__init__(self, built._variant_tensor, built._element_spec)

    @property
    def _REPR_NAME(self):
        return type(self).__name__


def _deterministic_attr(deterministic) -> str:
    return "default" if deterministic is None else "true" if deterministic else "false"


def _shape_repr(shape):
    if shape.ndims is None:
        return "<unknown>"
    dims = ["None" if d is None else str(d) for d in shape.as_list()]
    return "(%s)" % (dims[0] + "," if len(dims) == 1 else ", ".join(dims))


Dataset = DatasetV1

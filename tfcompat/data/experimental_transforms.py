"""`tf.data.experimental` transformations and helpers beyond grouping: `scan`, `Counter`,
`take_while`, `unique`, `sample_from_datasets`, `choose_from_datasets`, `RandomDataset`,
`dense_to_sparse_batch`, `cardinality` / `assert_cardinality`, and `Optional` /
`get_next_as_optional`. Each adds the dataset op TF adds (tfcompat/ops/data_grouping_ops.py).

`sample_from_datasets` is built as TF builds it: a `RandomDataset(seed)` batched by two feeds
`stateless_multinomial(log(weights))`, so a seeded pipeline picks TF's sequence.
"""
from __future__ import annotations

import numpy as np

from tfcompat.data import _structure
from tfcompat.data._function import TracedFunction
from tfcompat.data.dataset_ops import DatasetV1
from tfcompat.data.dataset_ops import SourceDatasetV1
from tfcompat.data.dataset_ops import _int64
from tfcompat.data.dataset_ops import _make_dataset
from tfcompat.data.experimental_grouping import is_int64_scalar
from tfcompat.data.experimental_grouping import spec_repr
from tfcompat.data.experimental_grouping import trace_state_function
from tfcompat.data.iterator_ops import _create
from tfcompat.data.iterator_ops import _spec_attrs
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.operation import Tensor
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.random_ops import get_seed
from tfcompat.ops.stateless_random_ops import _stateless_multinomial
from tfcompat import type_spec

INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2


# -- scan, Counter ------------------------------------------------------------------------------

class _ScanState:
    """Splits `scan_func`'s (new state, output) result; TF's TypeErrors."""

    def __init__(self, state_spec):
        self.n = len(state_spec.components)

    def new_state(self, spec):
        structure = spec.structure
        if not (isinstance(structure, tuple) and not hasattr(structure, "_fields")
                and len(structure) == 2):
            raise TypeError("Invalid `scan_func`. `scan_func` should return a pair consisting "
                            "of new state and the output value but its return type is %s."
                            % spec_repr(spec))
        n = len(_structure.flatten(structure[0]))
        self.output = _structure.ElementSpec(structure[1], spec.components[n:])
        return _structure.ElementSpec(structure[0], spec.components[:n])

    @staticmethod
    def type_error(new_state, state_spec):
        return ("Invalid `scan_func`. The element types for the new state must match the "
                "initial state. Expected %s, got %s." % (state_spec.output_types,
                                                         new_state.output_types))


def _scan(dataset, initial_state, scan_func):
    with graph_lib.name_scope("initial_state"):
        state = _structure.normalize_element(initial_state)
    state_spec = _structure.ElementSpec.from_value(state)
    shapes = _ScanState(state_spec)
    fn, state_spec = trace_state_function(scan_func, state_spec, dataset._element_spec,
                                          "Dataset_scan", shapes)
    shapes.new_state(fn.output_spec)
    state_tensors = state_spec.to_graph_tensors(state)
    inputs = [dataset._variant_tensor] + state_tensors + list(fn.captured)
    return _make_dataset("ScanDataset", inputs, shapes.output, f=fn,
                         Tstate=[t.dtype.base_dtype for t in state_tensors],
                         Targuments=[t.dtype.base_dtype for t in fn.captured],
                         preserve_cardinality=True, use_default_device=True)


def scan(initial_state, scan_func):
    """Carries a state through the input: `scan_func(state, element)` returns
    `(new_state, output)`; the outputs are the elements."""
    return lambda ds: _scan(ds, initial_state, scan_func)


def Counter(start=0, step=1, dtype=dtypes.int64):
    """`start`, `start + step`, ... forever (TF builds it as a scan over a repeated 0)."""
    with graph_lib.name_scope("counter"):
        start = convert_to_tensor(start, dtype=dtype, name="start")
        step = convert_to_tensor(step, dtype=dtype, name="step")
        return DatasetV1.from_tensors(0).repeat(None).apply(
            scan(start, lambda state, _: (state + step, state)))


# -- parallel_interleave, ignore_errors --------------------------------------------------------

def parallel_interleave(map_func, cycle_length, block_length=1, sloppy=False,
                        buffer_output_elements=None, prefetch_input_elements=None):
    """Interleaves the datasets `map_func` makes, reading `cycle_length` of them ahead on
    background threads (TF's LegacyParallelInterleaveDatasetV2 order)."""
    def apply(ds):
        fn = TracedFunction(map_func, ds._element_spec, "Dataset_parallel_interleave",
                            returns_dataset=True)
        extra = [_int64(cycle_length, "cycle_length"), _int64(block_length, "block_length"),
                 _int64(2 * block_length if buffer_output_elements is None else
                        buffer_output_elements, "buffer_output_elements"),
                 _int64(2 * cycle_length if prefetch_input_elements is None else
                        prefetch_input_elements, "prefetch_input_elements")]
        return ds._with_function("LegacyParallelInterleaveDatasetV2", fn, fn.output_spec, "f",
                                 extra, deterministic="false" if sloppy else "default")
    return apply


def ignore_errors(log_warning=False):
    """Drops the elements whose production raised an error (the input goes on after it)."""
    return lambda ds: _make_dataset("IgnoreErrorsDataset", [ds._variant_tensor],
                                    ds._element_spec, log_warning=bool(log_warning))


# -- take_while, unique -------------------------------------------------------------------------

def _take_while(dataset, predicate):
    fn = TracedFunction(predicate, dataset._element_spec, "Dataset_take_while")
    comps = fn.output_spec.components
    if isinstance(fn.output_spec.structure, (tuple, dict)) or len(comps) != 1 or \
            comps[0].sparse or comps[0].dtype != dtypes.bool or \
            not comps[0].shape.is_compatible_with([]):
        raise ValueError("Invalid `predicate`. `predicate` must return a `tf.bool` scalar "
                         "tensor but its return type is%s." % spec_repr(fn.output_spec))
    return dataset._with_function("TakeWhileDataset", fn, dataset._element_spec, "predicate")


def take_while(predicate):
    """The elements up to (not including) the first for which `predicate` is False."""
    return lambda ds: _take_while(ds, predicate)


def _unique(dataset):
    for dtype in _structure.flatten(dataset.output_types):
        if dtype not in (dtypes.int32, dtypes.int64, dtypes.string):
            raise TypeError("`tf.data.Dataset.unique` does not support type %s -- only "
                            "`tf.int32`, `tf.int64`, and `tf.string` are supported." % dtype)
    return _make_dataset("UniqueDataset", [dataset._variant_tensor], dataset._element_spec)


def unique():
    """The first occurrence of each distinct element (one int32/int64/string component)."""
    return _unique


# -- sampling and choosing between datasets -------------------------------------------------------

def _directed_interleave(selector, datasets, stop_on_empty_dataset):
    spec = datasets[0]._element_spec
    for i, d in enumerate(datasets[1:]):
        other = d._element_spec
        same = _structure._shape_of(spec.structure) == _structure._shape_of(other.structure) \
            and all(a.cls is b.cls and a.dtype == b.dtype
                    for a, b in zip(spec.components, other.components))
        if not same:
            raise TypeError("Invalid `datasets`. `datasets` must have compatible element specs.\n"
                            " Dataset 0 element_spec=%s.\nDataset %d element_spec=%s."
                            % (spec_repr(datasets[0]._element_spec), i + 1, spec_repr(other)))
        spec = spec.with_components([
            _structure.Component(a.cls, a.dtype, a.shape.most_specific_compatible_shape(b.shape))
            for a, b in zip(spec.components, other.components)])
    return _make_dataset("DirectedInterleaveDataset",
                         [selector._variant_tensor] + [d._variant_tensor for d in datasets],
                         spec, N=len(datasets), stop_on_empty_dataset=bool(stop_on_empty_dataset))


def _random(seed=None):
    """Random int64 scalars (uint32 values of the Philox stream `seed` selects), forever."""
    seed, seed2 = get_seed(seed)
    spec = _structure.ElementSpec(None, [_structure.Component(Tensor, dtypes.int64, [])])
    return _make_dataset("RandomDataset", [_int64(seed or 0, "seed"), _int64(seed2 or 0, "seed2")],
                         spec)


class RandomDatasetV1(SourceDatasetV1):
    """Random int64 scalars, forever (`tf.data.experimental.RandomDataset(seed=None)`)."""
    _build = staticmethod(_random)


RandomDataset = RandomDatasetV1   # TF 1.15's exported name


def _logits_selector(logits_and_seed):
    return array_ops.squeeze(_stateless_multinomial(*logits_and_seed), axis=[0, 1])


def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False):
    """Elements of `datasets`, each drawn from dataset i with probability weights[i] (a list,
    a Tensor, or a Dataset of weight vectors), as TF draws them."""
    if not datasets:
        raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
    datasets = list(datasets)
    seeds = RandomDataset(seed).batch(2)
    if isinstance(weights, DatasetV1):
        logits_ds = weights.map(lambda *p: math_ops.log(p, name="logits"))
        selector = DatasetV1.zip((logits_ds, seeds)).map(
            lambda logits, s: _logits_selector((logits, 1, s, dtypes.int64)))
        return _directed_interleave(selector, datasets, stop_on_empty_dataset)
    if weights is None:
        logits = [[1.0] * len(datasets)]
    else:
        if isinstance(weights, Tensor):
            if not weights.shape.is_compatible_with([len(datasets)]):
                raise ValueError("Invalid `weights`. The shape of `weights` should be compatible "
                                 "with `[len(datasets)]` but is %s." % weights.shape)
        else:
            if len(datasets) != len(weights):
                raise ValueError("Invalid `weights`. `weights` should have the same length as "
                                 "`datasets` but got `len(weights)=%d` vs. `len(datasets)=%d`."
                                 % (len(weights), len(datasets)))
            kept = [(d, w) for d, w in zip(datasets, weights) if w > 0]
            datasets, weights = ([d for d, _ in kept], [w for _, w in kept]) if kept else \
                ([datasets[0].take(0)], [1.0])
        weights = convert_to_tensor(weights, name="weights")
        if weights.dtype.base_dtype not in (dtypes.float32, dtypes.float64):
            raise TypeError("Invalid `weights`. `weights` type must be either `tf.float32` or "
                            "`tf.float64` but is %s." % weights.dtype)
        logits = array_ops.expand_dims(math_ops.log(weights, name="logits"), 0)
    if len(datasets) == 1:
        return datasets[0]
    selector = seeds.map(lambda s: _logits_selector((logits, 1, s, dtypes.int64)))
    return _directed_interleave(selector, datasets, stop_on_empty_dataset)


def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=False):
    """The element of `datasets[i]` for each i of `choice_dataset` (int64 scalars); an
    exhausted dataset is skipped (or ends the pass with `stop_on_empty_dataset`)."""
    if not datasets:
        raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
    if not isinstance(choice_dataset, DatasetV1):
        raise TypeError("Invalid `choice_dataset`. `choice_dataset` should be a "
                        "`tf.data.Dataset` but is %s." % type(choice_dataset))
    if not is_int64_scalar(choice_dataset._element_spec):
        raise TypeError("Invalid `choice_dataset`. Elements of `choice_dataset` must be scalar "
                        "`tf.int64` tensors but are %s." % spec_repr(choice_dataset._element_spec))
    return _directed_interleave(choice_dataset, list(datasets), stop_on_empty_dataset)


# -- dense_to_sparse_batch ------------------------------------------------------------------------

def _dense_to_sparse_batch(dataset, batch_size, row_shape):
    (comp,) = dataset._element_spec.components
    shape = tensor_shape.as_shape(row_shape)
    row = convert_to_tensor(np.array(shape.as_list(), np.int64), dtype=dtypes.int64,
                            name="row_shape")
    spec = _structure.ElementSpec(None, [_structure.Component(
        SparseTensor, comp.dtype, tensor_shape.TensorShape([None]).concatenate(shape))])
    return _make_dataset("DenseToSparseBatchDataset",
                         [dataset._variant_tensor, _int64(batch_size, "batch_size"), row], spec)


def dense_to_sparse_batch(batch_size, row_shape):
    """Batches dense elements of differing shapes into SparseTensors of dense shape
    [batch] + row_shape holding every entry of each element."""
    return lambda ds: _dense_to_sparse_batch(ds, batch_size, row_shape)


# -- cardinality --------------------------------------------------------------------------------

def cardinality(dataset):
    """An int64 scalar: the number of elements, INFINITE_CARDINALITY (-1) or
    UNKNOWN_CARDINALITY (-2) when that cannot be told without iterating."""
    return _create("DatasetCardinality", [dataset._variant_tensor], None).outputs[0]


def assert_cardinality(expected_cardinality):
    """Fails (FailedPreconditionError) while iterating when the input does not have exactly
    `expected_cardinality` elements; `cardinality` then reports that number."""
    def apply(dataset):
        return _make_dataset("AssertCardinalityDataset",
                             [dataset._variant_tensor,
                              _int64(expected_cardinality, "cardinality")],
                             dataset._element_spec)
    return apply


# -- Optional -------------------------------------------------------------------------------------

class Optional:
    """A value that may be absent (TF's `tf.data.experimental.Optional`): `has_value()` and
    `get_value()` (InvalidArgumentError when empty) are graph tensors."""

    def __init__(self, variant_tensor, element_spec):
        self._variant_tensor = variant_tensor
        self._spec = element_spec

    @staticmethod
    def from_value(value):
        with graph_lib.name_scope("optional") as scope:
            with graph_lib.name_scope("value"):
                element = _structure.normalize_element(value)
            spec = _structure.ElementSpec.from_value(element)
            tensors = spec.to_graph_tensors(element)
            op = _create("OptionalFromValue", tensors, scope,
                         Toutput_types=[t.dtype.base_dtype for t in tensors])
        return Optional(op.outputs[0], spec)

    @staticmethod
    def empty(element_spec):
        spec = _spec_of(element_spec)
        return Optional(_create("OptionalNone", [], None).outputs[0], spec)

    none_from_structure = empty

    def has_value(self, name=None):
        return _create("OptionalHasValue", [self._variant_tensor], name).outputs[0]

    def get_value(self, name=None):
        op = _create("OptionalGetValue", [self._variant_tensor], name,
                     **_spec_attrs(self._spec))
        return self._spec.from_graph_tensors(list(op.outputs))

    @property
    def element_spec(self):
        return _structure.pack_sequence_as(self._spec.structure, [
            _type_spec(c) for c in self._spec.components])

    value_structure = element_spec


def _type_spec(component):
    cls = type_spec.SparseTensorSpec if component.sparse else type_spec.TensorSpec
    return cls(component.shape, component.dtype)


def _spec_of(element_spec):
    leaves = _structure.flatten(element_spec)
    comps = [_structure.Component(SparseTensor if type(s).__name__ == "SparseTensorSpec"
                                  else Tensor, s.dtype, s.shape) for s in leaves]
    return _structure.ElementSpec(element_spec, comps)


def get_structure(dataset_or_iterator):
    """The element structure of a dataset or iterator as TypeSpecs (TensorSpec /
    SparseTensorSpec leaves)."""
    spec = getattr(dataset_or_iterator, "_element_spec", None)
    if spec is None:
        spec = getattr(dataset_or_iterator, "_spec", None)
    if not isinstance(spec, _structure.ElementSpec):
        raise TypeError("Invalid `dataset_or_iterator`. `dataset_or_iterator` must be a "
                        "`tf.data.Dataset` or tf.data.Iterator object, but got %s."
                        % type(dataset_or_iterator))
    return _structure.pack_sequence_as(spec.structure, [_type_spec(c) for c in spec.components])


def get_next_as_optional(iterator):
    """An `Optional` holding the iterator's next element, empty at the end of the input."""
    spec = iterator._spec
    op = _create("IteratorGetNextAsOptional", [iterator._iterator_resource], None,
                 **_spec_attrs(spec))
    return Optional(op.outputs[0], spec)


__all__ = ["parallel_interleave", "ignore_errors", "scan", "Counter", "take_while", "unique",
           "sample_from_datasets", "choose_from_datasets", "RandomDataset",
           "dense_to_sparse_batch", "cardinality", "assert_cardinality", "Optional",
           "get_next_as_optional", "get_structure", "INFINITE_CARDINALITY",
           "UNKNOWN_CARDINALITY"]

"""Element structures of tf.data: nesting (tuples, namedtuples and dicts; lists are values, as in
TF's tf.data nest) and `ElementSpec`, the classes/dtypes/static shapes of a dataset's elements.

A dense component is one graph tensor; a `SparseTensor` component is three (indices, values,
dense_shape), in that order, wherever components travel as flat tensor lists (op inputs and
outputs, function arguments).
"""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.operation import Tensor
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.sparse_tensor import SparseTensorValue
from tfcompat.framework.sparse_tensor import convert_to_tensor_or_sparse_tensor
from tfcompat.type_spec import DatasetSpec
from tfcompat.type_spec import SparseTensorSpec
from tfcompat.type_spec import TensorSpec


def _is_sequence(value) -> bool:
    if isinstance(value, SparseTensorValue):
        return False
    return isinstance(value, (tuple, dict))


def _children(value):
    if isinstance(value, dict):
        return [value[k] for k in sorted(value)]
    return list(value)


def flatten(structure) -> list:
    """The leaves of `structure`, dict entries in sorted-key order."""
    if not _is_sequence(structure):
        return [structure]
    out = []
    for child in _children(structure):
        out.extend(flatten(child))
    return out


def pack_sequence_as(structure, flat):
    """`flat` leaves rebuilt into the nesting of `structure`."""
    flat = list(flat)
    packed, used = _pack(structure, flat, 0)
    if used != len(flat):
        raise ValueError("Structure had %d elements, but flat_sequence had %d elements."
                         % (used, len(flat)))
    return packed


def _pack(structure, flat, index):
    if not _is_sequence(structure):
        return flat[index], index + 1
    if isinstance(structure, dict):
        values = {}
        for key in sorted(structure):
            values[key], index = _pack(structure[key], flat, index)
        return type(structure)((k, values[k]) for k in structure), index
    items = []
    for child in structure:
        item, index = _pack(child, flat, index)
        items.append(item)
    if hasattr(structure, "_fields"):
        return type(structure)(*items), index
    return tuple(items), index


def map_structure(fn, structure):
    return pack_sequence_as(structure, [fn(leaf) for leaf in flatten(structure)])


def assert_same_structure(a, b, what="structures"):
    if _shape_of(a) != _shape_of(b):
        raise TypeError("The two %s don't have the same nested structure.\n\nFirst structure: "
                        "%s\n\nSecond structure: %s" % (what, _shape_of(a), _shape_of(b)))


def _shape_of(structure):
    if not _is_sequence(structure):
        return "."
    if isinstance(structure, dict):
        return {k: _shape_of(structure[k]) for k in sorted(structure)}
    return tuple(_shape_of(c) for c in structure)


def normalize_element(element):
    """Converts the leaves of a dataset element to `Tensor`s / `SparseTensor`s."""
    leaves = flatten(element)
    converted = []
    for i, leaf in enumerate(leaves):
        if _is_dataset(leaf):
            converted.append(leaf)
            continue
        converted.append(convert_to_tensor_or_sparse_tensor(leaf, name="component_%d" % i))
    return pack_sequence_as(element, converted)


def _is_dataset(value) -> bool:
    return hasattr(value, "_variant_tensor") and hasattr(value, "_element_spec")


class Component:
    """One leaf of an element: class (Tensor or SparseTensor), dtype and static shape; or a
    nested dataset (the windows of `Dataset.window`): class the dataset class, a scalar
    variant, and `inner` the ElementSpec of its elements."""

    __slots__ = ("cls", "dtype", "shape", "inner")

    def __init__(self, cls, dtype, shape, inner=None):
        self.cls = cls
        self.dtype = dtypes.as_dtype(dtype).base_dtype
        self.shape = tensor_shape.as_shape(shape)
        self.inner = inner

    @classmethod
    def dataset(cls, dataset_cls, inner):
        return cls(dataset_cls, dtypes.variant, [], inner)

    def _described(self, dense_fn):
        """`dense_fn(self)`, or for a nested dataset TF's DatasetSpec of it (which TF gives
        as its output type, shape and class alike)."""
        if self.inner is None:
            return dense_fn(self)
        return DatasetSpec(self.inner.element_spec(), tensor_shape.TensorShape([]))

    @property
    def sparse(self) -> bool:
        return self.cls is SparseTensor

    def graph_specs(self):
        """(dtype, shape) of the graph tensors that carry this component."""
        if not self.sparse:
            return [(self.dtype, self.shape)]
        rank = self.shape.ndims
        return [(dtypes.int64, tensor_shape.TensorShape([None, rank])),
                (self.dtype, tensor_shape.TensorShape([None])),
                (dtypes.int64, tensor_shape.TensorShape([rank]))]


class ElementSpec:
    """The nested structure of a dataset's elements and each leaf's `Component`."""

    def __init__(self, structure, components):
        self.structure = structure          # nested structure; leaves are placeholders
        self.components = list(components)

    @classmethod
    def from_value(cls, element) -> "ElementSpec":
        """The spec of a normalized element (nested Tensors / SparseTensors)."""
        comps = []
        for leaf in flatten(element):
            if isinstance(leaf, SparseTensor):
                comps.append(Component(SparseTensor, leaf.dtype, leaf.shape))
            elif _is_dataset(leaf):
                comps.append(Component.dataset(type(leaf), leaf._element_spec))
            else:
                comps.append(Component(Tensor, leaf.dtype, leaf.shape))
        return cls(element, comps)

    def with_components(self, components) -> "ElementSpec":
        return ElementSpec(self.structure, components)

    def _nested(self, fn):
        return pack_sequence_as(self.structure, [fn(c) for c in self.components])

    @property
    def output_types(self):
        return self._nested(lambda c: c._described(lambda d: d.dtype))

    @property
    def output_shapes(self):
        return self._nested(lambda c: c._described(lambda d: d.shape))

    @property
    def output_classes(self):
        return self._nested(lambda c: c._described(lambda d: d.cls))

    def element_spec(self):
        """TF's element_spec: the nested TensorSpec / SparseTensorSpec / DatasetSpec."""
        return self._nested(lambda c: c._described(
            lambda d: (SparseTensorSpec if d.sparse else TensorSpec)(d.shape, d.dtype)))

    @property
    def sparse_flags(self) -> tuple:
        return tuple(c.sparse for c in self.components)

    def graph_specs(self) -> list:
        return [spec for c in self.components for spec in c.graph_specs()]

    def to_graph_tensors(self, element) -> list:
        """The flat graph tensors of a normalized element of this spec."""
        out = []
        for leaf in flatten(element):
            if isinstance(leaf, SparseTensor):
                out.extend([leaf.indices, leaf.values, leaf.dense_shape])
            elif _is_dataset(leaf):
                out.append(leaf._variant_tensor)
            else:
                out.append(leaf)
        return out

    def from_graph_tensors(self, tensors):
        """The nested element (with SparseTensors) built from flat graph tensors."""
        leaves, i = [], 0
        for c in self.components:
            if c.sparse:
                st = SparseTensor.__new__(SparseTensor)
                st._indices, st._values, st._dense_shape = tensors[i:i + 3]
                leaves.append(st)
                i += 3
            elif c.inner is not None:
                leaves.append(c.cls(tensors[i], c.inner))
                i += 1
            else:
                leaves.append(tensors[i])
                i += 1
        return pack_sequence_as(self.structure, leaves)

    def is_compatible_with(self, other: "ElementSpec") -> bool:
        if _shape_of(self.structure) != _shape_of(other.structure):
            return False
        return all(a.cls is b.cls and a.dtype == b.dtype and a.shape.is_compatible_with(b.shape)
                   for a, b in zip(self.components, other.components))

    def fully_defined_dense(self) -> bool:
        """True when every component is dense with a fully known static shape."""
        return all(not c.sparse and c.shape.is_fully_defined() for c in self.components)


def spec_from_types(output_types, output_shapes=None, output_classes=None) -> ElementSpec:
    """An `ElementSpec` from nested dtypes (and optional nested shapes / classes)."""
    flat_types = flatten(output_types)
    if output_shapes is None:
        flat_shapes = [tensor_shape.unknown_shape()] * len(flat_types)
    else:
        flat_shapes = _flatten_up_to(output_types, output_shapes)
    if output_classes is None:
        flat_classes = [Tensor] * len(flat_types)
    else:
        flat_classes = _flatten_up_to(output_types, output_classes)
    comps = [Component(c, t, tensor_shape.as_shape(s))
             for c, t, s in zip(flat_classes, flat_types, flat_shapes)]
    return ElementSpec(output_types, comps)


def _flatten_up_to(structure, values):
    """Leaves of `values` in the nesting of `structure` (a shape may be a list of dims)."""
    if not _is_sequence(structure):
        return [values]
    if not _is_sequence(values):
        raise ValueError("The two structures don't have the same nested structure: %s and %s"
                         % (structure, values))
    if isinstance(structure, dict):
        return [leaf for k in sorted(structure) for leaf in _flatten_up_to(structure[k],
                                                                           values[k])]
    if len(structure) != len(values):
        raise ValueError("The two structures don't have the same sequence length: %d and %d"
                         % (len(structure), len(values)))
    return [leaf for s, v in zip(structure, values) for leaf in _flatten_up_to(s, v)]

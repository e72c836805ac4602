"""`Dataset.from_generator` and `Dataset.padded_batch` helpers: converting generator output to
element values with TF's checks and messages, and padded-batch shapes and padding values."""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.data import _structure
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_n_to_tensor, convert_to_tensor
from tfcompat.framework.operation import Tensor
from tfcompat.framework.tensor_util import constant_value, constant_value_as_shape


def _spec_text(component):
    shape = component.shape
    dims = "<unknown>" if shape.ndims is None else "(%s)" % (
        ", ".join("None" if d is None else str(d) for d in shape.as_list())
        + ("," if shape.ndims == 1 else ""))
    return "TensorSpec(shape=%s, dtype=%r, name=None)" % (dims, component.dtype)


def _converter(spec):
    """element -> tuple of component values, checked against `spec` (TF's messages)."""
    structure = spec.structure

    def expected():
        return _structure.pack_sequence_as(structure, [_spec_text(c) for c in spec.components])

    def convert(value):
        if isinstance(structure, (tuple, dict)) and isinstance(value, list):
            value = tuple(value)
        try:
            leaves = _structure._flatten_up_to(structure, value)
        except (ValueError, TypeError, KeyError):
            raise _mismatch(expected(), value) from None
        out = []
        for leaf, comp in zip(leaves, spec.components):
            out.append(_convert_leaf(leaf, comp, expected, value))
        return tuple(out)

    return convert


def _mismatch(expected, value):
    return errors.InvalidArgumentError(
        None, None, "TypeError: `generator` yielded an element that did not match the expected "
        "structure. The expected structure was %s, but the yielded element was %r."
        % (expected, value))


def _convert_leaf(leaf, comp, expected, value):
    try:
        if comp.dtype == dtypes.string:
            array = np.asarray(leaf, dtype=object)
            array = np.vectorize(lambda s: s.encode() if isinstance(s, str) else s,
                                 otypes=[object])(array) if array.size else array
            if array.size and not all(isinstance(s, bytes) for s in array.reshape(-1)):
                raise TypeError
        else:
            raw = np.asarray(leaf)
            if raw.dtype.kind in "SUO":
                raise TypeError
            array = raw.astype(comp.dtype.as_numpy_dtype)
    except (TypeError, ValueError):
        raise _mismatch(expected(), value) from None
    if not comp.shape.is_compatible_with(array.shape):
        raise errors.InvalidArgumentError(
            None, None, "TypeError: `generator` yielded an element of shape %s where an element "
            "of shape %s was expected." % (_tuple(array.shape), _tuple_shape(comp.shape)))
    if array.dtype == object:
        return array
    return torch.from_numpy(np.array(array, order="C"))


def _tuple(dims):
    return "(%s)" % (", ".join(str(d) for d in dims) + ("," if len(dims) == 1 else ""))


def _tuple_shape(shape):
    return _tuple(["None" if d is None else d for d in shape.as_list()])


def from_generator(generator, output_types, output_shapes=None, args=None):
    # lazy: cycle: Dataset.from_generator is defined here for dataset_ops
    from tfcompat.data.dataset_ops import _make_dataset
    if not callable(generator):
        raise TypeError("`generator` must be a Python callable.")
    # lazy: cycle: Dataset.from_generator is defined here for dataset_ops
    from tfcompat.data.dataset_ops import DatasetV1
    spec = _structure.spec_from_types(output_types, output_shapes)
    arg_tensors = convert_n_to_tensor(args, name="args") if args else []

    def generator_dataset(unused_dummy):
        return _make_dataset("GeneratorDataset", arg_tensors, spec, generator=generator,
                             converter=_converter(spec),
                             Targuments=[t.dtype for t in arg_tensors])
    # TF's graph: the args, then a one-element dataset flat-mapped to the generator's (each
    # iterator's initialization starts the generator anew), so later op names are TF's
    return DatasetV1.from_tensors(0).flat_map(generator_dataset)


# -- padded_batch --------------------------------------------------------------------------

def _padded_shape(shape, component):
    """(static shape, int64 shape tensor) of one component's padded shape, as TF 1.x's
    `_padded_shape_to_tensor`: a shape-like value (None dims) or else a 1-D int64 tensor-like
    value whose -1 entries (or non-constant entries) mean "the longest in the batch"."""
    try:
        static = tensor_shape.as_shape(shape)
        tensor = convert_to_tensor([-1 if d is None else d for d in static.as_list()],
                                   dtype=dtypes.int64)
    except (TypeError, ValueError):
        # not a TensorShape-like value (a -1 entry, a tensor): TF converts it as a tensor
        tensor = convert_to_tensor(shape, preferred_dtype=dtypes.int64)
        if tensor.shape.ndims is not None and tensor.shape.ndims != 1:
            raise ValueError("Padded shape %s must be a 1-D tensor of tf.int64 values, but its "
                             "shape was %s." % (shape, tensor.shape))
        if tensor.dtype != dtypes.int64:
            raise TypeError("Padded shape %s must be a 1-D tensor of tf.int64 values, but its "
                            "element type was %s." % (shape, tensor.dtype.name))
        static = constant_value_as_shape(tensor)
    if not _padded_compatible(static, component.shape):
        raise ValueError("The padded shape %s is not compatible with the corresponding input "
                         "component shape %s." % (static, component.shape))
    return static, tensor


def _padded_compatible(padded, shape):
    """TF's rule: an input dimension fits a padded dimension that is unknown or not smaller."""
    if padded.ndims is None or shape.ndims is None:
        return True
    if padded.ndims != shape.ndims:
        return False
    return all(p is None or d is None or p >= d
               for p, d in zip(padded.as_list(), shape.as_list()))


def _default_padding(comp):
    if comp.dtype == dtypes.string:
        return convert_to_tensor(b"", dtype=dtypes.string, name="padding_value")
    return convert_to_tensor(np.zeros([], comp.dtype.as_numpy_dtype), name="padding_value")


def _padding_tensor(value, comp):
    """TF 1.x's `_padding_value_to_tensor`: converted without a dtype, so a Python int for an
    int64 component is refused as in TF."""
    value = convert_to_tensor(value, name="padding_value")
    if not value.shape.is_compatible_with(tensor_shape.TensorShape([])):
        raise ValueError("Padding value should be a scalar, but is not: %s" % value)
    if value.dtype != comp.dtype:
        raise TypeError("Padding value tensor (%s) does not match output type: %s"
                        % (value, comp.dtype))
    return value


def padding_tensors(spec, padding_values):
    """One padding value per component of `spec`: `padding_values` (a structure like the
    elements', None entries meaning the default) checked against each component's dtype, or
    the defaults (0, "" for strings)."""
    comps = spec.components
    if padding_values is None:
        return [_default_padding(c) for c in comps]
    flat = _structure._flatten_up_to(spec.structure, padding_values)
    return [_padding_tensor(v, c) if v is not None else _default_padding(c)
            for v, c in zip(flat, comps)]


def padded_batch(dataset, batch_size, padded_shapes, padding_values, drop_remainder):
    # lazy: cycle: Dataset.from_generator is defined here for dataset_ops
    from tfcompat.data.dataset_ops import _int64
    # lazy: cycle: Dataset.from_generator is defined here for dataset_ops
    from tfcompat.data.dataset_ops import _make_dataset
    spec = dataset._element_spec
    comps = spec.components
    if any(c.sparse for c in comps):
        raise TypeError("Batching of padded sparse tensors is not currently supported")
    if padded_shapes is None:
        flat_shapes = [c.shape for c in comps]
    else:
        flat_shapes = _structure._flatten_up_to(spec.structure, padded_shapes)
    # NOTE: TF's order and names: batch_size, the shapes (unnamed: Const, Const_1, ...), then
    # the padding values
    size = _int64(batch_size, "batch_size")
    shapes, shape_tensors = [], []
    for s, c in zip(flat_shapes, comps):
        static, tensor = _padded_shape(s, c)
        shapes.append(static)
        shape_tensors.append(tensor)
    pads = padding_tensors(spec, padding_values)
    drop = convert_to_tensor(drop_remainder, dtype=dtypes.bool, name="drop_remainder")
    static = constant_value(size) if constant_value(drop) else None
    batch = None if static is None else int(static)
    out = [_structure.Component(Tensor, c.dtype, tensor_shape.TensorShape([batch]).concatenate(s))
           for c, s in zip(comps, shapes)]
    return _make_dataset("PaddedBatchDatasetV2",
                         [dataset._variant_tensor, size] + shape_tensors + pads + [drop],
                         spec.with_components(out), N=len(comps), parallel_copy=False)

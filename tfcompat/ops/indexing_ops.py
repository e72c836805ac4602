"""Indexing ops: slicing (Slice, StridedSlice and `Tensor.__getitem__`), selects, one_hot,
boolean_mask and sequence_mask; one_hot, reverse, unique and top_k are in indexing_more_ops,
gathers in gather_ops.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.shape_rules import base_dtype_of as _dtype
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.operation import Tensor
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework import tensor_util
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import array_ops
from tfcompat.ops import kernel_errors
from tfcompat.ops import math_ops
from tfcompat.ops._ragged_entry import ragged_entry
from tfcompat.ops.gather_ops import gather  # noqa: F401 - re-exported
from tfcompat.ops.gather_ops import gather_nd  # noqa: F401 - re-exported
from tfcompat.ops.indexing_more_ops import one_hot  # noqa: F401 - re-exported
from tfcompat.ops.indexing_more_ops import reverse  # noqa: F401 - re-exported
from tfcompat.ops.indexing_more_ops import top_k  # noqa: F401 - re-exported
from tfcompat.ops.indexing_more_ops import unique  # noqa: F401 - re-exported
from tfcompat.ops.indexing_more_ops import unique_strings  # noqa: F401 - re-exported
from tfcompat.framework.convert import constant

unknown = tensor_shape.unknown_shape
_pyslice = slice


# -- StridedSlice ---------------------------------------------------------------------------

class _Unknown:
    """A begin/end/stride value not known at build time (only the static shape rule sees it)."""


_UNKNOWN = _Unknown()


def _known(value):
    return value if value is _UNKNOWN else int(value)


def _index_items(rank, begin, end, strides, masks):
    """TF's sparse slice spec -> a numpy-style index tuple (ints, slices, None); values not
    known at build time stay `_UNKNOWN` (only the static shape rule sees those)."""
    begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_mask = masks
    n = len(begin)
    explicit = sum(1 for i in range(n) if not (ellipsis_mask >> i) & 1
                   and not (new_axis_mask >> i) & 1)
    items = []
    for i in range(n):
        if (ellipsis_mask >> i) & 1:
            items += [_pyslice(None)] * max(rank - explicit, 0)
        elif (new_axis_mask >> i) & 1:
            items.append(None)
        elif (shrink_mask >> i) & 1:
            items.append(_known(begin[i]))
        else:
            items.append(_pyslice(None if (begin_mask >> i) & 1 else _known(begin[i]),
                                  None if (end_mask >> i) & 1 else _known(end[i]),
                                  _known(strides[i])))
    return items


def _slice_dims(dims, items):
    """Static result shape of applying `items` to `dims` (None for unknown)."""
    out, d = [], 0
    for item in items:
        if item is None:
            out.append(1)
            continue
        if not dims:   # TF 2.x's ValidateStridedSliceOp
            raise ValueError("Attempting to slice scalar input.")
        if d >= len(dims):   # TF's ValidateStridedSliceOp: more indices than dims
            raise ValueError("Index out of range using input dim %d; input has only %d dims"
                             % (d, len(dims)))
        size = dims[d]
        if isinstance(item, _pyslice):
            known = _UNKNOWN not in (item.start, item.stop, item.step)
            out.append(len(range(*item.indices(size))) if size is not None and known else None)
        elif item is not _UNKNOWN and size is not None and not -size <= item < size:
            raise ValueError(_out_of_bounds(item, size, d))
        d += 1
    return out + list(dims[d:])


def _strided_slice_infer(op, x, begin, end, strides, **masks):
    values = [constant_value(t) for t in (begin, end, strides)]
    if x.shape.ndims is None:
        return [(_dtype(x), unknown())]
    if values[2] is None:  # TF: no shape at all without constant strides
        return [(_dtype(x), unknown())]
    if values[0] is None or values[1] is None:
        # TF: only the dims sliced whole (`::2`), shrunk or added are known then
        n = len(values[2])
        values = [[_UNKNOWN] * n, [_UNKNOWN] * n, values[2]]
    items = _index_items(x.shape.ndims, *values, _mask_tuple(masks))
    try:
        return [(_dtype(x), TensorShape(_slice_dims(x.shape.as_list(), items)))]
    except ValueError as e:
        # TF's message names the constant inputs its shape function had read: the strides for
        # too many indices, begin, end and strides for an index out of bounds
        text = str(e)
        computed = {3: values[2]}
        if text.startswith("slice index"):
            computed = {i + 1: v for i, v in enumerate(values)}
        raise shape_rules.shape_error(text, op, [x, begin, end, strides],
                                      computed=computed) from e


def _mask_tuple(masks):
    return tuple(masks.get(k, 0) for k in ("begin_mask", "end_mask", "ellipsis_mask",
                                           "new_axis_mask", "shrink_axis_mask"))


def _out_of_bounds(item, size, d):
    # TF's ValidateStridedSliceOp names a negative index after adding the dimension's size
    return "slice index %d of dimension %d out of bounds." % (item + size if item < 0 else item, d)


def apply_index_items(x, items, op=None):
    """Applies a numpy-style index tuple to a torch tensor, negative steps included."""
    out, d = x, 0
    for item in items:
        if item is None:
            out = out.unsqueeze(d)
            d += 1
        elif isinstance(item, _pyslice):
            start, stop, step = item.indices(out.shape[d])
            if step > 0:
                out = out[(_pyslice(None),) * d + (_pyslice(start, max(start, stop), step),)]
            else:
                # range(): torch.arange refuses a stop past start (x[-2:0:-1] of one element)
                if len(range(start, stop, step)):
                    out = out.index_select(d, torch.arange(start, stop, step, device=out.device))
                else:
                    out = out.narrow(d, 0, 0)
            d += 1
        else:
            size = out.shape[d]
            if not -size <= item < size:
                raise errors.InvalidArgumentError(None, op, _out_of_bounds(item, size, d))
            out = out.select(d, item % size)
    return out


_SLICE_ATTRS = {"begin_mask": 0, "end_mask": 0, "ellipsis_mask": 0, "new_axis_mask": 0,
                "shrink_axis_mask": 0}


@register_op("StridedSlice", inputs=("input: T", "begin: Index", "end: Index", "strides: Index"),
             infer=_strided_slice_infer, attrs=_SLICE_ATTRS)
def _lower_strided_slice(ctx, x, begin, end, strides, **masks):
    items = _index_items(x.dim(), begin.tolist(), end.tolist(), strides.tolist(),
                         _mask_tuple(masks))
    if isinstance(x, np.ndarray):
        return x[tuple(items)]
    return apply_index_items(x, items, ctx.op)


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    if strides is None:
        strides = [1] * len(begin) if isinstance(begin, (list, tuple)) else \
            array_ops.ones_like(begin)
    return apply_op("StridedSlice", [input_, begin, end, strides], name=name or "StridedSlice",
                    begin_mask=begin_mask, end_mask=end_mask, ellipsis_mask=ellipsis_mask,
                    new_axis_mask=new_axis_mask, shrink_axis_mask=shrink_axis_mask)


_SLICE_DTYPES = (dtypes.int16, dtypes.int32, dtypes.int64)


def _check_index(idx):
    """TF's check that `idx` can index a tensor (an integer, a Dimension or an integer
    scalar/tensor that is not 1-D)."""
    if isinstance(idx, (int, np.integer, tensor_shape.Dimension)):
        return
    dtype = getattr(idx, "dtype", None)
    shape = getattr(idx, "shape", None)
    if (dtype is None or dtypes.as_dtype(dtype).base_dtype not in _SLICE_DTYPES
            or (shape is not None and _known_rank(shape) == 1)):
        raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) "
                        "and scalar tf.int32/tf.int64 tensors are valid indices, got %r" % (idx,))


def _known_rank(shape):
    return shape.ndims if hasattr(shape, "ndims") else len(shape)


def _slice_part_dtype(s):
    """The dtype TF gives a slice's missing start/stop/step: that of its Tensor parts."""
    dtype = None
    for t in (s.start, s.stop, s.step):
        if not isinstance(t, Tensor):
            continue
        if t.dtype.base_dtype == dtypes.int64:
            dtype = dtypes.int64
        elif t.dtype.base_dtype == dtypes.int32 and dtype != dtypes.int64:
            dtype = dtypes.int32
        elif t.dtype.base_dtype == dtypes.int16 and dtype is None:
            dtype = dtypes.int16
    return dtype


def _is_undefined(value):
    return isinstance(value, tensor_shape.Dimension) and value.value is None


def _slice_default(value, default, dtype):
    return default if dtype is None else constant(default, dtype=dtype)


def _slice_helper(tensor, slice_spec, var=None):
    """`Tensor.__getitem__` as TF builds it: begin/end/strides `stack`ed (Consts
    `strided_slice/stack`, `stack_1`, `stack_2`, or Packs), a bool mask via boolean_mask."""
    tensor = convert_to_tensor(tensor)
    if (isinstance(slice_spec, bool)
            or (isinstance(slice_spec, Tensor) and slice_spec.dtype.base_dtype == dtypes.bool)
            or (isinstance(slice_spec, np.ndarray) and slice_spec.dtype == bool)):
        return boolean_mask(tensor=tensor, mask=slice_spec)
    if not isinstance(slice_spec, (list, tuple)):
        slice_spec = [slice_spec]
    begin, end, strides = [], [], []
    masks = dict.fromkeys(_SLICE_ATTRS, 0)
    for index, s in enumerate(slice_spec):
        bit = 1 << index
        if isinstance(s, _pyslice):
            dtype = _slice_part_dtype(s)
            for part, out, default, mask in ((s.start, begin, 0, "begin_mask"),
                                             (s.stop, end, 0, "end_mask"),
                                             (s.step, strides, 1, None)):
                if part is not None and not _is_undefined(part):
                    _check_index(part)
                    out.append(part)
                else:
                    out.append(_slice_default(part, default, dtype))
                    if mask:
                        masks[mask] |= bit
        elif s is Ellipsis:
            begin.append(0), end.append(0), strides.append(1)
            masks["ellipsis_mask"] |= bit
        elif s is None:
            begin.append(0), end.append(0), strides.append(1)
            masks["new_axis_mask"] |= bit
        else:
            _check_index(s)
            begin.append(s)
            end.append(s + 1)   # a Tensor's `add`, outside the strided_slice scope, as TF
            wide = isinstance(s, Tensor) and s.dtype.base_dtype in (dtypes.int16, dtypes.int64)
            strides.append(_slice_default(None, 1, s.dtype.base_dtype) if wide else 1)
            masks["shrink_axis_mask"] |= bit
    with name_scope(None, "strided_slice", [tensor] + begin + end + strides) as name:
        if begin:
            packed = _same_index_dtype([array_ops.stack(v) for v in (begin, end, strides)])
        else:
            packed = [constant([], dtype=dtypes.int32)] * 3
        return apply_op("StridedSlice", [tensor] + packed, name=name, **masks)


def _same_index_dtype(packed):
    """begin/end/strides all cast to int64 when one is int64, as TF does."""
    if all(t.dtype.base_dtype != dtypes.int64 for t in packed):
        return packed
    return [t if t.dtype.base_dtype == dtypes.int64 else apply_op(
        "Cast", [t], name="Cast", DstT=dtypes.int64, Truncate=False) for t in packed]


Tensor._override_operator("__getitem__", _slice_helper)


# -- Slice -------------------------------------------------------------------------------------

def _slice_infer(op, x, begin, size):
    """TF's SliceShapeFn: the length of `begin`/`size` gives the rank even where `input`'s is
    unknown; known sizes fix dims (-1: input dim - begin), else `size` is read as a shape."""
    inputs = [x, begin, size]
    n = fns.merge_shapes(op, inputs, fns.with_rank(op, inputs, begin.shape, 1).as_list(),
                         fns.with_rank(op, inputs, size.shape, 1).as_list())[0]
    xs = x.shape if n is None else fns.with_rank(op, inputs, x.shape, n)
    s = constant_value(size)
    if s is None:  # TF: sizes read as a shape tensor (stacked values keep their known parts)
        sizes = tensor_util.constant_value_as_shape(size)
        if sizes.ndims is not None:
            return [(_dtype(x), sizes)]
        return [(_dtype(x), unknown(rank=xs.ndims))]
    begins = tensor_util.constant_value_as_shape(begin)
    begins = begins.as_list() if begins.ndims == len(s) else [None] * len(s)
    dims = xs.as_list() if xs.ndims is not None else [None] * len(s)
    return [(_dtype(x), TensorShape([_slice_dim(op, inputs, d, bb, int(ss))
                                     for d, bb, ss in zip(dims, begins, s)]))]


def _slice_dim(op, inputs, dim, begin, size):
    """One output dim of SliceShapeFn: a size of -1 takes the rest of `dim`, which a `begin`
    past its end makes negative (TF's Subtract refuses that)."""
    if size != -1:
        return size
    if dim is None or begin is None:
        return None
    if dim < begin:
        raise shape_rules.shape_error("Negative dimension size caused by subtracting %d from %d"
                                      % (begin, dim), op, inputs)
    return dim - begin


@register_op("Slice", inputs=("input: T", "begin: Index", "size: Index"), infer=_slice_infer)
def _lower_slice(ctx, x, begin, size):
    out = x
    for d, (b, s) in enumerate(zip(begin.tolist(), size.tolist())):
        out = out.narrow(d, int(b), out.shape[d] - int(b) if int(s) == -1 else int(s))
    return out


def slice(input_, begin, size, name=None):  # noqa: A001 - TF's name
    return apply_op("Slice", [input_, begin, size], name=name or "Slice")


# -- Select, SelectV2, Where -----------------------------------------------------------------

def _select_infer(op, cond, x, y):
    """TF's SelectShapeFn: `t` and `e` merge; `cond` is a scalar, of their shape, or (when
    they are at least vectors) a vector as long as their first dimension; else a ValueError
    at graph building, as in TF (a dynamic_rnn fed a sequence_length of the wrong batch)."""
    data = fns.merge_shapes(op, op.inputs, fns.dims(x.shape), fns.dims(y.shape))
    cond_dims = fns.dims(cond.shape)
    if cond_dims and data is not None:
        if len(cond_dims) != 1 or not data:
            data = fns.merge_shapes(op, op.inputs, data, cond_dims)
        else:
            fns.merge_shapes(op, op.inputs, cond_dims, data[:1])
    return [(_dtype(x), TensorShape(data))]


@register_op("Select", inputs=("condition: bool", "t: T", "e: T"), infer=_select_infer)
def _lower_select(ctx, cond, x, y):
    if tuple(cond.shape) != tuple(x.shape) or tuple(x.shape) != tuple(y.shape):
        message = kernel_errors.explain(ctx.op, [cond, x, y])
        if message is not None:  # torch.where would broadcast shapes TF's kernel refuses
            raise errors.InvalidArgumentError(None, ctx.op, message)
        if cond.dim() == 1 and x.dim() > 1:
            cond = cond.reshape([-1] + [1] * (x.dim() - 1))
    return torch.where(cond, x, y)


def _select_v2_infer(op, cond, x, y):
    shape = shape_rules.broadcast_shape(op, cond, x)
    from types import SimpleNamespace
    return [(_dtype(x), shape_rules.broadcast_shape(op, SimpleNamespace(shape=shape), y))]


register_op("SelectV2", inputs=("condition: bool", "t: T", "e: T"), infer=_select_v2_infer)(
    lambda ctx, cond, x, y: torch.where(cond, x, y))


@register_op("Where", inputs=("input: T",),
             infer=lambda op, x: [(dtypes.int64, TensorShape([None, x.shape.ndims]))],
             differentiable=False)
def _lower_where(ctx, x):
    if x.dtype == torch.float16:  # TF's CPU kernel refuses half (and no GPU kernel has it)
        raise errors.UnimplementedError(None, ctx.op, "No WhereOp available for float16/half "
                                        "type on CPU; dying in CPU WhereOp to avoid silently "
                                        "creating costly copies from device.")
    return torch.nonzero(x).to(torch.int64)


@ragged_entry
def where(condition, x=None, y=None, name=None):
    """TF1 `tf.where`: indices of true elements, or Select(condition, x, y)."""
    if x is None and y is None:
        return apply_op("Where", [condition], name=name or "Where")
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return apply_op("Select", [condition, x, y], name=name or "Select")


def where_v2(condition, x=None, y=None, name=None):
    if x is None and y is None:
        return apply_op("Where", [condition], name=name or "Where")
    return apply_op("SelectV2", [condition, x, y], name=name or "SelectV2")


# -- boolean_mask, sequence_mask (composites, as TF builds them) -----------------------------

@ragged_entry
def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """TF1 `tf.boolean_mask`: Prod + Reshape + Where + GatherV2, as TF composes it."""
    with name_scope(name, "boolean_mask", [tensor, mask]):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        ndims_mask = mask.shape.ndims
        static = tensor.shape
        if ndims_mask == 0:
            raise ValueError("mask cannot be scalar.")
        if ndims_mask is None:
            raise ValueError("Number of mask dimensions must be specified, even if some "
                             "dimensions are None.  E.g. shape=[None] is ok, but shape=None "
                             "is not.")
        axis = 0 if axis is None else axis
        axis_value = constant_value(axis) if isinstance(axis, Tensor) else axis
        if axis_value is not None:
            axis = int(axis_value)
            static[axis:axis + ndims_mask].assert_is_compatible_with(mask.shape)
        leading = apply_op("Prod", [array_ops.shape(tensor)[axis:axis + ndims_mask], [0]],
                           name="Prod", keep_dims=False)
        tensor = array_ops.reshape(tensor, array_ops.concat(
            [array_ops.shape(tensor)[:axis], [leading],
             array_ops.shape(tensor)[axis + ndims_mask:]], 0))
        if axis_value is not None:
            first = static[axis:axis + ndims_mask].num_elements()
            tensor.set_shape(tensor_shape.as_shape(static[:axis]).concatenate(
                [first]).concatenate(static[axis + ndims_mask:]))
        mask = array_ops.reshape(mask, [-1])
        indices = array_ops.squeeze(where_v2(mask), axis=[1])
        return gather(tensor, indices, axis=axis)


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None):
    """TF1 `tf.sequence_mask`: Range < Cast(ExpandDims(lengths)), as TF composes it."""
    with name_scope(name, "SequenceMask", [lengths, maxlen]):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            rank = lengths.shape.ndims
            axes = (constant(np.arange(rank), dtype=dtypes.int32) if rank is not None
                    else apply_op("Range", [0, array_ops.rank(lengths), 1], name="Range"))
            maxlen = apply_op("Max", [lengths, axes], name="Max", keep_dims=False)
            maxlen = math_ops.maximum(constant(0, maxlen.dtype.base_dtype), maxlen)
        else:
            maxlen = convert_to_tensor(maxlen)
        if maxlen.shape.ndims is not None and maxlen.shape.ndims != 0:
            raise ValueError("Argument `maxlen` must be scalar for sequence_mask, received "
                             "`maxlen` = %s with shape '%s' instead" % (maxlen, maxlen.shape))
        kind = maxlen.dtype.base_dtype
        row = apply_op("Range", [constant(0, kind), maxlen, constant(1, kind)], name="Range")
        matrix = apply_op("Cast", [array_ops.expand_dims(lengths, -1)], name="Cast",
                          DstT=kind, Truncate=False)
        result = row < matrix
        if dtype is None or result.dtype.is_compatible_with(dtypes.as_dtype(dtype)):
            return result
        return apply_op("Cast", [result], name="Cast", DstT=dtypes.as_dtype(dtype),
                        Truncate=False)

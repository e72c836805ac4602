"""Shared build-time shape rules (broadcasting, reductions, TF's error texts) for op files."""
from __future__ import annotations

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value


def cpp_type_name(dtype) -> str:
    """TF's C++ DataTypeString ('float', 'double', 'int32', 'string', ...) used in messages."""
    return {"float32": "float", "float64": "double", "float16": "half"}.get(dtype.name,
                                                                              dtype.name)


def dims_text(dims) -> str:
    """TF's `[2,?,3]` for a list of dims (None: unknown) or a dense shape vector."""
    return "[" + ",".join("?" if d is None else str(int(d)) for d in dims) + "]"


def shape_text(shape: TensorShape) -> str:
    """TF's `?` / `[2,?,3]` for a static shape in shape-function errors."""
    if shape.ndims is None:
        return "?"
    return dims_text(shape.as_list())


def base_dtype_of(t):
    """A tensor's dtype without its ref-ness (`float32_ref` -> `float32`)."""
    return t.dtype.base_dtype


def shape_error(message: str, op, inputs, computed=None, partial=None) -> ValueError:
    """TF's build-time shape error: `<message> for '{{node n}} = T[attrs](inputs)' with input
    shapes: [2,3], [4,2].`; `computed` ({input index: value}) adds TF's "and with computed
    input tensors: input[1] = <0 5>." for the constant inputs the shape function read, and
    `partial` ({input index: TensorShape}) TF's "and with input tensors computed as partial
    shapes: input[1] = [4,?]." for the shape tensors it read as shapes (Reshape's)."""
    shapes = ", ".join(shape_text(t.shape) for t in inputs)
    # TF sets the "_" attrs (colocation's _class, _gradient_op_type, _Xla*) on the op after its
    # shape function ran, so its message never shows them
    attrs = ", ".join("%s=%s" % (k, _attr_text(v)) for k, v in sorted(op._attrs.items())
                      if k != "value" and not k.startswith("_"))
    names = ", ".join(t.op.name if t.value_index == 0 else t.name for t in op._inputs)
    values = ""
    if computed:
        values = " and with computed input tensors: " + ", ".join(
            "input[%d] = <%s>" % (i, _summary(value))
            for i, value in sorted(computed.items()))
    if partial:
        values += " and with input tensors computed as partial shapes: " + ", ".join(
            "input[%d] = %s" % (i, shape_text(shape)) for i, shape in sorted(partial.items()))
    return ValueError("%s for '{{node %s}} = %s[%s](%s)' with input shapes: %s%s."
                      % (message, op.name, op.type, attrs, names, shapes, values))


def _attr_text(value) -> str:
    if isinstance(value, dtypes.DType):
        return "DT_" + {"float32": "FLOAT", "float64": "DOUBLE", "float16": "HALF"}.get(
            value.name, value.name.upper())
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"%s"' % value
    if isinstance(value, (list, tuple)):   # e.g. RestoreV2's dtypes: [DT_FLOAT, DT_INT64]
        return "[" + ", ".join(_attr_text(v) for v in value) + "]"
    if isinstance(value, float):   # TF's FloatToBuffer: %g with 6 digits, 9 if those lose it
        text = "%.6g" % value
        return text if np.float32(float(text)) == np.float32(value) else "%.9g" % value
    return str(value)


def _summary(value) -> str:
    """TF's Tensor::SummarizeValue: `0 5` for a vector, `[0 0][-1 1]` for a matrix."""
    value = np.asarray(value)
    if value.ndim <= 1:
        return " ".join(str(v) for v in value.ravel().tolist())
    return "".join("[%s]" % _summary(row) for row in value)


def broadcast_shape(op, x, y) -> TensorShape:
    a, b = x.shape, y.shape
    if a.ndims is None or b.ndims is None:
        return tensor_shape.unknown_shape()
    da, db = a.as_list(), b.as_list()
    n = max(len(da), len(db))
    da = [1] * (n - len(da)) + da
    db = [1] * (n - len(db)) + db
    out = []
    for p, q in zip(da, db):
        if p == 1:
            out.append(q)
        elif q == 1:
            out.append(p)
        elif p is None:
            out.append(q)
        elif q is None or p == q:
            out.append(p)
        else:
            raise shape_error("Dimensions must be equal, but are %d and %d" % (p, q), op, [x, y])
    return TensorShape(out)


def same_shape(op, x, *rest, **attrs):
    return [(x.dtype.base_dtype, x.shape)]


def binary_broadcast(op, x, y, **attrs):
    return [(x.dtype.base_dtype, broadcast_shape(op, x, y))]


def binary_compare(op, x, y, **attrs):
    return [(dtypes.bool, broadcast_shape(op, x, y))]


def unknown_dtype_shape(dtype):
    return [(dtype, tensor_shape.unknown_shape())]


def reduction_axes(op, x, axis):
    """The normalised reduction axes if static (list), else None."""
    value = constant_value(axis)
    if value is None:
        return None
    rank = x.shape.ndims
    axes = [int(a) for a in value.reshape(-1).tolist()]
    if rank is None:
        return axes if all(a >= 0 for a in axes) else None
    for a in axes:
        if a < -rank or a >= rank:
            raise shape_error("Invalid reduction dimension %d for input with %d dimensions."
                              % (a, rank), op, [x, axis], {1: value})
    return sorted({a % rank if rank else a for a in axes})


def reduced_shape(op, x, axis, keep_dims) -> TensorShape:
    axes = reduction_axes(op, x, axis)
    rank = x.shape.ndims
    if axes is None or rank is None:
        if keep_dims and rank is not None:
            return tensor_shape.unknown_shape(rank=rank)
        return tensor_shape.unknown_shape()
    dims = x.shape.as_list()
    if keep_dims:
        return TensorShape([1 if i in axes else d for i, d in enumerate(dims)])
    return TensorShape([d for i, d in enumerate(dims) if i not in axes])


def normalize_axis(axis: int, rank: int, op, inputs) -> int:
    if axis < -rank or axis >= rank:
        raise shape_error("Shape must be at least rank %d but is rank %d" % (axis + 1, rank),
                          op, inputs)
    return axis % rank

"""numpy arrays <-> ``TensorProto`` / ``TensorShapeProto`` (TF's ``make_tensor_proto`` and
``make_ndarray``), plus the DataType <-> numpy dtype helpers.

Encoding follows TF's Python writer: strings go to ``string_val``; a one-element tensor, bool,
uint16 and complex tensors go to the typed ``*_val`` fields; other numeric tensors go to
``tensor_content``. Decoding accepts every form TF writes, including a short ``*_val`` list
whose last value is repeated to fill the shape (``tf.constant(7, shape=[2, 2])``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tfcompat.io._dtypes import as_array
from tfcompat.io._dtypes import as_datatype
from tfcompat.io._dtypes import bfloat16_bits
from tfcompat.io._dtypes import bfloat16_to_float32
from tfcompat.io._dtypes import datatype_name
from tfcompat.io._dtypes import from_raw_bytes
from tfcompat.io._dtypes import numpy_dtype
from tfcompat.io._dtypes import to_raw_bytes
from tfcompat.io.proto import tensor_pb2
from tfcompat.io.proto import tensor_shape_pb2
from tfcompat.io.proto import types_pb2 as _t

__all__ = [
    "make_tensor_proto",
    "make_ndarray",
    "shape_to_proto",
    "shape_from_proto",
    "as_datatype",
    "numpy_dtype",
    "datatype_name",
]

# DataType -> name of the typed TensorProto field that holds its values.
_VAL_FIELD = {
    _t.DT_FLOAT: "float_val",
    _t.DT_DOUBLE: "double_val",
    _t.DT_INT32: "int_val",
    _t.DT_UINT8: "int_val",
    _t.DT_INT16: "int_val",
    _t.DT_INT8: "int_val",
    _t.DT_UINT16: "int_val",
    _t.DT_QINT8: "int_val",
    _t.DT_QUINT8: "int_val",
    _t.DT_QINT16: "int_val",
    _t.DT_QUINT16: "int_val",
    _t.DT_QINT32: "int_val",
    _t.DT_INT64: "int64_val",
    _t.DT_BOOL: "bool_val",
    _t.DT_HALF: "half_val",
    _t.DT_BFLOAT16: "half_val",
    _t.DT_COMPLEX64: "scomplex_val",
    _t.DT_COMPLEX128: "dcomplex_val",
    _t.DT_UINT32: "uint32_val",
    _t.DT_UINT64: "uint64_val",
    _t.DT_STRING: "string_val",
}

# Types TF writes to typed fields even when large (observed with TF 2.21's make_tensor_proto).
_ALWAYS_TYPED = {_t.DT_BOOL, _t.DT_UINT16, _t.DT_COMPLEX64, _t.DT_COMPLEX128}


# -- shapes ------------------------------------------------------------------------------------


def shape_to_proto(shape: Sequence[int | None] | None) -> tensor_shape_pb2.TensorShapeProto:
    """``[2, None]`` -> ``dim {size: 2} dim {size: -1}``; ``None`` -> ``unknown_rank: true``."""
    proto = tensor_shape_pb2.TensorShapeProto()
    if shape is None:
        proto.unknown_rank = True
        return proto
    for size in shape:
        proto.dim.add(size=-1 if size is None else int(size))
    return proto


def shape_from_proto(proto: tensor_shape_pb2.TensorShapeProto) -> list[int | None] | None:
    """Inverse of :func:`shape_to_proto`: unknown dims are None, unknown rank is None."""
    if proto.unknown_rank:
        return None
    return [None if d.size < 0 else d.size for d in proto.dim]


# -- numpy -> TensorProto ------------------------------------------------------------------------


def _set_typed_values(proto: tensor_pb2.TensorProto, flat: np.ndarray, dtype: int) -> None:
    field = getattr(proto, _VAL_FIELD[dtype])
    if dtype == _t.DT_STRING:
        field.extend(flat.tolist())
    elif dtype == _t.DT_HALF:
        field.extend(flat.astype(np.float16).view(np.uint16).tolist())
    elif dtype == _t.DT_BFLOAT16:
        field.extend(bfloat16_bits(flat).tolist())
    elif dtype in (_t.DT_COMPLEX64, _t.DT_COMPLEX128):
        field.extend(np.stack([flat.real, flat.imag], axis=-1).ravel().tolist())
    else:
        field.extend(flat.tolist())


def make_tensor_proto(
    values: Any, dtype: Any = None, shape: Sequence[int] | None = None
) -> tensor_pb2.TensorProto:
    """TensorProto holding ``values`` (TF's ``tf.make_tensor_proto``).

    ``dtype`` is a DataType enum value or a numpy dtype; without it, numpy's inference is used
    (so Python floats become DT_DOUBLE: callers wanting TF's float32 default pass it). With
    ``shape``, a single value fills the whole shape and fewer values than elements repeat the
    last one, as in TF1's ``tf.constant(value, shape=...)``.
    """
    array, dtype = as_array(values, dtype)
    shape = list(array.shape) if shape is None else [int(s) for s in shape]
    count = int(np.prod(shape, dtype=np.int64))
    if array.size > count:
        raise ValueError(
            f"Too many elements provided. Takes at most {count}, but got {array.size}."
        )
    if array.size == 0 and count:
        raise ValueError(f"no values given for a tensor of shape {shape}")
    proto = tensor_pb2.TensorProto(dtype=dtype, tensor_shape=shape_to_proto(shape))
    flat = array.reshape(-1)
    if dtype == _t.DT_STRING or array.size == 1 or array.size < count or dtype in _ALWAYS_TYPED:
        _set_typed_values(proto, flat, dtype)
    elif count:
        proto.tensor_content = to_raw_bytes(flat, dtype)
    return proto


# -- TensorProto -> numpy ------------------------------------------------------------------------


def _typed_values(proto: tensor_pb2.TensorProto, dtype: int) -> np.ndarray:
    field = getattr(proto, _VAL_FIELD[dtype])
    if dtype == _t.DT_STRING:
        out = np.empty(len(field), dtype=object)
        out[:] = list(field)
        return out
    if dtype == _t.DT_HALF:
        return np.array(field, dtype=np.int64).astype(np.uint16).view(np.float16)
    if dtype == _t.DT_BFLOAT16:
        return bfloat16_to_float32(np.array(field, dtype=np.int64).astype(np.uint16))
    if dtype in (_t.DT_COMPLEX64, _t.DT_COMPLEX128):
        pairs = np.array(field, dtype=np.float64)
        if pairs.size % 2:
            raise ValueError(f"{datatype_name(dtype)} TensorProto has an odd number of parts")
        return (pairs[0::2] + 1j * pairs[1::2]).astype(numpy_dtype(dtype))
    return np.array(field, dtype=numpy_dtype(dtype))


# protobuf's limit on one message: a TensorProto cannot hold more (TF refuses to build one)
_MAX_TENSOR_BYTES = 2 ** 31


def make_ndarray(proto: tensor_pb2.TensorProto) -> np.ndarray:
    """numpy array held by ``proto`` (TF's ``tf.make_ndarray``); strings come back as bytes.

    Raises ValueError for unknown shapes, unsupported dtypes and inconsistent value counts.
    """
    dtype = proto.dtype
    shape = shape_from_proto(proto.tensor_shape)
    if shape is None or None in shape:
        raise ValueError(f"cannot make an array of a TensorProto with shape {shape}")
    if dtype not in _VAL_FIELD:
        raise ValueError(f"tfcompat.io does not support {datatype_name(dtype)} tensors")
    count = int(np.prod(shape, dtype=np.int64))
    if count * max(numpy_dtype(dtype).itemsize, 1) > _MAX_TENSOR_BYTES or min(shape, default=0) < 0:
        # checked before allocating: a damaged or crafted proto declaring 2^40 elements
        raise ValueError(f"TensorProto of shape {shape} and type {datatype_name(dtype)} declares "
                         f"more than the 2 GB a TensorProto can hold")
    if proto.tensor_content and dtype != _t.DT_STRING:
        return from_raw_bytes(proto.tensor_content, dtype, shape)
    values = _typed_values(proto, dtype)
    if values.size > count:
        raise ValueError(f"TensorProto of shape {shape} holds {values.size} values")
    if values.size < count:
        fill = values[-1] if values.size else (b"" if dtype == _t.DT_STRING else 0)
        padded = np.empty(count, dtype=values.dtype)
        padded[: values.size] = values
        padded[values.size :] = fill
        values = padded
    return values.reshape(shape)

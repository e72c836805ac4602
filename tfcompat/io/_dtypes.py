"""TensorFlow ``DataType`` enum values <-> numpy dtypes, and the raw little-endian element bytes
used by ``TensorProto.tensor_content`` and checkpoint data files.

numpy has no bfloat16: DT_BFLOAT16 values are float32 arrays in memory (exact, since every
bfloat16 is a float32) and are rounded to nearest-even when encoded. Quantized types
(DT_QINT8, ...) are held as their integer storage type. DT_STRING is an object array of bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tfcompat.io.proto import types_pb2 as _t

__all__ = [
    "numpy_dtype",
    "as_datatype",
    "as_array",
    "datatype_name",
    "to_raw_bytes",
    "raw_buffer",
    "from_raw_bytes",
]

# In-memory numpy dtype of every supported DataType.
_NUMPY: dict[int, np.dtype] = {
    _t.DT_FLOAT: np.dtype(np.float32),
    _t.DT_DOUBLE: np.dtype(np.float64),
    _t.DT_INT32: np.dtype(np.int32),
    _t.DT_UINT8: np.dtype(np.uint8),
    _t.DT_INT16: np.dtype(np.int16),
    _t.DT_INT8: np.dtype(np.int8),
    _t.DT_STRING: np.dtype(object),
    _t.DT_COMPLEX64: np.dtype(np.complex64),
    _t.DT_INT64: np.dtype(np.int64),
    _t.DT_BOOL: np.dtype(np.bool_),
    _t.DT_QINT8: np.dtype(np.int8),
    _t.DT_QUINT8: np.dtype(np.uint8),
    _t.DT_QINT32: np.dtype(np.int32),
    _t.DT_BFLOAT16: np.dtype(np.float32),
    _t.DT_QINT16: np.dtype(np.int16),
    _t.DT_QUINT16: np.dtype(np.uint16),
    _t.DT_UINT16: np.dtype(np.uint16),
    _t.DT_COMPLEX128: np.dtype(np.complex128),
    _t.DT_HALF: np.dtype(np.float16),
    _t.DT_UINT32: np.dtype(np.uint32),
    _t.DT_UINT64: np.dtype(np.uint64),
}

# The DataType inferred for a numpy dtype (quantized types and bfloat16 are never inferred).
_FROM_NUMPY: dict[np.dtype, int] = {
    np.dtype(dt): enum
    for enum, dt in _NUMPY.items()
    if enum
    not in (_t.DT_QINT8, _t.DT_QUINT8, _t.DT_QINT32, _t.DT_QINT16, _t.DT_QUINT16, _t.DT_BFLOAT16)
}


def datatype_name(dtype: int) -> str:
    """``"DT_FLOAT"`` for 1, ``"DT_INVALID"`` for unknown values."""
    try:
        return _t.DataType.Name(dtype)
    except ValueError:
        return f"DT_INVALID({dtype})"


def numpy_dtype(dtype: int) -> np.dtype:
    """The numpy dtype that holds values of DataType ``dtype`` in memory."""
    try:
        return _NUMPY[dtype]
    except KeyError:
        raise ValueError(f"tfcompat.io does not support {datatype_name(dtype)} tensors") from None


def as_datatype(dtype: Any) -> int:
    """DataType enum value for a DataType int, or anything ``np.dtype()`` accepts.

    Bytes/str/object dtypes map to DT_STRING.
    """
    if isinstance(dtype, (int, np.integer)) and not isinstance(dtype, bool):
        numpy_dtype(int(dtype))  # validates
        return int(dtype)
    dt = np.dtype(dtype)
    if dt.kind in "OSU":
        return _t.DT_STRING
    try:
        return _FROM_NUMPY[dt.newbyteorder("=")]
    except KeyError:
        raise ValueError(f"no TensorFlow DataType for numpy dtype {dt}") from None


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    raise TypeError(f"DT_STRING tensors hold bytes or str, got {type(value).__name__}")


def as_array(values: Any, dtype: Any = None) -> tuple[np.ndarray, int]:
    """``(array, DataType)`` for array-like ``values``, optionally converted to ``dtype``.

    String data becomes an object array of bytes (str is UTF-8 encoded). numpy's fixed-width
    bytes type would drop trailing NUL bytes, so lists of bytes are converted as objects.
    """
    array = values if isinstance(values, np.ndarray) else np.asarray(values)
    if array.dtype.kind == "S" and not isinstance(values, np.ndarray):
        array = np.asarray(values, dtype=object)
    dtype = as_datatype(array.dtype if dtype is None else dtype)
    if dtype != _t.DT_STRING:
        return np.asarray(array, dtype=numpy_dtype(dtype)), dtype
    if array.dtype != object:
        array = array.astype(object)
    out = np.empty(array.shape, dtype=object)
    out.reshape(-1)[:] = [_as_bytes(v) for v in array.reshape(-1)]
    return out, dtype


def _storage_dtype(dtype: int) -> np.dtype:
    """Little-endian dtype of the raw element bytes on disk."""
    if dtype == _t.DT_BFLOAT16:
        return np.dtype("<u2")
    if dtype == _t.DT_STRING:
        raise ValueError("DT_STRING tensors have no fixed-size raw encoding")
    return numpy_dtype(dtype).newbyteorder("<")


def bfloat16_bits(array: np.ndarray) -> np.ndarray:
    """uint16 bit patterns of ``array`` rounded to bfloat16 (round to nearest even)."""
    bits = np.ascontiguousarray(array, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
    nan = np.isnan(array)
    if nan.any():
        rounded[nan] = ((bits[nan] >> 16) | 0x40).astype(np.uint16)  # keep it a (quiet) NaN
    return rounded


def bfloat16_to_float32(bits: np.ndarray) -> np.ndarray:
    return (bits.astype(np.uint32) << 16).view(np.float32)


def to_raw_bytes(array: np.ndarray, dtype: int) -> bytes:
    """Little-endian, C-order element bytes of ``array`` as DataType ``dtype``."""
    if dtype == _t.DT_BFLOAT16:
        return bfloat16_bits(np.asarray(array)).astype("<u2").tobytes()
    return np.ascontiguousarray(array, dtype=_storage_dtype(dtype)).tobytes()


def raw_buffer(array: np.ndarray, dtype: int) -> bytes | memoryview:
    """Like :func:`to_raw_bytes`, but a view of ``array``'s own memory (no copy) when it is
    already C-contiguous little-endian data of the storage type; for writing large tensors."""
    if dtype not in (_t.DT_BFLOAT16, _t.DT_STRING):
        storage = _storage_dtype(dtype)
        if isinstance(array, np.ndarray) and array.dtype == storage and \
                array.flags.c_contiguous:
            return memoryview(array.reshape(-1)).cast("B")
    return to_raw_bytes(array, dtype)


def from_raw_bytes(buf: bytes | memoryview, dtype: int, shape: Sequence[int]) -> np.ndarray:
    """Inverse of :func:`to_raw_bytes`; raises ValueError when the byte count is wrong."""
    storage = _storage_dtype(dtype)
    count = int(np.prod(shape, dtype=np.int64))
    if len(buf) != count * storage.itemsize:
        raise ValueError(
            f"{datatype_name(dtype)} tensor of shape {list(shape)} needs "
            f"{count * storage.itemsize} bytes, got {len(buf)}"
        )
    flat = np.frombuffer(buf, dtype=storage)
    if dtype == _t.DT_BFLOAT16:
        return bfloat16_to_float32(flat).reshape(shape)
    return flat.astype(numpy_dtype(dtype)).reshape(shape)  # copy, native byte order

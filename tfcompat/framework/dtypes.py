"""TensorFlow's DType objects (tf.float32, tf.int32, ...) and as_dtype().

Each DType carries its TF DataType enum and maps to a numpy type and a torch dtype. This is
the bottom layer of tfcompat and imports no other tfcompat module; tensors and shapes live
elsewhere (framework/operation.py, framework/tensor_shape.py).
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np
import torch

try:  # NOTE: TF gets bfloat16 from ml_dtypes; without it tfcompat falls back to np.float32.
    import ml_dtypes as _ml_dtypes
except ImportError:  # pragma: no cover - depends on the environment
    _ml_dtypes = None

__all__ = [
    "DType",
    "QUANTIZED_DTYPES",
    "as_dtype",
    "from_numpy",
    "from_torch",
    "resource",
    "variant",
    "float16",
    "half",
    "float32",
    "float64",
    "double",
    "bfloat16",
    "complex64",
    "complex128",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "bool",
    "string",
    "qint8",
    "quint8",
    "qint16",
    "quint16",
    "qint32",
    "resource_ref",
    "variant_ref",
    "float16_ref",
    "half_ref",
    "float32_ref",
    "float64_ref",
    "double_ref",
    "bfloat16_ref",
    "complex64_ref",
    "complex128_ref",
    "int8_ref",
    "int16_ref",
    "int32_ref",
    "int64_ref",
    "uint8_ref",
    "uint16_ref",
    "uint32_ref",
    "uint64_ref",
    "bool_ref",
    "string_ref",
    "qint8_ref",
    "quint8_ref",
    "qint16_ref",
    "quint16_ref",
    "qint32_ref",
]

_REF_OFFSET = 100

# NOTE: TF represents quantized types in numpy as one-field structured dtypes.
_np_qint8 = np.dtype([("qint8", np.int8)])
_np_quint8 = np.dtype([("quint8", np.uint8)])
_np_qint16 = np.dtype([("qint16", np.int16)])
_np_quint16 = np.dtype([("quint16", np.uint16)])
_np_qint32 = np.dtype([("qint32", np.int32)])
_np_bfloat16: Any = _ml_dtypes.bfloat16 if _ml_dtypes is not None else np.float32

# Base (non-ref) types: enum -> (name, numpy type, torch dtype, size in bytes).
# NOTE: TF's quantized types have no torch equivalent usable by ordinary kernels, so they
# map to the plain integer dtype of the same width (torch.qint8 is accepted as input only).
_BASE_TYPES: dict[int, tuple[str, Any, torch.dtype | None, int]] = {
    1: ("float32", np.float32, torch.float32, 4),
    2: ("float64", np.float64, torch.float64, 8),
    3: ("int32", np.int32, torch.int32, 4),
    4: ("uint8", np.uint8, torch.uint8, 1),
    5: ("int16", np.int16, torch.int16, 2),
    6: ("int8", np.int8, torch.int8, 1),
    7: ("string", object, None, 0),
    8: ("complex64", np.complex64, torch.complex64, 8),
    9: ("int64", np.int64, torch.int64, 8),
    10: ("bool", np.bool_, torch.bool, 1),
    11: ("qint8", _np_qint8, torch.int8, 1),
    12: ("quint8", _np_quint8, torch.uint8, 1),
    13: ("qint32", _np_qint32, torch.int32, 4),
    14: ("bfloat16", _np_bfloat16, torch.bfloat16, 2),
    15: ("qint16", _np_qint16, torch.int16, 2),
    16: ("quint16", _np_quint16, getattr(torch, "uint16", None), 2),
    17: ("uint16", np.uint16, getattr(torch, "uint16", None), 2),
    18: ("complex128", np.complex128, torch.complex128, 16),
    19: ("float16", np.float16, torch.float16, 2),
    20: ("resource", None, None, 0),
    21: ("variant", None, None, 0),
    22: ("uint32", np.uint32, getattr(torch, "uint32", None), 4),
    23: ("uint64", np.uint64, getattr(torch, "uint64", None), 8),
}

_TYPE_TO_STRING: dict[int, str] = {}
for _enum, (_name, *_rest) in _BASE_TYPES.items():
    _TYPE_TO_STRING[_enum] = _name
    _TYPE_TO_STRING[_enum + _REF_OFFSET] = _name + "_ref"

_FLOATING = frozenset({1, 2, 14, 19})
_INTEGER = frozenset({3, 4, 5, 6, 9, 17, 22, 23})
_UNSIGNED = frozenset({4, 17, 22, 23})
_COMPLEX = frozenset({8, 18})
_QUANTIZED = frozenset({11, 12, 13, 15, 16})
_NUMERIC = _FLOATING | _INTEGER | _COMPLEX | _QUANTIZED
_NUMPY_INCOMPATIBLE = frozenset({20, 21})

# Ranges used by DType.limits (TF's dtype_range); the other types have no limits.
_LIMITS: dict[int, tuple[Any, Any]] = {
    10: (False, True),
    4: (0, 255),
    17: (0, 65535),
    6: (-128, 127),
    5: (-32768, 32767),
    9: (-(2**63), 2**63 - 1),
    23: (0, 2**64 - 1),
    3: (-(2**31), 2**31 - 1),
    22: (0, 2**32 - 1),
    1: (-1, 1),
    2: (-1, 1),
}


class DType:
    """A TensorFlow element type, e.g. ``tf.float32`` (TF1's ``tf.DType``).

    DTypes are interned: ``as_dtype`` always returns the module constant. Reference types
    (``float32_ref``, enum + 100) are what TF1 variables produce; ``base_dtype`` strips them.
    Besides TF's API, ``torch_dtype`` gives the torch dtype used at run time.

    >>> as_dtype("float").name, as_dtype(np.int64), float32.torch_dtype
    ('float32', tf.int64, torch.float32)
    """

    __slots__ = ("_type_enum",)

    def __init__(self, type_enum: int) -> None:
        type_enum = int(type_enum)
        if type_enum not in _TYPE_TO_STRING:
            raise TypeError(f"{type_enum} does not correspond to a valid tensorflow::DataType")
        self._type_enum = type_enum

    @property
    def _base_enum(self) -> int:
        return self._type_enum % _REF_OFFSET

    @property
    def _is_ref_dtype(self) -> builtins.bool:
        return self._type_enum > _REF_OFFSET

    @property
    def _as_ref(self) -> DType:
        return _INTERN_TABLE[self._base_enum + _REF_OFFSET]

    @property
    def name(self) -> str:
        return _TYPE_TO_STRING[self._type_enum]

    @property
    def as_datatype_enum(self) -> int:
        return self._type_enum

    @property
    def base_dtype(self) -> DType:
        return _INTERN_TABLE[self._base_enum]

    @property
    def real_dtype(self) -> DType:
        # NOTE: like TF, a real ref type keeps its ref (float32_ref.real_dtype is float32_ref).
        base = self._base_enum
        if base == 8:
            return float32
        if base == 18:
            return float64
        return self

    @property
    def as_numpy_dtype(self) -> Any:
        base = self._base_enum
        if base in _NUMPY_INCOMPATIBLE:
            raise KeyError(self._type_enum)  # NOTE: TF raises this bare KeyError too.
        if base == 7 and self._is_ref_dtype:
            return np.object_  # NOTE: TF gives `object` for string, np.object_ for string_ref.
        return _BASE_TYPES[base][1]

    @property
    def torch_dtype(self) -> torch.dtype | None:
        """The torch dtype holding this type's values, or None (string, resource, variant)."""
        return _BASE_TYPES[self._base_enum][2]

    @property
    def size(self) -> int:
        return _BASE_TYPES[self._base_enum][3]

    @property
    def is_floating(self) -> builtins.bool:
        return self._base_enum in _FLOATING

    @property
    def is_integer(self) -> builtins.bool:
        return self._base_enum in _INTEGER

    @property
    def is_unsigned(self) -> builtins.bool:
        return self._base_enum in _UNSIGNED

    @property
    def is_complex(self) -> builtins.bool:
        return self._base_enum in _COMPLEX

    @property
    def is_bool(self) -> builtins.bool:
        return self._base_enum == 10

    @property
    def is_quantized(self) -> builtins.bool:
        return self._base_enum in _QUANTIZED

    @property
    def is_numeric(self) -> builtins.bool:
        return self._base_enum in _NUMERIC

    @property
    def is_numpy_compatible(self) -> builtins.bool:
        return self._base_enum not in _NUMPY_INCOMPATIBLE

    @property
    def min(self) -> Any:
        return self._extreme("minimum")

    @property
    def max(self) -> Any:
        return self._extreme("maximum")

    def _extreme(self, which: str) -> Any:
        base = self._base_enum
        if base in _QUANTIZED or base in (10, 7, 8, 18):
            kind = "quantized type" if base in _QUANTIZED else "type"
            raise TypeError(
                f"Cannot find {which} value of {self} with {kind} {self.base_dtype}."
            )
        if base == 14:
            return _bfloat16_extreme(which)
        np_type = _BASE_TYPES[base][1]
        if base in _FLOATING:
            info = np.finfo(np_type)
        elif base in _INTEGER:
            info = np.iinfo(np_type)
        else:
            raise TypeError(f"Cannot find {which} value of {self}.")
        return info.min if which == "minimum" else info.max

    @property
    def limits(self) -> tuple[Any, Any]:
        # NOTE: TF declares `limits(self, clip_negative=True)` as a property, so the minimum
        # is always clipped to 0; reproduced as is.
        if self._base_enum in _NUMPY_INCOMPATIBLE:
            raise KeyError(self._type_enum)
        if self._base_enum not in _LIMITS:
            raise ValueError(str(self) + " does not have defined limits.")
        return 0, _LIMITS[self._base_enum][1]

    def is_compatible_with(self, other: Any) -> builtins.bool:
        """True if a tensor of type ``other`` converts implicitly to this type (TF1)."""
        other = as_dtype(other)
        return self._type_enum in (other.as_datatype_enum, other.base_dtype.as_datatype_enum)

    def __eq__(self, other: object) -> builtins.bool:
        if other is None:
            return False
        if type(other) is not DType:
            try:
                other = as_dtype(other)
            except TypeError:
                return False
        return self._type_enum == other._type_enum

    def __ne__(self, other: object) -> builtins.bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return self._type_enum

    def __repr__(self) -> str:
        return "tf." + self.name

    def __str__(self) -> str:
        return f"<dtype: {self.name!r}>"

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return as_dtype, (self.name,)


def _bfloat16_extreme(which: str) -> Any:
    if _ml_dtypes is not None:
        info = _ml_dtypes.finfo(_ml_dtypes.bfloat16)
        return info.min if which == "minimum" else info.max
    # NOTE: without ml_dtypes the exact bfloat16 limit is returned as an np.float32.
    value = np.float32(float.fromhex("0x1.FEp127"))
    return -value if which == "minimum" else value


resource = DType(20)
variant = DType(21)
uint8 = DType(4)
uint16 = DType(17)
uint32 = DType(22)
uint64 = DType(23)
int8 = DType(6)
int16 = DType(5)
int32 = DType(3)
int64 = DType(9)
float16 = DType(19)
half = float16
float32 = DType(1)
float64 = DType(2)
double = float64
complex64 = DType(8)
complex128 = DType(18)
string = DType(7)
bool = DType(10)  # noqa: A001 - TF's public name; builtins.bool is used in this module
qint8 = DType(11)
qint16 = DType(15)
qint32 = DType(13)
quint8 = DType(12)
quint16 = DType(16)
bfloat16 = DType(14)

resource_ref = DType(120)
variant_ref = DType(121)
float16_ref = DType(119)
half_ref = float16_ref
float32_ref = DType(101)
float64_ref = DType(102)
double_ref = float64_ref
int32_ref = DType(103)
uint32_ref = DType(122)
uint8_ref = DType(104)
uint16_ref = DType(117)
int16_ref = DType(105)
int8_ref = DType(106)
string_ref = DType(107)
complex64_ref = DType(108)
complex128_ref = DType(118)
int64_ref = DType(109)
uint64_ref = DType(123)
bool_ref = DType(110)
qint8_ref = DType(111)
quint8_ref = DType(112)
qint16_ref = DType(115)
quint16_ref = DType(116)
qint32_ref = DType(113)
bfloat16_ref = DType(114)

_INTERN_TABLE: dict[int, DType] = {
    value._type_enum: value for value in list(globals().values()) if isinstance(value, DType)
}
assert len(_INTERN_TABLE) == len(_TYPE_TO_STRING), "every DataType enum needs a constant"

QUANTIZED_DTYPES = frozenset(
    {_INTERN_TABLE[e] for e in _QUANTIZED} | {_INTERN_TABLE[e + _REF_OFFSET] for e in _QUANTIZED}
)

_STRING_TO_TF: dict[str, DType] = {n: _INTERN_TABLE[e] for e, n in _TYPE_TO_STRING.items()}
_STRING_TO_TF.update(
    {
        "half": float16,
        "half_ref": float16_ref,
        "float": float32,
        "float_ref": float32_ref,
        "double": float64,
        "double_ref": float64_ref,
    }
)

_NP_TO_TF: dict[Any, DType] = {
    np.float16: float16,
    np.float32: float32,
    np.float64: float64,
    np.int32: int32,
    np.int64: int64,
    np.uint8: uint8,
    np.uint16: uint16,
    np.uint32: uint32,
    np.uint64: uint64,
    np.int16: int16,
    np.int8: int8,
    np.complex64: complex64,
    np.complex128: complex128,
    np.object_: string,
    np.bytes_: string,
    np.str_: string,
    np.bool_: bool,
    _np_qint8: qint8,
    _np_quint8: quint8,
    _np_qint16: qint16,
    _np_quint16: quint16,
    _np_qint32: qint32,
}
if _ml_dtypes is not None:
    _NP_TO_TF[_ml_dtypes.bfloat16] = bfloat16
# NOTE: numpy's platform types (np.intc, np.longlong, ...) are not always the same objects as
# the fixed-width ones; map them through their dtype, as TF does.
for _platform_type in (np.intc, np.uintc, np.int_, np.uint, np.longlong, np.ulonglong):
    if _platform_type not in _NP_TO_TF:
        _NP_TO_TF[_platform_type] = next(
            tf_type for np_type, tf_type in _NP_TO_TF.items() if np_type == np.dtype(_platform_type)
        )

_TORCH_TO_TF: dict[torch.dtype, DType] = {
    info[2]: _INTERN_TABLE[e]
    for e, info in _BASE_TYPES.items()
    if info[2] is not None and e not in _QUANTIZED
}
_TORCH_TO_TF.update({torch.qint8: qint8, torch.quint8: quint8, torch.qint32: qint32})

_PYTHON_TO_TF: dict[Any, DType] = {builtins.float: float32, builtins.bool: bool, object: string}

# NOTE: one dict keyed by enum ints, names, numpy and Python types, as TF does; this also
# reproduces TF's quirks such as as_dtype(True) -> float32 (True hashes like the enum 1).
_ANY_TO_TF: dict[Any, DType] = {}
for _table in (_INTERN_TABLE, _STRING_TO_TF, _PYTHON_TO_TF, _NP_TO_TF, _TORCH_TO_TF):
    _ANY_TO_TF.update(_table)
assert len(_ANY_TO_TF) == sum(
    len(t) for t in (_INTERN_TABLE, _STRING_TO_TF, _PYTHON_TO_TF, _NP_TO_TF, _TORCH_TO_TF)
), "as_dtype lookup tables collide"


def as_dtype(type_value: Any) -> DType:
    """Convert ``type_value`` to a DType, like ``tf.as_dtype``.

    Accepts a DType, a DataType enum, a name ('float32', 'float', 'double', 'string'), a numpy
    dtype or type, ``float``/``bool``/``object``, or anything with a numpy ``.dtype``.

    Differences from TensorFlow: torch dtypes (and objects whose ``.dtype`` is one, such as
    torch tensors) are accepted too.

    >>> as_dtype("float"), as_dtype(2), as_dtype(np.dtype("int64")), as_dtype(torch.int8)
    (tf.float32, tf.float64, tf.int64, tf.int8)
    """
    if isinstance(type_value, DType):
        return _INTERN_TABLE[type_value._type_enum]
    if isinstance(type_value, np.dtype):
        found = _NP_TO_TF.get(type_value.type)
        if found is not None:
            return found
    try:
        return _ANY_TO_TF[type_value]
    except (KeyError, TypeError):  # TypeError: type_value is unhashable
        pass
    if hasattr(type_value, "dtype"):
        found = _from_dtype_attribute(type_value.dtype)
        if found is not None:
            return found
    raise TypeError(
        f"Cannot convert the argument `type_value`: {type_value!r} to a TensorFlow DType."
    )


def _from_dtype_attribute(dtype: Any) -> DType | None:
    if isinstance(dtype, torch.dtype):
        return _TORCH_TO_TF.get(dtype)
    try:
        return _NP_TO_TF[np.dtype(dtype).type]
    except (KeyError, TypeError):
        return None


def from_numpy(np_dtype: Any) -> DType:
    """The DType for a numpy dtype or scalar type (np.float32, np.dtype('int64'), object)."""
    try:
        if np_dtype is None:  # np.dtype(None) would silently mean float64
            raise TypeError("None is not a numpy dtype")
        dtype = np.dtype(np_dtype)
    except TypeError as e:
        raise TypeError(
            f"Cannot convert the argument `type_value`: {np_dtype!r} to a TensorFlow DType."
        ) from e
    return as_dtype(dtype)


def from_torch(torch_dtype: torch.dtype) -> DType:
    """The DType for a torch dtype (torch.qint8/quint8/qint32 give the quantized types)."""
    found = _TORCH_TO_TF.get(torch_dtype) if isinstance(torch_dtype, torch.dtype) else None
    if found is None:
        raise TypeError(
            f"Cannot convert the argument `type_value`: {torch_dtype!r} to a TensorFlow DType."
        )
    return found


def numpy_to_torch(array: np.ndarray) -> torch.Tensor:
    """A torch tensor over `array`'s data; bfloat16 arrays (ml_dtypes) go through their bits,
    which torch.from_numpy cannot read."""
    if _ml_dtypes is not None and array.dtype == _ml_dtypes.bfloat16:
        # NOTE: np.ascontiguousarray makes a 0-d array 1-d: reshape keeps a scalar a scalar.
        bits = np.ascontiguousarray(array).view(np.int16).reshape(array.shape)
        return torch.from_numpy(bits).view(torch.bfloat16)
    return torch.from_numpy(array)


def torch_to_numpy(value: torch.Tensor) -> np.ndarray:
    """A fresh numpy array of a CPU tensor's values, bfloat16 as ml_dtypes' bfloat16 (as TF)."""
    if value.dtype == torch.bfloat16:
        bits = value.contiguous().view(torch.int16).numpy().copy()
        return bits.view(_ml_dtypes.bfloat16) if _ml_dtypes is not None else \
            value.float().numpy()
    return value.numpy().copy()

"""Tests for tfcompat/framework/dtypes.py.

Expected values were taken from the reference TensorFlow (tensorflow.compat.v1, 2.21) except
where a test says it checks a tfcompat extension (torch_dtype, from_torch, from_numpy).
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import torch

from tfcompat.framework import dtypes

# name, enum, size, flags: is_floating is_integer is_complex is_bool is_unsigned is_quantized
# is_numpy_compatible is_numeric, real_dtype name.
PROPERTIES = [
    ("float16", 19, 2, "10000011", "float16"),
    ("float32", 1, 4, "10000011", "float32"),
    ("float64", 2, 8, "10000011", "float64"),
    ("bfloat16", 14, 2, "10000011", "bfloat16"),
    ("int8", 6, 1, "01000011", "int8"),
    ("int16", 5, 2, "01000011", "int16"),
    ("int32", 3, 4, "01000011", "int32"),
    ("int64", 9, 8, "01000011", "int64"),
    ("uint8", 4, 1, "01001011", "uint8"),
    ("uint16", 17, 2, "01001011", "uint16"),
    ("uint32", 22, 4, "01001011", "uint32"),
    ("uint64", 23, 8, "01001011", "uint64"),
    ("bool", 10, 1, "00010010", "bool"),
    ("string", 7, 0, "00000010", "string"),
    ("complex64", 8, 8, "00100011", "float32"),
    ("complex128", 18, 16, "00100011", "float64"),
    ("qint8", 11, 1, "00000111", "qint8"),
    ("quint8", 12, 1, "00000111", "quint8"),
    ("qint16", 15, 2, "00000111", "qint16"),
    ("quint16", 16, 2, "00000111", "quint16"),
    ("qint32", 13, 4, "00000111", "qint32"),
    ("resource", 20, 0, "00000000", "resource"),
    ("variant", 21, 0, "00000000", "variant"),
]
FLAGS = [
    "is_floating",
    "is_integer",
    "is_complex",
    "is_bool",
    "is_unsigned",
    "is_quantized",
    "is_numpy_compatible",
    "is_numeric",
]
NAMES = [row[0] for row in PROPERTIES]


@pytest.mark.parametrize("name, enum, size, flags, real", PROPERTIES)
def test_properties(name, enum, size, flags, real):
    plain, ref = getattr(dtypes, name), getattr(dtypes, name + "_ref")
    for dtype, want_enum in [(plain, enum), (ref, enum + 100)]:
        assert dtype.as_datatype_enum == want_enum
        assert dtype.size == size
        assert "".join("1" if getattr(dtype, f) else "0" for f in FLAGS) == flags
        assert dtype.base_dtype is getattr(dtypes, name)
        assert dtype._as_ref is getattr(dtypes, name + "_ref")
        assert dtype._is_ref_dtype == (want_enum > 100)


@pytest.mark.parametrize("name, enum, size, flags, real", PROPERTIES)
def test_names_and_real_dtype(name, enum, size, flags, real):
    dtype = getattr(dtypes, name)
    assert dtype.name == name
    assert dtype._as_ref.name == name + "_ref"
    assert dtype.real_dtype is getattr(dtypes, real)
    # NOTE (TF): a real ref type keeps the ref; a complex ref type gives the plain float.
    want_ref_real = getattr(dtypes, real if dtype.is_complex else name + "_ref")
    assert dtype._as_ref.real_dtype is want_ref_real


def test_repr_and_str():
    assert repr(dtypes.float32) == "tf.float32"
    assert str(dtypes.float32) == "<dtype: 'float32'>"
    assert repr(dtypes.float32_ref) == "tf.float32_ref"
    assert str(dtypes.int64_ref) == "<dtype: 'int64_ref'>"


def test_aliases():
    assert dtypes.half is dtypes.float16
    assert dtypes.double is dtypes.float64
    assert dtypes.half_ref is dtypes.float16_ref
    assert dtypes.double_ref is dtypes.float64_ref


@pytest.mark.parametrize(
    "name, want",
    [
        ("float16", np.float16),
        ("float32", np.float32),
        ("float64", np.float64),
        ("int8", np.int8),
        ("int16", np.int16),
        ("int32", np.int32),
        ("int64", np.int64),
        ("uint8", np.uint8),
        ("uint16", np.uint16),
        ("uint32", np.uint32),
        ("uint64", np.uint64),
        ("bool", np.bool_),
        ("complex64", np.complex64),
        ("complex128", np.complex128),
        ("string", object),
        ("string_ref", np.object_),
        ("float32_ref", np.float32),
        ("qint8", np.dtype([("qint8", "i1")])),
        ("quint8", np.dtype([("quint8", "u1")])),
        ("qint16", np.dtype([("qint16", "<i2")])),
        ("quint16", np.dtype([("quint16", "<u2")])),
        ("qint32", np.dtype([("qint32", "<i4")])),
    ],
)
def test_as_numpy_dtype(name, want):
    got = getattr(dtypes, name).as_numpy_dtype
    if isinstance(want, np.dtype):
        assert got == want
    else:
        assert got is want


@pytest.mark.parametrize("name, enum", [("resource", 20), ("variant", 21), ("resource_ref", 120)])
def test_as_numpy_dtype_of_handles_raises_key_error(name, enum):
    with pytest.raises(KeyError) as info:
        getattr(dtypes, name).as_numpy_dtype
    assert info.value.args == (enum,)


def test_bfloat16_numpy_type():
    np_type = dtypes.bfloat16.as_numpy_dtype
    if dtypes._ml_dtypes is not None:
        assert np_type is dtypes._ml_dtypes.bfloat16
    else:
        assert np_type is np.float32  # documented fallback without ml_dtypes


MIN_MAX = [
    ("float16", np.float16(-6.55e04), np.float16(6.55e04)),
    ("float32", np.float32(-3.4028235e38), np.float32(3.4028235e38)),
    ("float64", -1.7976931348623157e308, 1.7976931348623157e308),
    ("int8", -128, 127),
    ("int16", -32768, 32767),
    ("int32", -2147483648, 2147483647),
    ("int64", -9223372036854775808, 9223372036854775807),
    ("uint8", 0, 255),
    ("uint16", 0, 65535),
    ("uint32", 0, 4294967295),
    ("uint64", 0, 18446744073709551615),
]


@pytest.mark.parametrize("name, lo, hi", MIN_MAX)
def test_min_max(name, lo, hi):
    for dtype in [getattr(dtypes, name), getattr(dtypes, name + "_ref")]:
        assert dtype.min == lo and dtype.max == hi
        assert type(dtype.min) is type(lo if not isinstance(lo, float) else np.float64(lo))


def test_bfloat16_min_max():
    # TF prints -3.38953e+38; the exact value is -(2 - 2**-7) * 2**127.
    assert float(dtypes.bfloat16.min) == -3.3895313892515355e38
    assert float(dtypes.bfloat16_ref.max) == 3.3895313892515355e38


@pytest.mark.parametrize(
    "name, message",
    [
        ("bool", "minimum value of <dtype: 'bool'> with type <dtype: 'bool'>."),
        ("string", "minimum value of <dtype: 'string'> with type <dtype: 'string'>."),
        ("complex64", "minimum value of <dtype: 'complex64'> with type <dtype: 'complex64'>."),
        ("bool_ref", "minimum value of <dtype: 'bool_ref'> with type <dtype: 'bool'>."),
        ("qint8", "minimum value of <dtype: 'qint8'> with quantized type <dtype: 'qint8'>."),
        (
            "qint8_ref",
            "minimum value of <dtype: 'qint8_ref'> with quantized type <dtype: 'qint8'>.",
        ),
        ("resource", "minimum value of <dtype: 'resource'>."),
        ("variant_ref", "minimum value of <dtype: 'variant_ref'>."),
    ],
)
def test_min_max_errors(name, message):
    with pytest.raises(TypeError) as info:
        getattr(dtypes, name).min
    assert str(info.value) == "Cannot find " + message
    with pytest.raises(TypeError) as info:
        getattr(dtypes, name).max
    assert str(info.value) == "Cannot find " + message.replace("minimum", "maximum")


@pytest.mark.parametrize(
    "name, want",
    [
        ("float32", (0, 1)),
        ("float64_ref", (0, 1)),
        ("int8", (0, 127)),
        ("int64", (0, 9223372036854775807)),
        ("uint32", (0, 4294967295)),
        ("bool", (0, True)),
    ],
)
def test_limits(name, want):
    # NOTE (TF): `limits` is a property with clip_negative=True, so the minimum is always 0.
    assert getattr(dtypes, name).limits == want


@pytest.mark.parametrize("name", ["float16", "bfloat16", "string", "complex64", "qint8"])
def test_limits_undefined(name):
    with pytest.raises(ValueError, match=r"^<dtype: '%s'> does not have defined limits\.$" % name):
        getattr(dtypes, name).limits


@pytest.mark.parametrize(
    "value, want",
    [
        (float, "float32"),
        (bool, "bool"),
        (object, "string"),
        (np.float32, "float32"),
        (np.object_, "string"),
        (np.bytes_, "string"),
        (np.str_, "string"),
        (np.bool_, "bool"),
        (np.dtype("int64"), "int64"),
        (np.dtype("U3"), "string"),
        (np.dtype("S3"), "string"),
        (np.dtype("O"), "string"),
        (np.dtype([("qint8", "i1")]), "qint8"),
        (np.longlong, "int64"),
        (np.ulonglong, "uint64"),
        (np.intc, "int32"),
        (np.uintc, "uint32"),
        ("float", "float32"),
        ("double", "float64"),
        ("half", "float16"),
        ("float_ref", "float32_ref"),
        ("double_ref", "float64_ref"),
        ("string", "string"),
        ("bfloat16", "bfloat16"),
        (1, "float32"),
        (2, "float64"),
        (101, "float32_ref"),
        # TF quirks: the lookup dict also matches values that hash like an enum.
        (True, "float32"),
        (3.0, "int32"),
        (np.int64(3), "int32"),
        # Objects with a numpy .dtype.
        (np.array([1.0]), "float64"),
        (np.zeros(2, np.int8), "int8"),
        (np.float64(1.5), "float64"),
    ],
)
def test_as_dtype(value, want):
    assert dtypes.as_dtype(value) is getattr(dtypes, want)


@pytest.mark.parametrize("name", NAMES)
def test_as_dtype_round_trips(name):
    dtype = getattr(dtypes, name)
    for value in [name, dtype.as_datatype_enum, dtype, name + "_ref"]:
        assert dtypes.as_dtype(value) in (dtype, dtype._as_ref)
    assert dtypes.as_dtype(name + "_ref") is dtype._as_ref


@pytest.mark.parametrize(
    "value, text",
    [
        (int, "<class 'int'>"),
        (complex, "<class 'complex'>"),
        (str, "<class 'str'>"),
        (bytes, "<class 'bytes'>"),
        (0, "0"),
        (999, "999"),
        ("Float32", "'Float32'"),
        ("float32 ", "'float32 '"),
        (None, "None"),
        ([1], "[1]"),
        (np.longdouble, "<class 'numpy.longdouble'>"),
        (np.datetime64, "<class 'numpy.datetime64'>"),
        (np.dtype("M8"), "dtype('<M8')"),
    ],
)
def test_as_dtype_rejects(value, text):
    with pytest.raises(TypeError) as info:
        dtypes.as_dtype(value)
    assert str(info.value) == (
        f"Cannot convert the argument `type_value`: {text} to a TensorFlow DType."
    )


def test_dtype_constructor():
    fresh = dtypes.DType(1)
    assert fresh == dtypes.float32 and fresh is not dtypes.float32
    assert dtypes.as_dtype(fresh) is dtypes.float32
    assert repr(dtypes.DType(101)) == "tf.float32_ref"
    assert repr(dtypes.DType(1.0)) == "tf.float32"
    for bad in [999, 0, -1]:
        text = f"^{bad} does not correspond to a valid tensorflow::DataType$"
        with pytest.raises(TypeError, match=text):
            dtypes.DType(bad)
    with pytest.raises(ValueError, match="invalid literal for int"):
        dtypes.DType("x")


@pytest.mark.parametrize(
    "other, want",
    [
        (1, True),
        ("float32", True),
        (np.float32, True),
        (np.dtype("float32"), True),
        (float, True),
        (None, False),
        ("junk", False),
        ([1], False),
        ("float32_ref", False),
        (np.float64, False),
    ],
)
def test_eq(other, want):
    assert (dtypes.float32 == other) is want
    assert (dtypes.float32 != other) is (not want)


def test_eq_refs_and_hash():
    assert dtypes.float32 != dtypes.float32_ref
    assert dtypes.string == object
    assert hash(dtypes.float32) == 1
    assert hash(dtypes.float32_ref) == 101
    assert {dtypes.float32: 1}[dtypes.as_dtype("float")] == 1
    assert len({dtypes.float32, dtypes.as_dtype(np.float32), dtypes.float32_ref}) == 2
    with pytest.raises(TypeError):
        dtypes.float32 < dtypes.int32  # noqa: B015


def test_is_compatible_with():
    assert dtypes.float32.is_compatible_with(dtypes.float32_ref)
    assert not dtypes.float32_ref.is_compatible_with(dtypes.float32)
    assert dtypes.float32_ref.is_compatible_with(dtypes.float32_ref)
    assert dtypes.float32.is_compatible_with("float32")
    assert dtypes.float32.is_compatible_with(np.float32)
    assert not dtypes.float32.is_compatible_with(dtypes.float64)
    with pytest.raises(TypeError, match="Cannot convert the argument `type_value`: 'junk'"):
        dtypes.float32.is_compatible_with("junk")


@pytest.mark.parametrize("name", ["float32", "int64_ref", "qint8", "string"])
def test_pickle_interns(name):
    dtype = getattr(dtypes, name)
    assert pickle.loads(pickle.dumps(dtype)) is dtype


def test_quantized_dtypes():
    want = {"qint8", "quint8", "qint16", "quint16", "qint32"}
    assert {d.name for d in dtypes.QUANTIZED_DTYPES} == want | {n + "_ref" for n in want}
    assert isinstance(dtypes.QUANTIZED_DTYPES, frozenset)


# -- tfcompat extensions (no TF counterpart) ---------------------------------------------

TORCH = [
    ("float16", torch.float16),
    ("float32", torch.float32),
    ("float64", torch.float64),
    ("bfloat16", torch.bfloat16),
    ("int8", torch.int8),
    ("int16", torch.int16),
    ("int32", torch.int32),
    ("int64", torch.int64),
    ("uint8", torch.uint8),
    ("uint16", torch.uint16),
    ("uint32", torch.uint32),
    ("uint64", torch.uint64),
    ("bool", torch.bool),
    ("complex64", torch.complex64),
    ("complex128", torch.complex128),
]


@pytest.mark.parametrize("name, torch_dtype", TORCH)
def test_torch_round_trip(name, torch_dtype):
    dtype = getattr(dtypes, name)
    assert dtype.torch_dtype is torch_dtype
    assert dtype._as_ref.torch_dtype is torch_dtype
    assert dtypes.from_torch(torch_dtype) is dtype
    assert dtypes.as_dtype(torch_dtype) is dtype
    assert dtype == torch_dtype


@pytest.mark.parametrize(
    "name, storage, source",
    [
        ("qint8", torch.int8, torch.qint8),
        ("quint8", torch.uint8, torch.quint8),
        ("qint32", torch.int32, torch.qint32),
        ("qint16", torch.int16, None),
        ("quint16", torch.uint16, None),
    ],
)
def test_torch_quantized(name, storage, source):
    dtype = getattr(dtypes, name)
    assert dtype.torch_dtype is storage
    assert dtypes.from_torch(storage) is not dtype  # plain ints stay plain ints
    if source is not None:
        assert dtypes.from_torch(source) is dtype


@pytest.mark.parametrize("name", ["string", "resource", "variant", "string_ref"])
def test_torch_none(name):
    assert getattr(dtypes, name).torch_dtype is None


def test_as_dtype_of_torch_tensor():
    assert dtypes.as_dtype(torch.zeros(2, dtype=torch.int16)) is dtypes.int16
    assert dtypes.as_dtype(torch.float) is dtypes.float32


def test_from_torch_rejects():
    with pytest.raises(TypeError, match=r"torch\.complex32 to a TensorFlow DType\.$"):
        dtypes.from_torch(torch.complex32)
    with pytest.raises(TypeError, match="'float32' to a TensorFlow DType"):
        dtypes.from_torch("float32")


@pytest.mark.parametrize(
    "value, want",
    [
        (np.float32, "float32"),
        (np.dtype("int64"), "int64"),
        ("int16", "int16"),
        (object, "string"),
        (np.dtype("U5"), "string"),
        (np.bool_, "bool"),
    ],
)
def test_from_numpy(value, want):
    assert dtypes.from_numpy(value) is getattr(dtypes, want)


@pytest.mark.parametrize("value", [None, "junk", np.datetime64])
def test_from_numpy_rejects(value):
    with pytest.raises(TypeError, match="to a TensorFlow DType"):
        dtypes.from_numpy(value)

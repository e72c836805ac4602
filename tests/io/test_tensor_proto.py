"""numpy <-> TensorProto: every dtype, TF's choice of encoding, and the short/splat forms."""

from __future__ import annotations

import numpy as np
import pytest
from dtype_values import DTYPE_VALUES

from tfcompat.io import as_datatype
from tfcompat.io import make_ndarray
from tfcompat.io import make_tensor_proto
from tfcompat.io import numpy_dtype
from tfcompat.io import shape_from_proto
from tfcompat.io import shape_to_proto
from tfcompat.io.proto import tensor_pb2
from tfcompat.io.proto import types_pb2 as t


def _assert_same(a: np.ndarray, b: np.ndarray) -> None:
    assert a.dtype == b.dtype and a.shape == b.shape
    if a.dtype == object:
        assert a.tolist() == b.tolist()
    else:
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", sorted(DTYPE_VALUES))
def test_round_trip_every_dtype(name):
    tf_dtype, value = DTYPE_VALUES[name]
    dtype = t.DT_BFLOAT16 if tf_dtype == "bfloat16" else None
    proto = make_tensor_proto(value, dtype=dtype)
    assert proto.dtype == (dtype or as_datatype(value.dtype))
    _assert_same(make_ndarray(tensor_pb2.TensorProto.FromString(proto.SerializeToString())), value)


@pytest.mark.parametrize(
    "value, field",
    [
        (np.zeros((2, 2), np.float32), "tensor_content"),  # TF packs all-zero arrays too
        (np.arange(3, dtype=np.int64), "tensor_content"),
        (np.array([1.5, 2.0], np.float16), "tensor_content"),
        (np.array([[5.0]], np.float32), "float_val"),  # one element: typed field
        (np.array(3, np.uint8), "int_val"),
        (np.array([1, 2], np.uint16), "int_val"),  # always typed
        (np.array([True, False]), "bool_val"),
        (np.array([1 + 2j, 3j], np.complex64), "scomplex_val"),
        (np.array([b"a", b"bc"], object), "string_val"),
    ],
)
def test_encoding_matches_tensorflow(value, field):
    proto = make_tensor_proto(value)
    present = {f.name for f, _ in proto.ListFields()} - {"dtype", "tensor_shape"}
    assert present == {field}


def test_bit_patterns_of_half_and_bfloat16():
    assert list(make_tensor_proto(np.float16(1.5)).half_val) == [15872]
    assert list(make_tensor_proto(1.5, dtype=t.DT_BFLOAT16).half_val) == [16320]
    # bfloat16 rounds to nearest even: 0.1f is 0x3DCCCCCD -> 0x3DCD
    assert list(make_tensor_proto(np.float32(0.1), dtype=t.DT_BFLOAT16).half_val) == [0x3DCD]
    assert np.isnan(make_ndarray(make_tensor_proto(np.float32("nan"), dtype=t.DT_BFLOAT16)))


def test_scalar_with_shape_is_a_splat():
    proto = make_tensor_proto(np.int32(7), shape=[2, 2])
    assert list(proto.int_val) == [7]
    _assert_same(make_ndarray(proto), np.full((2, 2), 7, np.int32))


def test_short_value_list_repeats_the_last_value():
    # TF1's tf.constant([1, 2, 3], shape=[2, 3]) -> [[1, 2, 3], [3, 3, 3]]
    proto = make_tensor_proto(np.array([1, 2, 3], np.int32), shape=[2, 3])
    _assert_same(make_ndarray(proto), np.array([[1, 2, 3], [3, 3, 3]], np.int32))


def test_missing_values_read_as_zeros_and_empty_strings():
    proto = tensor_pb2.TensorProto(dtype=t.DT_FLOAT, tensor_shape=shape_to_proto([3]))
    _assert_same(make_ndarray(proto), np.zeros(3, np.float32))
    proto = tensor_pb2.TensorProto(dtype=t.DT_STRING, tensor_shape=shape_to_proto([2]))
    assert make_ndarray(proto).tolist() == [b"", b""]


def test_unpacked_repeated_field_is_accepted():
    # float_val written one key per element (field 5, wire type 5) instead of packed.
    data = b"\x08\x01\x12\x04\x12\x02\x08\x02" + b"\x2d\x00\x00\x80\x3f" + b"\x2d\x00\x00\x00\x40"
    _assert_same(
        make_ndarray(tensor_pb2.TensorProto.FromString(data)), np.array([1, 2], np.float32)
    )


def test_strings_accept_str_and_keep_nul_bytes():
    _assert_same(
        make_ndarray(make_tensor_proto(["é", "b"])), np.array(["é".encode(), b"b"], object)
    )
    _assert_same(make_ndarray(make_tensor_proto([b"a\x00"])), np.array([b"a\x00"], object))


def test_errors():
    with pytest.raises(ValueError, match="Too many elements provided. Takes at most 2, but got 3"):
        make_tensor_proto([1, 2, 3], shape=[2])
    with pytest.raises(ValueError, match="shape"):
        make_ndarray(tensor_pb2.TensorProto(dtype=t.DT_FLOAT, tensor_shape=shape_to_proto([None])))
    with pytest.raises(ValueError, match="DT_RESOURCE"):
        make_ndarray(tensor_pb2.TensorProto(dtype=t.DT_RESOURCE))
    bad = make_tensor_proto(np.arange(4, dtype=np.float32))
    bad.tensor_content = bad.tensor_content[:-1]
    with pytest.raises(ValueError, match="needs 16 bytes, got 15"):
        make_ndarray(bad)
    with pytest.raises(ValueError, match="Too many|holds 3 values"):
        make_ndarray(tensor_pb2.TensorProto(dtype=t.DT_INT32, int_val=[1, 2, 3]))


def test_shapes_and_dtypes():
    assert shape_from_proto(shape_to_proto([2, None, 0])) == [2, None, 0]
    assert shape_to_proto(None).unknown_rank and shape_from_proto(shape_to_proto(None)) is None
    assert shape_from_proto(shape_to_proto([])) == []
    assert as_datatype(np.float32) == t.DT_FLOAT and as_datatype("<U3") == t.DT_STRING
    assert as_datatype(t.DT_QINT8) == t.DT_QINT8 and numpy_dtype(t.DT_QINT8) == np.int8
    assert numpy_dtype(t.DT_BFLOAT16) == np.float32
    with pytest.raises(ValueError):
        as_datatype(np.dtype("datetime64[s]"))


# -- interop with real TensorFlow ----------------------------------------------------------------

_TF_TENSORS = """
from dtype_values import DTYPE_VALUES
from tensorflow.core.framework import tensor_pb2
RESULT = {"ours": {}, "theirs": {}}
for name, hex_proto in ARGS["protos"].items():
    value = tf.make_ndarray(tensor_pb2.TensorProto.FromString(bytes.fromhex(hex_proto)))
    expected = DTYPE_VALUES[name][1]
    same = value.shape == expected.shape and value.tolist() == expected.tolist()
    RESULT["ours"][name] = bool(same)
for name, (dtype, value) in DTYPE_VALUES.items():
    RESULT["theirs"][name] = tf.make_tensor_proto(value, tf.as_dtype(dtype)).SerializeToString().hex()
splat = tf.constant(7, shape=[2, 2]).op.get_attr("value")
zeros = tf.zeros([3, 2]).op.get_attr("value")
RESULT["theirs"]["splat"] = splat.SerializeToString().hex()
RESULT["theirs"]["zeros"] = zeros.SerializeToString().hex()
"""


@pytest.mark.tf_interop
def test_tensorflow_reads_ours_and_we_read_theirs(run_tf):
    protos = {}
    for name, (tf_dtype, value) in DTYPE_VALUES.items():
        dtype = t.DT_BFLOAT16 if tf_dtype == "bfloat16" else None
        protos[name] = make_tensor_proto(value, dtype=dtype).SerializeToString().hex()
    result = run_tf(_TF_TENSORS, protos=protos)
    assert all(result["ours"].values()), result["ours"]
    theirs = {
        k: make_ndarray(tensor_pb2.TensorProto.FromString(bytes.fromhex(v)))
        for k, v in result["theirs"].items()
    }
    for name, (_, value) in DTYPE_VALUES.items():
        _assert_same(theirs[name], value)
    _assert_same(theirs["splat"], np.full((2, 2), 7, np.int32))
    _assert_same(theirs["zeros"], np.zeros((3, 2), np.float32))

"""tf.constant of a numpy value casts it as TF's make_tensor_proto does (`astype`, unchecked),
while Python values are checked. Expected values recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest


@pytest.mark.parametrize("value,dtype,expected", [
    (np.array([1, 0, 2]), "bool", [True, False, True]),
    (np.array([1.7, -2.5]), "int32", [1, -2]),
    (np.array([300, -1]), "uint8", [44, 255]),
    (np.float64(2.5), "int64", 2),
    (np.array([True, False]), "float32", [1.0, 0.0]),
    (np.array(["1"]), "int32", [1]),
])
def test_numpy_values_are_cast(tf, value, dtype, expected):
    with tf.Session() as sess:
        assert sess.run(tf.constant(value, dtype=getattr(tf, dtype))).tolist() == expected


@pytest.mark.parametrize("value,dtype,message", [
    ([1, 0], "bool", "Expected bool, but got 1 of type 'int'."),
    ([1.5], "int32", "Expected int32, but got 1.5 of type 'float'."),
    (np.array([1, 0]), "string", "Expected binary or unicode string, got 1"),
])
def test_python_values_are_checked(tf, value, dtype, message):
    with pytest.raises(TypeError) as info:
        tf.constant(value, dtype=getattr(tf, dtype))
    assert str(info.value) == message

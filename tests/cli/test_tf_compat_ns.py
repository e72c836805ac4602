"""tf.compat and the v1-mode switches."""
import pathlib

import pytest

import tfcompat as tf
from tfcompat._unsupported import UnsupportedAPIError


def test_v1_switches_are_no_ops():
    assert tf.compat.v1 is tf
    for switch in (tf.disable_v2_behavior, tf.disable_eager_execution, tf.disable_v2_tensorshape,
                   tf.compat.v1.disable_v2_behavior, tf.disable_control_flow_v2):
        assert switch() is None
    assert tf.executing_eagerly() is False


@pytest.mark.parametrize("name", ["enable_eager_execution", "enable_v2_behavior",
                                  "enable_v2_tensorshape"])
def test_enable_switches_refuse_clearly(name):
    with pytest.raises(UnsupportedAPIError) as info:
        getattr(tf, name)()
    assert info.value.api == "tf." + name
    assert "tfcompat does not implement tf.%s" % name in str(info.value)


def test_string_helpers():
    assert tf.compat.as_bytes("é") == b"\xc3\xa9" and tf.compat.as_bytes(bytearray(b"a")) == b"a"
    assert tf.compat.as_text(b"\xc3\xa9") == "é" and tf.compat.as_str("x") == "x"
    assert tf.compat.as_str_any(3) == "3" and tf.compat.as_str_any(b"y") == "y"
    assert tf.compat.path_to_str(pathlib.Path("/a/b")) == "/a/b"
    with pytest.raises(TypeError, match="Expected binary or unicode string, got 3"):
        tf.compat.as_bytes(3)


def test_dimension_helpers():
    shape = tf.TensorShape([2, None])
    assert tf.compat.dimension_value(shape[0]) == 2 and tf.compat.dimension_value(5) == 5
    assert tf.compat.dimension_at_index(shape, 1).value is None
    assert tf.compat.dimension_at_index(tf.TensorShape(None), 3).value is None

"""apply_gradients with something that is not a variable fails as TF's does: TF's
_get_processor reads `v.op` before its NotImplementedError, so a str gives AttributeError."""
import pytest


def test_apply_gradients_to_a_string_is_an_attribute_error(tf):
    opt = tf.train.AdamOptimizer(0.1)
    with pytest.raises(AttributeError, match="'str' object has no attribute 'op'"):
        opt.apply_gradients([(tf.ones([3]), 'notavar')])

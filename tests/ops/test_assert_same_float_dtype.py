"""tf.assert_same_float_dtype's messages (tf.distributions' constructors raise them for mixed
argument dtypes). Expected messages were recorded from TF 2.21 compat.v1 (same text in TF 1.x)."""
import pytest


def test_mismatch_names_the_tensor_that_set_the_type(tf):
    a = tf.constant(1.0, name="a")
    b = tf.constant(1.0, tf.float64, name="b")
    with pytest.raises(ValueError) as e:
        tf.assert_same_float_dtype([a, b])
    assert str(e.value) == ("b:0, type=<dtype: 'float64'>, must be of the same type "
                            "(<dtype: 'float32'>) as a:0.")


def test_mismatch_against_a_given_dtype_names_no_tensor(tf):
    a = tf.constant(1.0, name="a")
    with pytest.raises(ValueError) as e:
        tf.assert_same_float_dtype([None, a], tf.float64)
    assert str(e.value) == ("a:0, type=<dtype: 'float32'>, must be of the same type "
                            "(<dtype: 'float64'>).")


def test_distribution_with_mixed_argument_dtypes(tf):
    with pytest.raises(ValueError) as e:
        tf.distributions.Normal(loc=1, scale=1.0)
    assert str(e.value) == ("Normal/scale:0, type=<dtype: 'float32'>, must be of the same type "
                            "(<dtype: 'int32'>) as Normal/loc:0.")
    with pytest.raises(ValueError, match="Expected floating point type, got <dtype: 'int32'>"):
        tf.assert_same_float_dtype([tf.constant(1), tf.constant(2)])
    assert tf.assert_same_float_dtype(None, None) == tf.float32

"""A ref variable's dtype (`float32_ref`) passed as the dtype of new tensors, as trfl-style code
does (`tf.one_hot(indices, depth, dtype=values.dtype)` with `values` a Variable): TF's
constant-making functions take it as its base dtype; TF's tensor conversion refuses it (see
known_differences.txt), and tfcompat takes the base dtype there too."""
import numpy as np
import pytest


def test_constant_makers_take_a_ref_dtype_as_its_base(tf):
    v = tf.Variable([[1., 2.], [3., 4.]])
    assert v.dtype.name == "float32_ref" and v.value().dtype == tf.float32
    made = [tf.constant(1.0, dtype=v.dtype), tf.zeros([2], dtype=v.dtype),
            tf.cast([1], dtype=v.dtype), tf.placeholder(v.dtype)]
    assert [t.dtype for t in made] == [tf.float32] * 4


@pytest.mark.tfcompat_only
def test_one_hot_and_convert_to_tensor_take_a_ref_dtype_as_its_base(tf):
    v = tf.Variable([[1., 2.], [3., 4.]])
    hot = tf.one_hot([0, 1], 2, dtype=v.dtype)
    const = tf.convert_to_tensor(1.5, dtype=v.dtype)
    assert hot.dtype == tf.float32 and const.dtype == tf.float32
    picked = tf.reduce_sum(v * hot, axis=-1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got_picked, got_const = sess.run([picked, const])
    np.testing.assert_allclose(got_picked, [1., 4.])
    assert got_const == 1.5

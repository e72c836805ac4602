"""tf.contrib.framework's re-exports of core functions in TF 1.15 (sort_ops.sort/argsort,
tensor_util.is_tensor, check_ops.assert_scalar, training_util.create_global_step/
assert_global_step): the same functions as the core ones."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def test_contrib_framework_core_reexports(tf):
    F = tf.contrib.framework
    assert F.sort is tf.sort and F.argsort is tf.argsort and F.is_tensor is tf.is_tensor
    assert F.assert_scalar is tf.assert_scalar
    assert F.create_global_step is tf.train.create_global_step
    assert F.assert_global_step is tf.train.assert_global_step
    vals = tf.constant([3., 1., 2., 5., 4.])
    with tf.Session() as sess:
        s, a = sess.run([F.sort(vals, direction="DESCENDING"), F.argsort(vals, stable=True)])
    np.testing.assert_array_equal(s, [5., 4., 3., 2., 1.])
    np.testing.assert_array_equal(a, [1, 2, 0, 4, 3])

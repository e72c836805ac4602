"""tf.orthogonal_initializer in float16 (a Qr of a half matrix): TF runs it, so must tfcompat.
TF's Eigen QR works in half precision, torch's only from float32, so the values agree to half's
rounding, not bit for bit (TF 2.21 compat.v1 checked with the same test)."""
import numpy as np


def test_orthogonal_initializer_float16(tf):
    t = tf.orthogonal_initializer(seed=1)([2, 2], dtype=tf.float16)
    assert t.dtype == tf.float16
    with tf.Session() as sess:
        v = sess.run(t)
    assert v.dtype == np.float16
    v = v.astype(np.float32)
    np.testing.assert_allclose(v @ v.T, np.eye(2), atol=5e-3)


def test_qr_half_shapes(tf):
    q, r = tf.qr(tf.constant(np.arange(6.0).reshape(3, 2) + np.eye(3, 2), tf.float16))
    with tf.Session() as sess:
        qv, rv = sess.run([q, r])
    assert (qv.dtype, qv.shape, rv.dtype, rv.shape) == (np.float16, (3, 2), np.float16, (2, 2))
    np.testing.assert_allclose((qv.astype(np.float32) @ rv.astype(np.float32)),
                               np.arange(6.0).reshape(3, 2) + np.eye(3, 2), atol=2e-2)

"""Gradients at points where the derivative is undefined or the formula breaks down: tfcompat
must give TF's registered gradient there (expected values printed by TF 2.21)."""
import numpy as np
import pytest

NAN = np.nan


def test_atan2_gradient_is_nan_at_the_origin(tf):
    # TF's _Atan2Grad: grad * (x, -y) / (y^2 + x^2), unmasked (torch's autograd gives 0)
    y = tf.constant([0., 0., -0., 1., 0., 3.])
    x = tf.constant([0., -0., 0., 0., -1., 4.])
    g = tf.gradients(tf.atan2(y, x) * [1., 2., 3., 4., 5., 6.], [y, x])
    yb = tf.constant([[0.], [1.]])
    xb = tf.constant([0., 2., -1.])
    gb = tf.gradients(tf.atan2(yb, xb), [yb, xb])
    gg = tf.gradients(tf.gradients(tf.atan2(y, x), y)[0], [y, x])
    with tf.Session() as sess:
        gy, gx = sess.run(g)
        gby, gbx = sess.run(gb)
        ggy, ggx = sess.run(gg)
    np.testing.assert_allclose(gy, [NAN, NAN, NAN, 0., -5., 0.96], rtol=1e-6)
    np.testing.assert_allclose(gx, [NAN, NAN, NAN, -4., -0., -0.72], rtol=1e-6)
    np.testing.assert_allclose(gby, [[NAN], [-0.1]], rtol=1e-6)
    np.testing.assert_allclose(gbx, [NAN, -0.2, -0.5], rtol=1e-6)
    np.testing.assert_allclose(ggy, [NAN, NAN, NAN, -0., 0., -0.0384], rtol=1e-5)
    np.testing.assert_allclose(ggx, [NAN, NAN, NAN, 1., -1., -0.0112], rtol=1e-5)


@pytest.mark.tfcompat_only
def test_xdivy_y_gradient_does_not_overflow(tf):
    # TF computes -x / y**2, so y**2 overflows / underflows (-inf, -0; known_differences);
    # tfcompat's -(x / y) / y gives the derivative
    x = tf.constant([1e-30, 3., 1e20])
    y = tf.constant([1e-30, 7., 1e20])
    with tf.Session() as sess:
        gx, gy = sess.run(tf.gradients(tf.math.xdivy(x, y), [x, y]))
    np.testing.assert_allclose(gx, [1e30, 1. / 7, 1e-20], rtol=1e-6)
    np.testing.assert_allclose(gy, [-1e30, -3. / 49, -1e-20], rtol=1e-6)


def test_gather_nd_row_indices_give_indexed_slices(tf):
    # TF's _GatherNdGrad: [n, 1] indices give IndexedSlices(grad, squeeze(indices), shape)
    p = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    g = tf.gradients(tf.gather_nd(p, [[1], [1]]) * [[1.], [2.]], p)[0]
    g64 = tf.gradients(tf.gather_nd(p, tf.constant([[2], [0]], tf.int64)), p)[0]
    dense = tf.gradients(tf.gather_nd(p, [[1, 0], [1, 0]]), p)[0]
    assert type(g).__name__ == "IndexedSlices" and type(g64).__name__ == "IndexedSlices"
    assert not hasattr(dense, "indices")
    assert g.indices.name == "gradients/GatherNd_grad/Squeeze:0"
    assert g.dense_shape.name == "gradients/GatherNd_grad/Shape:0"
    assert (g64.indices.dtype.name, g64.dense_shape.dtype.name) == ("int64", "int64")
    v = tf.Variable([[1., 2.], [3., 4.], [5., 6.]], name="v")
    mixed = tf.gradients(tf.gather_nd(v, [[1]]) + tf.gather(v, [0]), v)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vals, idx, shape, as_dense = sess.run([g.values, g.indices, g.dense_shape,
                                               tf.convert_to_tensor(g)])
        mvals, midx = sess.run([mixed.values, mixed.indices])
        ddense = sess.run(dense)
    np.testing.assert_array_equal(vals, [[1., 1.], [2., 2.]])
    np.testing.assert_array_equal(idx, [1, 1])
    np.testing.assert_array_equal(shape, [3, 2])
    np.testing.assert_array_equal(as_dense, [[0., 0.], [3., 3.], [0., 0.]])
    np.testing.assert_array_equal(mvals, [[1., 1.], [1., 1.]])
    np.testing.assert_array_equal(midx, [1, 0])
    np.testing.assert_array_equal(ddense, [[0., 0.], [2., 0.], [0., 0.]])


def test_angle_gradient_follows_tf_formula(tf):
    # TF's _AngleGrad: -grad / complex(imag(x), real(x)): NaN at 0, -1e30 at 1e-30j (torch's
    # autograd: 0 at 0, NaN where |x|^2 underflows)
    c = tf.constant([0j, 1 + 0j, -1 + 0j, 3 + 4j, 1e-30j, -2j], tf.complex64)
    c128 = tf.constant([0j, 3 + 4j, -2j], tf.complex128)
    g = tf.gradients(tf.angle(c) * [1., 2., 3., 4., 5., 6.], c)[0]
    g128 = tf.gradients(tf.angle(c128), c128)[0]
    with tf.Session() as sess:
        got, got128 = sess.run([g, g128])
    np.testing.assert_allclose(got, [complex(NAN, NAN), 2j, -3j, -0.64 + 0.48j, -5e30, 3.],
                               rtol=1e-6)
    np.testing.assert_allclose(got128, [complex(NAN, NAN), -0.16 + 0.12j, 0.5], rtol=1e-12)


@pytest.mark.tfcompat_only
def test_complex_abs_gradient_where_abs_squared_underflows(tf):
    # TF's complex64 div_no_nan(grad * x, |x|) divides by |x|^2 = 1e-60 -> 0 and gives 0
    # (known_differences); x / |x| is 1j, as TF's complex128 gives
    c = tf.constant([0j, 3 + 4j, 1e-30j], tf.complex64)
    with tf.Session() as sess:
        got = sess.run(tf.gradients(tf.abs(c), c)[0])
    np.testing.assert_allclose(got, [0j, 0.6 + 0.8j, 1j], rtol=1e-6)

"""tf.contrib.layers avg_pool3d, max_pool3d, conv3d_transpose, maxout, spatial_softmax and
safe_embedding_lookup_sparse (TF 1.15's contrib/layers/python/layers). TF 2.x has no
tf.contrib: the expected numbers come from TF 2.21 compat.v1 running what TF 1.15's functions
call (tf.layers' 3-D pooling and Conv3DTranspose, tf.nn.safe_embedding_lookup_sparse, the
maxout and spatial_softmax bodies written out with core ops)."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

X5 = np.sin(np.arange(2 * 4 * 4 * 4 * 3)).reshape(2, 4, 4, 4, 3).astype(np.float32)


def test_pool3d(tf):
    x = tf.constant(X5)
    a = tf.contrib.layers.avg_pool3d(x, 2)
    m = tf.contrib.layers.max_pool3d(x, [2, 3, 2], [1, 2, 1], padding="SAME")
    assert a.name == "AvgPool3D/AvgPool3D:0" and m.name == "MaxPool3D/MaxPool3D:0"
    assert a.shape.as_list() == [2, 2, 2, 2, 3] and m.shape.as_list() == [2, 4, 2, 4, 3]
    with tf.Session() as sess:
        ra, rm = sess.run([a, m])
    np.testing.assert_allclose(ra[0, :, :, 0, 0], [[0.0024193, -0.0249715],
                                                   [0.0278007, 0.0186382]], atol=1e-6)
    np.testing.assert_allclose(rm[1, 0, :, 1], [[0.8689508, 0.9835932, 0.9964666],
                                                [0.9988167, 0.7332108, 0.968357]], atol=1e-6)
    with pytest.raises(ValueError, match="data_format has to be either NCDHW or NDHWC."):
        tf.contrib.layers.max_pool3d(x, 2, data_format="NHWC")


def test_conv3d_transpose(tf):
    x = tf.constant(X5[:, :2, :3, :2])
    init = tf.constant_initializer(np.cos(np.arange(2 * 2 * 2 * 2 * 3)).astype(np.float32))
    y = tf.contrib.layers.conv3d_transpose(x, 2, 2, stride=2, weights_initializer=init)
    assert y.shape.as_list() == [2, 4, 6, 4, 2]
    assert [v.op.name for v in tf.global_variables()] == ["Conv3d_transpose/weights",
                                                         "Conv3d_transpose/biases"]
    assert len(tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)) == 2
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r = sess.run(y)
    np.testing.assert_allclose(r[1, :, :, 1, 0], [
        [0., 0., 0., 0., 0.6335208, 0.],
        [0., 0., 0., 0., 0., 0.],
        [1.5137172, 1.3607181, 1.2824318, 1.5794249, 0.6506532, 1.3048898],
        [0.7827775, 0., 1.383176, 0.7549722, 1.5516195, 1.3137908]], rtol=1e-5, atol=1e-6)


def test_maxout(tf):
    p = tf.placeholder(tf.float32, [None, 6, 4])
    m1 = tf.contrib.layers.maxout(p, 2)
    m2 = tf.contrib.layers.maxout(p, 2, axis=1)
    assert m1.shape.as_list() == [None, 6, 2] and m2.shape.as_list() == [None, 2, 4]
    assert m1.op.name.startswith("max_out/")
    with tf.Session() as sess:
        r1, r2 = sess.run([m1, m2], {p: X5.reshape(-1)[:48].reshape(2, 6, 4)})
    np.testing.assert_allclose(r1[1], [[-0.1323518, 0.956376], [0.2709058, -0.4040377],
                                       [0.9999118, 0.5290827], [-0.6435381, 0.9637954],
                                       [0.7451131, -0.8317748], [0.8509035, 0.9017884]],
                               atol=1e-6)
    np.testing.assert_allclose(r2[0], [[0.9092974, 0.14112, 0.9893582, 0.4121185],
                                       [0.9906074, 0.6502879, 0.9129453, 0.8366556]], atol=1e-6)
    with pytest.raises(ValueError, match=r"number of features\(4\) is not a multiple of "
                                         r"num_units\(3\)"):
        tf.contrib.layers.maxout(p, 3)


def test_spatial_softmax(tf):
    f = tf.placeholder(tf.float32, [None, 3, 4, 2])
    k = tf.contrib.layers.spatial_softmax(f)
    k2 = tf.contrib.layers.spatial_softmax(f, temperature=0.5)
    assert k.shape.as_list() == [None, 4]
    tv = tf.global_variables()
    assert [v.op.name for v in tv] == ["temperature"]
    assert tv[0] in tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)
    g = tf.gradients(tf.reduce_sum(k * k), tv[0])[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r, r2, rg = sess.run([k, k2, g], {f: 3 * X5.reshape(-1)[:48].reshape(2, 3, 4, 2)})
    np.testing.assert_allclose(r, [[0.0018188, 0.0015673, -0.146784, 0.0518512],
                                   [0.2627428, -0.0202221, -0.0516815, -0.044688]], atol=1e-6)
    np.testing.assert_allclose(r2, [[0.0041436, 0.003668, -0.1276414, -0.0312516],
                                    [0.4456129, 0.1625938, -0.1190892, -0.1042382]], atol=1e-6)
    np.testing.assert_allclose(rg, -0.113045186, rtol=1e-5)
    with pytest.raises(ValueError, match="The num_channels dimension of the inputs to "
                                         "`spatial_softmax` should be defined"):
        tf.contrib.layers.spatial_softmax(tf.placeholder(tf.float32, [1, 3, 4, None]))


def test_safe_embedding_lookup_sparse(tf):
    w = tf.constant(np.arange(15, dtype=np.float32).reshape(5, 3))
    idx = [[0, 0], [0, 1], [2, 0], [3, 1]]
    ids = tf.SparseTensor(idx, tf.constant([1, 3, -1, 4], tf.int64), [4, 2])
    wt = tf.SparseTensor(idx, [2.0, 1.0, 1.0, 0.5], [4, 2])
    e1 = tf.contrib.layers.safe_embedding_lookup_sparse(w, ids, wt)
    e2 = tf.contrib.layers.safe_embedding_lookup_sparse(w, ids, None, combiner="sqrtn",
                                                        default_id=2)
    assert e1.name == "embedding_lookup/Reshape_5:0" and e1.shape.as_list() == [4, 3]
    with tf.Session() as sess:
        r1, r2 = sess.run([e1, e2])
    np.testing.assert_allclose(r1, [[5., 6., 7.], [0., 0., 0.], [0., 0., 0.], [12., 13., 14.]])
    np.testing.assert_allclose(r2, [[8.485281, 9.899495, 11.313708], [6., 7., 8.],
                                    [6., 7., 8.], [12., 13., 14.]], rtol=1e-6)

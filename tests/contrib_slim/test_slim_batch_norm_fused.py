"""slim.batch_norm through TF 1.15's own fused path (rank-2 inputs, e.g. fully_connected's
normalizer_fn, or updates_collections other than UPDATE_OPS): beta is made before gamma and the
moving averages' assign tensors are collected; any tf.layers call makes the UPDATE_OPS key;
vgg's aliases and end-point collection names.
Expected values recorded from tf_slim 1.1.0 (TF 1.15's contrib.slim) on TF 2.21 compat.v1."""
import numpy as np
import pytest


def test_fused_path_variable_order_updates_and_values(tf, slim):
    rng = np.random.RandomState(0)
    x2 = tf.constant(rng.randn(4, 3).astype(np.float32))
    x4 = tf.constant(rng.randn(2, 2, 2, 3).astype(np.float32))
    a = slim.batch_norm(x2, decay=0.5, scale=True, scope="a")
    b = slim.batch_norm(x4, decay=0.5, scale=True, updates_collections=None, scope="b")
    c = slim.batch_norm(x4, decay=0.5, scale=True, scope="c")
    assert [v.op.name for v in tf.global_variables()] == [
        "a/beta", "a/gamma", "a/moving_mean", "a/moving_variance",
        "b/beta", "b/gamma", "b/moving_mean", "b/moving_variance",
        "c/gamma", "c/beta", "c/moving_mean", "c/moving_variance"]
    assert [v.op.name for v in tf.trainable_variables()] == [
        "a/beta", "a/gamma", "b/beta", "b/gamma", "c/gamma", "c/beta"]
    assert [v.op.name for v in slim.get_model_variables()][:4] == [
        "a/beta", "a/gamma", "a/moving_mean", "a/moving_variance"]
    assert [u.name for u in tf.get_collection(tf.GraphKeys.UPDATE_OPS)] == [
        "a/AssignMovingAvg:0", "a/AssignMovingAvg_1:0", "c/AssignMovingAvg",
        "c/AssignMovingAvg_1"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([a, b, c] + tf.get_collection(tf.GraphKeys.UPDATE_OPS))
        got = sess.run(["a/moving_variance:0", "a/moving_mean:0", "b/moving_variance:0",
                        "c/moving_mean:0"])
    np.testing.assert_allclose(got[0], [0.8345399, 0.9023671, 1.0968736], rtol=1e-5)
    np.testing.assert_allclose(got[1], [0.6707041, 0.28255022, 0.16906434], rtol=1e-5)
    np.testing.assert_allclose(got[2], [1.1913159, 1.0768769, 1.1882645], rtol=1e-5)
    np.testing.assert_allclose(got[3], [0.1448825, 0.10842241, -0.14204809], rtol=1e-5)


def test_tf_layers_calls_make_the_update_ops_key(tf, slim):
    x = tf.zeros([2, 4, 4, 3])
    slim.conv2d(x, 2, [3, 3])
    assert "update_ops" in tf.get_default_graph().get_all_collection_keys()
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []


def test_vgg_letter_aliases(slim):
    import importlib
    vgg = importlib.import_module(slim.__name__ + ".nets").vgg
    assert vgg.vgg_d is vgg.vgg_16 and vgg.vgg_e is vgg.vgg_19


@pytest.mark.tfcompat_only
def test_slim_data_modules_refuse_with_the_slim_data_reason(tf):
    for name in ("dataset", "tfexample_decoder", "dataset_data_provider", "parallel_reader"):
        with pytest.raises(AttributeError, match="tf.contrib.slim.%s; slim.data" % name):
            getattr(tf.contrib.slim, name)


def test_vgg_end_points_collection_names(tf, slim):
    import importlib
    vgg = importlib.import_module(slim.__name__ + ".nets").vgg
    x = tf.zeros([1, 224, 224, 3])
    vgg.vgg_19(x, num_classes=3, scope="v19")
    vgg.vgg_16(x, num_classes=3, scope="v16")
    keys = tf.get_default_graph().get_all_collection_keys()
    assert "v19_end_points" in keys and "v16/_end_points" in keys

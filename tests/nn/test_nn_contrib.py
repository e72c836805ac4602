"""tf.contrib.layers / contrib.rnn / contrib.framework as TF1 scripts use them: TF1's variable
names and collections, values checked with numpy (TF 2.x has no tf.contrib to compare with)."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

X = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]], np.float32)


def run(tf, fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def test_fully_connected_names_collections_and_values(tf):
    x = tf.constant(X)
    w = np.arange(6, dtype=np.float32).reshape(3, 2) / 4 - 0.5
    h = tf.contrib.layers.fully_connected(x, 2, weights_initializer=tf.constant_initializer(w),
                                          biases_initializer=tf.constant_initializer(0.25))
    y = tf.contrib.layers.fully_connected(h, 1, activation_fn=None, scope="out",
                                          weights_regularizer=tf.contrib.layers.l2_regularizer(
                                              0.5))
    names = ["fully_connected/weights:0", "fully_connected/biases:0", "out/weights:0",
             "out/biases:0"]
    assert [v.name for v in tf.global_variables()] == names
    assert [v.name for v in tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)] == names
    assert h.name == "fully_connected/Relu:0" and y.name == "out/BiasAdd:0"
    reg = tf.losses.get_regularization_losses()
    assert [t.name for t in reg] == ["out/kernel/Regularizer/l2_regularizer:0"]
    got_h, out_w, got_reg = run(tf, [h, "out/weights:0", reg[0]])
    np.testing.assert_allclose(got_h, np.maximum(X @ w + 0.25, 0), rtol=1e-6)
    np.testing.assert_allclose(got_reg, 0.5 * np.sum(out_w ** 2) / 2, rtol=1e-6)


def test_conv2d_with_batch_norm_and_pooling(tf):
    img = tf.placeholder(tf.float32, [None, 6, 6, 2])
    c = tf.contrib.layers.conv2d(img, 4, 3, normalizer_fn=tf.contrib.layers.batch_norm,
                                 normalizer_params={"is_training": True, "decay": 0.5})
    c2 = tf.contrib.layers.conv2d(img, 3, [3, 3], stride=2, padding="VALID")
    p = tf.contrib.layers.max_pool2d(c, 2)
    f = tf.contrib.layers.flatten(p)
    assert [v.name for v in tf.global_variables()] == [
        "Conv/weights:0", "Conv/BatchNorm/beta:0", "Conv/BatchNorm/moving_mean:0",
        "Conv/BatchNorm/moving_variance:0", "Conv_1/weights:0", "Conv_1/biases:0"]
    assert c.name == "Conv/Relu:0"
    assert c2.get_shape().as_list() == [None, 2, 2, 3]
    assert f.get_shape().as_list() == [None, 3 * 3 * 4]
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert [u.name for u in updates] == ["Conv/BatchNorm/AssignMovingAvg",
                                         "Conv/BatchNorm/AssignMovingAvg_1"]
    feed = {img: np.random.RandomState(0).rand(3, 6, 6, 2).astype(np.float32)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out, _ = sess.run([c, updates], feed)
        mean = sess.run("Conv/BatchNorm/moving_mean:0")
    assert out.shape == (3, 6, 6, 4) and (out >= 0).all()
    assert np.abs(mean).sum() > 0  # updated with decay 0.5


def test_batch_norm_in_place_updates_and_layer_norm(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    bn = tf.contrib.layers.batch_norm(x, is_training=True, updates_collections=None,
                                      scale=True, decay=0.0)
    ln = tf.contrib.layers.layer_norm(x)
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    assert [v.name for v in tf.trainable_variables()] == [
        # TF 1.15's fused path (rank 2, updates in place) makes beta first (tf_slim 1.1's order)
        "BatchNorm/beta:0", "BatchNorm/gamma:0", "LayerNorm/beta:0", "LayerNorm/gamma:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got_bn, got_ln = sess.run([bn, ln], {x: X})
        moving_mean = sess.run("BatchNorm/moving_mean:0")
    np.testing.assert_allclose(moving_mean, X.mean(axis=0), rtol=1e-6)
    var = X.var(axis=0)
    np.testing.assert_allclose(got_bn, (X - X.mean(0)) / np.sqrt(var + 0.001), rtol=1e-4,
                               atol=1e-5)
    expect_ln = (X - X.mean(1, keepdims=True)) / np.sqrt(X.var(1, keepdims=True) + 1e-12)
    np.testing.assert_allclose(got_ln, expect_ln, rtol=1e-4, atol=1e-5)


def test_initializers_and_regularizers(tf):
    w = tf.get_variable("w", [200, 300], initializer=tf.contrib.layers.xavier_initializer())
    v = tf.get_variable("v", [50, 40], initializer=tf.contrib.layers.variance_scaling_initializer())
    l1 = tf.contrib.layers.l1_regularizer(0.1)(w)
    l1l2 = tf.contrib.layers.l1_l2_regularizer(0.1, 0.2)(w)
    total = tf.contrib.layers.apply_regularization(tf.contrib.layers.l2_regularizer(0.3), [w, v])
    assert l1.name == "l1_regularizer:0" and l1l2.name == "l1_l2_regularizer:0"
    assert total.name == "get_regularization_penalty:0"
    assert tf.losses.get_regularization_losses() == [total]
    with pytest.raises(ValueError):
        tf.contrib.layers.l2_regularizer(1)
    got_w, got_v, got_l1, got_l1l2, got_total = run(tf, [w, v, l1, l1l2, total])
    limit = np.sqrt(6.0 / 500)
    assert np.abs(got_w).max() <= limit and np.abs(got_w).max() > 0.95 * limit
    assert abs(got_v.std() - np.sqrt(2.0 / 50)) < 0.2 * np.sqrt(2.0 / 50)
    np.testing.assert_allclose(got_l1, 0.1 * np.abs(got_w).sum(), rtol=1e-5)
    np.testing.assert_allclose(got_l1l2, 0.1 * np.abs(got_w).sum() + 0.1 * (got_w ** 2).sum(),
                               rtol=1e-5)
    np.testing.assert_allclose(got_total, 0.15 * ((got_w ** 2).sum() + (got_v ** 2).sum()),
                               rtol=1e-5)


def test_arg_scope(tf):
    fc = tf.contrib.layers.fully_connected
    with tf.contrib.framework.arg_scope([fc], activation_fn=None,
                                        weights_initializer=tf.ones_initializer()):
        y = fc(tf.constant(X), 1)
    assert y.name == "fully_connected/BiasAdd:0"
    np.testing.assert_allclose(run(tf, y), X.sum(axis=1, keepdims=True))


def test_contrib_rnn_and_missing_modules(tf):
    assert tf.contrib.rnn.BasicLSTMCell is tf.nn.rnn_cell.BasicLSTMCell
    assert tf.contrib.rnn.static_rnn is tf.nn.static_rnn
    x = tf.zeros([2, 3, 4])
    tf.nn.dynamic_rnn(tf.contrib.rnn.LSTMBlockCell(5), x, dtype=tf.float32)
    assert [v.name for v in tf.global_variables()] == ["rnn/lstm_cell/kernel:0",
                                                      "rnn/lstm_cell/bias:0"]
    with pytest.raises(AttributeError) as info:
        tf.contrib.learn.BaseEstimator
    assert "tf.contrib.learn" in str(info.value)
    with pytest.raises(AttributeError) as info:
        tf.contrib.layers.no_such_layer
    assert "tf.contrib.layers.no_such_layer" in str(info.value)

"""tf.contrib.layers.optimize_loss (TF 1.15's contrib/layers optimizers.py, read from its
source; TF 2.x has no tf.contrib): names, summaries and the update, checked with numpy."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def _setup(tf):
    w = tf.get_variable("w", initializer=tf.constant([1.0, 2.0]))
    step = tf.train.get_or_create_global_step()
    return w, step, tf.reduce_sum(tf.square(w))


def test_sgd_with_multiplier_and_clipping(tf):
    w, step, loss = _setup(tf)
    train = tf.contrib.layers.optimize_loss(loss, step, 0.1, "SGD", clip_gradients=1.0,
                                            gradient_multipliers={"w:0": 2.0})
    assert train.name == "OptimizeLoss/control_dependency:0"
    assert [v.name for v in tf.global_variables()] == ["w:0", "global_step:0",
                                                       "OptimizeLoss/learning_rate:0"]
    assert tf.trainable_variables() == [w]
    assert [s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)] == [
        "OptimizeLoss/global_norm/gradient_norm", "OptimizeLoss/loss",
        "OptimizeLoss/global_norm/clipped_gradient_norm"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        got_w, got_step = sess.run([w, step])
    grad = 2 * 2 * np.array([1.0, 2.0])               # d loss / dw, times the multiplier
    grad = grad / np.linalg.norm(grad)                # clipped to global norm 1
    np.testing.assert_allclose(got_w, [1.0, 2.0] - 0.1 * grad, rtol=1e-6)
    assert got_step == 1


def test_optimizer_forms_decay_and_update_ops(tf):
    w, step, loss = _setup(tf)
    counter = tf.Variable(0.0, trainable=False)
    tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, tf.assign_add(counter, 1.0))
    decay = lambda lr, gs: tf.train.exponential_decay(lr, gs, 1, 0.5)   # noqa: E731
    train = tf.contrib.layers.optimize_loss(
        loss, step, tf.constant(0.2), tf.train.GradientDescentOptimizer,
        learning_rate_decay_fn=decay, summaries=["learning_rate", "gradients"],
        increment_global_step=True, name="opt")
    assert [s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)] == [
        "opt/learning_rate", "opt/gradients/w_0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        sess.run(train)
        got_w, got_counter = sess.run([w, counter])
    want = np.array([1.0, 2.0])
    for lr in (0.2, 0.1):                             # decayed by half after each step
        want = want - lr * 2 * want
    np.testing.assert_allclose(got_w, want, rtol=1e-6)
    assert got_counter == 2.0


def test_instance_factory_and_errors(tf):
    w, step, loss = _setup(tf)
    tf.contrib.layers.optimize_loss(loss, step, None, tf.train.AdamOptimizer(0.1), name="a")
    tf.contrib.layers.optimize_loss(loss, step, 0.1, lambda lr: tf.train.MomentumOptimizer(
        lr, 0.5), name="b")
    with pytest.raises(ValueError, match="Optimizer name should be one of"):
        tf.contrib.layers.optimize_loss(loss, step, 0.1, "Nope")
    with pytest.raises(ValueError, match="Summaries should be one of"):
        tf.contrib.layers.optimize_loss(loss, step, 0.1, "SGD", summaries=["weights"])
    with pytest.raises(ValueError, match="Learning rate is None"):
        tf.contrib.layers.optimize_loss(loss, step, None, "SGD")
    with pytest.raises(ValueError, match="Learning rate should be 0d Tensor or float"):
        tf.contrib.layers.optimize_loss(loss, step, 1, "SGD")

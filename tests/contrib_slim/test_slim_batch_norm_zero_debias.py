"""slim.batch_norm(zero_debias_moving_mean=True) on TF 1.15's fused path: the mean's moving
average is zero-debiased through `<scope>/<scope>/moving_mean/biased` and `.../local_step`
(plain variables: not model variables, not trainable), the variance's is not; no such
variables in inference mode. Expected values recorded from tf_slim 1.1.0 (TF 1.15's
contrib.slim) on TF 2.21 compat.v1."""
import numpy as np
import pytest


def _build(tf, slim):
    x2 = tf.placeholder(tf.float32, [None, 3])
    x4 = tf.placeholder(tf.float32, [None, 2, 2, 3])
    y2 = slim.batch_norm(x2, zero_debias_moving_mean=True, is_training=True, decay=0.9,
                         scale=True)
    y4 = slim.batch_norm(x4, zero_debias_moving_mean=True, is_training=True, decay=0.8,
                         updates_collections=None, scope="bn4")
    y5 = slim.batch_norm(x4, zero_debias_moving_mean=True, is_training=False, decay=0.8,
                         scope="bn5")
    return (x2, x4), (y2, y4, y5)


def test_zero_debiased_mean_variables_and_updates(tf, slim):
    _build(tf, slim)
    assert [v.op.name for v in tf.global_variables()] == [
        "BatchNorm/beta", "BatchNorm/gamma", "BatchNorm/moving_mean",
        "BatchNorm/moving_variance", "BatchNorm/BatchNorm/moving_mean/biased",
        "BatchNorm/BatchNorm/moving_mean/local_step", "bn4/beta", "bn4/moving_mean",
        "bn4/moving_variance", "bn4/bn4/moving_mean/biased", "bn4/bn4/moving_mean/local_step",
        "bn5/beta", "bn5/moving_mean", "bn5/moving_variance"]
    assert [v.op.name for v in slim.get_model_variables()] == [
        "BatchNorm/beta", "BatchNorm/gamma", "BatchNorm/moving_mean",
        "BatchNorm/moving_variance", "bn4/beta", "bn4/moving_mean", "bn4/moving_variance",
        "bn5/beta", "bn5/moving_mean", "bn5/moving_variance"]
    assert [v.op.name for v in tf.trainable_variables()] == [
        "BatchNorm/beta", "BatchNorm/gamma", "bn4/beta", "bn5/beta"]
    assert [u.name for u in tf.get_collection(tf.GraphKeys.UPDATE_OPS)] == [
        "BatchNorm/AssignMovingAvg:0", "BatchNorm/AssignMovingAvg_1:0"]


def test_zero_debiased_values_over_three_steps(tf, slim):
    (x2, x4), outputs = _build(tf, slim)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    rng = np.random.RandomState(0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            feed = {x2: rng.randn(4, 3).astype(np.float32),
                    x4: rng.randn(2, 2, 2, 3).astype(np.float32)}
            y2, y4, y5 = sess.run(list(outputs) + updates, feed)[:3]
        final = sess.run({name: name + ":0" for name in (
            "BatchNorm/moving_mean", "BatchNorm/moving_variance",
            "BatchNorm/BatchNorm/moving_mean/biased", "BatchNorm/BatchNorm/moving_mean/local_step",
            "bn4/moving_mean", "bn4/bn4/moving_mean/biased")})
    close = dict(rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(final["BatchNorm/moving_mean"],
                               [0.396246, 0.09352, -0.292244], **close)
    np.testing.assert_allclose(final["BatchNorm/moving_variance"],
                               [0.993458, 1.08888, 0.970305], **close)
    np.testing.assert_allclose(final["BatchNorm/BatchNorm/moving_mean/biased"],
                               [0.107383, 0.025344, -0.079198], **close)
    assert final["BatchNorm/BatchNorm/moving_mean/local_step"] == 3.0
    np.testing.assert_allclose(final["bn4/moving_mean"], [0.025986, 0.399752, -0.253093],
                               **close)
    np.testing.assert_allclose(final["bn4/bn4/moving_mean/biased"],
                               [0.012681, 0.195079, -0.12351], **close)
    np.testing.assert_allclose(y2[0], [1.132324, -1.223636, 1.530863], **close)
    np.testing.assert_allclose(y4[0, 0, 0], [1.12979, 1.022041, 1.275838], **close)
    np.testing.assert_allclose(y5[0, 0, 0], [1.487509, 1.894942, 1.178191], **close)


def test_zero_debias_with_renorm_is_tf_value_error(tf, slim):
    with pytest.raises(ValueError, match="renorm is not supported with batch_weights, "
                       "updates_collections or zero_debias_moving_mean"):
        slim.batch_norm(tf.zeros([2, 3]), zero_debias_moving_mean=True, renorm=True)


@pytest.mark.tfcompat_only
def test_zero_debias_outside_the_fused_path_is_refused(tf, slim):
    # TF runs its legacy (unfused) implementation here, which tfcompat does not write
    with pytest.raises(NotImplementedError, match="zero_debias_moving_mean is supported for "
                       "rank-2 or rank-4 inputs with `fused` not False"):
        slim.batch_norm(tf.zeros([2, 3]), zero_debias_moving_mean=True, fused=False)
    with pytest.raises(NotImplementedError, match="a Python bool `is_training`"):
        slim.batch_norm(tf.zeros([2, 3]), zero_debias_moving_mean=True,
                        is_training=tf.placeholder(tf.bool, []))

"""tf.losses (weights, reductions, label smoothing, collections) and tf.metrics (local variables,
update ops, streaming values); expected values recorded from real TF1."""
import numpy as np
import pytest

LABELS = [[0.0, 1.0, 0.5], [1.0, 0.0, 0.2]]
PREDS = [[0.1, 0.8, 0.4], [0.7, 0.3, 0.9]]
ONEHOT = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
LOGITS = [[0.3, 2.2, -1.0], [1.0, 0.4, 1.0]]


def test_losses_values_and_reductions(tf):
    labels, preds = tf.constant(LABELS), tf.constant(PREDS)
    w, w2 = tf.constant([[1.0], [0.0]]), tf.constant([[1.0, 2.0, 0.0], [0.5, 0.0, 1.0]])
    onehot, logits = tf.constant(ONEHOT), tf.constant(LOGITS)
    red = tf.losses.Reduction
    t = {
        "mse": tf.losses.mean_squared_error(labels, preds),
        "mse_w": tf.losses.mean_squared_error(labels, preds, weights=w),
        "mse_w2_mean": tf.losses.mean_squared_error(labels, preds, weights=w2,
                                                    reduction=red.MEAN),
        "mse_sum": tf.losses.mean_squared_error(labels, preds, weights=2.0, reduction=red.SUM),
        "mse_none": tf.losses.mean_squared_error(labels, preds, weights=w2,
                                                 reduction=red.NONE, loss_collection=None),
        "mse_batch": tf.losses.mean_squared_error(labels, preds, weights=w2,
                                                  reduction=red.SUM_OVER_BATCH_SIZE),
        "abs": tf.losses.absolute_difference(labels, preds, weights=w2),
        "huber": tf.losses.huber_loss(labels, preds * 3.0, delta=0.5),
        "log": tf.losses.log_loss(labels, preds),
        "hinge": tf.losses.hinge_loss(onehot, logits),
        "cos": tf.losses.cosine_distance(tf.nn.l2_normalize(labels, 1),
                                         tf.nn.l2_normalize(preds, 1), axis=1),
        "sce": tf.losses.softmax_cross_entropy(onehot, logits, label_smoothing=0.1),
        "sce_w": tf.losses.softmax_cross_entropy(onehot, logits, weights=[3.0, 0.5]),
        "ssce": tf.losses.sparse_softmax_cross_entropy([[1], [0]], logits),
        "sig": tf.losses.sigmoid_cross_entropy(onehot, logits, label_smoothing=0.2),
        "mpse": tf.losses.mean_pairwise_squared_error(labels, preds),
    }
    t["total"] = tf.losses.get_total_loss()
    assert len(tf.losses.get_losses()) == 15
    assert [x.name for x in tf.losses.get_losses()][:6] == [
        "mean_squared_error/value:0", "mean_squared_error_1/value:0",
        "mean_squared_error_2/value:0", "mean_squared_error_3/Sum:0",
        "mean_squared_error_5/value:0", "absolute_difference/value:0"]
    expect = {
        "abs": 0.3375, "cos": 0.13714, "hinge": 0.783333, "huber": 0.453333, "log": 0.603092,
        "mpse": 0.553333, "mse": 0.121667, "mse_batch": 0.104167, "mse_sum": 1.46,
        "mse_none": [[0.01, 0.08, 0.0], [0.045, 0.0, 0.49]], "mse_w": 0.02,
        "mse_w2_mean": 0.138889, "sce": 0.649929, "sce_w": 0.495254, "sig": 0.67704,
        "ssce": 0.554929, "total": 7.089606}
    with tf.Session() as sess:
        got = sess.run(t)
    for key, value in expect.items():
        np.testing.assert_allclose(got[key], value, rtol=2e-5, atol=2e-6, err_msg=key)


def test_regularization_losses(tf):
    assert tf.Session().run(tf.losses.get_regularization_loss()) == 0.0
    x = tf.constant([[1.0, 2.0]])
    tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer(0.5),
                    kernel_regularizer=lambda w: 0.1 * tf.reduce_sum(tf.square(w)), name="d")
    assert [t.name for t in tf.losses.get_regularization_losses()] == [
        "d/kernel/Regularizer/mul:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert np.isclose(sess.run(tf.losses.get_regularization_loss()), 0.1)


def test_losses_reject_none_and_bad_reduction(tf):
    with pytest.raises(ValueError):
        tf.losses.mean_squared_error(None, [1.0])
    with pytest.raises(ValueError):
        tf.losses.mean_squared_error([1.0], [1.0], reduction="bogus")


LOCAL = ["accuracy/total:0", "accuracy/count:0", "mean/total:0", "mean/count:0",
         "precision/true_positives/count:0", "precision/false_positives/count:0",
         "recall/true_positives/count:0", "recall/false_negatives/count:0",
         "auc/true_positives:0", "auc/false_negatives:0", "auc/true_negatives:0",
         "auc/false_positives:0", "auc_1/true_positives:0", "auc_1/false_negatives:0",
         "auc_1/true_negatives:0", "auc_1/false_positives:0",
         "mean_iou/total_confusion_matrix:0", "root_mean_squared_error/total:0",
         "root_mean_squared_error/count:0"]


def test_streaming_metrics(tf):
    yt, yp = tf.placeholder(tf.int64, [None]), tf.placeholder(tf.int64, [None])
    sc = tf.placeholder(tf.float32, [None])
    pairs = [tf.metrics.accuracy(yt, yp), tf.metrics.mean(sc, weights=tf.cast(yt, tf.float32)),
             tf.metrics.precision(yt, yp), tf.metrics.recall(yt, yp),
             tf.metrics.auc(yt, sc, num_thresholds=20),
             tf.metrics.auc(yt, sc, num_thresholds=20, curve="PR", summation_method="majoring"),
             tf.metrics.mean_iou(yt, yp, 2),
             tf.metrics.root_mean_squared_error(tf.cast(yt, tf.float32), sc)]
    assert [v.name for v in tf.local_variables()] == LOCAL
    assert tf.trainable_variables() == []
    values, updates = [p[0] for p in pairs], [p[1] for p in pairs]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        ups1 = sess.run(updates, {yt: [1, 0, 1, 1], yp: [1, 1, 0, 1], sc: [0.9, 0.6, 0.2, 0.7]})
        sess.run(updates, {yt: [0, 0, 1], yp: [0, 1, 1], sc: [0.1, 0.8, 0.55]})
        final = sess.run(values)
    np.testing.assert_allclose(ups1[6], [[0.0, 1.0], [1.0, 2.0]])
    ups1 = [u for i, u in enumerate(ups1) if i != 6]
    np.testing.assert_allclose(ups1, [0.5, 0.6, 0.666667, 0.666667, 0.666666, 0.916666, 0.524404],
                               rtol=1e-5)
    np.testing.assert_allclose(final, [0.571429, 0.5875, 0.6, 0.75, 0.583333, 0.733333, 0.375,
                                       0.528137], rtol=1e-5)


def test_nce_and_sampled_softmax_losses(tf):
    w = tf.constant((np.sin(np.arange(10 * 4)) * 0.5).reshape(10, 4).astype(np.float32))
    b = tf.constant((np.cos(np.arange(10)) * 0.1).astype(np.float32))
    x = tf.constant(np.cos(np.arange(3 * 4) * 0.3).reshape(3, 4).astype(np.float32))
    labels = tf.constant([[1], [4], [7]], tf.int64)
    sampled = (tf.constant([4, 0, 9, 2], tf.int64), tf.constant([[0.2], [0.5], [0.1]]),
               tf.constant([0.5, 0.9, 0.05, 0.3]))  # label 4 is an accidental hit
    nce = tf.nn.nce_loss(w, b, labels, x, num_sampled=4, num_classes=10, sampled_values=sampled)
    ssl = tf.nn.sampled_softmax_loss(w, b, labels, x, num_sampled=4, num_classes=10,
                                     sampled_values=sampled)
    ssl_part = tf.nn.sampled_softmax_loss([w[:5], w[5:]], b, labels, x, num_sampled=4,
                                          num_classes=10, sampled_values=sampled,
                                          partition_strategy="div")
    gw, gx = tf.gradients(tf.reduce_sum(nce) + tf.reduce_sum(ssl), [w, x])
    candidates = tf.nn.log_uniform_candidate_sampler(labels, 1, 5, True, 10, seed=3)
    with tf.Session() as sess:
        got = sess.run({"nce": nce, "ssl": ssl, "ssl_part": ssl_part,
                        "gw": tf.convert_to_tensor(gw), "gx": gx, "samp": candidates})
    expect = {
        "nce": [6.406089, 6.567034, 6.706326],
        "ssl": [2.187965, 2.382462, 0.720442],
        "ssl_part": [2.187965, 2.382462, 0.720442],
        "gw": [[0.819429, 0.554646, 0.240318, -0.095477], [-1.173648, -1.121228, -0.968653,
        -0.729551], [0.717738, 0.204942, -0.32616, -0.828127], [0.0, 0.0, 0.0, 0.0], [-0.407613,
        -0.396493, -0.349955, -0.272157], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.405711,
        0.497417, 0.54469, 0.543308], [0.0, 0.0, 0.0, 0.0], [1.069243, 0.349403, -0.401648,
        -1.11682]],
        "gx": [[0.112327, 0.415606, 0.336778, -0.051682], [-0.102297, 0.290469, 0.416179,
        0.159256], [-0.416745, -0.341456, 0.047766, 0.393072]],
    }
    for key, value in expect.items():
        np.testing.assert_allclose(got[key], value, rtol=1e-5, atol=1e-6, err_msg=key)
    ids, true_count, sampled_count = got["samp"]
    assert ids.shape == (5,) and len(set(ids.tolist())) == 5 and ids.max() < 10
    assert true_count.shape == (3, 1) and sampled_count.shape == (5,)


@pytest.mark.tfcompat_only
def test_positional_cross_entropy_calls_get_tf1s_named_arguments_error(tf):
    # TF 1.x's _sentinel (nn_ops._ensure_xent_args): the famous
    # "Only call `softmax_cross_entropy_with_logits` with named arguments" of TF1 tutorials
    # (TF 2.x's compat.v1 dropped the sentinel and takes (labels, logits) positionally);
    # tfcompat used to say that labels and logits were missing.
    for f in (tf.nn.softmax_cross_entropy_with_logits,
              tf.nn.sparse_softmax_cross_entropy_with_logits,
              tf.nn.sigmoid_cross_entropy_with_logits):
        with pytest.raises(ValueError, match=r"Only call `%s` with named arguments "
                                             r"\(labels=\.\.\., logits=\.\.\., \.\.\.\)"
                           % f.__name__):
            f(tf.zeros([2, 3]), tf.zeros([2, 3]))

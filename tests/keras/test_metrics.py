"""tf.keras.metrics in graph mode: the function metrics (accuracies, top-k, the loss functions)
and the stateful Metric classes (`total`/`count` variables outside every collection, update
ops, results accumulating across runs, reset). Expected values recorded from TF 2.21
compat.v1 (TF_USE_LEGACY_KERAS=1, v2 behaviour disabled)."""
import numpy as np
import pytest

Y_TRUE = [[0., 1., 0.], [1., 0., 0.], [0., 0., 1.]]
Y_PRED = [[0.1, 0.7, 0.2], [0.3, 0.5, 0.2], [0.2, 0.3, 0.5]]


def test_function_metrics(tf):
    m = tf.keras.metrics
    yt, yp = tf.constant(Y_TRUE), tf.constant(Y_PRED)
    ys, ys1 = tf.constant([[1], [0], [2]]), tf.constant([1, 0, 2])
    outs = {"ba": m.binary_accuracy(yt, yp), "ba3": m.binary_accuracy(yt, yp, threshold=0.25),
            "ca": m.categorical_accuracy(yt, yp), "sca": m.sparse_categorical_accuracy(ys, yp),
            "sca1": m.sparse_categorical_accuracy(ys1, yp),
            "sca_f": m.sparse_categorical_accuracy(tf.constant([[1.], [0.], [2.]]), yp),
            "tk": m.top_k_categorical_accuracy(yt, yp, k=2),
            "stk": m.sparse_top_k_categorical_accuracy(ys, yp, k=1),
            "stk1": m.sparse_top_k_categorical_accuracy(ys1, yp, k=2),
            "acc": m.get("accuracy")(yt, tf.round(yp)),
            "cos": m.get("cosine_similarity")(yt, yp)}
    # recorded from TF 2.21 compat.v1
    assert {k: v.name for k, v in outs.items()} == {
        "ba": "Mean:0", "ba3": "Mean_1:0", "ca": "Cast_6:0", "sca": "Squeeze_1:0",
        "sca1": "Cast_10:0", "sca_f": "Squeeze_3:0", "tk": "Cast_14:0", "stk": "Reshape_3:0",
        "stk1": "Cast_16:0", "acc": "Cast_17:0", "cos": "Sum:0"}
    with tf.Session() as sess:
        got = sess.run(outs)
    expected = {"ba": [1.0, 0.66667, 0.66667], "ba3": [1.0, 0.66667, 0.66667],
                "ca": [1, 0, 1], "sca": [1, 0, 1], "sca1": [1, 0, 1], "sca_f": [1, 0, 1],
                "tk": [1, 1, 1], "stk": [[1], [0], [1]], "stk1": [1, 1, 1],
                "acc": [[1, 1, 1], [0, 1, 1], [1, 1, 0]], "cos": [0.95258, 0.48666, 0.81111]}
    for name, value in expected.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-4, err_msg=name)


# name -> function __name__, recorded from TF 2.21 compat.v1
GET_NAMES = {"acc": "accuracy", "ACC": "accuracy", "accuracy": "accuracy",
             "binary_accuracy": "binary_accuracy", "bce": "binary_crossentropy",
             "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
             "mse": "mean_squared_error", "MSE": "mean_squared_error",
             "mape": "mean_absolute_percentage_error", "cosine_proximity": "cosine_similarity",
             "kullback_leibler_divergence": "kl_divergence", "logcosh": "log_cosh",
             "top_k_categorical_accuracy": "top_k_categorical_accuracy"}


def test_get(tf):
    m = tf.keras.metrics
    assert {k: m.get(k).__name__ for k in GET_NAMES} == GET_NAMES
    assert (type(m.get("Mean")).__name__, m.get("Mean").name) == ("Mean", "mean")
    for name in ("cosine", "kld", "kl_divergence", "huber", "nope"):
        with pytest.raises(ValueError, match="Unknown metric function: '%s'" % name):
            m.get(name)
    with pytest.raises(ValueError, match="Could not interpret metric identifier: 3"):
        m.get(3)


def test_mean_metric(tf):
    m = tf.keras.metrics.Mean()
    # recorded from TF 2.21 compat.v1: not in any collection
    assert [v.name for v in m.variables] == ["total:0", "count:0"]
    assert tf.global_variables() == [] and tf.local_variables() == []
    assert (m.name, m.dtype, str(m)) == ("mean", "float32", "Mean(name=mean,dtype=float32)")
    update = m.update_state(tf.constant([1., 2., 3.]))
    result = m.result()
    assert type(update).__name__ == "Operation"
    assert (result.name, result.op.type) == ("Identity:0", "Identity")
    called = m(tf.constant([5.]), sample_weight=tf.constant([2.]))
    assert called.name == "Identity_1:0"
    with tf.Session() as sess:
        sess.run(tf.variables_initializer(m.variables))
        sess.run(update)
        assert sess.run(result) == 2.0
        np.testing.assert_allclose(sess.run(called), 3.2)
        np.testing.assert_allclose(sess.run(result), 3.2)


def test_metric_classes(tf):
    m = tf.keras.metrics
    yt, yp = tf.constant(Y_TRUE), tf.constant(Y_PRED)
    outs = {"acc": m.Accuracy()(tf.constant([1, 2, 3]), tf.constant([1, 2, 4])),
            "a2": m.SparseCategoricalAccuracy("acc")(tf.constant([[1], [0], [2]]), yp),
            "sum": m.Sum()(tf.constant([[1., 2.], [3., 4.]]), sample_weight=tf.constant([1., .5])),
            "ca": m.CategoricalAccuracy()(yt, yp), "ba": m.BinaryAccuracy(threshold=0.4)(yt, yp),
            "mse": m.MeanSquaredError()(yt, yp, sample_weight=tf.constant([1., 2., 0.])),
            "tk": m.TopKCategoricalAccuracy(k=1)(yt, yp),
            "stk": m.SparseTopKCategoricalAccuracy(k=2)(tf.constant([1, 0, 2]), yp),
            "rmse": m.RootMeanSquaredError()(yt, yp), "cos": m.CosineSimilarity()(yt, yp),
            "mw": m.MeanMetricWrapper(m.mae)(yt, yp), "bce": m.BinaryCrossentropy()(yt, yp),
            "cce": m.CategoricalCrossentropy()(yt, yp),
            "scce": m.SparseCategoricalCrossentropy()(tf.constant([1, 0, 2]), yp),
            "kld": m.KLDivergence()(yt, yp), "lc": m.LogCoshError()(yt, yp),
            "h": m.Hinge()(yt, yp)}
    # recorded from TF 2.21 compat.v1
    names = {"acc": "accuracy", "a2": "acc", "ca": "categorical_accuracy",
             "rmse": "root_mean_squared_error", "mw": "mean_metric_wrapper",
             "kld": "kullback_leibler_divergence", "lc": "logcosh"}
    assert {k: outs[k]._metric_obj.name for k in names} == names
    expected = {"acc": 0.66667, "a2": 0.66667, "sum": 6.5, "ca": 0.66667, "ba": 0.77778,
                "mse": 0.18889, "tk": 0.66667, "stk": 1.0, "rmse": 0.38006, "cos": 0.75012,
                "mw": 0.33333, "bce": 0.45316, "cce": 0.75126, "scce": 0.75126, "kld": 0.75126,
                "lc": 0.06898, "h": 1.0}
    variables = [v for out in outs.values() for v in out._metric_obj.variables]
    with tf.Session() as sess:
        sess.run(tf.variables_initializer(variables))
        first, second = sess.run(outs), sess.run(outs)
    for name, value in expected.items():
        np.testing.assert_allclose(first[name], value, rtol=1e-4, err_msg=name)
    np.testing.assert_allclose(second["sum"], 13.0)   # Sum accumulates, means stay
    np.testing.assert_allclose(second["mse"], 0.18889, rtol=1e-4)


def test_metric_configs(tf):
    m = tf.keras.metrics
    assert m.BinaryAccuracy().get_config() == {"name": "binary_accuracy", "dtype": "float32",
                                               "threshold": 0.5}
    assert m.SparseTopKCategoricalAccuracy().get_config() == {
        "name": "sparse_top_k_categorical_accuracy", "dtype": "float32", "k": 5}
    assert m.CategoricalCrossentropy().get_config() == {
        "name": "categorical_crossentropy", "dtype": "float32", "from_logits": False,
        "label_smoothing": 0, "axis": -1}


def test_confusion_metrics(tf):
    m = tf.keras.metrics
    yt = tf.constant([0., 1., 1., 0., 1., 0., 1., 0.])
    yp = tf.constant([0.1, 0.8, 0.45, 0.3, 0.9, 0.6, 0.55, 0.2])
    sw = tf.constant([1., 2., 1., 1., 0.5, 1., 1., 3.])
    metrics = {"p": m.Precision(), "r": m.Recall(), "p3": m.Precision(thresholds=[0.3, 0.5, 0.7]),
               "auc": m.AUC(), "auc_pr": m.AUC(curve="PR"),
               "auc10": m.AUC(num_thresholds=10, summation_method="minoring"),
               "tp": m.TruePositives(), "fp": m.FalsePositives(thresholds=[0.2, 0.5]),
               "tn": m.TrueNegatives(), "fn": m.FalseNegatives(), "rk": m.Recall(class_id=1),
               "pk": m.Precision(top_k=1)}
    # recorded from TF 2.21 compat.v1
    assert {k: (v.name, [w.name for w in v.variables]) for k, v in metrics.items()
            if k in ("p", "r", "auc", "tp")} == {
        "p": ("precision", ["true_positives:0", "false_positives:0"]),
        "r": ("recall", ["true_positives_1:0", "false_negatives:0"]),
        "auc": ("auc", ["true_positives_3:0", "true_negatives:0", "false_positives_2:0",
                        "false_negatives_1:0"]),
        "tp": ("true_positives", ["accumulator:0"])}
    yt2 = tf.constant([[0., 1., 0.], [1., 0., 0.], [0., 1., 1.]])
    yp2 = tf.constant([[0.1, 0.7, 0.6], [0.3, 0.5, 0.2], [0.2, 0.3, 0.5]])
    outs = {k: (v(yt2, yp2) if k in ("rk", "pk")
                else v(yt, yp, sample_weight=None if k == "auc10" else sw))
            for k, v in metrics.items()}
    with tf.Session() as sess:
        sess.run(tf.variables_initializer([w for v in metrics.values() for w in v.variables]))
        got = sess.run(outs)
    expected = {"p": 0.77778, "r": 0.77778, "p3": [0.81818, 0.77778, 1.], "auc": 0.92593,
                "auc_pr": 0.89956, "auc10": 0.875, "tp": 3.5, "fp": [2., 1.], "tn": 5.0,
                "fn": 1.0, "rk": 0.5, "pk": 0.66667}
    for name, value in expected.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-4, err_msg=name)
    assert metrics["auc10"].get_config() == {
        "name": "auc_2", "dtype": "float32", "num_thresholds": 10, "curve": "ROC",
        "summation_method": "minoring", "multi_label": False, "num_labels": None,
        "label_weights": None, "from_logits": False}


def test_custom_metric_and_reset(tf):
    class MyMetric(tf.keras.metrics.Metric):
        def __init__(self, name="my_metric", **kwargs):
            super().__init__(name=name, **kwargs)
            self.v = self.add_weight(name="v", initializer="ones")

        def update_state(self, y_true, y_pred, sample_weight=None):
            return self.v.assign_add(tf.reduce_sum(y_pred))

        def result(self):
            return self.v * 2.

    metric = MyMetric()
    assert [v.name for v in metric.variables] == ["v:0"]
    out = metric(tf.constant([1.]), tf.constant([2., 3.]))
    sess = tf.Session()
    tf.keras.backend.set_session(sess)
    sess.run(tf.variables_initializer(metric.variables))
    # recorded from TF 2.21 compat.v1
    assert (sess.run(out), sess.run(out)) == (12.0, 22.0)
    metric.reset_states()
    assert sess.run(metric.v) == 0.0
    mean = tf.keras.metrics.Mean()
    value = mean(tf.constant([2., 4.]))
    sess.run(tf.variables_initializer(mean.variables))
    assert sess.run(value) == 3.0
    mean.reset_states()
    assert mean.get_weights() == [0.0, 0.0]


def test_iou_and_relative_error(tf):
    m = tf.keras.metrics
    metrics = {"miou": m.MeanIoU(3), "iou": m.IoU(3, [0, 2]),
               "miou_ig": m.MeanIoU(3, ignore_class=1),
               "miou_oh": m.MeanIoU(3, sparse_y_pred=False),
               "mre": m.MeanRelativeError(normalizer=[1., 2., 4., 1.])}
    # recorded from TF 2.21 compat.v1
    assert [(v.name, v.shape.as_list()) for v in metrics["miou"].variables] == [
        ("total_confusion_matrix:0", [3, 3])]
    assert metrics["miou"].name == "mean_io_u"
    yt, yp = tf.constant([0, 1, 2, 2, 1, 0]), tf.constant([0, 2, 2, 1, 1, 0])
    outs = {"miou": metrics["miou"](yt, yp, sample_weight=tf.constant([1., 2., 1., 1., .5, 1.])),
            "iou": metrics["iou"](yt, yp), "miou_ig": metrics["miou_ig"](yt, yp),
            "miou_oh": metrics["miou_oh"](yt, tf.one_hot(yp, 3) * 0.8),
            "mre": metrics["mre"](tf.constant([1., 2., 3., 4.]), tf.constant([1.5, 2., 2., 5.]))}
    with tf.Session() as sess:
        sess.run(tf.variables_initializer([w for v in metrics.values() for w in v.variables]))
        got = sess.run(outs)
    expected = {"miou": 0.46429, "iou": 0.66667, "miou_ig": 0.5, "miou_oh": 0.55556,
                "mre": 0.4375}
    for name, value in expected.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-4, err_msg=name)
    with pytest.raises(ValueError, match="Target class id 3 is out of range, which is \\[0, 2\\)"):
        m.IoU(2, [3])

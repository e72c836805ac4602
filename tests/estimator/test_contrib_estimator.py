"""tf.contrib.estimator (TF 1.15): the v1 heads with their SUM_OVER_BATCH_SIZE default, the
multi-label head, the extenders and the aliases of tf.estimator's names. TF 2.21 has no
tf.contrib, so this is tfcompat-only; expected values recorded from tensorflow_estimator 2.15's
v1 heads (canned/head.py with the loss_fn / inverse_link_fn contrib passes) on TF 2.21, and for
the multi-label head from the same computation written with TF ops (its contrib source)."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only
# tfcompat-only: skipped as a module where tfcompat is not installed (the TF reference's venv)
tf = pytest.importorskip("tfcompat")

_W = np.array([[1.], [2.], [0.5]], np.float32)
_L1 = np.array([[0.5], [1.0], [-0.2]], np.float32)
_L3 = np.array([[0.5, -1., 2.], [1.0, 2., 0.], [-0.2, 0., 0.3]], np.float32)


def _run(head, logits, labels, features=None):
    """The head's TRAIN loss, EVAL metric values and PREDICT predictions for one batch."""
    out = {}
    features = features or {"w": _W}
    for mode in ("train", "eval", "infer"):
        with tf.Graph().as_default():
            tf.train.create_global_step()
            spec = head.create_estimator_spec(
                features=features, mode=mode, logits=logits,
                labels=None if mode == "infer" else labels,
                train_op_fn=(lambda loss: tf.no_op()) if mode == "train" else None)
            with tf.Session() as sess:
                sess.run([tf.global_variables_initializer(), tf.local_variables_initializer(),
                          tf.tables_initializer()])
                if mode == "train":
                    out["loss"] = sess.run(spec.loss)
                elif mode == "eval":
                    sess.run({k: v[1] for k, v in spec.eval_metric_ops.items()})
                    out["eval"] = sess.run({k: v[0] for k, v in spec.eval_metric_ops.items()})
                else:
                    out["pred"] = sess.run(spec.predictions)
                    out["export_keys"] = sorted(spec.export_outputs)
    return out


def _close(got, expected):
    assert sorted(got) == sorted(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(got[key], value, rtol=1e-5, atol=1e-6, err_msg=key)


def test_poisson_regression_head_weighted():
    out = _run(tf.contrib.estimator.poisson_regression_head(weight_column="w"), _L1,
               np.array([[1.], [3.], [0.]], np.float32))
    np.testing.assert_allclose(out["loss"], 1.5076045, rtol=1e-6)
    _close(out["eval"], {"average_loss": 1.2922324, "prediction/mean": 2.1413286,
                         "label/mean": 2.0})
    _close(out["pred"], {"predictions": [[1.6487212], [2.7182817], [0.8187308]],
                         "logits": _L1})
    assert out["export_keys"] == ["predict", "regression", "serving_default"]


def test_logistic_regression_head():
    out = _run(tf.contrib.estimator.logistic_regression_head(), _L1,
               np.array([[1.], [0.], [1.]], np.float32))
    np.testing.assert_allclose(out["loss"], 0.8618259, rtol=1e-6)
    _close(out["eval"], {"average_loss": 0.8618259, "prediction/mean": 0.601228,
                         "label/mean": 0.6666667})
    _close(out["pred"], {"predictions": [[0.6224594], [0.7310586], [0.450166]], "logits": _L1})


def test_logistic_regression_head_label_range():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Labels must be in range \[0, 1\]"):
        _run(tf.contrib.estimator.logistic_regression_head(), _L1,
             np.array([[1.], [2.], [1.]], np.float32))


def test_regression_head_mean_over_batch_and_labels():
    logits = np.array([[0.5, -1.], [1.0, 2.], [-0.2, 0.]], np.float32)
    out = _run(tf.contrib.estimator.regression_head(label_dimension=2), logits,
               np.array([[1., 0.], [3., 2.5], [0., 0.5]], np.float32))
    np.testing.assert_allclose(out["loss"], 0.965, rtol=1e-6)
    _close(out["eval"], {"average_loss": 0.965, "prediction/mean": 0.38333333,
                         "label/mean": 1.1666666})


def test_binary_and_multi_class_heads_average_the_loss():
    out = _run(tf.contrib.estimator.binary_classification_head(), _L1,
               np.array([[1], [0], [1]], np.int64))
    np.testing.assert_allclose(out["loss"], 0.8618259, rtol=1e-6)
    np.testing.assert_allclose(out["eval"]["accuracy"], 0.33333334, rtol=1e-6)
    assert out["export_keys"] == ["classification", "predict", "regression", "serving_default"]
    out = _run(tf.contrib.estimator.multi_class_head(3), _L3,
               np.array([[2], [1], [0]], np.int64))
    np.testing.assert_allclose(out["loss"], 0.66740125, rtol=1e-6)
    np.testing.assert_allclose(out["pred"]["probabilities"][0],
                               [0.1752904, 0.0391126, 0.785597], rtol=1e-5)


_ML_LABELS = np.array([[1, 0, 1], [0, 0, 1], [1, 1, 0]], np.int64)
_ML_PROBS = [[0.6224594, 0.2689414, 0.8807971], [0.7310585, 0.8807971, 0.5],
             [0.4501659, 0.5, 0.5744426]]


def test_multi_label_head_loss_metrics_and_predictions():
    head = tf.contrib.estimator.multi_label_head(
        3, thresholds=[0.5], classes_for_class_based_metrics=[1])
    out = _run(head, _L3, _ML_LABELS)
    np.testing.assert_allclose(out["loss"], 0.8214717, rtol=1e-6)
    _close(out["eval"], {
        "average_loss": 0.8214717, "auc": 0.425, "auc_precision_recall": 0.5472619,
        "accuracy/positive_threshold_0.5": 0.5555556,
        "precision/positive_threshold_0.5": 0.4, "recall/positive_threshold_0.5": 0.4,
        "probability_mean/class1": 0.54991287, "auc/class1": 0.50000024,
        "auc_precision_recall/class1": out["eval"]["auc_precision_recall/class1"]})
    _close(out["pred"], {"logits": _L3, "probabilities": _ML_PROBS})
    assert out["export_keys"] == ["classification", "predict", "serving_default"]


def test_multi_label_head_weights_and_sparse_labels():
    weighted = _run(tf.contrib.estimator.multi_label_head(3, weight_column="w"), _L3,
                    _ML_LABELS)
    np.testing.assert_allclose(weighted["loss"], 1.1504179, rtol=1e-6)
    sparse = tf.SparseTensorValue(indices=[[0, 0], [0, 1], [1, 0], [2, 0], [2, 1]],
                                  values=np.array([0, 2, 2, 0, 1], np.int64),
                                  dense_shape=[3, 2])
    with tf.Graph().as_default():
        head = tf.contrib.estimator.multi_label_head(3)
        spec = head.create_estimator_spec(
            features={}, mode="train", logits=_L3,
            labels=tf.SparseTensor.from_value(sparse), train_op_fn=lambda loss: tf.no_op())
        with tf.Session() as sess:
            np.testing.assert_allclose(sess.run(spec.loss), 0.8214717, rtol=1e-6)


def test_multi_label_head_argument_errors():
    E = tf.contrib.estimator
    with pytest.raises(ValueError, match=r"n_classes must be > 1 for multi-class "
                                         r"classification. Given: 1"):
        E.multi_label_head(1)
    with pytest.raises(ValueError, match=r"thresholds must be in \(0, 1\) range. Given: 1.5"):
        E.multi_label_head(2, thresholds=[1.5])
    with pytest.raises(ValueError, match=r"Length of label_vocabulary must be n_classes "
                                         r"\(2\). Given: 3"):
        E.multi_label_head(2, label_vocabulary=["a", "b", "c"])
    with pytest.raises(ValueError, match=r"All classes_for_class_based_metrics must be in "
                                         r"range \[0, 1\]. Given: 2"):
        E.multi_label_head(2, classes_for_class_based_metrics=[2])


def test_clip_gradients_by_norm():
    with tf.Graph().as_default():
        v = tf.Variable([3., 4.])
        loss = tf.reduce_sum(v * tf.constant([3., 4.]))
        opt = tf.contrib.estimator.clip_gradients_by_norm(
            tf.train.GradientDescentOptimizer(0.5), 1.0)
        assert opt.get_name() == "ClipByNormGradientDescent"
        train = opt.minimize(loss)
        with tf.Session() as sess:
            sess.run(v.initializer)
            sess.run(train)
            np.testing.assert_allclose(sess.run(v), [2.7, 3.6], rtol=1e-6)


def _model_fn(features, labels, mode):
    w = tf.get_variable("w", initializer=[[1.], [2.]])
    pred = tf.matmul(features["x"], w)
    return tf.estimator.EstimatorSpec(
        mode, predictions={"y": pred}, loss=tf.reduce_mean(pred),
        train_op=(tf.assign_add(tf.train.get_global_step(), 1)
                  if mode == tf.estimator.ModeKeys.TRAIN else None),
        export_outputs={"serving_default": tf.estimator.export.PredictOutput({"y": pred})})


def _input_fn():
    return {"x": tf.constant([[1., 1.], [0., 2.]]), "id": tf.constant([7, 9])}, None


def _predict_input_fn(features=None):
    return lambda: tf.data.Dataset.from_tensors(
        features or {"x": tf.constant([[1., 1.], [0., 2.]]), "id": tf.constant([7, 9])})


def test_forward_features(tmp_path):
    est = tf.estimator.Estimator(_model_fn, model_dir=str(tmp_path))
    est.train(_input_fn, steps=1)
    fwd = tf.contrib.estimator.forward_features(est, "id")
    got = list(fwd.predict(_predict_input_fn()))
    assert [int(p["id"]) for p in got] == [7, 9]
    np.testing.assert_allclose([p["y"][0] for p in got], [3., 4.])
    with pytest.raises(TypeError, match="keys should be either a string or a list of "
                                        "strings. Given: <class 'int'>"):
        tf.contrib.estimator.forward_features(est, 3)
    with pytest.raises(ValueError, match=r'Key "nope" is not in features dict'):
        list(tf.contrib.estimator.forward_features(est, ["nope"]).predict(_predict_input_fn()))
    with pytest.raises(ValueError, match=r"Cannot forward feature key \(y\)"):
        list(tf.contrib.estimator.forward_features(est, "y").predict(_predict_input_fn(
            {"x": np.array([[1., 1.]], np.float32), "y": np.array([1])})))


def test_export_saved_model_for_mode(tmp_path):
    est = tf.estimator.Estimator(_model_fn, model_dir=str(tmp_path / "m"))
    est.train(_input_fn, steps=1)

    def receiver():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        return tf.estimator.export.ServingInputReceiver({"x": x}, {"x": x})
    path = tf.contrib.estimator.export_saved_model_for_mode(est, str(tmp_path / "e"), receiver)
    predict = tf.contrib.predictor.from_saved_model(path)
    np.testing.assert_allclose(predict({"x": [[2., 1.]]})["y"], [[4.]])


def test_aliases_and_refusals():
    E = tf.contrib.estimator
    assert E.stop_if_no_decrease_hook is tf.estimator.experimental.stop_if_no_decrease_hook
    assert E.InMemoryEvaluatorHook is tf.estimator.experimental.InMemoryEvaluatorHook
    assert E.DNNEstimator is tf.estimator.DNNEstimator
    assert E.add_metrics is tf.estimator.add_metrics
    for name in ("RNNClassifier", "RNNEstimator", "replicate_model_fn", "TowerOptimizer",
                 "boosted_trees_classifier_train_in_memory"):
        with pytest.raises(AttributeError, match="tf.contrib.estimator." + name):
            getattr(E, name)


_MH_LOGITS = np.array([[0.5, -1., 2., 0.3], [1.0, 2., 0., -0.4]], np.float32)
_MH_LABELS = {"head1": np.array([[2], [1]], np.int64), "head2": np.array([[1.], [0.]],
                                                                         np.float32)}


def _multi_head(head_weights=None):
    E = tf.contrib.estimator
    return E.multi_head([E.multi_class_head(3, name="head1"),
                         E.binary_classification_head(name="head2")], head_weights)


def test_multi_head_merges_losses_metrics_and_predictions():
    head = _multi_head()
    assert head.name == "head1_head2" and head.logits_dimension == 4
    out = _run(head, _MH_LOGITS, _MH_LABELS, features={})
    np.testing.assert_allclose(out["loss"], 0.8581439, rtol=1e-6)
    assert sorted(out["eval"]) == [
        "accuracy/head1", "accuracy/head2", "accuracy_baseline/head2", "auc/head2",
        "auc_precision_recall/head2", "average_loss/head1", "average_loss/head2",
        "label/mean/head2", "loss/head1", "loss/head2", "precision/head2",
        "prediction/mean/head2", "recall/head2"]
    np.testing.assert_allclose(out["eval"]["loss/head1"], 0.32445863, rtol=1e-6)
    np.testing.assert_allclose(out["eval"]["loss/head2"], 0.53368527, rtol=1e-6)
    np.testing.assert_allclose(out["eval"]["prediction/mean/head2"], 0.48787743, rtol=1e-6)
    np.testing.assert_allclose(out["pred"][("head2", "logistic")], [[0.5744425], [0.4013123]],
                               rtol=1e-6)
    assert out["export_keys"] == [
        "head1", "head1/classification", "head1/predict", "head2", "head2/classification",
        "head2/predict", "head2/regression", "predict", "serving_default"]


def test_multi_head_weights_and_errors():
    out = _run(_multi_head([2., 0.5]), _MH_LOGITS, _MH_LABELS, features={})
    np.testing.assert_allclose(out["loss"], 0.9157599, rtol=1e-6)
    E = tf.contrib.estimator
    with pytest.raises(ValueError, match=r"heads and head_weights must have the same size. "
                                         r"Given len\(heads\): 1. Given len\(head_weights\): 2."):
        E.multi_head([E.regression_head(name="r")], [1., 2.])
    with pytest.raises(ValueError, match=r"Must specify heads. Given: \[\]"):
        E.multi_head([])
    with pytest.raises(ValueError, match="All given heads must have name specified."):
        E.multi_head([E.regression_head()])


def test_multi_label_head_string_sparse_labels_with_vocabulary():
    sparse = tf.SparseTensorValue(indices=[[0, 0], [0, 1], [1, 0], [2, 0], [2, 1]],
                                  values=np.array([b"a", b"c", b"c", b"a", b"b"]),
                                  dense_shape=[3, 2])
    with tf.Graph().as_default():
        head = tf.contrib.estimator.multi_label_head(
            3, label_vocabulary=["a", "b", "c"], classes_for_class_based_metrics=["b"])
        spec = head.create_estimator_spec(
            features={}, mode="eval", logits=_L3, labels=tf.SparseTensor.from_value(sparse))
        assert "auc/b" in spec.eval_metric_ops
        with tf.Session() as sess:
            sess.run([tf.local_variables_initializer(), tf.tables_initializer()])
            np.testing.assert_allclose(sess.run(spec.loss), 0.8214717, rtol=1e-6)
            sess.run(spec.eval_metric_ops["auc/b"][1])
            np.testing.assert_allclose(sess.run(spec.eval_metric_ops["auc/b"][0]), 0.50000024,
                                       rtol=1e-5)

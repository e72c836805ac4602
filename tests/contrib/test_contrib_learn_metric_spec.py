"""tf.contrib.learn's MetricSpec with Estimator.evaluate(metrics=...), KMeansClustering,
PredictionKey / ProblemType and the contrib RunConfig's uid. TF 2.21 has no contrib.learn:
each expected value follows TF 1.15's source (learn/metric_spec.py, estimators/estimator.py's
_make_metrics_ops, estimators/kmeans.py, estimators/run_config.py, prediction_key.py,
constants.py) or is computed by hand from the data, as said beside it."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

X = np.array([[0.], [1.], [2.], [3.]], np.float32)
Y = np.array([1., 3., 5., 8.], np.float32)


def _fixed_model_fn(tf):
    """predictions {"y": 2x + 1, "z": 0} of variables that a learning rate 0 keeps."""
    def model_fn(features, labels, mode):
        w = tf.get_variable("w", [1, 1], initializer=tf.constant_initializer(2.0))
        y = tf.squeeze(tf.matmul(features["x"], w), 1) + 1.0
        predictions = {"y": y, "z": tf.zeros_like(y)}
        loss = None if labels is None else tf.losses.mean_squared_error(labels["t"], y)
        train_op = None
        if mode == tf.contrib.learn.ModeKeys.TRAIN:
            train_op = tf.train.GradientDescentOptimizer(0.0).minimize(
                loss, global_step=tf.train.get_global_step())
        return tf.contrib.learn.ModelFnOps(mode=mode, predictions=predictions, loss=loss,
                                           train_op=train_op)
    return model_fn


def _input_fn(tf):
    return lambda: ({"x": tf.constant(X), "wt": tf.constant([1., 1., 1., 3.])},
                    {"t": tf.constant(Y)})


def test_evaluate_with_metric_specs(tf, tmp_path):
    est = tf.contrib.learn.Estimator(model_fn=_fixed_model_fn(tf), model_dir=str(tmp_path))
    est.fit(input_fn=_input_fn(tf), steps=1)

    def mean_diff(predictions, labels):        # predictions named, labels named
        return tf.metrics.mean(predictions - labels)

    def label_first(targets, values):          # labels first, predictions positional
        return tf.metrics.mean(values - 2.0 * targets)

    results = est.evaluate(input_fn=_input_fn(tf), steps=1, metrics={
        "mae": tf.contrib.learn.MetricSpec(tf.metrics.mean_absolute_error, "y", "t"),
        "wmae": tf.contrib.learn.MetricSpec(tf.metrics.mean_absolute_error, "y", "t", "wt"),
        "diff": tf.contrib.learn.MetricSpec(mean_diff, prediction_key="y", label_key="t"),
        "first": tf.contrib.learn.MetricSpec(label_first, prediction_key="y", label_key="t"),
    })
    # predictions 1, 3, 5, 7 against 1, 3, 5, 8: one error of 1 (weight 3 of 6)
    assert sorted(results) == ["diff", "first", "global_step", "loss", "mae", "wmae"]
    np.testing.assert_allclose([results["mae"], results["wmae"], results["diff"],
                                results["first"], results["loss"]],
                               [0.25, 0.5, -0.25, (-1 - 3 - 5 - 9) / 4.0, 0.25])
    assert results["global_step"] == 1


def test_metric_spec_errors(tf, tmp_path):
    spec = tf.contrib.learn.MetricSpec(tf.metrics.mean_absolute_error, prediction_key="y")
    assert str(spec).startswith("MetricSpec(metric_fn=mean_absolute_error, prediction_key=y, "
                                "label_key=None, weight_key=None)")
    with pytest.raises(ValueError, match="Ambiguous arguments"):
        tf.contrib.learn.MetricSpec(lambda labels, targets, predictions: None)
    with pytest.raises(ValueError, match="missing from"):    # label_key needs a labels arg
        tf.contrib.learn.MetricSpec(lambda predictions: None, label_key="t")
    with pytest.raises(ValueError, match="`metric_fn` requires named args"):
        spec.metric_fn(1)
    est = tf.contrib.learn.Estimator(model_fn=_fixed_model_fn(tf), model_dir=str(tmp_path))
    est.fit(input_fn=_input_fn(tf), steps=1)
    with pytest.raises(KeyError, match="Key 'nope' missing from"):
        est.evaluate(input_fn=_input_fn(tf), steps=1, metrics={
            "m": tf.contrib.learn.MetricSpec(tf.metrics.mean, prediction_key="nope")})
    # two predictions and no prediction_key
    with pytest.raises(ValueError, match="MetricSpec without specified prediction_key"):
        est.evaluate(input_fn=_input_fn(tf), steps=1, metrics={
            "m": tf.contrib.learn.MetricSpec(tf.metrics.mean)})
    with pytest.raises(ValueError, match="Metrics argument should be None or dict"):
        est.evaluate(input_fn=_input_fn(tf), steps=1, metrics=[1])
    # a bare function (deprecated) needs a single prediction tensor
    with pytest.raises(ValueError, match="Metrics passed provide only name, no prediction"):
        est.evaluate(input_fn=_input_fn(tf), steps=1, metrics={"m": tf.metrics.mean})


def test_canned_classifier_metric_spec_and_keys(tf, tmp_path):
    rng = np.random.RandomState(0)
    x = rng.randn(40, 2).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    clf = tf.contrib.learn.LinearClassifier(
        feature_columns=[tf.contrib.layers.real_valued_column("f", 2)],
        model_dir=str(tmp_path), config=tf.contrib.learn.RunConfig(tf_random_seed=1))

    def input_fn():
        return {"f": tf.constant(x)}, tf.constant(y)
    clf.fit(input_fn=input_fn, steps=20)
    results = clf.evaluate(input_fn=input_fn, steps=1, metrics={
        "my_accuracy": tf.contrib.learn.MetricSpec(
            tf.contrib.metrics.streaming_accuracy,
            prediction_key=tf.contrib.learn.PredictionKey.CLASSES)})
    # the head's "accuracy" is streaming accuracy of the same classes against the labels
    assert results["my_accuracy"] == results["accuracy"]
    # prediction_key.py and constants.py
    key = tf.contrib.learn.PredictionKey
    assert (key.CLASSES, key.PROBABILITIES, key.LOGITS, key.LOGISTIC, key.SCORES, key.TOP_K,
            key.GENERIC) == ("classes", "probabilities", "logits", "logistic", "scores",
                             "top_k", "output")
    problem = tf.contrib.learn.ProblemType
    assert (problem.UNSPECIFIED, problem.CLASSIFICATION, problem.LINEAR_REGRESSION,
            problem.LOGISTIC_REGRESSION) == (0, 1, 2, 3)


def test_kmeans_clustering(tf, tmp_path):
    pts = np.array([[0., 0.], [0.1, 0.], [5., 5.], [5.1, 5.2], [0., 0.2], [4.9, 5.]],
                   np.float32)
    km = tf.contrib.learn.KMeansClustering(
        num_clusters=2, model_dir=str(tmp_path), use_mini_batch=False, random_seed=3,
        initial_clusters=tf.contrib.learn.KMeansClustering.KMEANS_PLUS_PLUS_INIT,
        config=tf.contrib.learn.RunConfig(tf_random_seed=1))

    def input_fn():
        return tf.constant(pts), None
    km.fit(input_fn=input_fn, steps=5)
    # full-batch Lloyd steps from one center per group end at the groups' means
    centers = km.clusters()
    centers = centers[np.argsort(centers[:, 0])]
    np.testing.assert_allclose(centers, [[1 / 30., 2 / 30.], [5.0, 5.2 / 3 + 10 / 3.]],
                               atol=1e-5)
    idx = list(km.predict_cluster_idx(input_fn=input_fn))
    assert idx[0] == idx[1] == idx[4] != idx[2] == idx[3] == idx[5]
    # the sum of squared distances to the means: 1/30 (first group) + 7/150 (second)
    results = km.evaluate(input_fn=input_fn, steps=1)
    assert sorted(results) == ["global_step", "loss", "scores"]
    assert results["global_step"] == 5
    np.testing.assert_allclose(km.score(input_fn=input_fn, steps=1), 0.08, rtol=1e-4)
    distances = km.transform(input_fn=input_fn)
    assert distances.shape == (6, 2)
    np.testing.assert_allclose(distances.min(axis=1).sum(), 0.08, rtol=1e-4)
    assert (tf.contrib.learn.KMeansClustering.SCORES, tf.contrib.learn.KMeansClustering.CLUSTERS,
            tf.contrib.learn.KMeansClustering.ALL_SCORES) == ("scores", "clusters", "all_scores")


def test_run_config_uid(tf, tmp_path):
    config = tf.contrib.learn.RunConfig(model_dir=str(tmp_path), tf_random_seed=1)
    # the white-listed properties do not change the uid; the others do
    assert config.uid() == config.replace(tf_random_seed=2, save_summary_steps=7).uid()
    assert config.uid() != tf.contrib.learn.RunConfig(model_dir=str(tmp_path / "b")).uid()
    assert "_model_dir=" in config.uid() and "_tf_random_seed" not in config.uid()
    # ClusterConfig without TF_CONFIG
    assert (config.task_type, config.task_id, config.num_ps_replicas,
            config.num_worker_replicas, config.is_chief, config.master,
            config.environment) == (None, 0, 0, 0, True, "", "local")
    assert tf.contrib.learn.TaskType.PS == "ps" and tf.contrib.learn.Environment.CLOUD == "cloud"

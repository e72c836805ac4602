"""tf.estimator.add_metrics, BestExporter and tf.estimator.experimental's early-stopping hooks
(behaviour recorded from TF 1.15's Estimator, tensorflow_estimator 2.15 v1 API on TF 2.21
compat.v1; the tests also run there with TFCOMPAT_TEST_AGAINST_TF=1)."""
import os

import pytest

from estimator_models import LogLines, eval_input_fn, make_estimator, train_input_fn


def test_add_metrics(tf, tmp_path):
    est = make_estimator(tf, tmp_path, log_step_count_steps=100)
    est.train(train_input_fn(tf), steps=2)

    def metric_fn(labels, predictions):
        return {"mean_label": tf.metrics.mean(tf.cast(labels, tf.float32))}

    with pytest.raises(ValueError, match=r"has following not expected args: \['mode'\]"):
        tf.estimator.add_metrics(est, lambda labels, mode: {})
    extended = tf.estimator.add_metrics(est, lambda features, labels: metric_fn(labels, None))
    assert extended.model_dir == est.model_dir
    result = extended.evaluate(eval_input_fn(tf))
    assert sorted(result) == ["acc", "global_step", "loss", "mean_label"]
    assert abs(result["mean_label"] - 1.3) < 1e-6 and result["global_step"] == 2


def test_stop_if_higher_hook(tf, tmp_path):
    est = make_estimator(tf, tmp_path, log_step_count_steps=100)
    # the hook's STOP variable must be in the model from the start (TF restores it too)
    est.evaluate(eval_input_fn(tf))   # an untrained model: eval events at step 0
    hook = tf.estimator.experimental.stop_if_higher_hook(est, "acc", 0.0, run_every_secs=None,
                                                         run_every_steps=1)
    with LogLines() as log:
        est.train(train_input_fn(tf), steps=10, hooks=[hook])
    assert log.matching('At step 0, metric "acc" has value ')
    assert log.matching("Requesting early stopping at global step ")
    assert est.get_variable_value("global_step") == 1
    assert "signal_early_stopping/STOP" in est.get_variable_names()
    assert bool(est.get_variable_value("signal_early_stopping/STOP"))
    with pytest.raises(ValueError, match="Only one of `run_every_secs` and `run_every_steps` "
                       "must be set."):
        tf.estimator.experimental.make_early_stopping_hook(est, lambda: True, 1, 1)
    quiet = tf.estimator.experimental.stop_if_no_decrease_hook(
        est, "loss", 100, run_every_secs=None, run_every_steps=1)
    est.train(train_input_fn(tf), steps=2, hooks=[quiet])
    assert est.get_variable_value("global_step") == 3


def test_best_exporter_in_train_and_evaluate(tf, tmp_path):
    est = make_estimator(tf, tmp_path, save_checkpoints_steps=4, log_step_count_steps=100)
    receiver_fn = tf.estimator.export.build_raw_serving_input_receiver_fn(
        {"x": tf.placeholder(tf.float32, [None, 2], name="x")})
    best = tf.estimator.BestExporter(serving_input_receiver_fn=receiver_fn, exports_to_keep=1)
    assert best.name == "best_exporter"
    with pytest.raises(ValueError, match="must include current_eval_result argument."):
        tf.estimator.BestExporter(compare_fn=lambda best_eval_result: True)
    with LogLines() as log:
        metrics, exports = tf.estimator.train_and_evaluate(
            est, tf.estimator.TrainSpec(train_input_fn(tf), max_steps=10),
            tf.estimator.EvalSpec(eval_input_fn(tf), steps=None, exporters=best,
                                  throttle_secs=0))
    # the first evaluation is exported, then each better one (TF 1.15 skipped the first:
    # tests/differential/known_differences.txt)
    assert log.lines.count("Loading best metric from event files.") == 1
    assert log.lines.count("Performing best model export.") == 3
    assert metrics["global_step"] == 10 and len(exports) == 1
    assert len(os.listdir(os.path.join(str(tmp_path), "export", "best_exporter"))) == 1


def test_parse_example_specs(tf):
    columns = [tf.feature_column.numeric_column("a", shape=[2]),
               tf.feature_column.categorical_column_with_vocabulary_list("b", ["x", "y"])]
    spec = tf.estimator.classifier_parse_example_spec(columns, "lab", weight_column="w")
    assert sorted(spec) == ["a", "b", "lab", "w"]
    assert (spec["lab"].shape, spec["lab"].dtype) == ((1,), tf.int64)
    assert (spec["w"].shape, spec["w"].dtype) == ((1,), tf.float32)
    assert spec["b"].dtype == tf.string and spec["a"].shape == (2,)
    spec = tf.estimator.regressor_parse_example_spec(columns, "lab", label_dimension=3)
    assert (spec["lab"].shape, spec["lab"].dtype) == ((3,), tf.float32)
    with pytest.raises(ValueError, match="label should not be used as feature. label_key: a"):
        tf.estimator.classifier_parse_example_spec(columns, "a")


def test_in_memory_evaluator_hook(tf, tmp_path):
    est = make_estimator(tf, tmp_path, log_step_count_steps=100)
    hook = tf.estimator.experimental.InMemoryEvaluatorHook(est, eval_input_fn(tf), steps=2,
                                                           every_n_iter=4)
    with LogLines() as log:
        est.train(train_input_fn(tf), steps=6, hooks=[hook])
    # before training, after 4 steps, and at the end
    assert [line.split(":")[0] for line in log.matching("Saving dict for global step")] == [
        "Saving dict for global step 0", "Saving dict for global step 4",
        "Saving dict for global step 6"]
    assert log.lines.count("Evaluation [2/2]") == 3
    assert len(os.listdir(os.path.join(str(tmp_path), "eval"))) == 1
    with pytest.raises(ValueError, match="invalid every_n_iter=0."):
        tf.estimator.experimental.InMemoryEvaluatorHook(est, eval_input_fn(tf), every_n_iter=0)


def test_call_logit_fn(tf):
    def logit_fn(features, mode, params):
        return features["x"] * params["scale"] if mode == "train" else features["x"]

    x = tf.constant([[1.0]])
    out = tf.estimator.experimental.call_logit_fn(logit_fn, {"x": x}, "train", {"scale": 2.0},
                                                  None)
    with tf.Session() as sess:
        assert sess.run(out).tolist() == [[2.0]]
    with pytest.raises(ValueError, match="logit_fn should return a Tensor or a dictionary "
                       "mapping strings to Tensors.  logit_fn returned: 3"):
        tf.estimator.experimental.call_logit_fn(lambda features: 3, {}, "eval", None, None)

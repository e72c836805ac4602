"""tf.contrib.learn.Experiment, learn_runner.run and the contrib.learn export path
(make_export_strategy, InputFnOps, Estimator.export_savedmodel). TF 2.21 has no contrib.learn:
each expected value follows TF 1.15's source (learn/experiment.py, learn/learn_runner.py,
learn/export_strategy.py, learn/utils/saved_model_export_utils.py, input_fn_utils.py), as said
beside it."""
import os

import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

X = np.array([[0.], [1.], [2.], [3.]], np.float32)
Y = np.array([1., 3., 5., 7.], np.float32)


def _model_fn(tf):
    def model_fn(features, labels, mode, params):
        w = tf.get_variable("w", [1, 1], initializer=tf.zeros_initializer())
        pred = tf.squeeze(tf.matmul(features["x"], w), 1) + 1.0
        if mode == tf.contrib.learn.ModeKeys.INFER:
            return tf.contrib.learn.ModelFnOps(mode=mode, predictions={"y": pred})
        loss = tf.losses.mean_squared_error(labels, pred)
        train_op = tf.train.GradientDescentOptimizer(params["lr"]).minimize(
            loss, global_step=tf.train.get_global_step())
        return tf.contrib.learn.ModelFnOps(mode=mode, predictions={"y": pred}, loss=loss,
                                           train_op=train_op)
    return model_fn


def _input_fn(tf):
    return lambda: ({"x": tf.constant(X)}, tf.constant(Y))


def _serving_input_fn(tf):
    def serving_input_fn():
        x = tf.placeholder(tf.float32, [None, 1], name="x")
        return tf.contrib.learn.InputFnOps({"x": x}, None, {"x": x})
    return serving_input_fn


def _experiment(tf, estimator, **kwargs):
    kwargs.setdefault("eval_steps", 1)
    return tf.contrib.learn.Experiment(estimator, train_input_fn=_input_fn(tf),
                                       eval_input_fn=_input_fn(tf), eval_delay_secs=0,
                                       continuous_eval_throttle_secs=0, **kwargs)


def test_learn_runner_train_and_evaluate_and_export(tf, tmp_path):
    strategy = tf.contrib.learn.utils.saved_model_export_utils.make_export_strategy(
        _serving_input_fn(tf), exports_to_keep=1)
    assert strategy.name == "Servo"

    def experiment_fn(run_config, hparams):
        est = tf.contrib.learn.Estimator(model_fn=_model_fn(tf), config=run_config,
                                         params={"lr": hparams.lr})
        return _experiment(tf, est, train_steps=20, min_eval_frequency=5,
                           export_strategies=strategy)

    config = tf.contrib.learn.RunConfig(model_dir=str(tmp_path), tf_random_seed=1,
                                        save_checkpoints_steps=10)
    # no schedule: a local run trains and evaluates (_get_default_schedule)
    result, exports = tf.contrib.learn.learn_runner.run(
        experiment_fn, run_config=config, hparams=tf.contrib.training.HParams(lr=0.05))
    assert sorted(result) == ["global_step", "loss"] and result["global_step"] == 20
    assert result["loss"] < 0.01
    # _maybe_export: model_dir/export/<strategy name>/<timestamp>, as bytes
    assert len(exports) == 1 and isinstance(exports[0], bytes)
    assert os.path.dirname(exports[0]) == os.fsencode(str(tmp_path / "export" / "Servo"))
    with tf.Session(graph=tf.Graph()) as sess:
        meta_graph = tf.saved_model.loader.load(sess, ["serve"], exports[0])
        # no output_alternatives: one of unspecified problem type (a predict signature)
        assert sorted(meta_graph.signature_def) == [
            "default_input_alternative:default_output_alternative", "serving_default"]
        signature = meta_graph.signature_def["serving_default"]
        assert signature.method_name == "tensorflow/serving/predict"
        assert list(signature.inputs) == ["x"] and list(signature.outputs) == ["y"]
        out = sess.run(signature.outputs["y"].name,
                       {signature.inputs["x"].name: [[10.0]]})
        np.testing.assert_allclose(out, [21.0], atol=0.2)
        keys = meta_graph.collection_def["input_feature_keys"].bytes_list.value
        assert list(keys) == [b"x"]


def test_experiment_schedules(tf, tmp_path):
    est = tf.contrib.learn.Estimator(
        model_fn=_model_fn(tf), model_dir=str(tmp_path), params={"lr": 0.05},
        config=tf.contrib.learn.RunConfig(tf_random_seed=1))
    exp = _experiment(tf, est, train_steps=4, train_steps_per_iteration=2)
    assert (exp.train_steps, exp.eval_steps, exp.estimator) == (4, 1, est)
    exp.train()
    assert est.get_variable_value("global_step") == 4
    assert exp.evaluate(delay_secs=0)["global_step"] == 4
    # continuous_eval returns once the evaluated global step reaches train_steps
    seen = []
    exp.continuous_eval(continuous_eval_predicate_fn=lambda result: seen.append(result) or True)
    assert seen[0] is None and seen[1]["global_step"] == 4 and len(seen) == 2
    # test(): one more training step and a one-step evaluation
    assert exp.test()["global_step"] == 5
    # continuous_train_and_eval: train_steps_per_iteration steps, then an evaluation, until
    # the global step reaches train_steps (here already past it after the first iteration)
    result, exports = exp.continuous_train_and_eval()
    assert result["global_step"] == 7 and exports == []

    class Count(tf.train.SessionRunHook):
        calls = 0

        def after_run(self, run_context, run_values):
            Count.calls += 1
    exp2 = _experiment(tf, est, train_steps=9)
    exp2.extend_train_hooks([Count()])
    exp2.train()
    assert Count.calls == 2 and est.get_variable_value("global_step") == 9


def test_experiment_with_core_estimator_and_errors(tf, tmp_path):
    def core_model_fn(features, labels, mode):
        w = tf.get_variable("w", [1, 1], initializer=tf.zeros_initializer())
        pred = tf.squeeze(tf.matmul(features["x"], w), 1)
        loss = tf.losses.mean_squared_error(labels, pred)
        train_op = tf.train.GradientDescentOptimizer(0.05).minimize(
            loss, global_step=tf.train.get_global_step())
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                          predictions={"y": pred})
    core = tf.estimator.Estimator(core_model_fn, model_dir=str(tmp_path))
    result, exports = _experiment(tf, core, train_steps=3, min_eval_frequency=1,
                                  check_interval_secs=None).train_and_evaluate()
    assert sorted(result) == ["global_step", "loss"] and result["global_step"] == 3
    assert exports == []
    with pytest.raises(ValueError, match="`eval_metrics` must be `None` with "
                                         "`tf.estimator.Estimator`"):
        _experiment(tf, core, eval_metrics={})
    contrib = tf.contrib.learn.Estimator(model_fn=_model_fn(tf), params={"lr": 0.1})
    with pytest.raises(ValueError, match="`saving_listeners` must be `None` with "
                                         "`tf.contrib.learn.Estimator`"):
        _experiment(tf, contrib, saving_listeners=[])
    with pytest.raises(ValueError, match="`export_strategies` must be an ExportStrategy"):
        _experiment(tf, contrib, export_strategies=[1])
    with pytest.raises(ValueError, match="`train_steps_per_iteration` must be an integer."):
        _experiment(tf, contrib, train_steps_per_iteration=1.5)
    with pytest.raises(ValueError, match="`estimator` must implement"):
        _experiment(tf, object())
    with pytest.raises(ValueError, match="`continuous_eval_predicate_fn` must be a callable"):
        _experiment(tf, contrib).continuous_eval(continuous_eval_predicate_fn=1)


def test_learn_runner_errors(tf, tmp_path):
    run = tf.contrib.learn.learn_runner.run
    est = tf.contrib.learn.Estimator(model_fn=_model_fn(tf), model_dir=str(tmp_path),
                                     params={"lr": 0.1})
    config = tf.contrib.learn.RunConfig(model_dir=str(tmp_path))
    with pytest.raises(ValueError, match="Cannot provide both `output_dir` and `run_config`"):
        run(lambda output_dir: None, output_dir="a", run_config=config)
    with pytest.raises(ValueError, match="Must set value for `output_dir` or `run_config`"):
        run(lambda output_dir: None)
    with pytest.raises(TypeError, match='Experiment builder "1" is not callable.'):
        run(1, output_dir="a")
    with pytest.raises(ValueError, match="Must set `hparams` as None"):
        run(lambda output_dir: None, output_dir="a", hparams=1)
    with pytest.raises(TypeError, match="Experiment builder did not return an Experiment"):
        run(lambda output_dir: est, output_dir="a")
    with pytest.raises(ValueError, match="Schedule references non-existent task nope"):
        run(lambda output_dir: _experiment(tf, est), output_dir="a", schedule="nope")
    with pytest.raises(TypeError, match="Schedule references non-callable member train_steps"):
        run(lambda output_dir: _experiment(tf, est), output_dir="a", schedule="train_steps")
    with pytest.raises(ValueError, match="must be `tf.contrib.learn.RunConfig` instance"):
        run(lambda run_config, hparams: None, run_config=tf.estimator.RunConfig())
    with pytest.raises(ValueError, match="Must specify a model directory `model_dir`"):
        run(lambda run_config, hparams: None, run_config=tf.contrib.learn.RunConfig())
    with pytest.raises(ValueError, match="`hparams` must be `HParams` instance"):
        run(lambda run_config, hparams: None, run_config=config, hparams={})
    # an Estimator built without the run_config: its config's uid differs
    other = tf.contrib.learn.Estimator(model_fn=_model_fn(tf), model_dir=str(tmp_path / "o"),
                                       params={"lr": 0.1})
    with pytest.raises(RuntimeError, match="`RunConfig` instance is expected to be used by "
                                           "the `Estimator` inside the `Experiment`"):
        run(lambda run_config, hparams: _experiment(tf, other), run_config=config)
    # the deprecated output_dir form and an explicit schedule
    calls = []

    def experiment_fn(output_dir):
        calls.append(output_dir)
        return _experiment(tf, est)
    assert run(experiment_fn, output_dir="out", schedule="reset_export_strategies") == ()
    assert calls == ["out"]
    with pytest.raises(NotImplementedError, match="run_std_server"):
        _experiment(tf, est).run_std_server()


def test_export_signatures_of_a_canned_classifier(tf, tmp_path):
    rng = np.random.RandomState(0)
    x = rng.randn(20, 2).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    clf = tf.contrib.learn.LinearClassifier(
        feature_columns=[tf.contrib.layers.real_valued_column("f", 2)],
        model_dir=str(tmp_path), config=tf.contrib.learn.RunConfig(tf_random_seed=1))
    clf.fit(input_fn=lambda: ({"f": tf.constant(x)}, tf.constant(y)), steps=5)
    serving_input_fn = tf.contrib.learn.build_parsing_serving_input_fn(
        {"f": tf.FixedLenFeature([2], tf.float32)})
    path = clf.export_savedmodel(str(tmp_path / "exp"), serving_input_fn)
    with tf.Session(graph=tf.Graph()) as sess:
        meta_graph = tf.saved_model.loader.load(sess, ["serve"], path)
        # the head's output alternative {None: (LOGISTIC_REGRESSION, probabilities and
        # string classes)} serves as a classification of the "examples" input
        assert sorted(meta_graph.signature_def) == ["default_input_alternative:None",
                                                    "serving_default"]
        signature = meta_graph.signature_def["serving_default"]
        assert signature.method_name == "tensorflow/serving/classify"
        assert sorted(signature.outputs) == ["classes", "scores"]
        assert signature.inputs["inputs"].name == "input_example_tensor:0"
    with pytest.raises(ValueError, match="Requested default_output_alternative: head"):
        clf.export_savedmodel(str(tmp_path / "exp"), serving_input_fn,
                              default_output_alternative_key="head")


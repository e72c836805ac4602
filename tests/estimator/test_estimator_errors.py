"""TF's errors for bad model_fns, EstimatorSpecs, train/evaluate/predict arguments and
RunConfigs (classes and messages recorded from TF 1.15's Estimator, tensorflow_estimator 2.15
v1 API on TF 2.21 compat.v1; the tests also run there with TFCOMPAT_TEST_AGAINST_TF=1)."""
import os

import pytest

from estimator_models import X, Y, eval_input_fn, make_estimator, predict_input_fn
from estimator_models import train_input_fn

AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"


def _raises(exc, match, fn, *args, **kwargs):
    with pytest.raises(exc) as info:
        fn(*args, **kwargs)
    assert match in str(info.value), str(info.value)


def test_estimator_spec_validation(tf):
    spec = tf.estimator.EstimatorSpec
    modes = tf.estimator.ModeKeys
    assert (modes.TRAIN, modes.EVAL, modes.PREDICT) == ("train", "eval", "infer")
    loss = tf.constant(1.0)
    _raises(ValueError, "Missing loss.", spec, modes.TRAIN, train_op=tf.no_op())
    _raises(ValueError, "Missing train_op.", spec, modes.TRAIN, loss=loss)
    _raises(ValueError, "Missing loss.", spec, modes.EVAL)
    _raises(ValueError, "Missing predictions.", spec, modes.PREDICT)
    _raises(TypeError, "loss must be Tensor, given: 1.0", spec, modes.EVAL, loss=1.0)
    _raises(ValueError, "Loss must be scalar, given: ", spec, modes.EVAL,
            loss=tf.constant([1.0, 2.0]))
    _raises(TypeError, "predictions[a] must be Tensor, given: 3", spec, modes.PREDICT,
            predictions={"a": 3})
    _raises(TypeError, "train_op must be Operation or Tensor, given: 3", spec, modes.TRAIN,
            loss=loss, train_op=3)
    _raises(TypeError, "eval_metric_ops must be a dict, given: 3", spec, modes.EVAL,
            loss=loss, eval_metric_ops=3)
    _raises(TypeError, "Values of eval_metric_ops must be (metric_value, update_op) tuples, "
            "given: 3 for key: m", spec, modes.EVAL, loss=loss, eval_metric_ops={"m": 3})
    _raises(TypeError, "All hooks must be SessionRunHook instances, given: 3", spec,
            modes.EVAL, loss=loss, evaluation_hooks=[3])
    _raises(TypeError, "scaffold must be tf.train.Scaffold. Given: 3", spec, modes.EVAL,
            loss=loss, scaffold=3)
    # TF 1.15: "export_outputs must be dict, given: 3" (tensorflow_estimator 2.15 words it
    # "`export_outputs` must be dict, received: 3.")
    _raises(TypeError, "export_outputs` must be dict, received: 3." if AGAINST_TF else
            "export_outputs must be dict, given: 3", spec, modes.PREDICT,
            predictions=loss, export_outputs=3)
    _raises(ValueError, "mode of EstimatorSpec cannot be changed.",
            spec(modes.EVAL, loss=loss)._replace, mode=modes.TRAIN)
    # a [1]-shaped loss becomes a scalar; empty predictions become {}; hooks become tuples
    made = spec(modes.EVAL, loss=tf.constant([2.0]), evaluation_hooks=[])
    assert made.loss.shape.as_list() == [] and made.predictions == {}
    assert made.evaluation_hooks == () and made.eval_metric_ops == {}
    assert isinstance(made.scaffold, tf.train.Scaffold) and made.export_outputs is None
    predicted = spec(modes.PREDICT, predictions={"p": loss})
    assert sorted(predicted.export_outputs) == ["serving_default"]
    assert isinstance(predicted.export_outputs["serving_default"],
                      tf.estimator.export.PredictOutput)
    other_graph = tf.Graph()
    with other_graph.as_default():
        foreign = tf.constant(1.0)
    _raises(ValueError, 'loss with "Const:0" must be from the default graph.', spec,
            modes.EVAL, loss=foreign)



def test_model_fn_signature_errors(tf, tmp_path):
    est = tf.estimator.Estimator
    _raises(ValueError, "must include features argument.", est, lambda x: None)
    _raises(ValueError, "does not include params argument, but params ({'a': 1}) is passed "
            "to Estimator.", est, lambda features: None, params={"a": 1})
    _raises(ValueError, "has following not expected args: ['other']", est,
            lambda features, other: None)
    _raises(ValueError, "config must be an instance of `RunConfig`, but provided 3.", est,
            lambda features: None, config=3)
    _raises(ValueError, "`model_dir` are set both in constructor and `RunConfig`, but with "
            "different values. In constructor: '/tmp/a', in `RunConfig`: '/tmp/b' ", est,
            lambda features: None, model_dir="/tmp/a",
            config=tf.estimator.RunConfig(model_dir="/tmp/b"))

    def no_labels(features, mode):
        return None
    _raises(ValueError, "model_fn does not take labels, but input_fn returns labels.",
            est(no_labels, model_dir=str(tmp_path)).train, train_input_fn(tf), steps=1)

    def not_a_spec(features, labels):
        tf.layers.dense(features["x"], 1)
        return {"loss": 1}
    _raises(ValueError, "model_fn should return an EstimatorSpec.",
            est(not_a_spec, model_dir=str(tmp_path)).train, train_input_fn(tf), steps=1)


def test_train_evaluate_predict_argument_errors(tf, tmp_path):
    est = make_estimator(tf, tmp_path)
    _raises(ValueError, "Can not provide both steps and max_steps.", est.train,
            train_input_fn(tf), steps=1, max_steps=2)
    _raises(ValueError, "Must specify steps > 0, given: 0", est.train, train_input_fn(tf),
            steps=0)
    _raises(ValueError, "Must specify max_steps > 0, given: -1", est.train,
            train_input_fn(tf), max_steps=-1)
    _raises(ValueError, "Could not find trained model in model_dir: ",
            est.get_variable_names)
    _raises(ValueError, "Could not find trained model in model_dir: ",
            est.get_variable_value, "global_step")
    assert est.latest_checkpoint() is None
    _raises(ValueError, "Must specify steps > 0, given: 0", est.evaluate, eval_input_fn(tf),
            steps=0)
    # evaluating and predicting an untrained model initializes it
    result = est.evaluate(eval_input_fn(tf))
    assert result["global_step"] == 0 and sorted(result) == ["acc", "global_step", "loss"]
    with pytest.raises(ValueError) as info:
        next(est.predict(predict_input_fn(tf), predict_keys=["nope"]))
    assert str(info.value).startswith("Expected to run at least one output from ")
    assert str(info.value).endswith(", provided ['nope'].")

    def loss_metric_fn(features, labels, mode):
        loss = tf.reduce_mean(tf.layers.dense(features["x"], 1))
        return tf.estimator.EstimatorSpec(mode, loss=loss,
                                          eval_metric_ops={"loss": tf.metrics.mean(loss)})
    _raises(ValueError, 'Metric with name "loss" is not allowed, because Estimator already '
            "defines a default metric with the same name.",
            tf.estimator.Estimator(loss_metric_fn, model_dir=str(tmp_path / "m")).evaluate,
            eval_input_fn(tf))

    def bad_input_fn():
        return {"x": tf.constant(X)}, tf.constant(Y), 3
    _raises(ValueError, "input_fn should return (features, labels) as a len 2 tuple.",
            est.train, bad_input_fn, steps=1)
    _raises(TypeError, "", est.train, train_input_fn(tf), steps=1, hooks=[3])


def test_run_config(tf):
    config = tf.estimator.RunConfig
    default = config()
    assert (default.save_checkpoints_secs, default.save_checkpoints_steps) == (600, None)
    assert (default.save_summary_steps, default.log_step_count_steps) == (100, 100)
    assert (default.keep_checkpoint_max, default.keep_checkpoint_every_n_hours) == (5, 10000)
    assert default.model_dir is None and default.tf_random_seed is None
    assert default.session_config is None and default.is_chief
    assert (default.task_type, default.task_id, default.master) == ("worker", 0, "")
    assert (default.num_ps_replicas, default.num_worker_replicas) == (0, 1)
    steps = config(save_checkpoints_steps=10)
    assert (steps.save_checkpoints_secs, steps.save_checkpoints_steps) == (None, 10)
    replaced = steps.replace(save_checkpoints_secs=5, tf_random_seed=3)
    assert (replaced.save_checkpoints_secs, replaced.save_checkpoints_steps) == (5, None)
    assert replaced.tf_random_seed == 3 and steps.tf_random_seed is None
    _raises(ValueError, "`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both "
            "set.", config, save_checkpoints_steps=1, save_checkpoints_secs=1)
    _raises(ValueError, "Replacing master is not supported. Allowed properties are [",
            default.replace, master="x")
    _raises(ValueError, "model_dir should be non-empty.", config, model_dir="")
    _raises(ValueError, "log_step_count_steps should be > 0", config, log_step_count_steps=0)
    _raises(ValueError, "tf_random_seed must be integer.", config, tf_random_seed=1.5)
    _raises(ValueError, "keep_checkpoint_max should be >= 0", config, keep_checkpoint_max=-1)
    _raises(ValueError, "session_config must be instance of ConfigProto", config,
            session_config=3)
    assert config(session_config=tf.ConfigProto()).session_config is not None

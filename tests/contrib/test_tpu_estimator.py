"""tf.contrib.tpu on the CPU (TPUEstimator(use_tpu=False), TPUEstimatorSpec, RunConfig,
TPUConfig, InputPipelineConfig), CrossShardOptimizer and tf.contrib.cluster_resolver. Against
TF (TFCOMPAT_TEST_AGAINST_TF=1, PYTHONPATH with tensorflow_estimator) the same tests run TF
1.15's TPUEstimator lineage from tensorflow_estimator 2.15 (tests/estimator's shim); the
expected numbers were printed by that run."""
import importlib.util
import os

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))

X = (np.arange(64, dtype=np.float32).reshape(32, 2) / 10.)
Y = (X[:, :1] * 2 + 1).astype(np.float32)


@pytest.fixture
def estimator(tf):
    """tf.estimator (TF 2.x: tensorflow_estimator's, loaded by tests/estimator's shim)."""
    if getattr(tf, "contrib", None) is not None:
        return tf.estimator
    path = os.path.join(HERE, os.pardir, "estimator", "tf_estimator_shim.py")
    spec = importlib.util.spec_from_file_location("tf_estimator_shim", path)
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    return shim.load_estimator()[0]


@pytest.fixture
def tpu(tf, estimator):
    contrib = getattr(tf, "contrib", None)
    return contrib.tpu if contrib is not None else estimator.tpu


def _input_fn(tf, seen=None):
    def input_fn(params):
        if seen is not None:
            seen.append(("input", sorted(k for k in params if k != "context"),
                         params.get("batch_size")))
        ds = tf.data.Dataset.from_tensor_slices((X, Y)).repeat()
        return ds.batch(params["batch_size"], drop_remainder=True)
    return input_fn


def _predict_input_fn(tf):
    def input_fn(params):
        ds = tf.data.Dataset.from_tensor_slices(np.ones((3, 2), np.float32))
        return ds.batch(params["batch_size"])
    return input_fn


def _model_fn(tf, tpu, seen=None, host_call=False, scaffold_calls=None, dict_metrics=False):
    def model_fn(features, labels, mode, params):
        if seen is not None:
            seen.append((mode, sorted(params), params.get("batch_size"), params.get("use_tpu")))
        if isinstance(features, dict):     # a serving input receiver's
            features = features["x"]
        w = tf.get_variable("w", [2, 1], initializer=tf.zeros_initializer())
        pred = tf.matmul(features, w)
        scaffold_fn = None if scaffold_calls is None else (
            lambda: scaffold_calls.append(mode) or tf.train.Scaffold())
        if mode == "infer":
            return tpu.TPUEstimatorSpec(mode, predictions={"p": pred}, scaffold_fn=scaffold_fn)
        loss = tf.reduce_mean(tf.square(pred - labels))
        train_op = tf.train.GradientDescentOptimizer(0.01).minimize(
            loss, tf.train.get_global_step())

        def metric_fn(p, l):
            return {"mse": tf.metrics.mean_squared_error(l, p),
                    "mae": tf.metrics.mean_absolute_error(l, p)}
        metrics = (metric_fn, {"p": pred, "l": labels} if dict_metrics else [pred, labels])
        call = None
        if host_call:
            def host_fn(loss_1d):
                counter = tf.get_variable("host_calls", [], tf.float32,
                                          initializer=tf.zeros_initializer(), trainable=False)
                return [tf.assign_add(counter, tf.reduce_sum(loss_1d) * 0 + 1)]
            call = (host_fn, [tf.reshape(loss, [1])])
        return tpu.TPUEstimatorSpec(mode, loss=loss, train_op=train_op, eval_metrics=metrics,
                                    scaffold_fn=scaffold_fn, host_call=call)
    return model_fn


def _estimator(tf, tpu, tmp_path, model_fn, **kwargs):
    config = tpu.RunConfig(model_dir=str(tmp_path / "model"),
                           tpu_config=tpu.TPUConfig(iterations_per_loop=3))
    kwargs.setdefault("train_batch_size", 8)
    kwargs.setdefault("eval_batch_size", 4)
    kwargs.setdefault("predict_batch_size", 2)
    return tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=False, **kwargs)


def test_train_evaluate_predict_on_cpu_with_batch_sizes_in_params(tf, tpu, tmp_path):
    seen, scaffolds = [], []
    est = _estimator(tf, tpu, tmp_path, _model_fn(tf, tpu, seen, scaffold_calls=scaffolds))
    est.train(_input_fn(tf, seen), max_steps=5)
    result = est.evaluate(_input_fn(tf, seen), steps=2)
    assert sorted(result) == ["global_step", "loss", "mae", "mse"]
    assert result["global_step"] == 5
    np.testing.assert_allclose(result["loss"], 0.46678457, rtol=1e-5)
    np.testing.assert_allclose(result["mse"], 0.46678457, rtol=1e-5)
    preds = list(est.predict(_predict_input_fn(tf)))
    assert len(preds) == 3 and sorted(preds[0]) == ["p"]
    np.testing.assert_allclose(preds[0]["p"], [2.306075], rtol=1e-5)
    assert seen == [("input", ["batch_size"], 8),
                    ("train", ["batch_size", "use_tpu"], 8, False),
                    ("input", ["batch_size"], 4),
                    ("eval", ["batch_size", "use_tpu"], 4, False),
                    ("infer", ["batch_size", "use_tpu"], 2, False)]
    assert scaffolds == ["train", "eval", "infer"]
    np.testing.assert_allclose(est.get_variable_value("w").ravel(), [1.135239, 1.170836],
                               rtol=1e-5)


def test_eval_metrics_as_dict_and_host_call_runs_every_step(tf, tpu, tmp_path):
    est = _estimator(tf, tpu, tmp_path, _model_fn(tf, tpu, host_call=True, dict_metrics=True))
    est.train(_input_fn(tf), steps=4)
    assert est.get_variable_value("host_calls") == 4.0
    assert est.get_variable_value("global_step") == 4
    result = est.evaluate(_input_fn(tf), steps=1)
    np.testing.assert_allclose(result["mse"], result["loss"], rtol=1e-6)


def test_params_are_user_params_plus_batch_size_and_use_tpu(tf, tpu, tmp_path):
    seen = []

    def model_fn(features, labels, mode, params):
        seen.append(dict(params))
        return _model_fn(tf, tpu)(features, labels, mode, params)
    est = _estimator(tf, tpu, tmp_path, model_fn, params={"lr": 0.1})
    est.train(_input_fn(tf), steps=1)
    assert seen == [{"lr": 0.1, "batch_size": 8, "use_tpu": False}]
    assert est.params == {"lr": 0.1}


def test_missing_batch_size_leaves_params_without_it(tf, tpu, tmp_path):
    est = _estimator(tf, tpu, tmp_path, _model_fn(tf, tpu), predict_batch_size=None)
    est.train(_input_fn(tf), steps=1)
    with pytest.raises(KeyError, match="batch_size"):
        list(est.predict(_predict_input_fn(tf)))


def test_constructor_errors(tf, tpu, tmp_path):
    model_fn = _model_fn(tf, tpu)
    with pytest.raises(ValueError, match="`config` must be provided with type "
                                         "`tpu_config.RunConfig`"):
        tpu.TPUEstimator(model_fn=model_fn, use_tpu=False)
    config = tpu.RunConfig(model_dir=str(tmp_path))
    with pytest.raises(ValueError, match=r"\['batch_size', 'context'\] are reserved keys but "
                                         r"existed in params \{'batch_size': 3\}\."):
        tpu.TPUEstimator(model_fn=model_fn, config=config, params={"batch_size": 3},
                         use_tpu=False)
    with pytest.raises(ValueError, match="`train_batch_size` cannot be `None`"):
        tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=True)
    with pytest.raises(TypeError, match="train_batch_size must be int, got"):
        tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=True,
                         train_batch_size=2.0)
    with pytest.raises(ValueError, match="eval_batch_size must be positive, got 0"):
        tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=True,
                         train_batch_size=8, eval_batch_size=0)


def test_model_fn_and_input_fn_need_params(tf, tpu, tmp_path):
    def model_fn(features, labels, mode):
        raise AssertionError("not called")
    est = _estimator(tf, tpu, tmp_path, model_fn)
    with pytest.raises(ValueError, match="does not include params argument, required by "
                                         r"TPUEstimator to pass batch size as params\['batch_"):
        est.train(_input_fn(tf), steps=1)
    est = _estimator(tf, tpu, tmp_path, _model_fn(tf, tpu))
    with pytest.raises(ValueError, match="input_fn .* does not include params argument, "
                                         "required by TPUEstimator to pass batch size as "
                                         'params\\["batch_size"\\]'):
        est.train(lambda: (tf.constant(X), tf.constant(Y)), steps=1)


def test_tpu_estimator_spec_validation(tf, tpu):
    loss = tf.constant(1.0)
    with pytest.raises(ValueError, match="^eval_metrics should be tuple or list$"):
        tpu.TPUEstimatorSpec("eval", loss=loss, eval_metrics={"a": 1})
    with pytest.raises(ValueError, match="^eval_metrics should have two elements.$"):
        tpu.TPUEstimatorSpec("eval", loss=loss, eval_metrics=(len,))
    with pytest.raises(TypeError, match=r"^host_call\[0\] should be callable.$"):
        tpu.TPUEstimatorSpec("train", loss=loss, host_call=(1, []))
    with pytest.raises(ValueError, match=r"^eval_metrics\[1\] should be tuple or list, or "
                                         r"dict.$"):
        tpu.TPUEstimatorSpec("eval", loss=loss, eval_metrics=(len, loss))
    with pytest.raises(RuntimeError, match=r"In TPUEstimatorSpec.eval_metrics, length of "
                                           r"tensors 2 does not match method args of the "
                                           r"function, which takes 1."):
        tpu.TPUEstimatorSpec("eval", loss=loss, eval_metrics=(lambda a: {}, [loss, loss]))
    with pytest.raises(TypeError, match="All hooks must be SessionRunHook instances, given: 3"):
        tpu.TPUEstimatorSpec("train", loss=loss, training_hooks=[3])
    spec = tpu.TPUEstimatorSpec("eval", loss=loss, eval_metrics=(lambda *a: {}, [loss]))
    assert spec.training_hooks == () and spec.scaffold_fn is None and spec.host_call is None
    assert tpu.TPUEstimatorSpec._fields == (
        "mode", "predictions", "loss", "train_op", "eval_metrics", "export_outputs",
        "scaffold_fn", "host_call", "training_hooks", "evaluation_hooks", "prediction_hooks")


def test_as_estimator_spec_calls_metric_fn_and_scaffold_fn(tf, tpu):
    labels, preds = tf.constant([1.0, 2.0]), tf.constant([1.5, 2.5])
    scaffold = tf.train.Scaffold()
    spec = tpu.TPUEstimatorSpec(
        "eval", loss=tf.constant(0.5),
        eval_metrics=(lambda l, p: {"mae": tf.metrics.mean_absolute_error(l, p)},
                      [labels, preds]),
        scaffold_fn=lambda: scaffold)
    converted = spec.as_estimator_spec()
    assert type(converted).__name__ == "EstimatorSpec"
    assert sorted(converted.eval_metric_ops) == ["mae"] and converted.scaffold is scaffold
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run(converted.eval_metric_ops["mae"][1])
        assert sess.run(converted.eval_metric_ops["mae"][0]) == 0.5


def test_tpu_config_fields_and_validation(tpu):
    config = tpu.TPUConfig()
    assert config.iterations_per_loop == 2 and config.num_shards is None
    assert config.per_host_input_for_training == tpu.InputPipelineConfig.PER_HOST_V1 == 2
    assert tpu.TPUConfig(per_host_input_for_training=False).per_host_input_for_training == 1
    v2 = tpu.TPUConfig(iterations_per_loop="10m", num_shards=8,
                       per_host_input_for_training=tpu.InputPipelineConfig.PER_HOST_V2)
    assert (v2.iterations_per_loop, v2.num_shards, v2.per_host_input_for_training) == \
        ("10m", 8, 3)
    assert tpu.InputPipelineConfig.PER_SHARD_V1 == 1 and tpu.InputPipelineConfig.SLICED == 5
    with pytest.raises(ValueError, match="Invalid TPUConfig `iterations_per_loop` value"):
        tpu.TPUConfig(iterations_per_loop=0)
    with pytest.raises(ValueError, match="TPUConfig num_shards must be positive, got 0"):
        tpu.TPUConfig(num_shards=0)
    with pytest.raises(TypeError, match="TPUConfig num_shards must be int, got"):
        tpu.TPUConfig(num_shards="8")
    with pytest.raises(ValueError, match="num_cores_per_replica must be 1, 2, 4, 8, 16, 32, "
                                         "64, 128; got 3"):
        tpu.TPUConfig(num_cores_per_replica=3)
    with pytest.raises(ValueError, match="input_partition_dims is only supported in "
                                         "PER_HOST_V2 mode."):
        tpu.TPUConfig(input_partition_dims=[[1, 2]])
    with pytest.raises(ValueError, match="eval_training_input_configuration must be "
                                         "PER_HOST_V1 or SLICED; got 3"):
        tpu.TPUConfig(eval_training_input_configuration=3)


def test_run_config(tpu, tmp_path):
    config = tpu.RunConfig(model_dir=str(tmp_path), master="grpc://a:1")
    assert config.master == config.evaluation_master == "grpc://a:1"
    assert config.tpu_config == tpu.TPUConfig() and config.cluster is None
    assert tpu.RunConfig(master="a", evaluation_master="b").evaluation_master == "b"
    assert tpu.RunConfig().master == ""
    replaced = config.replace(save_summary_steps=7)
    assert replaced.tpu_config == config.tpu_config and replaced.save_summary_steps == 7


def test_export_saved_model_cpu_graph(tf, tpu, estimator, tmp_path):
    est = _estimator(tf, tpu, tmp_path, _model_fn(tf, tpu), export_to_tpu=False)
    est.train(_input_fn(tf), steps=2)

    def receiver():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        return estimator.export.ServingInputReceiver({"x": x}, {"x": x})
    path = est.export_saved_model(str(tmp_path / "export"), receiver)
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], path)
        sig = meta.signature_def["serving_default"]
        out = sess.run(sig.outputs["p"].name, {sig.inputs["x"].name: [[1.0, 1.0]]})
    assert out.shape == (1, 1)
    no_export = _estimator(tf, tpu, tmp_path, _model_fn(tf, tpu), export_to_tpu=False,
                           export_to_cpu=False)
    with pytest.raises(ValueError, match="One of export_to_cpu and export_to_tpu must be true"):
        no_export.export_saved_model(str(tmp_path / "export2"), receiver)


@pytest.mark.tfcompat_only
def test_what_needs_a_tpu_fails_naming_it(tf, tpu, tmp_path):
    config = tpu.RunConfig(model_dir=str(tmp_path))
    with pytest.raises(NotImplementedError, match="TPUEstimator\\(use_tpu=True\\)"):
        tpu.TPUEstimator(model_fn=_model_fn(tf, tpu), config=config, use_tpu=True,
                         train_batch_size=8)
    for name in ("rewrite", "shard", "replicate", "outside_compilation", "initialize_system"):
        with pytest.raises(NotImplementedError, match="tf.contrib.tpu." + name):
            getattr(tpu, name)(lambda: None)
    with pytest.raises(AttributeError, match="tf.contrib.tpu.no_such_thing"):
        tpu.no_such_thing
    w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
    opt = tpu.CrossShardOptimizer(tf.train.GradientDescentOptimizer(0.1))
    grads = opt.compute_gradients(tf.reduce_sum(w * w))
    assert grads[0][1] is w
    with pytest.raises(NotImplementedError, match="CrossShardOptimizer.apply_gradients"):
        opt.apply_gradients(grads)
    with pytest.raises(ValueError, match="Unsupported reduction: none."):
        tpu.CrossShardOptimizer(tf.train.GradientDescentOptimizer(0.1), reduction="none")
    resolver = tf.contrib.cluster_resolver
    with pytest.raises(ValueError, match="^Please provide a TPU Name to connect to.$"):
        resolver.TPUClusterResolver()
    with pytest.raises(NotImplementedError, match="TPUClusterResolver"):
        resolver.TPUClusterResolver(tpu="grpc://10.0.0.1:8470")
    assert resolver.SimpleClusterResolver is tf.distribute.cluster_resolver.SimpleClusterResolver


def test_tpu_cluster_resolver_without_a_name(tf):
    contrib = getattr(tf, "contrib", None)
    resolvers = contrib.cluster_resolver if contrib else tf.distribute.cluster_resolver
    with pytest.raises(ValueError, match="^Please provide a TPU Name to connect to.$"):
        resolvers.TPUClusterResolver()


@pytest.mark.tfcompat_only
def test_host_call_writes_contrib_summaries(tf, tpu, tmp_path):
    logdir = str(tmp_path / "host")

    def model_fn(features, labels, mode, params):
        w = tf.get_variable("w", [2, 1], initializer=tf.zeros_initializer())
        loss = tf.reduce_mean(tf.square(tf.matmul(features, w) - labels))
        step = tf.train.get_global_step()
        train_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss, step)

        def host_fn(gs, loss_1d):
            with tf.contrib.summary.create_file_writer(logdir).as_default():
                with tf.contrib.summary.always_record_summaries():
                    tf.contrib.summary.scalar("host_loss", loss_1d[0], step=gs[0])
                    return tf.contrib.summary.all_summary_ops()
        return tpu.TPUEstimatorSpec(mode, loss=loss, train_op=train_op, host_call=(
            host_fn, [tf.reshape(step, [1]), tf.reshape(loss, [1])]))
    est = _estimator(tf, tpu, tmp_path, model_fn)
    est.train(_input_fn(tf), steps=3)
    events = [e for name in os.listdir(logdir)
              for e in tf.train.summary_iterator(os.path.join(logdir, name))]
    tags = [v.tag for e in events for v in e.summary.value]
    assert tags == ["host_loss"] * 3


def test_estimator_tpu_is_tf_1_15s_home_of_the_same_api(tf, estimator, tmp_path):
    # ALBERT-era run_classifier: tf.estimator.tpu.TPUEstimator(use_tpu=False) runs on the CPU
    tpu = estimator.tpu
    names = {n for n in dir(tpu) if not n.startswith("_")}
    assert names - {"experimental"} == {"InputPipelineConfig", "RunConfig", "TPUConfig",
                                        "TPUEstimator", "TPUEstimatorSpec"}
    if getattr(tf, "contrib", None) is not None:
        assert tpu.TPUEstimator is tf.contrib.tpu.TPUEstimator
        assert tpu.TPUEstimatorSpec is tf.contrib.tpu.TPUEstimatorSpec
    config = tpu.RunConfig(model_dir=str(tmp_path / "model"), tpu_config=tpu.TPUConfig(
        iterations_per_loop=3, per_host_input_for_training=tpu.InputPipelineConfig.PER_HOST_V2))
    est = tpu.TPUEstimator(model_fn=_model_fn(tf, tpu), config=config, use_tpu=False,
                           train_batch_size=8, eval_batch_size=4)
    est.train(_input_fn(tf), max_steps=5)
    np.testing.assert_allclose(est.get_variable_value("w").ravel(), [1.135239, 1.170836],
                               rtol=1e-5)

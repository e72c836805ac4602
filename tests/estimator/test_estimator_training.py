"""tf.estimator.train_and_evaluate (local mode), TrainSpec/EvalSpec validation, exporters,
and warm starting (behaviour recorded from TF 1.15's Estimator, tensorflow_estimator 2.15 v1
API on TF 2.21 compat.v1; the tests also run there with TFCOMPAT_TEST_AGAINST_TF=1)."""
import os

import numpy as np
import pytest

from estimator_models import LogLines, eval_input_fn, make_estimator, train_input_fn


def test_train_and_evaluate_locally(tf, tmp_path):
    est = make_estimator(tf, tmp_path, save_checkpoints_steps=4, log_step_count_steps=100)
    receiver_fn = tf.estimator.export.build_raw_serving_input_receiver_fn(
        {"x": tf.placeholder(tf.float32, [None, 2], name="x")})
    exporters = [tf.estimator.FinalExporter("final", receiver_fn),
                 tf.estimator.LatestExporter("latest", receiver_fn, exports_to_keep=1)]
    train_spec = tf.estimator.TrainSpec(train_input_fn(tf), max_steps=10)
    eval_spec = tf.estimator.EvalSpec(eval_input_fn(tf), steps=None, exporters=exporters,
                                      throttle_secs=0, start_delay_secs=0)
    with LogLines() as log:
        metrics, exports = tf.estimator.train_and_evaluate(est, train_spec, eval_spec)
    assert "Running training and evaluation locally (non-distributed)." in log.lines
    assert [line.split(":")[0] for line in log.matching("Saving dict for global step")] == [
        "Saving dict for global step 4", "Saving dict for global step 8",
        "Saving dict for global step 10"]
    assert metrics["global_step"] == 10 and sorted(metrics) == ["acc", "global_step", "loss"]
    np.testing.assert_allclose(metrics["loss"], 0.6230106, atol=1e-5)
    assert len(exports) == 2 and all(isinstance(e, bytes) for e in exports)
    assert [os.path.basename(os.path.dirname(e)) for e in exports] == [b"final", b"latest"]
    export_dir = os.path.join(str(tmp_path), "export")
    assert sorted(os.listdir(export_dir)) == ["final", "latest"]
    assert len(os.listdir(os.path.join(export_dir, "final"))) == 1
    assert len(os.listdir(os.path.join(export_dir, "latest"))) == 1
    assert len(os.listdir(os.path.join(str(tmp_path), "eval"))) == 1
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-10")


def test_spec_validation(tf):
    fn = train_input_fn(tf)
    with pytest.raises(TypeError, match="`input_fn` must be callable, given: 3"):
        tf.estimator.TrainSpec(3)
    with pytest.raises(ValueError, match=r"Must specify max_steps > 0, given: 0"):
        tf.estimator.TrainSpec(fn, max_steps=0)
    with pytest.raises(TypeError, match="All hooks must be `SessionRunHook` instances"):
        tf.estimator.TrainSpec(fn, hooks=[3])
    with pytest.raises(ValueError, match=r"Must specify steps > 0, given: 0"):
        tf.estimator.EvalSpec(fn, steps=0)
    with pytest.raises(TypeError, match="`name` must be string, given: 3"):
        tf.estimator.EvalSpec(fn, name=3)
    with pytest.raises(ValueError, match=r"Must specify throttle_secs >= 0, given: -1"):
        tf.estimator.EvalSpec(fn, throttle_secs=-1)
    with pytest.raises(ValueError, match=r"Must specify start_delay_secs >= 0, given: -1"):
        tf.estimator.EvalSpec(fn, start_delay_secs=-1)
    with pytest.raises(TypeError, match="`exporters` must be an Exporter, an iterable of "
                       "Exporter, or `None`"):
        tf.estimator.EvalSpec(fn, exporters=3)
    spec = tf.estimator.EvalSpec(fn)
    assert (spec.steps, spec.name, spec.hooks, spec.exporters) == (100, None, (), ())
    assert (spec.start_delay_secs, spec.throttle_secs) == (120, 600)
    train = tf.estimator.TrainSpec(fn)
    assert (train.max_steps, train.hooks, train.saving_listeners) == (None, (), ())
    with pytest.raises(TypeError, match="`estimator` must have type `tf.estimator.Estimator`"):
        tf.estimator.train_and_evaluate(3, train, spec)


def test_warm_start_from_another_model_dir(tf, tmp_path):
    source = make_estimator(tf, tmp_path / "source", log_step_count_steps=100)
    source.train(train_input_fn(tf), steps=2)
    kernel = source.get_variable_value("dense/kernel")
    settings = tf.estimator.WarmStartSettings(str(tmp_path / "source"),
                                              vars_to_warm_start="dense/.*")
    target = tf.estimator.Estimator(source._model_fn, model_dir=str(tmp_path / "target"),
                                    params={"hidden": 4}, warm_start_from=settings,
                                    config=tf.estimator.RunConfig(tf_random_seed=7))
    with LogLines() as log:
        target.train(train_input_fn(tf), steps=1, hooks=[])
    assert log.matching("Warm-starting with WarmStartSettings: ")
    assert target.get_variable_value("global_step") == 1
    # one Adagrad step moved the warm-started kernel only a little from the source's
    moved = target.get_variable_value("dense/kernel") - kernel
    assert 0 < np.abs(moved).max() < 0.2
    # a plain path means every trainable variable
    by_path = tf.estimator.Estimator(source._model_fn, model_dir=str(tmp_path / "by_path"),
                                     params={"hidden": 4},
                                     warm_start_from=str(tmp_path / "source"))
    result = by_path.evaluate(eval_input_fn(tf), steps=1)
    assert result["global_step"] == 0
    with pytest.raises(ValueError, match="`ckpt_to_initialize_from` MUST be set"):
        tf.estimator.WarmStartSettings("")

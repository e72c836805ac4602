"""tf.contrib.learn.monitors in fit(): the TF 1.0 "Logging and Monitoring Basics" path
(ValidationMonitor with early stopping). TF 2.21 has no contrib.learn; the steps follow TF
1.15's learn/monitors.py (EveryN, RunHookAdapterForMonitors: a monitor's step is the global
step before the run + 1) and MonitoredTrainingSession's hook order (the chief's checkpoint
saver runs before the monitors, so the step-10 checkpoint is the one evaluated at step 10)."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only


def test_validation_monitor_early_stopping(tf, tmp_path):
    rng = np.random.RandomState(0)
    x = rng.randn(40, 2).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    evaluated = []

    class Recording(tf.contrib.learn.monitors.ValidationMonitor):
        def _evaluate_estimator(self):
            outputs = super()._evaluate_estimator()
            evaluated.append(int(outputs["global_step"]))
            return outputs

    # "global_step" never improves when minimized: the first evaluation stays the best.
    # check_interval_secs=None: TF 1.15's default (5) skips checks less than 5 s apart.
    monitor = Recording(x, y, every_n_steps=10, early_stopping_rounds=10,
                        early_stopping_metric="global_step", check_interval_secs=None)
    capture = tf.contrib.learn.monitors.CaptureVariable("global_step:0", every_n=5)
    classifier = tf.contrib.learn.DNNClassifier(
        hidden_units=[4], feature_columns=[tf.contrib.layers.real_valued_column("", 2)],
        model_dir=str(tmp_path),
        config=tf.contrib.learn.RunConfig(save_checkpoints_steps=10, tf_random_seed=1))
    classifier.fit(x=x, y=y, steps=100, monitors=[monitor, capture])
    assert evaluated == [10, 20]
    assert monitor.early_stopped and monitor.best_step == 10 and monitor.best_value == 10
    assert sorted(monitor.best_metrics)[:2] == ["accuracy", "accuracy/baseline_label_mean"]
    assert classifier.get_variable_value("global_step") == 20
    # EveryN(every_n=5, first_n=1): steps 1, 6, 11, 16
    assert sorted(capture.values) == [1, 6, 11, 16]


def test_monitor_errors(tf):
    with pytest.raises(ValueError, match="Either x or input_fn should be provided."):
        tf.contrib.learn.monitors.ValidationMonitor()
    with pytest.raises(ValueError, match="One of num_steps or last_step must be specified."):
        tf.contrib.learn.monitors.StopAtStep()

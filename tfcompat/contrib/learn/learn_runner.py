"""tf.contrib.learn.learn_runner (TF 1.15 learn/learn_runner.py): `run(experiment_fn,
output_dir=... | run_config=..., schedule=None, hparams=None)` builds the Experiment and calls
its `schedule` method (by default train_and_evaluate: tfcompat's RunConfig is never
distributed)."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.contrib.learn.experiment import Experiment
from tfcompat.contrib.learn.run_config import RunConfig, TaskType

__all__ = ["run"]


def _execute_schedule(experiment, schedule):
    """Calls the method named `schedule` of `experiment`."""
    if not hasattr(experiment, schedule):
        tf.logging.error("Schedule references non-existent task %s", schedule)
        valid_tasks = [x for x in dir(experiment)
                       if not x.startswith("_") and callable(getattr(experiment, x))]
        tf.logging.error("Allowed values for this experiment are: %s", valid_tasks)
        raise ValueError("Schedule references non-existent task %s" % schedule)
    task = getattr(experiment, schedule)
    if not callable(task):
        tf.logging.error("Schedule references non-callable member %s", schedule)
        valid_tasks = [x for x in dir(experiment)
                       if not x.startswith("_") and callable(getattr(experiment, x))]
        tf.logging.error("Allowed values for this experiment are: %s", valid_tasks)
        raise TypeError("Schedule references non-callable member %s" % schedule)
    return task()


def _wrapped_experiment_fn_with_uid_check(experiment_fn, require_hparams=False):
    """`experiment_fn(run_config, hparams)`, checking that the Estimator got `run_config`."""
    def wrapped_experiment_fn(run_config, hparams):
        if not isinstance(run_config, RunConfig):
            raise ValueError("`run_config` must be `tf.contrib.learn.RunConfig` instance")
        if not run_config.model_dir:
            raise ValueError("Must specify a model directory `model_dir` in `run_config`.")
        if hparams is not None and not isinstance(hparams, tf.contrib.training.HParams):
            raise ValueError("`hparams` must be `HParams` instance")
        if require_hparams and hparams is None:
            raise ValueError("`hparams` cannot be `None`.")
        expected_uid = run_config.uid()
        experiment = experiment_fn(run_config, hparams)
        if not isinstance(experiment, Experiment):
            raise TypeError("Experiment builder did not return an Experiment instance, got "
                            "%s instead." % type(experiment))
        config_from_estimator = experiment.estimator.config
        if not hasattr(config_from_estimator, "uid"):
            raise RuntimeError(
                "Pass `run_config` argument of the `experiment_fn` to the Estimator in "
                "Experiment. It is likely a different `RunConfig` is passed to `Estimator` or "
                "the `config` constructor argument in `Estimator` is not set.")
        if config_from_estimator.uid() != expected_uid:
            raise RuntimeError(
                "`RunConfig` instance is expected to be used by the `Estimator` inside the "
                "`Experiment`. expected {}, but got {}".format(
                    expected_uid, experiment.estimator.config.uid()))
        return experiment
    return wrapped_experiment_fn


def run(experiment_fn, output_dir=None, schedule=None, run_config=None, hparams=None):
    """Makes an Experiment with `experiment_fn(output_dir=...)` or
    `experiment_fn(run_config, hparams)` and runs its `schedule` method."""
    if output_dir is not None and run_config is not None:
        raise ValueError("Cannot provide both `output_dir` and `run_config`")
    if output_dir is None and run_config is None:
        raise ValueError("Must set value for `output_dir` or `run_config`")
    if not callable(experiment_fn):
        raise TypeError('Experiment builder "%s" is not callable.' % experiment_fn)
    if run_config is not None:
        wrapped_experiment_fn = _wrapped_experiment_fn_with_uid_check(experiment_fn)
        experiment = wrapped_experiment_fn(run_config=run_config, hparams=hparams)
    else:
        if not output_dir:
            raise ValueError("Must specify an output directory")
        if hparams is not None:
            raise ValueError("Must set `hparams` as None for `experiment_fn` with "
                             "`output_dir`.")
        experiment = experiment_fn(output_dir=output_dir)
        if not isinstance(experiment, Experiment):
            raise TypeError("Experiment builder did not return an Experiment instance, got "
                            "%s instead." % type(experiment))
    run_config = run_config or experiment.estimator.config
    schedule = schedule or _get_default_schedule(run_config)
    return _execute_schedule(experiment, schedule)


def _is_distributed(config):
    """Whether the cluster spec has more than one task."""
    if not config.cluster_spec:
        return False
    task_count = 0
    for job in config.cluster_spec.jobs:
        task_count += len(config.cluster_spec.job_tasks(job))
    return task_count > 1


def _get_default_schedule(config):
    """train_and_evaluate for a local run; else by task type (master: train_and_evaluate,
    ps: run_std_server, worker: train)."""
    if not config or not _is_distributed(config):
        return "train_and_evaluate"
    if not config.task_type:
        raise ValueError("Must specify a schedule")
    if config.task_type == TaskType.MASTER:
        return "train_and_evaluate"
    elif config.task_type == TaskType.PS:
        return "run_std_server"
    elif config.task_type == TaskType.WORKER:
        return "train"
    raise ValueError("No default schedule for task type: %s" % (config.task_type))

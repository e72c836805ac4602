"""tf.contrib.learn.Experiment (TF 1.15 learn/experiment.py): an Estimator with its training
and evaluation input functions, run by schedule: train, evaluate, train_and_evaluate (a
ValidationMonitor evaluates every `min_eval_frequency` steps when there is a new checkpoint,
then a final evaluation and the exports), continuous_eval, continuous_train_and_eval, test.
tfcompat runs in one process: run_std_server (a parameter server's schedule) fails naming
it."""
from __future__ import annotations

import contextlib
import math
import os
import time

import tfcompat as tf
from tfcompat.contrib.learn import export_strategy
from tfcompat.contrib.learn import monitors
from tfcompat.contrib.learn.estimator import Estimator as ContribEstimator
from tfcompat.estimator import estimator as core_estimator
from tfcompat.estimator.model_fn import fn_args

__all__ = ["Experiment"]


def _get_standardized_predicate_fn(predicate_fn):
    if "checkpoint_path" not in fn_args(predicate_fn):
        def _pred_fn_wrapper(eval_results, checkpoint_path):
            return predicate_fn(eval_results)
        return _pred_fn_wrapper
    return predicate_fn


@contextlib.contextmanager
def _new_attr_context(obj, attr):
    saved = getattr(obj, attr)
    try:
        yield
    finally:
        setattr(obj, attr, saved)


class Experiment:
    """All that is needed to train and evaluate a model, run by schedule."""

    def __init__(self, estimator, train_input_fn, eval_input_fn, eval_metrics=None,
                 train_steps=None, eval_steps=100, train_monitors=None, eval_hooks=None,
                 local_eval_frequency=None, eval_delay_secs=120,
                 continuous_eval_throttle_secs=60, min_eval_frequency=None,
                 delay_workers_by_global_step=False, export_strategies=None,
                 train_steps_per_iteration=None, checkpoint_and_export=False,
                 saving_listeners=None, check_interval_secs=5):
        if isinstance(estimator, core_estimator.Estimator) and \
                not isinstance(estimator, ContribEstimator):
            self._core_estimator_used = True
            if eval_metrics is not None:
                raise ValueError("`eval_metrics` must be `None` with `tf.estimator.Estimator`. "
                                 "Use `eval_metric_ops` in `tf.estimator.EstimatorSpec` "
                                 "instead.")
        else:
            self._core_estimator_used = False
            if not (hasattr(estimator, "evaluate") and hasattr(estimator, "model_dir")):
                raise ValueError("`estimator` must implement `tf.contrib.learn.Evaluable` "
                                 "or `tf.estimator.Estimator`.")
            if not hasattr(estimator, "fit"):
                raise ValueError("`estimator` must implement `tf.contrib.learn.Trainable`"
                                 "or `tf.estimator.`Estimator`.")
            if saving_listeners is not None:
                raise ValueError("`saving_listeners` must be `None` with "
                                 "`tf.contrib.learn.Estimator`.")
        self._estimator = estimator
        self._train_input_fn = train_input_fn
        self._eval_input_fn = eval_input_fn
        self._eval_metrics = eval_metrics
        self._train_steps = train_steps
        self._eval_steps = eval_steps
        self._local_eval_frequency = local_eval_frequency
        self._eval_delay_secs = eval_delay_secs
        self._continuous_eval_throttle_secs = continuous_eval_throttle_secs
        self._checkpoint_and_export = checkpoint_and_export
        self._saving_listeners = saving_listeners
        self._min_eval_frequency = min_eval_frequency if min_eval_frequency is not None else 1
        self._check_interval_secs = check_interval_secs
        self._delay_workers_by_global_step = delay_workers_by_global_step
        self._train_monitors = train_monitors[:] if train_monitors else []
        self._eval_hooks = eval_hooks[:] if eval_hooks else []
        self._set_export_strategies(export_strategies)
        self._train_steps_per_iteration = train_steps_per_iteration
        if (self._train_steps_per_iteration is not None
                and not isinstance(self._train_steps_per_iteration, int)):
            raise ValueError("`train_steps_per_iteration` must be an integer.")

    estimator = property(lambda self: self._estimator)
    eval_metrics = property(lambda self: self._eval_metrics)
    train_steps = property(lambda self: self._train_steps)
    eval_steps = property(lambda self: self._eval_steps)

    def _set_export_strategies(self, values):
        strategies = []
        if values:
            if isinstance(values, export_strategy.ExportStrategy):
                strategies.append(values)
            else:
                for value in values:
                    if not isinstance(value, export_strategy.ExportStrategy):
                        raise ValueError("`export_strategies` must be an ExportStrategy, an "
                                         "iterable of ExportStrategy, or `None`, found %s."
                                         % (value,))
                    strategies.append(value)
        self._export_strategies = tuple(strategies)

    def extend_train_hooks(self, additional_hooks):
        """Extends the hooks for training."""
        self._train_monitors.extend(additional_hooks)

    def reset_export_strategies(self, new_export_strategies=None):
        """Sets new export strategies; returns the old ones."""
        old_export_strategies = self._export_strategies
        self._set_export_strategies(new_export_strategies)
        return old_export_strategies

    # -- schedules --------------------------------------------------------------------------

    def train(self, delay_secs=None):
        """Trains up to `train_steps` (forever if None) after `delay_secs` (by default 5
        seconds per task index; 0 for the only task of a local run)."""
        start = time.time()
        extra_hooks = []
        if delay_secs is None:
            task_id = self._estimator.config.task_id or 0
            if self._delay_workers_by_global_step:
                extra_hooks.append(tf.train.GlobalStepWaiterHook(
                    int(8000.0 * math.log(task_id + 1))))
                delay_secs = 0
            else:
                delay_secs = min(60, task_id * 5)
        if delay_secs > 0:
            remaining = delay_secs - (time.time() - start)
            tf.logging.info("Waiting %d secs before starting training.", remaining)
            time.sleep(delay_secs)
        return self._call_train(input_fn=self._train_input_fn, max_steps=self._train_steps,
                                hooks=self._train_monitors + extra_hooks,
                                saving_listeners=self._saving_listeners)

    def evaluate(self, delay_secs=None, name=None):
        """Evaluates `eval_steps` steps (until the input ends if None) after `delay_secs`
        (default: eval_delay_secs)."""
        if delay_secs is None:
            delay_secs = self._eval_delay_secs
        if delay_secs:
            tf.logging.info("Waiting %d secs before starting eval.", delay_secs)
            time.sleep(delay_secs)
        return self._call_evaluate(input_fn=self._eval_input_fn, steps=self._eval_steps,
                                   metrics=self._eval_metrics, name=(name or "one_pass"),
                                   hooks=self._eval_hooks)

    def local_run(self):
        with _new_attr_context(self, "_min_eval_frequency"):
            self._min_eval_frequency = self._local_eval_frequency
            return self.train_and_evaluate()

    def continuous_eval(self, delay_secs=None, throttle_delay_secs=None,
                        evaluate_checkpoint_only_once=True, continuous_eval_predicate_fn=None,
                        name="continuous"):
        self._continuous_eval(self._eval_input_fn, name=name, delay_secs=delay_secs,
                              throttle_delay_secs=throttle_delay_secs,
                              evaluate_checkpoint_only_once=evaluate_checkpoint_only_once,
                              continuous_eval_predicate_fn=continuous_eval_predicate_fn)

    def continuous_eval_on_train_data(self, delay_secs=None, throttle_delay_secs=None,
                                      continuous_eval_predicate_fn=None,
                                      name="continuous_on_train_data"):
        self._continuous_eval(self._train_input_fn, name=name, delay_secs=delay_secs,
                              throttle_delay_secs=throttle_delay_secs,
                              continuous_eval_predicate_fn=continuous_eval_predicate_fn,
                              export=False)

    def _continuous_eval(self, input_fn, name, delay_secs, throttle_delay_secs,
                         evaluate_checkpoint_only_once=True, continuous_eval_predicate_fn=None,
                         export=True):
        predicate_fn = _checked_predicate(continuous_eval_predicate_fn)
        if delay_secs is None:
            delay_secs = self._eval_delay_secs
        if throttle_delay_secs is None:
            throttle_delay_secs = self._continuous_eval_throttle_secs
        if delay_secs:
            tf.logging.info("Waiting %f secs before starting eval.", delay_secs)
            time.sleep(delay_secs)
        previous_path = eval_result = None
        last_warning_time = 0
        while not predicate_fn or predicate_fn(eval_result, checkpoint_path=previous_path):
            if self._has_training_stopped(eval_result):
                tf.logging.info("Exiting continuous eval, global_step=%s >= train_step=%s",
                                eval_result[tf.GraphKeys.GLOBAL_STEP], self._train_steps)
                return
            start = time.time()
            error_msg = None
            latest_path = tf.train.latest_checkpoint(self._estimator.model_dir)
            if not latest_path:
                error_msg = ("Estimator is not fitted yet. "
                             "Will start an evaluation when a checkpoint is ready.")
            elif evaluate_checkpoint_only_once and latest_path == previous_path:
                error_msg = "No new checkpoint ready for evaluation."
            if error_msg:
                eval_result = {}
                if time.time() - last_warning_time > 600:
                    tf.logging.warning(error_msg)
                    last_warning_time = time.time()
            else:
                eval_result = self._call_evaluate(
                    input_fn=input_fn, steps=self._eval_steps, metrics=self._eval_metrics,
                    name=name, checkpoint_path=latest_path, hooks=self._eval_hooks) or {}
                if export:
                    self._maybe_export(eval_result, checkpoint_path=latest_path)
                last_warning_time = 0
                previous_path = latest_path
            duration = time.time() - start
            if duration < throttle_delay_secs:
                difference = throttle_delay_secs - duration
                tf.logging.info("Waiting %f secs before starting next eval run.", difference)
                time.sleep(difference)

    def _has_training_stopped(self, eval_result):
        if not eval_result:
            return False
        global_step = eval_result.get(tf.GraphKeys.GLOBAL_STEP)
        return global_step and self._train_steps and global_step >= self._train_steps

    def train_and_evaluate(self):
        """Trains (evaluating every `min_eval_frequency` steps when a new checkpoint is
        there), then evaluates and exports; returns (eval result, export results)."""
        with _new_attr_context(self, "_train_monitors"):
            self._train_monitors = self._train_monitors or []
            config = self._estimator.config
            intermediate_export = self._checkpoint_and_export and (
                config.save_checkpoints_secs or config.save_checkpoints_steps)
            if intermediate_export:
                listener = _EvalAndExportListener(self)
                self._train_monitors += [tf.train.CheckpointSaverHook(
                    checkpoint_dir=self._estimator.model_dir,
                    save_secs=config.save_checkpoints_secs,
                    save_steps=config.save_checkpoints_steps, listeners=[listener])]
            elif self._min_eval_frequency:
                self._train_monitors += [monitors.ValidationMonitor(
                    input_fn=self._eval_input_fn, eval_steps=self._eval_steps,
                    metrics=self._eval_metrics, every_n_steps=self._min_eval_frequency,
                    check_interval_secs=self._check_interval_secs, name=None,
                    hooks=self._eval_hooks)]
            self.train(delay_secs=0)
        if intermediate_export:
            return listener.eval_result, listener.export_results
        eval_result = self._call_evaluate(input_fn=self._eval_input_fn, steps=self._eval_steps,
                                          metrics=self._eval_metrics, name=None,
                                          hooks=self._eval_hooks)
        return eval_result, self._maybe_export(eval_result)

    def continuous_train_and_eval(self, continuous_eval_predicate_fn=None):
        """Trains `train_steps_per_iteration` steps (default train_steps / 10, or 1000) and
        evaluates, in turns; returns the last (eval result, export results)."""
        predicate_fn = _checked_predicate(continuous_eval_predicate_fn)
        export_results = latest_checkpoint = eval_result = None
        train_steps_per_iteration = 1000
        if self._train_steps_per_iteration is not None:
            train_steps_per_iteration = self._train_steps_per_iteration
        elif self._train_steps is not None:
            train_steps_per_iteration = int(self._train_steps / 10)
        while not predicate_fn or predicate_fn(
                eval_result, checkpoint_path=latest_checkpoint if eval_result else None):
            if self._has_training_stopped(eval_result):
                tf.logging.info("Stop training model as max steps reached")
                break
            tf.logging.info("Training model for %s steps", train_steps_per_iteration)
            self._call_train(input_fn=self._train_input_fn, steps=train_steps_per_iteration,
                             hooks=self._train_monitors,
                             saving_listeners=self._saving_listeners)
            tf.logging.info("Evaluating model now.")
            latest_checkpoint = tf.train.latest_checkpoint(self._estimator.model_dir)
            eval_result = self._call_evaluate(
                input_fn=self._eval_input_fn, steps=self._eval_steps,
                metrics=self._eval_metrics, name="one_pass", checkpoint_path=latest_checkpoint,
                hooks=self._eval_hooks)
            export_results = self._maybe_export(eval_result)
        return eval_result, export_results

    def test(self):
        """Trains, evaluates and exports for a single step; returns the eval result."""
        self._call_train(input_fn=self._train_input_fn, steps=1, hooks=self._train_monitors,
                         saving_listeners=self._saving_listeners)
        eval_result = self._call_evaluate(input_fn=self._eval_input_fn, steps=1,
                                          metrics=self._eval_metrics, name="one_pass")
        self._maybe_export(eval_result)
        return eval_result

    def run_std_server(self):
        raise NotImplementedError(
            "tf.contrib.learn.Experiment.run_std_server is not supported by tfcompat: it runs "
            "in one process, with no tf.train.Server to serve a cluster")

    # -- helpers ----------------------------------------------------------------------------

    def _maybe_export(self, eval_result, checkpoint_path=None):
        export_dir_base = os.path.join(os.fsencode(self._estimator.model_dir), b"export")
        return [strategy.export(self._estimator,
                                os.path.join(export_dir_base, os.fsencode(strategy.name)),
                                checkpoint_path=checkpoint_path, eval_result=eval_result)
                for strategy in self._export_strategies]

    def _call_train(self, _sentinel=None, input_fn=None, steps=None, hooks=None,
                    max_steps=None, saving_listeners=None):
        if _sentinel is not None:
            raise ValueError("_call_train should be called with keyword args only")
        hooks = monitors.replace_monitors_with_hooks(hooks, self._estimator)
        if self._core_estimator_used:
            return self._estimator.train(input_fn=input_fn, steps=steps, max_steps=max_steps,
                                         hooks=hooks, saving_listeners=saving_listeners)
        return self._estimator.fit(input_fn=input_fn, steps=steps, max_steps=max_steps,
                                   monitors=hooks)

    def _call_evaluate(self, _sentinel=None, input_fn=None, steps=None, metrics=None,
                       name=None, checkpoint_path=None, hooks=None):
        if _sentinel is not None:
            raise ValueError("_call_evaluate should be called with keyword args only")
        if self._core_estimator_used:
            if metrics is not None:
                raise ValueError("`eval_metrics` must be `None` with `tf.estimator.Estimator`")
            return self._estimator.evaluate(input_fn=input_fn, steps=steps, name=name,
                                            checkpoint_path=checkpoint_path, hooks=hooks)
        return self._estimator.evaluate(input_fn=input_fn, steps=steps, metrics=metrics,
                                        name=name, checkpoint_path=checkpoint_path,
                                        hooks=hooks)


def _checked_predicate(continuous_eval_predicate_fn):
    if continuous_eval_predicate_fn is None:
        return None
    if not callable(continuous_eval_predicate_fn):
        raise ValueError("`continuous_eval_predicate_fn` must be a callable, or None.")
    return _get_standardized_predicate_fn(continuous_eval_predicate_fn)


class _EvalAndExportListener(tf.train.CheckpointSaverListener):
    """After each checkpoint: evaluates it (name "intermediate_export") and exports."""

    def __init__(self, experiment):
        self._experiment = experiment
        self._model_dir = experiment.estimator.model_dir
        self._latest_path = self._eval_result = self._export_results = None

    eval_result = property(lambda self: self._eval_result)
    export_results = property(lambda self: self._export_results)

    def after_save(self, session, global_step_value):
        tf.logging.info("Checking for checkpoint in %s", self._model_dir)
        latest_path = tf.train.latest_checkpoint(self._model_dir)
        if not latest_path:
            tf.logging.warning("Skipping evaluation and export since model has not been "
                               "saved yet.")
        elif latest_path == self._latest_path:
            tf.logging.warning("Skipping evaluation due to same latest checkpoint %s.",
                               latest_path)
        else:
            exp = self._experiment
            self._latest_path = latest_path
            self._eval_result = exp._call_evaluate(
                input_fn=exp._eval_input_fn, steps=exp._eval_steps, metrics=exp._eval_metrics,
                hooks=exp._eval_hooks, name="intermediate_export", checkpoint_path=latest_path)
            self._export_results = exp._maybe_export(self._eval_result,
                                                     checkpoint_path=latest_path)

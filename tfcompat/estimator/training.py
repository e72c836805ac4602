"""tf.estimator.TrainSpec, EvalSpec and train_and_evaluate (TF 1.15's local mode): train to
`max_steps`, evaluating and exporting after each new checkpoint at most every `throttle_secs`,
and once more at the end of training."""
from __future__ import annotations

import collections
import collections.abc
import os
import time

import tfcompat as tf
from tfcompat.estimator.estimator import Estimator
from tfcompat.estimator.exporter import Exporter
from tfcompat.train.basic_session_run_hooks import SecondOrStepTimer


def _checked_input_fn(input_fn):
    if not callable(input_fn):
        raise TypeError("`input_fn` must be callable, given: {}".format(input_fn))


def _checked_hooks(hooks):
    hooks = tuple(hooks or [])
    for hook in hooks:
        if not isinstance(hook, tf.train.SessionRunHook):
            raise TypeError("All hooks must be `SessionRunHook` instances, given: {}"
                            .format(hook))
    return hooks


def _checked_listeners(listeners):
    listeners = tuple(listeners or [])
    for listener in listeners:
        if not isinstance(listener, tf.train.CheckpointSaverListener):
            raise TypeError("All saving_listeners must be `CheckpointSaverListener` instances, "
                            "given: {}".format(listener))
    return listeners


def _checked_exporters(exporters):
    if not exporters:
        return ()
    if isinstance(exporters, Exporter):
        exporters = [exporters]
    unique_names = []
    try:
        for exporter in exporters:
            if not isinstance(exporter, Exporter):
                raise TypeError   # reported below, as TF does
            if not exporter.name:
                raise ValueError("An Exporter cannot have a name that is `None` or empty. All "
                                 "exporter names: {}".format([e.name for e in exporters]))
            if not isinstance(exporter.name, str):
                raise ValueError("An Exporter must have a string name. Given: {}".format(
                    type(exporter.name)))
            if exporter.name in unique_names:
                raise ValueError("`exporters` must have unique names. Such a name cannot be "
                                 "`None`. All exporter names: {}".format(
                                     [e.name for e in exporters]))
            unique_names.append(exporter.name)
    except TypeError:
        # `exporters` is not iterable, or holds something that is not an Exporter
        raise TypeError("`exporters` must be an Exporter, an iterable of Exporter, or `None`, "
                        "found %s." % (exporters,)) from None
    return tuple(exporters)


class TrainSpec(collections.namedtuple("TrainSpec", ["input_fn", "max_steps", "hooks",
                                                     "saving_listeners"])):
    """The training half of train_and_evaluate: input, the step to stop at, hooks."""

    def __new__(cls, input_fn, max_steps=None, hooks=None, saving_listeners=None):
        _checked_input_fn(input_fn)
        if max_steps is not None and max_steps <= 0:
            raise ValueError("Must specify max_steps > 0, given: {}".format(max_steps))
        return super().__new__(cls, input_fn=input_fn, max_steps=max_steps,
                               hooks=_checked_hooks(hooks),
                               saving_listeners=_checked_listeners(saving_listeners))


class EvalSpec(collections.namedtuple("EvalSpec", [
        "input_fn", "steps", "name", "hooks", "exporters", "start_delay_secs",
        "throttle_secs"])):
    """The evaluation half: input, batches per evaluation, exporters, and how often."""

    def __new__(cls, input_fn, steps=100, name=None, hooks=None, exporters=None,
                start_delay_secs=120, throttle_secs=600):
        _checked_input_fn(input_fn)
        if steps is not None and steps <= 0:
            raise ValueError("Must specify steps > 0, given: {}".format(steps))
        if name is not None and not isinstance(name, str):
            raise TypeError("`name` must be string, given: {}".format(name))
        if start_delay_secs < 0:
            raise ValueError("Must specify start_delay_secs >= 0, given: {}"
                             .format(start_delay_secs))
        if throttle_secs < 0:
            raise ValueError("Must specify throttle_secs >= 0, given: {}".format(throttle_secs))
        return super().__new__(cls, input_fn=input_fn, steps=steps, name=name,
                               hooks=_checked_hooks(hooks),
                               exporters=_checked_exporters(exporters),
                               start_delay_secs=start_delay_secs, throttle_secs=throttle_secs)


class _Evaluator:
    """Evaluates the latest checkpoint (once per checkpoint) and runs the exporters."""

    def __init__(self, estimator, eval_spec, max_training_steps):
        self._estimator = estimator
        self._eval_spec = eval_spec
        self._max_training_steps = max_training_steps
        self._previous_ckpt_path = None

    def evaluate_and_export(self):
        """(metrics or None, export results)."""
        latest = self._estimator.latest_checkpoint()
        if not latest:
            tf.logging.warning("Estimator is not trained yet. Will start an evaluation when a "
                               "checkpoint is ready.")
            return None, []
        if latest == self._previous_ckpt_path:
            tf.logging.warning("No new checkpoint ready for evaluation. Skip the current "
                               "evaluation pass as evaluation results are expected to be same "
                               "for the same checkpoint.")
            return None, []
        spec = self._eval_spec
        metrics = self._estimator.evaluate(input_fn=spec.input_fn, steps=spec.steps,
                                           name=spec.name, checkpoint_path=latest,
                                           hooks=spec.hooks)
        if not isinstance(metrics, dict):
            raise TypeError("metrics must be a dict. Got {}".format(metrics))
        if tf.GraphKeys.GLOBAL_STEP not in metrics:
            raise ValueError("Internal error: `Estimator.evaluate` result should have "
                             "`global_step` in result. Given {}".format(metrics))
        is_final = bool(self._max_training_steps) and \
            metrics[tf.GraphKeys.GLOBAL_STEP] >= self._max_training_steps
        export_base = os.path.join(str(self._estimator.model_dir), "export")
        exports = [exporter.export(estimator=self._estimator,
                                   export_path=os.path.join(export_base, exporter.name),
                                   checkpoint_path=latest, eval_result=metrics,
                                   is_the_final_export=is_final)
                   for exporter in spec.exporters]
        self._previous_ckpt_path = latest
        return metrics, exports


class _EvaluateAfterCheckpoint(tf.train.CheckpointSaverListener):
    """Evaluates after each checkpoint but the first, at most every `throttle_secs`, and at
    the end of training when the last step was not evaluated."""

    def __init__(self, evaluator, throttle_secs):
        self._evaluator = evaluator
        self._throttle_secs = throttle_secs
        self.eval_result, self.export_results = None, None

    def begin(self):
        self._timer = SecondOrStepTimer(every_secs=self._throttle_secs)
        self._is_first_run = True

    def after_save(self, session, global_step_value):
        if self._is_first_run:
            self._is_first_run = False
            return False
        if self._timer.should_trigger_for_step(global_step_value):
            self._evaluate(global_step_value)
        else:
            tf.logging.info("Skip the current checkpoint eval due to throttle secs ({} secs)."
                            .format(self._throttle_secs))
        return False

    def end(self, session, global_step_value):
        if global_step_value != self._timer.last_triggered_step():
            self._evaluate(global_step_value)

    def _evaluate(self, global_step_value):
        self._timer.update_last_triggered_step(global_step_value)
        metrics, exports = self._evaluator.evaluate_and_export()
        if metrics is None:
            raise RuntimeError("There was no new checkpoint after the training. Eval status: "
                               "no new checkpoint")
        self.eval_result, self.export_results = metrics, exports


def train_and_evaluate(estimator, train_spec, eval_spec):
    """Trains `estimator` per `train_spec`, evaluating (and exporting) per `eval_spec` after
    new checkpoints; returns (last eval metrics, last export results) as TF 1.15 does."""
    if not isinstance(estimator, Estimator):
        raise TypeError("`estimator` must have type `tf.estimator.Estimator`. Got: {}"
                        .format(type(estimator)))
    if not isinstance(train_spec, TrainSpec):
        raise TypeError("`train_spec` must have type `tf.estimator.TrainSpec`. Got: {}"
                        .format(type(train_spec)))
    if not isinstance(eval_spec, EvalSpec):
        raise TypeError("`eval_spec` must have type `tf.estimator.EvalSpec`. Got: {}"
                        .format(type(eval_spec)))
    tf.logging.info("Running training and evaluation locally (non-distributed).")
    config = estimator.config
    tf.logging.info(
        "Start train and evaluate loop. The evaluate will happen after every checkpoint. "
        "Checkpoint frequency is determined based on RunConfig arguments: "
        "save_checkpoints_steps {} or save_checkpoints_secs {}.".format(
            config.save_checkpoints_steps, config.save_checkpoints_secs))
    evaluator = _Evaluator(estimator, eval_spec, train_spec.max_steps)
    listener = _EvaluateAfterCheckpoint(evaluator, eval_spec.throttle_secs)
    start = time.time()
    estimator.train(input_fn=train_spec.input_fn, max_steps=train_spec.max_steps,
                    hooks=list(train_spec.hooks),
                    saving_listeners=list(train_spec.saving_listeners) + [listener])
    tf.logging.debug("train_and_evaluate took %.3f s", time.time() - start)
    return listener.eval_result, listener.export_results

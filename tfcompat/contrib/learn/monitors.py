"""tf.contrib.learn.monitors (TF 1.15 learn/monitors.py, deprecated there for SessionRunHooks):
BaseMonitor, EveryN, StopAtStep, PrintTensor, CaptureVariable and ValidationMonitor (evaluation
of the latest checkpoint every N steps, with early stopping), run in fit() through
RunHookAdapterForMonitors as TF does."""
from __future__ import annotations

import copy
import inspect
import time

import tfcompat as tf


class BaseMonitor:
    """The monitor callbacks: begin/end, step_begin (tensors to fetch), step_end (True
    stops training), post_step."""

    def __init__(self):
        self._begun = False
        self._current_step = None
        self._max_steps = None
        self._estimator = None

    @property
    def run_on_all_workers(self):
        return False

    def set_estimator(self, estimator):
        if estimator is None:
            raise ValueError("Missing estimator.")
        self._estimator = estimator

    def begin(self, max_steps=None):
        if self._begun:
            raise ValueError("begin called twice without end.")
        self._max_steps = max_steps
        self._begun = True

    def end(self, session=None):
        if not self._begun:
            raise ValueError("end called without begin.")
        self._max_steps = None
        self._begun = False

    def step_begin(self, step):
        if (step < 0) or ((self._max_steps is not None) and (step > self._max_steps)):
            raise ValueError("Invalid step %s." % step)
        self._current_step = step
        return []

    def step_end(self, step, output):
        if self._current_step != step:
            raise ValueError("step_end expected %s but got %s." % (self._current_step, step))
        self._current_step = None
        return False

    def post_step(self, step, session):
        pass


def _extract_output(outputs, request):
    if request in outputs:
        return outputs[request]
    return outputs[request.name]


class EveryN(BaseMonitor):
    """Calls every_n_step_begin/end every `every_n_steps` steps (and the first
    `first_n_steps`), and every_n_post_step after them and at the end."""

    def __init__(self, every_n_steps=100, first_n_steps=1):
        super().__init__()
        self._every_n_steps = every_n_steps
        self._first_n_steps = first_n_steps
        self._last_successful_step = None
        self._last_active_step = 0
        self._every_n_step_begin_called = False

    def every_n_step_begin(self, step):
        return []

    def every_n_step_end(self, step, outputs):
        return False

    def every_n_post_step(self, step, session):
        pass

    def step_begin(self, step):
        super().step_begin(step)
        if (step <= self._first_n_steps or step >= (self._every_n_steps + self._last_active_step)
                or step == self._max_steps):
            self._every_n_step_begin_called = True
            return self.every_n_step_begin(step)
        self._every_n_step_begin_called = False
        return []

    def step_end(self, step, output):
        super().step_end(step, output)
        if self._every_n_step_begin_called:
            return self.every_n_step_end(step, output)
        return False

    def post_step(self, step, session):
        super().post_step(step, session)
        if self._every_n_step_begin_called:
            self.every_n_post_step(step, session)
            self._last_active_step = step
        self._last_successful_step = step

    def end(self, session=None):
        super().end(session=session)
        if self._last_successful_step != self._last_active_step:
            self.every_n_post_step(self._last_successful_step, session)


class StopAtStep(BaseMonitor):
    """Stops after `num_steps` steps or at step `last_step`."""

    def __init__(self, num_steps=None, last_step=None):
        super().__init__()
        if num_steps is None and last_step is None:
            raise ValueError("One of num_steps or last_step must be specified.")
        if num_steps is not None and last_step is not None:
            raise ValueError("Only one of num_steps or last_step can be specified.")
        self._num_steps = num_steps
        self._last_step = last_step

    @property
    def run_on_all_workers(self):
        return True

    def step_begin(self, step):
        super().step_begin(step)
        if self._last_step is None:
            self._last_step = step + self._num_steps - 1
        return []

    def step_end(self, step, output):
        super().step_end(step, output)
        return step >= self._last_step


class PrintTensor(EveryN):
    """Logs the given tensors every N steps."""

    def __init__(self, tensor_names, every_n=100, first_n=1):
        super().__init__(every_n, first_n)
        if not isinstance(tensor_names, dict):
            tensor_names = {item: item for item in tensor_names}
        self._tensor_names = tensor_names

    def every_n_step_begin(self, step):
        super().every_n_step_begin(step)
        return list(self._tensor_names.values())

    def every_n_step_end(self, step, outputs):
        super().every_n_step_end(step, outputs)
        stats = ["%s = %s" % (tag, str(_extract_output(outputs, name)))
                 for tag, name in self._tensor_names.items() if name in outputs]
        tf.logging.info("Step %d: %s", step, ", ".join(stats))


class CaptureVariable(EveryN):
    """Captures a tensor's value (`var_name` with its ":0") every N steps into `values`."""

    def __init__(self, var_name, every_n=100, first_n=1):
        super().__init__(every_n, first_n)
        self._var_name = var_name
        self._var_values = {}

    values = property(lambda self: self._var_values)

    def every_n_step_begin(self, step):
        super().every_n_step_begin(step)
        return [self._var_name]

    def every_n_step_end(self, step, outputs):
        super().every_n_step_end(step, outputs)
        self._var_values[step] = _extract_output(outputs, self._var_name)


class ValidationMonitor(EveryN):
    """Evaluates the latest checkpoint (when there is a new one) every N steps; stops early
    when `early_stopping_metric` has not improved for `early_stopping_rounds` steps."""

    def __init__(self, x=None, y=None, input_fn=None, batch_size=None, eval_steps=None,
                 every_n_steps=100, metrics=None, hooks=None, early_stopping_rounds=None,
                 early_stopping_metric="loss", early_stopping_metric_minimize=True,
                 name=None, check_interval_secs=5):
        super().__init__(every_n_steps=every_n_steps, first_n_steps=-1)
        if x is None and input_fn is None:
            raise ValueError("Either x or input_fn should be provided.")
        self.x, self.y, self.input_fn, self.batch_size = x, y, input_fn, batch_size
        self.eval_steps, self.metrics, self.hooks, self.name = eval_steps, metrics, hooks, name
        self.early_stopping_rounds = early_stopping_rounds
        self.early_stopping_metric = early_stopping_metric
        self.early_stopping_metric_minimize = early_stopping_metric_minimize
        self._best_value_step = self._best_value = self._best_metrics = None
        self._early_stopped = False
        self._latest_path = self._latest_path_step = None
        self._check_interval_secs = check_interval_secs
        self._last_checkpoint_check_time = None

    early_stopped = property(lambda self: self._early_stopped)
    best_step = property(lambda self: self._best_value_step)
    best_value = property(lambda self: self._best_value)
    best_metrics = property(lambda self: self._best_metrics)

    def _evaluate_estimator(self):
        if not hasattr(self._estimator, "fit"):   # a tf.estimator.Estimator
            if any(x is not None for x in [self.x, self.y, self.batch_size, self.metrics]):
                raise ValueError("tf.estimator.Estimator does not support following "
                                 "arguments: x, y, batch_size, metrics. Should set as `None` "
                                 "in ValidationMonitor")
            return self._estimator.evaluate(input_fn=self.input_fn, steps=self.eval_steps,
                                            hooks=self.hooks, name=self.name)
        return self._estimator.evaluate(
            x=self.x, y=self.y, input_fn=self.input_fn, batch_size=self.batch_size,
            steps=self.eval_steps, metrics=self.metrics, hooks=self.hooks, name=self.name)

    def every_n_step_end(self, step, outputs):
        super().every_n_step_end(step, outputs)
        if self._estimator is None:
            raise ValueError("Missing call to set_estimator.")
        current_time = time.time()
        if (self._check_interval_secs is not None
                and self._last_checkpoint_check_time is not None
                and current_time - self._last_checkpoint_check_time
                <= self._check_interval_secs):
            tf.logging.debug("Skipping evaluation since less than %d seconds have passed since "
                             "last check for a new checkpoint.", self._check_interval_secs)
            return False
        self._last_checkpoint_check_time = current_time
        latest_path = tf.train.latest_checkpoint(self._estimator.model_dir)
        if latest_path is None or latest_path == self._latest_path:
            return False
        self._latest_path, self._latest_path_step = latest_path, step
        outputs = self._evaluate_estimator()
        tf.logging.info("Validation (step %d): %s", step,
                        ", ".join("%s = %s" % (k, str(v)) for k, v in outputs.items()))
        if self.early_stopping_rounds is None:
            return False
        if self.early_stopping_metric not in outputs:
            raise ValueError("Metric %s missing from outputs %s." % (
                self.early_stopping_metric, set(outputs.keys())))
        current = outputs[self.early_stopping_metric]
        if (self._best_value is None
                or (self.early_stopping_metric_minimize and current < self._best_value)
                or (not self.early_stopping_metric_minimize and current > self._best_value)):
            self._best_value = current
            self._best_metrics = copy.deepcopy(outputs)
            self._best_value_step = step
        if step - self._best_value_step >= self.early_stopping_rounds:
            tf.logging.info("Stopping. Best step: {} with {} = {}.".format(
                self._best_value_step, self.early_stopping_metric, self._best_value))
            self._early_stopped = True
            return True
        return False


class RunHookAdapterForMonitors(tf.train.SessionRunHook):
    """Runs monitors as a SessionRunHook (step = the global step before the run + 1)."""

    def __init__(self, monitors):
        self._monitors = monitors

    def begin(self):
        self._last_step = None
        self._global_step_tensor = tf.train.get_global_step()
        for m in self._monitors:
            m.begin(max_steps=None)

    def before_run(self, run_context):
        if self._last_step is None:
            self._last_step = run_context.session.run(self._global_step_tensor) + 1
        request = {self._global_step_tensor: self._global_step_tensor}
        fetches = []
        for m in self._monitors:
            requests = m.step_begin(self._last_step)
            if requests:
                if not isinstance(requests, list):
                    raise ValueError("Monitor.step_begin should return a list.")
                fetches.extend(requests)
        if fetches:
            graph = tf.get_default_graph()
            request["monitors"] = {f: (graph.as_graph_element(f if ":" in f else f + ":0")
                                       if isinstance(f, str) else f) for f in fetches}
        return tf.train.SessionRunArgs(request)

    def after_run(self, run_context, run_values):
        result = run_values.results.get("monitors", {})
        for m in self._monitors:
            if m.step_end(self._last_step, result):
                run_context.request_stop()
        for m in self._monitors:
            m.post_step(self._last_step, run_context.session)
        self._last_step = run_values.results[self._global_step_tensor] + 1

    def end(self, session):
        self._last_step = None
        for m in self._monitors:
            if "session" in inspect.signature(m.end).parameters:
                m.end(session=session)
            else:
                m.end()


def replace_monitors_with_hooks(monitors_or_hooks, estimator):
    """The hooks of a list of monitors and hooks: the monitors run in one adapter hook."""
    monitors_or_hooks = monitors_or_hooks or []
    hooks = [m for m in monitors_or_hooks if isinstance(m, tf.train.SessionRunHook)]
    monitors = [m for m in monitors_or_hooks if not isinstance(m, tf.train.SessionRunHook)]
    for monitor in monitors:
        monitor.set_estimator(estimator)
    if monitors:
        hooks.append(RunHookAdapterForMonitors(monitors))
    return hooks

"""Estimator.evaluate's machinery (TF 1.15's evaluation._evaluate_once and the summary writing
of estimator.py): an eval_step counter, a hook that stops after N batches, the loop that runs
the metric update ops until the input ends, and the eval/ events."""
from __future__ import annotations

import math
import time

import numpy as np

import tfcompat as tf
from tfcompat.train.monitored_session import ChiefSessionCreator, MonitoredSession


def get_or_create_eval_step():
    """The local int64 `eval_step` variable counting evaluated batches (one per graph)."""
    existing = tf.get_collection(tf.GraphKeys.EVAL_STEP)
    if len(existing) == 1:
        return existing[0]
    if len(existing) > 1:
        raise ValueError("Multiple tensors added to tf.GraphKeys.EVAL_STEP")
    return tf.get_variable(
        "eval_step", shape=[], dtype=tf.int64, initializer=tf.zeros_initializer(),
        trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES, tf.GraphKeys.EVAL_STEP])


class StopAfterNEvalsHook(tf.train.SessionRunHook):
    """Stops evaluation after `num_evals` batches, logging "Evaluation [i/N]" as TF does."""

    def __init__(self, num_evals, log_progress=True):
        self._num_evals = num_evals
        self._evals_completed = None
        self._log_progress = log_progress
        # with 20 or more evaluations TF logs only every tenth
        self._log_frequency = (1 if (num_evals is None or num_evals < 20)
                               else math.floor(num_evals / 10.))

    def _set_evals_completed_tensor(self, updated_eval_step):
        self._evals_completed = updated_eval_step

    def before_run(self, run_context):
        return tf.train.SessionRunArgs({"evals_completed": self._evals_completed})

    def after_run(self, run_context, run_values):
        done = run_values.results["evals_completed"]
        if self._log_progress:
            if self._num_evals is None:
                tf.logging.info("Evaluation [%d]", done)
            elif done % self._log_frequency == 0 or self._num_evals == done:
                tf.logging.info("Evaluation [%d/%d]", done, self._num_evals)
        if self._num_evals is not None and done >= self._num_evals:
            run_context.request_stop()


def evaluate_once(checkpoint_path, scaffold, eval_ops, final_ops, hooks, config):
    """Runs `eval_ops` until the input ends or a hook stops, then returns `final_ops`' values."""
    eval_step = get_or_create_eval_step()
    hooks = list(hooks)
    if eval_ops is not None:
        update_eval_step = tf.assign_add(eval_step, 1)
        eval_ops = [eval_ops, update_eval_step]
        with tf.control_dependencies(eval_ops):
            evals_completed = tf.identity(eval_step.read_value() if hasattr(
                eval_step, "read_value") else eval_step)
        for hook in hooks:
            if isinstance(hook, StopAfterNEvalsHook):
                hook._set_evals_completed_tensor(evals_completed)
    tf.logging.info("Starting evaluation at " + time.strftime("%Y-%m-%dT%H:%M:%S"))
    start = time.time()
    creator = ChiefSessionCreator(scaffold=scaffold, checkpoint_filename_with_path=checkpoint_path,
                                  config=config)
    final_hook = tf.train.FinalOpsHook(final_ops)
    hooks.append(final_hook)
    with MonitoredSession(session_creator=creator, hooks=hooks) as session:
        if eval_ops is not None:
            while not session.should_stop():
                session.run(eval_ops)
    tf.logging.info("Inference Time : {:0.5f}s".format(time.time() - start))
    tf.logging.info("Finished evaluation at " + time.strftime("%Y-%m-%d-%H:%M:%S"))
    return final_hook.final_ops_values


def extract_metric_update_ops(eval_metric_ops):
    """(one op running every metric's update, {name: value tensor}), names sorted so the graph
    is the same every time."""
    update_ops, value_ops = [], {}
    for name, (value, update) in sorted(eval_metric_ops.items()):
        value_ops[name] = value
        update_ops.append(update)
    return (tf.group(*update_ops) if update_ops else None), value_ops


def dict_to_str(dictionary):
    """"a = 1, b = 2" sorted by key, byte strings left out (TF's log of eval results)."""
    return ", ".join("%s = %s" % (k, v) for k, v in sorted(dictionary.items())
                     if not isinstance(v, bytes))


def write_dict_to_summary(output_dir, dictionary, current_global_step):
    """Writes the eval results as scalar summaries at `current_global_step` to `output_dir`."""
    tf.logging.info("Saving dict for global step %d: %s", current_global_step,
                    dict_to_str(dictionary))
    summary = tf.Summary()
    for key in dictionary:
        value = dictionary[key]
        if value is None or key == "global_step":
            continue
        if isinstance(value, (np.floating, float, np.integer, int)) and not isinstance(
                value, bool):
            summary.value.add(tag=key, simple_value=float(value))
        elif isinstance(value, bytes):
            summary_proto = tf.Summary()
            summary_proto.ParseFromString(value)
            summary.value.add().CopyFrom(summary_proto.value[0])
            summary.value[-1].tag = key
        elif isinstance(value, np.ndarray) and value.size == 1:
            summary.value.add(tag=key, simple_value=float(value.reshape(-1)[0]))
        else:
            tf.logging.warn("Skipping summary for %s, must be a float, np.float32, np.int64, "
                            "np.int32 or int or a serialized string of Summary.", key)
    writer = tf.summary.FileWriterCache.get(output_dir)
    writer.add_summary(summary, current_global_step)
    writer.flush()


def write_checkpoint_path_to_summary(output_dir, checkpoint_path, current_global_step):
    """Records which checkpoint the eval used, as TF's 'checkpoint_path' text summary."""
    tf.logging.info("Saving 'checkpoint_path' summary for global step %d: %s",
                    current_global_step, checkpoint_path)
    summary = tf.Summary()
    summary.value.add(tag="checkpoint_path",
                      tensor=tf.make_tensor_proto(checkpoint_path, dtype=tf.string))
    writer = tf.summary.FileWriterCache.get(output_dir)
    writer.add_summary(summary, current_global_step)
    writer.flush()

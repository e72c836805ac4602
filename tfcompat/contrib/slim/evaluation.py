"""`slim.evaluation` (TF 1.15): `evaluate_once` and `evaluation_loop` run the metric update ops
`num_evals` times in a MonitoredSession restored from a checkpoint (an `eval_step` local
variable counts the runs), then the final ops and the summaries; plus the hooks and checkpoint
helpers they are built from (contrib.training's evaluation module)."""
from __future__ import annotations

import math
import time

from tfcompat import init_ops
from tfcompat import tf_logging as logging
from tfcompat.framework import dtypes
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import get_default_graph
from tfcompat.ops import array_ops
from tfcompat.ops import state_ops
from tfcompat.summary import summary_ops
from tfcompat.summary.writer import FileWriterCache
from tfcompat.train import basic_session_run_hooks
from tfcompat.train import checkpoint_management
from tfcompat.train import monitored_session
from tfcompat.train import saver as saver_lib
from tfcompat.train import session_run_hook
from tfcompat.train import training_util
from tfcompat.variable_scope import get_variable

__all__ = ["StopAfterNEvalsHook", "SummaryAtEndHook", "checkpoints_iterator", "evaluate_once",
           "evaluation_loop", "get_or_create_eval_step", "wait_for_new_checkpoint"]

_USE_DEFAULT = 0
checkpoints_iterator = checkpoint_management.checkpoints_iterator


def get_or_create_eval_step():
    """The graph's `eval_step` counter (int64, in LOCAL_VARIABLES and EVAL_STEP)."""
    eval_steps = get_default_graph().get_collection(GraphKeys.EVAL_STEP)
    if len(eval_steps) == 1:
        return eval_steps[0]
    if len(eval_steps) > 1:
        raise ValueError("Multiple tensors added to tf.GraphKeys.EVAL_STEP")
    return get_variable("eval_step", shape=[], dtype=dtypes.int64,
                        initializer=init_ops.zeros_initializer(), trainable=False,
                        collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.EVAL_STEP])


def wait_for_new_checkpoint(checkpoint_dir, last_checkpoint=None, seconds_to_sleep=1,
                            timeout=None):
    """The newest checkpoint of `checkpoint_dir` other than `last_checkpoint`, polling every
    `seconds_to_sleep`; None after `timeout` seconds."""
    logging.info("Waiting for new checkpoint at %s", checkpoint_dir)
    stop_time = time.time() + timeout if timeout is not None else None
    while True:
        checkpoint_path = checkpoint_management.latest_checkpoint(checkpoint_dir)
        if checkpoint_path is not None and checkpoint_path != last_checkpoint:
            logging.info("Found new checkpoint at %s", checkpoint_path)
            return checkpoint_path
        if stop_time is not None and time.time() + seconds_to_sleep > stop_time:
            return None
        time.sleep(seconds_to_sleep)


class StopAfterNEvalsHook(session_run_hook.SessionRunHook):
    """Requests a stop once the eval step reaches `num_evals` (None: never)."""

    def __init__(self, num_evals, log_progress=True):
        self._num_evals = num_evals
        self._evals_completed = None
        self._log_progress = log_progress
        self._log_frequency = (1 if num_evals is None or num_evals < 20
                               else math.floor(num_evals / 10.))

    def _set_evals_completed_tensor(self, updated_eval_step):
        self._evals_completed = updated_eval_step

    def before_run(self, run_context):
        return session_run_hook.SessionRunArgs({"evals_completed": self._evals_completed})

    def after_run(self, run_context, run_values):
        evals_completed = run_values.results["evals_completed"]
        if self._log_progress:
            if self._num_evals is None:
                logging.info("Evaluation [%d]", evals_completed)
            elif (evals_completed % self._log_frequency == 0
                  or self._num_evals == evals_completed):
                logging.info("Evaluation [%d/%d]", evals_completed, self._num_evals)
        if self._num_evals is not None and evals_completed >= self._num_evals:
            run_context.request_stop()


class SummaryAtEndHook(session_run_hook.SessionRunHook):
    """Runs `summary_op` (all summaries when None) once at the end and writes it at the
    current global step to `log_dir` (or `summary_writer`)."""

    def __init__(self, log_dir=None, summary_writer=None, summary_op=None, feed_dict=None):
        self._summary_op = summary_op
        self._replace_summary_op = summary_op is None
        self._feed_dict = feed_dict
        self._summary_writer = summary_writer
        self._log_dir = log_dir
        if self._log_dir is None and self._summary_writer is None:
            raise ValueError("One of log_dir or summary_writer should be used.")

    def begin(self):
        if self._replace_summary_op:
            self._summary_op = summary_ops.merge_all()
        self._global_step = training_util.get_or_create_global_step()

    def after_create_session(self, session, coord):
        if self._summary_writer is None and self._log_dir:
            self._summary_writer = FileWriterCache.get(self._log_dir)

    def end(self, session):
        if self._summary_op is not None:
            global_step = training_util.global_step(session, self._global_step)
            summary_str = session.run(self._summary_op, self._feed_dict)
            if self._summary_writer:
                self._summary_writer.add_summary(summary_str, global_step)
        if self._summary_writer:
            self._summary_writer.flush()


def _with_eval_step(eval_ops, hooks):
    """`eval_ops` plus the eval-step increment; the stop hooks watch the incremented value."""
    update_eval_step = state_ops.assign_add(get_or_create_eval_step(), 1, use_locking=True)
    if isinstance(eval_ops, dict):
        eval_ops["update_eval_step"] = update_eval_step
    elif isinstance(eval_ops, (tuple, list)):
        eval_ops = list(eval_ops) + [update_eval_step]
    else:
        eval_ops = [eval_ops, update_eval_step]
    deps = list(eval_ops.values()) if isinstance(eval_ops, dict) else eval_ops
    with control_dependencies(deps):
        value = array_ops.identity(get_or_create_eval_step().read_value())
    for hook in hooks:
        if isinstance(hook, StopAfterNEvalsHook):
            hook._set_evals_completed_tensor(value)
    return eval_ops


def _run_evaluation(checkpoint_path, master, scaffold, eval_ops, feed_dict, hooks, config):
    session_creator = monitored_session.ChiefSessionCreator(
        scaffold=scaffold, checkpoint_filename_with_path=checkpoint_path, master=master,
        config=config)
    with monitored_session.MonitoredSession(session_creator=session_creator,
                                            hooks=hooks) as session:
        if eval_ops is not None:
            while not session.should_stop():
                session.run(eval_ops, feed_dict)


def _evaluate_once(checkpoint_path, master="", scaffold=None, eval_ops=None, feed_dict=None,
                   final_ops=None, final_ops_feed_dict=None, hooks=None, config=None):
    """TF's evaluation._evaluate_once: one evaluation of `checkpoint_path`; returns the
    values of `final_ops`."""
    get_or_create_eval_step()
    hooks = list(hooks or [])
    if eval_ops is not None:
        eval_ops = _with_eval_step(eval_ops, hooks)
    logging.info("Starting evaluation at " + time.strftime("%Y-%m-%dT%H:%M:%S",
                                                           time.localtime()))
    start = time.time()
    final_ops_hook = basic_session_run_hooks.FinalOpsHook(final_ops, final_ops_feed_dict)
    hooks.append(final_ops_hook)
    _run_evaluation(checkpoint_path, master, scaffold, eval_ops, feed_dict, hooks, config)
    logging.info("Inference Time : {:0.5f}s".format(time.time() - start))
    return final_ops_hook.final_ops_values


def _evaluate_repeatedly(checkpoint_dir, master="", scaffold=None, eval_ops=None,
                         feed_dict=None, final_ops=None, final_ops_feed_dict=None,
                         eval_interval_secs=60, hooks=None, config=None,
                         max_number_of_evaluations=None, timeout=None, timeout_fn=None):
    """contrib.training's evaluate_repeatedly: evaluates each new checkpoint of
    `checkpoint_dir`; returns the last final-op values."""
    get_or_create_eval_step()
    hooks = list(hooks or [])
    if eval_ops is not None:
        eval_ops = _with_eval_step(eval_ops, hooks)
    final_ops_hook = basic_session_run_hooks.FinalOpsHook(final_ops, final_ops_feed_dict)
    hooks.append(final_ops_hook)
    num_evaluations = 0
    for checkpoint_path in checkpoints_iterator(checkpoint_dir,
                                                min_interval_secs=eval_interval_secs,
                                                timeout=timeout, timeout_fn=timeout_fn):
        _run_evaluation(checkpoint_path, master, scaffold, eval_ops, feed_dict, hooks, config)
        num_evaluations += 1
        if max_number_of_evaluations is not None and \
                num_evaluations >= max_number_of_evaluations:
            break
    return final_ops_hook.final_ops_values


def _eval_hooks(num_evals, summary_op, logdir, summary_op_feed_dict, hooks):
    if summary_op == _USE_DEFAULT:
        summary_op = summary_ops.merge_all()
    all_hooks = [StopAfterNEvalsHook(num_evals)]
    if summary_op is not None:
        all_hooks.append(SummaryAtEndHook(log_dir=logdir, summary_op=summary_op,
                                          feed_dict=summary_op_feed_dict))
    return all_hooks + list(hooks or [])


def evaluate_once(master, checkpoint_path, logdir, num_evals=1, initial_op=None,
                  initial_op_feed_dict=None, eval_op=None, eval_op_feed_dict=None,
                  final_op=None, final_op_feed_dict=None, summary_op=_USE_DEFAULT,
                  summary_op_feed_dict=None, variables_to_restore=None, session_config=None,
                  hooks=None):
    """TF1 `slim.evaluation.evaluate_once`: restores `checkpoint_path`, runs `eval_op`
    `num_evals` times, writes the summaries to `logdir` and returns `final_op`'s value."""
    all_hooks = _eval_hooks(num_evals, summary_op, logdir, summary_op_feed_dict, hooks)
    saver = saver_lib.Saver(variables_to_restore) if variables_to_restore is not None else None
    scaffold = monitored_session.Scaffold(init_op=initial_op,
                                          init_feed_dict=initial_op_feed_dict, saver=saver)
    return _evaluate_once(checkpoint_path, master=master, scaffold=scaffold, eval_ops=eval_op,
                          feed_dict=eval_op_feed_dict, final_ops=final_op,
                          final_ops_feed_dict=final_op_feed_dict, hooks=all_hooks,
                          config=session_config)


def evaluation_loop(master, checkpoint_dir, logdir, num_evals=1, initial_op=None,
                    initial_op_feed_dict=None, init_fn=None, eval_op=None,
                    eval_op_feed_dict=None, final_op=None, final_op_feed_dict=None,
                    summary_op=_USE_DEFAULT, summary_op_feed_dict=None,
                    variables_to_restore=None, eval_interval_secs=60,
                    max_number_of_evaluations=None, session_config=None, timeout=None,
                    timeout_fn=None, hooks=None):
    """TF1 `slim.evaluation.evaluation_loop`: `evaluate_once` on each new checkpoint of
    `checkpoint_dir` (at most every `eval_interval_secs`), until `max_number_of_evaluations`
    or `timeout` seconds without a new checkpoint."""
    all_hooks = _eval_hooks(num_evals, summary_op, logdir, summary_op_feed_dict, hooks)
    saver = saver_lib.Saver(variables_to_restore) if variables_to_restore is not None else None
    scaffold = monitored_session.Scaffold(init_op=initial_op,
                                          init_feed_dict=initial_op_feed_dict,
                                          init_fn=init_fn, saver=saver)
    return _evaluate_repeatedly(
        checkpoint_dir, master=master, scaffold=scaffold, eval_ops=eval_op,
        feed_dict=eval_op_feed_dict, final_ops=final_op, final_ops_feed_dict=final_op_feed_dict,
        eval_interval_secs=eval_interval_secs, hooks=all_hooks, config=session_config,
        max_number_of_evaluations=max_number_of_evaluations, timeout=timeout,
        timeout_fn=timeout_fn)

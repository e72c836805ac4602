"""`slim.learning` (TF 1.15): `create_train_op` (update ops before the loss, gradient
multipliers and clipping, gradient summaries, check_numerics; returns the total-loss tensor that
applies the gradients when run), and `train`, the Supervisor training loop (with
`trace_every_n_steps`, every such step is a traced run whose Chrome trace goes to
`logdir/tf_trace-<step>.json`, client/tracing.py).
"""
from __future__ import annotations

import os
import sys
import time

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat import tf_logging as logging
from tfcompat.client import timeline
from tfcompat.client.config import RunOptions
from tfcompat.framework.convert import constant
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import get_collection
from tfcompat.framework.graph import get_collection_ref
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.ops import array_ops
from tfcompat.ops import check_ops
from tfcompat.ops import clip_ops
from tfcompat.ops import control_flow_ops
from tfcompat.ops import lookup_ops
from tfcompat.ops import math_ops
from tfcompat.summary import summary_ops
from tfcompat.train import saver as saver_lib
from tfcompat.train import supervisor
from tfcompat.train import training_util
from tfcompat.train.optimizer import Optimizer
from tfcompat.train.sync_replicas_optimizer import SyncReplicasOptimizer
from tfcompat import variables

config_pb2 = lazy_module("tfcompat.io.proto.config_pb2")  # protobuf loads on first use

__all__ = ["add_gradients_summaries", "clip_gradient_norms", "multiply_gradients",
           "create_train_op", "train_step", "train"]

_USE_GLOBAL_STEP = 0
_USE_DEFAULT = 0


def clip_gradient_norms(gradients_to_variables, max_norm):
    """Each gradient clipped to norm `max_norm` (the values of an IndexedSlices)."""
    clipped = []
    for grad, var in gradients_to_variables:
        if grad is not None:
            if isinstance(grad, IndexedSlices):
                values = clip_ops.clip_by_norm(grad.values, max_norm)
                grad = IndexedSlices(values, grad.indices, grad.dense_shape)
            else:
                grad = clip_ops.clip_by_norm(grad, max_norm)
        clipped.append((grad, var))
    return clipped


def multiply_gradients(grads_and_vars, gradient_multipliers):
    """Gradients scaled by {variable or variable op name: coefficient}."""
    if not isinstance(grads_and_vars, list):
        raise ValueError("`grads_and_vars` must be a list.")
    if not gradient_multipliers:
        raise ValueError("`gradient_multipliers` is empty.")
    if not isinstance(gradient_multipliers, dict):
        raise ValueError("`gradient_multipliers` must be a dict.")
    multiplied = []
    for grad, var in grads_and_vars:
        if var in gradient_multipliers or var.op.name in gradient_multipliers:
            key = var if var in gradient_multipliers else var.op.name
            if grad is None:
                raise ValueError("Requested multiple of `None` gradient.")
            factor = constant(gradient_multipliers[key], dtype=grad.dtype)
            if isinstance(grad, IndexedSlices):
                grad = IndexedSlices(grad.values * factor, grad.indices, grad.dense_shape)
            else:
                grad *= factor
        multiplied.append((grad, var))
    return multiplied


def _gradient_summaries(grads_and_vars, separator):
    summaries = []
    for grad, var in grads_and_vars:
        if grad is None:
            logging.info("Var %s has no gradient", var.op.name)
            continue
        values = grad.values if isinstance(grad, IndexedSlices) else grad
        summaries.append(summary_ops.histogram(var.op.name + separator + "gradient", values))
        summaries.append(summary_ops.scalar(var.op.name + separator + "gradient_norm",
                                            clip_ops.global_norm([values])))
    return summaries


def add_gradients_summaries(grads_and_vars):
    """A histogram `<var>/gradient` and a scalar `<var>/gradient_norm` per gradient."""
    return _gradient_summaries(grads_and_vars, "/")


def _after_update_ops(total_loss, update_ops):
    global_update_ops = set(get_collection(GraphKeys.UPDATE_OPS))
    update_ops = global_update_ops if update_ops is None else set(update_ops)
    if not global_update_ops.issubset(update_ops):
        logging.warning("update_ops in create_train_op does not contain all the  update_ops "
                        "in GraphKeys.UPDATE_OPS")
    if not update_ops:
        return total_loss
    with control_dependencies(update_ops):
        barrier = control_flow_ops.no_op(name="update_barrier")
    return control_flow_ops.with_dependencies([barrier], total_loss)


def _training_variables(variables_to_train):
    trainable = variables.trainable_variables()
    if variables_to_train is None:
        variables_to_train = trainable
    for var in variables_to_train:
        if not (var.trainable or var in trainable):
            raise ValueError("create_train_op: variables_to_train holds %s, which is not "
                             "trainable" % var.name)
    if not variables_to_train:
        raise ValueError("create_train_op: expected trainable variables, found none")
    return variables_to_train


def _create_train_op(total_loss, optimizer, global_step, update_ops, variables_to_train,
                     transform_grads_fn, summarize_gradients, gate_gradients,
                     aggregation_method, colocate_gradients_with_ops, check_numerics):
    """TF 1.15 `tf.contrib.training.create_train_op`."""
    if global_step is _USE_GLOBAL_STEP:
        global_step = training_util.get_or_create_global_step()
    total_loss = _after_update_ops(total_loss, update_ops)
    grads = optimizer.compute_gradients(
        total_loss, _training_variables(variables_to_train), gate_gradients=gate_gradients,
        aggregation_method=aggregation_method,
        colocate_gradients_with_ops=colocate_gradients_with_ops)
    if transform_grads_fn:
        grads = transform_grads_fn(grads)
    if summarize_gradients:
        with name_scope("summarize_grads"):
            # contrib.training's own copy, which slim.learning.create_train_op calls, names
            # them `<var>_gradient` and `<var>_gradient_norm`
            _gradient_summaries(grads, "_")
    grad_updates = optimizer.apply_gradients(grads, global_step=global_step)
    with name_scope("train_op"):
        if check_numerics:
            total_loss = check_ops.check_numerics(total_loss, "LossTensor is inf or nan")
        train_op = control_flow_ops.with_dependencies([grad_updates], total_loss)
    train_ops = get_collection_ref(GraphKeys.TRAIN_OP)
    if train_op not in train_ops:
        train_ops.append(train_op)
    return train_op


def create_train_op(total_loss, optimizer, global_step=_USE_GLOBAL_STEP, update_ops=None,
                    variables_to_train=None, clip_gradient_norm=0, summarize_gradients=False,
                    gate_gradients=Optimizer.GATE_OP, aggregation_method=None,
                    colocate_gradients_with_ops=False, gradient_multipliers=None,
                    check_numerics=True):
    """TF1 `slim.learning.create_train_op`: a tensor that, when run, runs the update ops,
    applies the (multiplied, then clipped) gradients of `total_loss`, increments
    `global_step` and returns the loss. It is also added to GraphKeys.TRAIN_OP."""
    def transform_grads_fn(grads):
        if gradient_multipliers:
            with name_scope("multiply_grads"):
                grads = multiply_gradients(grads, gradient_multipliers)
        if clip_gradient_norm > 0:
            with name_scope("clip_grads"):
                grads = clip_gradient_norms(grads, clip_gradient_norm)
        return grads

    return _create_train_op(total_loss, optimizer, global_step, update_ops,
                            variables_to_train, transform_grads_fn, summarize_gradients,
                            gate_gradients, aggregation_method, colocate_gradients_with_ops,
                            check_numerics)


def _wait_for_step(sess, global_step, step):
    while training_util.global_step(sess, global_step) < step:
        time.sleep(1.0)


def train_step(sess, train_op, global_step, train_step_kwargs):
    """One step: runs `train_op` and the global step (traced when `should_trace` holds: its
    Chrome trace is written to `logdir`), logs when `should_log` holds; returns (total loss,
    whether `should_stop` holds)."""
    start_time = time.time()
    options = run_metadata = None
    if "should_trace" in train_step_kwargs:
        if "logdir" not in train_step_kwargs:
            raise ValueError("logdir must be present in train_step_kwargs when should_trace is "
                             "present")
        if sess.run(train_step_kwargs["should_trace"]):
            options = RunOptions(trace_level=RunOptions.FULL_TRACE)
            run_metadata = config_pb2.RunMetadata()
    total_loss, np_global_step = sess.run([train_op, global_step], options=options,
                                          run_metadata=run_metadata)
    time_elapsed = time.time() - start_time
    if run_metadata is not None:
        _write_trace(train_step_kwargs, run_metadata, np_global_step)
    if "should_log" in train_step_kwargs and sess.run(train_step_kwargs["should_log"]):
        logging.info("global step %d: loss = %.4f (%.3f sec/step)", np_global_step, total_loss,
                     time_elapsed)
    should_stop = False
    if "should_stop" in train_step_kwargs:
        should_stop = sess.run(train_step_kwargs["should_stop"])
    return total_loss, should_stop


def _write_trace(train_step_kwargs, run_metadata, np_global_step):
    trace = timeline.Timeline(run_metadata.step_stats).generate_chrome_trace_format()
    trace_filename = os.path.join(train_step_kwargs["logdir"],
                                  "tf_trace-%d.json" % np_global_step)
    logging.info("Writing trace to %s", trace_filename)
    with open(trace_filename, "w") as f:
        f.write(trace)
    if "summary_writer" in train_step_kwargs:
        train_step_kwargs["summary_writer"].add_run_metadata(
            run_metadata, "run_metadata-%d" % np_global_step)


def _check_train_args(train_op, logdir, summary_op, saver, trace_every_n_steps,
                      sync_optimizer, startup_delay_steps, number_of_steps):
    if train_op is None:
        raise ValueError("train_op cannot be None.")
    if logdir is None:
        if summary_op != _USE_DEFAULT:
            raise ValueError("Cannot provide summary_op because logdir=None")
        if saver is not None:
            raise ValueError("Cannot provide saver because logdir=None")
        if trace_every_n_steps is not None:
            raise ValueError("Cannot provide trace_every_n_steps because logdir=None")
    if isinstance(sync_optimizer, SyncReplicasOptimizer):
        sync_optimizer = [sync_optimizer]
    if sync_optimizer is not None:
        if startup_delay_steps > 0:
            raise ValueError("startup_delay_steps must be zero when sync_optimizer is "
                             "supplied.")
        for opt in sync_optimizer:
            if not isinstance(opt, SyncReplicasOptimizer):
                raise ValueError("`sync_optimizer` must be a tf.train.SyncReplicasOptimizer.")
    if number_of_steps is not None and number_of_steps <= 0:
        raise ValueError("`number_of_steps` must be either None or a positive number.")
    return sync_optimizer


def _init_ops(init_op, ready_op, local_init_op, sync_optimizer, is_chief):
    """(init_op, ready_op, local_init_op, ready_for_local_init_op) with TF's defaults, built
    in scope `init_ops`."""
    with name_scope("init_ops"):
        if init_op == _USE_DEFAULT:
            init_op = variables.global_variables_initializer()
        if ready_op == _USE_DEFAULT:
            ready_op = variables.report_uninitialized_variables()
        if local_init_op == _USE_DEFAULT:
            local_init_op = control_flow_ops.group(variables.local_variables_initializer(),
                                                   lookup_ops.tables_initializer())
        ready_for_local_init_op = None
        if sync_optimizer is not None:
            with control_dependencies([local_init_op] if local_init_op is not None else []):
                local_init_op = control_flow_ops.group(*[
                    opt.chief_init_op if is_chief else opt.local_step_init_op
                    for opt in sync_optimizer])
            ready_for_local_init_op = array_ops.concat(
                [opt.ready_for_local_init_op for opt in sync_optimizer], axis=0)
    return init_op, ready_op, local_init_op, ready_for_local_init_op


def _default_train_step_kwargs(global_step, number_of_steps, log_every_n_steps):
    with name_scope("train_step"):
        kwargs = {}
        if number_of_steps:
            kwargs["should_stop"] = math_ops.greater_equal(global_step, number_of_steps)
        else:
            kwargs["should_stop"] = constant(False)
        if log_every_n_steps > 0:
            kwargs["should_log"] = math_ops.equal(
                math_ops.floormod(global_step, log_every_n_steps), 0)
        return kwargs


def _run_loop(sv, sess, train_step_fn, train_op, global_step, train_step_kwargs):
    total_loss = None
    try:
        while not sv.should_stop():
            total_loss, should_stop = train_step_fn(sess, train_op, global_step,
                                                    train_step_kwargs)
            if should_stop:
                logging.info("Stopping Training.")
                sv.request_stop()
                break
    except errors.OutOfRangeError as e:  # tf.train.limit_epochs ran out: training is over
        logging.info("Caught OutOfRangeError. Stopping Training. %s", e)
    return total_loss


def train(train_op, logdir, train_step_fn=train_step, train_step_kwargs=_USE_DEFAULT,
          log_every_n_steps=1, graph=None, master="", is_chief=True, global_step=None,
          number_of_steps=None, init_op=_USE_DEFAULT, init_feed_dict=None,
          local_init_op=_USE_DEFAULT, init_fn=None, ready_op=_USE_DEFAULT,
          summary_op=_USE_DEFAULT, save_summaries_secs=600, summary_writer=_USE_DEFAULT,
          startup_delay_steps=0, saver=None, save_interval_secs=600, sync_optimizer=None,
          session_config=None, session_wrapper=None, trace_every_n_steps=None,
          ignore_live_threads=False):
    """TF1 `slim.learning.train`: runs `train_step_fn` under a tf.train.Supervisor until
    `number_of_steps` global steps (or the input runs out), writing summaries and checkpoints
    to `logdir` (and a final checkpoint there); returns the last loss."""
    sync_optimizer = _check_train_args(train_op, logdir, summary_op, saver,
                                       trace_every_n_steps, sync_optimizer,
                                       startup_delay_steps, number_of_steps)
    graph = graph or get_default_graph()
    with graph.as_default():
        if global_step is None:
            global_step = training_util.get_or_create_global_step()
        saver = saver or saver_lib.Saver()
        init_op, ready_op, local_init_op, ready_for_local_init_op = _init_ops(
            init_op, ready_op, local_init_op, sync_optimizer, is_chief)
        if summary_op == _USE_DEFAULT:
            summary_op = summary_ops.merge_all()
        if summary_writer == _USE_DEFAULT:
            summary_writer = supervisor.Supervisor.USE_DEFAULT
        if is_chief and sync_optimizer is not None:
            init_tokens_op = [opt.get_init_tokens_op() for opt in sync_optimizer]
            chief_queue_runner = [opt.get_chief_queue_runner() for opt in sync_optimizer]
        if train_step_kwargs == _USE_DEFAULT:
            train_step_kwargs = _default_train_step_kwargs(global_step, number_of_steps,
                                                           log_every_n_steps)
            if is_chief and trace_every_n_steps is not None:
                with name_scope("train_step"):
                    train_step_kwargs["should_trace"] = math_ops.equal(
                        math_ops.floormod(global_step, trace_every_n_steps), 0)
                train_step_kwargs["logdir"] = logdir
    sv = supervisor.Supervisor(
        graph=graph, is_chief=is_chief, logdir=logdir, init_op=init_op,
        init_feed_dict=init_feed_dict, local_init_op=local_init_op,
        ready_for_local_init_op=ready_for_local_init_op, ready_op=ready_op,
        summary_op=summary_op, summary_writer=summary_writer, global_step=global_step,
        saver=saver, save_summaries_secs=save_summaries_secs,
        save_model_secs=save_interval_secs, init_fn=init_fn)
    if summary_writer is not None:
        train_step_kwargs["summary_writer"] = sv.summary_writer
    while True:
        try:
            with sv.managed_session(master, start_standard_services=False,
                                    config=session_config) as sess:
                logging.info("Starting Session.")
                if session_wrapper is not None:
                    sess = session_wrapper(sess)
                if is_chief:
                    if logdir:
                        sv.start_standard_services(sess)
                elif startup_delay_steps > 0:
                    _wait_for_step(sess, global_step,
                                   min(startup_delay_steps, number_of_steps or sys.maxsize))
                threads = sv.start_queue_runners(sess)
                logging.info("Starting Queues.")
                if is_chief and sync_optimizer is not None:
                    sv.start_queue_runners(sess, chief_queue_runner)
                    sess.run(init_tokens_op)
                total_loss = _run_loop(sv, sess, train_step_fn, train_op, global_step,
                                       train_step_kwargs)
                if logdir and sv.is_chief:
                    logging.info("Finished training! Saving model to disk.")
                    sv.saver.save(sess, sv.save_path, global_step=sv.global_step)
                    sv.stop(threads, close_summary_writer=True,
                            ignore_live_threads=ignore_live_threads)
            return total_loss
        except errors.AbortedError:  # a restarted server: TF retries the whole session
            logging.info("Retrying training!")

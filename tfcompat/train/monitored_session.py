"""`tf.train.MonitoredTrainingSession`, `MonitoredSession`, `SingularMonitoredSession`,
`Scaffold` and the session creators (TF1 semantics).

A monitored session creates its session through a `SessionManager` (restoring the latest
checkpoint of `checkpoint_dir` when there is one, so a restarted job resumes where its last
checkpoint left it), starts queue runners under a `Coordinator`, and calls its hooks around
every `run`. `MonitoredTrainingSession` adds the chief's hooks: checkpoints, summaries and
step counting (only the chief saves).

>>> with tf.train.MonitoredTrainingSession(checkpoint_dir=ckpt_dir,
...                                        hooks=[tf.train.StopAtStepHook(last_step=1000)]) as sess:
...     while not sess.should_stop():
...         sess.run(train_op)

Differences from TensorFlow: processes share no variables (no parameter servers), so a
non-chief worker initializes its own variables; broadcast them from the chief with
`tfcompat.horovod.BroadcastGlobalVariablesHook(0)` (SyncReplicasOptimizer's hook does it).
"""
from __future__ import annotations

import inspect
import os
import sys

import numpy as np

from tfcompat import errors
from tfcompat import tf_logging as logging
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.convert import constant
from tfcompat.framework.graph import GraphKeys
from tfcompat.train import basic_session_run_hooks as hooks_lib
from tfcompat.train.session_manager import SessionManager
from tfcompat.train.session_run_hook import SessionRunArgs
from tfcompat.train.session_run_hook import SessionRunContext
from tfcompat.train.session_run_hook import SessionRunValues
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import stack
from tfcompat.ops.indexing_ops import boolean_mask
from tfcompat.ops.math_ops import logical_not
from tfcompat.ops.control_flow_ops import group
from tfcompat._lazy import lazy_module
from tfcompat.client.config import RunOptions
from tfcompat.train import queue_runner
from tfcompat.train.coordinator import Coordinator
from tfcompat.train.saver import Saver
from tfcompat.variables import global_variables
from tfcompat.variables import global_variables_initializer
from tfcompat.variables import local_variables_initializer
from tfcompat.variables import report_uninitialized_variables
from tfcompat.summary.summary_ops import merge_all

config_pb2 = lazy_module("tfcompat.io.proto.config_pb2")  # protobuf loads on first use

USE_DEFAULT = object()
_PREEMPTION_ERRORS = (errors.AbortedError, errors.UnavailableError)


# -- Scaffold ------------------------------------------------------------------------------

def _collection(key):
    return graph_lib.get_default_graph().get_collection(key)


def _report_uninitialized_resources(resource_list, name="report_uninitialized_resources"):
    """TF's `resources.report_uninitialized_resources`: the names of the registered resources
    (tuples of handle, create op, is_initialized) that are not initialized; an empty string
    tensor when none are registered, which the Scaffold's ready ops concatenate."""
    with graph_lib.name_scope(name), graph_lib.device(
            os.environ.get("TF_DEVICE_FOR_UNINITIALIZED_VARIABLE_REPORTING", "/cpu:0")):
        if not resource_list:
            return constant(np.array([], dtype=object), dtype=dtypes.string)
        mask = logical_not(stack([r.is_initialized for r in resource_list]))
        names = stack([r.handle.name for r in resource_list])
        return boolean_mask(names, mask)


class Scaffold:
    """What a monitored session needs to create or restore its model: init ops, ready ops,
    the summary op and the saver (defaults from the graph's collections when not given)."""

    def __init__(self, init_op=None, init_feed_dict=None, init_fn=None, ready_op=None,
                 ready_for_local_init_op=None, local_init_op=None, summary_op=None, saver=None,
                 copy_from_scaffold=None, local_init_feed_dict=None):
        if copy_from_scaffold is not None:
            if not isinstance(copy_from_scaffold, Scaffold):
                raise TypeError("copy_from_scaffold is not a Scaffold instance.")
            c = copy_from_scaffold

            def pick(a, b):
                return a if a is not None else b
            init_op, init_feed_dict = pick(init_op, c.init_op), pick(init_feed_dict,
                                                                    c.init_feed_dict)
            init_fn, ready_op = pick(init_fn, c._user_init_fn), pick(ready_op, c.ready_op)
            ready_for_local_init_op = pick(ready_for_local_init_op, c.ready_for_local_init_op)
            local_init_op = pick(local_init_op, c.local_init_op)
            local_init_feed_dict = pick(local_init_feed_dict, c.local_init_feed_dict)
            summary_op, saver = pick(summary_op, c.summary_op), pick(saver, c.saver)
        self._user_init_fn = init_fn
        self._init_fn = (lambda sess: init_fn(self, sess)) if init_fn else None
        self._init_op, self._init_feed_dict = init_op, init_feed_dict
        self._ready_op, self._ready_for_local_init_op = ready_op, ready_for_local_init_op
        self._local_init_op, self._local_init_feed_dict = local_init_op, local_init_feed_dict
        self._summary_op, self._saver = summary_op, saver

    def finalize(self):
        """Creates the missing ops (from the collections or defaults) and finalizes the graph."""
        if self._init_op is None:
            self._init_op = Scaffold.get_or_default("init_op", GraphKeys.INIT_OP,
                                                    _default_init_op)
        if self._ready_op is None:
            self._ready_op = Scaffold.get_or_default(
                "ready_op", GraphKeys.READY_OP,
                lambda: concat([report_uninitialized_variables(),
                                _report_uninitialized_resources(
                                    _collection(GraphKeys.RESOURCES)
                                    + _collection(GraphKeys.LOCAL_RESOURCES))], 0))
        if self._ready_for_local_init_op is None:
            self._ready_for_local_init_op = Scaffold.get_or_default(
                "ready_for_local_init_op", GraphKeys.READY_FOR_LOCAL_INIT_OP,
                lambda: concat([report_uninitialized_variables(global_variables()),
                                _report_uninitialized_resources(
                                    _collection(GraphKeys.RESOURCES))], 0))
        if self._local_init_op is None:
            self._local_init_op = Scaffold.get_or_default(
                "local_init_op", GraphKeys.LOCAL_INIT_OP, Scaffold.default_local_init_op)
        if self._summary_op is None:
            self._summary_op = Scaffold.get_or_default("summary_op", GraphKeys.SUMMARY_OP,
                                                       merge_all)
        if self._saver is None:
            self._saver = _get_saver_or_default()
        self._saver.build()
        graph_lib.get_default_graph().finalize()
        logging.info("Graph was finalized.")
        return self

    init_fn = property(lambda self: self._init_fn)
    init_op = property(lambda self: self._init_op)
    ready_op = property(lambda self: self._ready_op)
    ready_for_local_init_op = property(lambda self: self._ready_for_local_init_op)
    local_init_op = property(lambda self: self._local_init_op)
    local_init_feed_dict = property(lambda self: self._local_init_feed_dict)
    summary_op = property(lambda self: self._summary_op)
    saver = property(lambda self: self._saver)
    init_feed_dict = property(lambda self: self._init_feed_dict)

    @staticmethod
    def get_or_default(arg_name, collection_key, default_constructor):
        """The one item of `collection_key`, else `default_constructor()` (then collected)."""
        elements = graph_lib.get_collection(collection_key)
        if elements:
            if len(elements) > 1:
                raise RuntimeError(
                    'More than one item in the collection "%s". Please indicate which one to '
                    "use by passing it to the tf.Scaffold constructor as:  tf.Scaffold(%s=item "
                    "to use)" % (collection_key, arg_name))
            return elements[0]
        op = default_constructor()
        if op is not None:
            graph_lib.add_to_collection(collection_key, op)
        return op

    @staticmethod
    def default_local_init_op():
        tables = graph_lib.get_collection(GraphKeys.TABLE_INITIALIZERS)
        return group(local_variables_initializer(), *tables)


def _default_init_op():
    return group(global_variables_initializer(),
                 *graph_lib.get_collection("saved_model_initializers"))


def _get_saver_or_default():
    savers = graph_lib.get_collection(GraphKeys.SAVERS)
    if savers:
        if len(savers) > 1:
            raise RuntimeError("More than one item in collection {}. Please indicate which one "
                               "to use by passing it to the constructor.".format(
                                   GraphKeys.SAVERS))
        return savers[0]
    saver = Saver(sharded=True, allow_empty=True)
    graph_lib.add_to_collection(GraphKeys.SAVERS, saver)
    return saver


# -- session creators --------------------------------------------------------------------------

class SessionCreator:
    """Creates a `tf.Session` for a monitored session."""

    def create_session(self):
        raise NotImplementedError("create_session is not implemented for %s." % self)


class ChiefSessionCreator(SessionCreator):
    """Initializes the model, or restores it from the latest checkpoint in `checkpoint_dir`."""

    def __init__(self, scaffold=None, master="", config=None, checkpoint_dir=None,
                 checkpoint_filename_with_path=None):
        self._checkpoint_dir = checkpoint_dir
        self._checkpoint_filename_with_path = checkpoint_filename_with_path
        self._scaffold = scaffold or Scaffold()
        self._session_manager = None
        self._master, self._config = master, config

    def _get_session_manager(self):
        if self._session_manager is None:
            s = self._scaffold
            self._session_manager = SessionManager(
                local_init_op=s.local_init_op, local_init_feed_dict=s.local_init_feed_dict,
                ready_op=s.ready_op, ready_for_local_init_op=s.ready_for_local_init_op,
                graph=graph_lib.get_default_graph())
        return self._session_manager

    def create_session(self):
        self._scaffold.finalize()
        s = self._scaffold
        return self._get_session_manager().prepare_session(
            self._master, saver=s.saver, checkpoint_dir=self._checkpoint_dir,
            checkpoint_filename_with_path=self._checkpoint_filename_with_path,
            config=self._config, init_op=s.init_op, init_feed_dict=s.init_feed_dict,
            init_fn=s.init_fn)


class WorkerSessionCreator(ChiefSessionCreator):
    """A non-chief worker's session. TF's workers wait for the chief to initialize shared
    variables; tfcompat's processes share none, so the worker initializes its own (and
    saves nothing)."""

    def __init__(self, scaffold=None, master="", config=None, max_wait_secs=30 * 60):
        super().__init__(scaffold=scaffold, master=master, config=config)
        self._max_wait_secs = max_wait_secs


# -- the monitored sessions --------------------------------------------------------------------

class _MonitoredSession:
    """Runs hooks around `run`, coordinates queue-runner threads, and (when `should_recover`)
    recreates the session after AbortedError/UnavailableError."""

    def __init__(self, session_creator, hooks, should_recover, stop_grace_period_secs=120):
        self._graph_was_finalized = graph_lib.get_default_graph().finalized
        self._hooks = list(hooks or [])
        for hook in self._hooks:
            hook.begin()
        self._creator = session_creator or ChiefSessionCreator()
        self._should_recover = should_recover
        self._grace = stop_grace_period_secs
        self._tf_sess = self._coord = None
        self._should_stop = False
        self._closed = False
        self._create_session()

    def _create_session(self):
        while True:
            try:
                self._tf_sess = self._creator.create_session()
                self._coord = Coordinator(clean_stop_exception_types=[])
                if graph_lib.get_collection(GraphKeys.QUEUE_RUNNERS):
                    queue_runner.start_queue_runners(sess=self._tf_sess, coord=self._coord)
                for hook in self._hooks:
                    hook.after_create_session(self._tf_sess, self._coord)
                return
            except _PREEMPTION_ERRORS as e:
                if not self._should_recover:
                    raise
                logging.info("An error was raised while a session was being created. This may "
                             "be due to a preemption of a connected worker. A new session "
                             "will be created. Error: %s", e)
                self._close_tf_session()

    @property
    def graph(self):
        return self._tf_sess.graph if self._tf_sess is not None else None

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """`Session.run` with the hooks' `before_run`/`after_run` around it."""
        while True:
            if self._tf_sess is None:
                if self._closed:
                    raise RuntimeError("Session is already closed.")
                self._create_session()
            try:
                return self._hooked_run(fetches, feed_dict, options, run_metadata)
            except _PREEMPTION_ERRORS as e:
                if not self._should_recover:
                    raise
                logging.info("An error was raised. This may be due to a preemption in a "
                             "connected worker. The current session will be closed and a new "
                             "session will be created. Error: %s", e)
                self._close_tf_session()

    def _hooked_run(self, fetches, feed_dict, options, run_metadata):
        if self._should_stop:
            raise RuntimeError("Run called even after should_stop requested.")
        context = SessionRunContext(SessionRunArgs(fetches, feed_dict), self._tf_sess)
        actual = {"caller": fetches}
        requested: list = []
        feeds = self._call_hook_before_run(context, actual, feed_dict, requested)
        options = _merged_run_options(options, requested)
        if run_metadata is None:   # as TF: the hooks' after_run always gets one
            run_metadata = config_pb2.RunMetadata()
        try:
            outputs = self._tf_sess.run(actual, feed_dict=feeds, options=options,
                                        run_metadata=run_metadata)
        except _PREEMPTION_ERRORS:
            raise
        except Exception:  # noqa: BLE001 - a thread's error (if any) wins, as in TF
            exc_info = sys.exc_info()
            self._coord.raise_requested_exception()
            raise exc_info[1].with_traceback(exc_info[2])
        for hook in self._hooks:
            hook.after_run(context, SessionRunValues(results=outputs.get(hook),
                                                     options=options,
                                                     run_metadata=run_metadata))
        self._should_stop = self._should_stop or context.stop_requested
        return outputs["caller"]

    def _call_hook_before_run(self, context, fetch_dict, user_feed_dict, requested_options):
        hook_feeds: dict = {}
        for hook in self._hooks:
            request = hook.before_run(context)
            if request is None:
                continue
            if request.options:
                requested_options.append(request.options)
            if request.fetches is not None:
                fetch_dict[hook] = request.fetches
            if request.feed_dict:
                _raise_if_feeds_intersect(hook_feeds, request.feed_dict,
                                          "Same tensor is fed by two hooks.")
                hook_feeds.update(request.feed_dict)
        if not hook_feeds:
            return user_feed_dict
        if not user_feed_dict:
            return hook_feeds
        _raise_if_feeds_intersect(user_feed_dict, hook_feeds,
                                  "Same tensor is fed by a SessionRunHook and user.")
        hook_feeds.update(user_feed_dict)
        return hook_feeds

    def run_step_fn(self, step_fn):
        """Calls `step_fn(step_context)`: `step_context.session` is the raw session,
        `run_with_hooks` runs with the hooks, `request_stop()` ends the loop."""
        args = tuple(inspect.signature(step_fn).parameters)
        if args not in (("step_context",), ("self", "step_context")):
            raise ValueError("`step_fn` may either have one `step_context` argument, or `self` "
                             "and `step_context` arguments if it's an instance method. Got {} "
                             "instead.".format(args))
        return step_fn(_StepContext(self._tf_sess, self.run))

    def should_stop(self):
        if self._tf_sess is None:
            return self._closed
        self._coord.raise_requested_exception()
        return self._should_stop or self._coord.should_stop()

    def close(self):
        self._close_internal()

    def __enter__(self):
        return self

    def __exit__(self, exception_type, exception_value, traceback):
        if exception_type in (errors.OutOfRangeError, StopIteration):
            exception_type = None
        self._close_internal(exception_type)
        return exception_type is None

    def _close_internal(self, exception_type=None):
        try:
            if not exception_type and self._tf_sess is not None:
                for hook in self._hooks:
                    hook.end(self._tf_sess)
        finally:
            try:
                if self._closed:
                    raise RuntimeError("Session is already closed.")
                self._close_tf_session()
            finally:
                self._closed = True
                if not self._graph_was_finalized:
                    graph_lib.get_default_graph()._unsafe_unfinalize()

    def _close_tf_session(self):
        try:
            if self._coord is not None:
                self._coord.request_stop()
                self._coord.join(stop_grace_period_secs=self._grace, ignore_live_threads=True)
        except Exception:  # noqa: BLE001 - TF never raises from close()
            pass
        finally:
            if self._tf_sess is not None:
                self._tf_sess.close()
            self._tf_sess = self._coord = None

    def _is_closed(self):
        return self._tf_sess is None


def _raise_if_feeds_intersect(feeds1, feeds2, message):
    both = set(feeds1) & set(feeds2)
    if both:
        raise RuntimeError(message + " Conflict(s): " + str(list(both)))


class _StepContext:
    """What `run_step_fn`'s step function gets."""

    def __init__(self, session, run_with_hooks_fn):
        self._session = session
        self._run_with_hooks_fn = run_with_hooks_fn

    @property
    def session(self):
        return self._session

    def run_with_hooks(self, *args, **kwargs):
        return self._run_with_hooks_fn(*args, **kwargs)

    def request_stop(self):
        raise StopIteration("step_fn has requested the iterations to stop.")


_MonitoredSession.StepContext = _StepContext   # TF's nested class (MonitoredSession.StepContext)


class MonitoredSession(_MonitoredSession):
    """A session that initializes or restores its model, runs hooks and recovers from
    AbortedError/UnavailableError by creating a new session."""

    def __init__(self, session_creator=None, hooks=None, stop_grace_period_secs=120):
        super().__init__(session_creator, hooks, should_recover=True,
                         stop_grace_period_secs=stop_grace_period_secs)


class SingularMonitoredSession(_MonitoredSession):
    """A `MonitoredSession` for one process, without recovery; `raw_session()` gives the
    underlying `tf.Session`."""

    def __init__(self, hooks=None, scaffold=None, master="", config=None, checkpoint_dir=None,
                 stop_grace_period_secs=120, checkpoint_filename_with_path=None):
        creator = ChiefSessionCreator(
            scaffold=scaffold, master=master, config=config, checkpoint_dir=checkpoint_dir,
            checkpoint_filename_with_path=checkpoint_filename_with_path)
        super().__init__(creator, hooks, should_recover=False,
                         stop_grace_period_secs=stop_grace_period_secs)

    def raw_session(self):
        return self._tf_sess


def MonitoredTrainingSession(master="", is_chief=True, checkpoint_dir=None,  # noqa: N802
                             scaffold=None, hooks=None, chief_only_hooks=None,
                             save_checkpoint_secs=USE_DEFAULT,
                             save_summaries_steps=USE_DEFAULT,
                             save_summaries_secs=USE_DEFAULT, config=None,
                             stop_grace_period_secs=120, log_step_count_steps=100,
                             max_wait_secs=7200, save_checkpoint_steps=USE_DEFAULT,
                             summary_dir=None, save_graph_def=True):
    """A `MonitoredSession` for training: on the chief, restores the latest checkpoint of
    `checkpoint_dir` (or initializes) and adds checkpoint (every 600 s by default), summary
    (every 100 steps) and step-counter hooks; other workers get only `hooks`."""
    if save_summaries_steps is USE_DEFAULT and save_summaries_secs is USE_DEFAULT:
        save_summaries_steps, save_summaries_secs = 100, None
    elif save_summaries_secs is USE_DEFAULT:
        save_summaries_secs = None
    elif save_summaries_steps is USE_DEFAULT:
        save_summaries_steps = None
    if save_checkpoint_steps is USE_DEFAULT and save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_steps, save_checkpoint_secs = None, 600
    elif save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_secs = None
    elif save_checkpoint_steps is USE_DEFAULT:
        save_checkpoint_steps = None
    scaffold = scaffold or Scaffold()
    if not is_chief:
        creator = WorkerSessionCreator(scaffold=scaffold, master=master, config=config,
                                       max_wait_secs=max_wait_secs)
        return MonitoredSession(session_creator=creator, hooks=hooks or [],
                                stop_grace_period_secs=stop_grace_period_secs)
    all_hooks = list(chief_only_hooks or [])
    creator = ChiefSessionCreator(scaffold=scaffold, checkpoint_dir=checkpoint_dir,
                                  master=master, config=config)
    summary_dir = summary_dir or checkpoint_dir
    if summary_dir:
        if log_step_count_steps and log_step_count_steps > 0:
            all_hooks.append(hooks_lib.StepCounterHook(output_dir=summary_dir,
                                                       every_n_steps=log_step_count_steps))
        if (save_summaries_steps and save_summaries_steps > 0) or (
                save_summaries_secs and save_summaries_secs > 0):
            all_hooks.append(hooks_lib.SummarySaverHook(
                scaffold=scaffold, save_steps=save_summaries_steps,
                save_secs=save_summaries_secs, output_dir=summary_dir))
    if checkpoint_dir and ((save_checkpoint_secs and save_checkpoint_secs > 0) or (
            save_checkpoint_steps and save_checkpoint_steps > 0)):
        all_hooks.append(hooks_lib.CheckpointSaverHook(
            checkpoint_dir, save_steps=save_checkpoint_steps, save_secs=save_checkpoint_secs,
            scaffold=scaffold, save_graph_def=save_graph_def))
    if hooks:
        all_hooks.extend(hooks)
    return MonitoredSession(session_creator=creator, hooks=all_hooks,
                            stop_grace_period_secs=stop_grace_period_secs)


__all__ = ["Scaffold", "SessionCreator", "ChiefSessionCreator", "WorkerSessionCreator",
           "MonitoredSession", "SingularMonitoredSession", "MonitoredTrainingSession"]


def _merged_run_options(options, requested):
    """The caller's RunOptions with the hooks' requests merged in, as TF merges them: the larger
    trace level, timeout and thread pool, either's partition graphs and OOM report."""
    if not requested:
        return options
    if options is None:
        options = RunOptions()
    for incoming in requested:
        for field in ("trace_level", "timeout_in_ms", "inter_op_thread_pool"):
            setattr(options, field, max(getattr(options, field), getattr(incoming, field)))
        for field in ("output_partition_graphs", "report_tensor_allocations_upon_oom"):
            setattr(options, field, bool(getattr(options, field) or getattr(incoming, field)))
    return options

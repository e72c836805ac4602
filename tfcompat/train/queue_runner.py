"""`tf.train.QueueRunner` and `start_queue_runners`: threads that run a queue's enqueue ops in
a session until the input ends (`OutOfRangeError`, then the queue is closed) or a
`Coordinator` asks them to stop (then pending enqueues are cancelled)."""
from __future__ import annotations

import logging
import re
import threading
import weakref

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.framework import graph as graph_lib
from tfcompat.client.session import get_default_session

queue_runner_pb2 = lazy_module("tfcompat.io.proto.queue_runner_pb2")  # protobuf on first use

_log = logging.getLogger("tensorflow")   # as TF logs: "ERROR:tensorflow:..." (tf_logging.py)


class QueueRunner:
    """Holds a queue's enqueue ops, each run by its own thread (TF1 `tf.train.QueueRunner`)."""

    def __init__(self, queue=None, enqueue_ops=None, close_op=None, cancel_op=None,
                 queue_closed_exception_types=None, queue_runner_def=None, import_scope=None):
        if queue_runner_def:
            if queue or enqueue_ops:
                raise ValueError("queue_runner_def and queue are mutually exclusive.")
            self._init_from_proto(queue_runner_def, import_scope=import_scope)
        else:
            self._init_from_args(queue, enqueue_ops, close_op, cancel_op,
                                 queue_closed_exception_types)
        self._lock = threading.Lock()
        self._runs_per_session = weakref.WeakKeyDictionary()
        self._exceptions_raised = []

    def _init_from_args(self, queue, enqueue_ops, close_op, cancel_op,
                        queue_closed_exception_types):
        if not queue or not enqueue_ops:
            raise ValueError("Must provide queue and enqueue_ops.")
        if queue_closed_exception_types is not None and (
                not isinstance(queue_closed_exception_types, tuple)
                or not queue_closed_exception_types
                or not all(issubclass(t, errors.OpError) for t in queue_closed_exception_types)):
            raise TypeError("queue_closed_exception_types, when provided, must be a tuple of "
                            "tf.error types, but saw: %s" % (queue_closed_exception_types,))
        self._queue = queue
        self._enqueue_ops = list(enqueue_ops)
        self._close_op = close_op if close_op is not None else queue.close()
        self._cancel_op = cancel_op if cancel_op is not None else queue.close(
            cancel_pending_enqueues=True)
        self._queue_closed_exception_types = tuple(
            queue_closed_exception_types or (errors.OutOfRangeError,))

    def _init_from_proto(self, queue_runner_def, import_scope=None):
        """As TF's: the queue, enqueue, close and cancel ops by name (the queue as its op)."""
        g = graph_lib.get_default_graph()
        element = (lambda name: g.as_graph_element(_prepend_name_scope(name, import_scope)))
        self._queue = element(queue_runner_def.queue_name)
        self._enqueue_ops = [element(name) for name in queue_runner_def.enqueue_op_name]
        self._close_op = element(queue_runner_def.close_op_name)
        self._cancel_op = element(queue_runner_def.cancel_op_name)
        self._queue_closed_exception_types = tuple(
            errors.exception_type_from_error_code(code)
            for code in queue_runner_def.queue_closed_exception_types) or (
                errors.OutOfRangeError,)   # TF's: QueueRunnerDefs older than the field

    def to_proto(self, export_scope=None):
        """This runner as a `QueueRunnerDef` (op names without `export_scope`), or None when
        its queue is outside that scope."""
        if export_scope is not None and not self.queue.name.startswith(export_scope):
            return None
        proto = queue_runner_pb2.QueueRunnerDef()
        proto.queue_name = _strip_name_scope(self.queue.name, export_scope)
        proto.enqueue_op_name.extend(_strip_name_scope(op.name, export_scope)
                                     for op in self.enqueue_ops)
        proto.close_op_name = _strip_name_scope(self.close_op.name, export_scope)
        proto.cancel_op_name = _strip_name_scope(self.cancel_op.name, export_scope)
        proto.queue_closed_exception_types.extend(
            errors.error_code_from_exception_type(cls)
            for cls in self._queue_closed_exception_types)
        return proto

    @staticmethod
    def from_proto(queue_runner_def, import_scope=None):
        """A `QueueRunner` made from a `QueueRunnerDef` (op names under `import_scope`)."""
        return QueueRunner(queue_runner_def=queue_runner_def, import_scope=import_scope)

    queue = property(lambda self: self._queue)
    enqueue_ops = property(lambda self: self._enqueue_ops)
    close_op = property(lambda self: self._close_op)
    cancel_op = property(lambda self: self._cancel_op)
    queue_closed_exception_types = property(lambda self: self._queue_closed_exception_types)

    @property
    def exceptions_raised(self):
        return self._exceptions_raised

    @property
    def name(self):
        return self._queue.name

    def _run(self, sess, enqueue_op, coord=None):
        decremented = False
        try:
            enqueue = sess.make_callable(enqueue_op)
            while True:
                if coord and coord.should_stop():
                    break
                try:
                    enqueue()
                except self._queue_closed_exception_types:
                    with self._lock:
                        self._runs_per_session[sess] -= 1
                        decremented = True
                        if self._runs_per_session[sess] == 0:
                            try:
                                sess.run(self._close_op)
                            except Exception as e:  # noqa: BLE001 - TF ignores it as well
                                _log.log(1, "Ignored exception: %s", e)   # TF: vlog(1)
                    return
        except Exception as e:  # noqa: BLE001 - reported to the coordinator (TF semantics)
            if coord:
                coord.request_stop(e)
            else:
                _log.error("Exception in QueueRunner: %s", e)
                with self._lock:
                    self._exceptions_raised.append(e)
                raise
        finally:
            if not decremented:
                with self._lock:
                    self._runs_per_session[sess] -= 1

    def _close_on_stop(self, sess, cancel_op, coord):
        coord.wait_for_stop()
        try:
            sess.run(cancel_op)
        except Exception as e:  # noqa: BLE001 - the session may be closed already
            _log.log(1, "Ignored exception: %s", e)   # TF: vlog(1)

    def create_threads(self, sess, coord=None, daemon=False, start=False):
        """Threads running the enqueue ops in `sess` (none if they already run there)."""
        with self._lock:
            if self._runs_per_session.get(sess, 0) > 0:
                return []
            self._runs_per_session[sess] = len(self._enqueue_ops)
            self._exceptions_raised = []
        threads = [threading.Thread(target=self._run, args=(sess, op, coord),
                                    name="QueueRunnerThread-%s-%s" % (self.name, op.name))
                   for op in self._enqueue_ops]
        if coord:
            threads.append(threading.Thread(target=self._close_on_stop,
                                            args=(sess, self._cancel_op, coord),
                                            name="QueueRunnerThread-%s-close_on_stop"
                                            % self.name))
        for t in threads:
            if coord:
                coord.register_thread(t)
            if daemon:
                t.daemon = True
            if start:
                t.start()
        return threads


def _strip_name_scope(name, export_scope):
    """TF's ops.strip_name_scope: `name` without its leading `export_scope/`."""
    if not export_scope:
        return name
    return re.sub(r"([\^]|loc:@|^)" + export_scope.rstrip("/") + r"[\/]+(.*)", r"\1\2", name,
                  count=1)


def _prepend_name_scope(name, import_scope):
    """TF's ops.prepend_name_scope: `name` under `import_scope/`."""
    if not import_scope:
        return name
    return re.sub(r"([\^]|loc:@|^)(.*)", r"\1" + import_scope.rstrip("/") + r"/\2", name)


def add_queue_runner(qr, collection=graph_lib.GraphKeys.QUEUE_RUNNERS):
    """Adds `qr` to a graph collection (started by `start_queue_runners`)."""
    graph_lib.add_to_collection(collection, qr)


def start_queue_runners(sess=None, coord=None, daemon=True, start=True,
                        collection=graph_lib.GraphKeys.QUEUE_RUNNERS):
    """Starts the threads of every QueueRunner in `collection`; returns them."""
    if sess is None:
        sess = get_default_session()
        if sess is None:
            raise ValueError("Cannot start queue runners: No default session is registered. "
                             "Use `with sess.as_default()` or pass an explicit session to "
                             "tf.start_queue_runners(sess=sess)")
    if not hasattr(sess, "run") or not hasattr(sess, "graph"):
        raise TypeError("sess must be a `tf.Session` object. Given class: %s" % type(sess))
    threads = []
    with sess.graph.as_default():
        for qr in sess.graph.get_collection(collection):
            threads.extend(qr.create_threads(sess, coord=coord, daemon=daemon, start=start))
    return threads

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("train.queue_runner", __name__)

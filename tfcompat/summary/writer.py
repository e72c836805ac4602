"""`tf.summary.FileWriter` and `FileWriterCache`: summaries, graphs and session logs as Events
in a TensorBoard event file (the file layer is tfcompat/io/events.py).
"""
from __future__ import annotations

import atexit
import logging
import threading
import time
import warnings
import weakref

from tfcompat._lazy import lazy_module
from tfcompat.framework import graph as graph_lib

event_pb2 = lazy_module("tfcompat.io.proto.event_pb2")  # protobuf loads on first use
graph_pb2 = lazy_module("tfcompat.io.proto.graph_pb2")
summary_pb2 = lazy_module("tfcompat.io.proto.summary_pb2")
events = lazy_module("tfcompat.io.events")

__all__ = ["FileWriter", "FileWriterCache"]

_log = logging.getLogger("tensorflow")   # as TF logs: "INFO:tensorflow:..." (tf_logging.py)

# Writers not yet closed. TF flushes an unclosed writer's events when the interpreter exits, so a
# script that never calls close() still leaves a complete event file; held weakly, so a writer
# the program drops is not kept alive by this set.
_open_writers: weakref.WeakSet = weakref.WeakSet()


@atexit.register
def _flush_open_writers():
    for writer in list(_open_writers):
        try:
            writer.flush()
        except Exception as exc:  # noqa: BLE001 - a failing writer must not stop the others
            _log.warning("Could not flush FileWriter for %s at exit: %s", writer._logdir, exc)


def _as(cls, message):
    """`message` as our `cls`: bytes are parsed; TF's or tensorboard's classes converted."""
    if isinstance(message, cls):
        return message
    if isinstance(message, (bytes, bytearray)):
        return cls.FromString(bytes(message))
    if hasattr(message, "SerializeToString"):
        return cls.FromString(message.SerializeToString())
    raise TypeError("Expected a %s, got %r" % (cls.__name__, type(message).__name__))


class FileWriter:
    """Writes Event protos to an event file in `logdir` for TensorBoard (TF1
    `tf.summary.FileWriter`). Given a `graph`, it is written first, so TensorBoard's graph tab
    shows it. Events are flushed every `flush_secs`, on `flush()` and on `close()`.

    >>> writer = tf.summary.FileWriter('/tmp/logs', sess.graph)
    >>> writer.add_summary(sess.run(merged), global_step=step)
    >>> writer.close()
    """

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None,
                 filename_suffix=None, session=None):
        self._logdir = str(logdir)
        self._suffix = filename_suffix or ""
        self._flush_secs = flush_secs
        self._lock = threading.RLock()
        self._writer = events.EventFileWriter(self._logdir, self._suffix)
        self._closed = False
        self._seen_summary_tags: set = set()
        self._session_run_tags: dict = {}
        self._last_flush = time.time()
        self._first_flushed = False   # TF's logger thread flushes the first event at once
        _open_writers.add(self)
        self._start_flusher()
        if graph is not None or graph_def is not None:
            self.add_graph(graph=graph, graph_def=graph_def)
            # lazy: tf.train loads on first use (import time); only add_graph(meta) needs it
            from tfcompat.train.meta_graph import export_meta_graph
            source = graph if isinstance(graph, graph_lib.Graph) else None
            gd = graph_def if graph_def is not None and source is None else None
            if source is not None or gd is not None:
                meta = export_meta_graph(graph_def=gd if gd is not None else
                                         source.as_graph_def(add_shapes=True),
                                         graph=source or graph_lib.Graph())
                self.add_meta_graph(meta)

    def _start_flusher(self):
        self._stop = threading.Event()
        if self._flush_secs and self._flush_secs > 0:
            self._flusher = threading.Thread(
                target=_flush_periodically, args=(weakref.ref(self), self._stop,
                                                  max(float(self._flush_secs), 0.05)),
                name="FileWriterFlush", daemon=True)
            self._flusher.start()

    def get_logdir(self) -> str:
        return self._logdir

    @property
    def event_writer(self):
        """TF's `FileWriter.event_writer`: the EventFileWriter under this writer
        (`add_event`, `flush`, `close`, `reopen`, `get_logdir`)."""
        return _EventFileWriter(self)

    # -- events -----------------------------------------------------------------------------
    def _closed_noop(self) -> bool:
        if self._closed:
            warnings.warn("Attempting to use a closed FileWriter. The operation will be a noop "
                          "unless the FileWriter is explicitly reopened.")
        return self._closed

    def add_event(self, event):
        """Writes an Event proto as is."""
        if self._closed_noop():
            return
        with self._lock:
            self._write(_as(event_pb2.Event, event))

    def _write(self, event):
        self._writer.add_event(event)
        if not self._first_flushed:
            self._first_flushed = True
            self._writer.flush()
            self._last_flush = time.time()

    def _add_event(self, event, step):
        event.wall_time = time.time()
        if step is not None:
            event.step = int(step)
        self.add_event(event)

    def add_summary(self, summary, global_step=None):
        """Writes a Summary (proto or serialized bytes, e.g. from `sess.run(merged)`); the
        metadata of a tag is kept only on its first value, as TF does."""
        if not isinstance(summary, (bytes, bytearray)) and not hasattr(summary, "value"):
            # TF reads `summary.value` of whatever is not bytes: its AttributeError, not ours
            raise AttributeError("'%s' object has no attribute 'value'" % type(summary).__name__)
        summary = summary_pb2.Summary.FromString(_as(summary_pb2.Summary,
                                                     summary).SerializeToString())
        for value in summary.value:
            if not value.HasField("metadata"):
                continue
            if value.tag in self._seen_summary_tags:
                value.ClearField("metadata")
                continue
            self._seen_summary_tags.add(value.tag)
        self._add_event(event_pb2.Event(summary=summary), global_step)

    def add_session_log(self, session_log, global_step=None):
        self._add_event(event_pb2.Event(session_log=_as(event_pb2.SessionLog, session_log)),
                        global_step)

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Writes a Graph (with output shapes) or, deprecated, a GraphDef."""
        if graph is not None and graph_def is not None:
            raise ValueError("Please pass only graph, or graph_def (deprecated), but not both.")
        if isinstance(graph, graph_lib.Graph) or isinstance(graph_def, graph_lib.Graph):
            graph = graph if isinstance(graph, graph_lib.Graph) else graph_def
            true_graph_def = graph.as_graph_def(add_shapes=True)
        elif graph is not None or graph_def is not None:
            value = graph if graph is not None else graph_def
            if not hasattr(value, "SerializeToString"):
                raise TypeError("The passed graph must be an instance of `Graph` or the "
                                "deprecated `GraphDef`")
            _log.warning("Passing a `GraphDef` to the SummaryWriter is deprecated. Pass a "
                         "`Graph` object instead, such as `sess.graph`.")
            true_graph_def = _as(graph_pb2.GraphDef, value)
        else:
            raise TypeError("The passed graph must be an instance of `Graph` or the deprecated "
                            "`GraphDef`")
        self._add_event(event_pb2.Event(graph_def=true_graph_def.SerializeToString()),
                        global_step)

    def add_meta_graph(self, meta_graph_def, global_step=None):
        if not hasattr(meta_graph_def, "SerializeToString"):
            raise TypeError("meta_graph_def must be type MetaGraphDef, saw type: %s"
                            % type(meta_graph_def))
        self._add_event(event_pb2.Event(meta_graph_def=meta_graph_def.SerializeToString()),
                        global_step)

    def add_run_metadata(self, run_metadata, tag, global_step=None):
        """Writes a session.run's RunMetadata under `tag` (each tag once)."""
        if tag in self._session_run_tags:
            raise ValueError("The provided tag was already used for this event type")
        self._session_run_tags[tag] = True
        serialize = getattr(run_metadata, "SerializeToString", None)
        tagged = event_pb2.TaggedRunMetadata(tag=tag, run_metadata=serialize() if serialize
                                             else b"")
        self._add_event(event_pb2.Event(tagged_run_metadata=tagged), global_step)

    # -- file handling --------------------------------------------------------------------------
    def flush(self):
        with self._lock:
            if not self._closed:
                self._writer.flush()
                self._last_flush = time.time()

    def close(self):
        with self._lock:
            if not self._closed:
                self._writer.flush()
                self._writer.close()
                self._closed = True
                _open_writers.discard(self)
        self._stop.set()

    def reopen(self):
        """After `close()`, starts writing to a new event file in the same logdir."""
        with self._lock:
            if self._closed:
                self._writer.reopen()
                self._closed = False
                self._first_flushed = False
                _open_writers.add(self)
                self._start_flusher()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        # a writer the program dropped without close(): its events are kept, its file closed
        if not getattr(self, "_closed", True):
            self.close()


class _EventFileWriter:
    """TF's EventFileWriter as `FileWriter.event_writer` shows it: writes Event protos as
    they are (dropped once closed), through its FileWriter's file and lock."""

    def __init__(self, owner):
        self._owner = owner

    def get_logdir(self) -> str:
        return self._owner._logdir

    def add_event(self, event):
        owner = self._owner
        with owner._lock:
            if not owner._closed:
                owner._write(_as(event_pb2.Event, event))

    def flush(self):
        self._owner.flush()

    def close(self):
        self._owner.close()

    def reopen(self):
        self._owner.reopen()


def _flush_periodically(writer_ref, stop, period):
    """The flusher thread's loop: holds its writer weakly, so that a writer the program drops
    is collected (its file then closes) instead of living on in this thread."""
    while not stop.wait(period):
        writer = writer_ref()
        if writer is None:
            return
        writer.flush()
        del writer


class FileWriterCache:
    """One FileWriter per logdir (TF1 `tf.summary.FileWriterCache`)."""

    _cache: dict = {}
    _lock = threading.RLock()

    @staticmethod
    def get(logdir):
        with FileWriterCache._lock:
            writer = FileWriterCache._cache.get(logdir)
            if writer is None:
                writer = FileWriter(logdir, graph=graph_lib.get_default_graph())
                FileWriterCache._cache[logdir] = writer
            return writer

    @staticmethod
    def clear():
        with FileWriterCache._lock:
            for writer in FileWriterCache._cache.values():
                writer.close()
            FileWriterCache._cache.clear()

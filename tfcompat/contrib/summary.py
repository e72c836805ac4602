"""`tf.contrib.summary`, TF 1.15's graph-mode "v2" summaries (python/ops/summary_ops_v2.py):
summary ops write straight to a writer resource instead of returning `Summary` protos.

>>> writer = tf.contrib.summary.create_file_writer('/tmp/logs', flush_millis=10000)
>>> with writer.as_default(), tf.contrib.summary.always_record_summaries():
...     tf.contrib.summary.scalar('loss', loss)      # step: the global step
>>> with tf.Session() as sess:
...     tf.contrib.summary.initialize(graph=tf.get_default_graph())
...     sess.run([train_op, tf.contrib.summary.all_summary_ops()])

Each summary function returns a bool tensor, True where it wrote (its `Write*Summary` op is a
control input of that constant; under `record_summaries_every_n_global_steps` both sit in a
`tf.cond`), or a `no_op` when no writer is the default. The ops (tfcompat/ops/summary_v2_ops.py)
run where the session runs them: fetch `all_summary_ops()` and run
`summary_writer_initializer_op()` (or `initialize()`) first. `create_db_writer` (SQLite) is
not implemented.
"""
from __future__ import annotations

import contextlib
import functools
import logging
import os
import threading

from tfcompat._unsupported import missing_attr
from tfcompat._unsupported import refuse
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.default_session import get_default_session
from tfcompat.framework.operation import Tensor
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops import identity
from tfcompat.ops.array_ops import no_op
from tfcompat.ops.array_ops import placeholder
from tfcompat.ops.control_flow_ops import cond
from tfcompat.summary.summary_ops import _summary_scope
from tfcompat.train.training_util import get_or_create_global_step

__all__ = ["all_summary_ops", "always_record_summaries", "audio", "create_db_writer",
           "create_file_writer", "create_summary_file_writer", "eval_dir", "flush", "generic",
           "graph", "histogram", "image", "import_event", "initialize",
           "never_record_summaries", "record_summaries_every_n_global_steps", "scalar",
           "should_record_summaries", "summary_writer_initializer_op", "SummaryWriter"]

_log = logging.getLogger("tensorflow")
_SUMMARY_COLLECTION = "_SUMMARY_V2"            # ops.GraphKeys._SUMMARY_COLLECTION
_WRITER_INIT_COLLECTION = "_SUMMARY_WRITER_V2"

create_db_writer = refuse("tf.contrib.summary.create_db_writer")


class _SummaryState(threading.local):
    def __init__(self):
        super().__init__()
        self.writer = None          # the default SummaryWriter of this thread
        self.is_recording = None    # None (never), a Python bool or a bool Tensor


_state = _SummaryState()


# -- the writer ---------------------------------------------------------------------------------

class SummaryWriter:
    """A summary writer resource (TF 1.15 `tf.contrib.summary.SummaryWriter`); its init op is
    in `summary_writer_initializer_op()`. A writer without a resource (`logdir=None`) does
    nothing."""

    def __init__(self, resource, init_op_fn=None):
        self._resource = resource
        self._init_op_fn = init_op_fn
        if resource is not None:
            graph_lib.add_to_collection(_WRITER_INIT_COLLECTION, self.init())

    def init(self):
        """The op creating the writer (`CreateSummaryFileWriter`)."""
        return None if self._resource is None else self._init_op_fn(self._resource)

    def set_as_default(self):
        """Makes this the default writer of the current thread."""
        if self._resource is not None:
            _state.writer = self

    @contextlib.contextmanager
    def as_default(self):
        """Makes this the default writer inside the `with` block (leaving it adds a
        `FlushSummaryWriter` op, as TF does; graph mode does not run it)."""
        if self._resource is None:
            yield self
            return
        old = _state.writer
        try:
            _state.writer = self
            yield self
            self.flush()
        finally:
            _state.writer = old

    def flush(self):
        """A `FlushSummaryWriter` op (a `no_op` for a writer without resource)."""
        if self._resource is None:
            return no_op()
        with graph_lib.device("cpu:0"):
            return apply_op("FlushSummaryWriter", [self._resource])

    def close(self):
        """A `CloseSummaryWriter` op, after a flush."""
        if self._resource is None:
            return no_op()
        with graph_lib.control_dependencies([self.flush()]), graph_lib.device("cpu:0"):
            return apply_op("CloseSummaryWriter", [self._resource])


def _create_file_writer_op(resource, logdir, max_queue, flush_millis, filename_suffix):
    return apply_op("CreateSummaryFileWriter",
                    [resource, logdir, max_queue, flush_millis, filename_suffix])


def create_file_writer(logdir, max_queue=None, flush_millis=None, filename_suffix=None,
                       name=None):
    """A SummaryWriter for an event file in `logdir` (`None`: one that does nothing).
    `max_queue` defaults to 10, `flush_millis` to 120000, `filename_suffix` to ".v2"; `name`
    is the resource's shared name (default "logdir:" + logdir): writers sharing it are one."""
    if logdir is None:
        return SummaryWriter(None)
    logdir = str(logdir)
    with graph_lib.device("cpu:0"):
        if max_queue is None:
            max_queue = constant(10)
        if flush_millis is None:
            flush_millis = constant(2 * 60 * 1000)
        if filename_suffix is None:
            filename_suffix = constant(".v2")
        if name is None:
            name = "logdir:" + logdir
        resource = apply_op("SummaryWriter", [], shared_name=name, container="")
        return SummaryWriter(resource, functools.partial(
            _create_file_writer_op, logdir=logdir, max_queue=max_queue,
            flush_millis=flush_millis, filename_suffix=filename_suffix))


def create_summary_file_writer(*args, **kwargs):
    """Deprecated name of `create_file_writer`."""
    _log.warning("Deprecation Warning: create_summary_file_writer was renamed to "
                 "create_file_writer")
    return create_file_writer(*args, **kwargs)


def summary_writer_initializer_op():
    """The ops creating the graph's summary writers."""
    return graph_lib.get_collection(_WRITER_INIT_COLLECTION)


def all_summary_ops():
    """The graph's summary ops (those of `scalar`, `histogram`, ...; not `graph` and
    `import_event`)."""
    return graph_lib.get_collection(_SUMMARY_COLLECTION)


def initialize(graph=None, session=None):
    """Runs `summary_writer_initializer_op()` in `session` (default: the default session)
    and, given a `tf.Graph` or GraphDef, writes it at step 0."""
    if _state.writer is None:
        raise RuntimeError("No default tf.contrib.summary.SummaryWriter found")
    if session is None:
        session = get_default_session()
        if session is None:
            raise ValueError("session must be passed if no default session exists")
    session.run(summary_writer_initializer_op())
    if graph is not None:
        data = _serialize_graph(graph)
        x = placeholder(dtypes.string)
        session.run(_graph_op(x, 0), feed_dict={x: data})


def eval_dir(model_dir, name=None):
    """The logdir of an eval summary writer: `model_dir/eval` or `model_dir/eval_<name>`."""
    return os.path.join(model_dir, "eval" if not name else "eval_" + name)


# -- when to record ------------------------------------------------------------------------------

@contextlib.contextmanager
def _record_if(condition):
    old = _state.is_recording
    try:
        _state.is_recording = condition
        yield
    finally:
        _state.is_recording = old


def always_record_summaries():
    """Summary ops inside the `with` block always write."""
    return _record_if(True)


def never_record_summaries():
    """Summary ops inside the `with` block never write."""
    return _record_if(False)


def record_summaries_every_n_global_steps(n, global_step=None):
    """Summary ops inside the `with` block write when `global_step % n == 0` (a `tf.cond`
    on the step's value when run); `global_step` defaults to the graph's global step."""
    if global_step is None:
        global_step = get_or_create_global_step()
    with graph_lib.device("cpu:0"):
        should = math_ops.equal(global_step % n, 0)
    return _record_if(should)


def _recording_condition():
    """False, True or a bool Tensor: whether a summary op built now writes."""
    if _state.writer is None or _state.is_recording is None:
        return False
    condition = _state.is_recording
    if isinstance(condition, Tensor):
        value = constant_value(condition)
        return condition if value is None else bool(value)
    return bool(condition)


def should_record_summaries():
    """A bool Tensor: whether summary ops built here write (False without a default writer
    or outside `always_record_summaries` / `record_summaries_every_n_global_steps`)."""
    condition = _recording_condition()
    return condition if isinstance(condition, Tensor) else constant(condition)


# -- the summary ops -----------------------------------------------------------------------------

def _choose_step(step):
    if step is None:
        return get_or_create_global_step()
    step = convert_to_tensor(step, dtype=dtypes.int64)
    if step.shape.num_elements() not in (None, 1):
        raise ValueError("Argument `step` must be a scalar. Received step with shape %s."
                         % step.shape)
    return step


def _summary_writer_function(name, tensor, function, family=None):
    """`function(tag, scope)` builds the write op; it runs when recording (TF's smart_cond
    with the recording condition), and the returned bool tensor says whether it did."""
    outer_scope = graph_lib.get_name_scope()
    outer_scope = outer_scope + "/" if outer_scope else ""

    def record():
        with graph_lib.name_scope(outer_scope or None), _summary_scope(
                name, family, values=[tensor]) as (tag, scope):
            with graph_lib.control_dependencies([function(tag, scope)]):
                return constant(True)

    if _state.writer is None:
        return no_op()
    with graph_lib.device("cpu:0"):
        condition = _recording_condition()
        if isinstance(condition, Tensor):
            op = cond(condition, record, lambda: constant(False), name="")
        else:
            op = record() if condition else constant(False)
        graph_lib.add_to_collection(_SUMMARY_COLLECTION, op)
    return op


def _resource():
    return _state.writer._resource


def generic(name, tensor, metadata=None, family=None, step=None):
    """Writes `tensor` as a TensorProto, with `metadata` (a SummaryMetadata or its bytes)."""
    def function(tag, scope):
        if metadata is None:
            serialized = constant("")
        elif hasattr(metadata, "SerializeToString"):
            serialized = constant(metadata.SerializeToString())
        else:
            serialized = metadata
        return apply_op("WriteSummary", [_resource(), _choose_step(step), identity(tensor),
                                         tag, serialized], name=scope)
    return _summary_writer_function(name, tensor, function, family=family)


def scalar(name, tensor, family=None, step=None):
    """Writes a scalar `tensor` (any real type) as a float32 `simple_value`."""
    def function(tag, scope):
        return apply_op("WriteScalarSummary", [_resource(), _choose_step(step), tag,
                                               identity(tensor)], name=scope)
    return _summary_writer_function(name, tensor, function, family=family)


def histogram(name, tensor, family=None, step=None):
    """Writes a histogram of `tensor`'s values (TF's default buckets)."""
    def function(tag, scope):
        return apply_op("WriteHistogramSummary", [_resource(), _choose_step(step), tag,
                                                  identity(tensor)], name=scope)
    return _summary_writer_function(name, tensor, function, family=family)


def image(name, tensor, bad_color=None, max_images=3, family=None, step=None):
    """Writes up to `max_images` PNGs of a [b, h, w, c] batch (as `tf.summary.image`)."""
    def function(tag, scope):
        color = (constant([255, 0, 0, 255], dtype=dtypes.uint8) if bad_color is None
                 else bad_color)
        return apply_op("WriteImageSummary", [_resource(), _choose_step(step), tag,
                                              identity(tensor), color], name=scope,
                        max_images=int(max_images))
    return _summary_writer_function(name, tensor, function, family=family)


def audio(name, tensor, sample_rate, max_outputs, family=None, step=None):
    """Writes up to `max_outputs` WAV clips of a [b, frames(, channels)] float batch."""
    def function(tag, scope):
        return apply_op("WriteAudioSummary", [_resource(), _choose_step(step), tag,
                                              identity(tensor), sample_rate], name=scope,
                        max_outputs=int(max_outputs))
    return _summary_writer_function(name, tensor, function, family=family)


def _serialize_graph(arbitrary_graph):
    if isinstance(arbitrary_graph, graph_lib.Graph):
        return arbitrary_graph.as_graph_def(add_shapes=True).SerializeToString()
    return arbitrary_graph.SerializeToString()


def _graph_op(param, step=None, name=None):
    writer = _state.writer
    if writer is None:
        return no_op()
    with graph_lib.device("cpu:0"):
        return apply_op("WriteGraphSummary", [writer._resource, _choose_step(step),
                                              identity(param)], name=name)


def graph(param, step=None, name=None):
    """Writes a serialized GraphDef (a string Tensor, e.g. a placeholder fed
    `graph.as_graph_def().SerializeToString()`), whatever the recording condition; prefer
    `initialize(graph=...)`."""
    if not isinstance(param, Tensor):
        raise TypeError("graph() needs a tf.Tensor (e.g. tf.placeholder) in graph mode, but "
                        "was: %s" % type(param))
    return _graph_op(param, step, name)


def import_event(tensor, name=None):
    """Writes a serialized `tf.Event` as is, whatever the recording condition."""
    return apply_op("ImportEvent", [_resource(), tensor], name=name)


def flush(writer=None, name=None):
    """A `FlushSummaryWriter` op for `writer` (a SummaryWriter or its resource tensor; default:
    the default writer, else a `no_op`)."""
    if writer is None:
        writer = _state.writer
        if writer is None:
            return no_op()
    resource = writer._resource if isinstance(writer, SummaryWriter) else writer
    if resource is None:
        return no_op()
    with graph_lib.device("cpu:0"):
        return apply_op("FlushSummaryWriter", [resource], name=name)


__getattr__ = missing_attr("contrib.summary", __name__)

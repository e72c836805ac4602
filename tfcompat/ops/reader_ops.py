"""Readers of the queue-based input pipelines (`tf.TFRecordReader`, `tf.TextLineReader`,
`tf.WholeFileReader`, `tf.FixedLengthRecordReader`): each `read(queue)` takes file names from a
queue of work and returns (key, value) records; plus `tf.read_file`, `tf.write_file` and
`tf.matching_files`. Reader positions live in the session's resources. (Checkpoint ops are in
io_ops.py.)
"""
from __future__ import annotations

import glob
import os
import threading

import numpy as np
import torch

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.io._common import RecordFormatError
from tfcompat.io.records import tf_record_iterator
from tfcompat.ops._queue_state import resource_name
from tfcompat.ops.queue_ops import queue_state
from tfcompat.python_io import TFRecordOptions

rtio = lazy_module("tfcompat.data._runtime_io")  # tf.data loads on first use


def _string(value) -> np.ndarray:
    return np.array(value, dtype=object)


def _path(value) -> str:
    value = value.reshape(-1)[0] if isinstance(value, np.ndarray) else value
    return value.decode() if isinstance(value, bytes) else str(value)


# -- record sources: path -> iterator of (key, value) -----------------------------------------

def _tf_records(path, compression):
    offset = 0
    for record in tf_record_iterator(path, compression or None):
        yield ("%s:%d" % (path, offset)).encode(), record
        offset += len(record) + 16


def _text_lines(path, skip_header_lines):
    for number, line in enumerate(rtio._text_lines(path, ""), start=1):
        if number > skip_header_lines:
            yield ("%s:%d" % (path, number)).encode(), line


def _whole_file(path):
    with open(path, "rb") as f:
        yield path.encode(), f.read()


def _fixed_length(path, header, record, footer, hop):
    with open(path, "rb") as f:
        data = f.read()
    body = data[header:len(data) - footer]
    step = hop or record
    for index, start in enumerate(range(0, len(body) - record + 1, step)):
        yield ("%s:%d" % (path, index)).encode(), body[start:start + record]


class ReaderState:
    """One reader's position in one session: the current file's records and counters."""

    def __init__(self, name, source):
        self.name, self.source = name, source
        self.records = None
        self.produced = self.completed = 0
        self.lock = threading.Lock()

    def read(self, ctx, queue_handle):
        return self.read_up_to(ctx, queue_handle, 1)[0]

    def read_up_to(self, ctx, queue_handle, n):
        """Up to `n` (key, value) records, all from one file as TF's ReaderBase::ReadUpTo: a
        file's last records come back as a short batch; the next file starts a new one."""
        out = []
        while not out:
            if self.records is None:
                self.records = self.source(self._next_file(ctx, queue_handle))
            try:
                while len(out) < n:
                    out.append(next(self.records))
            except StopIteration:
                self.records = None
                self.completed += 1
            except RecordFormatError as e:
                self.records = None
                raise errors.op_error(errors.DataLossError, ctx.op, str(e)) from e
        self.produced += len(out)
        return out

    @staticmethod
    def _next_file(ctx, queue_handle):
        (element,) = queue_state(ctx, queue_handle).dequeue(ctx, 1)
        path = _path(element[0])
        if not os.path.exists(path):
            raise errors.op_error(errors.NotFoundError, ctx.op,
                                  "%s; No such file or directory" % path)
        return path


def _reader_state(ctx, handle) -> ReaderState:
    state = ctx.state.resources.get(("reader", handle))
    if state is None:
        raise errors.op_error(errors.NotFoundError, ctx.op, "Resource %s does not exist."
                              % handle)
    return state


def _handle_infer(op, *inputs, **attrs):
    return [(dtypes.resource, TensorShape([]))]


def _register_reader(op_type, make_source, attrs):
    def lower(ctx, **kwargs):
        key = kwargs.get("shared_name") or ctx.op.name
        res = ctx.state.resources
        if ("reader", key) not in res:
            with ctx.state.lock:
                if ("reader", key) not in res:
                    res[("reader", key)] = ReaderState(resource_name(ctx.state, ctx.op),
                                                       make_source(**kwargs))
        return key

    lower.__name__ = "_lower_" + op_type.lower()
    register_op(op_type, infer=_handle_infer,
                attrs={"container": "", "shared_name": "", **attrs},
                stateful=True, host_only=True, differentiable=False)(lower)


def _tf_record_source(compression_type="", **unused):
    return lambda path: _tf_records(path, compression_type)


def _text_line_source(skip_header_lines=0, **unused):
    return lambda path: _text_lines(path, skip_header_lines)


def _fixed_length_source(header_bytes=0, record_bytes=0, footer_bytes=0, hop_bytes=0,
                         **unused):
    return lambda path: _fixed_length(path, header_bytes, record_bytes, footer_bytes, hop_bytes)


_register_reader("TFRecordReaderV2", _tf_record_source, {"compression_type": ""})
_register_reader("TextLineReaderV2", _text_line_source, {"skip_header_lines": 0})
_register_reader("WholeFileReaderV2", lambda **unused: _whole_file, {})
_register_reader("FixedLengthRecordReaderV2", _fixed_length_source,
                 {"header_bytes": 0, "record_bytes": 0, "footer_bytes": 0, "hop_bytes": 0,
                  "encoding": ""})


@register_op("ReaderReadV2", inputs=("reader_handle: resource", "queue_handle: resource"),
             infer=lambda op, r, q: [(dtypes.string, TensorShape([]))] * 2, stateful=True,
             mutates=True, host_only=True, differentiable=False)
def _lower_reader_read(ctx, reader_handle, queue_handle):
    reader = _reader_state(ctx, reader_handle)
    with reader.lock:
        key, value = reader.read(ctx, queue_handle)
    return _string(key), _string(value)


@register_op("ReaderReadUpToV2", inputs=("reader_handle: resource", "queue_handle: resource",
                                         "num_records: int64"),
             infer=lambda op, r, q, n: [(dtypes.string, TensorShape([None]))] * 2,
             stateful=True, mutates=True, host_only=True, differentiable=False)
def _lower_reader_read_up_to(ctx, reader_handle, queue_handle, num_records):
    reader = _reader_state(ctx, reader_handle)
    n = int(num_records)
    if n < 0:  # TF aborts the process here
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "num_records must be >= 0, got %d" % n)
    with reader.lock:
        records = reader.read_up_to(ctx, queue_handle, n) if n else []
    out_k, out_v = np.empty(len(records), dtype=object), np.empty(len(records), dtype=object)
    out_k[:], out_v[:] = [k for k, _ in records], [v for _, v in records]
    return out_k, out_v


def _counter_op(op_type, attr):
    def lower(ctx, reader_handle):
        return torch.tensor(getattr(_reader_state(ctx, reader_handle), attr), dtype=torch.int64)

    lower.__name__ = "_lower_" + op_type.lower()
    register_op(op_type, inputs=("reader_handle: resource",),
                infer=lambda op, r: [(dtypes.int64, TensorShape([]))], stateful=True,
                host_only=True, differentiable=False)(lower)


_counter_op("ReaderNumRecordsProducedV2", "produced")
_counter_op("ReaderNumWorkUnitsCompletedV2", "completed")


@register_op("ReaderResetV2", inputs=("reader_handle: resource",), infer=lambda op, r: [],
             stateful=True, mutates=True, host_only=True, differentiable=False)
def _lower_reader_reset(ctx, reader_handle):
    reader = _reader_state(ctx, reader_handle)
    with reader.lock:
        reader.records, reader.produced, reader.completed = None, 0, 0


class ReaderBase:
    """Base class of the readers (TF1 `tf.ReaderBase`)."""

    supports_serialize = False

    def __init__(self, op_type, name, **attrs):
        graph = get_default_graph()
        attrs = {"container": "", "shared_name": "", **attrs}
        self._reader_ref = graph._create_op(op_type, [], attrs, name or op_type).outputs[0]

    reader_ref = property(lambda self: self._reader_ref)

    @staticmethod
    def _queue_ref(queue):
        return queue.queue_ref if hasattr(queue, "queue_ref") else queue

    def read(self, queue, name=None):
        """The next (key, value) record, taking file names from `queue` as needed."""
        op = get_default_graph()._create_op(
            "ReaderReadV2", [self._reader_ref, self._queue_ref(queue)], {},
            name or "ReaderReadV2")
        return op.outputs[0], op.outputs[1]

    def read_up_to(self, queue, num_records, name=None):
        """Up to `num_records` (keys, values) records."""
        with name_scope(name, "ReaderReadUpToV2") as scope:
            n = convert_to_tensor(num_records, dtype=dtypes.int64, name="num_records")
            op = get_default_graph()._create_op(
                "ReaderReadUpToV2", [self._reader_ref, self._queue_ref(queue), n], {}, scope)
        return op.outputs[0], op.outputs[1]

    def num_records_produced(self, name=None):
        return apply_op("ReaderNumRecordsProducedV2", [self._reader_ref],
                        name=name or "ReaderNumRecordsProducedV2")

    def num_work_units_completed(self, name=None):
        return apply_op("ReaderNumWorkUnitsCompletedV2", [self._reader_ref],
                        name=name or "ReaderNumWorkUnitsCompletedV2")

    def reset(self, name=None):
        return apply_op("ReaderResetV2", [self._reader_ref], name=name or "ReaderResetV2")


class TFRecordReader(ReaderBase):
    """Reads TFRecord files; keys are `<file>:<offset>` (TF1 `tf.TFRecordReader`)."""

    def __init__(self, name=None, options=None):
        super().__init__("TFRecordReaderV2", name, compression_type=TFRecordOptions
                         .get_compression_type_string(options))


class TextLineReader(ReaderBase):
    """Reads text lines; keys are `<file>:<line number>` (TF1 `tf.TextLineReader`)."""

    def __init__(self, skip_header_lines=None, name=None):
        super().__init__("TextLineReaderV2", name,
                         skip_header_lines=int(skip_header_lines or 0))


class WholeFileReader(ReaderBase):
    """Reads whole files; the key is the file name (TF1 `tf.WholeFileReader`)."""

    def __init__(self, name=None):
        super().__init__("WholeFileReaderV2", name)


class FixedLengthRecordReader(ReaderBase):
    """Reads fixed-size records (TF1 `tf.FixedLengthRecordReader`)."""

    def __init__(self, record_bytes, header_bytes=None, footer_bytes=None, hop_bytes=None,
                 name=None, encoding=None):
        super().__init__("FixedLengthRecordReaderV2", name, record_bytes=int(record_bytes),
                         header_bytes=int(header_bytes or 0),
                         footer_bytes=int(footer_bytes or 0), hop_bytes=int(hop_bytes or 0),
                         encoding=encoding or "")


# -- files -------------------------------------------------------------------------------------

@register_op("ReadFile", inputs=("filename: string",),
             infer=lambda op, f: [(dtypes.string, TensorShape([]))], host_only=True,
             stateful=True, differentiable=False)
def _lower_read_file(ctx, filename):
    path = _path(filename)
    try:
        with open(path, "rb") as f:
            return _string(f.read())
    except FileNotFoundError as e:
        raise errors.op_error(errors.NotFoundError, ctx.op,
                              "%s; No such file or directory" % path) from e


@register_op("WriteFile", inputs=("filename: string", "contents: string"),
             infer=lambda op, f, c: [], host_only=True, stateful=True, mutates=True,
             differentiable=False)
def _lower_write_file(ctx, filename, contents):
    data = contents.reshape(-1)[0] if isinstance(contents, np.ndarray) else contents
    with open(_path(filename), "wb") as f:
        f.write(data)


@register_op("MatchingFiles", inputs=("pattern: string",),
             infer=lambda op, p: [(dtypes.string, TensorShape([None]))], host_only=True,
             stateful=True, differentiable=False)
def _lower_matching_files(ctx, pattern):
    names = []
    for p in np.asarray(pattern, dtype=object).reshape(-1):
        names.extend(sorted(glob.glob(p.decode() if isinstance(p, bytes) else str(p))))
    out = np.empty(len(names), dtype=object)
    out[:] = [n.encode() for n in names]
    return out


def read_file(filename, name=None):
    """TF1 `tf.read_file`: the whole contents of a file as a string scalar."""
    return apply_op("ReadFile", [filename], name=name or "ReadFile")


def write_file(filename, contents, name=None):
    """TF1 `tf.write_file`."""
    return apply_op("WriteFile", [filename, contents], name=name or "WriteFile")


def matching_files(pattern, name=None):
    """TF1 `tf.matching_files`: the sorted file names matching a glob pattern."""
    return apply_op("MatchingFiles", [pattern], name=name or "MatchingFiles")


__all__ = ["ReaderBase", "TFRecordReader", "TextLineReader", "WholeFileReader",
           "FixedLengthRecordReader", "read_file", "write_file", "matching_files"]

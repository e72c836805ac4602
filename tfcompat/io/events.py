"""TensorBoard event files: ``events.out.tfevents.<secs>.<hostname><suffix>`` holding one
serialized ``Event`` per TFRecord, the first one ``file_version: "brain.Event:2"``.

This is the file layer of ``tf.summary.FileWriter``; building Summary protos from tensors
belongs to tfcompat/summary/.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator

from google.protobuf.message import DecodeError

from tfcompat.io._common import RecordFormatError
from tfcompat.io.proto import event_pb2
from tfcompat.io.records import TFRecordWriter
from tfcompat.io.records import tf_record_iterator

__all__ = ["EventFileWriter", "read_events", "FILE_VERSION"]

FILE_VERSION = "brain.Event:2"


class EventFileWriter:
    """Writes Event protos to a new event file in ``logdir`` (TF's ``EventFileWriter``).

    Events are buffered by the file object; :meth:`flush` pushes them to disk and :meth:`close`
    flushes and closes. As TF's ``EventsWriter``, the file is created by the first event (at
    once when given a ``filename_suffix``), so a writer that writes nothing leaves no file; after
    :meth:`close`, :meth:`reopen` lets the next event start a new file. If a file of the same
    name exists (two files in one second), events are appended to it rather than replacing it.

    Example::

        writer = EventFileWriter("/tmp/logs")
        writer.add_event(event_pb2.Event(wall_time=time.time(), step=1, summary=summary))
        writer.close()
    """

    def __init__(self, logdir: str, filename_suffix: str = ""):
        self._logdir = str(logdir)
        self._suffix = filename_suffix or ""
        self._writer: TFRecordWriter | None = None
        self._closed = False
        self._path = ""
        if self._logdir:   # "" is the working directory, as in TF
            os.makedirs(self._logdir, exist_ok=True)
        if self._suffix:   # TF's EventFileWriter calls InitWithSuffix only for a suffix
            self._open()

    def get_logdir(self) -> str:
        return self._logdir

    @property
    def path(self) -> str:
        """Path of the current (or last) event file; "" before the first event."""
        return self._path

    def reopen(self) -> None:
        """Lets a closed writer write again: its next event starts a new file."""
        self._closed = False

    def _open(self) -> None:
        if self._logdir:
            os.makedirs(self._logdir, exist_ok=True)
        now = int(time.time())
        name = f"events.out.tfevents.{now:010d}.{socket.gethostname()}{self._suffix}"
        self._path = os.path.join(self._logdir, name)
        self._writer = TFRecordWriter(self._path, append=True)
        self._writer.write(event_pb2.Event(wall_time=float(now),
                                           file_version=FILE_VERSION).SerializeToString())
        self._writer.flush()

    def add_event(self, event: event_pb2.Event) -> None:
        if self._closed:
            raise ValueError(f"EventFileWriter for {self._logdir} is closed")
        if self._writer is None:
            self._open()
        self._writer.write(event.SerializeToString())

    def flush(self) -> None:
        if self._writer is not None:
            self._writer.flush()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._closed = True

    def __enter__(self) -> EventFileWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_events(path: str) -> Iterator[event_pb2.Event]:
    """Yields the Events of an event file (TF's ``summary_iterator``), checking CRCs.

    Errors are TF's reader's (tfcompat/io/records.py): a damaged record raises DataLossError,
    and a record cut short in its header (a file still being written) ends the file. A record
    that is no Event raises DataLossError too (TF lets protobuf's DecodeError through).
    """
    for index, record in enumerate(tf_record_iterator(path)):
        try:
            yield event_pb2.Event.FromString(record)
        except DecodeError as e:
            raise RecordFormatError(f"record {index} is not an Event: {e}", path) from e

"""`slim.queues` (TF 1.15): `QueueRunners(session)`, a context that runs the graph's queue
runners under a Coordinator and stops them on exit."""
from __future__ import annotations

import contextlib
import threading

from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import get_collection
from tfcompat.train.coordinator import Coordinator

__all__ = ["NestedQueueRunnerError", "QueueRunners"]

_queue_runner_lock = threading.Lock()


class NestedQueueRunnerError(Exception):
    pass


@contextlib.contextmanager
def QueueRunners(session):  # noqa: N802 - TF's name
    """Starts the QUEUE_RUNNERS' threads (daemons) for `session`; on exit requests a stop
    and joins them (closing the session if a thread does not stop)."""
    if not _queue_runner_lock.acquire(False):
        raise NestedQueueRunnerError("QueueRunners cannot be nested")
    coord = Coordinator()
    threads = []
    for qr in get_collection(GraphKeys.QUEUE_RUNNERS):
        threads.extend(qr.create_threads(session, coord=coord, daemon=True, start=True))
    try:
        yield
    finally:
        coord.request_stop()
        try:
            coord.join(threads, stop_grace_period_secs=120)
        except RuntimeError:
            session.close()
        _queue_runner_lock.release()

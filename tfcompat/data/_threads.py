"""Background work for tf.data: small groups of daemon worker threads that run a pipeline's
producers (prefetch, parallel map, parallel interleave) ahead of the session's get_next.

A `Workers` group starts a thread only when work is queued and no idle thread can take it,
and a thread leaves after `LINGER` seconds without work, so a pipeline nobody reads from
holds no threads once its buffers are full. `close()` drops queued work and wakes idle
threads at once (re-initialization, a collected iterator). Threads hold the group and the
queued calls only, never the iterator that owns the group, so that iterator can be
collected while work is in flight (a finalizer then closes the group).
"""
from __future__ import annotations

import collections
import os
import sys
import threading
import weakref

LINGER = 0.5  # seconds an idle worker waits for more work before it exits
AUTOTUNE = -1
_MAX_AUTOTUNE_THREADS = 8
# While workers live, the GIL is handed over every 0.5 ms instead of Python's 5 ms: the
# session's thread needs it back after every kernel, and behind a worker running Python (a
# py_func, a dataset function's plan) it would otherwise wait up to 5 ms each time (measured:
# 60 small kernels beside a busy Python thread take 11-12 ms at 5 ms, 2.7-7 ms at 0.5 ms,
# 2.5 ms alone; bench/bench_input_overlap.py's training step beside one map thread, idle
# 2-CPU machine: 19-20 ms at 0.1 or 0.5 ms, 21 ms at 5 ms, the step waiting 4.7-5.2 ms for the
# GIL against 7.1). The previous interval comes back when the last worker exits.
_SWITCH_INTERVAL = 0.0005
_live_lock = threading.Lock()
_live = 0
_saved_interval = None


def _worker_started():
    global _live, _saved_interval
    with _live_lock:
        _live += 1
        if _live == 1 and sys.getswitchinterval() > _SWITCH_INTERVAL:
            _saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(_SWITCH_INTERVAL)


def _worker_ended():
    global _live, _saved_interval
    with _live_lock:
        _live -= 1
        if _live == 0 and _saved_interval is not None:
            if sys.getswitchinterval() == _SWITCH_INTERVAL:  # unless someone else changed it
                sys.setswitchinterval(_saved_interval)
            _saved_interval = None


def autotune_threads() -> int:
    """The parallelism AUTOTUNE stands for: the CPUs this process may run on (capped)."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(n, _MAX_AUTOTUNE_THREADS))


class Slot:
    """The future result of one queued call: a value or the exception it raised."""

    __slots__ = ("done", "value", "error")

    def __init__(self):
        self.done, self.value, self.error = False, None, None

    @staticmethod
    def failed(error) -> "Slot":
        slot = Slot()
        slot.done, slot.error = True, error
        return slot


class Cancelled(Exception):
    """Raised to a reader of a slot whose group was closed before the call ran."""


class Workers:
    """At most `n` daemon threads running queued calls in queue order."""

    def __init__(self, n: int):
        self.n = max(1, int(n))
        self._lock = threading.Lock()
        self._has_work = threading.Condition(self._lock)
        self._finished = threading.Condition(self._lock)
        self._queue: collections.deque = collections.deque()
        self._alive = self._idle = 0
        self.closed = False

    def submit(self, fn, keep_result=True):
        """Queues `fn()`; returns the Slot its result (or exception) will go to, or None
        when `keep_result` is False (`fn` stores its own result)."""
        slot = Slot() if keep_result else None
        with self._lock:
            if self.closed:
                if slot is not None:
                    slot.done, slot.error = True, Cancelled()
                return slot
            self._queue.append((fn, slot))
            if len(self._queue) <= self._idle:
                self._has_work.notify()
            elif self._alive < self.n:
                self._alive += 1
                _worker_started()
                threading.Thread(target=_work, args=(self,), name="tfcompat-data",
                                 daemon=True).start()
        return slot

    def wait(self, slot):
        """`slot`'s value once its call has run; re-raises the call's exception."""
        if not slot.done:
            with self._lock:
                while not slot.done:
                    if self.closed:
                        raise Cancelled()
                    self._finished.wait()
        if slot.error is not None:
            raise slot.error
        return slot.value

    def claim(self, slot):
        """The queued call for `slot` when no thread has started it and it is next in the
        queue (the reader then runs it itself rather than wait for a thread), else None."""
        with self._lock:
            if self._queue and self._queue[0][1] is slot:
                return self._queue.popleft()[0]
        return None

    def run(self, fn, slot):
        """Runs a claimed call on this thread; its result goes to `slot`."""
        try:
            value, error = fn(), None
        except Exception as e:  # noqa: BLE001 - handed to whoever reads the slot
            value, error = None, e
        self._finish(slot, value, error)
        return self.wait(slot)

    def wait_any(self, slots) -> int:
        """The position in `slots` of the first finished one (waits for one to finish)."""
        with self._lock:
            while True:
                for i, slot in enumerate(slots):
                    if slot.done:
                        return i
                self._finished.wait()

    def close(self):
        """Drops the queued calls (their readers get `Cancelled`) and lets the threads go."""
        with self._lock:
            self.closed = True
            for _, slot in self._queue:
                if slot is not None:
                    slot.done, slot.error = True, Cancelled()
            self._queue.clear()
            self._has_work.notify_all()
            self._finished.notify_all()

    def _next_call(self):
        """The next queued call, or None when this thread should exit."""
        with self._lock:
            self._idle += 1
            while not self._queue and not self.closed:
                if not self._has_work.wait(LINGER):
                    break
            self._idle -= 1
            if self._queue and not self.closed:
                return self._queue.popleft()
            self._alive -= 1
            return None

    def _finish(self, slot, value, error):
        with self._lock:
            slot.value, slot.error, slot.done = value, error, True
            self._finished.notify_all()


def _work(workers: Workers):
    try:
        _serve(workers)
    finally:
        _worker_ended()


def _serve(workers: Workers):
    while True:
        call = workers._next_call()
        if call is None:
            return
        fn, slot = call
        value = error = None
        try:
            value = fn()
        except Exception as e:  # noqa: BLE001 - handed to whoever reads the slot
            error = e
        if slot is not None:
            workers._finish(slot, value, error)
        del call, fn, slot, value, error  # hold nothing while idle


def close_when_collected(owner, workers: Workers):
    """Closes `workers` when `owner` (the iterator using them) is garbage collected."""
    weakref.finalize(owner, workers.close)


class Producer:
    """Reads an iterator ahead on a `Workers` group: `request()` queues one read (`next()`,
    or `next_many(chunk)`) and returns the Slot its result goes to (None at the end). Reads of
    one producer run one at a time and fill its slots in request order even when several
    threads share the group; after the end no more reads reach the iterator."""

    def __init__(self, it, workers: Workers, chunk=0):
        self.it, self.workers, self.chunk = it, workers, chunk
        self.lock = threading.Lock()
        self.pending: collections.deque = collections.deque()  # slots not yet filled
        self.ended = False

    def request(self) -> Slot:
        slot = Slot()
        with self.lock:
            self.pending.append(slot)
        self.workers.submit(self._read, keep_result=False)
        return slot

    def _read(self):
        with self.lock:
            slot = self.pending.popleft()
            value = error = None
            if not self.ended:
                try:
                    value = self.it.next_many(self.chunk) if self.chunk else self.it.next()
                except Exception as e:  # noqa: BLE001 - raised at the matching get_next
                    error = e
                self.ended = value is None and error is None
            self.workers._finish(slot, value, error)


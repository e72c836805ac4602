"""`map(f).batch(n)` fused, as TF's default `map_and_batch_fusion` optimization runs it
(MapAndBatchDataset): a batch owns the next `n` input elements whatever happens to them, so an
error while reading or mapping one of them fails that whole batch (the first error by position;
TF's sequential and parallel map alike) and the next batch starts at element `n` further on
(recorded from TF 2.21 compat.v1: range(12), error at 5, batch 4 -> [0..3], error, [8..11]). A
partial last batch with an error raises it even under `drop_remainder`.

With `num_parallel_calls` the batch is filled by worker threads (_threads.py) that each read the
next input element themselves (under a lock, so in input order) and run `f` on it, until the
batch is full: one thread hand-off per batch instead of two per element, which matters because
every hand-off waits for the GIL; whether all `num_parallel_calls` threads or one fill them
is measured as the pipeline runs (_WidthTuner). As in TF, at most `num_parallel_calls` calls
run at once, ceil(num_parallel_calls / n) batches (at most 16; 1 when n >= num_parallel_calls)
are filled ahead of the reader, elements keep their input order within a batch whatever
`deterministic` says, and batches come out in order.
"""
from __future__ import annotations

import collections
import threading
import time

from tfcompat import errors
from tfcompat.data import _threads
from tfcompat.data._runtime import Iter
from tfcompat.data._runtime import as_host
from tfcompat.data._runtime import flat_values
from tfcompat.data._runtime import from_flat_values
from tfcompat.data._runtime_map import Map
from tfcompat.data._runtime_map import _MapIter
from tfcompat.data._runtime_parallel import ParallelMap
from tfcompat.data._runtime_parallel import _ParallelMapIter
from tfcompat.data._runtime_parallel import _raise
from tfcompat.data._runtime_parallel import register

_MAX_BATCHES_AHEAD = 16  # TF's kMaxBatchResults
MAPS = (Map, ParallelMap)   # the datasets a batch fuses with


def fusable(map_ds, input_iter) -> bool:
    """Whether `map_ds` (one of MAPS) runs fused with the batch reading it. A map vectorized
    over chunks already maps a whole batch in one call (failing it whole), so it is not."""
    return not (map_ds.chunkable and input_iter.chunkable and map_ds.vectorized is not None)


def map_iter(map_ds, input_iter, env):
    """`map_ds`'s own (unfused) iterator over `input_iter`."""
    if isinstance(map_ds, ParallelMap):
        return _ParallelMapIter(input_iter, map_ds, env, _parallelism(map_ds))
    return _MapIter(input_iter, map_ds, env)


def _parallelism(map_ds) -> int:
    n = map_ds.num_parallel_calls
    return _threads.autotune_threads() if n == _threads.AUTOTUNE else n


def map_batches(map_ds, input_iter, batch_size, env):
    """The batch source for `map_ds` fused with a batch of `batch_size` read from
    `input_iter` (the map's input): `next_batch()` gives a list of mapped elements."""
    if isinstance(map_ds, ParallelMap):
        return _ParallelMapBatches(input_iter, map_ds, batch_size, env, _parallelism(map_ds))
    return _MapBatches(input_iter, map_ds, batch_size, env)


def _apply(map_ds, env, element):
    out = map_ds.fn(env, flat_values(element), map_ds.captured)
    return from_flat_values([as_host(v) for v in out], map_ds.sparse_flags)


def _collect(values, failed, count):
    """The batch's `count` elements from `values` (slot -> element) in order. The first
    error by position in `failed` (slot -> error) is raised instead, except an
    OutOfRangeError (a function ending the input early, as TF lets one): that cuts the batch
    before its slot, the rest of the batch is dropped and the next batch comes after it
    (recorded from TF 2.21: range(12), StopIteration at 5, batch 4 -> [0..3], [4], [8..11])."""
    if failed:
        first = min(failed)
        if not isinstance(failed[first], errors.OutOfRangeError):
            _raise(failed[first])
        count = first
    return [values[i] for i in range(count)]


class _MapBatches:
    """The sequential map: each batch is read and mapped on the reader's thread."""

    def __init__(self, input, map_ds, batch_size, env):
        self.input, self.map_ds, self.size, self.env = input, map_ds, batch_size, env
        self.ended = False

    def next_batch(self):
        """The next batch's elements (fewer at the end of the input or where an
        OutOfRangeError cut it), None after the end; raises the batch's first error."""
        if self.ended:
            return None
        values, failed, taken = {}, {}, 0
        while taken < self.size:
            try:
                element = self.input.next()
                if element is None:
                    self.ended = True
                    break
                values[taken] = _apply(self.map_ds, self.env, element)
            except errors.OpError as e:  # this element's error fails the batch
                failed[taken] = e
            taken += 1
        if taken == 0:
            return None
        return _collect(values, failed, taken)

    def close(self):
        self.input.close()


class _Batch:
    """One batch being filled: `values` / `failed` map slot i to the i-th element's result /
    error (dicts: a batch size may be huge, as in `batch(2**31)` to take the whole input)."""

    __slots__ = ("size", "values", "failed", "claimed", "finished", "began", "filled")

    def __init__(self, size):
        self.size, self.values, self.failed = size, {}, {}
        self.claimed = self.finished = 0   # slots handed to a call / whose call returned
        self.began = self.filled = None    # when its first slot was claimed / its last filled


class _Filler:
    """What worker threads share: the input and the batches not yet fully claimed (`open`),
    both guarded by `read_lock` (with `ended`), and the batches' results (under `done`).
    Holds no reference to the iterator, so the iterator can be collected while calls run."""

    def __init__(self, input, map_ds, env, workers):
        self.input, self.map_ds, self.env, self.workers = input, map_ds, env, workers
        self.read_lock = threading.Lock()
        self.done = threading.Condition(threading.Lock())
        self.open: collections.deque = collections.deque()
        self.ended = self.closed = False
        self.width = self.running = 0   # threads allowed in `fill` / there now (`read_lock`)
        self.progress = 0               # calls returned so far (`done`)

    def complete(self, batch) -> bool:
        return batch.finished == batch.claimed and (batch.claimed == batch.size or self.ended)

    def add(self, batch):
        with self.read_lock:
            self.open.append(batch)

    def _claim(self):
        """(batch, slot, element, error) for the next input element, None when there is
        none to read now (under `read_lock`: slots are claimed in input order)."""
        while self.open and self.open[0].claimed >= self.open[0].size:
            self.open.popleft()
        if self.closed or self.ended or not self.open or self.running > self.width:
            return None
        batch, error = self.open[0], None
        if batch.began is None:
            batch.began = time.perf_counter()
        try:
            element = self.input.next()
        except Exception as e:  # noqa: BLE001 - this slot's error
            element, error = None, e
        if element is None and error is None:
            self.ended = True
            return None
        batch.claimed += 1
        return batch, batch.claimed - 1, element, error

    def fill(self):
        """Worker loop: claim the next slot, map its element, store the result; until every
        open batch is claimed, the input ends, the pipeline is closed or more threads than
        `width` are in here."""
        with self.read_lock:
            self.running += 1
        try:
            self._fill()
        finally:
            with self.read_lock:
                self.running -= 1

    def _fill(self):
        while True:
            with self.read_lock:
                claim = self._claim()
            if claim is None:
                break
            batch, slot, element, error = claim
            del claim
            value = None
            if error is None:
                try:
                    value = _apply(self.map_ds, self.env, element)
                except Exception as e:  # noqa: BLE001 - this slot's error
                    error = e
            del element
            with self.done:
                if error is None:
                    batch.values[slot] = value
                else:
                    batch.failed[slot] = error
                batch.finished += 1
                self.progress += 1
                if self.complete(batch):
                    batch.filled = time.perf_counter()
                    self.done.notify_all()
            del batch, value, error
        with self.done:  # the input may have ended: later batches are complete now
            self.done.notify_all()

    def close(self):
        with self.done:
            self.closed = True
            self.done.notify_all()
        self.workers.close()


class _WidthTuner:
    """How many threads fill a batch: `n` (num_parallel_calls), or one when one fills batches
    faster. Threads that all run Python (a py_func, the dataset function's plan) only take
    turns at the GIL, handing it between CPUs every switch interval (measured on an idle
    2-CPU machine, bench/bench_input_overlap.py: 16-24 ms a batch on 2 threads against 10-12
    on one, and a slower training step beside them), while threads that wait (file reads, a
    GIL-free kernel) fill them faster together. So after a first batch the widths are tried,
    `PROBE` batches each, and the faster kept for `KEEP` batches (one only when it is
    `BETTER` faster); then again. A batch that does not move for `STALL` seconds under one
    thread (calls that wait for each other) ends the tuning: `n` from then on."""

    PROBE, KEEP, BETTER, STALL = 3, 48, 0.95, 0.05

    def __init__(self, n):
        self.n, self.chosen, self.started = n, n, 0
        self.timed = {}     # width -> per-element fill times of this round's probe batches
        self.fixed = n == 1

    def next_width(self):
        """(the width for the next batch started, whether it is a probe)."""
        if self.fixed:
            return self.n, False
        i = (self.started - 1) % (2 * self.PROBE + self.KEEP)
        self.started += 1
        if self.started == 1 or i >= 2 * self.PROBE:
            return self.chosen, False
        return (self.n if i < self.PROBE else 1), True

    def record(self, width, batch):
        """A probe `batch`, filled by `width` threads, was taken (full ones only count)."""
        if self.fixed or batch.claimed < batch.size or batch.filled is None:
            return
        times = self.timed.setdefault(width, [])
        times.append((batch.filled - batch.began) / batch.size)
        if all(len(self.timed.get(w, ())) >= self.PROBE for w in (1, self.n)):
            one, many = (sum(self.timed[w]) / len(self.timed[w]) for w in (1, self.n))
            self.chosen = 1 if one < self.BETTER * many else self.n
            self.timed = {}

    def stalled(self):
        self.fixed, self.chosen = True, self.n


class _ParallelMapBatches:
    """The parallel map: up to `n` worker threads fill batches ahead of the reader."""

    def __init__(self, input, map_ds, batch_size, env, n):
        self.size, self.n = batch_size, max(1, n)
        workers = _threads.Workers(self.n)
        self.filler = _Filler(input, map_ds, env, workers)
        register(env, self.filler)
        _threads.close_when_collected(self, self.filler)
        self.ahead = max(1, min(_MAX_BATCHES_AHEAD, -(-self.n // batch_size)))
        self.tuner = _WidthTuner(min(self.n, batch_size))
        self.batches: collections.deque = collections.deque()   # (batch, width, probe)
        self.ended = False

    def _start(self):
        while len(self.batches) < self.ahead and not self.filler.ended:
            batch, (width, probe) = _Batch(self.size), self.tuner.next_width()
            self.batches.append((batch, width, probe))
            self.filler.width = width
            self.filler.add(batch)
            self._add_threads(width)

    def _add_threads(self, count):
        for _ in range(count):
            self.filler.workers.submit(_FillCall(self.filler), keep_result=False)

    def _wait(self, batch, width):
        filler = self.filler
        with filler.done:
            while not filler.complete(batch) and not filler.closed:
                seen = filler.progress
                filler.done.wait(self.tuner.STALL if width < self.tuner.n else None)
                if filler.progress == seen and width < self.tuner.n and \
                        not filler.complete(batch):
                    break
            else:
                return
        self.tuner.stalled()   # one thread made no progress: calls may wait for each other
        filler.width = self.tuner.n
        self._add_threads(self.tuner.n)
        with filler.done:
            while not filler.complete(batch) and not filler.closed:
                filler.done.wait()

    def next_batch(self):
        if self.ended:
            return None
        self._start()
        if not self.batches:
            self.ended = True
            return None
        batch, width, probe = self.batches[0]
        self._wait(batch, width)
        if self.filler.closed:
            _raise(_threads.Cancelled())
        self.batches.popleft()
        if probe:
            self.tuner.record(width, batch)
        self._start()   # the next batch fills while this one is stacked and used
        if batch.claimed == 0:
            self.ended = True
            return None
        return _collect(batch.values, batch.failed, batch.claimed)

    def close(self):
        self.filler.close()


class _FillCall:
    """A queued `fill` (a plain object: the worker keeps nothing once it returns)."""

    __slots__ = ("filler",)

    def __init__(self, filler):
        self.filler = filler

    def __call__(self):
        self.filler.fill()


class FusedBatchIter(Iter):
    """A batch of a fused map: the map's batches stacked by `stack(elements)`."""

    def __init__(self, source, batch_size, drop_remainder, stack):
        self.source, self.size, self.drop_remainder = source, batch_size, drop_remainder
        self.stack = stack

    def next(self):
        elements = self.source.next_batch()
        if not elements or (self.drop_remainder and len(elements) < self.size):
            return None   # the end; after a batch an OutOfRangeError cut, for this read only
        return self.stack(elements)

    def close(self):
        self.source.close()

"""Run-time tf.data transformations that work ahead on background threads (_threads.py):
`prefetch`, `map(num_parallel_calls=...)`, `interleave(num_parallel_calls=...)`, the legacy
`experimental.parallel_interleave`, and `with_options` (its `experimental_deterministic`).

Results keep TF's order unless the pipeline is non-deterministic; an error raised while
producing element k is raised by the get_next that returns element k, and the elements after
it are still produced. At most `buffer_size` (prefetch) or `num_parallel_calls` (map) elements
are worked on ahead of the reader.
"""
from __future__ import annotations

import collections
import weakref

from tfcompat import errors
from tfcompat.data import _threads
from tfcompat.data._runtime import DatasetValue
from tfcompat.data._runtime import Iter
from tfcompat.data._runtime import as_host
from tfcompat.data._runtime import chunk_len
from tfcompat.data._runtime import element_of
from tfcompat.data._runtime import flat_values
from tfcompat.data._runtime import from_flat_values
from tfcompat.data._runtime import rows
from tfcompat.data._runtime_map import Interleave
from tfcompat.data._runtime_map import _InterleaveIter

_AUTOTUNE_BUFFER = 2  # prefetch(AUTOTUNE): elements read ahead
_DETERMINISTIC_KEY = "options.deterministic"


def register(env, workers):
    """Records `workers` in `env` so that re-initializing the iterator closes them."""
    with env.lock:
        env.shared.setdefault("workers", weakref.WeakSet()).add(workers)


def close_env(env):
    """Stops the background work of every pipeline started with `env`."""
    with env.lock:
        workers = list(env.shared.pop("workers", ()))
    for w in workers:
        w.close()


def _deterministic(env, attr) -> bool:
    """The op's `deterministic` attr ("true"/"false"), else the pipeline's options."""
    if attr in ("true", "false"):
        return attr == "true"
    return env.shared.get(_DETERMINISTIC_KEY, True)


def _raise(error):
    if isinstance(error, _threads.Cancelled):
        raise errors.CancelledError(None, None, "The iterator was re-initialized or closed.")
    raise error


# -- prefetch -----------------------------------------------------------------------------

class Prefetch(DatasetValue):
    """`prefetch(buffer_size)`: a background thread reads the input up to `buffer_size`
    elements ahead (0: not at all; AUTOTUNE: a small fixed buffer)."""

    def __init__(self, input, buffer_size):
        self.input, self.buffer_size = input, int(buffer_size)
        if self.buffer_size < -1:
            raise errors.InvalidArgumentError(None, None, "buffer_size must be >= 0 or set "
                                                          "buffer_size to be -1 for auto-tuning")

    def make(self, env):
        it = self.input.make(env)
        if self.buffer_size == 0:
            return it
        size = _AUTOTUNE_BUFFER if self.buffer_size == -1 else self.buffer_size
        return _PrefetchIter(it, size, env)


class _PrefetchIter(Iter):
    """Elements (or, for a chunkable input, chunks of about half the buffer) requested from a
    one-thread producer; `next_many` hands out rows of the current chunk."""

    def __init__(self, input, size, env):
        workers = _threads.Workers(1)
        register(env, workers)
        _threads.close_when_collected(self, workers)
        self.chunkable = input.chunkable
        chunk = max(1, (size + 1) // 2) if self.chunkable else 0
        self.depth = 2 if self.chunkable else size
        self.producer = _threads.Producer(input, workers, chunk)
        self.workers, self.slots = workers, collections.deque()
        self.current, self.pos, self.ended = None, 0, False

    def _fill(self):
        while len(self.slots) < self.depth and not self.producer.ended:
            self.slots.append(self.producer.request())

    def _take(self):
        """The next produced item, or None at the end (later requests all end too)."""
        if self.ended:
            return None
        self._fill()
        if not self.slots:
            self.ended = True
            return None
        slot = self.slots.popleft()
        self._fill()
        try:
            value = self.workers.wait(slot)
        except Exception as e:  # noqa: BLE001 - the input's error for this element
            _raise(e)
        if value is None:
            self.ended = True
            self.slots.clear()
        return value

    def next(self):
        if not self.chunkable:
            return self._take()
        chunk = self._chunk()
        if chunk is None:
            return None
        self.pos += 1
        return element_of(chunk, self.pos - 1)

    def next_many(self, n):
        if not self.chunkable:
            return Iter.next_many(self, n)
        chunk = self._chunk()
        if chunk is None:
            return None
        start, self.pos = self.pos, min(chunk_len(chunk), self.pos + n)
        return chunk if start == 0 and self.pos == chunk_len(chunk) else \
            rows(chunk, start, self.pos)

    def _chunk(self):
        if self.current is None or self.pos >= chunk_len(self.current):
            self.current, self.pos = self._take(), 0
        return self.current

    def close(self):
        self.workers.close()


# -- parallel map -------------------------------------------------------------------------

class ParallelMap(DatasetValue):
    """`map(f, num_parallel_calls=k)` (TF's ParallelMapDatasetV2): `f` runs on k threads."""

    def __init__(self, input, fn, captured, num_parallel_calls, deterministic="default",
                 vectorized=None):
        self.input, self.fn, self.captured, self.vectorized = input, fn, captured, vectorized
        self.num_parallel_calls, self.deterministic = int(num_parallel_calls), deterministic
        if self.num_parallel_calls <= 0 and self.num_parallel_calls != _threads.AUTOTUNE:
            raise errors.InvalidArgumentError(None, None,
                                              "num_parallel_calls must be greater than zero.")

    def make(self, env):
        n = self.num_parallel_calls
        n = _threads.autotune_threads() if n == _threads.AUTOTUNE else n
        return _ParallelMapIter(self.input.make(env), self, env, n)


class _ParallelMapIter(Iter):
    """Reads input elements on the reader's thread and queues `f` on each, keeping up to
    `n` calls in flight; results come back in input order (or, non-deterministic, in the
    order they finish)."""

    def __init__(self, input, ds, env, n):
        self.input, self.ds, self.env, self.n = input, ds, env, n
        self.workers = _threads.Workers(n)
        register(env, self.workers)
        _threads.close_when_collected(self, self.workers)
        self.deterministic = _deterministic(env, ds.deterministic)
        self.chunkable = ds.chunkable and input.chunkable and ds.vectorized is not None
        self.out_flags = ds.sparse_flags
        self.slots: collections.deque = collections.deque()
        self.input_ended = False

    def _fill(self):
        while len(self.slots) < self.n and not self.input_ended:
            try:
                element = self.input.next()
            except errors.OpError as e:  # the input's error keeps its place in the order
                self.slots.append(_threads.Slot.failed(e))
                continue
            if element is None:
                self.input_ended = True
                break
            call = _MapCall(self.ds.fn, self.env, flat_values(element), self.ds.captured,
                            self.out_flags)
            self.slots.append(self.workers.submit(call))

    def next(self):
        self._fill()
        if not self.slots:
            return None
        if self.deterministic:
            slot = self.slots.popleft()
        else:
            i = self.workers.wait_any(self.slots)
            slot = self.slots[i]
            del self.slots[i]
        self._fill()
        call = self.workers.claim(slot)  # not started yet: run it here instead of waiting
        try:
            return self.workers.run(call, slot) if call else self.workers.wait(slot)
        except Exception as e:  # noqa: BLE001 - this element's error
            _raise(e)

    def next_many(self, n):
        if not self.chunkable or self.slots:
            return Iter.next_many(self, n)
        chunk = self.input.next_many(n)  # a vectorized f: one call per chunk, inline
        if chunk is None:
            return None
        return tuple(self.ds.vectorized(self.env, chunk, self.ds.captured))

    def close(self):
        self.workers.close()


class _MapCall:
    """`f` applied to one element (queued on a worker; holds no reference to the iterator)."""

    __slots__ = ("fn", "env", "args", "captured", "flags")

    def __init__(self, fn, env, args, captured, flags):
        self.fn, self.env, self.args, self.captured, self.flags = fn, env, args, captured, flags

    def __call__(self):
        out = self.fn(self.env, self.args, self.captured)
        return from_flat_values([as_host(v) for v in out], self.flags)


# -- parallel interleave ------------------------------------------------------------------

class ParallelInterleave(Interleave):
    """`interleave(..., num_parallel_calls=k)` (ParallelInterleaveDatasetV4): the open
    sub-iterators are read ahead on k threads; the output order is `interleave`'s."""

    def __init__(self, input, fn, captured, cycle_length, block_length, num_parallel_calls,
                 buffer_output_elements=-1, deterministic="default", legacy=False):
        super().__init__(input, fn, captured, cycle_length, block_length)
        n = int(num_parallel_calls)
        if not legacy:
            if n <= 0 and n != _threads.AUTOTUNE:
                raise errors.InvalidArgumentError(
                    None, None, "num_parallel_calls must be greater than zero.")
            if n > self.cycle_length:
                raise errors.InvalidArgumentError(
                    None, None, "If `cycle_length` is set to a fixed value, "
                    "`num_parallel_calls` must be either `tf.data.AUTOTUNE` or a value less "
                    "than or equal to `cycle_length`. However, `num_parallel_calls` is %d and "
                    "`cycle_length` is %d" % (n, self.cycle_length))
        self.num_parallel_calls = self.cycle_length if n == _threads.AUTOTUNE else n
        buffered = int(buffer_output_elements)
        self.buffer = max(self.block_length, buffered if buffered > 0 else 0)
        self.deterministic, self.legacy = deterministic, legacy

    def make(self, env):
        cls = _LegacyParallelInterleaveIter if self.legacy else _ParallelInterleaveIter
        return cls(self.input.make(env), self, env)


class _ParallelInterleaveIter(_InterleaveIter):
    def __init__(self, input, ds, env):
        super().__init__(input, ds, env)
        self.workers = _threads.Workers(ds.num_parallel_calls)
        register(env, self.workers)
        _threads.close_when_collected(self, self.workers)

    def _open(self, element):
        return _ReadAhead(super()._open(element), self.workers, self.ds.buffer)

    def close(self):
        self.workers.close()


class _LegacyParallelInterleaveIter(_ParallelInterleaveIter):
    """`experimental.parallel_interleave`'s order (LegacyParallelInterleaveDatasetV2): when a
    sub-iterator ends and no input element is left to replace it, the block in progress is
    finished by the next sub-iterator instead of restarting (recorded from TF 2.21)."""

    def __init__(self, input, ds, env):
        super().__init__(input, ds, env)
        self.lookahead = None

    def _next_input(self):
        if self.lookahead is not None:
            element, self.lookahead = self.lookahead, None
            return element
        return self.input.next()

    def _exhausted(self):
        if not self.end_of_input and self.lookahead is None:
            self.lookahead = self.input.next()
            if self.lookahead is None:
                self.end_of_input = True
        if self.lookahead is not None:
            self._advance_cycle()
        else:
            self.cycle = (self.cycle + 1) % self.ds.cycle_length


class _ReadAhead(Iter):
    """A sub-iterator read `depth` elements ahead on a shared Workers group."""

    def __init__(self, it, workers, depth):
        self.producer = _threads.Producer(it, workers)
        self.workers, self.depth = workers, depth
        self.slots: collections.deque = collections.deque()
        self._fill()

    def _fill(self):
        while len(self.slots) < self.depth and not self.producer.ended:
            self.slots.append(self.producer.request())

    def next(self):
        self._fill()
        if not self.slots:
            return None
        slot = self.slots.popleft()
        self._fill()
        try:
            value = self.workers.wait(slot)
        except Exception as e:  # noqa: BLE001 - this element's error
            _raise(e)
        if value is None:
            self.slots.clear()
        return value


# -- options ------------------------------------------------------------------------------

class WithOptions(DatasetValue):
    """`with_options`: its `experimental_deterministic` applies to the whole pipeline."""

    def __init__(self, input, deterministic):
        self.input, self.deterministic = input, deterministic

    def make(self, env):
        if self.deterministic is not None:
            env.shared[_DETERMINISTIC_KEY] = bool(self.deterministic)
        return self.input.make(env)

"""Run-time `Dataset.shuffle`, as TF's ShuffleDataset kernel runs it, so that a seeded
pipeline yields TF's order: a ring of `buffer_size` elements; each step tops the ring up from
the input, draws one uint32 r, emits the element at offset r % n from the ring's front and moves
the front element into its place.

The draws come from the iterator's Philox stream (TF's `PhiloxRandom(seed, seed2)` read one
uint32 at a time). With `reshuffle_each_iteration` each new iteration of the dataset (each
`repeat` epoch) first takes its (seed, seed2) from a seed generator: two uint32 of the stream
the dataset's own seeds select (TF's RandomSeedGenerator); otherwise every iteration uses the
dataset's seeds (FixedSeedGenerator). Seeds (0, 0) mean fresh random seeds, as in TF.
"""
from __future__ import annotations

import os

import numpy as np
import torch

from tfcompat import errors
from tfcompat.data._runtime import DatasetValue
from tfcompat.data._runtime import Iter
from tfcompat.data._runtime import chunk_len
from tfcompat.data._runtime import element_of
from tfcompat.data._runtime import take_exact
from tfcompat.ops import _philox

class Shuffle(DatasetValue):
    def __init__(self, input, buffer_size, seed, seed2, reshuffle):
        self.input, self.buffer_size = input, int(buffer_size)
        if self.buffer_size <= 0:
            raise errors.InvalidArgumentError(None, None,
                                              "buffer_size must be greater than zero.")
        seed, seed2 = int(seed), int(seed2)
        if seed == 0 and seed2 == 0:
            seed, seed2 = (int.from_bytes(os.urandom(8), "little") for _ in range(2))
        self.seed = (seed, seed2)
        self.reshuffle = bool(reshuffle)

    def iteration_seeds(self, env):
        """This iteration's (seed, seed2): the k-th pair of the seed generator's stream when
        reshuffling (k counts iterations since the iterator was initialized)."""
        if not self.reshuffle:
            return self.seed
        k = env.count(("shuffle", id(self)))
        block = _philox.blocks(*_philox.op_key_counter(*self.seed), k // 2, 1)[0]
        return int(block[2 * (k % 2)]), int(block[2 * (k % 2) + 1])

    def make(self, env):
        draws = _philox.Uint32Stream.of_seeds(*self.iteration_seeds(env))
        it = self.input.make(env)
        if it.chunkable:
            return _ShuffleChunkIter(it, self.buffer_size, draws)
        return _ShuffleIter(it, self.buffer_size, draws)


class _Ring:
    """TF's shuffle buffer: `size` slots, absolute `start`/`end` positions taken mod size."""

    def __init__(self, size, draws):
        self.size, self.draws = size, draws
        self.slots: list = [None] * size
        self.start = self.end = 0

    def __len__(self):
        return self.end - self.start

    def push(self, item):
        self.slots[self.end % self.size] = item
        self.end += 1

    def pick(self):
        index = (self.start + self.draws() % len(self)) % self.size
        item = self.slots[index]
        front = self.start % self.size
        self.slots[index], self.slots[front] = self.slots[front], None
        self.start += 1
        return item


class _ShuffleIter(Iter):
    def __init__(self, input, buffer_size, draws):
        self.input = input
        self.ring = _Ring(buffer_size, draws)
        self.end = False

    def next(self):
        ring = self.ring
        while not self.end and len(ring) < ring.size:
            e = self.input.next()
            if e is None:
                self.end = True
            else:
                ring.push(e)
        return ring.pick() if len(ring) else None


class _ShuffleChunkIter(Iter):
    """The same algorithm over stacked storage: the ring holds storage rows, input arrives
    and output leaves in chunks (one copy in, one gather out)."""

    chunkable = True

    def __init__(self, input, buffer_size, draws):
        self.input = input
        self.ring = _Ring(buffer_size, draws)
        self.storage = None
        self.free: list = []
        self.end = False

    def _store(self, chunk):
        n = chunk_len(chunk)
        if len(self.free) < n:
            self._grow(chunk, n - len(self.free))
        positions, self.free = self.free[:n], self.free[n:]
        index = torch.tensor(positions)
        for s, c in zip(self.storage, chunk):
            if isinstance(s, np.ndarray):
                s[positions] = c
            else:
                s.index_copy_(0, index, c)
        return positions

    def _grow(self, chunk, extra):
        old = 0 if self.storage is None else len(self.storage[0])
        new = []
        for i, c in enumerate(chunk):
            shape = (old + extra,) + tuple(c.shape[1:])
            s = np.empty(shape, dtype=object) if isinstance(c, np.ndarray) else \
                torch.empty(shape, dtype=c.dtype)
            if old:
                s[:old] = self.storage[i]
            new.append(s)
        self.storage = new
        self.free.extend(range(old, old + extra))

    def _read(self, n):
        if self.end or n <= 0:
            return []
        chunk = take_exact(self.input, n)
        if chunk is None or chunk_len(chunk) < n:
            self.end = True
        return [] if chunk is None else self._store(chunk)

    def next_many(self, n):
        ring = self.ring
        for row in self._read(ring.size - len(ring)):
            ring.push(row)
        if not len(ring):
            return None
        # each emit after the first tops the ring up by one first, as TF's GetNext does
        incoming = self._read(n - 1)
        out = [ring.pick()]
        for i in range(1, n):
            if i - 1 < len(incoming):
                ring.push(incoming[i - 1])
            if not len(ring):
                break
            out.append(ring.pick())
        index = torch.tensor(out)
        result = tuple(s[out] if isinstance(s, np.ndarray) else s.index_select(0, index)
                       for s in self.storage)
        self.free.extend(out)
        return result

    def next(self):
        chunk = self.next_many(1)
        return None if chunk is None else element_of(chunk, 0)

"""Run-time batching and shuffling for tf.data: `batch` (dense and sparse components),
`padded_batch`, `unbatch` and `shuffle` (TF's buffer algorithm: fill `buffer_size` elements,
then emit a random one and put the next input element in its place).
"""
from __future__ import annotations

import os
import random

import numpy as np
import torch

from tfcompat import errors
from tfcompat.data._runtime import DatasetValue
from tfcompat.data._runtime import Iter
from tfcompat.data._runtime import SparseValue
from tfcompat.data._runtime import chunk_len
from tfcompat.data._runtime import element_of
from tfcompat.data._runtime import rows
from tfcompat.data._runtime import stack_elements
from tfcompat.data._runtime import take_exact


class Batch(DatasetValue):
    def __init__(self, input, batch_size, drop_remainder):
        self.input, self.batch_size = input, int(batch_size)
        self.drop_remainder = bool(drop_remainder)
        if self.batch_size <= 0:
            raise errors.InvalidArgumentError(None, None, "Batch size must be greater than zero.")

    def make(self, env):
        return _BatchIter(self.input.make(env), self)


class _BatchIter(Iter):
    def __init__(self, input, ds):
        self.input, self.ds = input, ds
        self.flags = ds.input.sparse_flags

    def next(self):
        n = self.ds.batch_size
        if self.input.chunkable:
            chunk = take_exact(self.input, n)
            if chunk is None or (self.ds.drop_remainder and chunk_len(chunk) < n):
                return None
            return chunk
        elements = []
        while len(elements) < n:
            e = self.input.next()
            if e is None:
                break
            elements.append(e)
        if not elements or (self.ds.drop_remainder and len(elements) < n):
            return None
        return batch_elements(elements, self.flags)


def batch_elements(elements, sparse_flags) -> tuple:
    if not any(sparse_flags):
        return stack_elements(elements)
    out = []
    for index, (parts, sparse) in enumerate(zip(zip(*elements), sparse_flags)):
        out.append(_batch_sparse(parts, index) if sparse else stack_elements([(p,) for p in
                                                                             parts])[0])
    return tuple(out)


def _batch_sparse(parts, index) -> SparseValue:
    ranks = {len(p.dense_shape) for p in parts}
    if len(ranks) != 1:
        raise errors.InvalidArgumentError(
            None, None, "Cannot batch sparse tensors of different ranks in component %d." % index)
    indices = [torch.cat([torch.full((len(p.indices), 1), i, dtype=torch.int64), p.indices], 1)
               for i, p in enumerate(parts)]
    shape = torch.stack([p.dense_shape for p in parts]).max(0).values
    values = [p.values for p in parts]
    values = np.concatenate(values) if isinstance(values[0], np.ndarray) else torch.cat(values)
    return SparseValue(torch.cat(indices), values,
                       torch.cat([torch.tensor([len(parts)], dtype=torch.int64), shape]))


class PaddedBatch(DatasetValue):
    def __init__(self, input, batch_size, padded_shapes, padding_values, drop_remainder):
        self.input, self.batch_size = input, int(batch_size)
        self.padded_shapes = [[int(d) for d in np.asarray(s).reshape(-1)] for s in padded_shapes]
        self.padding_values = padding_values
        self.drop_remainder = bool(drop_remainder)
        if self.batch_size <= 0:
            raise errors.InvalidArgumentError(None, None, "Batch size must be greater than zero.")

    def make(self, env):
        return _PaddedBatchIter(self.input.make(env), self)


class _PaddedBatchIter(Iter):
    def __init__(self, input, ds):
        self.input, self.ds = input, ds

    def next(self):
        elements = []
        while len(elements) < self.ds.batch_size:
            e = self.input.next()
            if e is None:
                break
            elements.append(e)
        if not elements or (self.ds.drop_remainder and len(elements) < self.ds.batch_size):
            return None
        return tuple(_pad_and_stack(parts, shape, pad)
                     for parts, shape, pad in zip(zip(*elements), self.ds.padded_shapes,
                                                  self.ds.padding_values))


def _pad_and_stack(parts, padded_shape, pad_value):
    target = []
    for d, want in enumerate(padded_shape):
        longest = max(p.shape[d] for p in parts)
        if want >= 0 and longest > want:
            raise errors.DataLossError(None, None, "Attempted to pad to a smaller size than "
                                                   "the input element.")
        target.append(longest if want < 0 else want)
    if isinstance(parts[0], np.ndarray):
        out = np.empty([len(parts)] + target, dtype=object)
        out[...] = pad_value.reshape(()).item() if isinstance(pad_value, np.ndarray) else pad_value
        for i, p in enumerate(parts):
            out[(i,) + tuple(slice(0, s) for s in p.shape)] = p
        return out
    fill = pad_value.item() if isinstance(pad_value, torch.Tensor) else pad_value
    out = torch.full([len(parts)] + target, fill, dtype=parts[0].dtype)
    for i, p in enumerate(parts):
        out[(i,) + tuple(slice(0, s) for s in p.shape)] = p
    return out


class Unbatch(DatasetValue):
    def __init__(self, input):
        self.input = input

    def make(self, env):
        return _UnbatchIter(self.input.make(env), self.chunkable)


class _UnbatchIter(Iter):
    def __init__(self, input, chunkable):
        self.input, self.chunkable = input, chunkable
        self.batch, self.pos, self.n = None, 0, 0

    def _fill(self) -> bool:
        while self.pos >= self.n:
            self.batch = self.input.next()
            if self.batch is None:
                return False
            self.pos, self.n = 0, chunk_len(self.batch)
            for c in self.batch[1:]:
                if len(c) != self.n:
                    raise errors.InvalidArgumentError(
                        None, None, "Input element must have the same batch size in each "
                                    "component. Component 0 had size %d but component had "
                                    "size %d." % (self.n, len(c)))
        return True

    def next(self):
        if not self._fill():
            return None
        self.pos += 1
        return element_of(self.batch, self.pos - 1)

    def next_many(self, n):
        if not self.chunkable:
            return Iter.next_many(self, n)
        if not self._fill():
            return None
        start, self.pos = self.pos, min(self.n, self.pos + n)
        return rows(self.batch, start, self.pos)


# -- shuffle ---------------------------------------------------------------------------------

class Shuffle(DatasetValue):
    def __init__(self, input, buffer_size, seed, seed2, reshuffle):
        self.input, self.buffer_size = input, int(buffer_size)
        if self.buffer_size <= 0:
            raise errors.InvalidArgumentError(None, None,
                                              "buffer_size must be greater than zero.")
        seed, seed2 = int(seed), int(seed2)
        if seed == 0 and seed2 == 0:
            seed, seed2 = int.from_bytes(os.urandom(8), "little"), 1
        self.seed = (seed, seed2)
        self.reshuffle = bool(reshuffle)

    def make(self, env):
        epoch = env.count(("shuffle", id(self))) if self.reshuffle else 0
        rng = random.Random("%d/%d/%d" % (self.seed + (epoch,)))
        it = self.input.make(env)
        if it.chunkable:
            return _ShuffleChunkIter(it, self.buffer_size, rng)
        return _ShuffleIter(it, self.buffer_size, rng)


class _ShuffleIter(Iter):
    def __init__(self, input, buffer_size, rng):
        self.input, self.size, self.rng = input, buffer_size, rng
        self.buffer: list = []
        self.end = False

    def next(self):
        while not self.end and len(self.buffer) < self.size:
            e = self.input.next()
            if e is None:
                self.end = True
            else:
                self.buffer.append(e)
        if not self.buffer:
            return None
        j = self.rng.randrange(len(self.buffer))
        out = self.buffer[j]
        e = None if self.end else self.input.next()
        if e is None:
            self.end = True
            self.buffer[j] = self.buffer[-1]
            self.buffer.pop()
        else:
            self.buffer[j] = e
        return out


class _ShuffleChunkIter(Iter):
    """The same algorithm over stacked storage: the buffer is a list of storage rows, input
    arrives and output leaves in chunks (one copy in, one gather out)."""

    chunkable = True

    def __init__(self, input, buffer_size, rng):
        self.input, self.size, self.rng = input, buffer_size, rng
        self.storage = None
        self.slots: list = []
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
        if self.end:
            return []
        chunk = take_exact(self.input, n)
        if chunk is None or chunk_len(chunk) < n:
            self.end = True
        return [] if chunk is None else self._store(chunk)

    def next_many(self, n):
        if len(self.slots) < self.size:
            self.slots.extend(self._read(self.size - len(self.slots)))
        k = min(n, len(self.slots))
        if k == 0:
            return None
        incoming = self._read(k)
        out, slots, rand = [], self.slots, self.rng.random
        for i in range(k):
            j = int(rand() * len(slots))
            out.append(slots[j])
            if i < len(incoming):
                slots[j] = incoming[i]
            else:
                slots[j] = slots[-1]
                slots.pop()
        index = torch.tensor(out)
        result = tuple(s[out] if isinstance(s, np.ndarray) else s.index_select(0, index)
                       for s in self.storage)
        self.free.extend(out)
        return result

    def next(self):
        chunk = self.next_many(1)
        return None if chunk is None else element_of(chunk, 0)

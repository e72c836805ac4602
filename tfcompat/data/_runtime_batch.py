"""Run-time batching for tf.data: `batch` (dense and sparse components),
`padded_batch`, `unbatch` and `window` (shuffling is in _runtime_shuffle.py).
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.data import _runtime_fused
from tfcompat.data._runtime import DatasetValue
from tfcompat.data._runtime import Iter
from tfcompat.data._runtime import ListIter
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
        if not isinstance(self.input, _runtime_fused.MAPS):
            return _BatchIter(self.input.make(env), self)
        it = self.input.input.make(env)   # map(f).batch(n): fused as TF runs it
        if not _runtime_fused.fusable(self.input, it):
            return _BatchIter(_runtime_fused.map_iter(self.input, it, env), self)
        flags = self.input.sparse_flags
        return _runtime_fused.FusedBatchIter(
            _runtime_fused.map_batches(self.input, it, self.batch_size, env), self.batch_size,
            self.drop_remainder, lambda elements: batch_elements(elements, flags))


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
            # a scalar's value itself: numpy stores a 0-d array into an object slot as is
            out[(i,) + tuple(slice(0, s) for s in p.shape)] = p.item() if p.ndim == 0 else p
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


# -- window -----------------------------------------------------------------------------------

class _ComponentWindow(DatasetValue):
    """One component of one window: a dataset of the listed values."""

    def __init__(self, values, sparse):
        self.values, self.sparse_flags = values, (sparse,)

    def make(self, env):
        return ListIter([(v,) for v in self.values])


class Window(DatasetValue):
    def __init__(self, input, size, shift, stride, drop_remainder):
        for what, value in (("size", size), ("shift", shift), ("stride", stride)):
            if int(value) <= 0:
                raise errors.InvalidArgumentError(
                    None, None, "Window %s must be greater than zero." % what)
        self.input, self.size, self.shift = input, int(size), int(shift)
        self.stride, self.drop_remainder = int(stride), bool(drop_remainder)

    def make(self, env):
        return _WindowIter(self.input.make(env), self)


class _WindowIter(Iter):
    """TF's WindowDataset: window k holds the elements at k*shift + i*stride (i < size); at
    the end of the input the partial windows follow unless `drop_remainder`."""

    def __init__(self, input, ds):
        self.input, self.ds = input, ds
        self.buffer: list = []     # input elements from the current window's start on
        self.to_skip = 0           # input elements to drop before the next window starts
        self.exhausted = False

    def _fill(self, count):
        while not self.exhausted and self.to_skip:
            if self.input.next() is None:
                self.exhausted = True
            else:
                self.to_skip -= 1
        while not self.exhausted and len(self.buffer) < count:
            e = self.input.next()
            if e is None:
                self.exhausted = True
            else:
                self.buffer.append(e)

    def next(self):
        ds = self.ds
        self._fill((ds.size - 1) * ds.stride + 1)
        if not self.buffer or (ds.drop_remainder and
                                len(self.buffer) < (ds.size - 1) * ds.stride + 1):
            return None
        picked = self.buffer[::ds.stride][:ds.size]
        self.to_skip = max(0, ds.shift - len(self.buffer))
        self.buffer = self.buffer[ds.shift:]
        flags = ds.input.sparse_flags or (False,) * len(picked[0])
        return tuple(_ComponentWindow([e[i] for e in picked], flags[i])
                     for i in range(len(picked[0])))

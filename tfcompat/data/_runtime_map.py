"""Run-time transformations that call a traced dataset function: `map` and `filter` (per
element, or per chunk when the function is vectorized), `flat_map` and `interleave`."""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.data._runtime import DatasetValue
from tfcompat.data._runtime import Iter
from tfcompat.data._runtime import as_host
from tfcompat.data._runtime import flat_values
from tfcompat.data._runtime import from_flat_values


# -- element-wise transformations -----------------------------------------------------------

class Map(DatasetValue):
    def __init__(self, input, fn, captured, vectorized=None):
        self.input, self.fn, self.captured, self.vectorized = input, fn, captured, vectorized

    def make(self, env):
        return _MapIter(self.input.make(env), self, env)


class _MapIter(Iter):
    def __init__(self, input, ds, env):
        self.input, self.ds, self.env = input, ds, env
        self.chunkable = ds.chunkable and input.chunkable and ds.vectorized is not None
        self.in_flags = ds.input.sparse_flags
        self.out_flags = ds.sparse_flags
        self.ended = False

    def next(self):
        if self.ended:
            return None
        e = self.input.next()
        if e is None:
            return None
        try:
            out = self.ds.fn(self.env, flat_values(e), self.ds.captured)
        except errors.OutOfRangeError:
            # `f` ends the input early (a py_func raising StopIteration), for good: TF's
            # MapDataset (recorded from TF 2.21: range(8), StopIteration at 5 -> 0..4, end)
            self.ended = True
            return None
        return from_flat_values([as_host(v) for v in out], self.out_flags)

    def next_many(self, n):
        if not self.chunkable:
            return Iter.next_many(self, n)
        chunk = self.input.next_many(n)
        if chunk is None:
            return None
        return tuple(self.ds.vectorized(self.env, chunk, self.ds.captured))


class Filter(DatasetValue):
    def __init__(self, input, fn, captured, vectorized=None):
        self.input, self.fn, self.captured, self.vectorized = input, fn, captured, vectorized

    def make(self, env):
        return _FilterIter(self.input.make(env), self, env)


class _FilterIter(Iter):
    def __init__(self, input, ds, env):
        self.input, self.ds, self.env = input, ds, env
        self.chunkable = input.chunkable and ds.vectorized is not None

    def next(self):
        while True:
            e = self.input.next()
            if e is None:
                return None
            (keep,) = self.ds.fn(self.env, flat_values(e), self.ds.captured)
            if bool(keep):
                return e

    def next_many(self, n):
        if not self.chunkable:
            return Iter.next_many(self, n)
        while True:
            chunk = self.input.next_many(n)
            if chunk is None:
                return None
            (mask,) = self.ds.vectorized(self.env, chunk, self.ds.captured)
            index = torch.nonzero(torch.as_tensor(mask).reshape(-1)).reshape(-1)
            if len(index) == len(mask):
                return chunk
            if len(index):
                return tuple(c[index.numpy()] if isinstance(c, np.ndarray) else c[index]
                             for c in chunk)


class FlatMap(DatasetValue):
    def __init__(self, input, fn, captured):
        self.input, self.fn, self.captured = input, fn, captured

    def make(self, env):
        return _FlatMapIter(self.input.make(env), self, env)


def _sub_iterator(ds, env, element):
    (value,) = ds.fn(env, flat_values(element), ds.captured)
    return value.make(env)


class _FlatMapIter(Iter):
    def __init__(self, input, ds, env):
        self.input, self.ds, self.env, self.current = input, ds, env, None

    def next(self):
        while True:
            if self.current is not None:
                e = self.current.next()
                if e is not None:
                    return e
                self.current = None
            element = self.input.next()
            if element is None:
                return None
            self.current = _sub_iterator(self.ds, self.env, element)


class Interleave(DatasetValue):
    def __init__(self, input, fn, captured, cycle_length, block_length):
        self.input, self.fn, self.captured = input, fn, captured
        self.cycle_length, self.block_length = int(cycle_length), int(block_length)
        if self.cycle_length <= 0 or self.block_length <= 0:
            raise errors.InvalidArgumentError(
                None, None, "cycle_length and block_length must be greater than zero.")

    def make(self, env):
        return _InterleaveIter(self.input.make(env), self, env)


class _InterleaveIter(Iter):
    """TF's InterleaveDataset order: `block_length` elements from each of `cycle_length`
    open sub-iterators in turn; an exhausted one is replaced by the next input element's."""

    def __init__(self, input, ds, env):
        self.input, self.ds, self.env = input, ds, env
        self.current = [None] * ds.cycle_length
        self.cycle = self.block = self.open = 0
        self.end_of_input = False

    def _advance_cycle(self):
        self.block = 0
        self.cycle = (self.cycle + 1) % self.ds.cycle_length

    # hooks for the parallel versions (_runtime_parallel.py)
    def _open(self, element) -> Iter:
        return _sub_iterator(self.ds, self.env, element)

    def _next_input(self):
        return self.input.next()

    def _exhausted(self):
        """The current sub-iterator just ended."""
        self._advance_cycle()

    def next(self):
        while not self.end_of_input or self.open > 0:
            it = self.current[self.cycle]
            if it is not None:
                e = it.next()
                if e is not None:
                    self.block += 1
                    if self.block == self.ds.block_length:
                        self._advance_cycle()
                    return e
                self.current[self.cycle] = None
                self.open -= 1
                self._exhausted()
            elif not self.end_of_input:
                element = self._next_input()
                if element is None:
                    self.end_of_input = True
                else:
                    self.current[self.cycle] = self._open(element)
                    self.open += 1
            else:
                self._advance_cycle()
        return None

"""Run-time grouping and stateful transformations of tf.data.experimental, in the order TF's
kernels produce elements: `group_by_window` (GroupByWindowDataset), `group_by_reducer`
(GroupByReducerDataset), `scan`, `take_while`, `unique` and `choose_from_datasets` /
`sample_from_datasets` (DirectedInterleaveDataset).

Functions are the traced functions of tfcompat/data/_function.py, called with an element's flat
values and their captured values; they return flat values.
"""
from __future__ import annotations

import os

import numpy as np
import torch

from tfcompat import errors
from tfcompat.data._runtime import DatasetValue
from tfcompat.data._runtime import Iter
from tfcompat.data._runtime import ListIter
from tfcompat.data._runtime import SparseValue
from tfcompat.data._runtime import as_host
from tfcompat.data._runtime import flat_values
from tfcompat.data._runtime import from_flat_values
from tfcompat.ops import _philox


class Fn:
    """A traced function with the values of its captured tensors."""

    __slots__ = ("fn", "captured")

    def __init__(self, fn, captured):
        self.fn, self.captured = fn, list(captured)

    def __call__(self, env, args):
        return [as_host(v) for v in self.fn(env, list(args), self.captured)]


def _scalar_int(value) -> int:
    return int(value.item() if hasattr(value, "item") else value)


class Window(DatasetValue):
    """The elements of one group, handed to `reduce_func` as a dataset."""

    def __init__(self, elements, sparse_flags):
        self.elements, self.sparse_flags = elements, sparse_flags

    def make(self, env):
        return ListIter(self.elements)


# -- group_by_window ------------------------------------------------------------------------

class GroupByWindow(DatasetValue):
    def __init__(self, input, key_fn, reduce_fn, window_size_fn):
        self.input, self.key_fn = input, key_fn
        self.reduce_fn, self.window_size_fn = reduce_fn, window_size_fn

    def make(self, env):
        return _GroupByWindowIter(self.input.make(env), self, env)


class _GroupByWindowIter(Iter):
    """TF's order: an element joins its key's group; a group that reaches its window size is
    reduced at once and its dataset's elements come next; at the end of the input the groups
    left are reduced in ascending key order."""

    def __init__(self, input, ds, env):
        self.input, self.ds, self.env = input, ds, env
        self.groups: dict = {}
        self.window_sizes: dict = {}
        self.current = None
        self.end_of_input = False

    def next(self):
        while True:
            if self.current is not None:
                e = self.current.next()
                if e is not None:
                    return e
                self.current = None
            if self.end_of_input:
                if not self.groups:
                    return None
                self._flush(min(self.groups))
                continue
            e = self.input.next()
            if e is None:
                self.end_of_input = True
                continue
            (key,) = self.ds.key_fn(self.env, flat_values(e))
            key = _scalar_int(key)
            size = self.window_sizes.get(key)
            if size is None:
                size = self._window_size(key)
            group = self.groups.setdefault(key, [])
            group.append(e)
            if len(group) == size:
                self._flush(key)

    def _window_size(self, key) -> int:
        (size,) = self.ds.window_size_fn(self.env, [torch.tensor(key, dtype=torch.int64)])
        size = _scalar_int(size)
        if size <= 0:
            raise errors.InvalidArgumentError(
                None, None, "Window size must be greater than zero, but got %d." % size)
        self.window_sizes[key] = size
        return size

    def _flush(self, key):
        elements = self.groups.pop(key)
        self.window_sizes.pop(key, None)
        window = Window(elements, self.ds.input.sparse_flags)
        (value,) = self.ds.reduce_fn(self.env, [torch.tensor(key, dtype=torch.int64), window])
        self.current = value.make(self.env)


# -- group_by_reducer -------------------------------------------------------------------------

class GroupByReducer(DatasetValue):
    def __init__(self, input, key_fn, init_fn, reduce_fn, finalize_fn):
        self.input, self.key_fn, self.init_fn = input, key_fn, init_fn
        self.reduce_fn, self.finalize_fn = reduce_fn, finalize_fn

    def make(self, env):
        return _GroupByReducerIter(self.input.make(env), self, env)


class _GroupByReducerIter(Iter):
    """Reads the whole input, keeping one state per key, then yields `finalize_func(state)`
    for each key in ascending key order (TF's GroupByReducerDataset)."""

    def __init__(self, input, ds, env):
        self.input, self.ds, self.env = input, ds, env
        self.keys = None

    def _reduce_all(self):
        states = {}
        while True:
            e = self.input.next()
            if e is None:
                break
            (key,) = self.ds.key_fn(self.env, flat_values(e))
            key = _scalar_int(key)
            state = states.get(key)
            if state is None:
                state = self.ds.init_fn(self.env, [torch.tensor(key, dtype=torch.int64)])
            states[key] = self.ds.reduce_fn(self.env, list(state) + flat_values(e))
        self.states = states
        self.keys = sorted(states)
        self.pos = 0

    def next(self):
        if self.keys is None:
            self._reduce_all()
        if self.pos >= len(self.keys):
            return None
        key = self.keys[self.pos]
        self.pos += 1
        out = self.ds.finalize_fn(self.env, self.states.pop(key))
        return from_flat_values(out, self.ds.sparse_flags)


# -- scan, take_while, unique ---------------------------------------------------------------

class Scan(DatasetValue):
    def __init__(self, input, initial_state, scan_fn, n_state):
        self.input, self.initial_state = input, [as_host(v) for v in initial_state]
        self.scan_fn, self.n_state = scan_fn, n_state

    def make(self, env):
        return _ScanIter(self.input.make(env), self, env)


class _ScanIter(Iter):
    def __init__(self, input, ds, env):
        self.input, self.ds, self.env = input, ds, env
        self.state = list(ds.initial_state)

    def next(self):
        e = self.input.next()
        if e is None:
            return None
        out = self.ds.scan_fn(self.env, self.state + flat_values(e))
        self.state, result = out[:self.ds.n_state], out[self.ds.n_state:]
        return from_flat_values(result, self.ds.sparse_flags)


class TakeWhile(DatasetValue):
    def __init__(self, input, predicate):
        self.input, self.predicate = input, predicate

    def make(self, env):
        return _TakeWhileIter(self.input.make(env), self, env)


class _TakeWhileIter(Iter):
    def __init__(self, input, ds, env):
        self.input, self.ds, self.env, self.ended = input, ds, env, False

    def next(self):
        if self.ended:
            return None
        e = self.input.next()
        if e is None:
            return None
        (keep,) = self.ds.predicate(self.env, flat_values(e))
        if not bool(keep):
            self.ended = True
            return None
        return e


class Unique(DatasetValue):
    def __init__(self, input):
        self.input = input
        if len(input.sparse_flags) != 1:
            raise errors.InvalidArgumentError(
                None, None, "UniqueDataset only supports inputs with a single component.")

    def make(self, env):
        return _UniqueIter(self.input.make(env))


def _hashable(value):
    if isinstance(value, np.ndarray):
        return ("s", value.shape, tuple(value.reshape(-1).tolist()))
    return ("t", tuple(value.shape), tuple(value.reshape(-1).tolist()))


class _UniqueIter(Iter):
    """The first occurrence of each distinct element, in input order (TF's UniqueDataset)."""

    def __init__(self, input):
        self.input, self.seen = input, set()

    def next(self):
        while True:
            e = self.input.next()
            if e is None:
                return None
            key = _hashable(e[0])
            if key not in self.seen:
                self.seen.add(key)
                return e


# -- choose_from_datasets / sample_from_datasets ----------------------------------------------

class DirectedInterleave(DatasetValue):
    def __init__(self, selector, inputs, stop_on_empty_dataset):
        self.selector, self.inputs = selector, inputs
        self.stop_on_empty_dataset = bool(stop_on_empty_dataset)

    def make(self, env):
        return _DirectedInterleaveIter(self.selector.make(env),
                                       [d.make(env) for d in self.inputs], self)


class _DirectedInterleaveIter(Iter):
    """Each selector value picks the input to read next (TF's DirectedInterleaveDataset): an
    exhausted input is skipped (or ends everything with `stop_on_empty_dataset`); the pass
    ends when the selector or every input is exhausted."""

    def __init__(self, selector, inputs, ds):
        self.selector, self.inputs, self.ds = selector, inputs, ds
        self.live = len(inputs)

    def next(self):
        while self.selector is not None and self.live:
            s = self.selector.next()
            if s is None:
                self.selector = None
                break
            index = _scalar_int(s[0])
            if index < 0 or index >= len(self.inputs):
                raise errors.InvalidArgumentError(
                    None, None, "Selector index out of range: %d >= %d"
                    % (index, len(self.inputs)))
            it = self.inputs[index]
            if it is None:
                continue
            e = it.next()
            if e is not None:
                return e
            if self.ds.stop_on_empty_dataset:
                self.live = 0
                break
            self.inputs[index] = None
            self.live -= 1
        return None


class IgnoreErrors(DatasetValue):
    def __init__(self, input):
        self.input = input

    def make(self, env):
        return _IgnoreErrorsIter(self.input.make(env))


class _IgnoreErrorsIter(Iter):
    """Skips the elements whose production raised an OpError (TF's IgnoreErrorsDataset)."""

    def __init__(self, input):
        self.input = input

    def next(self):
        while True:
            try:
                return self.input.next()
            except errors.OpError:
                continue


# -- sources and batching of tf.data.experimental ------------------------------------------------

class Random(DatasetValue):
    """`RandomDataset`: the uint32 of the Philox stream `(seed, seed2)` selects, as int64
    scalars, forever; every pass restarts the stream (TF's kernel without reseeding)."""

    def __init__(self, seed, seed2):
        seed, seed2 = int(seed), int(seed2)
        if seed == 0 and seed2 == 0:
            seed, seed2 = (int.from_bytes(os.urandom(8), "little") >> 1 for _ in range(2))
        self.seed = (seed, seed2)

    def make(self, env):
        return _RandomIter(_philox.Uint32Stream.of_seeds(*self.seed))


class _RandomIter(Iter):
    def __init__(self, draws):
        self.draws = draws

    def next(self):
        return (torch.tensor(self.draws(), dtype=torch.int64),)


class DenseToSparseBatch(DatasetValue):
    def __init__(self, input, batch_size, row_shape, dtype):
        self.input, self.batch_size, self.dtype = input, int(batch_size), dtype
        self.row_shape = [int(d) for d in np.asarray(row_shape).reshape(-1)]
        if self.batch_size <= 0:
            raise errors.InvalidArgumentError(None, None, "Batch size must be greater than zero.")

    def make(self, env):
        return _DenseToSparseBatchIter(self.input.make(env), self)


def _shape_text(dims) -> str:
    return "[" + ",".join(str(d) for d in dims) + "]"


class _DenseToSparseBatchIter(Iter):
    """Up to `batch_size` dense elements as one SparseValue of dense shape
    [n] + row_shape holding every entry of each element (zeros included), as TF's
    DenseToSparseBatchDataset."""

    def __init__(self, input, ds):
        self.input, self.ds = input, ds

    def _check(self, shape):
        row = self.ds.row_shape
        if len(shape) != len(row):
            raise errors.InvalidArgumentError(
                None, None, "Input element had shape (%s) that is incompatible with the row "
                "shape (%s)." % (_shape_text(shape), _shape_text(row)))
        if any(d > r for d, r in zip(shape, row)):
            raise errors.DataLossError(
                None, None, "Input element had shape (%s) that is larger than the row shape "
                "(%s)." % (_shape_text(shape), _shape_text(row)))

    def next(self):
        indices, values, n = [], [], 0
        while n < self.ds.batch_size:
            e = self.input.next()
            if e is None:
                break
            value = e[0]
            shape = list(value.shape)
            self._check(shape)
            if int(np.prod(shape)):
                grid = np.indices(shape).reshape(len(shape), -1).T
                rows = np.concatenate([np.full((len(grid), 1), n), grid], 1)
                indices.append(torch.from_numpy(rows.astype(np.int64)))
                values.append(value.reshape(-1))
            n += 1
        if n == 0:
            return None
        rank = len(self.ds.row_shape) + 1
        index = torch.cat(indices) if indices else torch.zeros([0, rank], dtype=torch.int64)
        if values:
            flat = np.concatenate(values) if isinstance(values[0], np.ndarray) else \
                torch.cat(values)
        else:
            flat = self._empty_values()
        shape = torch.tensor([n] + self.ds.row_shape, dtype=torch.int64)
        return (SparseValue(index, flat, shape),)

    def _empty_values(self):
        dtype = self.ds.dtype
        if dtype is None:
            return np.zeros([0], dtype=object)
        return torch.zeros([0], dtype=dtype)

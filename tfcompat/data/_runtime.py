"""Run-time side of tf.data: dataset values (what a dataset op computes: an immutable pipeline
description) and the iterators they make, which hold the position in a session.

An element is a tuple of component values: a torch tensor, a numpy object array (tf.string)
or a `SparseValue`. Iterators produce one element per `next()` (None at the end) and, when
every component has a fully defined static shape, chunks of several stacked elements per
`next_many(n)` (the fast path for batch, shuffle and vectorized map). Sources and the simple
transformations live here; batching and shuffling in _runtime_batch.py, files in _runtime_io.py.
"""
from __future__ import annotations

import threading
import traceback

import numpy as np
import torch

from tfcompat import errors
from tfcompat.ops import script_ops
from tfcompat.client.state import RandomStreams


class SparseValue:
    """A sparse component: int64 indices [N, rank], values [N], int64 dense_shape [rank]."""

    __slots__ = ("indices", "values", "dense_shape")

    def __init__(self, indices, values, dense_shape):
        self.indices, self.values, self.dense_shape = indices, values, dense_shape


def flat_values(element) -> list:
    """The graph-level values of an element (a sparse component becomes three values)."""
    out = []
    for c in element:
        if isinstance(c, SparseValue):
            out.extend((c.indices, c.values, c.dense_shape))
        else:
            out.append(c)
    return out


def from_flat_values(values, sparse_flags) -> tuple:
    """An element from graph-level values (the inverse of `flat_values`)."""
    out, i = [], 0
    for sparse in sparse_flags:
        if sparse:
            out.append(SparseValue(*values[i:i + 3]))
            i += 3
        else:
            out.append(values[i])
            i += 1
    return tuple(out)


def as_host(value):
    if isinstance(value, torch.Tensor) and value.device.type != "cpu":
        return value.cpu()
    return value


# -- chunks: tuples of components stacked along a new leading dimension ---------------------

def chunk_len(chunk) -> int:
    return len(chunk[0]) if chunk else 0


def element_of(chunk, i) -> tuple:
    out = []
    for c in chunk:
        v = c[i]
        if isinstance(c, np.ndarray) and not isinstance(v, np.ndarray):
            v = np.array(v, dtype=object)
        out.append(v)
    return tuple(out)


def rows(chunk, start, stop) -> tuple:
    return tuple(c[start:stop] for c in chunk)


def concat_chunks(chunks) -> tuple:
    if len(chunks) == 1:
        return chunks[0]
    return tuple(np.concatenate(parts) if isinstance(parts[0], np.ndarray) else torch.cat(parts)
                 for parts in zip(*chunks))


def stack_elements(elements, what="batch") -> tuple:
    """Stacks dense components of equal shape (TF's error text otherwise)."""
    out = []
    for index, parts in enumerate(zip(*elements)):
        first = tuple(parts[0].shape)
        for j, p in enumerate(parts):
            if tuple(p.shape) != first:
                raise errors.InvalidArgumentError(
                    None, None, "Cannot %s tensors with different shapes in component %d. First "
                    "element had shape %s and element %d had shape %s."
                    % (what, index, _dims(first), j, _dims(tuple(p.shape))))
        if isinstance(parts[0], np.ndarray):
            out.append(np.stack(parts))
        else:
            out.append(torch.stack(parts))
    return tuple(out)


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


# -- environment and base classes -------------------------------------------------------------

class Env:
    """What an iterator needs from its session: the session (to compile dataset functions),
    its state, and per-initialization bookkeeping (reshuffle counters, cache storage)."""

    def __init__(self, session, state):
        self.session = session
        self.state = state
        self.lock = threading.RLock()
        self._counters: dict = {}
        self.shared: dict = {}
        self.random_streams = RandomStreams()   # this iterator's random ops (TracedFunction)

    def count(self, key) -> int:
        """0, 1, 2, ... on successive calls with the same key."""
        with self.lock:
            n = self._counters.get(key, 0)
            self._counters[key] = n + 1
            return n


class DatasetValue:
    """An immutable pipeline description; `make(env)` starts an iteration over it."""

    sparse_flags: tuple = ()
    chunkable = False  # every component dense with a fully defined static shape

    def make(self, env) -> "Iter":
        raise NotImplementedError


class Iter:
    """The position of one pass over a dataset."""

    chunkable = False

    def next(self):
        raise NotImplementedError

    def next_many(self, n: int):
        """Up to `n` stacked elements (at least one), or None at the end."""
        elements = []
        while len(elements) < n:
            e = self.next()
            if e is None:
                break
            elements.append(e)
        return stack_elements(elements) if elements else None

    def close(self):
        pass


def take_exact(it, n: int):
    """Exactly `n` stacked elements from a chunkable iterator, or fewer at its end."""
    chunks, got = [], 0
    while got < n:
        c = it.next_many(n - got)
        if c is None:
            break
        chunks.append(c)
        got += chunk_len(c)
    return concat_chunks(chunks) if chunks else None


# -- sources ----------------------------------------------------------------------------------

class TensorSlices(DatasetValue):
    def __init__(self, components, sparse_flags=None):
        components = from_flat_values([as_host(c) for c in components],
                                      sparse_flags or (False,) * len(components))
        self.components = tuple(sparse_rows(c) if isinstance(c, SparseValue) else c
                                for c in components)
        self.n = len(self.components[0]) if self.components else 0
        for c in self.components[1:]:
            if len(c) != self.n:
                raise errors.InvalidArgumentError(
                    None, None, "Dimension 0 in both shapes must be equal: but are %d and %d. "
                    "Shapes are [%d] and [%d]." % (self.n, len(c), self.n, len(c)))

    def make(self, env):
        return _SlicesIter(self.components, self.n, self.chunkable)


def sparse_rows(sparse) -> list:
    """The rows of a sparse value: row i holds the entries whose first index is i, without that
    index, and the dense shape's remaining dimensions (so empty rows are kept)."""
    indices, values, shape = sparse.indices, sparse.values, sparse.dense_shape
    first = indices[:, 0] if len(indices) else indices.new_zeros(0)
    out = []
    for row in range(int(shape[0])):
        pick = (first == row).nonzero().reshape(-1)
        row_values = values[pick.numpy()] if isinstance(values, np.ndarray) else values[pick]
        out.append(SparseValue(indices[pick, 1:], row_values, shape[1:].clone()))
    return out


class SparseSlices(DatasetValue):
    """`from_sparse_tensor_slices` (TF's SparseTensorSliceDataset): each row of a SparseTensor
    as three dense components, (indices, values, dense_shape)."""

    def __init__(self, indices, values, dense_shape):
        self.rows = sparse_rows(SparseValue(as_host(indices), as_host(values),
                                            as_host(dense_shape)))

    def make(self, env):
        return ListIter([(r.indices, r.values, r.dense_shape) for r in self.rows])


class _SlicesIter(Iter):
    def __init__(self, components, n, chunkable):
        self.components, self.n, self.pos, self.chunkable = components, n, 0, chunkable

    def next(self):
        if self.pos >= self.n:
            return None
        self.pos += 1
        return element_of(self.components, self.pos - 1)

    def next_many(self, n):
        if self.pos >= self.n:
            return None
        start, self.pos = self.pos, min(self.n, self.pos + n)
        return rows(self.components, start, self.pos)


class Tensors(DatasetValue):
    def __init__(self, components):
        self.components = tuple(as_host(c) for c in components)

    def make(self, env):
        return ListIter([self.components])


class ListIter(Iter):
    """The elements of a Python list, in order."""

    def __init__(self, elements):
        self.elements, self.pos = elements, 0

    def next(self):
        if self.pos >= len(self.elements):
            return None
        self.pos += 1
        return self.elements[self.pos - 1]


class Range(DatasetValue):
    def __init__(self, start, stop, step):
        self.start, self.stop, self.step = int(start), int(stop), int(step)
        if self.step == 0:
            raise errors.InvalidArgumentError(None, None, "step must be a non-zero integer.")

    def make(self, env):
        return _RangeIter(self.start, self.stop, self.step)


class _RangeIter(Iter):
    chunkable = True

    def __init__(self, start, stop, step):
        self.value, self.stop, self.step = start, stop, step

    def _left(self) -> int:
        if self.step > 0:
            return max(0, -(-(self.stop - self.value) // self.step))
        return max(0, -(-(self.value - self.stop) // -self.step))

    def next(self):
        if self._left() <= 0:
            return None
        v, self.value = self.value, self.value + self.step
        return (torch.tensor(v, dtype=torch.int64),)

    def next_many(self, n):
        k = min(n, self._left())
        if k <= 0:
            return None
        start, self.value = self.value, self.value + k * self.step
        return (torch.arange(k, dtype=torch.int64) * self.step + start,)


class Generator(DatasetValue):
    """`Dataset.from_generator`: calls the Python generator when an iteration starts."""

    def __init__(self, generator, args, converter):
        self.generator, self.args, self.converter = generator, args, converter

    def make(self, env):
        args = [a.tolist() if isinstance(a, np.ndarray) and a.dtype == object else
                a.numpy() if isinstance(a, torch.Tensor) else a for a in self.args]
        return _GeneratorIter(iter(self.generator(*args)), self.converter)


class _GeneratorIter(Iter):
    def __init__(self, it, converter):
        self.it, self.converter = it, converter

    def next(self):
        try:
            value = next(self.it)
        except StopIteration:
            return None
        except errors.OpError:
            raise
        except Exception as e:  # noqa: BLE001 - TF's py_func turns any exception into an error
            raise _generator_error(e) from e
        return self.converter(value)


def _generator_error(e):
    """TF runs the generator in a py_func, so an exception raised inside it surfaces with
    py_func's class (ValueError -> InvalidArgumentError, ...) and text ("ValueError: msg" and
    the traceback)."""
    cls = next((c for py, c in script_ops._EXCEPTION_CLASSES if isinstance(e, py)),
               errors.UnknownError)
    text = "\n".join(traceback.format_exception(type(e), e, e.__traceback__))
    return cls(None, None, "%s: %s\n%s\n" % (type(e).__name__, e, text))


# -- combining, limiting and repeating --------------------------------------------------------

class Zip(DatasetValue):
    def __init__(self, inputs):
        self.inputs = inputs

    def make(self, env):
        return _ZipIter([d.make(env) for d in self.inputs], self.chunkable)


class _ZipIter(Iter):
    def __init__(self, inputs, chunkable):
        self.inputs = inputs
        self.chunkable = chunkable and all(i.chunkable for i in inputs)

    def next(self):
        out = []
        for it in self.inputs:
            e = it.next()
            if e is None:
                return None
            out.extend(e)
        return tuple(out)

    def next_many(self, n):
        if not self.chunkable:
            return Iter.next_many(self, n)
        first = self.inputs[0].next_many(n)
        if first is None:
            return None
        parts, m = [first], chunk_len(first)
        for it in self.inputs[1:]:
            c = take_exact(it, m)
            if c is None:
                return None
            parts.append(c)
            m = min(m, chunk_len(c))
        return tuple(v for p in parts for v in rows(p, 0, m))


class Concatenate(DatasetValue):
    def __init__(self, first, second):
        self.first, self.second = first, second

    def make(self, env):
        return _ConcatIter(self.first.make(env), self.second, env, self.chunkable)


class _ConcatIter(Iter):
    def __init__(self, current, second, env, chunkable):
        self.current, self.second, self.env = current, second, env
        self.chunkable = chunkable and current.chunkable

    def _switch(self):
        if self.second is None:
            return False
        self.current, self.second = self.second.make(self.env), None
        self.chunkable = self.chunkable and self.current.chunkable
        return True

    def next(self):
        while True:
            e = self.current.next()
            if e is not None or not self._switch():
                return e

    def next_many(self, n):
        if not self.chunkable:
            return Iter.next_many(self, n)
        while True:
            c = self.current.next_many(n)
            if c is not None or not self._switch():
                return c


class Take(DatasetValue):
    def __init__(self, input, count):
        self.input, self.count = input, int(count)

    def make(self, env):
        return _TakeIter(self.input.make(env), self.count)


class _TakeIter(Iter):
    def __init__(self, input, count):
        self.input, self.left = input, count  # count < 0: everything
        self.chunkable = input.chunkable

    def next(self):
        if self.left == 0:
            return None
        e = self.input.next()
        if e is not None and self.left > 0:
            self.left -= 1
        return e

    def next_many(self, n):
        if self.left == 0:
            return None
        c = self.input.next_many(n if self.left < 0 else min(n, self.left))
        if c is not None and self.left > 0:
            self.left -= chunk_len(c)
        return c


class Skip(DatasetValue):
    def __init__(self, input, count):
        self.input, self.count = input, int(count)

    def make(self, env):
        return _SkipIter(self.input.make(env), self.count)


class _SkipIter(Iter):
    def __init__(self, input, count):
        self.input, self.skip = input, count  # count < 0: skip everything
        self.chunkable = input.chunkable

    def _skip(self):
        while self.skip != 0:
            e = self.input.next()
            if e is None:
                self.skip = 0
                return False
            if self.skip > 0:
                self.skip -= 1
        return True

    def next(self):
        if self.skip != 0 and not self._skip():
            return None
        return self.input.next()

    def next_many(self, n):
        if self.skip != 0 and not self._skip():
            return None
        return self.input.next_many(n)


class Shard(DatasetValue):
    """Every `num_shards`-th element, starting at `index` (TF's ShardDataset; its argument
    checks run when the iterator is made, as TF's kernel makes the dataset)."""

    def __init__(self, input, num_shards, index, require_non_empty):
        if num_shards <= 0:
            raise errors.InvalidArgumentError(
                None, None, "Number of shards must be greater than zero (currently num_shards "
                "= %d)." % num_shards)
        if not 0 <= index < num_shards:
            raise errors.InvalidArgumentError(
                None, None, "Index must be between 0 and %d (currently index = %d)."
                % (num_shards - 1, index))
        self.input, self.num_shards, self.index = input, int(num_shards), int(index)
        self.require_non_empty = require_non_empty

    def make(self, env):
        return _ShardIter(self.input.make(env), self)


class _ShardIter(Iter):
    def __init__(self, input, ds):
        self.input, self.ds, self.next_index = input, ds, 0

    def next(self):
        # as TF: skip to this shard's next element, take it; what follows is skipped by the
        # next call (an input's side effects happen when TF's would)
        ds = self.ds
        while self.next_index % ds.num_shards != ds.index:
            if self.input.next() is None:
                return None
            self.next_index += 1
        e = self.input.next()
        if e is None:
            return None
        self.next_index += 1
        if ds.require_non_empty and self.next_index < ds.num_shards:
            while self.next_index < ds.num_shards:
                if self.input.next() is None:
                    raise errors.InvalidArgumentError(None, None, _TOO_FEW_FILES % (
                        self.next_index, ds.num_shards))
                self.next_index += 1
        return e


_TOO_FEW_FILES = (
    "Could not apply FILE based sharding: the dataset only has %d file(s), which is not enough "
    "for the required %d shards/workers.If you are using datasets with distribution strategy, "
    "consider setting the auto sharding policy to either DATA or OFF using the "
    "`experimental_distribute.auto_shard_policy` optionof `tf.data.Options()`. Or, split your "
    "input files into a larger number of small files such that number of files is greater than "
    "number of shards/workers.")


class Repeat(DatasetValue):
    def __init__(self, input, count):
        self.input, self.count = input, int(count)

    def make(self, env):
        return _RepeatIter(self.input, self.count, env)


class _RepeatIter(Iter):
    def __init__(self, ds, count, env):
        self.ds, self.left, self.env = ds, count, env  # count < 0: forever
        self.current = ds.make(env) if count != 0 else None
        self.chunkable = self.current is not None and self.current.chunkable
        self.produced = False

    def _restart(self) -> bool:
        if self.left > 0:
            self.left -= 1
        if self.left == 0 or not self.produced:  # an empty input would loop forever
            self.current = None
            return False
        self.current, self.produced = self.ds.make(self.env), False
        return True

    def next(self):
        while self.current is not None:
            e = self.current.next()
            if e is not None:
                self.produced = True
                return e
            self._restart()
        return None

    def next_many(self, n):
        if not self.chunkable:
            return Iter.next_many(self, n)
        while self.current is not None:
            c = self.current.next_many(n)
            if c is not None:
                self.produced = True
                return c
            self._restart()
        return None


class Cache(DatasetValue):
    """In-memory cache: the first complete pass is stored and replayed by later passes of
    the same initialized iterator (TF's MemoryCache; with a `filename`, _runtime_cache.FileCache)."""

    def __init__(self, input):
        self.input = input

    def make(self, env):
        stored = env.shared.get(("cache", id(self)))
        if stored is not None:
            return ListIter(stored)
        return _CacheFillIter(self.input.make(env), env, ("cache", id(self)))


class _CacheFillIter(Iter):
    def __init__(self, input, env, key):
        self.input, self.env, self.key, self.seen = input, env, key, []

    def next(self):
        e = self.input.next()
        if e is None:
            if self.seen is not None:
                self.env.shared[self.key] = self.seen
                self.seen = None
            return None
        self.seen.append(e)
        return e

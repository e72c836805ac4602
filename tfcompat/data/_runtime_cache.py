"""`Dataset.cache(filename)`: TF's file cache (CacheDatasetOp::FileDataset).

A pass that finds no `<filename>.index` writes: it takes the lockfile `<filename>_0.lockfile`
(AlreadyExistsError while another iterator holds it), passes the elements through and, at the
end of its input, stores them as the tensor bundle `<filename>` (keys `"%7d_%Nd"`: element
index, component index) and removes the lockfile. A pass given up before the end removes its
lockfile and stores nothing, as TF's writer does when it is destroyed. A pass (of any session
or process) that finds `<filename>.index` reads the elements from it and not from its input.
"""
from __future__ import annotations

import os
import time
import weakref

import numpy as np
import torch

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.data._runtime import DatasetValue
from tfcompat.data._runtime import Iter
from tfcompat.data._runtime import SparseValue

_checkpoint = lazy_module("tfcompat.io.checkpoint")  # protobuf loads on first use

_MAX_ITEMS = 10000000


def _key_format(num_tensors: int) -> str:
    return "%%%dd_%%%dd" % (len(str(_MAX_ITEMS - 1)), len(str(num_tensors - 1)))


class FileCache(DatasetValue):
    def __init__(self, input, filename: str, num_tensors: int):
        self.input, self.filename, self.num_tensors = input, filename, num_tensors
        self.key = _key_format(num_tensors)

    def make(self, env):
        if os.path.exists(self.filename + ".index"):
            return _ReaderIter(self)
        return _WriterIter(self, self.input.make(env), env)


class _ReaderIter(Iter):
    def __init__(self, ds):
        self.ds, self.pos = ds, 0
        try:
            self.reader = _checkpoint.read_bundle(ds.filename)
        except FileNotFoundError as e:
            raise errors.NotFoundError(None, None, "%s; No such file or directory"
                                       % e.filename) from e

    def next(self):
        names = [self.ds.key % (self.pos, i) for i in range(self.ds.num_tensors)]
        if not all(self.reader.has_tensor(n) for n in names):
            return None
        self.pos += 1
        return tuple(_from_numpy(self.reader.get_tensor(n)) for n in names)


def _from_numpy(array):
    return array if array.dtype == object else torch.from_numpy(array.copy())


def _to_numpy(value):
    if isinstance(value, SparseValue):
        raise errors.UnimplementedError(
            None, None, "Dataset.cache(filename) of sparse components is not supported by "
            "tfcompat; cache the dense values (tf.sparse.to_dense) instead.")
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy().copy()
    return np.asarray(value)


def _remove(paths):
    for p in paths:
        try:
            os.remove(p)
        except OSError:
            pass


class _WriterIter(Iter):
    def __init__(self, ds, input, env):
        self.ds, self.input, self.env = ds, input, env
        self.prefix = ds.filename + "_0"
        self.lockfile = self.prefix + ".lockfile"
        self.tensors, self.locked, self.done = {}, False, False
        self._cleanup = None

    def _lock(self):
        index = self.prefix + ".index"
        if os.path.exists(index):
            raise errors.AlreadyExistsError(
                None, None, "Existing cache files found: \n%s\n%s\nTo continue delete the "
                "above files." % (index, self.prefix + ".data-00000-of-00001"))
        if os.path.exists(self.lockfile):
            with open(self.lockfile, "rb") as f:
                contents = f.read(150).decode("utf-8", "replace")
            raise errors.AlreadyExistsError(
                None, None, "There appears to be a concurrent caching iterator running - cache "
                "lockfile already exists ('%s'). If you are sure no other running TF "
                "computations are using this cache prefix, delete the lockfile and "
                "re-initialize the iterator. Lockfile contents: %s" % (self.lockfile, contents))
        with open(self.lockfile, "w") as f:
            f.write("Created at: %d" % int(time.time()))
        self.locked = True
        # TF's FileWriterIterator destructor (when the iterator is re-initialized or its
        # session closed): an unfinished pass leaves no files behind
        self._cleanup = weakref.finalize(self, _remove, [self.lockfile])
        with self.env.state.lock:
            self.env.state.on_close.append(self._cleanup)

    def next(self):
        if self.done:
            return None
        if not self.locked:
            self._lock()
        e = self.input.next()
        if e is None:
            self._finish()
            return None
        n = len(self.tensors) // max(self.ds.num_tensors, 1)
        for i, c in enumerate(e):
            self.tensors[self.ds.key % (n, i)] = _to_numpy(c)
        return e

    def _finish(self):
        self.done = True
        _checkpoint.write_bundle(self.ds.filename, self.tensors, sync=False)
        self.tensors = {}
        self._cleanup()

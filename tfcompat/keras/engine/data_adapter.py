"""Batches for the fit/evaluate/predict loops: from numpy arrays (sliced by an index array),
from a `tf.data.Dataset` (pulled through an initializable iterator in the Keras session, one
`(x, y[, sample_weight])` element per step, as TF 1.x's Keras feeds a dataset in graph mode),
or from a Python generator / `keras.utils.Sequence` (`fit_generator`).

A dataset's steps per epoch are `steps_per_epoch`, else its cardinality when finite; a finite
dataset is re-initialized each epoch, a repeated one (with `steps_per_epoch`) runs on. A
generator runs on across epochs; a Sequence is indexed afresh each epoch (len() steps).
"""
from __future__ import annotations

import numpy as np

from tfcompat import errors
from tfcompat.data import dataset_ops
from tfcompat.data import experimental_transforms
from tfcompat.data import iterator_ops
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.sparse_tensor import SparseTensorValue
from tfcompat.keras import backend


def is_dataset(x):
    return isinstance(x, dataset_ops.DatasetV1)


def is_sequence(x):
    return hasattr(x, "__getitem__") and hasattr(x, "__len__") and \
        hasattr(x, "on_epoch_end")


def is_generator(x):
    return hasattr(x, "__next__") or is_sequence(x)


def feed_for(x, steps, what, shuffle=False):
    """The DatasetFeed / GeneratorFeed for `x`, or None for arrays."""
    if is_dataset(x):
        return DatasetFeed(x, steps, what)
    if is_generator(x):
        return GeneratorFeed(x, steps, what, shuffle)
    return None


def array_batches(ins, index_array, batch_size):
    """(arrays, size) per batch of the rows `index_array` names."""
    for start in range(0, len(index_array), batch_size):
        ids = index_array[start:start + batch_size]
        yield [a[ids] for a in ins], len(ids)


class DatasetFeed:
    """A dataset's elements as numpy batches: `(x, y, sample_weight)` per step."""

    announce = True

    def __init__(self, dataset, steps, what="steps_per_epoch"):
        with graph_lib.name_scope(None):
            self._iterator = iterator_ops.make_initializable_iterator(dataset)
            self._next = self._iterator.get_next()
            count = experimental_transforms.cardinality(dataset)
        session = backend.get_session()
        size = int(session.run(count))
        if steps is None and size < 0:
            raise ValueError("When passing an infinitely repeating dataset, you must specify "
                             "the `%s` argument." % what)
        # NOTE: a counted size is an int64, as TF's (it shows in the callbacks' params)
        self.steps = steps if steps is not None else np.int64(size)
        self.reinitialize = steps is None
        self._fresh = False
        self._peeked = None

    def start(self):
        """Positions the iterator for an epoch (re-initialized unless it repeats)."""
        if self.reinitialize or not self._fresh:
            if self._peeked is None:
                backend.get_session().run(self._iterator.initializer)
            self._fresh = True

    def peek(self):
        """The first element (to build an unbuilt model from), given again by `elements`."""
        self.start()
        if self._peeked is None:
            self._peeked = _split(backend.get_session().run(self._next))
        return self._peeked

    def elements(self):
        session = backend.get_session()
        for _ in range(self.steps):
            if self._peeked is not None:
                element, self._peeked = self._peeked, None
            else:
                try:
                    element = _split(session.run(self._next))
                except errors.OutOfRangeError:
                    return
            yield element
        if self.reinitialize:
            self._fresh = False


class SparseRows(SparseTensorValue):
    """A dataset's batch for a sparse input (fed as is): counted in rows, as an array is."""

    __slots__ = ()

    def __len__(self):
        return int(self.dense_shape[0])


def _sparse_rows(x):
    if isinstance(x, SparseTensorValue):
        return SparseRows(*x)
    if isinstance(x, list):
        return [_sparse_rows(item) for item in x]
    return x


def _split(element):
    """(x, y, sample_weight) of one dataset element (y and sample_weight may be None); a
    sparse x (a SparseTensorValue, as TF's graph-mode fit takes one from a dataset) stays
    whole."""
    if isinstance(element, tuple) and not isinstance(element, SparseTensorValue):
        parts = list(element) + [None] * (3 - len(element))
        return _sparse_rows(parts[0]), parts[1], parts[2]
    return _sparse_rows(element), None, None


class GeneratorFeed:
    """A generator's (or Sequence's) `(x, y[, sample_weight])` batches, one per step."""

    announce = False          # TF prints no "Train on ..." line for generators

    def __init__(self, generator, steps, what="steps_per_epoch", shuffle=False):
        self._sequence = generator if is_sequence(generator) else None
        if steps is None:
            if self._sequence is None:
                raise ValueError("Please specify the number of steps via the `%s` argument."
                                 % what)
            steps = len(generator)
        self.steps = steps
        self._iterator = None if self._sequence is not None else generator
        self._shuffle = shuffle
        self._peeked = None

    def start(self):
        pass

    def peek(self):
        if self._peeked is None:
            self._peeked = self._next(0)
        return self._peeked

    def _next(self, index):
        if self._sequence is not None:
            return _split(self._sequence[index])
        return _split(next(self._iterator))

    def elements(self):
        order = list(range(self.steps))
        if self._sequence is not None and self._shuffle:
            order = list(np.random.permutation(self.steps))
        for index in order:
            if self._peeked is not None and index == order[0]:
                element, self._peeked = self._peeked, None
                if self._sequence is not None and index != 0:
                    element = self._next(index)
            else:
                try:
                    element = self._next(index)
                except StopIteration:
                    return
            yield element
        if self._sequence is not None:
            self._sequence.on_epoch_end()

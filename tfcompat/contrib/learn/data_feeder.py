"""tf.contrib.learn's DataFeeder (TF 1.15 learn_io/data_feeder.py): numpy `x` (and `y`) fed
to `input`/`output` placeholders batch by batch by a feed function; shuffled with
np.random.RandomState(42) each epoch; batch_size None means the whole data. After `epochs`
epochs the feed function raises StopIteration, which ends evaluation and prediction."""
from __future__ import annotations

import numpy as np

import tfcompat as tf


def _check_array(array):
    return np.asarray(array) if isinstance(array, (list, tuple)) else array


class DataFeeder:
    """Samples batches of numpy `x` (a matrix or a dict of them) and `y` into placeholders."""

    def __init__(self, x, y, batch_size=None, shuffle=True, random_state=None, epochs=None):
        if not isinstance(x, (np.ndarray, list, tuple, dict)):
            raise ValueError("tfcompat's contrib.learn data feeder takes numpy arrays (or dicts "
                             "of them) as x, given: {}".format(type(x)))
        self._x = ({k: _check_array(v) for k, v in x.items()} if isinstance(x, dict)
                   else _check_array(x))
        self._y = None if y is None else (
            {k: _check_array(v) for k, v in y.items()} if isinstance(y, dict)
            else _check_array(y))
        first = list(self._x.values())[0] if isinstance(self._x, dict) else self._x
        self._num_samples = first.shape[0]
        if batch_size is None:
            batch_size = self._num_samples
        elif batch_size <= 0:
            raise ValueError("Invalid batch_size %d." % batch_size)
        self._batch_size = batch_size
        self.max_epochs = epochs
        self._shuffle = shuffle
        self.random_state = np.random.RandomState(42) if random_state is None else random_state
        self.indices = (self.random_state.permutation(self._num_samples) if shuffle
                        else np.arange(self._num_samples))
        self.offset = 0
        self.epoch = 0
        self._input_placeholder = self._output_placeholder = None

    batch_size = property(lambda self: self._batch_size)

    def input_builder(self):
        """The `input` and `output` placeholders (a dict of `input_<key>` for dict x)."""
        self._input_placeholder = _placeholders(self._x, "input", feature=True)
        self._output_placeholder = _placeholders(self._y, "output", feature=False)
        return self._input_placeholder, self._output_placeholder

    def get_feed_dict_fn(self):
        def _feed_dict_fn():
            if self.max_epochs is not None and self.epoch + 1 > self.max_epochs:
                raise StopIteration
            end = min(self._num_samples, self.offset + self._batch_size)
            batch = self.indices[self.offset:end]
            feed_dict = _feeds(self._input_placeholder, self._x, batch, feature=True)
            self.offset += self._batch_size
            if self.offset >= self._num_samples:
                self.indices = (self.random_state.permutation(self._num_samples)
                                if self._shuffle else np.arange(self._num_samples))
                self.offset = 0
                self.epoch += 1
            if self._output_placeholder is not None:
                feed_dict.update(_feeds(self._output_placeholder, self._y, batch,
                                        feature=False))
            return feed_dict
        return _feed_dict_fn


def _shape(array, feature):
    if feature:
        return [None] + (list(array.shape[1:]) if array.ndim > 1 else [1])
    shape = list(array.shape[1:]) if array.ndim > 1 else []
    if shape and shape[0] == 1:
        shape = shape[1:]
    return [None] + shape


def _placeholders(data, prefix, feature):
    if data is None:
        return None
    if isinstance(data, dict):
        return {k: tf.placeholder(tf.as_dtype(v.dtype), _shape(v, feature),
                                  name=prefix + "_" + k) for k, v in data.items()}
    return tf.placeholder(tf.as_dtype(data.dtype), _shape(data, feature), name=prefix)


def _batch(array, batch, feature):
    values = array[batch]
    if feature and array.ndim == 1:
        return values.reshape((batch.shape[0], 1))
    if not feature:
        return values.reshape([batch.shape[0]] + _shape(array, feature)[1:])
    return values


def _feeds(placeholder, data, batch, feature):
    if isinstance(data, dict):
        return {placeholder[k].name: _batch(v, batch, feature) for k, v in data.items()}
    return {placeholder.name: _batch(data, batch, feature)}


def get_input_fn(x, y, input_fn, feed_fn, batch_size, shuffle=False, epochs=1):
    """(input_fn, feed_fn) of estimator arguments: a DataFeeder's for numpy x and y."""
    if input_fn is None:
        if x is None:
            raise ValueError("Either x or input_fn must be provided.")
        if isinstance(x, tf.Tensor) or (y is not None and isinstance(y, tf.Tensor)):
            raise ValueError("Inputs cannot be tensors. Please provide input_fn.")
        if feed_fn is not None:
            raise ValueError("Can not provide both feed_fn and x or y.")
        feeder = DataFeeder(x, y, batch_size=batch_size, shuffle=shuffle, epochs=epochs)
        return feeder.input_builder, feeder.get_feed_dict_fn()
    if (x is not None) or (y is not None):
        raise ValueError("Can not provide both input_fn and x or y.")
    if batch_size is not None:
        raise ValueError("Can not provide both input_fn and batch_size.")
    return input_fn, feed_fn

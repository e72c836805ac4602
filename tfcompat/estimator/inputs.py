"""tf.estimator.inputs: numpy_input_fn and pandas_input_fn (TF 1.15's v1 API).

TF feeds the arrays through a queue filled by Python threads; tfcompat streams them from a
Python generator through tf.data (`Dataset.from_generator`), which keeps the arrays out of the
graph as TF does, and yields the same batches: in order without shuffle, a new permutation each
epoch with it, the last batch short when `num_epochs` is set, batches running across epoch
boundaries (full `batch_size`) when it is None.
"""
from __future__ import annotations

import collections

import numpy as np

import tfcompat as tf

try:
    import pandas as _pd
except ImportError:   # pandas is optional: pandas_input_fn then says it is missing
    _pd = None

_TARGET_KEY = "__target_key__"
_DIRECT_KEY = "__direct_np_input__"


def _ordered_features(x):
    if isinstance(x, dict):
        if not x:
            raise ValueError("x cannot be an empty dict")
        return collections.OrderedDict(sorted(x.items(), key=lambda t: t[0]))
    if isinstance(x, np.ndarray):
        if x.size == 0:
            raise ValueError("x cannot be an empty array")
        return collections.OrderedDict({_DIRECT_KEY: x})
    raise TypeError("x must be a dict or array; got {}".format(type(x).__name__))


def _unique_key(data, key):
    while key in data:
        key += "_n"
    return key


def _check_shuffle(shuffle):
    if not isinstance(shuffle, bool):
        raise ValueError("shuffle must be provided and explicitly set as boolean (it is "
                         "recommended to set it as True for training); got {}".format(shuffle))


def _batches(arrays, batch_size, num_epochs, shuffle, seed):
    """A generator function over {key: batch array}: the epochs' (permuted) row indices, cut
    into batches."""
    n = len(next(iter(arrays.values())))

    def generate():
        rng = np.random.RandomState(seed)
        epoch, pending = 0, np.zeros([0], np.int64)
        while num_epochs is None or epoch < num_epochs:
            order = rng.permutation(n) if shuffle else np.arange(n)
            pending = np.concatenate([pending, order])
            epoch += 1
            while len(pending) >= batch_size:
                rows, pending = pending[:batch_size], pending[batch_size:]
                yield {k: v[rows] for k, v in arrays.items()}
        if len(pending):
            yield {k: v[pending] for k, v in arrays.items()}

    return generate


def _stream(arrays, batch_size, num_epochs, shuffle):
    """{key: batch tensor} read from the arrays through a one-shot tf.data iterator."""
    batch_dim = batch_size if num_epochs is None else None
    types = {k: tf.as_dtype(v.dtype) for k, v in arrays.items()}
    shapes = {k: tf.TensorShape([batch_dim] + list(v.shape[1:])) for k, v in arrays.items()}
    # the graph seed (RunConfig's tf_random_seed) makes the order repeatable, as it makes TF's
    # shuffling queue's; without one, fresh entropy (numpy's global state is left alone)
    seed = tf.get_default_graph().seed
    if seed is None and shuffle:
        seed = np.random.RandomState().randint(2 ** 31)
    dataset = tf.data.Dataset.from_generator(
        _batches(arrays, batch_size, num_epochs, shuffle, seed), types, shapes)
    return tf.data.make_one_shot_iterator(dataset).get_next()


def numpy_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000,
                   num_threads=1):
    """An input_fn giving batches of `x` (a dict of arrays, or one array) and `y` (an array,
    a dict of arrays or None)."""
    _check_shuffle(shuffle)

    def input_fn():
        data = _ordered_features(x)
        feature_keys = list(data)
        target_keys = None
        if isinstance(y, dict):
            if not y:
                raise ValueError("y cannot be empty dict, use None instead.")
            ordered_y = collections.OrderedDict(sorted(y.items(), key=lambda t: t[0]))
            target_keys = list(ordered_y)
            duplicates = set(feature_keys) & set(target_keys)
            if duplicates:
                raise ValueError("{} duplicate keys are found in both x and y: {}".format(
                    len(duplicates), duplicates))
            data.update(ordered_y)
        elif y is not None:
            target_keys = _unique_key(data, _TARGET_KEY)
            data[target_keys] = y
        data = collections.OrderedDict((k, np.asarray(v)) for k, v in data.items())
        if len({v.shape[0] for v in data.values()}) != 1:
            if target_keys is None:
                y_shapes = None
            elif isinstance(target_keys, str):
                y_shapes = np.shape(y)
            else:
                y_shapes = {k: data[k].shape for k in target_keys}
            raise ValueError("Length of tensors in x and y is mismatched. All elements in x and "
                             "y must have the same length.\nShapes in x: {}\nShapes in y: {}\n"
                             .format({k: data[k].shape for k in feature_keys}, y_shapes))
        batch = _stream(data, batch_size, num_epochs, shuffle)
        features = (batch[_DIRECT_KEY] if isinstance(x, np.ndarray)
                    else {k: batch[k] for k in feature_keys})
        if target_keys is None:
            return features
        if isinstance(target_keys, str):
            return features, batch[target_keys]
        return features, {k: batch[k] for k in target_keys}

    return input_fn


def pandas_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000,
                    num_threads=1, target_column="target"):
    """An input_fn giving batches of a DataFrame's columns as features and the Series (or
    DataFrame) `y` as labels."""
    if _pd is None:
        raise TypeError("pandas_input_fn should not be called without pandas installed")
    _check_shuffle(shuffle)
    if not isinstance(target_column, str):
        raise TypeError("target_column must be a string type")
    x = x.copy()
    target_columns = None
    if y is not None:
        if target_column in x:
            raise ValueError("Cannot use name %s for target column: DataFrame already has a "
                             "column with that name: %s" % (target_column, x.columns))
        if not np.array_equal(x.index, y.index):
            raise ValueError("Index for x and y are mismatched.\nIndex for x: %s\n"
                             "Index for y: %s\n" % (x.index, y.index))
        if isinstance(y, _pd.DataFrame):
            target_columns = [_unique_key(x, column) for column in list(y)]
            x[target_columns] = y
        else:
            target_columns = target_column
            x[target_column] = y

    def input_fn():
        data = collections.OrderedDict((str(c), x[c].values) for c in x.columns)
        batch = _stream(data, batch_size, num_epochs, shuffle)
        if target_columns is None:
            return batch
        if isinstance(target_columns, str):
            return batch, batch.pop(target_columns)
        return batch, {c: batch.pop(c) for c in target_columns}

    return input_fn

"""`tf.keras.datasets.cifar10`: 32x32 colour images in 10 classes, from the python-pickle
archive `cifar-10-python.tar.gz` extracted in the Keras cache."""
from __future__ import annotations

import os

import numpy as np

from tfcompat.keras import backend
from tfcompat.keras.datasets import _cache

_ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
_HASH = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"


def load_data(cache_dir=None):
    """`(x_train, y_train), (x_test, y_test)`: uint8 images (N, 32, 32, 3) under
    channels_last (else (N, 3, 32, 32)) and uint8 labels (N, 1)."""
    path = _cache.fetch("cifar-10-batches-py", _ORIGIN, _HASH, cache_dir, untar=True)
    # TF fills a preallocated 50,000-row array; stacking the five batches gives the same
    # arrays for the real files and also reads smaller ones.
    batches = [_cache.load_batch(os.path.join(path, "data_batch_%d" % i)) for i in range(1, 6)]
    x_train = np.concatenate([x for x, _ in batches]).astype("uint8")
    y_train = np.concatenate([np.asarray(y) for _, y in batches]).astype("uint8")
    x_test, y_test = _cache.load_batch(os.path.join(path, "test_batch"))
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    if backend.image_data_format() == "channels_last":
        x_train, x_test = x_train.transpose(0, 2, 3, 1), x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test.astype(x_train.dtype), y_test.astype(y_train.dtype))

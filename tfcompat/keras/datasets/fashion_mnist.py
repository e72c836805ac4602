"""`tf.keras.datasets.fashion_mnist`: Zalando's 28x28 clothing images, read from the four
gzipped IDX files in `~/.keras/datasets/fashion-mnist`."""
from __future__ import annotations

import gzip
import os

import numpy as np

from tfcompat.keras.datasets import _cache

_FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")


def _read(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def load_data(cache_dir=None):
    """`(x_train, y_train), (x_test, y_test)`: uint8 images (N, 28, 28) and labels (N,)."""
    subdir = os.path.join("datasets", "fashion-mnist")
    # TF passes no hash for these files: whatever the cache holds is used
    paths = [_cache.fetch(fname, _cache.ORIGIN + fname, None, cache_dir, cache_subdir=subdir)
             for fname in _FILES]
    y_train, y_test = _read(paths[0], 8), _read(paths[2], 8)
    x_train = _read(paths[1], 16).reshape(len(y_train), 28, 28)
    x_test = _read(paths[3], 16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)

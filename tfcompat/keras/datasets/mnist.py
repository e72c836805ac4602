"""`tf.keras.datasets.mnist`: 60,000 training and 10,000 test 28x28 uint8 digit images."""
from __future__ import annotations

import numpy as np

from tfcompat.keras.datasets import _cache

_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def load_data(path="mnist.npz", cache_dir=None):
    """`(x_train, y_train), (x_test, y_test)` from `mnist.npz` in the Keras cache."""
    path = _cache.fetch(path, _cache.ORIGIN + "mnist.npz", _HASH, cache_dir)
    with np.load(path, allow_pickle=True) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])

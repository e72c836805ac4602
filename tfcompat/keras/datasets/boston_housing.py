"""`tf.keras.datasets.boston_housing`: 506 rows of 13 features and the median house price."""
from __future__ import annotations

import numpy as np

from tfcompat.keras.datasets import _cache

_HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"


def load_data(path="boston_housing.npz", test_split=0.2, seed=113, cache_dir=None):
    """The rows shuffled with `seed`, the last `test_split` of them as the test set."""
    assert 0 <= test_split < 1
    path = _cache.fetch(path, _cache.ORIGIN + "boston_housing.npz", _HASH, cache_dir)
    with np.load(path, allow_pickle=True) as f:
        x, y = f["x"], f["y"]
    x, y = _cache.shuffled(np.random.RandomState(seed), x, y)
    n = int(len(x) * (1 - test_split))
    return (np.array(x[:n]), np.array(y[:n])), (np.array(x[n:]), np.array(y[n:]))

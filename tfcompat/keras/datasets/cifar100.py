"""`tf.keras.datasets.cifar100`: 32x32 colour images with 100 fine or 20 coarse labels, from
`cifar-100-python.tar.gz` extracted in the Keras cache."""
from __future__ import annotations

import os

import numpy as np

from tfcompat.keras import backend
from tfcompat.keras.datasets import _cache

_ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
_HASH = "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"


def load_data(label_mode="fine", cache_dir=None):
    """`(x_train, y_train), (x_test, y_test)`; `label_mode` 'fine' (100 classes) or 'coarse'."""
    if label_mode not in ["fine", "coarse"]:
        raise ValueError('`label_mode` must be one of `"fine"`, `"coarse"`. Received: '
                         "label_mode=%s." % (label_mode,))
    path = _cache.fetch("cifar-100-python", _ORIGIN, _HASH, cache_dir, untar=True)
    x_train, y_train = _cache.load_batch(os.path.join(path, "train"), label_mode + "_labels")
    x_test, y_test = _cache.load_batch(os.path.join(path, "test"), label_mode + "_labels")
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    if backend.image_data_format() == "channels_last":
        x_train, x_test = x_train.transpose(0, 2, 3, 1), x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)

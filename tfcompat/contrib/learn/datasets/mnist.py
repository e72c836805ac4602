"""tf.contrib.learn.datasets.mnist (TF 1.15 learn/datasets/mnist.py): `read_data_sets` on the
four IDX `.gz` files of a local directory, with tensorflow.examples.tutorials.mnist's DataSet
(the same code in TF). tfcompat does not download them: a missing file fails naming it."""
from __future__ import annotations

from tfcompat.contrib.learn.datasets import base
from tfcompat.examples.tutorials.mnist import input_data
from tfcompat.examples.tutorials.mnist.input_data import (DEFAULT_SOURCE_URL, DataSet,
                                                          dense_to_one_hot, extract_images,
                                                          extract_labels)
from tfcompat.framework import dtypes

__all__ = ["DEFAULT_SOURCE_URL", "DataSet", "dense_to_one_hot", "extract_images",
           "extract_labels", "read_data_sets", "load_mnist"]

_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=dtypes.float32,
                   reshape=True, validation_size=5000, seed=None,
                   source_url=DEFAULT_SOURCE_URL):
    """Datasets(train, validation, test) of the MNIST files in `train_dir`."""
    if not fake_data:
        for name in _FILES:
            base.maybe_download(name, train_dir, (source_url or DEFAULT_SOURCE_URL) + name)
    sets = input_data.read_data_sets(train_dir, fake_data=fake_data, one_hot=one_hot,
                                     dtype=dtype, reshape=reshape,
                                     validation_size=validation_size, seed=seed,
                                     source_url=source_url)
    return base.Datasets(train=sets.train, validation=sets.validation, test=sets.test)


def load_mnist(train_dir="MNIST-data"):
    return read_data_sets(train_dir)



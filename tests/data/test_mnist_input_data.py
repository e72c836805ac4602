"""`tensorflow.examples.tutorials.mnist.input_data` as TF 1.15 shipped it, on small IDX files
written here: TF's file checks, scaling, validation split, one-hot labels, and `next_batch`
shuffling with numpy's global RNG (reseeded from the graph seed, as TF's DataSet does)."""
import gzip
import struct

import numpy as np
import pytest

import tfcompat as tf
from tfcompat.examples.tutorials.mnist import input_data

pytestmark = pytest.mark.tfcompat_only


def _write(directory, n_train=12, n_test=4):
    rng = np.random.RandomState(0)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        images = rng.randint(0, 256, (n, 28, 28)).astype(np.uint8)
        labels = (np.arange(n) % 10).astype(np.uint8)
        with gzip.open(directory / ("%s-images-idx3-ubyte.gz" % prefix), "wb") as f:
            f.write(struct.pack(">IIII", 2051, n, 28, 28) + images.tobytes())
        with gzip.open(directory / ("%s-labels-idx1-ubyte.gz" % prefix), "wb") as f:
            f.write(struct.pack(">II", 2049, n) + labels.tobytes())
    return images


def test_read_data_sets_and_next_batch(tmp_path):
    _write(tmp_path)
    with tf.Graph().as_default():
        tf.set_random_seed(7)
        data = input_data.read_data_sets(str(tmp_path), one_hot=True, validation_size=2)
    assert data.train.images.shape == (10, 784) and data.validation.num_examples == 2
    assert data.test.labels.shape == (4, 10) and data.train.images.dtype == np.float32
    assert data.train.images.max() <= 1.0
    labels = data.train.labels.argmax(1).copy()          # before any shuffle: 2, 3, ..., 9, 0, 1
    np.testing.assert_array_equal(labels, [2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
    # the last DataSet built (test) reseeded numpy with the graph seed, as TF's does
    np.random.seed(7)
    first = np.arange(10)
    np.random.shuffle(first)
    second = np.arange(10)
    np.random.shuffle(second)
    with tf.Graph().as_default():
        tf.set_random_seed(7)
        data = input_data.read_data_sets(str(tmp_path), validation_size=2)
    batch = [data.train.next_batch(4)[1] for _ in range(3)]
    order = labels[first]
    np.testing.assert_array_equal(batch[0], order[:4])
    np.testing.assert_array_equal(batch[1], order[4:8])
    # the epoch ends inside the third batch: its rest, then the reshuffled new epoch
    np.testing.assert_array_equal(batch[2], np.concatenate([order[8:], order[second][:2]]))
    assert data.train.epochs_completed == 1


def test_bad_files_and_fake_data(tmp_path):
    _write(tmp_path)
    with gzip.open(tmp_path / "t10k-labels-idx1-ubyte.gz", "wb") as f:
        f.write(struct.pack(">II", 1234, 0))
    with pytest.raises(ValueError, match="Invalid magic number 1234 in MNIST label file"):
        input_data.read_data_sets(str(tmp_path))
    fake = input_data.read_data_sets("unused", fake_data=True, one_hot=True)
    images, labels = fake.train.next_batch(2, fake_data=True)
    assert len(images[0]) == 784 and labels[0] == [1] + [0] * 9


def test_importable_as_tensorflow_under_tfcompat_run():
    from tfcompat import _import_hook
    module, _ = _import_hook.resolve("tensorflow.examples.tutorials.mnist.input_data")
    assert module.read_data_sets is input_data.read_data_sets

"""tf.contrib.learn.datasets' MNIST loaders (TF 1.15 learn/datasets/mnist.py and
__init__.py's load_dataset) on small IDX files written here; tfcompat reads a local directory
and does not download (a missing file fails naming it), and the data TF bundled (iris,
boston) fails naming the loader; and the TF 1.15 module paths 2017 code imported
contrib.learn's pieces from."""
import gzip
import os
import struct

import numpy as np
import pytest

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


def test_mnist_read_data_sets_and_load_dataset(tf, tmp_path, monkeypatch):
    _write(tmp_path)
    sets = tf.contrib.learn.datasets.mnist.read_data_sets(str(tmp_path), one_hot=True,
                                                          validation_size=2)
    assert isinstance(sets, tf.contrib.learn.datasets.base.Datasets)
    # the first validation_size training examples are the validation set; images scaled to
    # [0, 1] and flattened; one-hot labels
    assert sets.train.images.shape == (10, 784) and sets.validation.num_examples == 2
    assert sets.test.labels.shape == (4, 10) and sets.train.images.max() <= 1.0
    np.testing.assert_array_equal(sets.validation.labels.argmax(1), [0, 1])
    # load_dataset("mnist") is load_mnist("MNIST-data"): the default validation_size (5000)
    # is more than these 12 training images
    (tmp_path / "MNIST-data").mkdir()
    _write(tmp_path / "MNIST-data")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="Validation size should be between 0 and 12. "
                                         "Received: 5000."):
        tf.contrib.learn.datasets.load_dataset("mnist")
    with pytest.raises(ValueError, match="Name of dataset is not found: nope"):
        tf.contrib.learn.datasets.load_dataset("nope")


def test_no_download(tf, tmp_path):
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte.gz is not in"):
        tf.contrib.learn.datasets.mnist.read_data_sets(str(tmp_path / "none"))
    assert not os.path.exists(tmp_path / "none")
    with pytest.raises(NotImplementedError, match="tf.contrib.learn.datasets.base.load_iris"):
        tf.contrib.learn.datasets.load_dataset("iris")
    with pytest.raises(NotImplementedError, match="load_boston"):
        tf.contrib.learn.datasets.base.load_boston()
    fake = tf.contrib.learn.datasets.mnist.read_data_sets("unused", fake_data=True)
    assert fake.train.num_examples == 10000


def test_tf115_module_paths(tf):
    """2017 code imported these from TF's source modules
    (`from tensorflow.contrib.learn.python.learn import learn_runner`)."""
    from tfcompat._import_hook import resolve
    base = "tensorflow.contrib.learn.python.learn."
    assert resolve(base + "learn_runner.run")[0] is tf.contrib.learn.learn_runner.run
    assert resolve(base + "utils.saved_model_export_utils.make_export_strategy")[0] is \
        tf.contrib.learn.make_export_strategy
    assert resolve(base + "utils.input_fn_utils.InputFnOps")[0] is tf.contrib.learn.InputFnOps
    assert resolve(base + "estimators.run_config.RunConfig")[0] is tf.contrib.learn.RunConfig
    assert resolve(base + "estimators.run_config._DEFAULT_UID_WHITE_LIST")[0][0] == \
        "tf_random_seed"
    assert resolve(base + "estimators.model_fn.ModeKeys")[0] is tf.contrib.learn.ModeKeys
    assert resolve(base + "estimators.constants.ProblemType")[0] is tf.contrib.learn.ProblemType
    assert resolve(base + "metric_spec.MetricSpec")[0] is tf.contrib.learn.MetricSpec
    assert resolve(base + "experiment.Experiment")[0] is tf.contrib.learn.Experiment
    assert resolve(base + "datasets.mnist.read_data_sets")[0] is \
        tf.contrib.learn.datasets.mnist.read_data_sets

"""tfcompat's side of Keras HDF5 files: without h5py each HDF5 path says which API needs it
and `pip install h5py`; the SavedModel format stays refused; and, with real TensorFlow in a
subprocess (skipped without it), files tfcompat wrote load in TF and train on alike."""
import os

import numpy as np
import pytest

import tfcompat as tf
from tfcompat._lazy import lazy_module
from tfcompat._unsupported import UnsupportedAPIError
from tfcompat.keras.engine import saving_hdf5

pytestmark = pytest.mark.tfcompat_only

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "keras_h5")
X = np.linspace(-1, 1, 16, dtype=np.float32).reshape(4, 4)
Y = np.array([[0.5, -0.5], [1.0, 0.0], [0.0, 1.0], [-1.0, 0.25]], np.float32)


@pytest.fixture
def model():
    with tf.Graph().as_default():
        m = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,))])
        m.compile("sgd", "mse")
        yield m


def test_without_h5py_the_error_says_what_to_install(model, tmp_path, monkeypatch):
    monkeypatch.setattr(saving_hdf5, "h5py", lazy_module("tfcompat_test_no_such_h5py"))
    calls = {"tf.keras.Model.save": lambda: model.save(str(tmp_path / "m.h5")),
             "tf.keras.models.save_model": lambda: tf.keras.models.save_model(
                 model, str(tmp_path / "m.h5")),
             "tf.keras.models.load_model": lambda: tf.keras.models.load_model(
                 str(tmp_path / "m.h5")),
             "tf.keras.Model.save_weights": lambda: model.save_weights(str(tmp_path / "w.h5")),
             "tf.keras.Model.load_weights": lambda: model.load_weights(str(tmp_path / "w.h5"))}
    for api, call in calls.items():
        with pytest.raises(ImportError, match=r"^`%s` with an HDF5 file .* needs the h5py "
                           r"package, which is not installed: pip install h5py"
                           % api.replace(".", r"\.")):
            call()


def test_savedmodel_format_is_refused(model, tmp_path):
    with pytest.raises(UnsupportedAPIError, match="tf.keras.Model.save.*SavedModel"):
        model.save(str(tmp_path / "m"), save_format="tf")
    with pytest.raises(UnsupportedAPIError, match="tf.keras.models.save_model.*SavedModel"):
        tf.keras.models.save_model(model, str(tmp_path / "m"), save_format="tf")
    os.makedirs(str(tmp_path / "saved_model_dir"))
    with pytest.raises(UnsupportedAPIError, match="tf.keras.models.load_model.*SavedModel"):
        tf.keras.models.load_model(str(tmp_path / "saved_model_dir"))


def test_tf_checkpoint_weights_still_work(model, tmp_path):
    model.save_weights(str(tmp_path / "w"), save_format="tf")
    model.load_weights(str(tmp_path / "w"))
    assert np.shape(model.get_weights()[0]) == (3, 2)


_TF_SIDE = """
d = ARGS["dir"]
x, y = np.asarray(ARGS["x"], np.float32), np.asarray(ARGS["y"], np.float32)
with tf.Graph().as_default(), tf.Session().as_default():
    m = tf.keras.models.load_model(d + "/ours.h5")
    RESULT["iterations"] = int(tf.keras.backend.get_value(m.optimizer.iterations))
    RESULT["loss"] = [float(v) for v in m.train_on_batch(x, y)]
    RESULT["kernel"] = m.get_weights()[0].tolist()
with tf.Graph().as_default(), tf.Session().as_default():
    m = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="relu", input_shape=(4,)),
                             tf.keras.layers.Dense(2)])
    m.load_weights(d + "/ours_w.h5")
    RESULT["weights"] = m.get_weights()[0].tolist()
"""


@pytest.mark.tf_interop
def test_files_tfcompat_wrote_load_in_tf(run_tf, tmp_path):
    pytest.importorskip("h5py")
    d = str(tmp_path)
    with tf.Graph().as_default():
        m = tf.keras.models.load_model(os.path.join(FIXTURES, "seq_adam.h5"))
        m.train_on_batch(X, Y)                    # TF's file, one more step here
        m.save(d + "/ours.h5")
        m.save_weights(d + "/ours_w.h5")
        saved_kernel = m.get_weights()[0]
        loss = m.train_on_batch(X, Y)             # and the step TF is to take from our file
        kernel = m.get_weights()[0]
    result = run_tf(_TF_SIDE, dir=d, x=X.tolist(), y=Y.tolist())
    assert result["iterations"] == 2
    np.testing.assert_allclose(result["loss"], loss, rtol=1e-5)
    np.testing.assert_allclose(result["kernel"], kernel, atol=1e-6)
    np.testing.assert_allclose(result["weights"], saved_kernel, atol=1e-7)

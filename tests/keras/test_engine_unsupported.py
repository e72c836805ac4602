"""What tfcompat's Keras refuses, with the unsupported-API error naming the TF API (instead
of a silent difference): whole-model saving, HDF5 weights, options not ported."""
import numpy as np
import pytest

import tfcompat as tf
from tfcompat._unsupported import UnsupportedAPIError

pytestmark = pytest.mark.tfcompat_only


@pytest.fixture
def model():
    with tf.Graph().as_default():
        yield tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,))])


def test_whole_model_saving_is_refused(model, tmp_path):
    with pytest.raises(UnsupportedAPIError, match="tf.keras.Model.save"):
        model.save(str(tmp_path / "m.h5"))
    with pytest.raises(AttributeError, match="tf.keras.models.load_model"):
        tf.keras.models.load_model(str(tmp_path / "m.h5"))


def test_hdf5_weights_need_h5py(model, tmp_path):
    with pytest.raises(UnsupportedAPIError, match="save_weights; only to TF checkpoints: HDF5 weight files"):
        model.save_weights(str(tmp_path / "w.h5"))
    with pytest.raises(UnsupportedAPIError, match="load_weights; only from TF checkpoints: HDF5 weight files"):
        model.load_weights(str(tmp_path / "w.h5"))
    model.save_weights(str(tmp_path / "w"), save_format="tf")      # the checkpoint format
    model.load_weights(str(tmp_path / "w"))
    assert np.shape(model.get_weights()[0]) == (3, 2)


def test_unported_options_are_refused():
    with tf.Graph().as_default():
        with pytest.raises(UnsupportedAPIError, match="GRU\\(reset_after=True\\)"):
            tf.keras.layers.GRU(3, reset_after=True)
        with pytest.raises(UnsupportedAPIError, match="Conv2DTranspose\\(output_padding"):
            tf.keras.layers.Conv2DTranspose(2, 3, output_padding=1)
        with pytest.raises(AttributeError, match="tf.keras.layers.ConvLSTM2D"):
            tf.keras.layers.ConvLSTM2D

"""What tfcompat's Keras refuses, with the unsupported-API error naming the TF API (instead
of a silent difference): the SavedModel format, options not ported."""
import numpy as np
import pytest

import tfcompat as tf
from tfcompat._unsupported import UnsupportedAPIError

pytestmark = pytest.mark.tfcompat_only


@pytest.fixture
def model():
    with tf.Graph().as_default():
        yield tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,))])


def test_savedmodel_saving_is_refused(model, tmp_path):
    # HDF5 files are supported (tests/keras/test_keras_hdf5*.py); the SavedModel format is not
    with pytest.raises(UnsupportedAPIError, match="tf.keras.Model.save"):
        model.save(str(tmp_path / "m"), save_format="tf")
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

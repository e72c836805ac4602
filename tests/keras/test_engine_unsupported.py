"""What tfcompat's Keras refuses, with the unsupported-API error naming the TF API (instead
of a silent difference): the SavedModel format."""
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

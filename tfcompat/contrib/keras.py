"""`tf.contrib.keras` of TF 1.15: kept "for backwards compatibility" as TF's docstring says, its
modules (contrib/keras/api/keras) are those of `tf.keras`, so here they are `tfcompat.keras`'s.
Courses of 2017-2018 import it as `from tensorflow.contrib import keras; L = keras.layers`."""
from tfcompat import keras as _keras
from tfcompat._unsupported import missing_attr

activations = _keras.activations
applications = _keras.applications
backend = _keras.backend
callbacks = _keras.callbacks
constraints = _keras.constraints
datasets = _keras.datasets
initializers = _keras.initializers
layers = _keras.layers
losses = _keras.losses
metrics = _keras.metrics
models = _keras.models
optimizers = _keras.optimizers
preprocessing = _keras.preprocessing
regularizers = _keras.regularizers
utils = _keras.utils
wrappers = _keras.wrappers

__getattr__ = missing_attr("contrib.keras", __name__)

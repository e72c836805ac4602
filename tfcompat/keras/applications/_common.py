"""What every application builder shares, as tf_keras 2.21 does it: the `weights` and `classes`
checks, the input (`input_shape` / `input_tensor`), the classifier or pooling head, and loading
the ImageNet weights file from Keras' cache (`~/.keras/models`) through `get_file`."""
from __future__ import annotations

import os

from tfcompat.keras import backend
from tfcompat.keras import layers
from tfcompat.keras.applications import imagenet_utils
from tfcompat.keras.engine.training import Model
from tfcompat.keras.utils import get_source_inputs
from tfcompat.keras.utils.data_utils import get_file

WEIGHTS_ORIGIN = "https://storage.googleapis.com/tensorflow/keras-applications/"


def check_weights(weights, include_top, classes, short_messages=False):
    """TF's ValueErrors for a `weights` that is neither None, 'imagenet' nor an existing file,
    and for ImageNet weights with a top of other than 1000 classes."""
    if not (weights in {"imagenet", None} or os.path.exists(weights)):
        message = ("The `weights` argument should be either `None` (random initialization), "
                   "`imagenet` (pre-training on ImageNet), or the path to the weights file to "
                   "be loaded.")
        raise ValueError(message if short_messages else
                         message + "  Received: weights=%s" % (weights,))
    if weights == "imagenet" and include_top and classes != 1000:
        message = ('If using `weights` as `"imagenet"` with `include_top` as true, `classes` '
                   "should be 1000")
        raise ValueError(message if short_messages else
                         message + ".  Received `classes=%s`" % (classes,))


def model_input(input_tensor, input_shape):
    """The model's input Keras tensor: a new Input, the given Keras tensor, or an Input
    wrapping a plain tensor."""
    if input_tensor is None:
        return layers.Input(shape=input_shape)
    if not backend.is_keras_tensor(input_tensor):
        return layers.Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


def channel_axis():
    return 3 if backend.image_data_format() == "channels_last" else 1


def classifier(x, classes, classifier_activation, weights, name="predictions"):
    imagenet_utils.validate_activation(classifier_activation, weights)
    return layers.Dense(classes, activation=classifier_activation, name=name)(x)


def pool(x, pooling, avg_name=None, max_name=None):
    """The optional global pooling of a model built without its top."""
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name=avg_name)(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name=max_name)(x)
    return x


def build_model(input_tensor, img_input, x, name):
    inputs = get_source_inputs(input_tensor) if input_tensor is not None else img_input
    return Model(inputs, x, name=name)


def load_weights(model, weights, imagenet_file=None):
    """Loads `weights`: the ImageNet file `(file name, url, md5 or None)` through the Keras cache,
    or a weights file's path."""
    if weights == "imagenet":
        if imagenet_file is not None:
            fname, origin, file_hash = imagenet_file
            model.load_weights(get_file(fname, origin, cache_subdir="models",
                                        file_hash=file_hash))
    elif weights is not None:
        model.load_weights(weights)
    return model

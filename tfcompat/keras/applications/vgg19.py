"""`tf.keras.applications.vgg19`: the 19-layer VGG model (5 blocks of 2, 2, 4, 4, 4
convolutions), built as VGG16 is."""
from __future__ import annotations

from tfcompat.keras.applications.vgg16 import build_vgg
from tfcompat.keras.applications.vgg16 import decode_predictions  # noqa: F401
from tfcompat.keras.applications.vgg16 import preprocess_input  # noqa: F401


def VGG19(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
          pooling=None, classes=1000, classifier_activation="softmax"):
    """The 19-layer VGG model."""
    return build_vgg("vgg19", (2, 2, 4, 4, 4), include_top, weights, input_tensor, input_shape,
                     pooling, classes, classifier_activation)

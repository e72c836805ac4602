"""`tf.keras.applications.xception`: Chollet's Xception (depthwise separable convolutions with
residual connections), in tf_keras' layer order and names (`block1_conv1` ... `block14_sepconv2`;
the unnamed shortcut convolutions and `add` layers get the same automatic names)."""
from __future__ import annotations

from tfcompat.keras import backend
from tfcompat.keras import layers
from tfcompat.keras.applications import _common
from tfcompat.keras.applications import imagenet_utils

_TOP = ("xception_weights_tf_dim_ordering_tf_kernels.h5", "0a58e3b7378bc2990ea3b43d5981f1f6")
_NOTOP = ("xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
          "b0042744bf5b25fce3cb969f33bebb97")


def _axis():
    return 1 if backend.image_data_format() == "channels_first" else -1


def _sepconv_bn(x, filters, name):
    x = layers.SeparableConv2D(filters, (3, 3), padding="same", use_bias=False, name=name)(x)
    return layers.BatchNormalization(axis=_axis(), name=name + "_bn")(x)


def _shortcut(x, filters):
    residual = layers.Conv2D(filters, (1, 1), strides=(2, 2), padding="same", use_bias=False)(x)
    return layers.BatchNormalization(axis=_axis())(residual)


def _entry_block(x, filters, block, first_relu=True, filters2=None):
    """Two separable convolutions and a strided max pool, added to a 1x1 strided shortcut."""
    residual = _shortcut(x, filters2 or filters)
    prefix = "block%d_" % block
    if first_relu:
        x = layers.Activation("relu", name=prefix + "sepconv1_act")(x)
    x = _sepconv_bn(x, filters, prefix + "sepconv1")
    x = layers.Activation("relu", name=prefix + "sepconv2_act")(x)
    x = _sepconv_bn(x, filters2 or filters, prefix + "sepconv2")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same", name=prefix + "pool")(x)
    return layers.add([x, residual])


def _middle_block(x, block):
    residual = x
    prefix = "block%d" % block
    for i in range(1, 4):
        x = layers.Activation("relu", name=prefix + "_sepconv%d_act" % i)(x)
        x = _sepconv_bn(x, 728, prefix + "_sepconv%d" % i)
    return layers.add([x, residual])


def Xception(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
             pooling=None, classes=1000, classifier_activation="softmax"):
    """Xception (default input 299x299, at least 71x71)."""
    _common.check_weights(weights, include_top, classes, short_messages=True)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=299, min_size=71, data_format=backend.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = _common.model_input(input_tensor, input_shape)
    x = layers.Conv2D(32, (3, 3), strides=(2, 2), use_bias=False, name="block1_conv1")(img_input)
    x = layers.BatchNormalization(axis=_axis(), name="block1_conv1_bn")(x)
    x = layers.Activation("relu", name="block1_conv1_act")(x)
    x = layers.Conv2D(64, (3, 3), use_bias=False, name="block1_conv2")(x)
    x = layers.BatchNormalization(axis=_axis(), name="block1_conv2_bn")(x)
    x = layers.Activation("relu", name="block1_conv2_act")(x)
    x = _entry_block(x, 128, 2, first_relu=False)
    x = _entry_block(x, 256, 3)
    x = _entry_block(x, 728, 4)
    for i in range(8):
        x = _middle_block(x, i + 5)
    x = _entry_block(x, 728, 13, filters2=1024)
    x = _sepconv_bn(x, 1536, "block14_sepconv1")
    x = layers.Activation("relu", name="block14_sepconv1_act")(x)
    x = _sepconv_bn(x, 2048, "block14_sepconv2")
    x = layers.Activation("relu", name="block14_sepconv2_act")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = _common.classifier(x, classes, classifier_activation, weights)
    else:
        x = _common.pool(x, pooling)
    model = _common.build_model(input_tensor, img_input, x, "xception")
    fname, file_hash = _TOP if include_top else _NOTOP
    return _common.load_weights(model, weights, (
        fname, _common.WEIGHTS_ORIGIN + "xception/" + fname, file_hash))


def preprocess_input(x, data_format=None):
    """'tf' preprocessing: pixels scaled to [-1, 1]."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    return imagenet_utils.decode_predictions(preds, top=top)

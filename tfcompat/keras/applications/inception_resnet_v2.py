"""`tf.keras.applications.inception_resnet_v2`: Szegedy et al.'s Inception-ResNet v2, in
tf_keras' layer order and names (`mixed_5b`, `block35_1_mixed`, `conv_7b` ...; unnamed layers
and the `CustomScaleLayer`s that add the scaled residuals get the same automatic names)."""
from __future__ import annotations

from tfcompat.keras import backend
from tfcompat.keras import layers
from tfcompat.keras.applications import _common
from tfcompat.keras.applications import imagenet_utils
from tfcompat.keras.engine.base_layer import Layer

_ORIGIN = _common.WEIGHTS_ORIGIN + "inception_resnet_v2/"
_TOP = ("inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5",
        "e693bd0210a403b3192acc6073ad2e96")
_NOTOP = ("inception_resnet_v2_weights_tf_dim_ordering_tf_kernels_notop.h5",
          "d19885ff4a710c122648d3b5c3b684e4")


class CustomScaleLayer(Layer):
    """`inputs[0] + inputs[1] * scale`: a residual branch added at a fixed scale."""

    def __init__(self, scale, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale

    def get_config(self):
        config = super().get_config()
        config.update({"scale": self.scale})
        return config

    def call(self, inputs):
        return inputs[0] + inputs[1] * self.scale


def _axis():
    return 1 if backend.image_data_format() == "channels_first" else 3


def conv2d_bn(x, filters, kernel_size, strides=1, padding="same", activation="relu",
              use_bias=False, name=None):
    """Convolution, batch norm without scale (unless the conv has a bias), activation."""
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, use_bias=use_bias,
                      name=name)(x)
    if not use_bias:
        x = layers.BatchNormalization(axis=_axis(), scale=False,
                                      name=None if name is None else name + "_bn")(x)
    if activation is not None:
        x = layers.Activation(activation, name=None if name is None else name + "_ac")(x)
    return x


def _branches(x, block_type):
    if block_type == "block35":
        return [conv2d_bn(x, 32, 1), conv2d_bn(conv2d_bn(x, 32, 1), 32, 3),
                conv2d_bn(conv2d_bn(conv2d_bn(x, 32, 1), 48, 3), 64, 3)]
    if block_type == "block17":
        return [conv2d_bn(x, 192, 1),
                conv2d_bn(conv2d_bn(conv2d_bn(x, 128, 1), 160, [1, 7]), 192, [7, 1])]
    if block_type == "block8":
        return [conv2d_bn(x, 192, 1),
                conv2d_bn(conv2d_bn(conv2d_bn(x, 192, 1), 224, [1, 3]), 256, [3, 1])]
    raise ValueError('Unknown Inception-ResNet block type. Expects "block35", "block17" or '
                     '"block8", but got: ' + str(block_type))


def inception_resnet_block(x, scale, block_type, block_idx, activation="relu"):
    """An Inception-ResNet block: its branches, concatenated, projected by a 1x1 conv with
    bias, added to `x` at `scale`."""
    branches = _branches(x, block_type)
    block_name = block_type + "_" + str(block_idx)
    mixed = layers.Concatenate(axis=_axis(), name=block_name + "_mixed")(branches)
    up = conv2d_bn(mixed, backend.int_shape(x)[_axis()], 1, activation=None, use_bias=True,
                   name=block_name + "_conv")
    x = CustomScaleLayer(scale)([x, up])
    if activation is not None:
        x = layers.Activation(activation, name=block_name + "_ac")(x)
    return x


def _stem(x):
    x = conv2d_bn(x, 32, 3, strides=2, padding="valid")
    x = conv2d_bn(x, 32, 3, padding="valid")
    x = conv2d_bn(x, 64, 3)
    x = layers.MaxPooling2D(3, strides=2)(x)
    x = conv2d_bn(x, 80, 1, padding="valid")
    x = conv2d_bn(x, 192, 3, padding="valid")
    x = layers.MaxPooling2D(3, strides=2)(x)
    branch_0 = conv2d_bn(x, 96, 1)
    branch_1 = conv2d_bn(conv2d_bn(x, 48, 1), 64, 5)
    branch_2 = conv2d_bn(conv2d_bn(conv2d_bn(x, 64, 1), 96, 3), 96, 3)
    branch_pool = conv2d_bn(layers.AveragePooling2D(3, strides=1, padding="same")(x), 64, 1)
    return layers.Concatenate(axis=_axis(), name="mixed_5b")(
        [branch_0, branch_1, branch_2, branch_pool])


def _reduction_a(x):
    branch_0 = conv2d_bn(x, 384, 3, strides=2, padding="valid")
    branch_1 = conv2d_bn(conv2d_bn(conv2d_bn(x, 256, 1), 256, 3), 384, 3, strides=2,
                         padding="valid")
    branch_pool = layers.MaxPooling2D(3, strides=2, padding="valid")(x)
    return layers.Concatenate(axis=_axis(), name="mixed_6a")([branch_0, branch_1, branch_pool])


def _reduction_b(x):
    branch_0 = conv2d_bn(conv2d_bn(x, 256, 1), 384, 3, strides=2, padding="valid")
    branch_1 = conv2d_bn(conv2d_bn(x, 256, 1), 288, 3, strides=2, padding="valid")
    branch_2 = conv2d_bn(conv2d_bn(conv2d_bn(x, 256, 1), 288, 3), 320, 3, strides=2,
                         padding="valid")
    branch_pool = layers.MaxPooling2D(3, strides=2, padding="valid")(x)
    return layers.Concatenate(axis=_axis(), name="mixed_7a")(
        [branch_0, branch_1, branch_2, branch_pool])


def InceptionResNetV2(include_top=True, weights="imagenet", input_tensor=None,
                      input_shape=None, pooling=None, classes=1000,
                      classifier_activation="softmax", **kwargs):
    """Inception-ResNet v2 (default input 299x299, at least 75x75)."""
    if kwargs:
        raise ValueError("Unknown argument(s): %s" % (kwargs,))
    _common.check_weights(weights, include_top, classes, short_messages=True)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=299, min_size=75, data_format=backend.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = _common.model_input(input_tensor, input_shape)
    x = _stem(img_input)
    for block_idx in range(1, 11):
        x = inception_resnet_block(x, scale=0.17, block_type="block35", block_idx=block_idx)
    x = _reduction_a(x)
    for block_idx in range(1, 21):
        x = inception_resnet_block(x, scale=0.1, block_type="block17", block_idx=block_idx)
    x = _reduction_b(x)
    for block_idx in range(1, 10):
        x = inception_resnet_block(x, scale=0.2, block_type="block8", block_idx=block_idx)
    x = inception_resnet_block(x, scale=1.0, activation=None, block_type="block8", block_idx=10)
    x = conv2d_bn(x, 1536, 1, name="conv_7b")
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = _common.classifier(x, classes, classifier_activation, weights)
    else:
        x = _common.pool(x, pooling)
    model = _common.build_model(input_tensor, img_input, x, "inception_resnet_v2")
    fname, file_hash = _TOP if include_top else _NOTOP
    return _common.load_weights(model, weights, (fname, _ORIGIN + fname, file_hash))


def preprocess_input(x, data_format=None):
    """'tf' preprocessing: pixels scaled to [-1, 1]."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    return imagenet_utils.decode_predictions(preds, top=top)

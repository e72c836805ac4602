"""`tf.keras.applications.mobilenet_v2`: Sandler et al.'s MobileNetV2 (inverted residual
blocks) with width `alpha`, tf_keras' layer names (`Conv1`, `expanded_conv_depthwise`,
`block_1_expand` ...) and ImageNet files
`mobilenet_v2_weights_tf_dim_ordering_tf_kernels_<alpha>_<rows>[_no_top].h5`."""
from __future__ import annotations

import os

from tfcompat.keras import backend
from tfcompat.keras import layers
from tfcompat.keras.applications import _common
from tfcompat.keras.applications import imagenet_utils
from tfcompat.keras.applications.mobilenet import decode_predictions  # noqa: F401
from tfcompat.keras.applications.mobilenet import default_size
from tfcompat.keras.applications.mobilenet import imagenet_rows
from tfcompat.keras.applications.mobilenet import preprocess_input  # noqa: F401
from tfcompat.keras.applications.mobilenet import rows_cols

_ORIGIN = _common.WEIGHTS_ORIGIN + "mobilenet_v2/"
_SIZES = [96, 128, 160, 192, 224]
# (filters, stride, expansion) of the 17 inverted residual blocks
_BLOCKS = ((16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6),
           (64, 1, 6), (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6),
           (160, 1, 6), (160, 1, 6), (320, 1, 6))


def _check_args(weights, include_top, classes, kwargs):
    if kwargs:
        raise ValueError("Unknown argument(s): %s" % (kwargs,))
    if not (weights in {"imagenet", None} or os.path.exists(weights)):
        raise ValueError("The `weights` argument should be either `None` (random "
                         "initialization), `imagenet` (pre-training on ImageNet), or the path "
                         "to the weights file to be loaded.  Received `weights=%s`" % (weights,))
    if weights == "imagenet" and include_top and classes != 1000:
        raise ValueError('If using `weights` as `"imagenet"` with `include_top` as true, '
                         "`classes` should be 1000. Received `classes=%s`" % (classes,))


def _size_from_tensor(input_shape, input_tensor):
    """The default size, read from a Keras `input_tensor` when no `input_shape` is given."""
    if input_tensor is None or input_shape is not None:
        if input_shape is not None and input_tensor is not None:
            _check_tensor_matches(input_shape, input_tensor)
        return default_size(input_shape, _SIZES)
    if not backend.is_keras_tensor(input_tensor):
        return 224
    return default_size(tuple(backend.int_shape(input_tensor)[1:]), _SIZES)


def _check_tensor_matches(input_shape, input_tensor):
    if not backend.is_keras_tensor(input_tensor):
        raise ValueError("input_tensor is not a TF-Keras tensor; Received `input_tensor=%s`"
                         % (input_tensor,))
    if backend.image_data_format() == "channels_first":
        if backend.int_shape(input_tensor)[1] != input_shape[1]:
            raise ValueError("input_shape[1] must equal shape(input_tensor)[1] when "
                             "`image_data_format` is `channels_first`; Received "
                             "`input_tensor.shape=%s`, `input_shape=%s`"
                             % (input_tensor.shape, input_shape))
    elif backend.int_shape(input_tensor)[2] != input_shape[1]:
        raise ValueError("input_tensor.shape[2] must equal input_shape[1]; Received "
                         "`input_tensor.shape=%s`, `input_shape=%s`"
                         % (input_tensor.shape, input_shape))


def MobileNetV2(input_shape=None, alpha=1.0, include_top=True, weights="imagenet",
                input_tensor=None, pooling=None, classes=1000, classifier_activation="softmax",
                **kwargs):
    """MobileNetV2 with width multiplier `alpha`."""
    _check_args(weights, include_top, classes, kwargs)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=_size_from_tensor(input_shape, input_tensor), min_size=32,
        data_format=backend.image_data_format(), require_flatten=include_top, weights=weights)
    rows, cols = rows_cols(input_shape)
    if weights == "imagenet":
        if alpha not in [0.35, 0.5, 0.75, 1.0, 1.3, 1.4]:
            raise ValueError("If imagenet weights are being loaded, alpha must be one of `0.35`, "
                             "`0.50`, `0.75`, `1.0`, `1.3` or `1.4` only; Received `alpha=%s`"
                             % (alpha,))
        rows = imagenet_rows(rows, cols, _SIZES)
    img_input = _common.model_input(input_tensor, input_shape)
    x = layers.Conv2D(_make_divisible(32 * alpha, 8), kernel_size=3, strides=(2, 2),
                      padding="same", use_bias=False, name="Conv1")(img_input)
    x = layers.ReLU(6.0, name="Conv1_relu")(_bn(x, "bn_Conv1"))
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(x, expansion, stride, alpha, filters, block_id)
    last_filters = _make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = layers.Conv2D(last_filters, kernel_size=1, use_bias=False, name="Conv_1")(x)
    x = layers.ReLU(6.0, name="out_relu")(_bn(x, "Conv_1_bn"))
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        x = _common.classifier(x, classes, classifier_activation, weights)
    else:
        x = _common.pool(x, pooling)
    model = _common.build_model(input_tensor, img_input, x,
                                "mobilenetv2_%0.2f_%s" % (alpha, rows))
    fname = None
    if weights == "imagenet":
        fname = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_%s_%s%s.h5" % (
            float(alpha), rows, "" if include_top else "_no_top")
    # TF gives no hash for the MobileNetV2 files: whatever the cache holds is used
    return _common.load_weights(model, weights, fname and (fname, _ORIGIN + fname, None))


def _bn(x, name):
    axis = 1 if backend.image_data_format() == "channels_first" else -1
    return layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name=name)(x)


def _inverted_res_block(inputs, expansion, stride, alpha, filters, block_id):
    axis = 1 if backend.image_data_format() == "channels_first" else -1
    in_channels = backend.int_shape(inputs)[axis]
    pointwise_filters = _make_divisible(int(filters * alpha), 8)
    x = inputs
    prefix = "block_%d_" % block_id
    if block_id:
        x = layers.Conv2D(expansion * in_channels, kernel_size=1, padding="same", use_bias=False,
                          activation=None, name=prefix + "expand")(x)
        x = layers.ReLU(6.0, name=prefix + "expand_relu")(_bn(x, prefix + "expand_BN"))
    else:
        prefix = "expanded_conv_"
    if stride == 2:
        x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, 3),
                                 name=prefix + "pad")(x)
    x = layers.DepthwiseConv2D(kernel_size=3, strides=stride, activation=None, use_bias=False,
                               padding="same" if stride == 1 else "valid",
                               name=prefix + "depthwise")(x)
    x = layers.ReLU(6.0, name=prefix + "depthwise_relu")(_bn(x, prefix + "depthwise_BN"))
    x = layers.Conv2D(pointwise_filters, kernel_size=1, padding="same", use_bias=False,
                      activation=None, name=prefix + "project")(x)
    x = _bn(x, prefix + "project_BN")
    if in_channels == pointwise_filters and stride == 1:
        return layers.Add(name=prefix + "add")([inputs, x])
    return x


def _make_divisible(v, divisor, min_value=None):
    """`v` rounded to a multiple of `divisor`, never more than 10% below it."""
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v

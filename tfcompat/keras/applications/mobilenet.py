"""`tf.keras.applications.mobilenet`: Howard et al.'s MobileNet (depthwise separable
convolutions) with width `alpha` and `depth_multiplier`, tf_keras' layer names (`conv1`,
`conv_dw_1`, `conv_pw_1` ...) and ImageNet files `mobilenet_<alpha>_<rows>_tf[_no_top].h5`."""
from __future__ import annotations

import os

from tfcompat import tf_logging as logging
from tfcompat.keras import backend
from tfcompat.keras import layers
from tfcompat.keras.applications import _common
from tfcompat.keras.applications import imagenet_utils

_ORIGIN = _common.WEIGHTS_ORIGIN + "mobilenet/"
_ALPHA_TEXT = {1.0: "1_0", 0.75: "7_5", 0.5: "5_0", 0.25: "2_5"}
# (filters, strides) of the 13 depthwise separable blocks
_BLOCKS = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1),
           (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1))


def _check_args(weights, include_top, classes, kwargs):
    if kwargs:
        raise ValueError("Unknown argument(s): %s" % ((kwargs,),))
    if not (weights in {"imagenet", None} or os.path.exists(weights)):
        raise ValueError("The `weights` argument should be either `None` (random "
                         "initialization), `imagenet` (pre-training on ImageNet), or the path "
                         "to the weights file to be loaded.  Received weights=%s" % (weights,))
    if weights == "imagenet" and include_top and classes != 1000:
        raise ValueError('If using `weights` as `"imagenet"` with `include_top` as true, '
                         "`classes` should be 1000.  Received classes=%s" % (classes,))


def rows_cols(input_shape):
    """The (rows, cols) of an input shape without the batch, in the image data format."""
    if backend.image_data_format() == "channels_first":
        return input_shape[1], input_shape[2]
    return input_shape[0], input_shape[1]


def default_size(input_shape, sizes):
    """The given size when it is square and one of the ImageNet files' sizes, else 224."""
    if input_shape is None:
        return 224
    rows, cols = rows_cols(input_shape)
    return rows if rows == cols and rows in sizes else 224


def imagenet_rows(rows, cols, sizes):
    if rows != cols or rows not in sizes:
        logging.warning("`input_shape` is undefined or non-square, or `rows` is not in %s. "
                        "Weights for input shape (224, 224) will be loaded as the default."
                        % (list(sizes),))
        return 224
    return rows


def MobileNet(input_shape=None, alpha=1.0, depth_multiplier=1, dropout=1e-3, include_top=True,
              weights="imagenet", input_tensor=None, pooling=None, classes=1000,
              classifier_activation="softmax", **kwargs):
    """MobileNet v1 with `alpha` (width multiplier) and `depth_multiplier` (resolution)."""
    _check_args(weights, include_top, classes, kwargs)
    sizes = [128, 160, 192, 224]
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size(input_shape, sizes), min_size=32,
        data_format=backend.image_data_format(), require_flatten=include_top, weights=weights)
    rows, cols = rows_cols(input_shape)
    if weights == "imagenet":
        if depth_multiplier != 1:
            raise ValueError("If imagenet weights are being loaded, depth multiplier must be 1.  "
                             "Received depth_multiplier=%s" % (depth_multiplier,))
        if alpha not in [0.25, 0.5, 0.75, 1.0]:
            raise ValueError("If imagenet weights are being loaded, alpha can be one of`0.25`, "
                             "`0.50`, `0.75` or `1.0` only.  Received alpha=%s" % (alpha,))
        rows = imagenet_rows(rows, cols, sizes)
    img_input = _common.model_input(input_tensor, input_shape)
    x = _conv_block(img_input, 32, alpha, strides=(2, 2))
    for block_id, (filters, stride) in enumerate(_BLOCKS, start=1):
        x = _depthwise_conv_block(x, filters, alpha, depth_multiplier, (stride, stride), block_id)
    if include_top:
        x = layers.GlobalAveragePooling2D(keepdims=True)(x)
        x = layers.Dropout(dropout, name="dropout")(x)
        x = layers.Conv2D(classes, (1, 1), padding="same", name="conv_preds")(x)
        x = layers.Reshape((classes,), name="reshape_2")(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        x = layers.Activation(activation=classifier_activation, name="predictions")(x)
    else:
        x = _common.pool(x, pooling)
    model = _common.build_model(input_tensor, img_input, x, "mobilenet_%0.2f_%s" % (alpha, rows))
    fname = None
    if weights == "imagenet":
        fname = "mobilenet_%s_%d_tf%s.h5" % (_ALPHA_TEXT.get(alpha, "2_5"), rows,
                                            "" if include_top else "_no_top")
    # TF gives no hash for the MobileNet files: whatever the cache holds is used
    return _common.load_weights(model, weights, fname and (fname, _ORIGIN + fname, None))


def _channel_axis():
    return 1 if backend.image_data_format() == "channels_first" else -1


def _conv_block(inputs, filters, alpha, kernel=(3, 3), strides=(1, 1)):
    x = layers.Conv2D(int(filters * alpha), kernel, padding="same", use_bias=False,
                      strides=strides, name="conv1")(inputs)
    x = layers.BatchNormalization(axis=_channel_axis(), name="conv1_bn")(x)
    return layers.ReLU(6.0, name="conv1_relu")(x)


def _depthwise_conv_block(inputs, pointwise_conv_filters, alpha, depth_multiplier=1,
                          strides=(1, 1), block_id=1):
    x = inputs
    if strides != (1, 1):      # TF pads bottom/right only, as its 'same' does for even sizes
        x = layers.ZeroPadding2D(((0, 1), (0, 1)), name="conv_pad_%d" % block_id)(x)
    x = layers.DepthwiseConv2D((3, 3), padding="same" if strides == (1, 1) else "valid",
                               depth_multiplier=depth_multiplier, strides=strides,
                               use_bias=False, name="conv_dw_%d" % block_id)(x)
    x = layers.BatchNormalization(axis=_channel_axis(), name="conv_dw_%d_bn" % block_id)(x)
    x = layers.ReLU(6.0, name="conv_dw_%d_relu" % block_id)(x)
    x = layers.Conv2D(int(pointwise_conv_filters * alpha), (1, 1), padding="same",
                      use_bias=False, strides=(1, 1), name="conv_pw_%d" % block_id)(x)
    x = layers.BatchNormalization(axis=_channel_axis(), name="conv_pw_%d_bn" % block_id)(x)
    return layers.ReLU(6.0, name="conv_pw_%d_relu" % block_id)(x)


def preprocess_input(x, data_format=None):
    """'tf' preprocessing: pixels scaled to [-1, 1]."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    return imagenet_utils.decode_predictions(preds, top=top)

"""`tf.keras.applications.nasnet`: Zoph et al.'s NASNet-A (NASNetMobile, NASNetLarge), in
tf_keras' layer order and names; its cells build under TF's name scopes
(`normal_A_block_0/block_1/...`), so the variables have TF's names too."""
from __future__ import annotations

from tfcompat import tf_logging as logging
from tfcompat.keras import backend
from tfcompat.keras import layers
from tfcompat.keras.applications import _common
from tfcompat.keras.applications import imagenet_utils

_ORIGIN = _common.WEIGHTS_ORIGIN + "nasnet/"
_FILES = {  # (default size, include_top) -> (cached file name, url file name, md5)
    (224, True): ("nasnet_mobile.h5", "NASNet-mobile.h5", "020fb642bf7360b370c678b08e0adf61"),
    (224, False): ("nasnet_mobile_no_top.h5", "NASNet-mobile-no-top.h5",
                   "1ed92395b5b598bdda52abe5c0dbfd63"),
    (331, True): ("nasnet_large.h5", "NASNet-large.h5", "11577c9a518f0070763c2b964a382f17"),
    (331, False): ("nasnet_large_no_top.h5", "NASNet-large-no-top.h5",
                   "d81d89dc07e6e56530c4e77faddd61b5"),
}
_BN = dict(axis=-1, momentum=0.9997, epsilon=1e-3)


def _bn(x, name):
    return layers.BatchNormalization(name=name, **_BN)(x)


def _separable_conv_block(ip, filters, kernel_size=(3, 3), strides=(1, 1), block_id=None):
    with backend.name_scope("separable_conv_block_%s" % block_id):
        x = layers.Activation("relu")(ip)
        conv_pad = "same"
        if strides == (2, 2):
            x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, kernel_size),
                                     name="separable_conv_1_pad_%s" % block_id)(x)
            conv_pad = "valid"
        x = layers.SeparableConv2D(filters, kernel_size, strides=strides,
                                   name="separable_conv_1_%s" % block_id, padding=conv_pad,
                                   use_bias=False, kernel_initializer="he_normal")(x)
        x = _bn(x, "separable_conv_1_bn_%s" % block_id)
        x = layers.Activation("relu")(x)
        x = layers.SeparableConv2D(filters, kernel_size, name="separable_conv_2_%s" % block_id,
                                   padding="same", use_bias=False,
                                   kernel_initializer="he_normal")(x)
        return _bn(x, "separable_conv_2_bn_%s" % block_id)


def _adjust_reduction(p, filters, block_id):
    """`p` halved in size (two offset 1x1 strided paths) to match the current cell."""
    with backend.name_scope("adjust_reduction_block_%s" % block_id):
        p = layers.Activation("relu", name="adjust_relu_1_%s" % block_id)(p)
        p1 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding="valid",
                                     name="adjust_avg_pool_1_%s" % block_id)(p)
        p1 = layers.Conv2D(filters // 2, (1, 1), padding="same", use_bias=False,
                           name="adjust_conv_1_%s" % block_id,
                           kernel_initializer="he_normal")(p1)
        p2 = layers.ZeroPadding2D(padding=((0, 1), (0, 1)))(p)
        p2 = layers.Cropping2D(cropping=((1, 0), (1, 0)))(p2)
        p2 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding="valid",
                                     name="adjust_avg_pool_2_%s" % block_id)(p2)
        p2 = layers.Conv2D(filters // 2, (1, 1), padding="same", use_bias=False,
                           name="adjust_conv_2_%s" % block_id,
                           kernel_initializer="he_normal")(p2)
        p = layers.concatenate([p1, p2], axis=-1)
        return _bn(p, "adjust_bn_%s" % block_id)


def _adjust_block(p, ip, filters, block_id=None):
    """The previous cell's output made to match `ip` in size and `filters` in channels."""
    ip_shape = backend.int_shape(ip)
    p_shape = backend.int_shape(p) if p is not None else None
    with backend.name_scope("adjust_block"):
        if p is None:
            return ip
        if p_shape[-2] != ip_shape[-2]:
            return _adjust_reduction(p, filters, block_id)
        if p_shape[-1] != filters:
            with backend.name_scope("adjust_projection_block_%s" % block_id):
                p = layers.Activation("relu")(p)
                p = layers.Conv2D(filters, (1, 1), strides=(1, 1), padding="same",
                                  name="adjust_conv_projection_%s" % block_id, use_bias=False,
                                  kernel_initializer="he_normal")(p)
                p = _bn(p, "adjust_bn_%s" % block_id)
    return p


def _squeeze(ip, filters, kind, block_id):
    h = layers.Activation("relu")(ip)
    h = layers.Conv2D(filters, (1, 1), strides=(1, 1), padding="same",
                      name="%s_conv_1_%s" % (kind, block_id), use_bias=False,
                      kernel_initializer="he_normal")(h)
    return _bn(h, "%s_bn_1_%s" % (kind, block_id))


def _avg3(x, strides, padding, name):
    return layers.AveragePooling2D((3, 3), strides=strides, padding=padding, name=name)(x)


def _normal_a_cell(ip, p, filters, block_id=None):
    with backend.name_scope("normal_A_block_%s" % block_id):
        p = _adjust_block(p, ip, filters, block_id)
        h = _squeeze(ip, filters, "normal", block_id)
        with backend.name_scope("block_1"):
            x1_1 = _separable_conv_block(h, filters, kernel_size=(5, 5),
                                         block_id="normal_left1_%s" % block_id)
            x1_2 = _separable_conv_block(p, filters, block_id="normal_right1_%s" % block_id)
            x1 = layers.add([x1_1, x1_2], name="normal_add_1_%s" % block_id)
        with backend.name_scope("block_2"):
            x2_1 = _separable_conv_block(p, filters, (5, 5), block_id="normal_left2_%s" % block_id)
            x2_2 = _separable_conv_block(p, filters, (3, 3),
                                         block_id="normal_right2_%s" % block_id)
            x2 = layers.add([x2_1, x2_2], name="normal_add_2_%s" % block_id)
        with backend.name_scope("block_3"):
            x3 = _avg3(h, (1, 1), "same", "normal_left3_%s" % block_id)
            x3 = layers.add([x3, p], name="normal_add_3_%s" % block_id)
        with backend.name_scope("block_4"):
            x4_1 = _avg3(p, (1, 1), "same", "normal_left4_%s" % block_id)
            x4_2 = _avg3(p, (1, 1), "same", "normal_right4_%s" % block_id)
            x4 = layers.add([x4_1, x4_2], name="normal_add_4_%s" % block_id)
        with backend.name_scope("block_5"):
            x5 = _separable_conv_block(h, filters, block_id="normal_left5_%s" % block_id)
            x5 = layers.add([x5, h], name="normal_add_5_%s" % block_id)
        x = layers.concatenate([p, x1, x2, x3, x4, x5], axis=-1,
                               name="normal_concat_%s" % block_id)
    return x, ip


def _reduction_a_cell(ip, p, filters, block_id=None):
    with backend.name_scope("reduction_A_block_%s" % block_id):
        p = _adjust_block(p, ip, filters, block_id)
        h = _squeeze(ip, filters, "reduction", block_id)
        h3 = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(h, 3),
                                  name="reduction_pad_1_%s" % block_id)(h)
        with backend.name_scope("block_1"):
            x1_1 = _separable_conv_block(h, filters, (5, 5), strides=(2, 2),
                                         block_id="reduction_left1_%s" % block_id)
            x1_2 = _separable_conv_block(p, filters, (7, 7), strides=(2, 2),
                                         block_id="reduction_right1_%s" % block_id)
            x1 = layers.add([x1_1, x1_2], name="reduction_add_1_%s" % block_id)
        with backend.name_scope("block_2"):
            x2_1 = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="valid",
                                       name="reduction_left2_%s" % block_id)(h3)
            x2_2 = _separable_conv_block(p, filters, (7, 7), strides=(2, 2),
                                         block_id="reduction_right2_%s" % block_id)
            x2 = layers.add([x2_1, x2_2], name="reduction_add_2_%s" % block_id)
        with backend.name_scope("block_3"):
            x3_1 = _avg3(h3, (2, 2), "valid", "reduction_left3_%s" % block_id)
            x3_2 = _separable_conv_block(p, filters, (5, 5), strides=(2, 2),
                                         block_id="reduction_right3_%s" % block_id)
            x3 = layers.add([x3_1, x3_2], name="reduction_add3_%s" % block_id)
        with backend.name_scope("block_4"):
            x4 = _avg3(x1, (1, 1), "same", "reduction_left4_%s" % block_id)
            x4 = layers.add([x2, x4])
        with backend.name_scope("block_5"):
            x5_1 = _separable_conv_block(x1, filters, (3, 3),
                                         block_id="reduction_left4_%s" % block_id)
            x5_2 = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="valid",
                                       name="reduction_right5_%s" % block_id)(h3)
            x5 = layers.add([x5_1, x5_2], name="reduction_add4_%s" % block_id)
        x = layers.concatenate([x2, x3, x4, x5], axis=-1, name="reduction_concat_%s" % block_id)
        return x, ip


def _check_args(input_shape, weights, include_top, classes):
    _common.check_weights(weights, include_top, classes, short_messages=True)
    if isinstance(input_shape, tuple) and None in input_shape and weights == "imagenet":
        raise ValueError("When specifying the input shape of a NASNet and loading `ImageNet` "
                         "weights, the input_shape argument must be static (no None entries). "
                         "Got: `input_shape=" + str(input_shape) + "`.")


def NASNet(input_shape=None, penultimate_filters=4032, num_blocks=6, stem_block_filters=96,
           skip_reduction=True, filter_multiplier=2, include_top=True, weights="imagenet",
           input_tensor=None, pooling=None, classes=1000, default_size=None,
           classifier_activation="softmax"):
    """A NASNet-A model: a stem, then `num_blocks` normal cells around two reduction cells.
    Only channels_last: under channels_first TF warns and builds a channels_last model."""
    _check_args(input_shape, weights, include_top, classes)
    default_size = default_size or 331
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=backend.image_data_format(), require_flatten=include_top, weights=weights)
    old_data_format = None
    if backend.image_data_format() != "channels_last":
        logging.warning('The NASNet family of models is only available for the input data format '
                        '"channels_last" (width, height, channels). However your settings '
                        'specify the default data format "channels_first" (channels, width, '
                        "height). You should set `image_data_format=\"channels_last\"` in your "
                        "TF-Keras config located at ~/.keras/keras.json. The model being "
                        'returned right now will expect inputs to follow the "channels_last" '
                        "data format.")
        backend.set_image_data_format("channels_last")
        old_data_format = "channels_first"
    try:
        model = _build(input_shape, penultimate_filters, num_blocks, stem_block_filters,
                       skip_reduction, filter_multiplier, include_top, weights, input_tensor,
                       pooling, classes, classifier_activation)
        imagenet_file = None
        if weights == "imagenet":
            if (default_size, include_top) not in _FILES:
                raise ValueError("ImageNet weights can only be loaded with NASNetLarge or "
                                 "NASNetMobile")
            fname, url_name, file_hash = _FILES[default_size, include_top]
            imagenet_file = (fname, _ORIGIN + url_name, file_hash)
        return _common.load_weights(model, weights, imagenet_file)
    finally:
        if old_data_format:
            backend.set_image_data_format(old_data_format)


def _build(input_shape, penultimate_filters, num_blocks, stem_block_filters, skip_reduction,
           filter_multiplier, include_top, weights, input_tensor, pooling, classes,
           classifier_activation):
    img_input = _common.model_input(input_tensor, input_shape)
    if penultimate_filters % (24 * (filter_multiplier ** 2)) != 0:
        raise ValueError("For NASNet-A models, the `penultimate_filters` must be a multiple of "
                         "24 * (`filter_multiplier` ** 2). Current value: %d"
                         % penultimate_filters)
    filters = penultimate_filters // 24
    x = layers.Conv2D(stem_block_filters, (3, 3), strides=(2, 2), padding="valid",
                      use_bias=False, name="stem_conv1", kernel_initializer="he_normal")(img_input)
    x = _bn(x, "stem_bn1")
    p = None
    x, p = _reduction_a_cell(x, p, filters // (filter_multiplier ** 2), block_id="stem_1")
    x, p = _reduction_a_cell(x, p, filters // filter_multiplier, block_id="stem_2")
    for stage in range(3):
        width = filters * filter_multiplier ** stage
        if stage:
            x, p0 = _reduction_a_cell(x, p, width, block_id="reduce_%d" % (stage * num_blocks))
            p = p if skip_reduction else p0
        for i in range(num_blocks):
            block = i if stage == 0 else stage * num_blocks + i + 1
            x, p = _normal_a_cell(x, p, width, block_id="%d" % block)
    x = layers.Activation("relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        x = _common.classifier(x, classes, classifier_activation, weights)
    else:
        x = _common.pool(x, pooling)
    return _common.build_model(input_tensor, img_input, x, "NASNet")


def NASNetMobile(input_shape=None, include_top=True, weights="imagenet", input_tensor=None,
                 pooling=None, classes=1000, classifier_activation="softmax"):
    """NASNet-A Mobile (4 @ 1056, default input 224x224)."""
    return NASNet(input_shape, penultimate_filters=1056, num_blocks=4, stem_block_filters=32,
                  skip_reduction=False, filter_multiplier=2, include_top=include_top,
                  weights=weights, input_tensor=input_tensor, pooling=pooling, classes=classes,
                  default_size=224, classifier_activation=classifier_activation)


def NASNetLarge(input_shape=None, include_top=True, weights="imagenet", input_tensor=None,
                pooling=None, classes=1000, classifier_activation="softmax"):
    """NASNet-A Large (6 @ 4032, default input 331x331)."""
    return NASNet(input_shape, penultimate_filters=4032, num_blocks=6, stem_block_filters=96,
                  skip_reduction=True, filter_multiplier=2, include_top=include_top,
                  weights=weights, input_tensor=input_tensor, pooling=pooling, classes=classes,
                  default_size=331, classifier_activation=classifier_activation)


def preprocess_input(x, data_format=None):
    """'tf' preprocessing: pixels scaled to [-1, 1]."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    return imagenet_utils.decode_predictions(preds, top=top)

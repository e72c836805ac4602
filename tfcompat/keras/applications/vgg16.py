"""`tf.keras.applications.vgg16` (and the builder VGG19 shares): Simonyan & Zisserman's very
deep convolutional networks, with tf_keras' layer names (`block1_conv1` ... `predictions`)."""
from __future__ import annotations

from tfcompat.keras import backend
from tfcompat.keras import layers
from tfcompat.keras.applications import _common
from tfcompat.keras.applications import imagenet_utils

_TOP = "%s_weights_tf_dim_ordering_tf_kernels.h5"
_NOTOP = "%s_weights_tf_dim_ordering_tf_kernels_notop.h5"
_HASHES = {"vgg16": ("64373286793e3c8b2b4e3219cbf3544b", "6d6bbae143d832006294945121d1f1fc"),
           "vgg19": ("cbe5617147190e668d6c5d5026f83318", "253f8cb515780f3b799900260a226db6")}


def VGG16(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
          pooling=None, classes=1000, classifier_activation="softmax"):
    """The 16-layer VGG model (5 blocks of 2, 2, 3, 3, 3 convolutions)."""
    return build_vgg("vgg16", (2, 2, 3, 3, 3), include_top, weights, input_tensor, input_shape,
                     pooling, classes, classifier_activation)


def build_vgg(name, convs, include_top, weights, input_tensor, input_shape, pooling, classes,
              classifier_activation):
    _common.check_weights(weights, include_top, classes)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=224, min_size=32, data_format=backend.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = _common.model_input(input_tensor, input_shape)
    x = img_input
    for block, (n, filters) in enumerate(zip(convs, (64, 128, 256, 512, 512)), start=1):
        for i in range(1, n + 1):
            x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same",
                              name="block%d_conv%d" % (block, i))(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name="block%d_pool" % block)(x)
    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc1")(x)
        x = layers.Dense(4096, activation="relu", name="fc2")(x)
        x = _common.classifier(x, classes, classifier_activation, weights)
    else:
        x = _common.pool(x, pooling)
    model = _common.build_model(input_tensor, img_input, x, name)
    fname = (_TOP if include_top else _NOTOP) % name
    return _common.load_weights(model, weights, (
        fname, _common.WEIGHTS_ORIGIN + name + "/" + fname, _HASHES[name][0 if include_top else 1]))


def preprocess_input(x, data_format=None):
    """'caffe' preprocessing: RGB -> BGR, each channel less its ImageNet mean."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")


def decode_predictions(preds, top=5):
    return imagenet_utils.decode_predictions(preds, top=top)

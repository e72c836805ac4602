"""`tf.keras.applications.densenet`: Huang et al.'s densely connected networks
(DenseNet121/169/201) with tf_keras' layer names (`conv1/conv`, `conv2_block1_0_bn`,
`pool2_conv` ...); inputs are preprocessed in the 'torch' mode."""
from __future__ import annotations

from tfcompat.keras import backend
from tfcompat.keras import layers
from tfcompat.keras.applications import _common
from tfcompat.keras.applications import imagenet_utils

_ORIGIN = _common.WEIGHTS_ORIGIN + "densenet/"
_MODELS = {  # blocks -> (name, md5 of the file with the top, md5 of the one without)
    (6, 12, 24, 16): ("densenet121", "9d60b8095a5708f2dcce2bca79d332c7",
                      "30ee3e1110167f948a6b9946edeeb738"),
    (6, 12, 32, 32): ("densenet169", "d699b8f76981ab1b30698df4c175e90b",
                      "b8c4d4c20dd625c148057b9ff1c1176b"),
    (6, 12, 48, 32): ("densenet201", "1ceb130c1ea1b78c3bf6114dbdfd8807",
                      "c13680b51ded0fb44dff2d8f86ac8bb1"),
}
_EPS = 1.001e-5


def _bn_relu(x, name, bn_name=None, relu_name=None):
    x = layers.BatchNormalization(axis=_common.channel_axis(), epsilon=_EPS,
                                  name=bn_name or name + "_bn")(x)
    return layers.Activation("relu", name=relu_name or name + "_relu")(x)


def dense_block(x, blocks, name):
    for i in range(blocks):
        x = conv_block(x, 32, name=name + "_block" + str(i + 1))
    return x


def transition_block(x, reduction, name):
    x = _bn_relu(x, name)
    x = layers.Conv2D(int(backend.int_shape(x)[_common.channel_axis()] * reduction), 1,
                      use_bias=False, name=name + "_conv")(x)
    return layers.AveragePooling2D(2, strides=2, name=name + "_pool")(x)


def conv_block(x, growth_rate, name):
    x1 = _bn_relu(x, name + "_0")
    x1 = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=name + "_1_conv")(x1)
    x1 = _bn_relu(x1, name + "_1")
    x1 = layers.Conv2D(growth_rate, 3, padding="same", use_bias=False, name=name + "_2_conv")(x1)
    return layers.Concatenate(axis=_common.channel_axis(), name=name + "_concat")([x, x1])


def DenseNet(blocks, include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
             pooling=None, classes=1000, classifier_activation="softmax"):
    """A DenseNet with `blocks` conv blocks in each of its four dense blocks."""
    _common.check_weights(weights, include_top, classes, short_messages=True)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=224, min_size=32, data_format=backend.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = _common.model_input(input_tensor, input_shape)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name="conv1/conv")(x)
    x = _bn_relu(x, None, "conv1/bn", "conv1/relu")
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    for stage, n in enumerate(blocks[:3], start=2):
        x = dense_block(x, n, name="conv%d" % stage)
        x = transition_block(x, 0.5, name="pool%d" % stage)
    x = dense_block(x, blocks[3], name="conv5")
    x = _bn_relu(x, None, "bn", "relu")
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = _common.classifier(x, classes, classifier_activation, weights)
    else:
        x = _common.pool(x, pooling, "avg_pool", "max_pool")
    known = _MODELS.get(tuple(blocks))
    model = _common.build_model(input_tensor, img_input, x, known[0] if known else "densenet")
    imagenet_file = None
    if known:
        fname = known[0] + ("_weights_tf_dim_ordering_tf_kernels.h5" if include_top else
                            "_weights_tf_dim_ordering_tf_kernels_notop.h5")
        imagenet_file = (fname, _ORIGIN + fname, known[1] if include_top else known[2])
    return _common.load_weights(model, weights, imagenet_file)


def DenseNet121(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
                pooling=None, classes=1000, classifier_activation="softmax"):
    return DenseNet([6, 12, 24, 16], include_top, weights, input_tensor, input_shape, pooling,
                    classes, classifier_activation)


def DenseNet169(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
                pooling=None, classes=1000, classifier_activation="softmax"):
    return DenseNet([6, 12, 32, 32], include_top, weights, input_tensor, input_shape, pooling,
                    classes, classifier_activation)


def DenseNet201(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
                pooling=None, classes=1000, classifier_activation="softmax"):
    return DenseNet([6, 12, 48, 32], include_top, weights, input_tensor, input_shape, pooling,
                    classes, classifier_activation)


def preprocess_input(x, data_format=None):
    """'torch' preprocessing: pixels scaled to [0, 1], then normalized per channel."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="torch")


def decode_predictions(preds, top=5):
    return imagenet_utils.decode_predictions(preds, top=top)

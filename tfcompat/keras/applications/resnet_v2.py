"""`tf.keras.applications.resnet_v2`: the pre-activation ResNets (ResNet50V2/101V2/152V2),
whose inputs are scaled to [-1, 1] ('tf' preprocessing)."""
from __future__ import annotations

from tfcompat.keras.applications import imagenet_utils
from tfcompat.keras.applications.resnet import ResNet
from tfcompat.keras.applications.resnet import stack2


def _v2_stacks(conv3, conv4):
    def stack_fn(x):
        x = stack2(x, 64, 3, name="conv2")
        x = stack2(x, 128, conv3, name="conv3")
        x = stack2(x, 256, conv4, name="conv4")
        return stack2(x, 512, 3, stride1=1, name="conv5")
    return stack_fn


def _resnet_v2(name, conv3, conv4, include_top, weights, input_tensor, input_shape, pooling,
               classes, classifier_activation):
    return ResNet(_v2_stacks(conv3, conv4), True, True, name, include_top, weights,
                  input_tensor, input_shape, pooling, classes,
                  classifier_activation=classifier_activation)


def ResNet50V2(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
               pooling=None, classes=1000, classifier_activation="softmax"):
    return _resnet_v2("resnet50v2", 4, 6, include_top, weights, input_tensor, input_shape,
                      pooling, classes, classifier_activation)


def ResNet101V2(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
                pooling=None, classes=1000, classifier_activation="softmax"):
    return _resnet_v2("resnet101v2", 4, 23, include_top, weights, input_tensor, input_shape,
                      pooling, classes, classifier_activation)


def ResNet152V2(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
                pooling=None, classes=1000, classifier_activation="softmax"):
    return _resnet_v2("resnet152v2", 8, 36, include_top, weights, input_tensor, input_shape,
                      pooling, classes, classifier_activation)


def preprocess_input(x, data_format=None):
    """'tf' preprocessing: pixels scaled to [-1, 1]."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    return imagenet_utils.decode_predictions(preds, top=top)

"""Programs for tf.keras.applications: MobileNet and MobileNetV2 forward passes with fixed
weights (assigned after the initializer) and the gradient with respect to the image; every
module's symbolic preprocess_input; the other builders' parameter and layer counts. (The data
sets read files: tests/keras/test_datasets.py compares them with TF's recorded values.)"""
from __future__ import annotations

import numpy as np

from harness import Program


def _wave(shape, step=0.37, scale=1.0):
    return (np.sin(np.arange(int(np.prod(shape))) * step) * scale).reshape(shape)


def _fixed_weights(tf, model):
    """Assigns each weight a fixed wave (variances kept positive), in the model's order."""
    ops = []
    for i, w in enumerate(model.weights):
        shape = w.shape.as_list()
        value = _wave(shape, 0.37 + 0.01 * i, 1.0 / np.sqrt(max(1, np.prod(shape[:-1]))))
        if "variance" in w.name or "gamma" in w.name:
            value = 1.0 + 0.5 * np.abs(value)
        ops.append(tf.assign(w, value.astype(np.float32)))
    return tf.group(*ops)


def _image(size):
    return np.abs(_wave((2, size, size, 3), 0.11, 255.0)).astype(np.float32)


def _forward(tf, model, module, size):
    x = tf.constant(_image(size))
    out = model(module.preprocess_input(x))
    grad = tf.gradients(tf.reduce_sum(out * out), x)[0]
    steps = [tf.global_variables_initializer(), _fixed_weights(tf, model)]
    return {"out": out, "grad_image": grad}, {}, steps


def _mobilenet_v2(tf):
    apps = tf.keras.applications
    model = apps.MobileNetV2(weights=None, include_top=False, alpha=0.35, pooling="avg",
                             input_shape=(32, 32, 3))
    return _forward(tf, model, apps.mobilenet_v2, 32)


def _mobilenet_top(tf):
    apps = tf.keras.applications
    model = apps.MobileNet(weights=None, alpha=0.25, classes=5, input_shape=(32, 32, 3),
                           classifier_activation=None)
    return _forward(tf, model, apps.mobilenet, 32)


def _preprocess(tf):
    apps = tf.keras.applications
    x = tf.constant(_image(3))
    xf = tf.constant(np.transpose(_image(3), (0, 3, 1, 2)))
    modules = {"vgg16": apps.vgg16, "vgg19": apps.vgg19, "resnet": apps.resnet,
               "resnet50": apps.resnet50, "resnet_v2": apps.resnet_v2,
               "mobilenet": apps.mobilenet, "mobilenet_v2": apps.mobilenet_v2,
               "inception_v3": apps.inception_v3, "densenet": apps.densenet,
               "xception": apps.xception, "nasnet": apps.nasnet,
               "inception_resnet_v2": apps.inception_resnet_v2}
    outs = {name: module.preprocess_input(x) for name, module in modules.items()}
    for mode in ("caffe", "tf", "torch"):
        outs[mode + "_first"] = apps.imagenet_utils.preprocess_input(
            xf, data_format="channels_first", mode=mode)
    return outs, {}


def _counts(tf):
    apps = tf.keras.applications
    models = [apps.VGG16(weights=None, include_top=False, input_shape=(32, 32, 3)),
              apps.VGG19(weights=None, include_top=False, input_shape=(32, 32, 3)),
              apps.ResNet50(weights=None, include_top=False, input_shape=(32, 32, 3)),
              apps.ResNet101(weights=None, include_top=False, input_shape=(32, 32, 3)),
              apps.ResNet152(weights=None, include_top=False, input_shape=(32, 32, 3)),
              apps.ResNet50V2(weights=None, include_top=False, input_shape=(32, 32, 3)),
              apps.ResNet101V2(weights=None, include_top=False, input_shape=(32, 32, 3)),
              apps.ResNet152V2(weights=None, include_top=False, input_shape=(32, 32, 3)),
              apps.InceptionV3(weights=None, include_top=False, input_shape=(75, 75, 3)),
              apps.InceptionResNetV2(weights=None, include_top=False,
                                     input_shape=(75, 75, 3)),
              apps.Xception(weights=None, include_top=False, input_shape=(71, 71, 3)),
              apps.DenseNet121(weights=None, include_top=False, input_shape=(32, 32, 3)),
              apps.DenseNet169(weights=None, include_top=False, input_shape=(32, 32, 3)),
              apps.DenseNet201(weights=None, include_top=False, input_shape=(32, 32, 3)),
              apps.NASNetMobile(weights=None, include_top=False, input_shape=(32, 32, 3)),
              apps.NASNetLarge(weights=None, include_top=False, input_shape=(32, 32, 3))]
    counts = [[m.count_params(), len(m.layers), len(m.weights)] for m in models]
    return {"counts": tf.constant(np.array(counts, np.int64))}, {}


PROGRAMS = [
    Program("api_keras_applications_mobilenet_v2", _mobilenet_v2, tol=(1e-4, 1e-5)),
    Program("api_keras_applications_mobilenet_top", _mobilenet_top, tol=(1e-4, 1e-5)),
    Program("api_keras_applications_preprocess", _preprocess),
    Program("api_keras_applications_counts", _counts),
]
SPECS = []

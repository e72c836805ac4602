"""Programs for tf.keras' volumetric layers (Conv3DTranspose, Cropping3D, UpSampling3D,
ZeroPadding3D, GlobalAverage/GlobalMaxPooling3D, SpatialDropout3D), SeparableConv1D,
LocallyConnected1D/2D (implementations 1-3), ConvLSTM2D and the backend's conv3d, pool3d,
resize_volumes, spatial_3d_padding, local_conv1d/2d: outputs and gradients for weights made by
constant initializers (the learning phase left at 0)."""
from __future__ import annotations

import numpy as np

from harness import Program


def _init(tf, scale=0.5):
    """An initializer filling any shape with a fixed cosine ramp."""
    def initializer(shape, dtype=None, partition_info=None):
        size = int(np.prod(shape))
        return tf.constant((np.cos(np.arange(size) * 0.7) * scale).reshape(shape), tf.float32)
    return initializer


def _wave(shape, step=0.3):
    return np.sin(np.arange(int(np.prod(shape))) * step).reshape(shape).astype(np.float32)


def _with_grads(tf, outs, wrt):
    loss = tf.add_n([tf.reduce_sum(o * o) for o in outs.values()])
    grads = tf.gradients(loss, wrt)
    outs.update({"grad_%d" % i: g for i, g in enumerate(grads)})
    return outs


def _conv3d_transpose_separable(tf):
    L = tf.keras.layers
    x = tf.constant(_wave((2, 3, 4, 2, 3)))
    s = tf.constant(_wave((2, 7, 3), 0.4))
    layers = [L.Conv3DTranspose(2, (2, 3, 2), strides=(2, 1, 2), padding="same",
                                activation="tanh", kernel_initializer=_init(tf),
                                bias_initializer=_init(tf, 0.1)),
              L.Convolution3DTranspose(2, 2, strides=2, output_padding=(1, 0, 1),
                                       kernel_initializer=_init(tf)),
              L.SeparableConv1D(2, 3, depth_multiplier=2, padding="causal", dilation_rate=2,
                                depthwise_initializer=_init(tf), pointwise_initializer=_init(tf)),
              L.SeparableConvolution1D(3, 2, strides=2, padding="same",
                                       depthwise_initializer=_init(tf),
                                       pointwise_initializer=_init(tf))]
    outs = {"ct_same": layers[0](x), "ct_outpad": layers[1](x), "sep_causal": layers[2](s),
            "sep_same": layers[3](s)}
    weights = [w for layer in layers for w in layer.weights]
    return _with_grads(tf, outs, [x, s] + weights), {}, [tf.global_variables_initializer()]


def _reshaping_3d(tf):
    L = tf.keras.layers
    x = tf.constant(_wave((2, 3, 2, 4, 2)))
    xf = tf.transpose(x, [0, 4, 1, 2, 3])
    outs = {"up": L.UpSampling3D((2, 1, 3))(x),
            "up_cf": L.UpSampling3D((1, 2, 1), data_format="channels_first")(xf),
            "pad": L.ZeroPadding3D(((1, 0), (0, 2), 1))(x),
            "crop": L.Cropping3D(((1, 1), (0, 1), (2, 0)))(x),
            "crop_cf": L.Cropping3D(1, data_format="channels_first")(xf),
            "avg": L.GlobalAveragePooling3D()(x),
            "avg_alias": L.GlobalAvgPool3D(keepdims=True)(x),
            "max_cf": L.GlobalMaxPooling3D(data_format="channels_first")(xf),
            "max_alias": L.GlobalMaxPool3D()(x),
            "dropout_inference": L.SpatialDropout3D(0.5)(x)}
    return _with_grads(tf, outs, [x]), {}


def _locally_connected(tf):
    L = tf.keras.layers
    x1 = tf.constant(_wave((2, 5, 3), 0.5))
    x2 = tf.constant(_wave((2, 4, 5, 2), 0.3))
    outs, layers = {}, []
    for impl in (1, 2, 3):
        for pad in (("valid",) if impl == 1 else ("valid", "same")):
            l1 = L.LocallyConnected1D(2, 2, strides=2 if pad == "valid" else 1, padding=pad,
                                      implementation=impl, activation="tanh",
                                      kernel_initializer=_init(tf),
                                      bias_initializer=_init(tf, 0.1))
            l2 = L.LocallyConnected2D(3, (2, 3), strides=(1, 2), padding=pad,
                                      data_format="channels_first" if impl == 2 else None,
                                      implementation=impl, kernel_initializer=_init(tf))
            outs["lc1_%d_%s" % (impl, pad)] = l1(x1)
            outs["lc2_%d_%s" % (impl, pad)] = l2(
                tf.transpose(x2, [0, 3, 1, 2]) if impl == 2 else x2)
            layers += [l1, l2]
    weights = [w for layer in layers for w in layer.weights]
    return _with_grads(tf, outs, [x1, x2] + weights), {}, [tf.global_variables_initializer()]


def _conv_lstm2d(tf):
    L = tf.keras.layers
    x = tf.constant(_wave((2, 3, 4, 5, 2), 0.37))
    xf = tf.transpose(x, [0, 1, 4, 2, 3])
    mask = tf.constant([[True, False, True], [True, True, False]])

    def make(**kwargs):
        return L.ConvLSTM2D(3, (2, 3), kernel_initializer=_init(tf),
                            recurrent_initializer=_init(tf, 0.3), **kwargs)

    layers = [make(return_sequences=True), make(return_state=True, go_backwards=True),
              make(padding="same", strides=(1, 2), dilation_rate=1),
              make(dilation_rate=2, padding="same", return_sequences=True),
              make(data_format="channels_first", activation="relu",
                   recurrent_activation="sigmoid"),
              make(return_sequences=True, dropout=0.3, recurrent_dropout=0.2)]
    seq_state = layers[1](x)
    outs = {"seq": layers[0](x), "back": seq_state[0], "back_h": seq_state[1],
            "back_c": seq_state[2], "strided": layers[2](x), "dilated": layers[3](x),
            "cf": layers[4](xf), "dropout_inference": layers[5](x, mask=mask)}
    weights = [w for layer in layers for w in layer.weights]
    return _with_grads(tf, outs, [x] + weights), {}, [tf.global_variables_initializer()]


def _backend_3d(tf):
    K = tf.keras.backend
    x = tf.constant(_wave((2, 3, 4, 5, 2)))
    xf = tf.transpose(x, [0, 4, 1, 2, 3])
    k = tf.constant(np.cos(np.arange(48)).reshape(2, 2, 2, 2, 3).astype(np.float32))
    x1 = tf.constant(_wave((2, 6, 3), 1.0))
    k1 = tf.constant(np.cos(np.arange(72)).reshape(3, 6, 4).astype(np.float32))
    x2 = tf.constant(_wave((2, 4, 5, 2), 1.0))
    k2 = tf.constant(np.cos(np.arange(144)).reshape(6, 8, 3).astype(np.float32))
    outs = {
        "conv3d": K.conv3d(x, k, strides=(1, 2, 1), padding="same"),
        "conv3d_cf": K.conv3d(xf, k, data_format="channels_first", dilation_rate=(1, 2, 2)),
        "pool3d_max": K.pool3d(x, (2, 2, 2), strides=(1, 1, 2)),
        "pool3d_avg_cf": K.pool3d(xf, (2, 2, 2), strides=(2, 2, 2), padding="same",
                                  data_format="channels_first", pool_mode="avg"),
        "resize": K.resize_volumes(x, 2, 1, 3, "channels_last"),
        "resize_cf": K.resize_volumes(xf, 1, 2, 1, "channels_first"),
        "pad3": K.spatial_3d_padding(x, ((1, 0), (0, 2), (1, 1))),
        "pad3_cf": K.spatial_3d_padding(xf, data_format="channels_first"),
        "local1d": K.local_conv1d(x1, k1, (2,), (2,)),
        "local2d": K.local_conv2d(x2, k2, (2, 2), (1, 2), (3, 2), "channels_last"),
        "local2d_cf": K.local_conv2d(tf.transpose(x2, [0, 3, 1, 2]), k2, (2, 2), (1, 2),
                                     (3, 2), "channels_first")}
    return _with_grads(tf, outs, [x, k, x1, k1, x2, k2]), {}


PROGRAMS = [
    Program("api_keras_conv3d_transpose_separable_conv1d", _conv3d_transpose_separable,
            tol=(1e-4, 1e-4)),
    Program("api_keras_reshaping_3d", _reshaping_3d),
    Program("api_keras_locally_connected", _locally_connected, tol=(1e-4, 1e-4)),
    Program("api_keras_conv_lstm2d", _conv_lstm2d, tol=(1e-4, 1e-4)),
    Program("api_keras_backend_3d", _backend_3d, tol=(1e-4, 1e-4)),
]
SPECS = []

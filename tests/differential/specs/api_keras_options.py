"""Programs for tf.keras options TF 1.x supports: GRU / GRUCell(reset_after=True), the
recurrent layers' time_major=True, Conv2DTranspose(output_padding), the backend's relu(alpha,
max_value, threshold) and bias_add with a bias of x's rank - 1, TimeDistributed's masks
(Masking -> TimeDistributed(GlobalAveragePooling1D) -> LSTM), Lambda layers rebuilt from
their JSON (bytecode) and Dense on a sparse Input (and backend.placeholder(sparse=True)):
outputs and gradients for weights made by constant initializers (learning phase 0)."""
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
    loss = tf.add_n([tf.reduce_sum(o * o) for o in outs.values()
                     if o.dtype == tf.float32])
    grads = tf.gradients(loss, wrt)
    outs.update({"grad_%d" % i: g for i, g in enumerate(grads)})
    return outs


def _rnn_kwargs(tf):
    return dict(kernel_initializer=_init(tf), recurrent_initializer=_init(tf, 0.3),
                bias_initializer=_init(tf, 0.2))


def _gru_reset_after(tf):
    L = tf.keras.layers
    x = tf.constant(_wave((2, 4, 3)))
    layers = [L.GRU(3, reset_after=True, return_sequences=True, return_state=True,
                    **_rnn_kwargs(tf)),
              L.GRU(2, reset_after=True, go_backwards=True, recurrent_activation="sigmoid",
                    **_rnn_kwargs(tf)),
              L.GRU(2, reset_after=True, use_bias=False, kernel_initializer=_init(tf),
                    recurrent_initializer=_init(tf, 0.3)),
              L.RNN(L.GRUCell(2, reset_after=True, **_rnn_kwargs(tf)))]
    seq, state = layers[0](x)
    outs = {"seq": seq, "state": state, "backwards": layers[1](x), "no_bias": layers[2](x),
            "cell": layers[3](x)}
    weights = [w for layer in layers for w in layer.weights]
    return _with_grads(tf, outs, [x] + weights), {}, [tf.global_variables_initializer()]


def _rnn_time_major(tf):
    L = tf.keras.layers
    x = tf.constant(_wave((4, 2, 3), 0.4))     # [time, batch, features]
    layers = [L.GRU(2, time_major=True, return_sequences=True, **_rnn_kwargs(tf)),
              L.LSTM(2, time_major=True, return_state=True, **_rnn_kwargs(tf)),
              L.SimpleRNN(2, time_major=True, return_sequences=True, go_backwards=True,
                          **_rnn_kwargs(tf))]
    lstm_out, lstm_h, lstm_c = layers[1](x)
    outs = {"gru_seq": layers[0](x), "lstm": lstm_out, "lstm_h": lstm_h, "lstm_c": lstm_c,
            "simple_seq": layers[2](x)}
    weights = [w for layer in layers for w in layer.weights]
    return _with_grads(tf, outs, [x] + weights), {}, [tf.global_variables_initializer()]


def _conv2d_transpose_output_padding(tf):
    L = tf.keras.layers
    x = tf.constant(_wave((2, 3, 4, 2)))
    layers = [L.Conv2DTranspose(2, 3, strides=2, output_padding=1,
                                kernel_initializer=_init(tf), bias_initializer=_init(tf, 0.1)),
              L.Conv2DTranspose(1, (3, 2), strides=(2, 3), output_padding=(1, 2),
                                padding="same", kernel_initializer=_init(tf)),
              L.Conv2DTranspose(2, 2, strides=3, output_padding=(2, 1),
                                data_format="channels_first", kernel_initializer=_init(tf))]
    outs = {"valid": layers[0](x), "same": layers[1](x),
            "channels_first": layers[2](tf.transpose(x, [0, 3, 1, 2]))}
    weights = [w for layer in layers for w in layer.weights]
    return _with_grads(tf, outs, [x] + weights), {}, [tf.global_variables_initializer()]


def _backend_relu_bias_add(tf):
    K = tf.keras.backend
    x = tf.constant(np.linspace(-3, 7, 24).reshape(2, 3, 4).astype(np.float32))
    b3 = tf.constant(_wave((3, 4), 0.5))
    b1 = tf.constant(_wave((4,), 0.7))
    outs = {"leaky": K.relu(x, alpha=0.1), "relu6": K.relu(x, max_value=6.0),
            "clipped": K.relu(x, max_value=1.5), "threshold": K.relu(x, threshold=0.5),
            "all": K.relu(x, alpha=0.2, max_value=1.5, threshold=0.5),
            "negative_threshold": K.relu(x, alpha=0.3, threshold=-1.0),
            "bias_nd": K.bias_add(x, b3),
            "bias_nd_first": K.bias_add(x, tf.transpose(b3), data_format="channels_first"),
            "bias_1d": K.bias_add(x, b1)}
    return _with_grads(tf, outs, [x, b3, b1]), {}


def _time_distributed_mask(tf):
    L = tf.keras.layers
    values = _wave((2, 4, 2, 3), 0.5)
    values[0, 1] = 0.0
    values[1, 3] = 0.0
    values[1, 0, 0] = 0.0
    x = tf.constant(values)
    masked = L.Masking(0.0)(x)
    pooled = L.TimeDistributed(L.GlobalAveragePooling1D())(masked)
    lstm = L.LSTM(2, **_rnn_kwargs(tf))
    dense = L.TimeDistributed(L.Dense(2, kernel_initializer=_init(tf)))
    flat = tf.reshape(masked, [2, 4, 6])
    step_mask = L.Masking(0.0)(flat)
    outs = {"lstm": lstm(pooled), "dense": dense(step_mask),
            "pooled_mask": pooled._keras_mask, "dense_mask": dense(step_mask)._keras_mask}
    return _with_grads(tf, outs, [x] + lstm.weights + dense.weights), {}, \
        [tf.global_variables_initializer()]


def _lambda_from_json(tf):
    """A model of Lambda layers (bytecode in its JSON) rebuilt by model_from_json."""
    L = tf.keras.layers

    def double(x, k=2.0):
        return x * k
    offset = 1.0
    model = tf.keras.Sequential([
        L.Lambda(lambda x: x * 3.0 + offset, input_shape=(3,)),
        L.Lambda(double, output_shape=(3,), arguments={"k": 4.0}),
        L.Lambda(lambda x: x[:, :1] - x[:, 2:], output_shape=lambda s: (s[0], 1))])
    again = tf.keras.models.model_from_json(model.to_json())
    x = tf.constant(_wave((2, 3)))
    return _with_grads(tf, {"rebuilt": again(x), "original": model(x)}, [x]), {}


def _sparse_input(tf):
    inp = tf.keras.Input(shape=(3,), sparse=True)
    dense = tf.keras.layers.Dense(2, kernel_initializer=_init(tf),
                                  bias_initializer=_init(tf, 0.1))
    out = dense(inp)
    # fed part by part (the harness feeds arrays): a SparseTensorValue's three fields
    feeds = {inp.indices: np.array([[0, 0], [1, 2], [2, 1], [2, 2]], np.int64),
             inp.values: np.array([1.0, -2.0, 3.0, 0.5], np.float32),
             inp.dense_shape: np.array([3, 3], np.int64)}
    outs = {"dense": out, "placeholder_dense": tf.keras.backend.placeholder(
        shape=(None, 3), sparse=True).dense_shape}
    # the bias's gradient only: TF 2.21's Dense reads a sparse input with
    # embedding_lookup_sparse (the kernel's gradient is IndexedSlices), TF 1.x's with
    # sparse_tensor_dense_matmul (dense), as tfcompat
    return _with_grads(tf, outs, [dense.bias]), feeds, \
        [tf.global_variables_initializer()]


PROGRAMS = [
    Program("api_keras_gru_reset_after", _gru_reset_after, tol=(1e-4, 1e-5)),
    Program("api_keras_rnn_time_major", _rnn_time_major, tol=(1e-4, 1e-5)),
    Program("api_keras_conv2d_transpose_output_padding", _conv2d_transpose_output_padding,
            tol=(1e-4, 1e-5)),
    Program("api_keras_backend_relu_bias_add", _backend_relu_bias_add),
    Program("api_keras_time_distributed_mask", _time_distributed_mask, tol=(1e-4, 1e-5)),
    Program("api_keras_lambda_from_json", _lambda_from_json),
    Program("api_keras_sparse_input", _sparse_input),
]
SPECS = []

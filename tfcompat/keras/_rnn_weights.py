"""Keras' conversion of saved recurrent weights between the cuDNN layers and the plain ones
(tf_keras hdf5_format._convert_rnn_weights), applied when an h5 file's weights are loaded:
CuDNNLSTM <-> LSTM, and CuDNNGRU <-> GRU(reset_after=True). Per gate, an input kernel is
re-laid between cuDNN's and Keras' order (transposed, then reshaped in Fortran / C order) and
a recurrent kernel transposed; LSTM's two biases are summed (or split in halves), GRU's
reshaped. Layers in a Bidirectional wrapper are converted half by half.
"""
from __future__ import annotations

import numpy as np


def _transform_kernels(kernels, func, n_gates):
    return np.hstack([func(k) for k in np.hsplit(kernels, n_gates)])


def _transpose_input(from_cudnn):
    order = "F" if from_cudnn else "C"
    return lambda kernel: kernel.T.reshape(kernel.shape, order=order)


def _convert(weights, n_gates, from_cudnn, biases):
    kernels = _transform_kernels(weights[0], _transpose_input(from_cudnn), n_gates)
    recurrent_kernels = _transform_kernels(weights[1], lambda k: k.T, n_gates)
    return [kernels, recurrent_kernels, biases]


def _lstm(weights, target):
    units, bias_shape = weights[1].shape[0], weights[2].shape
    if bias_shape == (8 * units,):
        source = "CuDNNLSTM"
    elif bias_shape == (4 * units,):
        source = "LSTM"
    else:
        raise ValueError("Invalid bias shape: " + str(bias_shape))
    if source == target:
        return weights
    if source == "CuDNNLSTM":
        return _convert(weights, 4, True, np.sum(np.split(weights[2], 2, axis=0), axis=0))
    return _convert(weights, 4, False, np.tile(0.5 * weights[2], 2))


def _gru(layer, weights, target_class):
    units, bias_shape = weights[1].shape[0], weights[2].shape
    if bias_shape == (6 * units,):
        source = "CuDNNGRU"
    elif bias_shape == (2, 3 * units):
        source = "GRU(reset_after=True)"
    elif bias_shape == (3 * units,):
        source = "GRU(reset_after=False)"
    else:
        raise ValueError("Invalid bias shape: " + str(bias_shape))
    if target_class == "CuDNNGRU":
        target = "CuDNNGRU"
    else:
        target = "GRU(reset_after=%s)" % bool(getattr(layer, "reset_after", False))
    if source == target:
        return weights
    if "GRU(reset_after=False)" in (source, target):
        raise ValueError("%s is not compatible with %s" % (source, target))
    from_cudnn = source == "CuDNNGRU"
    biases = np.array(weights[2]).reshape((2, -1) if from_cudnn else -1)
    return _convert(weights, 3, from_cudnn, biases)


def convert_rnn_weights(layer, weights):
    """`weights` (numpy, as saved) in the layout `layer` (the target) expects."""
    target_class = type(layer).__name__
    if target_class == "Bidirectional":
        half = len(weights) // 2
        return convert_rnn_weights(layer.forward_layer, weights[:half]) + \
            convert_rnn_weights(layer.backward_layer, weights[half:])
    if len(weights) != 3:       # no bias (use_bias=False): nothing to convert
        return weights
    if target_class in ("LSTM", "CuDNNLSTM"):
        return _lstm(weights, target_class)
    if target_class in ("GRU", "CuDNNGRU"):
        return _gru(layer, weights, target_class)
    return weights

"""Keras' locally-connected layers (LocallyConnected1D/2D): a convolution whose weights are not
shared between output positions, in tf_keras's three implementations:

1. `K.local_conv`: each output position's patch multiplied by its own kernel slice
   (kernel [positions, prod(kernel_size) * in, filters]; 'valid' padding only);
2. a dense matmul by the full input-to-output weight tensor times a 0/1 connectivity mask
   (kernel [spatial_in..., in, spatial_out..., filters], or channels-first ordered);
3. a sparse matmul whose non-zeros are the connected (output, input) pairs (kernel [n_pairs]).

The bias has one entry per output position and filter ([spatial_out..., filters]).
"""
from __future__ import annotations

import itertools

import numpy as np

from tfcompat.framework.convert import constant
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import activations
from tfcompat.keras import backend
from tfcompat.keras import constraints
from tfcompat.keras import initializers
from tfcompat.keras import regularizers
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.layers.core import serialize_fields
from tfcompat.layers import convolutional as tf_conv
from tfcompat.layers.base import InputSpec
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops import sparse_ops


def _connected_inputs(input_shape, kernel_size, position, strides, padding):
    """The input ranges an output position sees (tf_keras' conv_connected_inputs)."""
    ranges = []
    for size, k, p, s in zip(input_shape, kernel_size, position, strides):
        left = k // 2
        center = p * s + (left if padding == "valid" else 0)
        ranges.append(range(max(0, center - left), min(size, center + k - left)))
    return ranges


def _output_space(input_shape, kernel_size, strides, padding):
    return tuple(0 if n == 0 else tf_conv.conv_output_length(n, k, padding, s)
                 for n, k, s in zip(input_shape, kernel_size, strides))


def _kernel_mask(input_shape, kernel_size, strides, padding, data_format):
    """A float 0/1 mask [spatial_in..., 1, spatial_out..., 1] (channels_last) or
    [1, spatial_in..., 1, spatial_out...] marking the connected input-output pairs."""
    out_space = _output_space(input_shape, kernel_size, strides, padding)
    mask = np.zeros(tuple(input_shape) + out_space, np.float32)
    for position in itertools.product(*[range(n) for n in out_space]):
        for source in itertools.product(*_connected_inputs(input_shape, kernel_size, position,
                                                           strides, padding)):
            mask[source + position] = 1.0
    ndims = len(input_shape)
    if data_format == "channels_first":
        return np.expand_dims(np.expand_dims(mask, 0), -ndims - 1)
    return np.expand_dims(np.expand_dims(mask, ndims), -1)


def _kernel_indices(input_shape, kernel_size, strides, padding, filters_in, filters_out,
                    data_format):
    """The sorted (output index, input index) pairs of the flattened sparse kernel."""
    out_space = _output_space(input_shape, kernel_size, strides, padding)
    first = data_format == "channels_first"

    def dims(space, channels):
        return (channels,) + tuple(space) if first else tuple(space) + (channels,)

    pairs = []
    for position in itertools.product(*[range(n) for n in out_space]):
        for source in itertools.product(*_connected_inputs(input_shape, kernel_size, position,
                                                           strides, padding)):
            for f_in in range(filters_in):
                in_idx = int(np.ravel_multi_index(
                    (f_in,) + source if first else source + (f_in,),
                    dims(input_shape, filters_in)))
                for f_out in range(filters_out):
                    out_idx = int(np.ravel_multi_index(
                        (f_out,) + position if first else position + (f_out,),
                        dims(out_space, filters_out)))
                    pairs.append((out_idx, in_idx))
    return sorted(pairs)


def _bias_add(x, bias, data_format):
    """tf_keras' backend.bias_add for a bias of one entry per output position and filter."""
    dims = TensorShape(bias.shape).as_list()
    if data_format == "channels_first":
        return x + array_ops.reshape(bias, [1, dims[-1]] + dims[:-1])
    return x + array_ops.reshape(bias, [1] + dims)


class _LocallyConnected(Layer):
    """The N-d un-shared convolution (N = `rank`)."""

    _NAME = None

    def __init__(self, rank, filters, kernel_size, strides, padding="valid", data_format=None,
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 implementation=1, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = filters
        self.kernel_size = tf_conv._tuple(kernel_size, rank, "kernel_size")
        self.strides = tf_conv._tuple(strides, rank, "strides", allow_zero=True)
        self.padding = tf_conv._padding(padding)
        if self.padding != "valid" and implementation == 1:
            raise ValueError("Invalid border mode for %s (only \"valid\" is supported if "
                             "implementation is 1): %s" % (self._NAME, padding))
        self.data_format = backend.normalize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.implementation = implementation
        self.input_spec = InputSpec(ndim=rank + 2)

    def _split_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        if self.data_format == "channels_first":
            return dims[2:], dims[1]
        return dims[1:-1], dims[-1]

    def _check_input(self, input_shape, space, channels):
        raise NotImplementedError

    def _kernel_shape(self, space, channels):
        out = list(self.output_space)
        if self.implementation == 1:
            return [int(np.prod(out)), int(np.prod(self.kernel_size)) * channels, self.filters]
        if self.implementation == 2:
            if self.data_format == "channels_first":
                return [channels] + list(space) + [self.filters] + out
            return list(space) + [channels] + out + [self.filters]
        if self.implementation == 3:
            return [int(np.prod(out)) * self.filters, int(np.prod(space)) * channels]
        raise ValueError("Unrecognized implementation mode: %d." % self.implementation)

    def build(self, input_shape):
        space, channels = self._split_shape(input_shape)
        self._check_input(input_shape, space, channels)
        self.output_space = tuple(tf_conv.conv_output_length(n, k, self.padding, s) for n, k, s
                                  in zip(space, self.kernel_size, self.strides))
        if min(self.output_space) <= 0:
            raise ValueError("One of the dimensions in the output is <= 0 due to downsampling "
                             "in %s. Consider increasing the input size. Received input shape "
                             "%s which would produce output shape with a zero or negative "
                             "value in a dimension." % (self.name, tuple(
                                 TensorShape(input_shape).as_list())))
        self.kernel_shape = tuple(self._kernel_shape(space, channels))
        shape = self.kernel_shape
        if self.implementation == 2:
            self.kernel_mask = _kernel_mask(space, self.kernel_size, self.strides,
                                            self.padding, self.data_format)
        elif self.implementation == 3:
            self.kernel_idxs = _kernel_indices(space, self.kernel_size, self.strides,
                                               self.padding, channels, self.filters,
                                               self.data_format)
            shape = (len(self.kernel_idxs),)
        self.kernel = self.add_weight("kernel", shape=shape,
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight("bias", shape=self.output_space + (self.filters,),
                                    initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={
            1 if self.data_format == "channels_first" else -1: channels})
        self.built = True

    def _dense_matmul(self, inputs):
        # implementation 2: inputs [batch, all inputs] x masked kernel [all inputs, all outputs]
        flat = array_ops.reshape(inputs, array_ops_join.stack([array_ops.shape(inputs)[0],
                                                               -1]))
        kernel = math_ops.multiply(constant(self.kernel_mask), self.kernel)
        split = len(self.kernel_shape) // 2
        shape = array_ops.shape(kernel)
        kernel = array_ops.reshape(kernel, array_ops_join.stack([
            reduction_ops.reduce_prod(shape[:split]), reduction_ops.reduce_prod(shape[split:])]))
        output = reduction_ops.matmul(flat, kernel, b_is_sparse=True)
        return array_ops.reshape(output, array_ops_join.stack(
            [array_ops.shape(output)[0]] + self._output_dims()))

    def _sparse_matmul(self, inputs):
        # implementation 3: sparse kernel [all outputs, all inputs] x inputs^T, transposed back
        flat = array_ops.reshape(inputs, array_ops_join.stack([array_ops.shape(inputs)[0],
                                                               -1]))
        sparse = SparseTensor(self.kernel_idxs, self.kernel, self.kernel_shape)
        output = array_ops.transpose(sparse_ops.sparse_tensor_dense_matmul(
            sparse, flat, adjoint_b=True))
        return array_ops.reshape(output, array_ops_join.stack(
            [array_ops.shape(output)[0]] + self._output_dims()))

    def _output_dims(self):
        if self.data_format == "channels_first":
            return [self.filters] + list(self.output_space)
        return list(self.output_space) + [self.filters]

    def call(self, inputs):
        if self.implementation == 1:
            output = backend.local_conv2d(inputs, self.kernel, self.kernel_size, self.strides,
                                          self.output_space, self.data_format)
        elif self.implementation == 2:
            output = self._dense_matmul(inputs)
        else:
            output = self._sparse_matmul(inputs)
        if self.use_bias:
            output = _bias_add(output, self.bias, self.data_format)
        return self.activation(output) if self.activation is not None else output

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        space, _ = self._split_shape(input_shape)
        out = [tf_conv.conv_output_length(n, k, self.padding, s) for n, k, s in zip(
            space, self.kernel_size, self.strides)]
        if self.data_format == "channels_first":
            return TensorShape([dims[0], self.filters] + out)
        return TensorShape([dims[0]] + out + [self.filters])

    def get_config(self):
        return serialize_fields(
            self, filters=self.filters, kernel_size=self.kernel_size, strides=self.strides,
            padding=self.padding, data_format=self.data_format, activation=self.activation,
            use_bias=self.use_bias, kernel_initializer=self.kernel_initializer,
            bias_initializer=self.bias_initializer, kernel_regularizer=self.kernel_regularizer,
            bias_regularizer=self.bias_regularizer,
            activity_regularizer=self.activity_regularizer,
            kernel_constraint=self.kernel_constraint, bias_constraint=self.bias_constraint,
            implementation=self.implementation)


class LocallyConnected1D(_LocallyConnected):
    """Keras `LocallyConnected1D` on [batch, steps, channels] (or channels-first) inputs."""

    _NAME = "LocallyConnected1D"

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 **kwargs):
        super().__init__(1, filters, kernel_size, strides, padding, data_format, **kwargs)

    def _check_input(self, input_shape, space, channels):
        if channels is None:
            raise ValueError("Axis 2 of input should be fully-defined. Found shape: %s"
                             % (TensorShape(input_shape),))


class LocallyConnected2D(_LocallyConnected):
    """Keras `LocallyConnected2D` on [batch, rows, cols, channels] (or channels-first)."""

    _NAME = "LocallyConnected2D"

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 **kwargs):
        super().__init__(2, filters, kernel_size, strides, padding, data_format, **kwargs)

    def _check_input(self, input_shape, space, channels):
        if None in space:
            raise ValueError("The spatial dimensions of the inputs to  a LocallyConnected2D "
                             "layer should be fully-defined, but layer received the inputs "
                             "shape %s" % (tuple(TensorShape(input_shape).as_list()),))


__all__ = ["LocallyConnected1D", "LocallyConnected2D"]

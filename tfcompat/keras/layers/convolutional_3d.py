"""Keras' volumetric layers and SeparableConv1D: Conv3DTranspose, Cropping3D, UpSampling3D,
ZeroPadding3D, GlobalAverage/GlobalMaxPooling3D, SpatialDropout3D, as tf_keras builds them in
graph mode (`conv3d_transpose/conv3d_transpose`, `up_sampling3d/concat_2`, ...), on the shared
bases of convolutional.py (config fields, input specs, padding and cropping pairs)."""
from __future__ import annotations

from tfcompat import _unsupported
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import backend
from tfcompat.keras.layers import convolutional as conv
from tfcompat.keras.layers.core import Dropout
from tfcompat.keras.layers.core import serialize_fields
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.layers import convolutional as tf_conv
from tfcompat.layers.base import InputSpec
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import array_ops_pad
from tfcompat.ops import nn_conv_ops
from tfcompat.ops import nn_ops


def _deconv_length(length, k, padding, stride, output_padding):
    """tf_keras' conv_utils.deconv_output_length (dilation 1: Conv3DTranspose ignores it)."""
    if length is None:
        return None
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(k - stride, 0)
        return length * stride
    pad = k // 2 if padding == "same" else 0
    return (length - 1) * stride + k - 2 * pad + output_padding


class Conv3DTranspose(conv._Conv):
    """Keras `Conv3DTranspose`: kernel [kd, kh, kw, filters, in] (`conv3d_transpose/
    conv3d_transpose`, Conv3DBackpropInputV2). As TF, `dilation_rate` is kept but unused."""

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid",
                 output_padding=None, data_format=None, dilation_rate=(1, 1, 1), groups=1,
                 **kwargs):
        if groups != 1:     # configs carry `groups`; TF's transposed convolution has none
            raise _unsupported.UnsupportedAPIError("tf.keras.layers.Conv3DTranspose(groups > 1)")
        conv._Conv.__init__(self, 3, filters, kernel_size, strides, padding, data_format,
                            dilation_rate, **kwargs)
        self.output_padding = output_padding
        if output_padding is not None:
            self.output_padding = tf_conv._tuple(output_padding, 3, "output_padding",
                                                 allow_zero=True)
            for stride, pad in zip(self.strides, self.output_padding):
                if pad >= stride:
                    raise ValueError("Strides must be greater than output padding. Received "
                                     "strides=%s, output_padding=%s."
                                     % (self.strides, self.output_padding))

    def _kernel_shape(self, in_channels):
        return list(self.kernel_size) + [self.filters, in_channels]

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        if input_shape.ndims != 5:
            raise ValueError("Inputs should have rank 5. Received input_shape=%s."
                             % (input_shape,))
        if input_shape[self._channel_axis()].value is None:
            raise ValueError("The channel dimension of the inputs to `Conv3DTranspose` should "
                             "be defined. The input_shape received is %s, where axis %d "
                             "(0-based) is the channel dimension, which found to be `None`."
                             % (input_shape, self._channel_axis()))
        conv._Conv.build(self, input_shape)
        self.input_spec = InputSpec(ndim=5, axes={self._channel_axis():
                                                  input_shape[self._channel_axis()].value})

    def _out_space(self, sizes):
        pads = self.output_padding or (None,) * 3
        return [_deconv_length(n, k, self.padding, s, p) for n, k, s, p in zip(
            sizes, self.kernel_size, self.strides, pads)]

    def call(self, inputs):
        # as tf_keras: every size read from `Shape` (the output shape is a stacked tensor)
        shape_t = array_ops.shape(inputs)
        first = self.data_format == "channels_first"
        space = self._out_space([shape_t[a] for a in ((2, 3, 4) if first else (1, 2, 3))])
        out = [shape_t[0]] + ([self.filters] + space if first else space + [self.filters])
        strides = [1, 1] + list(self.strides) if first else [1] + list(self.strides) + [1]
        outputs = nn_conv_ops.conv3d_transpose(
            inputs, self.kernel, array_ops_join.stack(out), strides,
            padding=self.padding.upper(), data_format="NCDHW" if first else "NDHWC")
        if inputs.shape.ndims:
            outputs.set_shape(self.compute_output_shape(inputs.shape))
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias,
                                      data_format="NCHW" if first else "NHWC")
        return self.activation(outputs) if self.activation is not None else outputs

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        space = self._out_space(self._spatial(input_shape))
        if self.data_format == "channels_first":
            return TensorShape([dims[0], self.filters] + space)
        return TensorShape([dims[0]] + space + [self.filters])

    def get_config(self):
        config = super().get_config()
        config.pop("dilation_rate")
        config["output_padding"] = self.output_padding
        return config


class SeparableConv1D(conv.SeparableConv2D):
    """Keras `SeparableConv1D`: the 2-D separable convolution over an added axis of size 1
    (depthwise_kernel [k, in, multiplier], pointwise_kernel [1, in * multiplier, filters])."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, depth_multiplier=1, **kwargs):
        # the 2-D base refuses 'causal': it is set once the base is made
        conv.SeparableConv2D.__init__(self, filters, 1, 1, "valid", data_format, 1,
                                      depth_multiplier, **kwargs)
        self.rank = 1
        self.padding = tf_conv._padding(padding)
        self.kernel_size = tf_conv._tuple(kernel_size, 1, "kernel_size")
        self.strides = tf_conv._tuple(strides, 1, "strides", allow_zero=True)
        self.dilation_rate = tf_conv._tuple(dilation_rate, 1, "dilation_rate")
        self.input_spec = InputSpec(min_ndim=3)

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        channels = input_shape[self._channel_axis()].value
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. The "
                             "input_shape received is %s, where axis %d (0-based) is the "
                             "channel dimension, which found to be `None`."
                             % (input_shape, self._channel_axis()))
        self.input_spec = InputSpec(ndim=3, axes={self._channel_axis(): channels})
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", list(self.kernel_size) + [channels, self.depth_multiplier],
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel", [1, channels * self.depth_multiplier, self.filters],
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint)
        self.bias = self._add_bias() if self.use_bias else None
        self.built = True

    def call(self, inputs):
        first = self.data_format == "channels_first"
        padding = self.padding
        if padding == "causal":
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            inputs = array_ops_pad.pad(inputs, [[0, 0], [left, 0], [0, 0]])
            padding = "valid"
        axis = 2 if first else 1
        step = self.strides[0]      # as TF: both axes strided (the added one has size 1)
        fmt = "NCHW" if first else "NHWC"
        outputs = nn_conv_ops.separable_conv2d(
            array_ops.expand_dims(inputs, axis), array_ops.expand_dims(self.depthwise_kernel, 0),
            array_ops.expand_dims(self.pointwise_kernel, 0),
            [1, 1, step, step] if first else [1, step, step, 1], padding.upper(),
            rate=[1] + list(self.dilation_rate), data_format=fmt)
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias, data_format=fmt)
        outputs = array_ops.squeeze(outputs, [axis])
        return self.activation(outputs) if self.activation is not None else outputs


Convolution3DTranspose = Conv3DTranspose
SeparableConvolution1D = SeparableConv1D

GlobalAveragePooling3D = conv._global_class(3, "avg", "GlobalAveragePooling3D")
GlobalMaxPooling3D = conv._global_class(3, "max", "GlobalMaxPooling3D")
GlobalAvgPool3D, GlobalMaxPool3D = GlobalAveragePooling3D, GlobalMaxPooling3D


def _three_pairs(value, what):
    """An int, 3 ints or 3 (before, after) pairs -> 3 pairs, with Keras' errors."""
    if isinstance(value, int):
        return ((value, value),) * 3
    if not hasattr(value, "__len__"):
        raise ValueError("`%s` should be either an int, a tuple of 3 ints, or a tuple of 3 "
                         "tuples of 2 ints. Received: %s." % (what, value))
    if len(value) != 3:
        raise ValueError("`%s` should have 3 elements. Received: %s." % (what, value))
    ordinal = ("1st", "2nd", "3rd")
    return tuple(tf_conv._tuple(item, 2, "%s entry of %s" % (ordinal[i], what),
                                allow_zero=True)
                 for i, item in enumerate(value))


class Cropping3D(conv._Cropping):
    """Keras `Cropping3D` (`cropping3d/strided_slice`)."""

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(3, _three_pairs(cropping, "cropping"), data_format, **kwargs)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        start = 2 if self.data_format == "channels_first" else 1
        for offset, (before, after) in enumerate(self.cropping):
            if dims[start + offset] is not None:
                dims[start + offset] -= before + after
        return TensorShape(dims)


class ZeroPadding3D(conv._ZeroPadding):
    """Keras `ZeroPadding3D` (`zero_padding3d/Pad`)."""

    def __init__(self, padding=(1, 1, 1), data_format=None, **kwargs):
        super().__init__(3, _three_pairs(padding, "padding"), data_format, **kwargs)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        start = 2 if self.data_format == "channels_first" else 1
        for offset, (before, after) in enumerate(self.padding):
            if dims[start + offset] is not None:
                dims[start + offset] += before + after
        return TensorShape(dims)


class UpSampling3D(Layer):
    """Keras `UpSampling3D`: each voxel repeated `size` times per axis (K.resize_volumes)."""

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = backend.normalize_data_format(data_format)
        self.size = tf_conv._tuple(size, 3, "size")
        self.input_spec = InputSpec(ndim=5)

    def call(self, inputs):
        return backend.resize_volumes(inputs, self.size[0], self.size[1], self.size[2],
                                      self.data_format)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        start = 2 if self.data_format == "channels_first" else 1
        for offset, factor in enumerate(self.size):
            if dims[start + offset] is not None:
                dims[start + offset] *= factor
        return TensorShape(dims)

    def get_config(self):
        return serialize_fields(self, size=self.size, data_format=self.data_format)


class SpatialDropout3D(Dropout):
    """Drops whole feature volumes of 5-D inputs (noise shape [batch, 1, 1, 1, channels])."""

    def __init__(self, rate, data_format=None, **kwargs):
        super().__init__(rate, **kwargs)
        data_format = data_format or backend.image_data_format()
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError('`data_format` must be "channels_last" or "channels_first". '
                             "Received: data_format=%s." % data_format)
        self.data_format = data_format
        self.input_spec = InputSpec(ndim=5)

    def _noise_shape(self, inputs):
        shape = array_ops.shape(inputs)
        if self.data_format == "channels_first":
            return array_ops_join.stack([shape[0], shape[1], 1, 1, 1])
        return array_ops_join.stack([shape[0], 1, 1, 1, shape[4]])


__all__ = ["Conv3DTranspose", "Convolution3DTranspose", "SeparableConv1D",
           "SeparableConvolution1D", "GlobalAveragePooling3D", "GlobalMaxPooling3D",
           "GlobalAvgPool3D", "GlobalMaxPool3D", "Cropping3D", "ZeroPadding3D", "UpSampling3D",
           "SpatialDropout3D"]

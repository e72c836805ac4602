"""Keras convolution, pooling and padding layers: Conv1D/2D/3D, MaxPooling/AveragePooling 1-3D,
GlobalAverage/GlobalMax pooling 1-2D, ZeroPadding1D/2D, UpSampling2D.

The convolution and pooling math is tf.layers' (tfcompat/layers/convolutional.py builds the
same ops tf_keras does: `conv2d/Conv2D`, `conv1d/Conv1D/ExpandDims`, `max_pooling2d/MaxPool`);
these classes give it Keras' layer base (names, weights, nodes) and Keras' defaults.
"""
from __future__ import annotations

from tfcompat import _unsupported
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import activations
from tfcompat.keras import backend
from tfcompat.keras import constraints
from tfcompat.keras import initializers
from tfcompat.keras import regularizers
from tfcompat.layers.base import InputSpec
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.layers.core import serialize_fields
from tfcompat.layers import convolutional as tf_conv
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_pad
from tfcompat.ops import math_ops
from tfcompat.ops import image_ops
from tfcompat.ops import nn_conv_ops
from tfcompat.ops import reduction_ops

_BORROWED_CONV = ("_channel_axis", "_kernel_shape", "build", "_add_bias", "_convolve",
                  "_add_bias_and_activate", "call", "_spatial", "compute_output_shape")


class _Conv(Layer):
    """N-d convolution (tf_keras's `Conv`): kernel [k..., in, filters], bias [filters]."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = int(filters)
        if self.filters <= 0:
            raise ValueError("Invalid value for argument `filters`. Expected a strictly positive "
                             "value. Received filters=%s." % filters)
        self.kernel_size = tf_conv._tuple(kernel_size, rank, "kernel_size")
        self.strides = tf_conv._tuple(strides, rank, "strides", allow_zero=True)
        self.padding = tf_conv._padding(padding)
        if self.padding == "causal" and rank != 1:
            raise ValueError("Causal padding is only supported for `Conv1D` and `SeparableConv1D`.")
        self.data_format = backend.normalize_data_format(data_format)
        self.dilation_rate = tf_conv._tuple(dilation_rate, rank, "dilation_rate")
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=rank + 2)

    def get_config(self):
        return serialize_fields(
            self, filters=self.filters, kernel_size=self.kernel_size, strides=self.strides,
            padding=self.padding, data_format=self.data_format,
            dilation_rate=self.dilation_rate, groups=1, activation=self.activation,
            use_bias=self.use_bias, kernel_initializer=self.kernel_initializer,
            bias_initializer=self.bias_initializer, kernel_regularizer=self.kernel_regularizer,
            bias_regularizer=self.bias_regularizer,
            activity_regularizer=self.activity_regularizer,
            kernel_constraint=self.kernel_constraint, bias_constraint=self.bias_constraint)


for _name in _BORROWED_CONV:
    setattr(_Conv, _name, getattr(tf_conv._Conv, _name))


def _conv_class(rank, cls_name, default_strides):
    def __init__(self, filters, kernel_size, strides=default_strides, padding="valid",
                 data_format=None, dilation_rate=default_strides, groups=1, **kwargs):
        if groups != 1:
            raise _unsupported.UnsupportedAPIError("tf.keras.layers.%s(groups > 1)" % cls_name)
        _Conv.__init__(self, rank, filters, kernel_size, strides, padding, data_format,
                       dilation_rate, **kwargs)
    return type(cls_name, (_Conv,), {"__init__": __init__, "__doc__": "Keras `%s`." % cls_name})


class _ConvTranspose(_Conv):
    """Transposed convolution (kernel [k..., filters, in]): tf.layers' ops."""

    output_padding = None
    _kernel_shape = tf_conv._ConvTranspose._kernel_shape
    _out_space = tf_conv._ConvTranspose._out_space
    call = tf_conv._ConvTranspose.call
    compute_output_shape = tf_conv._ConvTranspose.compute_output_shape

    def get_config(self):
        config = super().get_config()
        config.pop("groups")
        config["output_padding"] = self.output_padding
        return config


class Conv2DTranspose(_ConvTranspose):
    """Keras `Conv2DTranspose` (`conv2d_transpose/conv2d_transpose`, kernel [kh, kw, out, in])."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", output_padding=None,
                 data_format=None, dilation_rate=(1, 1), **kwargs):
        _Conv.__init__(self, 2, filters, kernel_size, strides, padding, data_format,
                       dilation_rate, **kwargs)
        if output_padding is not None:
            self.output_padding = tf_conv._tuple(output_padding, 2, "output_padding",
                                                 allow_zero=True)
            if any(pad >= stride for stride, pad in zip(self.strides, self.output_padding)):
                raise ValueError("Strides must be greater than output padding. Received "
                                 "strides=%s, output_padding=%s."
                                 % (self.strides, self.output_padding))


class SeparableConv2D(_Conv):
    """Depthwise then pointwise convolution (variables depthwise_kernel [kh, kw, in, mult],
    pointwise_kernel [1, 1, in*mult, filters], bias): tf.layers' ops."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), depth_multiplier=1, depthwise_initializer="glorot_uniform",
                 pointwise_initializer="glorot_uniform", depthwise_regularizer=None,
                 pointwise_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, groups=1, **kwargs):
        _Conv.__init__(self, 2, filters, kernel_size, strides, padding, data_format,
                       dilation_rate, **kwargs)
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)

    def build(self, input_shape):
        channels = TensorShape(input_shape)[self._channel_axis()].value
        self.input_spec = InputSpec(ndim=4, axes={self._channel_axis(): channels})
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", list(self.kernel_size) + [channels, self.depth_multiplier],
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel", [1, 1, channels * self.depth_multiplier, self.filters],
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint)
        self.bias = self._add_bias() if self.use_bias else None
        self.built = True

    call = tf_conv.SeparableConv2D.call

    def get_config(self):
        config = super().get_config()
        config.update(serialize_fields(
            self, depth_multiplier=self.depth_multiplier,
            depthwise_initializer=self.depthwise_initializer,
            pointwise_initializer=self.pointwise_initializer,
            depthwise_regularizer=self.depthwise_regularizer,
            pointwise_regularizer=self.pointwise_regularizer,
            depthwise_constraint=self.depthwise_constraint,
            pointwise_constraint=self.pointwise_constraint))
        return config


class DepthwiseConv2D(_Conv):
    """Per-channel convolution (`depthwise_conv2d/depthwise`): depthwise_kernel
    [kh, kw, in, depth_multiplier], bias [in * depth_multiplier]."""

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, groups=1, **kwargs):
        _Conv.__init__(self, 2, 1, kernel_size, strides, padding, data_format, dilation_rate,
                       activation=activation, use_bias=use_bias,
                       bias_initializer=bias_initializer, bias_regularizer=bias_regularizer,
                       activity_regularizer=activity_regularizer,
                       bias_constraint=bias_constraint, **kwargs)
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)

    def build(self, input_shape):
        channels = TensorShape(input_shape)[self._channel_axis()].value
        self.input_spec = InputSpec(ndim=4, axes={self._channel_axis(): channels})
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", list(self.kernel_size) + [channels, self.depth_multiplier],
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.filters = channels * self.depth_multiplier
        self.bias = self._add_bias() if self.use_bias else None
        self.built = True

    def call(self, inputs):
        first = self.data_format == "channels_first"
        strides = [1, 1] + list(self.strides) if first else [1] + list(self.strides) + [1]
        outputs = nn_conv_ops.depthwise_conv2d(
            inputs, self.depthwise_kernel, strides, self.padding.upper(),
            rate=list(self.dilation_rate), data_format="NCHW" if first else "NHWC")
        return self._add_bias_and_activate(outputs)

    def get_config(self):
        config = super().get_config()
        for key in ("filters", "kernel_initializer", "kernel_regularizer", "kernel_constraint"):
            config.pop(key)
        config.update(serialize_fields(self, depth_multiplier=self.depth_multiplier,
                                       depthwise_initializer=self.depthwise_initializer,
                                       depthwise_regularizer=self.depthwise_regularizer,
                                       depthwise_constraint=self.depthwise_constraint))
        return config


Conv1D = _conv_class(1, "Conv1D", 1)
Conv2D = _conv_class(2, "Conv2D", (1, 1))
Conv3D = _conv_class(3, "Conv3D", (1, 1, 1))
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
Convolution2DTranspose = Conv2DTranspose
SeparableConvolution2D = SeparableConv2D


class _Pooling(Layer):
    """N-d max/average pooling (tf_keras's `Pooling1D/2D/3D`)."""

    def __init__(self, rank, kind, pool_size, strides=None, padding="valid", data_format=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.rank, self.kind = rank, kind
        self.pool_size = tf_conv._tuple(pool_size, rank, "pool_size")
        self.strides = tf_conv._tuple(self.pool_size if strides is None else strides, rank,
                                      "strides", allow_zero=True)
        self.padding = tf_conv._padding(padding)
        self.data_format = backend.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=rank + 2)

    def get_config(self):
        return serialize_fields(self, pool_size=self.pool_size, padding=self.padding,
                                strides=self.strides, data_format=self.data_format)


for _name in ("call", "_pool", "compute_output_shape"):
    setattr(_Pooling, _name, getattr(tf_conv._Pooling, _name))


def _pool_class(rank, kind, cls_name, default_pool):
    def __init__(self, pool_size=default_pool, strides=None, padding="valid", data_format=None,
                 **kwargs):
        _Pooling.__init__(self, rank, kind, pool_size, strides, padding, data_format, **kwargs)
    return type(cls_name, (_Pooling,), {"__init__": __init__, "__doc__": "Keras `%s`." % cls_name})


MaxPooling1D = _pool_class(1, "max", "MaxPooling1D", 2)
MaxPooling2D = _pool_class(2, "max", "MaxPooling2D", (2, 2))
MaxPooling3D = _pool_class(3, "max", "MaxPooling3D", (2, 2, 2))
AveragePooling1D = _pool_class(1, "avg", "AveragePooling1D", 2)
AveragePooling2D = _pool_class(2, "avg", "AveragePooling2D", (2, 2))
AveragePooling3D = _pool_class(3, "avg", "AveragePooling3D", (2, 2, 2))
MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
AvgPool1D, AvgPool2D, AvgPool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D


class _GlobalPooling(Layer):
    """Mean or max over the spatial axes (`global_average_pooling2d/Mean`)."""

    def __init__(self, rank, kind, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.rank, self.kind = rank, kind
        self.data_format = backend.normalize_data_format(data_format)
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=rank + 2)

    def call(self, inputs, mask=None):
        first = self.data_format == "channels_first"
        axes = list(range(2, 2 + self.rank)) if first else list(range(1, 1 + self.rank))
        if mask is not None and self.kind == "avg" and self.rank == 1:
            # Keras' masked mean: the sum of the unmasked steps over their count
            weights = array_ops.expand_dims(math_ops.cast(mask, inputs.dtype.base_dtype),
                                            1 if first else 2)
            return reduction_ops.reduce_sum(inputs * weights, axis=axes,
                                            keepdims=self.keepdims) / \
                reduction_ops.reduce_sum(weights, axis=axes, keepdims=self.keepdims)
        reduce = reduction_ops.reduce_mean if self.kind == "avg" else reduction_ops.reduce_max
        return reduce(inputs, axis=axes, keepdims=self.keepdims)

    def compute_mask(self, inputs, mask=None):
        return None

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        channels = dims[1] if self.data_format == "channels_first" else dims[-1]
        return TensorShape([dims[0], channels])

    def get_config(self):
        return serialize_fields(self, data_format=self.data_format, keepdims=self.keepdims)


def _global_class(rank, kind, cls_name):
    def __init__(self, data_format=None, keepdims=False, **kwargs):
        _GlobalPooling.__init__(self, rank, kind, data_format, keepdims, **kwargs)
    return type(cls_name, (_GlobalPooling,), {"__init__": __init__,
                                              "__doc__": "Keras `%s`." % cls_name})


GlobalAveragePooling1D = _global_class(1, "avg", "GlobalAveragePooling1D")
GlobalAveragePooling2D = _global_class(2, "avg", "GlobalAveragePooling2D")
GlobalMaxPooling1D = _global_class(1, "max", "GlobalMaxPooling1D")
GlobalMaxPooling2D = _global_class(2, "max", "GlobalMaxPooling2D")
GlobalAvgPool1D, GlobalAvgPool2D = GlobalAveragePooling1D, GlobalAveragePooling2D
GlobalMaxPool1D, GlobalMaxPool2D = GlobalMaxPooling1D, GlobalMaxPooling2D


def _pairs(padding, rank):
    if isinstance(padding, int):
        return ((padding, padding),) * rank
    pairs = []
    for item in padding:
        pairs.append((item, item) if isinstance(item, int) else tuple(item))
    if len(pairs) != rank:
        raise ValueError("`padding` should have %d elements. Received: %s." % (rank, padding))
    return tuple(pairs)


class _ZeroPadding(Layer):
    """Zero padding of the spatial axes (`zero_padding2d/Pad`)."""

    def __init__(self, rank, padding, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.padding = _pairs(padding, rank)
        self.data_format = backend.normalize_data_format(data_format) if rank > 1 else \
            "channels_last"
        self.input_spec = InputSpec(ndim=rank + 2)

    def call(self, inputs):
        pads = [list(p) for p in self.padding]
        if self.data_format == "channels_first":
            pattern = [[0, 0], [0, 0]] + pads
        else:
            pattern = [[0, 0]] + pads + [[0, 0]]
        return array_ops_pad.pad(inputs, pattern)

    def get_config(self):
        return serialize_fields(self, padding=self.padding, data_format=self.data_format)


class ZeroPadding1D(_ZeroPadding):
    def __init__(self, padding=1, **kwargs):
        super().__init__(1, padding, **kwargs)


class ZeroPadding2D(_ZeroPadding):
    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(2, padding, data_format, **kwargs)


class UpSampling1D(Layer):
    """Repeats each step `size` times (`up_sampling1d/concat`, as Keras' repeat_elements)."""

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        self.size = int(size)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        return backend.repeat_elements(inputs, self.size, axis=1)

    def get_config(self):
        return serialize_fields(self, size=self.size)


class _Cropping(Layer):
    """Crops the spatial axes by (before, after) amounts (`cropping2d/strided_slice`)."""

    def __init__(self, rank, cropping, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.cropping = _pairs(cropping, rank)
        self.data_format = backend.normalize_data_format(data_format) if rank > 1 else \
            "channels_last"
        self.input_spec = InputSpec(ndim=rank + 2)

    def call(self, inputs):
        spatial = [slice(before, -after if after else None) for before, after in self.cropping]
        if self.data_format == "channels_first":
            return inputs[tuple([slice(None), slice(None)] + spatial)]
        return inputs[tuple([slice(None)] + spatial + [slice(None)])]

    def get_config(self):
        config = {"cropping": self.cropping}
        if self.rank > 1:
            config["data_format"] = self.data_format
        return serialize_fields(self, **config)


class Cropping1D(_Cropping):
    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(1, [cropping] if not isinstance(cropping, int) else cropping,
                         **kwargs)


class Cropping2D(_Cropping):
    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(2, cropping, data_format, **kwargs)


class UpSampling2D(Layer):
    """Repeats rows and columns `size` times (nearest) or resizes bilinearly."""

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.size = tf_conv._tuple(size, 2, "size")
        self.data_format = backend.normalize_data_format(data_format)
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError('`interpolation` argument should be one of `"nearest"` or '
                             '`"bilinear"`. Received: "%s".' % interpolation)
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        if self.data_format == "channels_first":
            raise ValueError("UpSampling2D: tfcompat supports channels_last inputs only.")
        height, width = inputs.shape.as_list()[1:3]
        if height is not None and width is not None:
            size = [height * self.size[0], width * self.size[1]]
        else:  # as Keras' backend.resize_images: the input's dynamic size times the factors
            size = array_ops.shape(inputs)[1:3] * array_ops.constant(list(self.size), "int32")
        # Keras' backend.resize_images: resize_images_v2, so half-pixel centers
        if self.interpolation == "nearest":
            return image_ops.resize_nearest_neighbor(inputs, size, half_pixel_centers=True)
        return image_ops.resize_bilinear(inputs, size, half_pixel_centers=True)

    def get_config(self):
        return serialize_fields(self, size=self.size, data_format=self.data_format,
                                interpolation=self.interpolation)


__all__ = ["Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "Convolution2DTranspose",
           "SeparableConv2D", "SeparableConvolution2D", "DepthwiseConv2D",
           "Convolution1D", "Convolution2D", "Convolution3D",
           "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D",
           "AveragePooling2D", "AveragePooling3D", "MaxPool1D", "MaxPool2D", "MaxPool3D",
           "AvgPool1D", "AvgPool2D", "AvgPool3D", "GlobalAveragePooling1D",
           "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
           "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalMaxPool1D", "GlobalMaxPool2D",
           "ZeroPadding1D", "ZeroPadding2D", "UpSampling1D", "UpSampling2D", "Cropping1D",
           "Cropping2D"]

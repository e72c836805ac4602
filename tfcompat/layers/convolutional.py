"""tf.layers convolution and pooling layers: Conv1D/2D/3D, Conv2DTranspose/Conv3DTranspose,
SeparableConv2D, MaxPooling/AveragePooling 1-3D, with their functional forms. Kernels are
[k..., in, out] (transposed convs: [k..., out, in]) as in TF, so checkpoints drop in."""
from __future__ import annotations

from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.layers.base import InputSpec
from tfcompat.layers.base import Layer
from tfcompat.layers.core import get_activation
from tfcompat.layers.core import get_initializer
from tfcompat.layers.keras_members import layer_config
from tfcompat.ops import array_ops
from tfcompat.ops import nn_conv_ops
from tfcompat.ops import nn_pool_ops
from tfcompat.ops import nn_ops
from tfcompat import init_ops


def _tuple(value, n, name, allow_zero=False):
    """tf_keras's conv_utils.normalize_tuple, with its messages (the value as passed)."""
    error_msg = "The `%s` argument must be a tuple of %d integers. Received: %s" % (name, n, value)
    if isinstance(value, int):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError(error_msg) from None
        if len(values) != n:
            raise ValueError(error_msg)
        for v in values:
            try:
                int(v)
            except (ValueError, TypeError):
                raise ValueError(error_msg + "including element %s of type %s"
                                 % (v, type(v))) from None
        values = tuple(int(v) for v in values)
    bad = {v for v in values if (v < 0 if allow_zero else v <= 0)}
    if bad:
        raise ValueError(error_msg + " including %s that does not satisfy the requirement `%s`."
                         % (bad, ">= 0" if allow_zero else "> 0"))
    return values


def _padding(value):
    padding = value.lower()
    if padding not in ("valid", "same", "causal"):
        raise ValueError("The `padding` argument must be a list/tuple or one of \"valid\", "
                         "\"same\" (or \"causal\", only for `Conv1D). Received: %s" % value)
    return padding


def _data_format(value):
    fmt = (value or "channels_last").lower()
    if fmt not in ("channels_first", "channels_last"):
        raise ValueError('The `data_format` argument must be one of "channels_first", '
                         '"channels_last". Received: %s' % value)
    return fmt


def _tf_format(rank, data_format):
    last = {1: "NWC", 2: "NHWC", 3: "NDHWC"}[rank]
    first = {1: "NCW", 2: "NCHW", 3: "NCDHW"}[rank]
    return first if data_format == "channels_first" else last


def conv_output_length(length, k, padding, stride, dilation=1):
    if length is None:
        return None
    eff = k + (k - 1) * (dilation - 1)
    out = length if padding in ("same", "causal") else length - eff + 1
    return (out + stride - 1) // stride


def deconv_output_length(length, k, padding, stride, dilation=1, output_padding=None):
    """tf_keras' conv_utils.deconv_output_length ('valid' or 'same')."""
    if length is None:
        return None
    eff = k + (k - 1) * (dilation - 1)
    if output_padding is not None:
        pad = eff // 2 if padding == "same" else 0
        return (length - 1) * stride + eff - 2 * pad + output_padding
    if padding == "valid":
        return length * stride + max(eff - stride, 0)
    return length * stride


class _Conv(Layer):
    """The N-d convolution layer shared by Conv1D/2D/3D (tf_keras's `Conv`)."""

    _transpose = False

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid",
                 data_format="channels_last", dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer=None, bias_initializer=init_ops.zeros_initializer(),
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = int(filters)
        if self.filters <= 0:
            raise ValueError("Invalid value for argument `filters`. Expected a strictly positive "
                             "value. Received filters=%s." % self.filters)
        self.kernel_size = _tuple(kernel_size, rank, "kernel_size")
        self.strides = _tuple(strides, rank, "strides", allow_zero=True)
        self.padding = _padding(padding)
        self.data_format = _data_format(data_format)
        self.dilation_rate = _tuple(dilation_rate, rank, "dilation_rate")
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = get_initializer(kernel_initializer)
        self.bias_initializer = get_initializer(bias_initializer)
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.input_spec = InputSpec(min_ndim=rank + 2)

    def get_config(self):
        """TF 1.15's Keras `Conv.get_config` (no `groups`: TF 2.3 added it)."""
        return layer_config(self, filters=self.filters, kernel_size=self.kernel_size,
                            strides=self.strides, padding=self.padding,
                            data_format=self.data_format, dilation_rate=self.dilation_rate,
                            activation=self.activation, use_bias=self.use_bias,
                            kernel_initializer=self.kernel_initializer,
                            bias_initializer=self.bias_initializer,
                            kernel_regularizer=self.kernel_regularizer,
                            bias_regularizer=self.bias_regularizer,
                            activity_regularizer=self.activity_regularizer,
                            kernel_constraint=self.kernel_constraint,
                            bias_constraint=self.bias_constraint)

    def _channel_axis(self):
        return 1 if self.data_format == "channels_first" else -1

    def _kernel_shape(self, in_channels):
        return list(self.kernel_size) + [in_channels, self.filters]

    def build(self, input_shape):
        channels = input_shape[self._channel_axis()].value
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. The "
                             "input_shape received is %s, where axis %d (0-based) is the "
                             "channel dimension, which found to be `None`."
                             % (input_shape, self._channel_axis()))
        self.input_spec = InputSpec(min_ndim=self.rank + 2,
                                    axes={self._channel_axis(): channels})
        self.kernel = self.add_weight("kernel", shape=self._kernel_shape(channels),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, trainable=True)
        self.bias = self._add_bias() if self.use_bias else None
        self.built = True

    def _add_bias(self):
        return self.add_weight("bias", shape=[self.filters],
                               # an explicit None: get_variable's default initializer (TF)
                               initializer=self.bias_initializer,
                               regularizer=self.bias_regularizer,
                               constraint=self.bias_constraint, trainable=True)

    def _convolve(self, inputs):
        padding = "VALID" if self.padding == "causal" else self.padding.upper()
        if self.padding == "causal":
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            inputs = array_ops.pad(inputs, [[0, 0], [left, 0], [0, 0]])
        return nn_conv_ops.convolution(inputs, self.kernel, padding, strides=list(self.strides),
                                       dilation_rate=list(self.dilation_rate),
                                       data_format=_tf_format(self.rank, self.data_format),
                                       name=type(self).__name__)

    def _add_bias_and_activate(self, outputs):
        if self.use_bias:
            if self.rank == 1 and self.data_format == "channels_first":
                outputs = outputs + array_ops.reshape(self.bias, (1, self.filters, 1))
            else:
                fmt = "NCHW" if self.data_format == "channels_first" else "NHWC"
                outputs = nn_ops.bias_add(outputs, self.bias, data_format=fmt)
        if self.activation is not None:
            return self.activation(outputs)
        return outputs

    def call(self, inputs):
        outputs = self._convolve(inputs)
        if inputs.shape.ndims:
            outputs.set_shape(self.compute_output_shape(inputs.shape))
        return self._add_bias_and_activate(outputs)

    def _spatial(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        return dims[2:] if self.data_format == "channels_first" else dims[1:-1]

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        space = [conv_output_length(n, k, self.padding, s, d) for n, k, s, d in zip(
            self._spatial(input_shape), self.kernel_size, self.strides, self.dilation_rate)]
        if self.data_format == "channels_first":
            return TensorShape([dims[0], self.filters] + space)
        return TensorShape([dims[0]] + space + [self.filters])


class Conv1D(_Conv):
    """TF1 `tf.layers.Conv1D`."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid",
                 data_format="channels_last", dilation_rate=1, **kwargs):
        super().__init__(1, filters, kernel_size, strides, padding, data_format, dilation_rate,
                         **kwargs)


class Conv2D(_Conv):
    """TF1 `tf.layers.Conv2D` (kernel [kh, kw, in, filters])."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", dilation_rate=(1, 1), **kwargs):
        super().__init__(2, filters, kernel_size, strides, padding, data_format, dilation_rate,
                         **kwargs)


class Conv3D(_Conv):
    """TF1 `tf.layers.Conv3D`."""

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid",
                 data_format="channels_last", dilation_rate=(1, 1, 1), **kwargs):
        super().__init__(3, filters, kernel_size, strides, padding, data_format, dilation_rate,
                         **kwargs)


class _ConvTranspose(_Conv):
    """Transposed convolution (kernel [k..., filters, in])."""

    output_padding = None     # Keras' Conv2DTranspose sets it

    def get_config(self):
        config = super().get_config()
        if self.rank == 3:
            config.pop("dilation_rate")     # as TF 1.15's Conv3DTranspose
        config["output_padding"] = self.output_padding
        return config

    def _kernel_shape(self, in_channels):
        return list(self.kernel_size) + [self.filters, in_channels]

    def _out_space(self, sizes):
        pads = self.output_padding or (None,) * self.rank
        return [deconv_output_length(n, k, self.padding, s, d, p) for n, k, s, d, p in zip(
            sizes, self.kernel_size, self.strides, self.dilation_rate, pads)]

    def call(self, inputs):
        """As tf_keras builds it: `Shape` and `strided_slice`s of it for the batch (and, in
        3-D, every spatial) size, the output shape `stack`ed, then the transpose op."""
        shape_t = array_ops.shape(inputs)
        batch = shape_t[0]
        dims = inputs.shape.as_list() if inputs.shape.ndims else [None] * (self.rank + 2)
        first = self.data_format == "channels_first"
        axes = list(range(2, self.rank + 2)) if first else list(range(1, self.rank + 1))
        sizes = [shape_t[a] if self.rank == 3 or dims[a] is None else dims[a] for a in axes]
        out_space = self._out_space(sizes)
        out = [batch] + ([self.filters] + out_space if first else out_space + [self.filters])
        output_shape = array_ops.stack(out)
        if self.rank == 2:
            output_shape[0]   # NOTE: tf_keras's backend indexes it (an `is None` check)
        fmt = _tf_format(self.rank, self.data_format)
        op = nn_conv_ops.conv2d_transpose if self.rank == 2 else nn_conv_ops.conv3d_transpose
        outputs = op(inputs, self.kernel, output_shape, [1] + list(self.strides) + [1]
                     if not first else [1, 1] + list(self.strides), padding=self.padding.upper(),
                     data_format=fmt, dilations=([1] + list(self.dilation_rate) + [1]
                                                 if not first else [1, 1] +
                                                 list(self.dilation_rate)))
        if inputs.shape.ndims:
            outputs.set_shape(self.compute_output_shape(inputs.shape))
        return self._add_bias_and_activate(outputs)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        space = self._out_space(self._spatial(input_shape))
        if self.data_format == "channels_first":
            return TensorShape([dims[0], self.filters] + space)
        return TensorShape([dims[0]] + space + [self.filters])


def _transpose_init(layer, rank, filters, kernel_size, strides, padding, data_format, kwargs):
    """The Keras layer's `output_padding` and `dilation_rate` (kwargs of TF 1.15's tf.layers
    classes, in their configs)."""
    output_padding = kwargs.pop("output_padding", None)
    dilation_rate = kwargs.pop("dilation_rate", 1)
    _ConvTranspose.__init__(layer, rank, filters, kernel_size, strides, padding, data_format,
                            dilation_rate, **kwargs)
    if output_padding is not None:
        layer.output_padding = _tuple(output_padding, rank, "output_padding", allow_zero=True)


class Conv2DTranspose(_ConvTranspose):
    """TF1 `tf.layers.Conv2DTranspose` (kernel [kh, kw, filters, in])."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", **kwargs):
        _transpose_init(self, 2, filters, kernel_size, strides, padding, data_format, kwargs)


class Conv3DTranspose(_ConvTranspose):
    """TF1 `tf.layers.Conv3DTranspose`."""

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid",
                 data_format="channels_last", **kwargs):
        _transpose_init(self, 3, filters, kernel_size, strides, padding, data_format, kwargs)


def _separable_init(layer, depth_multiplier, depthwise_initializer, pointwise_initializer,
                    depthwise_regularizer, pointwise_regularizer, depthwise_constraint,
                    pointwise_constraint):
    layer.depth_multiplier = depth_multiplier
    layer.depthwise_initializer = get_initializer(depthwise_initializer)
    layer.pointwise_initializer = get_initializer(pointwise_initializer)
    layer.depthwise_regularizer = depthwise_regularizer
    layer.pointwise_regularizer = pointwise_regularizer
    layer.depthwise_constraint = depthwise_constraint
    layer.pointwise_constraint = pointwise_constraint
    if layer.kernel_initializer is None:    # Keras' Conv default (unused; in the config)
        layer.kernel_initializer = init_ops.glorot_uniform_initializer()


class SeparableConv2D(_Conv):
    """TF1 `tf.layers.SeparableConv2D`: variables depthwise_kernel, pointwise_kernel, bias."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", dilation_rate=(1, 1), depth_multiplier=1,
                 depthwise_initializer=None, pointwise_initializer=None,
                 depthwise_regularizer=None, pointwise_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, **kwargs):
        super().__init__(2, filters, kernel_size, strides, padding, data_format, dilation_rate,
                         **kwargs)
        _separable_init(self, depth_multiplier, depthwise_initializer, pointwise_initializer,
                        depthwise_regularizer, pointwise_regularizer, depthwise_constraint,
                        pointwise_constraint)

    def get_config(self):
        config = super().get_config()
        config.update(layer_config(
            self, depth_multiplier=self.depth_multiplier,
            depthwise_initializer=self.depthwise_initializer,
            pointwise_initializer=self.pointwise_initializer,
            depthwise_regularizer=self.depthwise_regularizer,
            pointwise_regularizer=self.pointwise_regularizer,
            depthwise_constraint=self.depthwise_constraint,
            pointwise_constraint=self.pointwise_constraint))
        return config

    def build(self, input_shape):
        channels = input_shape[self._channel_axis()].value
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

    def call(self, inputs):
        first = self.data_format == "channels_first"
        strides = [1, 1] + list(self.strides) if first else [1] + list(self.strides) + [1]
        outputs = nn_conv_ops.separable_conv2d(
            inputs, self.depthwise_kernel, self.pointwise_kernel, strides,
            self.padding.upper(), rate=list(self.dilation_rate),
            data_format="NCHW" if first else "NHWC")
        return self._add_bias_and_activate(outputs)


class SeparableConv1D(SeparableConv2D):
    """TF1 `tf.layers.SeparableConv1D`: the 2-D separable convolution over an added spatial
    axis, as tf_keras builds it (depthwise_kernel [k, in, multiplier], pointwise_kernel
    [1, in * multiplier, filters])."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid",
                 data_format="channels_last", dilation_rate=1, depth_multiplier=1, **kwargs):
        _Conv.__init__(self, 1, filters, kernel_size, strides, padding, data_format,
                       dilation_rate, **{k: v for k, v in kwargs.items() if not k.startswith(
                           ("depthwise_", "pointwise_"))})
        _separable_init(self, depth_multiplier, kwargs.get("depthwise_initializer"),
                        kwargs.get("pointwise_initializer"), kwargs.get("depthwise_regularizer"),
                        kwargs.get("pointwise_regularizer"), kwargs.get("depthwise_constraint"),
                        kwargs.get("pointwise_constraint"))

    def build(self, input_shape):
        channels = input_shape[self._channel_axis()].value
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
        axis = 2 if first else 1
        step = self.strides[0]      # TF strides both axes (the added one has size 1)
        strides = [1, 1, step, step] if first else [1, step, step, 1]
        outputs = nn_conv_ops.separable_conv2d(
            array_ops.expand_dims(inputs, axis), array_ops.expand_dims(self.depthwise_kernel, 0),
            array_ops.expand_dims(self.pointwise_kernel, 0), strides, self.padding.upper(),
            rate=[1] + list(self.dilation_rate), data_format="NCHW" if first else "NHWC")
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias, data_format="NCHW" if first else "NHWC")
        outputs = array_ops.squeeze(outputs, [axis])
        return self.activation(outputs) if self.activation is not None else outputs


class _Pooling(Layer):
    """N-d max/average pooling (tf_keras's `Pooling1D/2D/3D`)."""

    def __init__(self, rank, kind, pool_size, strides, padding="valid",
                 data_format="channels_last", name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.rank, self.kind = rank, kind
        self.pool_size = _tuple(pool_size, rank, "pool_size")
        self.strides = _tuple(self.pool_size if strides is None else strides, rank, "strides",
                              allow_zero=True)
        self.padding = _padding(padding)
        self.data_format = _data_format(data_format)
        self.input_spec = InputSpec(ndim=rank + 2)

    def get_config(self):
        return layer_config(self, pool_size=self.pool_size, padding=self.padding,
                            strides=self.strides, data_format=self.data_format)

    def call(self, inputs):
        first = self.data_format == "channels_first"
        if self.rank == 1:
            # as tf_keras's Pooling1D: a unit dimension after the steps, pooled (k, 1)
            axis = 3 if first else 2
            x = array_ops.expand_dims(inputs, axis)
            if first:
                ksize, strides = [1, 1, self.pool_size[0], 1], [1, 1, self.strides[0], 1]
            else:
                ksize, strides = [1, self.pool_size[0], 1, 1], [1, self.strides[0], 1, 1]
            outputs = self._pool(x, ksize, strides, "NCHW" if first else "NHWC", 2)
            return array_ops.squeeze(outputs, axis)
        ksize = ([1, 1] + list(self.pool_size)) if first else [1] + list(self.pool_size) + [1]
        strides = ([1, 1] + list(self.strides)) if first else [1] + list(self.strides) + [1]
        return self._pool(inputs, ksize, strides, _tf_format(self.rank, self.data_format),
                          self.rank)

    def _pool(self, x, ksize, strides, fmt, rank):
        padding = self.padding.upper()
        if rank == 3:
            fn = nn_pool_ops.max_pool3d if self.kind == "max" else nn_pool_ops.avg_pool3d
        else:
            fn = nn_pool_ops.max_pool if self.kind == "max" else nn_pool_ops.avg_pool
        return fn(x, ksize, strides, padding, data_format=fmt)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        first = self.data_format == "channels_first"
        space = dims[2:] if first else dims[1:-1]
        out = [conv_output_length(n, k, self.padding, s) for n, k, s in zip(
            space, self.pool_size, self.strides)]
        return TensorShape([dims[0], dims[1]] + out if first else [dims[0]] + out + [dims[-1]])


def _pool_class(rank, kind, cls_name):
    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last",
                 name=None, **kwargs):
        _Pooling.__init__(self, rank, kind, pool_size, strides, padding, data_format, name,
                          **kwargs)
    return type(cls_name, (_Pooling,), {"__init__": __init__,
                                        "__doc__": "TF1 `tf.layers.%s`." % cls_name})


MaxPooling1D = _pool_class(1, "max", "MaxPooling1D")
MaxPooling2D = _pool_class(2, "max", "MaxPooling2D")
MaxPooling3D = _pool_class(3, "max", "MaxPooling3D")
AveragePooling1D = _pool_class(1, "avg", "AveragePooling1D")
AveragePooling2D = _pool_class(2, "avg", "AveragePooling2D")
AveragePooling3D = _pool_class(3, "avg", "AveragePooling3D")
MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
AvgPool1D, AvgPool2D, AvgPool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D


def _conv_fn(cls, public):
    def fn(inputs, filters, kernel_size, strides=1, padding="valid",
           data_format="channels_last", dilation_rate=1, activation=None, use_bias=True,
           kernel_initializer=None, bias_initializer=init_ops.zeros_initializer(),
           kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
           kernel_constraint=None, bias_constraint=None, trainable=True, name=None, reuse=None,
           **kwargs):
        extra = {} if cls in (Conv2DTranspose, Conv3DTranspose) else {
            "dilation_rate": dilation_rate}
        layer = cls(filters, kernel_size, strides=strides, padding=padding,
                    data_format=data_format, activation=activation, use_bias=use_bias,
                    kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                    kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                    activity_regularizer=activity_regularizer,
                    kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                    trainable=trainable, name=name, _scope=name, _reuse=reuse, **extra,
                    **kwargs)
        return layer.apply(inputs)
    fn.__name__ = public
    fn.__doc__ = "TF1 `tf.layers.%s` (the functional form of `%s`)." % (public, cls.__name__)
    return fn


conv1d = _conv_fn(Conv1D, "conv1d")
conv2d = _conv_fn(Conv2D, "conv2d")
conv3d = _conv_fn(Conv3D, "conv3d")
conv2d_transpose = _conv_fn(Conv2DTranspose, "conv2d_transpose")
conv3d_transpose = _conv_fn(Conv3DTranspose, "conv3d_transpose")
separable_conv1d = _conv_fn(SeparableConv1D, "separable_conv1d")
separable_conv2d = _conv_fn(SeparableConv2D, "separable_conv2d")


def _pool_fn(cls, public):
    def fn(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
        return cls(pool_size, strides, padding=padding, data_format=data_format,
                   name=name).apply(inputs)
    fn.__name__ = public
    fn.__doc__ = "TF1 `tf.layers.%s`." % public
    return fn


max_pooling1d = _pool_fn(MaxPooling1D, "max_pooling1d")
max_pooling2d = _pool_fn(MaxPooling2D, "max_pooling2d")
max_pooling3d = _pool_fn(MaxPooling3D, "max_pooling3d")
average_pooling1d = _pool_fn(AveragePooling1D, "average_pooling1d")
average_pooling2d = _pool_fn(AveragePooling2D, "average_pooling2d")
average_pooling3d = _pool_fn(AveragePooling3D, "average_pooling3d")

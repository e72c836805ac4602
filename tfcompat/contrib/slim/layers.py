"""`slim.layers`: the contrib.layers layer functions, plus those tfcompat's contrib.layers lacks
(TF 1.15 definitions): repeat, stack, separable_conv2d, conv2d_in_plane, bias_add, softmax
and unit_norm.
Variables are named as TF1 named them (`sep/depthwise_weights`, `sep/pointwise_weights`,
`BiasAdd/biases`) and go in MODEL_VARIABLES.
"""
from __future__ import annotations

from tfcompat import init_ops
from tfcompat.contrib.framework import add_arg_scope
from tfcompat.contrib.framework import model_variable
from tfcompat.contrib.layers import *  # noqa: F401,F403 - slim.layers.conv2d, as in TF
from tfcompat.contrib.layers.initializers import xavier_initializer
from tfcompat.contrib.layers.layers import DATA_FORMAT_NCHW
from tfcompat.contrib.layers.layers import DATA_FORMAT_NHWC
from tfcompat.contrib.layers.layers import _add_variable_to_collections
from tfcompat.contrib.layers.layers import _build_variable_getter
from tfcompat.contrib.layers.layers import _collections
from tfcompat.contrib.layers.layers import collect_named_outputs
from tfcompat.contrib.slim.utils import last_dimension
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.layers import convolutional as conv_layers
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import array_ops_pad
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_conv_ops
from tfcompat.ops import nn_ops
from tfcompat.ops import reduction_ops
from tfcompat.variable_scope import variable_scope


def _layer_name(layer, default):
    """The scope repeat/stack give their layers: the function's name (`convolution2d` for
    slim.conv2d), a partial's function's name, or `default`."""
    if hasattr(layer, "__name__"):
        return layer.__name__
    if hasattr(layer, "func") and hasattr(layer.func, "__name__"):
        return layer.func.__name__
    return default


def repeat(inputs, repetitions, layer, *args, **kwargs):
    """TF1 `slim.repeat`: `layer` applied `repetitions` times with the same arguments, in
    scopes `scope/scope_1`, `scope/scope_2`, ... (`Repeat/<layer name>_1` without a scope)."""
    scope = kwargs.pop("scope", None)
    with variable_scope(scope, "Repeat", [inputs]):
        inputs = convert_to_tensor(inputs)
        if scope is None:
            scope = _layer_name(layer, "repeat")
        outputs = inputs
        for i in range(repetitions):
            kwargs["scope"] = scope + "_" + str(i + 1)
            outputs = layer(outputs, *args, **kwargs)
        return outputs


@add_arg_scope
def stack(inputs, layer, stack_args, **kwargs):
    """TF1 `slim.stack`: `layer` applied once per entry of `stack_args` (each a tuple of extra
    positional arguments, or one argument), in scopes `scope/scope_1`, `scope/scope_2`, ..."""
    scope = kwargs.pop("scope", None)
    if not isinstance(stack_args, (list, tuple)):
        raise ValueError("stack_args need to be a list or tuple")
    with variable_scope(scope, "Stack", [inputs]):
        inputs = convert_to_tensor(inputs)
        if scope is None:
            scope = _layer_name(layer, "stack")
        outputs = inputs
        for i, layer_args in enumerate(stack_args):
            kwargs["scope"] = scope + "_" + str(i + 1)
            if not isinstance(layer_args, (list, tuple)):
                layer_args = [layer_args]
            outputs = layer(outputs, *layer_args, **kwargs)
        return outputs


def _pair(value):
    if isinstance(value, int):
        return value, value
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return tuple(int(v) for v in value)
    raise ValueError("Must be a two-element tuple or list (or an int), got %r" % (value,))


def _separable(inputs, num_outputs, kernel_size, depth_multiplier, stride, padding, df, rate,
               normalizer_fn, weights_initializer, pointwise_initializer, weights_regularizer,
               biases_initializer, biases_regularizer, reuse, variables_collections,
               trainable, sc):
    layer = conv_layers.SeparableConv2D(
        filters=num_outputs, kernel_size=kernel_size, strides=stride, padding=padding,
        data_format=df, dilation_rate=_pair(rate), activation=None,
        depth_multiplier=depth_multiplier,
        use_bias=not normalizer_fn and biases_initializer is not None,
        depthwise_initializer=weights_initializer,
        pointwise_initializer=pointwise_initializer, bias_initializer=biases_initializer,
        depthwise_regularizer=weights_regularizer, pointwise_regularizer=weights_regularizer,
        bias_regularizer=biases_regularizer, trainable=trainable, name=sc.name,
        dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
    outputs = layer.apply(inputs)
    _add_variable_to_collections(layer.depthwise_kernel, variables_collections, "weights")
    _add_variable_to_collections(layer.pointwise_kernel, variables_collections, "weights")
    if layer.bias is not None:
        _add_variable_to_collections(layer.bias, variables_collections, "biases")
    return outputs


def _depthwise(inputs, kernel_size, depth_multiplier, stride, padding, data_format, rate,
               weights_initializer, weights_regularizer, variables_collections, trainable):
    """num_outputs=None: the depthwise convolution alone (variable `depthwise_weights`)."""
    kernel_h, kernel_w = _pair(kernel_size)
    stride_h, stride_w = _pair(stride)
    channel_axis = 1 if data_format.startswith("NC") else -1
    channels = inputs.get_shape()[channel_axis].value
    if channels is None:
        raise ValueError("separable_conv2d: the channel dimension of the inputs must be known, "
                         "got shape %s" % inputs.get_shape())
    weights = model_variable(
        "depthwise_weights", shape=[kernel_h, kernel_w, channels, depth_multiplier],
        dtype=inputs.dtype.base_dtype, initializer=weights_initializer,
        regularizer=weights_regularizer, trainable=trainable,
        collections=_collections(variables_collections, "weights"))
    strides = [1, 1, stride_h, stride_w] if channel_axis == 1 else [1, stride_h, stride_w, 1]
    outputs = nn_conv_ops.depthwise_conv2d(inputs, weights, strides, padding, rate=_pair(rate),
                                           data_format=data_format)
    return outputs, channels * depth_multiplier


@add_arg_scope
def separable_convolution2d(inputs, num_outputs, kernel_size, depth_multiplier=1, stride=1,
                            padding="SAME", data_format=DATA_FORMAT_NHWC, rate=1,
                            activation_fn=nn_ops.relu, normalizer_fn=None,
                            normalizer_params=None, weights_initializer=None,
                            pointwise_initializer=None, weights_regularizer=None,
                            biases_initializer=init_ops.zeros_initializer(),
                            biases_regularizer=None, reuse=None, variables_collections=None,
                            outputs_collections=None, trainable=True, scope=None):
    """TF1 `slim.separable_conv2d` (scope `SeparableConv2d`): a depthwise convolution
    (`depthwise_weights`), then, unless `num_outputs` is None, a pointwise one
    (`pointwise_weights`); `biases` unless a normalizer_fn is given."""
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    weights_initializer = weights_initializer or xavier_initializer()
    getter = _build_variable_getter({"bias": "biases", "depthwise_kernel": "depthwise_weights",
                                     "pointwise_kernel": "pointwise_weights"})
    with variable_scope(scope, "SeparableConv2d", [inputs], reuse=reuse,
                        custom_getter=getter) as sc:
        inputs = convert_to_tensor(inputs)
        df = "channels_first" if data_format.startswith("NC") else "channels_last"
        if num_outputs is not None:
            outputs = _separable(
                inputs, num_outputs, kernel_size, depth_multiplier, stride, padding, df, rate,
                normalizer_fn, weights_initializer, pointwise_initializer or weights_initializer,
                weights_regularizer, biases_initializer, biases_regularizer, reuse,
                variables_collections, trainable, sc)
        else:
            outputs, num_outputs = _depthwise(
                inputs, kernel_size, depth_multiplier, stride, padding, data_format, rate,
                weights_initializer, weights_regularizer, variables_collections, trainable)
            if normalizer_fn is None and biases_initializer is not None:
                biases = model_variable(
                    "biases", shape=[num_outputs], dtype=inputs.dtype.base_dtype,
                    initializer=biases_initializer, regularizer=biases_regularizer,
                    trainable=trainable,
                    collections=_collections(variables_collections, "biases"))
                outputs = nn_ops.bias_add(outputs, biases, data_format=data_format)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


separable_conv2d = separable_convolution2d


@add_arg_scope
def convolution2d_in_plane(inputs, kernel_size, stride=1, padding="SAME",
                           activation_fn=nn_ops.relu, normalizer_fn=None, normalizer_params=None,
                           weights_initializer=None, weights_regularizer=None,
                           biases_initializer=init_ops.zeros_initializer(),
                           biases_regularizer=None, reuse=None, variables_collections=None,
                           outputs_collections=None, trainable=True, scope=None):
    """TF1 `slim.conv2d_in_plane` (scope `ConvInPlane`): one [kh, kw, 1, 1] kernel, tiled
    over the channels and applied as a depthwise convolution; `biases` per channel unless a
    normalizer_fn is given."""
    with variable_scope(scope, "ConvInPlane", [inputs], reuse=reuse) as sc:
        dtype = inputs.dtype.base_dtype
        kernel_h, kernel_w = _pair(kernel_size)
        stride_h, stride_w = _pair(stride)
        channels = last_dimension(inputs.get_shape(), min_rank=4)
        weights = model_variable("weights", shape=[kernel_h, kernel_w, 1, 1], dtype=dtype,
                                 initializer=weights_initializer or xavier_initializer(),
                                 regularizer=weights_regularizer, trainable=trainable,
                                 collections=_collections(variables_collections, "weights"))
        depthwise = array_ops_pad.tile(weights, [1, 1, channels, 1])
        outputs = nn_conv_ops.depthwise_conv2d(inputs, depthwise, [1, stride_h, stride_w, 1],
                                               padding)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        elif biases_initializer is not None:
            biases = model_variable("biases", shape=[channels], dtype=dtype,
                                    initializer=biases_initializer, regularizer=biases_regularizer,
                                    trainable=trainable,
                                    collections=_collections(variables_collections, "biases"))
            outputs = nn_ops.bias_add(outputs, biases)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


conv2d_in_plane = convolution2d_in_plane


@add_arg_scope
def bias_add(inputs, activation_fn=None, initializer=init_ops.zeros_initializer(),
             regularizer=None, reuse=None, variables_collections=None,
             outputs_collections=None, trainable=True, data_format=DATA_FORMAT_NHWC,
             scope=None):
    """TF1 `slim.bias_add`: adds a `BiasAdd/biases` model variable over the channel axis."""
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with variable_scope(scope, "BiasAdd", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        shape = inputs.get_shape()
        if shape.ndims is None:
            raise ValueError("Dims of shape must be known but is None")
        if shape.ndims != 4 and data_format == DATA_FORMAT_NCHW:
            raise ValueError("Data format NCHW only supports 4D Tensor")
        num_features = shape[1 if data_format == DATA_FORMAT_NCHW else -1].value
        if num_features is None:
            raise ValueError("`C` dimension must be known but is None")
        biases = model_variable("biases", shape=[num_features],
                                dtype=inputs.dtype.base_dtype, initializer=initializer,
                                regularizer=regularizer, trainable=trainable,
                                collections=_collections(variables_collections, "biases"))
        outputs = nn_ops.bias_add(inputs, biases, data_format=data_format)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def softmax(logits, scope=None):
    """TF1 `slim.softmax`: softmax over the last axis of an N-d tensor (N > 1)."""
    with variable_scope(scope, "softmax", [logits]):
        shape = logits.get_shape()
        if shape.ndims is None or shape.ndims < 2:
            raise ValueError("rank of shape must be at least 2 not: %s" % shape.ndims)
        num_logits = shape[-1].value
        if num_logits is None:
            raise ValueError("last dimension shape must be known but is None")
        predictions = nn_ops.softmax(array_ops.reshape(logits, [-1, num_logits]))
        predictions = array_ops.reshape(predictions, array_ops.shape(logits))
        predictions.set_shape(shape)
        return predictions


@add_arg_scope
def unit_norm(inputs, dim, epsilon=1e-7, scope=None):
    """TF1 `slim.unit_norm`: inputs / sqrt(epsilon + sum(inputs**2 over `dim`))."""
    with variable_scope(scope, "UnitNorm", [inputs]):
        shape = inputs.get_shape()
        if shape.ndims is None:
            raise ValueError("The input rank must be known.")
        rank = shape.ndims
        if dim < 0 or dim >= rank:
            raise ValueError("dim must be positive but smaller than the input rank.")
        lengths = math_ops.sqrt(
            epsilon + reduction_ops.reduce_sum(math_ops.square(inputs), dim, True))
        multiples = []
        if dim > 0:
            multiples.append(array_ops_join.ones([dim], dtypes.int32))
        multiples.append(indexing_ops.strided_slice(array_ops.shape(inputs), [dim],
                                                    [dim + 1]))
        if dim < rank - 1:
            multiples.append(array_ops_join.ones([rank - 1 - dim], dtypes.int32))
        multiples = array_ops_join.concat(multiples, 0)
        return math_ops.div(inputs, array_ops_pad.tile(lengths, multiples))

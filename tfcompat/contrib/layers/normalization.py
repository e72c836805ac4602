"""tf.contrib.layers.instance_norm and group_norm (TF 1.15's contrib/layers normalization.py,
as CycleGAN / style-transfer / pix2pix code of 2017-2019 calls them): variables
`InstanceNorm/beta`, `InstanceNorm/gamma` (`GroupNorm/...`), also in MODEL_VARIABLES.
"""
from __future__ import annotations

from tfcompat import init_ops
from tfcompat.contrib.framework import add_arg_scope
from tfcompat.contrib.framework import model_variable
from tfcompat.contrib.layers.layers import DATA_FORMAT_NCHW
from tfcompat.contrib.layers.layers import DATA_FORMAT_NHWC
from tfcompat.contrib.layers.layers import _collections
from tfcompat.contrib.layers.layers import collect_named_outputs
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import nn_impl
from tfcompat.variable_scope import variable_scope


def _norm_params(params_shape, dtype, center, scale, param_initializers, variables_collections,
                 trainable, broadcast_shape):
    """(beta, gamma) model variables of `params_shape` (None where not wanted), reshaped to
    `broadcast_shape` when one is given."""
    initializers = param_initializers or {}
    params = []
    for name, wanted, default in (("beta", center, init_ops.zeros_initializer()),
                                  ("gamma", scale, init_ops.ones_initializer())):
        if not wanted:
            params.append(None)
            continue
        var = model_variable(name, shape=params_shape, dtype=dtype,
                             initializer=initializers.get(name, default),
                             collections=_collections(variables_collections, name),
                             trainable=trainable)
        params.append(array_ops.reshape(var, broadcast_shape) if broadcast_shape else var)
    return params


@add_arg_scope
def instance_norm(inputs, center=True, scale=True, epsilon=1e-6, activation_fn=None,
                  param_initializers=None, reuse=None, variables_collections=None,
                  outputs_collections=None, trainable=True, data_format=DATA_FORMAT_NHWC,
                  scope=None):
    """TF1 `tf.contrib.layers.instance_norm`: each example's channels normalized over their
    spatial dimensions (nn.moments, then nn.batch_normalization named `instancenorm`)."""
    inputs = convert_to_tensor(inputs)
    shape, rank = inputs.shape, inputs.shape.ndims
    if rank is None:
        raise ValueError("Inputs %s has undefined rank." % inputs.name)
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with variable_scope(scope, "InstanceNorm", [inputs], reuse=reuse) as sc:
        if data_format == DATA_FORMAT_NCHW:
            axis, broadcast = 1, [1, shape[1].value] + [1] * (rank - 2)
        else:
            axis, broadcast = rank - 1, None
        moments_axes = [a for a in range(1, rank) if a != axis]
        params_shape = shape[axis:axis + 1]
        if not params_shape.is_fully_defined():
            raise ValueError("Inputs %s has undefined channels dimension %s."
                             % (inputs.name, params_shape))
        beta, gamma = _norm_params(params_shape, inputs.dtype.base_dtype, center, scale,
                                   param_initializers, variables_collections, trainable,
                                   broadcast)
        mean, variance = nn_impl.moments(inputs, moments_axes, keep_dims=True)
        outputs = nn_impl.batch_normalization(inputs, mean, variance, beta, gamma, epsilon,
                                              name="instancenorm")
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def _group_axes(inputs, groups, channels_axis, reduction_axes):
    """TF's checks of group_norm's arguments; (channels_axis, channels, reduction axes), all
    non-negative."""
    rank = inputs.shape.ndims
    if rank is None:
        raise ValueError("Inputs %s has undefined rank." % inputs.name)
    if channels_axis > rank - 1:
        raise ValueError("Axis is out of bounds.")
    if channels_axis < 0:
        channels_axis += rank
    channels = inputs.shape[channels_axis].value
    if channels is None:
        raise ValueError("Inputs %s has undefined channel dimension: %d."
                         % (inputs.name, channels_axis))
    axes = [a + rank if a < 0 else a for a in reduction_axes]
    for a in axes:
        if a > rank:
            raise ValueError("Axis is out of bounds.")
        if inputs.shape[a].value is None:
            raise ValueError("Inputs %s has undefined dimensions %d." % (inputs.name, a))
        if channels_axis == a:
            raise ValueError("reduction_axis must be mutually exclusive with channels_axis")
    if groups > channels:
        raise ValueError("Invalid groups %d for %d channels." % (groups, channels))
    if channels % groups != 0:
        raise ValueError("%d channels is not commensurate with %d groups." % (channels, groups))
    return channels_axis, channels, axes


@add_arg_scope
def group_norm(inputs, groups=32, channels_axis=-1, reduction_axes=(-3, -2), center=True,
               scale=True, epsilon=1e-6, activation_fn=None, param_initializers=None,
               reuse=None, variables_collections=None, outputs_collections=None,
               trainable=True, scope=None, mean_close_to_zero=False):
    """TF1 `tf.contrib.layers.group_norm`: channels split into `groups`, each normalized over
    itself and `reduction_axes` (the reshape and the gain/offset arithmetic are TF's)."""
    inputs = convert_to_tensor(inputs)
    channels_axis, channels, axes = _group_axes(inputs, groups, channels_axis, reduction_axes)
    dynamic = array_ops.shape(inputs)
    dims = [d.value if d.value is not None else dynamic[i] for i, d in enumerate(inputs.shape)]
    before, after = dims[:channels_axis], dims[channels_axis + 1:]
    broadcast = [1] * len(before) + [groups, channels // groups] + [1] * len(after)
    inputs = array_ops.reshape(inputs, before + [groups, channels // groups] + after)
    moments_axes = [channels_axis + 1] + [a + 1 if a > channels_axis else a for a in axes]
    with variable_scope(scope, "GroupNorm", [inputs], reuse=reuse) as sc:
        beta, gamma = _norm_params([channels], inputs.dtype.base_dtype, center, scale,
                                   param_initializers, variables_collections, trainable,
                                   broadcast)
        if mean_close_to_zero:   # TF: the one-pass moments are better near zero
            counts, mean_ss, variance_ss, _ = nn_impl.sufficient_statistics(
                inputs, moments_axes, keep_dims=True)
            mean, variance = nn_impl.normalize_moments(counts, mean_ss, variance_ss, shift=None)
        else:
            mean, variance = nn_impl.moments(inputs, moments_axes, keep_dims=True)
        gain = math_ops.rsqrt(variance + epsilon)
        offset = -mean * gain
        if gamma is not None:
            gain *= gamma
            offset *= gamma
        if beta is not None:
            offset += beta
        outputs = array_ops.reshape(inputs * gain + offset, dims)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)

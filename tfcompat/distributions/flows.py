"""TF 1.15's normalizing-flow bijectors: MaskedAutoregressiveFlow with masked_dense /
masked_autoregressive_default_template (MADE), and RealNVP with real_nvp_default_template. The
templates build tf.layers dense layers inside tf.make_template, so variables are named and
shared as in TF (masked kernels: glorot_normal times the mask, kept masked by a kernel
constraint)."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions.bijector_impl import Bijector

MASK_INCLUSIVE = "inclusive"
MASK_EXCLUSIVE = "exclusive"


class MaskedAutoregressiveFlow(Bijector):
    """y[i] = x[i] * exp(log_scale(y[:i])) + shift(y[:i]); forward runs event_size steps."""

    def __init__(self, shift_and_log_scale_fn, is_constant_jacobian=False, validate_args=False,
                 unroll_loop=False, name=None):
        self._shift_and_log_scale_fn = shift_and_log_scale_fn
        self._unroll_loop = unroll_loop
        super().__init__(forward_min_event_ndims=1, is_constant_jacobian=is_constant_jacobian,
                         validate_args=validate_args, name=name or "masked_autoregressive_flow")

    def _step(self, x, y0):
        shift, log_scale = self._shift_and_log_scale_fn(y0)
        y = x
        if log_scale is not None:
            y *= tf.exp(log_scale)
        if shift is not None:
            y += shift
        return y

    def _forward(self, x):
        if self._unroll_loop:
            event_size = x.shape.with_rank_at_least(1)[-1].value
            if event_size is None:
                raise ValueError("The final dimension of `x` must be known at graph "
                                 "construction time if `unroll_loop=True`. `x.shape: %r`"
                                 % x.shape)
            y = tf.zeros_like(x, name="y0")
            for _ in range(event_size):
                y = self._step(x, y)
            return y
        event_size = tf.shape(x)[-1]
        y0 = tf.zeros_like(x, name="y0")
        self._shift_and_log_scale_fn(y0)  # creates the template's variables outside the loop

        def loop_body(index, y0):
            return index + 1, self._step(x, y0)

        _, y = tf.while_loop(cond=lambda index, _: index < event_size, body=loop_body,
                             loop_vars=(0, y0))
        return y

    def _inverse(self, y):
        shift, log_scale = self._shift_and_log_scale_fn(y)
        x = y
        if shift is not None:
            x -= shift
        if log_scale is not None:
            x *= tf.exp(-log_scale)
        return x

    def _inverse_log_det_jacobian(self, y):
        _, log_scale = self._shift_and_log_scale_fn(y)
        if log_scale is None:
            return tf.constant(0.0, dtype=y.dtype, name="ildj")
        return -tf.reduce_sum(log_scale, axis=-1)


def _gen_slices(num_blocks, n_in, n_out, mask_type=MASK_EXCLUSIVE):
    slices, col = [], 0
    d_in, d_out = n_in // num_blocks, n_out // num_blocks
    row = d_out if mask_type == MASK_EXCLUSIVE else 0
    for _ in range(num_blocks):
        slices.append([slice(row, None), slice(col, col + d_in)])
        col += d_in
        row += d_out
    return slices


def _gen_mask(num_blocks, n_in, n_out, mask_type=MASK_EXCLUSIVE, dtype=np.float32):
    mask = np.zeros([n_out, n_in], dtype=dtype)
    for row_slice, col_slice in _gen_slices(num_blocks, n_in, n_out, mask_type=mask_type):
        mask[row_slice, col_slice] = 1
    return mask


def masked_dense(inputs, units, num_blocks=None, exclusive=False, kernel_initializer=None,
                 reuse=None, name=None, *args, **kwargs):
    """A dense layer whose kernel is autoregressively masked (MADE)."""
    input_depth = inputs.shape.with_rank_at_least(1)[-1].value
    if input_depth is None:
        raise NotImplementedError("Rightmost dimension must be known prior to graph execution.")
    mask = _gen_mask(num_blocks, input_depth, units,
                     MASK_EXCLUSIVE if exclusive else MASK_INCLUSIVE).T
    if kernel_initializer is None:
        kernel_initializer = tf.glorot_normal_initializer()

    def masked_initializer(shape, dtype=None, partition_info=None):
        return mask * kernel_initializer(shape, dtype, partition_info)

    with tf.name_scope(name, "masked_dense", [inputs, units, num_blocks]):
        layer = tf.layers.Dense(units, kernel_initializer=masked_initializer,
                                kernel_constraint=lambda x: mask * x, name=name,
                                dtype=inputs.dtype.base_dtype, _scope=name, _reuse=reuse,
                                *args, **kwargs)
        return layer.apply(inputs)


def _clip_by_value_preserve_grad(x, clip_value_min, clip_value_max, name=None):
    with tf.name_scope(name, "clip_by_value_preserve_grad", [x, clip_value_min,
                                                               clip_value_max]):
        clip_x = tf.clip_by_value(x, clip_value_min, clip_value_max)
        return x + tf.stop_gradient(clip_x - x)


def masked_autoregressive_default_template(hidden_layers, shift_only=False,
                                           activation=tf.nn.relu, log_scale_min_clip=-5.0,
                                           log_scale_max_clip=3.0,
                                           log_scale_clip_gradient=False, name=None,
                                           *args, **kwargs):
    """The MADE network of MaskedAutoregressiveFlow, as a tf.make_template."""
    name = name or "masked_autoregressive_default_template"
    with tf.name_scope(name, values=[log_scale_min_clip, log_scale_max_clip]):
        def _fn(x):
            input_depth = x.shape.with_rank_at_least(1)[-1].value
            if input_depth is None:
                raise NotImplementedError("Rightmost dimension must be known prior to graph "
                                          "execution.")
            input_shape = (np.int32(x.shape.as_list()) if x.shape.is_fully_defined()
                           else tf.shape(x))
            for i, units in enumerate(hidden_layers):
                x = masked_dense(inputs=x, units=units, num_blocks=input_depth,
                                 exclusive=i == 0, activation=activation, *args, **kwargs)
            x = masked_dense(inputs=x, units=(1 if shift_only else 2) * input_depth,
                             num_blocks=input_depth, activation=None, *args, **kwargs)
            if shift_only:
                return tf.reshape(x, shape=input_shape), None
            x = tf.reshape(x, shape=tf.concat([input_shape, [2]], axis=0))
            shift, log_scale = tf.unstack(x, num=2, axis=-1)
            which_clip = (tf.clip_by_value if log_scale_clip_gradient
                          else _clip_by_value_preserve_grad)
            return shift, which_clip(log_scale, log_scale_min_clip, log_scale_max_clip)
        return tf.make_template(name, _fn)


class RealNVP(Bijector):
    """Affine coupling: the first num_masked dims pass through and condition the rest."""

    def __init__(self, num_masked, shift_and_log_scale_fn, is_constant_jacobian=False,
                 validate_args=False, name=None):
        if num_masked <= 0:
            raise ValueError("num_masked must be a positive integer.")
        self._num_masked = num_masked
        self._input_depth = None
        self._shift_and_log_scale_fn = shift_and_log_scale_fn
        super().__init__(forward_min_event_ndims=1, is_constant_jacobian=is_constant_jacobian,
                         validate_args=validate_args, name=name or "real_nvp")

    def _cache_input_depth(self, x):
        if self._input_depth is None:
            self._input_depth = x.shape.with_rank_at_least(1)[-1].value
            if self._input_depth is None:
                raise NotImplementedError("Rightmost dimension must be known prior to graph "
                                          "execution.")
            if self._num_masked >= self._input_depth:
                raise ValueError("Number of masked units must be smaller than the event size.")

    def _coupling(self, x0):
        return self._shift_and_log_scale_fn(x0, self._input_depth - self._num_masked)

    def _forward(self, x):
        self._cache_input_depth(x)
        x0, x1 = x[..., :self._num_masked], x[..., self._num_masked:]
        shift, log_scale = self._coupling(x0)
        y1 = x1
        if log_scale is not None:
            y1 *= tf.exp(log_scale)
        if shift is not None:
            y1 += shift
        return tf.concat([x0, y1], axis=-1)

    def _inverse(self, y):
        self._cache_input_depth(y)
        y0, y1 = y[..., :self._num_masked], y[..., self._num_masked:]
        shift, log_scale = self._coupling(y0)
        x1 = y1
        if shift is not None:
            x1 -= shift
        if log_scale is not None:
            x1 *= tf.exp(-log_scale)
        return tf.concat([y0, x1], axis=-1)

    def _inverse_log_det_jacobian(self, y):
        self._cache_input_depth(y)
        _, log_scale = self._coupling(y[..., :self._num_masked])
        if log_scale is None:
            return tf.constant(0.0, dtype=y.dtype, name="ildj")
        return -tf.reduce_sum(log_scale, axis=-1)

    def _forward_log_det_jacobian(self, x):
        self._cache_input_depth(x)
        _, log_scale = self._coupling(x[..., :self._num_masked])
        if log_scale is None:
            return tf.constant(0.0, dtype=x.dtype, name="fldj")
        return tf.reduce_sum(log_scale, axis=-1)


def real_nvp_default_template(hidden_layers, shift_only=False, activation=tf.nn.relu,
                              name=None, *args, **kwargs):
    """The coupling network of RealNVP (tf.layers.dense stack), as a tf.make_template."""
    with tf.name_scope(name, "real_nvp_default_template"):
        def _fn(x, output_units):
            for units in hidden_layers:
                x = tf.layers.dense(inputs=x, units=units, activation=activation, *args,
                                    **kwargs)
            x = tf.layers.dense(inputs=x, units=(1 if shift_only else 2) * output_units,
                                activation=None, *args, **kwargs)
            if shift_only:
                return x, None
            shift, log_scale = tf.split(x, 2, axis=-1)
            return shift, log_scale
        return tf.make_template("real_nvp_default_template", _fn)

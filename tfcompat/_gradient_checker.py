"""TF1's gradient checker (`tf.test.compute_gradient`, `compute_gradient_error`), as TF's
ops/gradient_checker.py computes it: the theoretical Jacobian from `tf.gradients(y, x, dy)` with
`dy` a fed constant of ones, one column per element of y; the numerical one from central
differences of y, one row per element of x; complex x or y count as two real parts; x may be a
list (each checked while the others are fed by `extra_feed_dict` or come from the graph)."""
from __future__ import annotations

import numpy as np
from tfcompat.client.session import get_default_session
from tfcompat.framework.convert import constant
from tfcompat.framework.dtypes import as_dtype
from tfcompat.framework.dtypes import float32
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.ops.array_ops import identity
from tfcompat.ops.gradients_impl import gradients
from tfcompat.ops.math_ops import cast

__all__ = ["compute_gradient", "compute_gradient_error"]

_ALLOWED = ("float16", "bfloat16", "float32", "float64", "complex64", "complex128")


def _product(t):
    if isinstance(t, int):
        return t
    y = 1
    for x in t:
        y *= x
    return y


def _feeds(extra_feed_dict, new_feeds):
    if not extra_feed_dict:
        return new_feeds
    feeds = dict(extra_feed_dict)
    feeds.update(new_feeds)
    return feeds


def _theoretical_jacobian(x, x_shape, x_data, dy, dy_shape, dx, extra_feed_dict):
    if x.dtype.is_complex:
        x_shape = tuple(x_shape) + (2,)
    dy_factor = 2 if dy.dtype.is_complex else 1
    x_size, x_val_size = _product(x_shape), _product(x_shape[1:])
    dy_size = _product(dy_shape) * dy_factor
    jacobian = np.zeros((x_size, dy_size), dtype=x.dtype.real_dtype.as_numpy_dtype)
    dy_data = np.zeros(dy_shape, dtype=dy.dtype.as_numpy_dtype)
    dy_data_flat = dy_data.ravel().view(dy.dtype.real_dtype.as_numpy_dtype)
    sess = get_default_session()
    for col in range(dy_size):
        dy_data_flat[col] = 1
        feeds = _feeds(extra_feed_dict, {x: x_data, dy: dy_data})
        if isinstance(dx, IndexedSlices):
            indices, values = sess.run([dx.indices, dx.values], feed_dict=feeds)
            for i, v in zip(indices, values):
                jacobian[i * x_val_size:(i + 1) * x_val_size, col] += v.flat
        else:
            backprop = np.asarray(sess.run(dx, feed_dict=feeds))
            jacobian[:, col] = backprop.ravel().view(jacobian.dtype)
        dy_data_flat[col] = 0
    if not dy_size:
        backprop = np.asarray(sess.run(dx, feed_dict=_feeds(extra_feed_dict,
                                                            {x: x_data, dy: dy_data})))
        if backprop.shape != x_data.shape:
            raise ValueError("Empty gradient has wrong shape: expected %s, got %s"
                             % (x_data.shape, backprop.shape))
        if np.any(backprop):
            raise ValueError("Empty tensor with nonzero gradients")
    return jacobian


def _numeric_jacobian(x, x_shape, x_data, y, y_shape, delta, extra_feed_dict):
    if x.dtype.name == "bfloat16":
        x = cast(x, float32)
    if y.dtype.name == "bfloat16":
        y = cast(y, float32)
    if x_data.dtype.name == "bfloat16":
        x_data = x_data.astype(np.float32)
    x_size = _product(x_shape) * (2 if x.dtype.is_complex else 1)
    y_size = _product(y_shape) * (2 if y.dtype.is_complex else 1)
    x_dtype = x.dtype.real_dtype.as_numpy_dtype
    y_dtype = y.dtype.real_dtype.as_numpy_dtype
    x_data = np.asarray(x_data, dtype=x.dtype.as_numpy_dtype)
    scale = np.asarray(2 * delta, dtype=y_dtype)[()]
    jacobian = np.zeros((x_size, y_size), dtype=x_dtype)
    for row in range(x_size):
        x_pos, x_neg = x_data.copy(), x_data.copy()
        x_pos.ravel().view(x_dtype)[row] += delta
        y_pos = y.eval(feed_dict=_feeds(extra_feed_dict, {x: x_pos}))
        x_neg.ravel().view(x_dtype)[row] -= delta
        y_neg = y.eval(feed_dict=_feeds(extra_feed_dict, {x: x_neg}))
        diff = (np.asarray(y_pos) - np.asarray(y_neg)) / scale
        jacobian[row, :] = diff.ravel().view(y_dtype)
    return jacobian


def _dx_and_dy(x, y, y_shape):
    with x.graph.as_default():
        dy_orig = constant(1.0, shape=y_shape, dtype=y.dtype)
        dy = identity(dy_orig)
    grads = gradients(y, x, dy)
    assert len(grads) == 1
    return grads[0], dy_orig


def _gradient(x, x_shape, dx, y, y_shape, dy, x_init_value, delta, extra_feed_dict):
    t, t2 = as_dtype(x.dtype), as_dtype(y.dtype)
    assert t.base_dtype.name in _ALLOWED, "Don't support type %s for x" % t.name
    assert t2.base_dtype.name in _ALLOWED, "Don't support type %s for y" % t2.name
    if x_init_value is not None:
        i_shape = list(x_init_value.shape)
        assert list(x_shape) == i_shape, "x_shape = %s, init_data shape = %s" % (x_shape,
                                                                                 i_shape)
        x_data = x_init_value
    else:
        x_data = np.random.random_sample(x_shape).astype(t.as_numpy_dtype)
        if t.is_complex:
            x_data.imag = np.random.random_sample(x_shape)
    jacob_t = _theoretical_jacobian(x, x_shape, x_data, dy, y_shape, dx, extra_feed_dict)
    jacob_n = _numeric_jacobian(x, x_shape, x_data, y, y_shape, delta, extra_feed_dict)
    return jacob_t, jacob_n


def compute_gradient(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None,
                     extra_feed_dict=None):
    """TF1 `tf.test.compute_gradient`: (theoretical, numerical) Jacobians of `y` w.r.t. `x`,
    each [x_size, y_size], in the default session; for a list `x`, a list of such pairs."""
    extra_feed_dict = extra_feed_dict or {}
    xs = x if isinstance(x, list) else [x]
    pairs = [_dx_and_dy(xi, y, y_shape) for xi in xs]
    if init_targets is not None:
        assert isinstance(init_targets, (list, tuple))
        for init in init_targets:
            init.run()
    if not isinstance(x, list):
        dx, dy = pairs[0]
        return _gradient(x, x_shape, dx, y, y_shape, dy, x_init_value, delta, extra_feed_dict)
    inits = x_init_value if x_init_value is not None else [None] * len(xs)
    return [_gradient(xi, shape, dx, y, y_shape, dy, init, delta, extra_feed_dict)
            for xi, shape, (dx, dy), init in zip(xs, x_shape, pairs, inits)]


def compute_gradient_error(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3,
                           init_targets=None, extra_feed_dict=None):
    """TF1 `tf.test.compute_gradient_error`: the largest |theoretical - numerical| entry
    (a numpy float; 0 when every Jacobian is empty)."""
    grad = compute_gradient(x, x_shape, y, y_shape, x_init_value, delta, init_targets,
                            extra_feed_dict=extra_feed_dict)
    error = 0
    for j_t, j_n in ([grad] if isinstance(grad, tuple) else grad):
        if j_t.size or j_n.size:
            error = np.maximum(error, np.fabs(j_t - j_n).max())
    return error

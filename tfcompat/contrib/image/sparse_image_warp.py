"""TF 1.15's `tf.contrib.image.interpolate_spline` (polyharmonic spline interpolation, solved
with matrix_solve) and `sparse_image_warp` (a dense flow interpolated from control points, then
dense_image_warp), built from graph ops as TF builds them, so they are differentiable with
respect to the points, values and image."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.contrib.image.dense_image_warp import dense_image_warp

EPSILON = 0.0000000001


def _cross_squared_distance_matrix(x, y):
    """[b, n, m]: ||x[b, i] - y[b, j]||^2."""
    x_norm_squared = tf.expand_dims(tf.reduce_sum(tf.square(x), 2), 2)
    y_norm_squared = tf.expand_dims(tf.reduce_sum(tf.square(y), 2), 1)
    return x_norm_squared - 2 * tf.matmul(x, y, adjoint_b=True) + y_norm_squared


def _pairwise_squared_distance_matrix(x):
    """[b, n, n]: ||x[b, i] - x[b, j]||^2."""
    x_x_transpose = tf.matmul(x, x, adjoint_b=True)
    x_norm_squared_tile = tf.expand_dims(tf.matrix_diag_part(x_x_transpose), 2)
    return x_norm_squared_tile - 2 * x_x_transpose + tf.transpose(x_norm_squared_tile,
                                                                  [0, 2, 1])


def _phi(r, order):
    """The radial basis function of `order` on squared distances (EPSILON keeps log and the
    gradient of sqrt finite at 0)."""
    with tf.name_scope("phi"):
        if order == 1:
            return tf.sqrt(tf.maximum(r, EPSILON))
        if order == 2:
            return 0.5 * r * tf.log(tf.maximum(r, EPSILON))
        if order == 4:
            return 0.5 * tf.square(r) * tf.log(tf.maximum(r, EPSILON))
        r = tf.maximum(r, EPSILON)
        if order % 2 == 0:
            return 0.5 * tf.pow(r, 0.5 * order) * tf.log(r)
        return tf.pow(r, 0.5 * order)


def _solve_interpolation(train_points, train_values, order, regularization_weight):
    """(w [b, n, k], v [b, d + 1, k]): the spline's weights on the centres and its linear
    part, from the block system [[A, B], [B^T, 0]] [w; v] = [f; 0]."""
    b, n, _ = tf.unstack(tf.shape(train_points), num=3)
    d = train_points.shape[-1]
    if d.value is None:
        raise ValueError("The dimensionality of the input points (d) must be "
                         "statically-inferrable.")
    k = train_values.shape[-1]
    if k.value is None:
        raise ValueError("The dimensionality of the output values (k) must be "
                         "statically-inferrable.")
    c, f = train_points, train_values
    with tf.name_scope("construct_linear_system"):
        matrix_a = _phi(_pairwise_squared_distance_matrix(c), order)
        if regularization_weight > 0:
            matrix_a += regularization_weight * tf.expand_dims(tf.eye(n, dtype=c.dtype), 0)
        ones = tf.ones_like(c[..., :1], dtype=c.dtype)
        matrix_b = tf.concat([c, ones], 2)
        left_block = tf.concat([matrix_a, tf.transpose(matrix_b, [0, 2, 1])], 1)
        num_b_cols = matrix_b.get_shape()[2].value   # d + 1
        lhs_zeros = tf.zeros([b, num_b_cols, num_b_cols], train_points.dtype)
        right_block = tf.concat([matrix_b, lhs_zeros], 1)
        lhs = tf.concat([left_block, right_block], 2)
        rhs_zeros = tf.zeros([b, d.value + 1, k.value], train_points.dtype)
        rhs = tf.concat([f, rhs_zeros], 1)
    with tf.name_scope("solve_linear_system"):
        w_v = tf.matrix_solve(lhs, rhs)
        return w_v[:, :n, :], w_v[:, n:, :]


def _apply_interpolation(query_points, train_points, w, v, order):
    rbf_term = tf.matmul(_phi(_cross_squared_distance_matrix(query_points, train_points),
                              order), w)
    query_points_pad = tf.concat(
        [query_points, tf.ones_like(query_points[..., :1], train_points.dtype)], 2)
    return rbf_term + tf.matmul(query_points_pad, v)


def interpolate_spline(train_points, train_values, query_points, order,
                       regularization_weight=0.0, name="interpolate_spline"):
    """TF1 `tf.contrib.image.interpolate_spline`: the polyharmonic spline of `order` through
    [b, n, d] points with [b, n, k] values, evaluated at [b, m, d] query points."""
    with tf.name_scope(name):
        train_points = tf.convert_to_tensor(train_points)
        train_values = tf.convert_to_tensor(train_values)
        query_points = tf.convert_to_tensor(query_points)
        with tf.name_scope("solve"):
            w, v = _solve_interpolation(train_points, train_values, order,
                                        regularization_weight)
        with tf.name_scope("predict"):
            return _apply_interpolation(query_points, train_points, w, v, order)


def _get_grid_locations(image_height, image_width):
    y_range = np.linspace(0, image_height - 1, image_height)
    x_range = np.linspace(0, image_width - 1, image_width)
    y_grid, x_grid = np.meshgrid(y_range, x_range, indexing="ij")
    return np.stack((y_grid, x_grid), -1)


def _expand_to_minibatch(np_array, batch_size):
    return np.tile(np.expand_dims(np_array, 0), [batch_size] + [1] * np_array.ndim)


def _get_boundary_locations(image_height, image_width, num_points_per_edge):
    y_range = np.linspace(0, image_height - 1, num_points_per_edge + 2)
    x_range = np.linspace(0, image_width - 1, num_points_per_edge + 2)
    ys, xs = np.meshgrid(y_range, x_range, indexing="ij")
    is_boundary = np.logical_or(np.logical_or(xs == 0, xs == image_width - 1),
                                np.logical_or(ys == 0, ys == image_height - 1))
    return np.stack([ys[is_boundary], xs[is_boundary]], axis=-1)


def _add_zero_flow_controls_at_boundary(locations, flows, image_height, image_width,
                                        boundary_points_per_edge):
    """The control points plus zero-flow points along the image's edges."""
    batch_size = locations.get_shape()[0].value
    boundary = _get_boundary_locations(image_height, image_width, boundary_points_per_edge)
    boundary_flows = np.zeros([boundary.shape[0], 2])
    dtype = locations.dtype
    boundary = tf.constant(_expand_to_minibatch(boundary, batch_size), dtype=dtype)
    boundary_flows = tf.constant(_expand_to_minibatch(boundary_flows, batch_size), dtype=dtype)
    return tf.concat([locations, boundary], 1), tf.concat([flows, boundary_flows], 1)


def sparse_image_warp(image, source_control_point_locations, dest_control_point_locations,
                      interpolation_order=2, regularization_weight=0.0, num_boundary_points=0,
                      name="sparse_image_warp"):
    """TF1 `tf.contrib.image.sparse_image_warp`: warps [batch, height, width, channels] images
    (static shape) so that source control points move to the destination ones; returns
    (warped_image, dense_flows [batch, height, width, 2])."""
    image = tf.convert_to_tensor(image)
    source_control_point_locations = tf.convert_to_tensor(source_control_point_locations)
    dest_control_point_locations = tf.convert_to_tensor(dest_control_point_locations)
    control_point_flows = dest_control_point_locations - source_control_point_locations
    clamp_boundaries = num_boundary_points > 0
    boundary_points_per_edge = num_boundary_points - 1
    with tf.name_scope(name):
        batch_size, image_height, image_width, _ = image.get_shape().as_list()
        grid_locations = _get_grid_locations(image_height, image_width)
        flattened_grid_locations = np.reshape(grid_locations, [image_height * image_width, 2])
        flattened_grid_locations = tf.constant(
            _expand_to_minibatch(flattened_grid_locations, batch_size), image.dtype)
        if clamp_boundaries:
            dest_control_point_locations, control_point_flows = \
                _add_zero_flow_controls_at_boundary(
                    dest_control_point_locations, control_point_flows, image_height,
                    image_width, boundary_points_per_edge)
        flattened_flows = interpolate_spline(dest_control_point_locations, control_point_flows,
                                             flattened_grid_locations, interpolation_order,
                                             regularization_weight)
        dense_flows = tf.reshape(flattened_flows, [batch_size, image_height, image_width, 2])
        warped_image = dense_image_warp(image, dense_flows)
        return warped_image, dense_flows

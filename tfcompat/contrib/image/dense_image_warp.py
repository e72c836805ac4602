"""TF 1.15's `tf.contrib.image.dense_image_warp` and its bilinear sampler
`interpolate_bilinear`, built from graph ops as TF builds them (gathers and lerps), so the
gradients reach both the image and the flow."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.framework import dtypes


def _floor_and_alpha(queries, size, query_type, grid_type):
    """The int32 cell index (clamped so that index + 1 is valid) and the [b, n, 1] lerp
    weight, of the same type as the grid, along one axis of `size` cells."""
    # max_floor is size - 2 so that max_floor + 1 is still a valid index
    max_floor = tf.cast(size - 2, query_type)
    floor = tf.minimum(tf.maximum(tf.constant(0.0, dtype=query_type), tf.floor(queries)),
                       max_floor)
    alpha = tf.cast(queries - floor, grid_type)
    alpha = tf.minimum(tf.maximum(tf.constant(0.0, dtype=grid_type), alpha),
                       tf.constant(1.0, dtype=grid_type))
    return tf.cast(floor, dtypes.int32), tf.expand_dims(alpha, 2)


def interpolate_bilinear(grid, query_points, name="interpolate_bilinear", indexing="ij"):
    """TF1 `interpolate_bilinear` (contrib/image's dense_image_warp.py): values of a
    [batch, height, width, channels] grid at [batch, n, 2] query points, [batch, n, channels];
    queries outside the grid use its edge cells (clamped, as TF)."""
    if indexing != "ij" and indexing != "xy":
        raise ValueError("Indexing mode must be 'ij' or 'xy'")
    with tf.name_scope(name):
        grid = tf.convert_to_tensor(grid)
        query_points = tf.convert_to_tensor(query_points)
        shape = grid.get_shape().as_list()
        if len(shape) != 4:
            raise ValueError("Grid must be 4 dimensional. Received size: " +
                             str(grid.get_shape()))
        batch_size, height, width, channels = (tf.shape(grid)[0], tf.shape(grid)[1],
                                               tf.shape(grid)[2], tf.shape(grid)[3])
        shape = [batch_size, height, width, channels]
        query_type, grid_type = query_points.dtype, grid.dtype
        with tf.control_dependencies([
                tf.assert_equal(len(query_points.get_shape()), 3,
                                message="Query points must be 3 dimensional"),
                tf.assert_equal(tf.shape(query_points)[2], 2,
                                message="Query points must be size 2 in dim 2.")]):
            num_queries = tf.shape(query_points)[1]
        with tf.control_dependencies([
                tf.assert_greater_equal(height, 2, message="Grid height must be at least 2"),
                tf.assert_greater_equal(width, 2, message="Grid width must be at least2")]):
            index_order = [0, 1] if indexing == "ij" else [1, 0]
            unstacked_query_points = tf.unstack(query_points, axis=2)
        floors, ceils, alphas = [], [], []
        for axis, dim in enumerate(index_order):
            with tf.name_scope("dim-" + str(dim)):
                # NOTE: TF 1.15 clamps by shape[dim + 1], which for indexing='xy' is the other
                # axis's size (a failed gather or wrong values unless the grid is square)
                floor, alpha = _floor_and_alpha(unstacked_query_points[dim], shape[axis + 1],
                                                query_type, grid_type)
                floors.append(floor)
                ceils.append(floor + 1)
                alphas.append(alpha)
        return _lerp_corners(grid, [batch_size, height, width, channels], num_queries,
                             floors, ceils, alphas)


def _lerp_corners(grid, dims, num_queries, floors, ceils, alphas):
    """Gathers the four cells around each query from the flattened grid and interpolates."""
    batch_size, height, width, channels = dims
    with tf.control_dependencies([
            tf.assert_less_equal(
                tf.cast(batch_size * height * width, dtype=dtypes.float32),
                np.iinfo(np.int32).max / 8,
                message="The image size or batch size is sufficiently large that the "
                        "linearized addresses used by array_ops.gather may exceed the "
                        "int32 limit.")]):
        flattened_grid = tf.reshape(grid, [batch_size * height * width, channels])
        batch_offsets = tf.reshape(tf.range(batch_size) * height * width, [batch_size, 1])

    def gather(y_coords, x_coords, name):
        with tf.name_scope("gather-" + name):
            linear_coordinates = batch_offsets + y_coords * width + x_coords
            gathered_values = tf.gather(flattened_grid, linear_coordinates)
            return tf.reshape(gathered_values, [batch_size, num_queries, channels])

    top_left = gather(floors[0], floors[1], "top_left")
    top_right = gather(floors[0], ceils[1], "top_right")
    bottom_left = gather(ceils[0], floors[1], "bottom_left")
    bottom_right = gather(ceils[0], ceils[1], "bottom_right")
    with tf.name_scope("interpolate"):
        interp_top = alphas[1] * (top_right - top_left) + top_left
        interp_bottom = alphas[1] * (bottom_right - bottom_left) + bottom_left
        return alphas[0] * (interp_bottom - interp_top) + interp_top

def dense_image_warp(image, flow, name="dense_image_warp"):
    """TF1 `tf.contrib.image.dense_image_warp`: output[b, j, i, c] is the image bilinearly
    sampled at (j - flow[b, j, i, 0], i - flow[b, j, i, 1]), edges clamped."""
    with tf.name_scope(name):
        image = tf.convert_to_tensor(image)
        flow = tf.convert_to_tensor(flow)
        batch_size, height, width, channels = (tf.shape(image)[0], tf.shape(image)[1],
                                               tf.shape(image)[2], tf.shape(image)[3])
        grid_x, grid_y = tf.meshgrid(tf.range(width), tf.range(height))
        stacked_grid = tf.cast(tf.stack([grid_y, grid_x], axis=2), flow.dtype)
        batched_grid = tf.expand_dims(stacked_grid, axis=0)
        query_points_on_grid = batched_grid - flow
        query_points_flattened = tf.reshape(query_points_on_grid,
                                            [batch_size, height * width, 2])
        interpolated = interpolate_bilinear(image, query_points_flattened)
        return tf.reshape(interpolated, [batch_size, height, width, channels])

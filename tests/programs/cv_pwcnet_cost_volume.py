"""PWC-Net (philferriere/tfoptflow, 2018): cost_volume via tf.pad + tf.slice loops and
leaky_relu, FlowNet correlation via tf.extract_image_patches, dense_image_warp written from core
ops (tf.contrib.image.dense_image_warp's _interpolate_bilinear), multi-scale pwcnet_loss with
resize_bilinear-scaled ground truth, EPE, gradients to the flow and features."""
import numpy as np
TAGS = ['cv', 'gradients']
TOLERANCE = {'*': (1e-4, 1e-5)}


def cost_volume(tf, c1, warp, search_range, name):
    padded_lvl = tf.pad(warp, [[0, 0], [search_range, search_range],
                               [search_range, search_range], [0, 0]])
    _, h, w, _ = tf.unstack(tf.shape(c1))
    max_offset = search_range * 2 + 1
    cost_vol = []
    for y in range(0, max_offset):
        for x in range(0, max_offset):
            slice = tf.slice(padded_lvl, [0, y, x, 0], [-1, h, w, -1])
            cost = tf.reduce_mean(c1 * slice, axis=3, keepdims=True)
            cost_vol.append(cost)
    cost_vol = tf.concat(cost_vol, axis=3)
    cost_vol = tf.nn.leaky_relu(cost_vol, alpha=0.1, name=name)
    return cost_vol


def correlation_patches(tf, f1, f2, d):
    k = 2 * d + 1
    c = f1.shape.as_list()[-1]
    patches = tf.extract_image_patches(f2, ksizes=[1, k, k, 1], strides=[1, 1, 1, 1],
                                       rates=[1, 1, 1, 1], padding='SAME')
    s = tf.shape(patches)
    patches = tf.reshape(patches, [s[0], s[1], s[2], k * k, c])
    return tf.reduce_sum(patches * tf.expand_dims(f1, 3), axis=4) / c


def _interpolate_bilinear(tf, grid, query_points, name='interpolate_bilinear'):
    with tf.name_scope(name):
        shape = tf.shape(grid)
        batch_size, height, width, channels = shape[0], shape[1], shape[2], shape[3]
        num_queries = tf.shape(query_points)[1]
        alphas, floors, ceils = [], [], []
        unstacked = tf.unstack(query_points, axis=2)
        for dim in [0, 1]:
            queries = unstacked[dim]
            size_in_indexing_dimension = shape[dim + 1]
            max_floor = tf.cast(size_in_indexing_dimension - 2, query_points.dtype)
            min_floor = tf.constant(0.0, dtype=query_points.dtype)
            floor = tf.minimum(tf.maximum(min_floor, tf.floor(queries)), max_floor)
            int_floor = tf.cast(floor, tf.int32)
            floors.append(int_floor)
            ceils.append(int_floor + 1)
            alpha = tf.cast(queries - floor, grid.dtype)
            alpha = tf.minimum(tf.maximum(tf.constant(0.0, grid.dtype), alpha),
                               tf.constant(1.0, grid.dtype))
            alphas.append(tf.expand_dims(alpha, 2))
        flattened_grid = tf.reshape(grid, [batch_size * height * width, channels])
        batch_offsets = tf.reshape(tf.range(batch_size) * height * width, [batch_size, 1])

        def gather(y_coords, x_coords, name):
            with tf.name_scope('gather-' + name):
                linear = batch_offsets + y_coords * width + x_coords
                gathered = tf.gather(flattened_grid, linear)
                return tf.reshape(gathered, [batch_size, num_queries, channels])

        top_left = gather(floors[0], floors[1], 'top_left')
        top_right = gather(floors[0], ceils[1], 'top_right')
        bottom_left = gather(ceils[0], floors[1], 'bottom_left')
        bottom_right = gather(ceils[0], ceils[1], 'bottom_right')
        with tf.name_scope('interpolate'):
            interp_top = alphas[1] * (top_right - top_left) + top_left
            interp_bottom = alphas[1] * (bottom_right - bottom_left) + bottom_left
            interp = alphas[0] * (interp_bottom - interp_top) + interp_top
        return interp


def dense_image_warp(tf, image, flow, name='dense_image_warp'):
    with tf.name_scope(name):
        batch_size, height, width, channels = image.shape.as_list()
        grid_x, grid_y = tf.meshgrid(tf.range(width), tf.range(height))
        stacked_grid = tf.cast(tf.stack([grid_y, grid_x], axis=2), flow.dtype)
        batched_grid = tf.expand_dims(stacked_grid, axis=0)
        query_points_on_grid = batched_grid - flow
        query_points_flattened = tf.reshape(query_points_on_grid,
                                            [batch_size, height * width, 2])
        interpolated = _interpolate_bilinear(tf, image, query_points_flattened)
        interpolated = tf.reshape(interpolated, [batch_size, height, width, channels])
        return interpolated


def pwcnet_loss(tf, y, y_hat_pyr, gamma=0.0004, alphas=(0.32, 0.08, 0.02), epsilon=0.01, q=0.4):
    with tf.name_scope('pwcnet_loss'):
        total_loss = 0.
        _, gt_height, _, _ = tf.unstack(tf.shape(y))
        for lvl, y_hat in enumerate(y_hat_pyr):
            _, lvl_height, lvl_width, _ = tf.unstack(tf.shape(y_hat))
            scaled_flow_gt = tf.image.resize_bilinear(y, (lvl_height, lvl_width))
            scaled_flow_gt /= tf.cast(gt_height / lvl_height, dtype=tf.float32)
            if lvl % 2 == 0:
                norm = tf.norm(scaled_flow_gt - y_hat, ord=2, axis=3)
                level_loss = tf.reduce_mean(tf.reduce_sum(norm, axis=(1, 2)))
            else:
                level_loss = tf.reduce_mean(tf.reduce_sum(
                    (tf.abs(scaled_flow_gt - y_hat) + epsilon) ** q, axis=(1, 2, 3)))
            total_loss += alphas[lvl] * level_loss
        return total_loss


def main(tf):
    tf.set_random_seed(7)
    rng = np.random.RandomState(7)
    f1_np = rng.randn(2, 8, 8, 4).astype(np.float32)
    f2_np = rng.randn(2, 8, 8, 4).astype(np.float32)
    flow_np = (rng.randn(2, 8, 8, 2) * 1.3).astype(np.float32)
    f1 = tf.constant(f1_np)
    f2 = tf.Variable(f2_np, name='feat2')
    flow = tf.Variable(flow_np, name='flow')
    warped = dense_image_warp(tf, f2, flow)
    cv = cost_volume(tf, f1, warped, 2, 'corr')
    corr = correlation_patches(tf, f1, f2, 1)
    pred = [tf.layers.conv2d(tf.image.resize_bilinear(cv, [8 // (2 ** l)] * 2,
                                                      align_corners=True), 2, 3,
                             padding='same', name='pred%d' % l,
                             kernel_initializer=tf.glorot_uniform_initializer(seed=l))
            for l in range(3)]
    loss = pwcnet_loss(tf, tf.constant(flow_np), pred)
    epe = tf.reduce_mean(tf.norm(pred[0] - flow_np, axis=-1))
    g = tf.gradients(loss, [flow, f2])
    res = {'cv_shape': str(cv.shape), 'corr_shape': str(corr.shape), 'cv_name': cv.name,
           'warped_name': warped.name, 'warped_shape': str(warped.shape)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res.update(sess.run({'warped': warped, 'cv': cv, 'corr': corr, 'loss': loss, 'epe': epe,
                             'gflow': g[0], 'gf2': g[1]}))
    return res

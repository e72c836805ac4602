"""SfMLearner (tinghuiz/SfMLearner, 2017) utils.py: euler2mat / pose_vec2mat with tf.slice and
concat-built rotation matrices, meshgrid from tf.matmul of ones, pixel2cam with
tf.matrix_inverse of the intrinsics, cam2pixel, projective_inverse_warp's flat-index bilinear
sampler (tf.gather on float indices cast to int32), gradients to depth and pose."""
import numpy as np
TAGS = ['cv', 'gradients']
TOLERANCE = {'*': (1e-4, 1e-5)}


def euler2mat(tf, z, y, x):
    B = tf.shape(z)[0]
    N = 1
    z = tf.clip_by_value(z, -np.pi, np.pi)
    y = tf.clip_by_value(y, -np.pi, np.pi)
    x = tf.clip_by_value(x, -np.pi, np.pi)
    z = tf.expand_dims(tf.expand_dims(z, -1), -1)
    y = tf.expand_dims(tf.expand_dims(y, -1), -1)
    x = tf.expand_dims(tf.expand_dims(x, -1), -1)
    zeros = tf.zeros([B, N, 1, 1])
    ones = tf.ones([B, N, 1, 1])
    cosz = tf.cos(z)
    sinz = tf.sin(z)
    rotz_1 = tf.concat([cosz, -sinz, zeros], axis=3)
    rotz_2 = tf.concat([sinz, cosz, zeros], axis=3)
    rotz_3 = tf.concat([zeros, zeros, ones], axis=3)
    zmat = tf.concat([rotz_1, rotz_2, rotz_3], axis=2)
    cosy = tf.cos(y)
    siny = tf.sin(y)
    roty_1 = tf.concat([cosy, zeros, siny], axis=3)
    roty_2 = tf.concat([zeros, ones, zeros], axis=3)
    roty_3 = tf.concat([-siny, zeros, cosy], axis=3)
    ymat = tf.concat([roty_1, roty_2, roty_3], axis=2)
    cosx = tf.cos(x)
    sinx = tf.sin(x)
    rotx_1 = tf.concat([ones, zeros, zeros], axis=3)
    rotx_2 = tf.concat([zeros, cosx, -sinx], axis=3)
    rotx_3 = tf.concat([zeros, sinx, cosx], axis=3)
    xmat = tf.concat([rotx_1, rotx_2, rotx_3], axis=2)
    rotMat = tf.matmul(tf.matmul(xmat, ymat), zmat)
    return rotMat


def pose_vec2mat(tf, vec):
    batch_size, _ = vec.get_shape().as_list()
    translation = tf.slice(vec, [0, 0], [-1, 3])
    translation = tf.expand_dims(translation, -1)
    rx = tf.slice(vec, [0, 3], [-1, 1])
    ry = tf.slice(vec, [0, 4], [-1, 1])
    rz = tf.slice(vec, [0, 5], [-1, 1])
    rot_mat = euler2mat(tf, rz, ry, rx)
    rot_mat = tf.squeeze(rot_mat, axis=[1])
    filler = tf.constant([0.0, 0.0, 0.0, 1.0], shape=[1, 1, 4])
    filler = tf.tile(filler, [batch_size, 1, 1])
    transform_mat = tf.concat([rot_mat, translation], axis=2)
    transform_mat = tf.concat([transform_mat, filler], axis=1)
    return transform_mat


def pixel2cam(tf, depth, pixel_coords, intrinsics, is_homogeneous=True):
    batch, height, width = depth.get_shape().as_list()
    depth = tf.reshape(depth, [batch, 1, -1])
    pixel_coords = tf.reshape(pixel_coords, [batch, 3, -1])
    cam_coords = tf.matmul(tf.matrix_inverse(intrinsics), pixel_coords) * depth
    if is_homogeneous:
        ones = tf.ones([batch, 1, height * width])
        cam_coords = tf.concat([cam_coords, ones], axis=1)
    cam_coords = tf.reshape(cam_coords, [batch, -1, height, width])
    return cam_coords


def cam2pixel(tf, cam_coords, proj):
    batch, _, height, width = cam_coords.get_shape().as_list()
    cam_coords = tf.reshape(cam_coords, [batch, 4, -1])
    unnormalized_pixel_coords = tf.matmul(proj, cam_coords)
    x_u = tf.slice(unnormalized_pixel_coords, [0, 0, 0], [-1, 1, -1])
    y_u = tf.slice(unnormalized_pixel_coords, [0, 1, 0], [-1, 1, -1])
    z_u = tf.slice(unnormalized_pixel_coords, [0, 2, 0], [-1, 1, -1])
    x_n = x_u / (z_u + 1e-10)
    y_n = y_u / (z_u + 1e-10)
    pixel_coords = tf.concat([x_n, y_n], axis=1)
    pixel_coords = tf.reshape(pixel_coords, [batch, 2, height, width])
    return tf.transpose(pixel_coords, perm=[0, 2, 3, 1])


def meshgrid(tf, batch, height, width, is_homogeneous=True):
    x_t = tf.matmul(tf.ones(shape=tf.stack([height, 1])),
                    tf.transpose(tf.expand_dims(tf.linspace(-1.0, 1.0, width), 1), [1, 0]))
    y_t = tf.matmul(tf.expand_dims(tf.linspace(-1.0, 1.0, height), 1),
                    tf.ones(shape=tf.stack([1, width])))
    x_t = (x_t + 1.0) * 0.5 * tf.cast(width - 1, tf.float32)
    y_t = (y_t + 1.0) * 0.5 * tf.cast(height - 1, tf.float32)
    if is_homogeneous:
        ones = tf.ones_like(x_t)
        coords = tf.stack([x_t, y_t, ones], axis=0)
    else:
        coords = tf.stack([x_t, y_t], axis=0)
    coords = tf.tile(tf.expand_dims(coords, 0), [batch, 1, 1, 1])
    return coords


def bilinear_sampler(tf, imgs, coords):
    def _repeat(x, n_repeats):
        rep = tf.transpose(tf.expand_dims(tf.ones(shape=tf.stack([n_repeats, ])), 1), [1, 0])
        rep = tf.cast(rep, 'float32')
        x = tf.matmul(tf.reshape(x, (-1, 1)), rep)
        return tf.reshape(x, [-1])

    with tf.name_scope('image_sampling'):
        coords_x, coords_y = tf.split(coords, [1, 1], axis=3)
        inp_size = imgs.get_shape()
        coord_size = coords.get_shape()
        out_size = coords.get_shape().as_list()
        out_size[3] = imgs.get_shape().as_list()[3]
        coords_x = tf.cast(coords_x, 'float32')
        coords_y = tf.cast(coords_y, 'float32')
        x0 = tf.floor(coords_x)
        x1 = x0 + 1
        y0 = tf.floor(coords_y)
        y1 = y0 + 1
        y_max = tf.cast(tf.shape(imgs)[1] - 1, 'float32')
        x_max = tf.cast(tf.shape(imgs)[2] - 1, 'float32')
        zero = tf.zeros([1], dtype='float32')
        x0_safe = tf.clip_by_value(x0, zero, x_max)
        y0_safe = tf.clip_by_value(y0, zero, y_max)
        x1_safe = tf.clip_by_value(x1, zero, x_max)
        y1_safe = tf.clip_by_value(y1, zero, y_max)
        wt_x0 = x1_safe - coords_x
        wt_x1 = coords_x - x0_safe
        wt_y0 = y1_safe - coords_y
        wt_y1 = coords_y - y0_safe
        dim2 = tf.cast(inp_size[2], 'float32')
        dim1 = tf.cast(inp_size[2] * inp_size[1], 'float32')
        base = tf.reshape(_repeat(tf.cast(tf.range(coord_size[0]), 'float32') * dim1,
                                  coord_size[1] * coord_size[2]),
                          [out_size[0], out_size[1], out_size[2], 1])
        base_y0 = base + y0_safe * dim2
        base_y1 = base + y1_safe * dim2
        idx00 = tf.reshape(x0_safe + base_y0, [-1])
        idx01 = x0_safe + base_y1
        idx10 = x1_safe + base_y0
        idx11 = x1_safe + base_y1
        imgs_flat = tf.reshape(imgs, tf.stack([-1, inp_size[3]]))
        imgs_flat = tf.cast(imgs_flat, 'float32')
        im00 = tf.reshape(tf.gather(imgs_flat, tf.cast(idx00, 'int32')), out_size)
        im01 = tf.reshape(tf.gather(imgs_flat, tf.cast(idx01, 'int32')), out_size)
        im10 = tf.reshape(tf.gather(imgs_flat, tf.cast(idx10, 'int32')), out_size)
        im11 = tf.reshape(tf.gather(imgs_flat, tf.cast(idx11, 'int32')), out_size)
        w00 = wt_x0 * wt_y0
        w01 = wt_x0 * wt_y1
        w10 = wt_x1 * wt_y0
        w11 = wt_x1 * wt_y1
        output = tf.add_n([w00 * im00, w01 * im01, w10 * im10, w11 * im11])
        return output


def main(tf):
    rng = np.random.RandomState(5)
    B, H, W = 2, 5, 6
    src_np = rng.rand(B, H, W, 3).astype(np.float32)
    depth_np = (1.0 + rng.rand(B, H, W)).astype(np.float32)
    K = np.array([[4.0, 0, 2.5], [0, 4.0, 2.0], [0, 0, 1]], np.float32)
    intr_np = np.stack([K, K * np.array([[1.1], [1.0], [1.0]], np.float32)])
    src = tf.constant(src_np)
    depth = tf.Variable(depth_np, name='depth')
    pose = tf.Variable(np.array([[0.05, -0.02, 0.01, 0.02, -0.03, 0.01],
                                 [-0.03, 0.01, 0.02, -0.01, 0.02, 0.04]], np.float32), name='pose')
    intrinsics = tf.constant(intr_np)
    pose_m = pose_vec2mat(tf, pose)
    pixel_coords = meshgrid(tf, B, H, W)
    cam_coords = pixel2cam(tf, depth, pixel_coords, intrinsics)
    filler = tf.constant([0.0, 0.0, 0.0, 1.0], shape=[1, 1, 4])
    filler = tf.tile(filler, [B, 1, 1])
    intr4 = tf.concat([intrinsics, tf.zeros([B, 3, 1])], axis=2)
    intr4 = tf.concat([intr4, filler], axis=1)
    proj = tf.matmul(intr4, pose_m)
    src_pixel_coords = cam2pixel(tf, cam_coords, proj)
    out = bilinear_sampler(tf, src, src_pixel_coords)
    loss = tf.reduce_mean(tf.abs(out - src))
    gd, gp = tf.gradients(loss, [depth, pose])
    inv = tf.matrix_inverse(intrinsics)
    det = tf.matrix_determinant(proj)
    return_static = {'pose_m_shape': str(pose_m.shape), 'out_shape': str(out.shape),
                     'cam_shape': str(cam_coords.shape), 'out_name': out.name,
                     'inv_name': inv.op.type, 'spc_shape': str(src_pixel_coords.shape)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r = sess.run({'pose_m': pose_m, 'cam': cam_coords, 'spc': src_pixel_coords, 'out': out,
                      'loss': loss, 'gd': gd, 'gp': gp, 'inv': inv, 'det': det})
    r.update(return_static)
    return r

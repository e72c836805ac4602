"""monodepth (mrharicot/monodepth, 2017): bilinear_sampler_1d_h (pad, clip, flat tf.gather),
SSIM with avg_pool / layers.average_pooling2d, edge-aware disparity smoothness, left-right
consistency, scale pyramid via resize_area, resize_nearest_neighbor, gradients to the conv."""
import numpy as np
TAGS = ['cv', 'image', 'gradients']
TOLERANCE = {'*': (1e-4, 1e-5)}


def bilinear_sampler_1d_h(tf, input_images, x_offset, wrap_mode='border', name='bilinear_sampler'):
    def _repeat(x, n_repeats):
        with tf.variable_scope('_repeat'):
            rep = tf.tile(tf.expand_dims(x, 1), [1, n_repeats])
            return tf.reshape(rep, [-1])

    def _interpolate(im, x, y):
        with tf.variable_scope('_interpolate'):
            if _wrap_mode == 'border':
                _edge_size = 1
                im = tf.pad(im, [[0, 0], [1, 1], [1, 1], [0, 0]], mode='CONSTANT')
                x = x + _edge_size
                y = y + _edge_size
            else:
                _edge_size = 0
            x = tf.clip_by_value(x, 0.0, _width_f - 1 + 2 * _edge_size)
            x0_f = tf.floor(x)
            y0_f = tf.floor(y)
            x1_f = x0_f + 1
            x0 = tf.cast(x0_f, tf.int32)
            y0 = tf.cast(y0_f, tf.int32)
            x1 = tf.cast(tf.minimum(x1_f, _width_f - 1 + 2 * _edge_size), tf.int32)
            dim2 = (_width + 2 * _edge_size)
            dim1 = (_width + 2 * _edge_size) * (_height + 2 * _edge_size)
            base = _repeat(tf.range(_num_batch) * dim1, _height * _width)
            base_y0 = base + y0 * dim2
            idx_l = base_y0 + x0
            idx_r = base_y0 + x1
            im_flat = tf.reshape(im, tf.stack([-1, _num_channels]))
            pix_l = tf.gather(im_flat, idx_l)
            pix_r = tf.gather(im_flat, idx_r)
            weight_l = tf.expand_dims(x1_f - x, 1)
            weight_r = tf.expand_dims(x - x0_f, 1)
            return weight_l * pix_l + weight_r * pix_r

    def _transform(input_images, x_offset):
        with tf.variable_scope('transform'):
            x_t, y_t = tf.meshgrid(tf.linspace(0.0, _width_f - 1.0, _width),
                                   tf.linspace(0.0, _height_f - 1.0, _height))
            x_t_flat = tf.reshape(x_t, (1, -1))
            y_t_flat = tf.reshape(y_t, (1, -1))
            x_t_flat = tf.tile(x_t_flat, tf.stack([_num_batch, 1]))
            y_t_flat = tf.tile(y_t_flat, tf.stack([_num_batch, 1]))
            x_t_flat = tf.reshape(x_t_flat, [-1])
            y_t_flat = tf.reshape(y_t_flat, [-1])
            x_t_flat = x_t_flat + tf.reshape(x_offset, [-1]) * _width_f
            input_transformed = _interpolate(input_images, x_t_flat, y_t_flat)
            output = tf.reshape(
                input_transformed, tf.stack([_num_batch, _height, _width, _num_channels]))
            return output

    with tf.variable_scope(name):
        _num_batch = tf.shape(input_images)[0]
        _height = tf.shape(input_images)[1]
        _width = tf.shape(input_images)[2]
        _num_channels = tf.shape(input_images)[3]
        _height_f = tf.cast(_height, tf.float32)
        _width_f = tf.cast(_width, tf.float32)
        _wrap_mode = wrap_mode
        output = _transform(input_images, x_offset)
        return output


def SSIM(tf, x, y):
    C1 = 0.01 ** 2
    C2 = 0.03 ** 2
    pool = lambda t: tf.nn.avg_pool(t, [1, 3, 3, 1], [1, 1, 1, 1], 'VALID')
    mu_x = pool(x)
    mu_y = tf.layers.average_pooling2d(y, 3, 1, 'valid')
    sigma_x = pool(x ** 2) - mu_x ** 2
    sigma_y = pool(y ** 2) - mu_y ** 2
    sigma_xy = pool(x * y) - mu_x * mu_y
    SSIM_n = (2 * mu_x * mu_y + C1) * (2 * sigma_xy + C2)
    SSIM_d = (mu_x ** 2 + mu_y ** 2 + C1) * (sigma_x + sigma_y + C2)
    SSIM = SSIM_n / SSIM_d
    return tf.clip_by_value((1 - SSIM) / 2, 0, 1)


def gradient_x(img):
    return img[:, :, :-1, :] - img[:, :, 1:, :]


def gradient_y(img):
    return img[:, :-1, :, :] - img[:, 1:, :, :]


def scale_pyramid(tf, img, num_scales):
    scaled_imgs = [img]
    s = tf.shape(img)
    h = s[1]
    w = s[2]
    for i in range(num_scales - 1):
        ratio = 2 ** (i + 1)
        nh = h // ratio
        nw = w // ratio
        scaled_imgs.append(tf.image.resize_area(img, [nh, nw]))
    return scaled_imgs


def main(tf):
    tf.set_random_seed(3)
    rng = np.random.RandomState(1)
    left_np = rng.rand(2, 8, 12, 3).astype(np.float32)
    right_np = np.roll(left_np, 1, axis=2) * 0.9 + 0.05
    left = tf.constant(left_np)
    right = tf.constant(right_np)
    with tf.variable_scope('disp'):
        feat = tf.layers.conv2d(left, 2, 3, padding='same', activation=tf.nn.sigmoid,
                                kernel_initializer=tf.random_normal_initializer(0, 0.1, seed=2))
        disp = 0.3 * feat
    disp_left = tf.expand_dims(disp[:, :, :, 0], 3)
    disp_right = tf.expand_dims(disp[:, :, :, 1], 3)
    left_est = bilinear_sampler_1d_h(tf, right, -disp_left)
    right_est = bilinear_sampler_1d_h(tf, left, disp_right, name='bs2')
    l1 = tf.reduce_mean(tf.abs(left_est - left))
    ssim = tf.reduce_mean(SSIM(tf, left_est, left))
    alpha = 0.85
    img_loss = alpha * ssim + (1 - alpha) * l1
    dgx = gradient_x(disp_left)
    dgy = gradient_y(disp_left)
    igx = gradient_x(left)
    igy = gradient_y(left)
    wx = tf.exp(-tf.reduce_mean(tf.abs(igx), 3, keep_dims=True))
    wy = tf.exp(-tf.reduce_mean(tf.abs(igy), 3, keep_dims=True))
    smooth = tf.reduce_mean(tf.abs(dgx * wx)) + tf.reduce_mean(tf.abs(dgy * wy))
    lr_loss = tf.reduce_mean(tf.abs(bilinear_sampler_1d_h(tf, disp_right, -disp_left, name='lr')
                                    - disp_left))
    total = img_loss + 0.1 * smooth + lr_loss
    pyr = scale_pyramid(tf, left, 3)
    nn = tf.image.resize_nearest_neighbor(disp_left, [4, 6])
    nn_up = tf.image.resize_nearest_neighbor(nn, [8, 12], align_corners=True)
    grads = tf.gradients(total, tf.trainable_variables())
    res = {'left_est_name': left_est.name, 'pyr_shapes': [str(p.shape) for p in pyr],
           'left_est_shape': str(left_est.shape),
           'var_names': [v.name for v in tf.trainable_variables()]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vals = sess.run({'left_est': left_est, 'right_est': right_est, 'l1': l1, 'ssim': ssim,
                         'smooth': smooth, 'lr': lr_loss, 'total': total, 'pyr1': pyr[1],
                         'pyr2': pyr[2], 'nn_up': nn_up, 'g': grads})
        res.update(vals)
    return res

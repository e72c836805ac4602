"""Super-resolution code of 2017-2018 (ESPCN / EDSR TF1 ports, 'pixel shuffle' blog posts):
sub-pixel upscaling with tf.depth_to_space, the hand-written phase-shift (reshape/split/concat)
it replaced, space_to_depth downscaling for YOLOv2's passthrough layer, NCHW variants where the
device runs them, tf.image.resize_bicubic baseline, PSNR / SSIM metrics, Adam on MSE."""
import numpy as np
TAGS = ['cv', 'image', 'train', 'nchw']
TOLERANCE = {'*': (1e-4, 1e-5)}


def nchw_ok(tf):
    with tf.Graph().as_default():
        y = tf.nn.depth_to_space(tf.zeros([1, 4, 2, 2]), 2, data_format='NCHW')
        y = tf.nn.conv2d(y, tf.zeros([1, 1, 1, 1]), [1, 1, 1, 1], 'SAME', data_format='NCHW')
        try:
            with tf.Session() as s:
                s.run(y)
            return True
        except (tf.errors.UnimplementedError, tf.errors.InvalidArgumentError):
            return False


def phase_shift(tf, I, r):
    bsize, a, b, c = I.get_shape().as_list()
    X = tf.reshape(I, (-1, a, b, r, r))
    X = tf.split(X, a, 1)
    X = tf.concat([tf.squeeze(x, axis=1) for x in X], 2)
    X = tf.split(X, b, 1)
    X = tf.concat([tf.squeeze(x, axis=1) for x in X], 2)
    return tf.reshape(X, (-1, a * r, b * r, 1))


def main(tf):
    tf.set_random_seed(71)
    np.random.seed(71)
    r = 2
    cf = nchw_ok(tf)
    lr_img = tf.placeholder(tf.float32, [2, 6, 6, 1], 'lr')
    hr_img = tf.placeholder(tf.float32, [2, 12, 12, 1], 'hr')
    init = tf.truncated_normal_initializer(stddev=0.1, seed=2)
    fmt = 'channels_first' if cf else 'channels_last'
    x = tf.transpose(lr_img, [0, 3, 1, 2]) if cf else lr_img
    h = tf.layers.conv2d(x, 16, 5, padding='same', activation=tf.nn.tanh, data_format=fmt,
                         kernel_initializer=init, name='conv1')
    h = tf.layers.conv2d(h, 8, 3, padding='same', activation=tf.nn.tanh, data_format=fmt,
                         kernel_initializer=init, name='conv2')
    h = tf.layers.conv2d(h, r * r, 3, padding='same', data_format=fmt, kernel_initializer=init,
                         name='conv3')
    sr = tf.nn.depth_to_space(h, r, data_format='NCHW' if cf else 'NHWC', name='subpixel')
    if cf:
        sr = tf.transpose(sr, [0, 2, 3, 1])
    sr = tf.nn.sigmoid(sr)
    mse = tf.losses.mean_squared_error(hr_img, sr)
    train = tf.train.AdamOptimizer(1e-3).minimize(mse)
    psnr = tf.image.psnr(hr_img, sr, max_val=1.0)
    ssim = tf.image.ssim(hr_img, sr, max_val=1.0, filter_size=3)
    bicubic = tf.image.resize_bicubic(lr_img, [12, 12], align_corners=True)
    grid = tf.reshape(tf.range(2 * 3 * 3 * 4, dtype=tf.float32), [2, 3, 3, 4])
    d2s = tf.depth_to_space(grid, 2)
    ps = phase_shift(tf, grid, 2)
    s2d = tf.space_to_depth(tf.reshape(tf.range(64.), [1, 4, 4, 4]), 2, name='reorg')
    back = tf.nn.depth_to_space(s2d, 2)
    g_sub = tf.gradients(tf.reduce_sum(d2s * tf.reshape(tf.range(72.), [2, 6, 6, 1])), grid)[0]
    hr = np.random.rand(2, 12, 12, 1).astype(np.float32)
    lr = hr.reshape(2, 6, 2, 6, 2, 1).mean(axis=(2, 4))
    res = {'shapes': [str(t.shape) for t in (sr, d2s, ps, s2d, psnr, ssim)],
           'names': [sr.name if not cf else 'Sigmoid:0', s2d.name, back.op.type, psnr.name]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res['d2s'] = sess.run(d2s)[0, :, :, 0]
        res['ps_vs_d2s'] = sess.run(tf.reduce_max(tf.abs(ps - d2s)))
        res['ps'] = sess.run(ps)[1, :, :, 0]
        res['s2d'] = sess.run(s2d)[0, 0, 0]
        res['roundtrip'] = sess.run(tf.reduce_all(tf.equal(back, tf.reshape(tf.range(64.),
                                                                            [1, 4, 4, 4]))))
        res['g_sub'] = sess.run(g_sub)[1, 2]
        res['losses'] = [sess.run([mse, train], {lr_img: lr, hr_img: hr})[0] for _ in range(5)]
        res['psnr'], res['ssim'] = sess.run([psnr, ssim], {lr_img: lr, hr_img: hr})
        res['bicubic'] = sess.run(bicubic, {lr_img: lr})[0, :4, :4, 0]
    return res

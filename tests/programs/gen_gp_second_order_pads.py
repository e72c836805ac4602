"""Gradient penalties (WGAN-GP / R1 in style-GAN-ish restorers) through a critic with reflect /
symmetric padding, resize-convolution, depthwise blur, instance norm and depth_to_space:
second-order gradients, plus the ops TF has no second gradient for."""
import numpy as np
TAGS = ['gradients', 'nn']
TOLERANCE = {'*': (1e-3, 1e-4)}


def main(tf):
    rng = np.random.RandomState(6)
    res = {}
    x = tf.Variable(rng.rand(2, 6, 6, 4).astype(np.float32))
    w = tf.constant(rng.randn(3, 3, 4, 4).astype(np.float32) * 0.3)
    dw = tf.constant(rng.rand(3, 3, 4, 1).astype(np.float32))

    def critic(t, kind):
        if kind == 'reflect':
            t = tf.pad(t, [[0, 0], [1, 1], [1, 1], [0, 0]], 'REFLECT')
            t = tf.nn.conv2d(t, w, [1, 1, 1, 1], 'VALID')
        elif kind == 'symmetric':
            t = tf.pad(t, [[0, 0], [2, 1], [1, 2], [0, 0]], 'SYMMETRIC')
            t = tf.nn.conv2d(t, w, [1, 1, 1, 1], 'VALID')
        elif kind == 'depthwise':
            t = tf.nn.depthwise_conv2d(t, dw, [1, 1, 1, 1], 'SAME')
        elif kind == 'instnorm':
            m, v = tf.nn.moments(t, [1, 2], keep_dims=True)
            t = (t - m) * tf.rsqrt(v + 1e-5)
            t = tf.nn.conv2d(t, w, [1, 1, 1, 1], 'SAME')
        elif kind == 'd2s':
            t = tf.depth_to_space(tf.nn.conv2d(t, w, [1, 1, 1, 1], 'SAME'), 2)
        elif kind == 'transpose':
            t = tf.nn.conv2d_transpose(t, w, [2, 12, 12, 4], [1, 2, 2, 1], 'SAME')
        elif kind == 'nearest':
            t = tf.image.resize_nearest_neighbor(tf.nn.conv2d(t, w, [1, 1, 1, 1], 'SAME'), [12, 12])
        elif kind == 'bilinear':
            t = tf.image.resize_bilinear(tf.nn.conv2d(t, w, [1, 1, 1, 1], 'SAME'), [9, 9])
        elif kind == 'avgpool':
            t = tf.nn.avg_pool(tf.nn.conv2d(t, w, [1, 1, 1, 1], 'SAME'), [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')
        return tf.reduce_sum(tf.nn.softplus(t) * tf.sin(t))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        # (not 'nearest' / 'bilinear': TF has no second gradient there, known_differences.txt)
        for kind in ['reflect', 'symmetric', 'depthwise', 'instnorm', 'd2s', 'transpose',
                     'avgpool']:
            try:
                out = critic(x, kind)
                g = tf.gradients(out, x)[0]
                gp = tf.reduce_mean(tf.square(tf.sqrt(tf.reduce_sum(tf.square(g), [1, 2, 3])) - 1.))
                gg = tf.gradients(gp, x)[0]
                a, b, c = sess.run([g, gp, gg])
                res[kind] = [a[0, :2, :2, 0], b, c[1, :2, :2, 1]]
                hv = tf.gradients(tf.reduce_sum(g * tf.ones_like(g)), x)[0]
                res[kind + '_hv'] = sess.run(hv)[0, 0, :3, 2]
            except Exception as ex:
                res[kind] = [type(ex).__name__, str(ex)[:150]]
    return res

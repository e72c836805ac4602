"""Deformable-convolution sampling of 2017-2018 TF1 ports (felixlaumon/deform-conv,
kastnerkyle / Spatial Transformer bilinear_sampler): offsets from a conv layer, sampling grid from
tf.meshgrid, clip to the image, floor/ceil corner indices, tf.gather_nd with batch indices,
bilinear weights, gradients flowing into both the offsets and the feature map; plus
tf.contrib.resampler-free spatial transformer affine_grid with tf.matmul."""
import numpy as np
TAGS = ['cv', 'gradients', 'train']
TOLERANCE = {'*': (1e-4, 1e-5)}


def bilinear_sample(tf, img, x, y):
    """img [B,H,W,C]; x, y [B,h,w] float pixel coordinates."""
    b, h, w, c = img.shape.as_list()
    x = tf.clip_by_value(x, 0.0, w - 1.0)
    y = tf.clip_by_value(y, 0.0, h - 1.0)
    x0 = tf.floor(x)
    y0 = tf.floor(y)
    x1 = tf.minimum(x0 + 1, w - 1.0)
    y1 = tf.minimum(y0 + 1, h - 1.0)
    bidx = tf.tile(tf.reshape(tf.range(b), [b, 1, 1]), [1] + x.shape.as_list()[1:])

    def gather(yy, xx):
        idx = tf.stack([bidx, tf.cast(yy, tf.int32), tf.cast(xx, tf.int32)], axis=-1)
        return tf.gather_nd(img, idx)

    wa = tf.expand_dims((x1 - x) * (y1 - y), -1)
    wb = tf.expand_dims((x1 - x) * (y - y0), -1)
    wc = tf.expand_dims((x - x0) * (y1 - y), -1)
    wd = tf.expand_dims((x - x0) * (y - y0), -1)
    return tf.add_n([wa * gather(y0, x0), wb * gather(y1, x0), wc * gather(y0, x1),
                     wd * gather(y1, x1)], name='sampled')


def main(tf):
    tf.set_random_seed(91)
    np.random.seed(91)
    feat = tf.Variable(np.random.rand(2, 7, 7, 3).astype(np.float32), name='feature')
    off_conv = tf.layers.conv2d(feat, 2, 3, padding='same',
                                kernel_initializer=tf.random_normal_initializer(0, 0.5, seed=2),
                                name='offset_conv')
    gx, gy = tf.meshgrid(tf.range(7.), tf.range(7.))
    grid_x = tf.expand_dims(gx, 0) + off_conv[..., 0]
    grid_y = tf.expand_dims(gy, 0) + off_conv[..., 1]
    sampled = bilinear_sample(tf, feat, grid_x, grid_y)
    out = tf.layers.conv2d(sampled, 4, 3, strides=3, padding='valid',
                           kernel_initializer=tf.glorot_uniform_initializer(seed=3), name='deform')
    loss = tf.reduce_mean(tf.square(out - 0.5))
    grads = tf.gradients(loss, [feat] + tf.trainable_variables('offset_conv'))
    # spatial transformer: affine grid
    theta = tf.constant([[[0.9, 0.1, 0.0], [-0.1, 1.1, 0.05]]] * 2, tf.float32)
    xs, ys = tf.meshgrid(tf.linspace(-1.0, 1.0, 5), tf.linspace(-1.0, 1.0, 5))
    homog = tf.stack([tf.reshape(xs, [-1]), tf.reshape(ys, [-1]), tf.ones([25])])
    tgrid = tf.matmul(theta, tf.tile(tf.expand_dims(homog, 0), [2, 1, 1]))
    tx = tf.reshape((tgrid[:, 0] + 1.0) * 3.0, [2, 5, 5])
    ty = tf.reshape((tgrid[:, 1] + 1.0) * 3.0, [2, 5, 5])
    warped = bilinear_sample(tf, feat, tx, ty)
    g_theta = tf.gradients(tf.reduce_sum(warped), theta)[0]
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    res = {'shapes': [str(t.shape) for t in (off_conv, grid_x, sampled, out, tgrid, warped)],
           'names': [sampled.name, warped.name, gx.name]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res['sampled'] = sess.run(sampled)[0, :3, :3]
        res['grads'] = [np.asarray(g) for g in sess.run(grads)]
        res['warped'] = sess.run(warped)[1, :, :, 0]
        res['g_theta'] = sess.run(g_theta)
        res['losses'] = [sess.run([loss, train])[0] for _ in range(3)]
    return res

"""Progressive GAN (tkarras/progressive_growing_of_gans, TF1): equalized-lr conv with runtime
He scale, pixel norm, minibatch stddev, upscale2d via tile, fade-in lerp with a lod variable,
WGAN-GP with gradient penalty via tf.gradients and epsilon drift."""
import numpy as np
TAGS = ['cv', 'gan', 'gradients', 'train']
TOLERANCE = {'*': (3e-4, 3e-5)}


def main(tf):
    tf.set_random_seed(17)
    rng = np.random.RandomState(17)

    def lerp(a, b, t):
        return a + (b - a) * t

    def get_weight(shape, gain=np.sqrt(2)):
        fan_in = np.prod(shape[:-1])
        std = gain / np.sqrt(fan_in)
        wscale = tf.constant(np.float32(std), name='wscale')
        return tf.get_variable('weight', shape=shape, initializer=tf.initializers.random_normal(seed=1)) * wscale

    def conv2d(x, fmaps, kernel):
        w = get_weight([kernel, kernel, x.shape[-1].value, fmaps])
        return tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding='SAME')

    def apply_bias(x):
        b = tf.get_variable('bias', shape=[x.shape[-1]], initializer=tf.initializers.zeros())
        return x + b

    def pixel_norm(x, epsilon=1e-8):
        with tf.variable_scope('PixelNorm'):
            return x * tf.rsqrt(tf.reduce_mean(tf.square(x), axis=-1, keepdims=True) + epsilon)

    def upscale2d(x, factor=2):
        with tf.variable_scope('Upscale2D'):
            s = x.shape
            x = tf.reshape(x, [-1, s[1], 1, s[2], 1, s[3]])
            x = tf.tile(x, [1, 1, factor, 1, factor, 1])
            return tf.reshape(x, [-1, s[1] * factor, s[2] * factor, s[3]])

    def downscale2d(x, factor=2):
        return tf.nn.avg_pool(x, ksize=[1, factor, factor, 1], strides=[1, factor, factor, 1], padding='VALID')

    def minibatch_stddev_layer(x, group_size=2):
        with tf.variable_scope('MinibatchStddev'):
            group_size = tf.minimum(group_size, tf.shape(x)[0])
            s = x.shape
            y = tf.reshape(x, [group_size, -1, s[1], s[2], s[3]])
            y = tf.cast(y, tf.float32)
            y -= tf.reduce_mean(y, axis=0, keepdims=True)
            y = tf.reduce_mean(tf.square(y), axis=0)
            y = tf.sqrt(y + 1e-8)
            y = tf.reduce_mean(y, axis=[1, 2, 3], keepdims=True)
            y = tf.cast(y, x.dtype)
            y = tf.tile(y, [group_size, s[1], s[2], 1])
            return tf.concat([x, y], axis=3)

    lod_in = tf.Variable(0.5, trainable=False, name='lod')

    def G(latents):
        with tf.variable_scope('G', reuse=tf.AUTO_REUSE):
            x = pixel_norm(latents)
            with tf.variable_scope('4x4/Dense'):
                x = tf.reshape(x, [-1, 1, 1, 8])
                x = tf.nn.leaky_relu(apply_bias(tf.reshape(tf.layers.flatten(x) @ get_weight([8, 4 * 4 * 8], gain=np.sqrt(2) / 4), [-1, 4, 4, 8])), 0.2)
            with tf.variable_scope('4x4/Conv'):
                x = pixel_norm(tf.nn.leaky_relu(apply_bias(conv2d(x, 8, 3)), 0.2))
            with tf.variable_scope('ToRGB_lod1'):
                rgb4 = apply_bias(conv2d(x, 3, 1))
            with tf.variable_scope('8x8/Conv0'):
                y = pixel_norm(tf.nn.leaky_relu(apply_bias(conv2d(upscale2d(x), 8, 3)), 0.2))
            with tf.variable_scope('ToRGB_lod0'):
                rgb8 = apply_bias(conv2d(y, 3, 1))
            return lerp(rgb8, upscale2d(rgb4), tf.clip_by_value(lod_in, 0.0, 1.0))

    def D(images):
        with tf.variable_scope('D', reuse=tf.AUTO_REUSE):
            with tf.variable_scope('FromRGB_lod0'):
                x = tf.nn.leaky_relu(apply_bias(conv2d(images, 8, 1)), 0.2)
            with tf.variable_scope('8x8/Conv'):
                x = downscale2d(tf.nn.leaky_relu(apply_bias(conv2d(x, 8, 3)), 0.2))
            with tf.variable_scope('FromRGB_lod1'):
                y = tf.nn.leaky_relu(apply_bias(conv2d(downscale2d(images), 8, 1)), 0.2)
            x = lerp(x, y, lod_in)
            x = minibatch_stddev_layer(x)
            with tf.variable_scope('4x4/Dense'):
                x = tf.layers.flatten(x)
                return apply_bias(tf.matmul(x, get_weight([x.shape[1].value, 1], gain=1)))

    latents = tf.constant(rng.randn(4, 8).astype(np.float32))
    reals = tf.constant(rng.rand(4, 8, 8, 3).astype(np.float32) * 2 - 1)
    fakes = G(latents)
    real_out, fake_out = D(reals), D(fakes)
    g_loss = -tf.reduce_mean(fake_out)
    d_loss = tf.reduce_mean(fake_out) - tf.reduce_mean(real_out)
    alpha = tf.random_uniform([4, 1, 1, 1], 0.0, 1.0, seed=9)
    mixed = lerp(reals, fakes, alpha)
    mixed_out = D(mixed)
    mixed_grads = tf.gradients(tf.reduce_sum(mixed_out), [mixed])[0]
    slopes = tf.sqrt(tf.reduce_sum(tf.square(mixed_grads), axis=[1, 2, 3]))
    gp = tf.reduce_mean(tf.square(slopes - 1.0))
    d_loss_total = d_loss + 10.0 * gp + 0.001 * tf.reduce_mean(tf.square(real_out))
    d_vars = tf.trainable_variables('D')
    g_vars = tf.trainable_variables('G')
    d_train = tf.train.AdamOptimizer(1e-3, 0.0, 0.99, 1e-8).minimize(d_loss_total, var_list=d_vars)
    g_train = tf.train.AdamOptimizer(1e-3, 0.0, 0.99, 1e-8).minimize(g_loss, var_list=g_vars)
    lod_step = tf.assign_sub(lod_in, 0.25)
    res = {'losses': []}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(2):
            res['losses'].append(sess.run([d_loss_total, gp, d_loss]))
            sess.run(d_train)
            res['losses'].append(sess.run([g_loss]))
            sess.run(g_train)
            sess.run(lod_step)
        res['lod'] = sess.run(lod_in)
        res['fakes'] = sess.run(fakes)[0, :3, :3, :]
    res['vars'] = [v.name for v in tf.trainable_variables()]
    res['shapes'] = [str(t.shape) for t in (fakes, real_out, mixed_grads, slopes)]
    return res

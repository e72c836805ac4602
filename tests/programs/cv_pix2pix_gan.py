"""pix2pix (affinelayer style) in one training op: the discriminator's Adam update, then, under
its control dependency, the generator's gradient through the just-updated discriminator (TF's
ref-variable kernels read the new weights); instance norm, LSGAN loss, EMA of the losses,
global step increment, dropout with an op seed."""
import numpy as np
TAGS = ['cv', 'gan']
TOLERANCE = {'*': (2e-4, 1e-5)}
EPS = 1e-12


def main(tf):
    tf.set_random_seed(9)
    rng = np.random.RandomState(9)

    def instance_norm(x):
        with tf.variable_scope('instance_norm'):
            depth = x.get_shape()[3]
            scale = tf.get_variable('scale', [depth], initializer=tf.random_normal_initializer(1.0, 0.02))
            offset = tf.get_variable('offset', [depth], initializer=tf.constant_initializer(0.0))
            mean, variance = tf.nn.moments(x, axes=[1, 2], keep_dims=True)
            return scale * (x - mean) * tf.rsqrt(variance + 1e-5) + offset

    def gen_conv(x, channels):
        return tf.layers.conv2d(x, channels, kernel_size=4, strides=(2, 2), padding="same",
                                kernel_initializer=tf.random_normal_initializer(0, 0.02))

    def gen_deconv(x, channels):
        return tf.layers.conv2d_transpose(x, channels, kernel_size=4, strides=(2, 2), padding="same",
                                          kernel_initializer=tf.random_normal_initializer(0, 0.02))

    def batchnorm(x):
        return tf.layers.batch_normalization(x, axis=3, epsilon=1e-5, momentum=0.1, training=True,
                                             gamma_initializer=tf.random_normal_initializer(1.0, 0.02))

    def lrelu(x, a):
        with tf.name_scope("lrelu"):
            x = tf.identity(x)
            return (0.5 * (1 + a)) * x + (0.5 * (1 - a)) * tf.abs(x)

    def create_generator(inputs):
        with tf.variable_scope("encoder_1"):
            e1 = gen_conv(inputs, 4)
        with tf.variable_scope("encoder_2"):
            e2 = batchnorm(gen_conv(lrelu(e1, 0.2), 8))
        with tf.variable_scope("decoder_2"):
            d2 = tf.nn.dropout(batchnorm(gen_deconv(tf.nn.relu(e2), 4)), keep_prob=0.5, seed=3)
        with tf.variable_scope("decoder_1"):
            return tf.tanh(gen_deconv(tf.nn.relu(tf.concat([d2, e1], axis=3)), 3))

    def create_discriminator(discrim_inputs, discrim_targets):
        x = tf.concat([discrim_inputs, discrim_targets], axis=3)
        with tf.variable_scope("layer_1"):
            h = lrelu(gen_conv(x, 4), 0.2)
        with tf.variable_scope("layer_2"):
            padded = tf.pad(h, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="CONSTANT")
            h = lrelu(instance_norm(tf.layers.conv2d(padded, 8, 4, 1, 'valid')), 0.2)
        with tf.variable_scope("layer_3"):
            return tf.sigmoid(tf.layers.conv2d(h, 1, 3, padding='valid'))

    inputs = tf.placeholder(tf.float32, [2, 8, 8, 3])
    targets = tf.placeholder(tf.float32, [2, 8, 8, 3])
    with tf.variable_scope("generator"):
        outputs = create_generator(inputs)
    with tf.name_scope("real_discriminator"):
        with tf.variable_scope("discriminator"):
            predict_real = create_discriminator(inputs, targets)
    with tf.name_scope("fake_discriminator"):
        with tf.variable_scope("discriminator", reuse=True):
            predict_fake = create_discriminator(inputs, outputs)
    discrim_loss = tf.reduce_mean(-(tf.log(predict_real + EPS) + tf.log(1 - predict_fake + EPS)))
    gen_loss_gan = tf.reduce_mean(-tf.log(predict_fake + EPS))
    gen_loss_l1 = tf.reduce_mean(tf.abs(targets - outputs))
    gen_loss = gen_loss_gan + gen_loss_l1 * 100.0
    lsgan = tf.reduce_mean(tf.squared_difference(predict_fake, 1)) + \
        tf.losses.mean_squared_error(tf.zeros_like(predict_real), predict_real)
    discrim_tvars = [v for v in tf.trainable_variables() if v.name.startswith("discriminator")]
    gen_tvars = [v for v in tf.trainable_variables() if v.name.startswith("generator")]
    with tf.name_scope("discriminator_train"):
        discrim_optim = tf.train.AdamOptimizer(0.0002, 0.5)
        discrim_train = discrim_optim.apply_gradients(
            discrim_optim.compute_gradients(discrim_loss, var_list=discrim_tvars))
    with tf.name_scope("generator_train"):
        with tf.control_dependencies([discrim_train]):
            gen_optim = tf.train.AdamOptimizer(0.0002, 0.5)
            gen_train = gen_optim.apply_gradients(gen_optim.compute_gradients(gen_loss, var_list=gen_tvars))
    ema = tf.train.ExponentialMovingAverage(decay=0.99)
    update_losses = ema.apply([discrim_loss, gen_loss_gan, gen_loss_l1])
    global_step = tf.train.get_or_create_global_step()
    train = tf.group(update_losses, tf.assign(global_step, global_step + 1), gen_train)
    out = {'names': [predict_fake.name, ema.average_name(gen_loss_l1), ema.average(discrim_loss).op.name,
                     str(predict_real.get_shape())] + [v.name for v in gen_tvars]}
    a = rng.uniform(-1, 1, (2, 8, 8, 3)).astype(np.float32)
    b = np.tanh(a * 2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(3):
            out['step%d' % i] = sess.run([ema.average(discrim_loss), ema.average(gen_loss_gan),
                                          gen_loss_l1, lsgan, train], {inputs: a, targets: b})[:4]
        out['gstep'] = sess.run(global_step)
        out['gen_kernel'] = sess.run('generator/decoder_1/conv2d_transpose/kernel:0')[0, 0]
        out['disc_kernel'] = sess.run('discriminator/layer_3/conv2d/kernel:0')[:, :, 0, 0]
    return out

"""CycleGAN (xhujoy/vanhuyz): instance norm by hand, reflect padding, resnet blocks, LSGAN,
image pool in numpy, linear LR decay with polynomial_decay."""
import copy
import numpy as np
TAGS = ['cv', 'gan', 'train']
TOLERANCE = {'*': (3e-4, 3e-5)}


def main(tf):
    tf.set_random_seed(11)
    rng = np.random.RandomState(11)

    def instance_norm(input, name="instance_norm"):
        with tf.variable_scope(name):
            depth = input.get_shape()[3]
            scale = tf.get_variable("scale", [depth], initializer=tf.random_normal_initializer(1.0, 0.02, dtype=tf.float32, seed=1))
            offset = tf.get_variable("offset", [depth], initializer=tf.constant_initializer(0.0))
            mean, variance = tf.nn.moments(input, axes=[1, 2], keep_dims=True)
            epsilon = 1e-5
            inv = tf.rsqrt(variance + epsilon)
            normalized = (input - mean) * inv
            return scale * normalized + offset

    def conv2d(x, od, ks=4, s=2, padding='SAME', name="conv2d"):
        with tf.variable_scope(name):
            w = tf.get_variable('w', [ks, ks, x.get_shape()[-1], od],
                                initializer=tf.truncated_normal_initializer(stddev=0.02, seed=2))
            return tf.nn.conv2d(x, w, [1, s, s, 1], padding=padding)

    def deconv2d(x, od, ks=3, s=2, name="deconv2d"):
        with tf.variable_scope(name):
            n, h, w_, c = x.get_shape().as_list()
            w = tf.get_variable('w', [ks, ks, od, c], initializer=tf.random_normal_initializer(stddev=0.02, seed=3))
            b = tf.get_variable('biases', [od], initializer=tf.constant_initializer(0.0))
            y = tf.nn.conv2d_transpose(x, w, output_shape=[n, h * s, w_ * s, od], strides=[1, s, s, 1])
            return tf.nn.bias_add(y, b)

    def lrelu(x, leak=0.2, name="lrelu"):
        return tf.maximum(x, leak * x, name=name)

    def generator_resnet(image, reuse=False, name="generator"):
        with tf.variable_scope(name):
            if reuse:
                tf.get_variable_scope().reuse_variables()
            else:
                assert tf.get_variable_scope().reuse is False

            def residule_block(x, dim, ks=3, s=1, name='res'):
                p = int((ks - 1) / 2)
                y = tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]], "REFLECT")
                y = instance_norm(conv2d(y, dim, ks, s, padding='VALID', name=name + '_c1'), name + '_bn1')
                y = tf.pad(tf.nn.relu(y), [[0, 0], [p, p], [p, p], [0, 0]], "REFLECT")
                y = instance_norm(conv2d(y, dim, ks, s, padding='VALID', name=name + '_c2'), name + '_bn2')
                return y + x

            c0 = tf.pad(image, [[0, 0], [3, 3], [3, 3], [0, 0]], "REFLECT")
            c1 = tf.nn.relu(instance_norm(conv2d(c0, 4, 7, 1, padding='VALID', name='g_e1_c'), 'g_e1_bn'))
            c2 = tf.nn.relu(instance_norm(conv2d(c1, 8, 3, 2, name='g_e2_c'), 'g_e2_bn'))
            r1 = residule_block(c2, 8, name='g_r1')
            r2 = residule_block(r1, 8, name='g_r2')
            d1 = tf.nn.relu(instance_norm(deconv2d(r2, 4, 3, 2, name='g_d1_dc'), 'g_d1_bn'))
            d1 = tf.pad(d1, [[0, 0], [3, 3], [3, 3], [0, 0]], "REFLECT")
            return tf.nn.tanh(conv2d(d1, 3, 7, 1, padding='VALID', name='g_pred_c'))

    def discriminator(image, reuse=False, name="discriminator"):
        with tf.variable_scope(name, reuse=reuse):
            h0 = lrelu(conv2d(image, 4, name='d_h0_conv'))
            h1 = lrelu(instance_norm(conv2d(h0, 8, name='d_h1_conv'), 'd_bn1'))
            return conv2d(h1, 1, s=1, name='d_h3_pred')

    def mae_criterion(in_, target):
        return tf.reduce_mean((in_ - target) ** 2)

    def abs_criterion(in_, target):
        return tf.reduce_mean(tf.abs(in_ - target))

    class ImagePool(object):
        def __init__(self, maxsize=2):
            self.maxsize, self.num_img, self.images = maxsize, 0, []

        def __call__(self, image):
            if self.num_img < self.maxsize:
                self.images.append(image)
                self.num_img += 1
                return image
            if rng.rand() > 0.5:
                idx = int(rng.rand() * self.maxsize)
                tmp1 = copy.copy(self.images[idx])[0]
                self.images[idx][0] = image[0]
                idx = int(rng.rand() * self.maxsize)
                tmp2 = copy.copy(self.images[idx])[1]
                self.images[idx][1] = image[1]
                return [tmp1, tmp2]
            return image

    real_data = tf.placeholder(tf.float32, [1, 16, 16, 6], name='real_A_and_B_images')
    real_A, real_B = real_data[:, :, :, :3], real_data[:, :, :, 3:6]
    fake_B = generator_resnet(real_A, False, name="generatorA2B")
    fake_A_ = generator_resnet(fake_B, False, name="generatorB2A")
    fake_A = generator_resnet(real_B, True, name="generatorB2A")
    fake_B_ = generator_resnet(fake_A, True, name="generatorA2B")
    DB_fake = discriminator(fake_B, reuse=False, name="discriminatorB")
    DA_fake = discriminator(fake_A, reuse=False, name="discriminatorA")
    g_loss = mae_criterion(DA_fake, tf.ones_like(DA_fake)) + mae_criterion(DB_fake, tf.ones_like(DB_fake)) \
        + 10.0 * abs_criterion(real_A, fake_A_) + 10.0 * abs_criterion(real_B, fake_B_)
    fake_A_sample = tf.placeholder(tf.float32, [1, 16, 16, 3], name='fake_A_sample')
    fake_B_sample = tf.placeholder(tf.float32, [1, 16, 16, 3], name='fake_B_sample')
    DB_real = discriminator(real_B, reuse=True, name="discriminatorB")
    DA_real = discriminator(real_A, reuse=True, name="discriminatorA")
    DB_fake_sample = discriminator(fake_B_sample, reuse=True, name="discriminatorB")
    DA_fake_sample = discriminator(fake_A_sample, reuse=True, name="discriminatorA")
    db_loss = (mae_criterion(DB_real, tf.ones_like(DB_real)) + mae_criterion(DB_fake_sample, tf.zeros_like(DB_fake_sample))) / 2
    da_loss = (mae_criterion(DA_real, tf.ones_like(DA_real)) + mae_criterion(DA_fake_sample, tf.zeros_like(DA_fake_sample))) / 2
    d_loss = da_loss + db_loss
    t_vars = tf.trainable_variables()
    d_vars = [var for var in t_vars if 'discriminator' in var.name]
    g_vars = [var for var in t_vars if 'generator' in var.name]
    global_step = tf.Variable(0, trainable=False, name='global_step')
    lr = tf.train.polynomial_decay(2e-3, global_step, 4, 0.0, power=1.0)
    d_optim = tf.train.AdamOptimizer(lr, beta1=0.5).minimize(d_loss, var_list=d_vars)
    g_optim = tf.train.AdamOptimizer(lr, beta1=0.5).minimize(g_loss, var_list=g_vars, global_step=global_step)
    pool = ImagePool(1)
    res = {'losses': [], 'lr': []}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            batch = rng.rand(1, 16, 16, 6).astype(np.float32) * 2 - 1
            fA, fB, _, gl = sess.run([fake_A, fake_B, g_optim, g_loss], {real_data: batch})
            fA, fB = pool([fA, fB])
            _, dl = sess.run([d_optim, d_loss], {real_data: batch, fake_A_sample: fA, fake_B_sample: fB})
            res['losses'].append([gl, dl])
            res['lr'].append(sess.run(lr))
        res['sample'] = sess.run(fake_B, {real_data: batch})[0, :4, :4, 0]
    res['n_vars'] = [len(d_vars), len(g_vars), len(tf.global_variables())]
    res['names'] = [v.name for v in g_vars[:8]]
    res['shapes'] = [str(fake_B.shape), str(DB_fake.shape), str(lr.shape)]
    return res

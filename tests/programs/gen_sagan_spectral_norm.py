"""SAGAN / SN-GAN (taki0112, brain-research/self-attention-gan): spectral norm by power
iteration with tf.assign of u under control_dependencies, self-attention block (hw_flatten,
softmax over positions, gamma), hinge loss, TTUR Adam."""
import numpy as np
TAGS = ['cv', 'gan', 'train', 'variables']
TOLERANCE = {'*': (3e-4, 3e-5)}


def main(tf):
    tf.set_random_seed(5)
    rng = np.random.RandomState(5)
    weight_init = tf.truncated_normal_initializer(mean=0.0, stddev=0.02, seed=3)

    def l2_norm(v, eps=1e-12):
        return v / (tf.reduce_sum(v ** 2) ** 0.5 + eps)

    def spectral_norm(w, iteration=1):
        w_shape = w.shape.as_list()
        w = tf.reshape(w, [-1, w_shape[-1]])
        u = tf.get_variable("u", [1, w_shape[-1]], initializer=tf.random_normal_initializer(seed=7), trainable=False)
        u_hat = u
        v_hat = None
        for i in range(iteration):
            v_ = tf.matmul(u_hat, tf.transpose(w))
            v_hat = tf.nn.l2_normalize(v_)
            u_ = tf.matmul(v_hat, w)
            u_hat = tf.nn.l2_normalize(u_)
        u_hat = tf.stop_gradient(u_hat)
        v_hat = tf.stop_gradient(v_hat)
        sigma = tf.matmul(tf.matmul(v_hat, w), tf.transpose(u_hat))
        with tf.control_dependencies([u.assign(u_hat)]):
            w_norm = w / sigma
            w_norm = tf.reshape(w_norm, w_shape)
        return w_norm

    def conv(x, channels, kernel=4, stride=2, pad=0, sn=True, scope='conv_0'):
        with tf.variable_scope(scope):
            if pad > 0:
                x = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]], mode='REFLECT')
            w = tf.get_variable("kernel", shape=[kernel, kernel, x.get_shape()[-1], channels], initializer=weight_init)
            bias = tf.get_variable("bias", [channels], initializer=tf.constant_initializer(0.0))
            if sn:
                w = spectral_norm(w)
            x = tf.nn.conv2d(input=x, filter=w, strides=[1, stride, stride, 1], padding='VALID')
            return tf.nn.bias_add(x, bias)

    def hw_flatten(x):
        return tf.reshape(x, shape=[x.shape[0], -1, x.shape[-1]])

    def attention(x, ch, scope='attention'):
        with tf.variable_scope(scope):
            f = conv(x, ch // 8, kernel=1, stride=1, scope='f_conv')
            g = conv(x, ch // 8, kernel=1, stride=1, scope='g_conv')
            h = conv(x, ch, kernel=1, stride=1, scope='h_conv')
            s = tf.matmul(hw_flatten(g), hw_flatten(f), transpose_b=True)
            beta = tf.nn.softmax(s)
            o = tf.matmul(beta, hw_flatten(h))
            gamma = tf.get_variable("gamma", [1], initializer=tf.constant_initializer(0.0))
            o = tf.reshape(o, shape=x.shape)
            return gamma * o + x, beta

    def discriminator(x):
        with tf.variable_scope("discriminator"):
            x = tf.nn.leaky_relu(conv(x, 16, kernel=4, stride=2, pad=1, scope='conv'), 0.2)
            x, beta = attention(x, 16)
            x = tf.nn.leaky_relu(conv(x, 16, kernel=4, stride=2, pad=1, scope='conv_1'), 0.2)
            x = tf.layers.flatten(x)
            w = tf.get_variable('fc_w', [x.shape[-1], 1], initializer=weight_init)
            return tf.matmul(x, spectral_norm_scope(w)), beta

    def spectral_norm_scope(w):
        with tf.variable_scope('fc_sn'):
            return spectral_norm(w)

    def generator(z):
        with tf.variable_scope("generator"):
            x = tf.layers.dense(z, 4 * 4 * 16, kernel_initializer=weight_init, name='fc')
            x = tf.reshape(x, [-1, 4, 4, 16])
            x = tf.layers.batch_normalization(x, training=True, momentum=0.9, epsilon=1e-5)
            x = tf.nn.relu(x)
            x = tf.image.resize_nearest_neighbor(x, [8, 8])
            x = tf.layers.conv2d(x, 8, 3, padding='same', kernel_initializer=weight_init)
            x = tf.image.resize_nearest_neighbor(tf.nn.relu(x), [16, 16])
            return tf.tanh(tf.layers.conv2d(x, 3, 3, padding='same', kernel_initializer=weight_init, name='out'))

    z = tf.constant(rng.randn(4, 8).astype(np.float32))
    real = tf.constant(rng.rand(4, 16, 16, 3).astype(np.float32) * 2 - 1)
    fake = generator(z)
    # one discriminator call over real and fake: one power-iteration update of each u a step
    logits, beta = discriminator(tf.concat([real, fake], axis=0))
    real_logit, fake_logit = tf.split(logits, 2, axis=0)
    d_loss = tf.reduce_mean(tf.nn.relu(1.0 - real_logit)) + tf.reduce_mean(tf.nn.relu(1.0 + fake_logit))
    g_loss = -tf.reduce_mean(fake_logit)
    t_vars = tf.trainable_variables()
    d_vars = [var for var in t_vars if 'discriminator' in var.name]
    g_vars = [var for var in t_vars if 'generator' in var.name]
    d_optim = tf.train.AdamOptimizer(4e-4, beta1=0.0, beta2=0.9).minimize(d_loss, var_list=d_vars)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        g_optim = tf.train.AdamOptimizer(1e-4, beta1=0.0, beta2=0.9).minimize(g_loss, var_list=g_vars)
    u_vars = [v for v in tf.global_variables() if v.name.endswith('/u:0')]
    res = {'d': [], 'g': []}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            res['d'].append(sess.run([d_loss, d_optim])[0])
            res['g'].append(sess.run([g_loss, g_optim])[0])
        res['u0'] = sess.run(u_vars[0])
        res['beta_row'] = sess.run(beta)[0, 0, :6]
        res['gamma'] = sess.run([v for v in d_vars if 'gamma' in v.name][0])
        res['fake_px'] = sess.run(fake)[0, :2, :2, 0]
    res['u_names'] = [v.name for v in u_vars]
    res['shapes'] = [str(beta.shape), str(real_logit.shape), str(fake.shape)]
    res['n'] = [len(d_vars), len(g_vars), len(tf.global_variables())]
    return res

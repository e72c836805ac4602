"""PixelCNN / PixelCNN++ pieces (openai/pixel-cnn style): masked convolutions, gated activations,
down/right shifts, discretized logistic mixture likelihood with log_sum_exp, softplus and sampling
with gumbel argmax."""
import numpy as np
TAGS = ['nn', 'random', 'train']
TOLERANCE = {'*': (1e-4, 1e-5), 'g_last': (1e-3, 2e-4), 'samp': (1e-3, 1e-4)}


def int_shape(x):
    return list(map(int, x.get_shape()))


def log_sum_exp(tf, x):
    axis = len(x.get_shape()) - 1
    m = tf.reduce_max(x, axis)
    m2 = tf.reduce_max(x, axis, keep_dims=True)
    return m + tf.log(tf.reduce_sum(tf.exp(x - m2), axis))


def log_prob_from_logits(tf, x):
    axis = len(x.get_shape()) - 1
    m = tf.reduce_max(x, axis, keep_dims=True)
    return x - m - tf.log(tf.reduce_sum(tf.exp(x - m), axis, keep_dims=True))


def discretized_mix_logistic_loss(tf, x, l, sum_all=True):
    xs = int_shape(x)
    ls = int_shape(l)
    nr_mix = int(ls[-1] / 10)
    logit_probs = l[:, :, :, :nr_mix]
    l = tf.reshape(l[:, :, :, nr_mix:], xs + [nr_mix * 3])
    means = l[:, :, :, :, :nr_mix]
    log_scales = tf.maximum(l[:, :, :, :, nr_mix:2 * nr_mix], -7.)
    coeffs = tf.nn.tanh(l[:, :, :, :, 2 * nr_mix:3 * nr_mix])
    x = tf.reshape(x, xs + [1]) + tf.zeros(xs + [nr_mix])
    m2 = tf.reshape(means[:, :, :, 1, :] + coeffs[:, :, :, 0, :] * x[:, :, :, 0, :],
                    [xs[0], xs[1], xs[2], 1, nr_mix])
    m3 = tf.reshape(means[:, :, :, 2, :] + coeffs[:, :, :, 1, :] * x[:, :, :, 0, :] +
                    coeffs[:, :, :, 2, :] * x[:, :, :, 1, :], [xs[0], xs[1], xs[2], 1, nr_mix])
    means = tf.concat([tf.reshape(means[:, :, :, 0, :], [xs[0], xs[1], xs[2], 1, nr_mix]),
                       m2, m3], 3)
    centered_x = x - means
    inv_stdv = tf.exp(-log_scales)
    plus_in = inv_stdv * (centered_x + 1. / 255.)
    cdf_plus = tf.nn.sigmoid(plus_in)
    min_in = inv_stdv * (centered_x - 1. / 255.)
    cdf_min = tf.nn.sigmoid(min_in)
    log_cdf_plus = plus_in - tf.nn.softplus(plus_in)
    log_one_minus_cdf_min = -tf.nn.softplus(min_in)
    cdf_delta = cdf_plus - cdf_min
    mid_in = inv_stdv * centered_x
    log_pdf_mid = mid_in - log_scales - 2. * tf.nn.softplus(mid_in)
    log_probs = tf.where(x < -0.999, log_cdf_plus, tf.where(
        x > 0.999, log_one_minus_cdf_min, tf.where(
            cdf_delta > 1e-5, tf.log(tf.maximum(cdf_delta, 1e-12)),
            log_pdf_mid - np.log(127.5))))
    log_probs = tf.reduce_sum(log_probs, 3) + log_prob_from_logits(tf, logit_probs)
    if sum_all:
        return -tf.reduce_sum(log_sum_exp(tf, log_probs))
    return -tf.reduce_sum(log_sum_exp(tf, log_probs), [1, 2])


def sample_from_discretized_mix_logistic(tf, l, nr_mix):
    ls = int_shape(l)
    xs = ls[:-1] + [3]
    logit_probs = l[:, :, :, :nr_mix]
    l = tf.reshape(l[:, :, :, nr_mix:], xs + [nr_mix * 3])
    sel = tf.one_hot(tf.argmax(logit_probs - tf.log(-tf.log(tf.random_uniform(
        logit_probs.get_shape(), minval=1e-5, maxval=1. - 1e-5, seed=5))), 3),
        depth=nr_mix, dtype=tf.float32)
    sel = tf.reshape(sel, xs[:-1] + [1, nr_mix])
    means = tf.reduce_sum(l[:, :, :, :, :nr_mix] * sel, 4)
    log_scales = tf.maximum(tf.reduce_sum(l[:, :, :, :, nr_mix:2 * nr_mix] * sel, 4), -7.)
    coeffs = tf.reduce_sum(tf.nn.tanh(l[:, :, :, :, 2 * nr_mix:3 * nr_mix]) * sel, 4)
    u = tf.random_uniform(means.get_shape(), minval=1e-5, maxval=1. - 1e-5, seed=6)
    x = means + tf.exp(log_scales) * (tf.log(u) - tf.log(1. - u))
    x0 = tf.minimum(tf.maximum(x[:, :, :, 0], -1.), 1.)
    x1 = tf.minimum(tf.maximum(x[:, :, :, 1] + coeffs[:, :, :, 0] * x0, -1.), 1.)
    x2 = tf.minimum(tf.maximum(x[:, :, :, 2] + coeffs[:, :, :, 1] * x0 +
                               coeffs[:, :, :, 2] * x1, -1.), 1.)
    return tf.concat([tf.reshape(x0, xs[:-1] + [1]), tf.reshape(x1, xs[:-1] + [1]),
                      tf.reshape(x2, xs[:-1] + [1])], 3)


def masked_conv(tf, name, x, out_ch, k, mask_type):
    in_ch = int(x.get_shape()[-1])
    mask = np.ones((k, k, in_ch, out_ch), np.float32)
    mask[k // 2, k // 2 + (mask_type == 'B'):, :, :] = 0.
    mask[k // 2 + 1:, :, :, :] = 0.
    with tf.variable_scope(name):
        w = tf.get_variable("W", [k, k, in_ch, out_ch],
                            initializer=tf.contrib.layers.xavier_initializer(seed=2)
                            if getattr(tf, 'contrib', None) else
                            tf.glorot_uniform_initializer(seed=2))
        b = tf.get_variable("b", [out_ch], initializer=tf.constant_initializer(0.1))
        return tf.nn.bias_add(tf.nn.conv2d(x, w * tf.constant(mask), [1, 1, 1, 1], 'SAME'), b)


def gated(tf, x):
    a, b = tf.split(x, 2, axis=3)
    return tf.tanh(a) * tf.sigmoid(b)


def down_shift(tf, x):
    xs = int_shape(x)
    return tf.concat([tf.zeros([xs[0], 1, xs[2], xs[3]]), x[:, :xs[1] - 1, :, :]], 1)


def right_shift(tf, x):
    xs = int_shape(x)
    return tf.concat([tf.zeros([xs[0], xs[1], 1, xs[3]]), x[:, :, :xs[2] - 1, :]], 2)


def main(tf):
    out = {}
    tf.set_random_seed(3)
    rng = np.random.RandomState(3)
    x_np = (rng.randint(0, 256, (2, 6, 6, 3)) / 127.5 - 1.).astype(np.float32)
    x = tf.placeholder(tf.float32, [2, 6, 6, 3])
    h = gated(tf, masked_conv(tf, "conv_a", x, 16, 5, 'A'))
    h = h + gated(tf, masked_conv(tf, "conv_b", h, 16, 3, 'B'))
    h = down_shift(tf, h) + right_shift(tf, h)
    nr_mix = 2
    l = tf.layers.conv2d(tf.nn.elu(h), 10 * nr_mix, 1, name="nin",
                         kernel_initializer=tf.random_normal_initializer(0, 0.05, seed=9))
    loss = discretized_mix_logistic_loss(tf, x, l)
    bpd = loss / (np.log(2.) * 2 * 6 * 6 * 3)
    per = discretized_mix_logistic_loss(tf, x, l, sum_all=False)
    samp = sample_from_discretized_mix_logistic(tf, l, nr_mix)
    out['l_shape'] = str(l.shape)
    out['per_shape'] = str(per.shape)
    out['samp_shape'] = str(samp.shape)
    opt = tf.train.AdamOptimizer(0.001, beta1=0.95, beta2=0.9995)
    params = tf.trainable_variables()
    grads = tf.gradients(loss, params, colocate_gradients_with_ops=True)
    with tf.control_dependencies(grads):  # TF's ref-variable reads would race the updates
        train = opt.apply_gradients(zip(grads, params))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['bpd'] = np.array([sess.run(bpd, {x: x_np}) for _ in range(4) if sess.run(train, {x: x_np}) is None])
        out['per'] = sess.run(per, {x: x_np})
        out['samp'] = sess.run(samp, {x: x_np})
        out['g_last'] = sess.run(grads[-1], {x: x_np})
    return out

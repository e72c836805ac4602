"""mixup (Zhang et al. 2017, TF1 ports) and MixMatch (google-research/mixmatch, TF1): seeded
tf.distributions.Beta sampling, max(l, 1-l), shuffled partners, temperature sharpening,
guessed labels averaged over K augmentations, interleave for batch norm."""
import numpy as np
TAGS = ['random', 'distributions', 'gradients']


def sharpen(tf, p, T):
    p = tf.pow(p, 1.0 / T)
    return p / tf.reduce_sum(p, axis=1, keep_dims=True)


def interleave_offsets(batch, nu):
    groups = [batch // (nu + 1)] * (nu + 1)
    for x in range(batch - sum(groups)):
        groups[-x - 1] += 1
    offsets = [0]
    for g in groups:
        offsets.append(offsets[-1] + g)
    assert offsets[-1] == batch
    return offsets


def interleave(tf, xy, batch):
    nu = len(xy) - 1
    offsets = interleave_offsets(batch, nu)
    xy = [[v[offsets[p]:offsets[p + 1]] for p in range(nu + 1)] for v in xy]
    for i in range(1, nu + 1):
        xy[0][i], xy[i][i] = xy[i][i], xy[0][i]
    return [tf.concat(v, axis=0) for v in xy]


def classifier(tf, x):
    with tf.variable_scope("classifier", reuse=tf.AUTO_REUSE):
        return tf.layers.dense(tf.layers.dense(x, 10, tf.nn.relu, kernel_initializer=tf.glorot_uniform_initializer(seed=1)),
                               3, kernel_initializer=tf.glorot_uniform_initializer(seed=2))


def main(tf):
    np.random.seed(51)
    tf.set_random_seed(23)
    batch, K, T, alpha = 4, 2, 0.5, 0.75
    xl = tf.constant(np.random.randn(batch, 5).astype(np.float32))
    yl = tf.one_hot(tf.constant([0, 2, 1, 2]), 3)
    xu = tf.constant(np.random.randn(batch, 5).astype(np.float32))
    augment = lambda x, s: x + tf.random_normal(tf.shape(x), stddev=0.1, seed=s)
    xu_k = [augment(xu, 100 + k) for k in range(K)]
    logits_y = [classifier(tf, v) for v in xu_k]
    p_model_y = tf.reduce_mean([tf.nn.softmax(l) for l in logits_y], axis=0)
    p_target = tf.stop_gradient(sharpen(tf, p_model_y, T))
    x_all = tf.concat([xl] + xu_k, 0)
    y_all = tf.concat([yl] + [p_target] * K, 0)
    beta = tf.distributions.Beta(alpha, alpha)
    mix = beta.sample([tf.shape(x_all)[0], 1], seed=7)
    mix = tf.maximum(mix, 1 - mix)
    idx = tf.random_shuffle(tf.range(tf.shape(x_all)[0]), seed=9)
    xmix = x_all * mix + tf.gather(x_all, idx) * (1 - mix)
    ymix = y_all * mix + tf.gather(y_all, idx) * (1 - mix)
    parts = interleave(tf, tf.split(xmix, K + 1), batch)
    logits = [classifier(tf, p) for p in parts]
    logits = interleave(tf, logits, batch)
    logits_x = logits[0]
    logits_u = tf.concat(logits[1:], 0)
    loss_xe = tf.nn.softmax_cross_entropy_with_logits_v2(labels=ymix[:batch], logits=logits_x)
    loss_xe = tf.reduce_mean(loss_xe)
    loss_l2u = tf.square(ymix[batch:] - tf.nn.softmax(logits_u))
    loss_l2u = tf.reduce_mean(loss_l2u)
    w = 75.0 * tf.clip_by_value(0.3, 0., 1.)
    total = loss_xe + w * loss_l2u
    # plain mixup with a Beta(0.2, 0.2) per-batch lambda, and a tf.distributions sanity block
    lam = tf.distributions.Beta(0.2, 0.2).sample(seed=3)
    xm = lam * xl + (1 - lam) * tf.reverse(xl, [0])
    b = tf.distributions.Beta([0.5, 2.0], [0.5, 3.0])
    res = {"mix": mix, "idx": idx, "p_target": p_target, "ymix": ymix, "loss_xe": loss_xe,
           "loss_l2u": loss_l2u, "total": total, "lam": lam, "xm": xm,
           "grads": tf.gradients(total, tf.trainable_variables()),
           "b_mean": b.mean(), "b_var": b.variance(), "b_lp": b.log_prob([0.3, 0.6]),
           "b_entropy": b.entropy(), "b_cdf": b.cdf([0.3, 0.6]), "b_samples": b.sample(3, seed=4)}
    out = {"offsets": interleave_offsets(6, 2), "mix_shape": str(mix.get_shape()),
           "b_batch": str(b.batch_shape), "b_name": beta.name, "sample_name": lam.op.name}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vals = sess.run(res)
    for k, v in vals.items():
        if isinstance(v, list):
            for i, a in enumerate(v):
                out["%s_%d" % (k, i)] = a
        else:
            out[k] = v
    return out

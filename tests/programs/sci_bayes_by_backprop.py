"""Bayes by Backprop (Blundell 2015) ports: reparameterized weights w = mu + softplus(rho)*eps,
scale-mixture prior, KL estimated by MC, tf.distributions.Normal log_prob, Adam."""
import numpy as np

TAGS = ['distributions', 'train', 'random']
TOLERANCE = {'*': (1e-4, 1e-5)}


def bayes_dense(tf, x, n_in, n_out, name, prior):
    ds = tf.distributions
    with tf.variable_scope(name):
        w_mu = tf.get_variable("w_mu", [n_in, n_out],
                               initializer=tf.random_normal_initializer(0., 0.1, seed=1))
        w_rho = tf.get_variable("w_rho", [n_in, n_out], initializer=tf.constant_initializer(-3.))
        b_mu = tf.get_variable("b_mu", [n_out], initializer=tf.zeros_initializer())
        b_rho = tf.get_variable("b_rho", [n_out], initializer=tf.constant_initializer(-3.))
        w_sigma = tf.nn.softplus(w_rho, name="w_sigma")
        b_sigma = tf.log1p(tf.exp(b_rho))
        eps_w = tf.random_normal(tf.shape(w_mu), seed=7)
        eps_b = tf.random_normal([n_out], seed=8)
        w = w_mu + w_sigma * eps_w
        b = b_mu + b_sigma * eps_b
        q_w = ds.Normal(loc=w_mu, scale=w_sigma)
        q_b = ds.Normal(b_mu, b_sigma)
        log_q = tf.reduce_sum(q_w.log_prob(w)) + tf.reduce_sum(q_b.log_prob(b))
        log_p = tf.reduce_sum(prior(w)) + tf.reduce_sum(prior(b))
        # analytic KL to a unit normal too, for comparison
        kl_an = tf.reduce_sum(ds.kl_divergence(q_w, ds.Normal(0., 1.)))
        return tf.matmul(x, w) + b, log_q - log_p, kl_an, w


def main(tf):
    out = {}
    tf.set_random_seed(3)
    rng = np.random.RandomState(3)
    ds = tf.distributions
    pi, s1, s2 = 0.5, float(np.exp(-0.0)), float(np.exp(-6.0))

    def prior(w):
        p1 = ds.Normal(0., s1).prob(w)
        p2 = ds.Normal(0., s2).prob(w)
        return tf.log(pi * p1 + (1 - pi) * p2 + 1e-30)

    X = rng.randn(32, 4).astype(np.float32)
    Y = (X[:, :1] * 1.5 - X[:, 1:2] + 0.1 * rng.randn(32, 1)).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.placeholder(tf.float32, [None, 1])
    h, kl1, kla1, w1 = bayes_dense(tf, x, 4, 8, "l1", prior)
    h = tf.nn.relu(h)
    pred, kl2, kla2, _ = bayes_dense(tf, h, 8, 1, "l2", prior)
    noise = ds.Normal(loc=pred, scale=0.5)
    nll = -tf.reduce_sum(noise.log_prob(y))
    num_batches = 4.
    kl = (kl1 + kl2) / num_batches
    loss = nll + kl
    out['static'] = [str(pred.shape), str(noise.batch_shape), w1.op.name, kl.op.type,
                     str(noise.event_shape)]
    opt = tf.train.AdamOptimizer(0.01)
    gvs = opt.compute_gradients(loss)
    out['grad_vars'] = [v.op.name for g, v in gvs if g is not None]
    train = opt.apply_gradients(gvs, global_step=tf.train.get_or_create_global_step())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        fd = {x: X, y: Y}
        out['losses'] = [sess.run([nll, kl, kla1 + kla2], fd)]
        for i in range(6):
            sess.run(train, fd)
            out['losses'].append(sess.run([nll, kl, kla1 + kla2], fd))
        out['losses'] = np.array(out['losses'])
        out['sigma'] = sess.run(tf.get_default_graph().get_tensor_by_name("l1/w_sigma:0"))[0]
        # predictive mean over samples
        preds = np.stack([sess.run(pred, {x: X[:5]}) for _ in range(10)])
        out['pred_mean'] = preds.mean(0)
        out['pred_std'] = preds.std(0)
    return out

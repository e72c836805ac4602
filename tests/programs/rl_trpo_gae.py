"""TRPO in the openai-baselines / modular_rl style (2017): flat policy gradients, Fisher-vector
products as tf.gradients of (grad(KL) . tangent) (second order through softmax and the
Categorical KL), conjugate gradient in numpy, a line search assigning flat parameters through
placeholders; generalized advantage estimation in the graph with tf.scan(reverse=True)."""
import numpy as np

TAGS = ['rl', 'gradients', 'control_flow']
TOLERANCE = {'*': (1e-4, 1e-5)}
OB, AC = 4, 3


def _flatgrad(tf, loss, var_list):
    grads = tf.gradients(loss, var_list)
    return tf.concat(axis=0, values=[tf.reshape(g if g is not None else tf.zeros_like(v),
                                                [int(np.prod(v.get_shape().as_list()))])
                                     for v, g in zip(var_list, grads)])


def _policy(tf, ob, scope):
    with tf.variable_scope(scope):
        h = tf.layers.dense(ob, 16, tf.tanh, name="h")
        return tf.layers.dense(h, AC, name="logits")


def _cg(f_ax, b, iters=10, tol=1e-10):
    p, r, x = b.copy(), b.copy(), np.zeros_like(b)
    rdotr = r.dot(r)
    for _ in range(iters):
        z = f_ax(p)
        v = rdotr / p.dot(z)
        x += v * p
        r -= v * z
        new = r.dot(r)
        p, rdotr = r + new / rdotr * p, new
        if rdotr < tol:
            break
    return x


def _gae(tf):
    rew, vpred, done = (tf.placeholder(tf.float32, [None]) for _ in range(3))
    vnext = tf.concat([vpred[1:], [0.]], 0)
    deltas = rew + 0.99 * vnext * (1 - done) - vpred
    adv = tf.scan(lambda acc, x: x[0] + 0.99 * 0.95 * (1 - x[1]) * acc, (deltas, done),
                  initializer=tf.constant(0.), reverse=True)
    return rew, vpred, done, adv


def main(tf):
    out = {}
    tf.set_random_seed(12)
    rng = np.random.RandomState(12)
    ob = tf.placeholder(tf.float32, [None, OB])
    ac = tf.placeholder(tf.int32, [None])
    atarg = tf.placeholder(tf.float32, [None])
    pi = tf.distributions.Categorical(logits=_policy(tf, ob, "pi"))
    oldpi = tf.distributions.Categorical(logits=_policy(tf, ob, "oldpi"))
    var_list = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, "pi")
    old_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, "oldpi")
    meankl = tf.reduce_mean(tf.distributions.kl_divergence(oldpi, pi))
    ent = tf.reduce_mean(pi.entropy())
    surrgain = tf.reduce_mean(tf.exp(pi.log_prob(ac) - oldpi.log_prob(ac)) * atarg)
    pg = _flatgrad(tf, surrgain, var_list)
    shapes = [v.get_shape().as_list() for v in var_list]
    tangent = tf.placeholder(tf.float32, [None])
    theta = tf.placeholder(tf.float32, [None])
    tangents, assigns, start = [], [], 0
    for shape, v in zip(shapes, var_list):
        size = int(np.prod(shape))
        tangents.append(tf.reshape(tangent[start:start + size], shape))
        assigns.append(tf.assign(v, tf.reshape(theta[start:start + size], shape)))
        start += size
    gvp = tf.add_n([tf.reduce_sum(g * t) for g, t in zip(tf.gradients(meankl, var_list),
                                                         tangents)])
    fvp = _flatgrad(tf, gvp, var_list)
    get_flat = tf.concat([tf.reshape(v, [-1]) for v in var_list], 0)
    set_from_flat = tf.group(*assigns)
    sync_old = tf.group(*[tf.assign(o, n) for o, n in zip(old_vars, var_list)])
    rew, vpred, done, adv = _gae(tf)
    out['static'] = [str(t.shape) for t in (pg, fvp, gvp, adv)] + [adv.name, gvp.name]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        t = 20
        out['gae'] = sess.run(adv, {rew: rng.rand(t), vpred: rng.rand(t),
                                    done: (np.arange(t) % 7 == 6).astype(np.float32)})
        obs, acts = rng.randn(32, OB).astype(np.float32), rng.randint(AC, size=32)
        log = []
        for _ in range(3):
            sess.run(sync_old)
            a = rng.randn(32).astype(np.float32)
            fd = {ob: obs, ac: acts, atarg: (a - a.mean()) / a.std()}
            g = sess.run(pg, fd)

            def fisher(p):
                return sess.run(fvp, dict(list(fd.items()) + [(tangent, p)])) + 0.1 * p
            step = _cg(fisher, g)
            shs = .5 * step.dot(fisher(step))
            full = step / np.sqrt(shs / 0.01)
            before, surr_before = sess.run(get_flat), sess.run(surrgain, fd)
            size = 1.0
            for _ in range(10):
                sess.run(set_from_flat, {theta: before + full * size})
                surr, kl = sess.run([surrgain, meankl], fd)
                if kl > 0.015 or surr - surr_before < 0:
                    size *= .5
                else:
                    break
            log.append([np.linalg.norm(g), shs, size, surr - surr_before, kl,
                        sess.run(ent, fd)])
        out['trpo'] = np.array(log)
        out['fvp_first'] = sess.run(fvp, dict(list(fd.items()) + [(tangent, np.ones_like(g))]))
        out['theta'] = sess.run(get_flat)
    return out

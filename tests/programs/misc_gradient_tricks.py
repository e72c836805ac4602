"""DANN / binarized-network / MAML-era gradient tricks: gradient reversal with RegisterGradient
and gradient_override_map, straight-through round and sign mapped to "Identity",
tf.custom_gradient (with and without variables), stop_gradient straight-through, a py_func with
a registered gradient, and second-order gradients through a MAML-style inner step."""
import numpy as np

TAGS = ['gradients']
TOLERANCE = {'*': (1e-4, 1e-5)}
_uid = [0]


def _flip_gradient(tf, x, scale):
    _uid[0] += 1
    name = "MiscFlipGradient%d_%d" % (_uid[0], id(tf) % 100000)

    @tf.RegisterGradient(name)
    def _flip(op, grad):
        return [tf.negative(grad) * scale]
    with tf.get_default_graph().gradient_override_map({"Identity": name}):
        return tf.identity(x)


def _py_square(tf, x):
    _uid[0] += 1
    name = "MiscPySquareGrad%d_%d" % (_uid[0], id(tf) % 100000)
    tf.RegisterGradient(name)(lambda op, grad: grad * 20.0 * op.inputs[0])
    with tf.get_default_graph().gradient_override_map({"PyFunc": name}):
        return tf.py_func(lambda v: np.square(v).astype(np.float32), [x], [tf.float32])[0]


def main(tf):
    out = {}
    tf.set_random_seed(6)
    rng = np.random.RandomState(6)
    x = tf.placeholder(tf.float32, [None, 3])
    feat = tf.layers.dense(x, 4, name='feat')
    dom = tf.layers.dense(_flip_gradient(tf, feat, 0.5), 1, name='dom')
    lbl = tf.layers.dense(feat, 1, name='lbl')
    loss = tf.reduce_mean(tf.square(dom)) + tf.reduce_mean(tf.square(lbl))
    grads = tf.gradients(loss, tf.trainable_variables())
    a = tf.constant([-1.4, -0.2, 0.6, 2.5])
    g = tf.get_default_graph()
    with g.gradient_override_map({"Round": "Identity"}):
        r = tf.round(a * 2.0)
    with tf.name_scope("Binarized"), g.gradient_override_map({"Sign": "Identity"}):
        s = tf.sign(a)

    @tf.custom_gradient
    def log1pexp(v):
        e = tf.exp(v)
        return tf.log(1 + e), lambda dy: dy * (1 - 1 / (1 + e))
    w = tf.get_variable('cg_w', [2], initializer=tf.ones_initializer())

    @tf.custom_gradient
    def scaled(v):
        def grad(dy, variables=None):
            return dy * 2.0, [dy * 10.0 * v]
        return v * w, grad
    sv = scaled(tf.constant([1.0, 2.0]))
    q = a + tf.stop_gradient(tf.floor(a) - a)
    # MAML: one inner step, the outer gradient through it (second order)
    theta = tf.Variable([0.5, -1.0], name='theta')
    inner = tf.reduce_sum(tf.square(theta * 2.0 - 1.0))
    fast = theta - 0.1 * tf.gradients(inner, theta)[0]
    outer = tf.reduce_sum(tf.square(fast * 3.0 + 1.0))
    fetch = {'grads': grads, 'r': r, 'gr': tf.gradients(tf.reduce_sum(r * a), a)[0],
             'gs': tf.gradients(tf.reduce_sum(s * s), a)[0]}
    lp_in = tf.constant([0., 10., -3.])
    fetch['glp'] = tf.gradients(log1pexp(lp_in), lp_in)[0]
    fetch['gsv'] = tf.gradients(tf.reduce_sum(sv), [w])[0]
    fetch['gq'] = tf.gradients(tf.reduce_sum(q * 2.0), a)[0]
    fetch['outer_grad'] = tf.gradients(outer, theta)[0]
    fast_fo = theta - 0.1 * tf.stop_gradient(tf.gradients(inner, theta)[0])   # first-order MAML
    fetch['first_order'] = tf.gradients(tf.reduce_sum(tf.square(fast_fo * 3.0 + 1.0)), theta)[0]
    sq_in = tf.constant([1.0, 2.0])
    sq2 = _py_square(tf, sq_in)
    sq2.set_shape([2])
    fetch['gsq'] = tf.gradients(sq2, sq_in)[0]
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    X = rng.randn(5, 3).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out.update(sess.run(fetch, {x: X}))
        out['losses'] = [sess.run([train, loss], {x: X})[1] for _ in range(3)]
    out['names'] = [r.op.type, s.op.name] + [v.name for v in tf.trainable_variables()]
    return out

"""Glow / flow++ actnorm whose data-dependent init runs through tf.cond on an `initialized`
variable (assigns inside the true branch, read back after), LU-parameterised invertible 1x1 conv
(P, L, U, sign(s), log|s| variables; tf.matrix_band_part, tf.matrix_diag, tf.linalg.LinearOperator
log-determinants), split2d with a learned Gaussian prior, reverse pass and reconstruction error."""
import numpy as np
TAGS = ['control_flow', 'linalg', 'train', 'variables']
TOLERANCE = {'*': (1e-4, 1e-5)}


def actnorm(tf, name, x, reverse=False):
    with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
        c = x.get_shape().as_list()[-1]
        initialized = tf.get_variable("initialized", dtype=tf.bool, initializer=False,
                                      trainable=False)
        b = tf.get_variable("b", [1, 1, 1, c], initializer=tf.zeros_initializer())
        logs = tf.get_variable("logs", [1, 1, 1, c], initializer=tf.zeros_initializer())

        def data_init():
            mean, var = tf.nn.moments(x, [0, 1, 2], keep_dims=True)
            with tf.control_dependencies([tf.assign(b, -mean),
                                          tf.assign(logs, -0.5 * tf.log(var + 1e-6))]):
                return tf.assign(initialized, True)
        done = tf.cond(initialized, lambda: tf.constant(True), data_init)
        with tf.control_dependencies([done]):
            if not reverse:
                y = (x + b) * tf.exp(logs)
            else:
                y = x * tf.exp(-logs) - b
            hw = float(np.prod(x.get_shape().as_list()[1:3]))
            return y, tf.reduce_sum(logs) * hw * (-1. if reverse else 1.)


def invconv_lu(tf, name, z, reverse=False):
    c = z.get_shape().as_list()[-1]
    rng = np.random.RandomState(3)
    w_init = np.linalg.qr(rng.randn(c, c))[0].astype(np.float32)
    # LU with partial pivoting in numpy (scipy.linalg.lu equivalent)
    a = w_init.copy(); n = c; P = np.eye(n, dtype=np.float32); L = np.eye(n, dtype=np.float32)
    for k in range(n - 1):
        p = k + np.argmax(np.abs(a[k:, k]))
        a[[k, p]] = a[[p, k]]; P[[k, p]] = P[[p, k]]; L[[k, p], :k] = L[[p, k], :k]
        for i in range(k + 1, n):
            L[i, k] = a[i, k] / a[k, k]; a[i] -= L[i, k] * a[k]
    np_p, np_l, np_u = P.T, L, np.triu(a)
    np_s = np.diag(np_u)
    with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
        p = tf.get_variable("P", initializer=np_p, trainable=False)
        l = tf.get_variable("L", initializer=np_l)
        sign_s = tf.get_variable("sign_S", initializer=np.sign(np_s), trainable=False)
        log_s = tf.get_variable("log_S", initializer=np.log(np.abs(np_s)))
        u = tf.get_variable("U", initializer=np.triu(np_u, k=1))
        l_mask = np.tril(np.ones([c, c], dtype=np.float32), -1)
        l = l * l_mask + tf.eye(c, dtype=tf.float32)
        u = u * np.transpose(l_mask) + tf.matrix_diag(sign_s * tf.exp(log_s))
        w = tf.matmul(p, tf.matmul(l, u))
        hw = float(np.prod(z.get_shape().as_list()[1:3]))
        dlogdet = tf.reduce_sum(log_s) * hw
        if reverse:
            w = tf.matrix_inverse(w)
            dlogdet = -dlogdet
        z = tf.nn.conv2d(z, tf.reshape(w, [1, 1, c, c]), [1, 1, 1, 1], 'SAME')
        op = tf.linalg.LinearOperatorLowerTriangular(l)
        return z, dlogdet, op.log_abs_determinant(), w


def main(tf):
    out = {}
    tf.set_random_seed(71)
    rng = np.random.RandomState(71)
    x = tf.placeholder(tf.float32, [3, 4, 4, 4])
    z, ld1 = actnorm(tf, "actnorm", x)
    z, ld2, l_logdet, w = invconv_lu(tf, "invconv", z)
    z1, z2 = tf.split(z, 2, axis=-1)
    h = tf.layers.conv2d(z1, 4, 3, padding='same', name='prior',
                         kernel_initializer=tf.zeros_initializer())
    mean, logsd = h[:, :, :, 0::2], h[:, :, :, 1::2]
    logp = -0.5 * (np.log(2 * np.pi) + 2. * logsd + (z2 - mean) ** 2 / tf.exp(2. * logsd))
    obj = tf.reduce_sum(logp, [1, 2, 3]) + ld1 + ld2
    loss = -tf.reduce_mean(obj) / (64 * np.log(2.))
    r, _, _, _ = invconv_lu(tf, "invconv", z, reverse=True)
    r, _ = actnorm(tf, "actnorm", r, reverse=True)
    recon_err = tf.reduce_max(tf.abs(r - x))
    out['vars'] = sorted(v.name for v in tf.global_variables())
    out['trainable'] = sorted(v.name for v in tf.trainable_variables())
    train = tf.train.AdamOptimizer(1e-2).minimize(loss, gate_gradients=tf.train.Optimizer.GATE_GRAPH)
    x_np = rng.randn(3, 4, 4, 4).astype(np.float32) * 2 + 1
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['first'] = sess.run([loss, ld1], {x: x_np})
        out['b'] = sess.run(tf.global_variables("actnorm/b")[0])
        out['init_flag'] = bool(sess.run(tf.global_variables("actnorm/initialized")[0]))
        tr = []
        for i in range(4):
            sess.run(train, {x: x_np})
            tr.append(sess.run([loss, recon_err, l_logdet], {x: x_np}))
        out['trace'] = np.array(tr)
        out['w'] = sess.run(w)
    return out

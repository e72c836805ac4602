"""Soft-DTW / DTW with nested tf.while_loop over a TensorArray of rows (mblondel soft-dtw ports,
2017-2018), gradient of the soft-DTW value w.r.t. the inputs, hard DTW with back_prop=False."""
import numpy as np
TAGS = ['control_flow', 'gradients', 'train']
TOLERANCE = {'*': (1e-5, 1e-5)}


def softmin(a, b, c, gamma, tf):
    z = tf.stack([a, b, c]) / -gamma
    return -gamma * tf.reduce_logsumexp(z)


def dtw(tf, D, gamma, hard=False, back_prop=True):
    n, m = tf.shape(D)[0], tf.shape(D)[1]
    inf = tf.constant(1e10, tf.float32)
    first = tf.concat([[0.0], tf.fill([m], inf)], 0)
    rows = tf.TensorArray(tf.float32, size=n + 1, clear_after_read=False, name='R')
    rows = rows.write(0, first)

    def outer(i, rows):
        prev = rows.read(i - 1)

        def inner(j, cur):
            left = cur.read(j - 1)
            if hard:
                best = tf.minimum(tf.minimum(prev[j - 1], prev[j]), left)
            else:
                best = softmin(prev[j - 1], prev[j], left, gamma, tf)
            return j + 1, cur.write(j, D[i - 1, j - 1] + best)
        cur = tf.TensorArray(tf.float32, size=m + 1, clear_after_read=False).write(0, inf)
        _, cur = tf.while_loop(lambda j, c: j <= m, inner, [1, cur], back_prop=back_prop,
                               parallel_iterations=1, name='inner')
        return i + 1, rows.write(i, cur.stack())
    _, rows = tf.while_loop(lambda i, r: i <= n, outer, [1, rows], back_prop=back_prop,
                            swap_memory=True, name='outer')
    R = rows.stack()
    return R[-1, -1], R


def main(tf):
    out = {}
    rng = np.random.RandomState(0)
    x = tf.constant(rng.randn(5, 2).astype(np.float32))
    y = tf.Variable(rng.randn(4, 2).astype(np.float32), name='y')
    D = tf.reduce_sum(tf.square(x[:, None, :] - y[None, :, :]), -1)
    sdtw, R = dtw(tf, D, 0.5)
    hard, Rh = dtw(tf, D, 0.0, hard=True, back_prop=False)
    gy, gx = tf.gradients(sdtw, [y, x])
    gh = tf.gradients(hard, y)
    out['hard_grad_is_none'] = [g is None for g in gh]
    out['R_shape'] = str(R.shape)
    opt = tf.train.GradientDescentOptimizer(0.05)
    step = opt.minimize(sdtw, var_list=[y])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['sdtw'], out['R'], out['hard'], out['Rh'], out['gy'], out['gx'] = sess.run(
            [sdtw, R, hard, Rh, gy, gx])
        for _ in range(3):
            sess.run(step)
        out['after'] = sess.run([sdtw, y])
    return out

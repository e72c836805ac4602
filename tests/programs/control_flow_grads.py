"""while_loop with TensorArray and its gradient, cond gradient, case, nested while, map_fn, scan."""
import numpy as np
TAGS = ['control_flow', 'gradients']


def main(tf):
    out = {}
    x = tf.constant([1.0, 2.0, 3.0])
    w = tf.Variable(0.5)

    def body(i, acc, ta):
        v = tf.sin(acc * w + tf.cast(i, tf.float32))
        return i + 1, v, ta.write(i, v)
    _, final, ta = tf.while_loop(lambda i, a, t: i < 4, body,
                                 [0, x, tf.TensorArray(tf.float32, size=4)])
    stacked = ta.stack()
    loss = tf.reduce_sum(stacked) + tf.reduce_sum(final)
    gw, gx = tf.gradients(loss, [w, x])
    c = tf.cond(w > 0.2, lambda: x * w * 2.0, lambda: x - w)
    gc = tf.gradients(tf.reduce_sum(c), w)[0]
    k = tf.placeholder(tf.int32, [])
    case = tf.case([(tf.equal(k, 0), lambda: x * 10.0), (tf.equal(k, 1), lambda: x * 20.0)],
                   default=lambda: -x, exclusive=True)
    nested = tf.while_loop(lambda i, s: i < 3,
                           lambda i, s: (i + 1, s + tf.while_loop(lambda j, t: j < i, lambda j, t: (j + 1, t + 1.0), [0, 0.0])[1]),
                           [0, 0.0])[1]
    mapped = tf.map_fn(lambda r: r * tf.reduce_sum(r), tf.reshape(tf.range(6.0), [2, 3]))
    scanned = tf.scan(lambda a, e: a * 0.5 + e, x, initializer=tf.constant(1.0))
    gs = tf.gradients(tf.reduce_sum(scanned), x)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r = sess.run({'stacked': stacked, 'final': final, 'gw': gw, 'gx': gx, 'c': c, 'gc': gc,
                      'nested': nested, 'mapped': mapped, 'scanned': scanned, 'gs': gs})
        out.update(r)
        out['case'] = np.stack([sess.run(case, {k: i}) for i in range(3)])
    return out

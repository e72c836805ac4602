"""A capsule network (squash, safe_norm, routing by agreement in tf.while_loop, margin loss,
tf.cond masking, tf.norm orders) trained a few Adam steps, in the style of 2017-2018 CapsNet
repositories; W is tiled with [tf.shape(X)[0], 1, 1, 1, 1] so its static shape must survive."""
import numpy as np
TAGS = ['control_flow', 'shapes', 'train']
TOLERANCE = {'*': (1e-4, 1e-6)}


def _squash(tf, s, axis=-1, epsilon=1e-7):
    squared_norm = tf.reduce_sum(tf.square(s), axis=axis, keep_dims=True)
    return squared_norm / (1. + squared_norm) * s / tf.sqrt(squared_norm + epsilon)


def _safe_norm(tf, s, axis=-1, keep_dims=False):
    return tf.sqrt(tf.reduce_sum(tf.square(s), axis=axis, keep_dims=keep_dims) + 1e-7)


def main(tf):
    out = {}
    tf.set_random_seed(5)
    rng = np.random.RandomState(5)
    n1, d1, n2, d2 = 6, 4, 3, 5
    X = tf.placeholder(tf.float32, [None, n1, d1], name="X")
    W = tf.Variable(tf.random_normal((1, n1, n2, d2, d1), stddev=0.1), name="W")
    W_tiled = tf.tile(W, [tf.shape(X)[0], 1, 1, 1, 1], name="W_tiled")
    u = tf.tile(tf.expand_dims(tf.expand_dims(_squash(tf, X), -1), 2), [1, 1, n2, 1, 1])
    u_hat = tf.matmul(W_tiled, u, name="caps2_predicted")
    out['static'] = [str(W_tiled.shape), str(u_hat.shape)]

    def body(raw, counter):
        c = tf.nn.softmax(raw, dim=2)
        v = _squash(tf, tf.reduce_sum(c * u_hat, axis=1, keep_dims=True), axis=-2)
        agreement = tf.matmul(u_hat, tf.tile(v, [1, n1, 1, 1, 1]), transpose_a=True)
        return raw + agreement, counter + 1
    raw0 = tf.zeros([tf.shape(X)[0], n1, n2, 1, 1])
    raw, count = tf.while_loop(lambda r, c: c < 3, body, [raw0, tf.constant(0)])
    v = _squash(tf, tf.reduce_sum(tf.nn.softmax(raw, dim=2) * u_hat, axis=1, keep_dims=True),
                axis=-2)
    y_proba = _safe_norm(tf, v, axis=-2)
    y_pred = tf.squeeze(tf.argmax(y_proba, axis=2), axis=[1, 2])
    y = tf.placeholder(tf.int64, [None], name="y")
    T = tf.one_hot(y, depth=n2)
    v_norm = tf.reshape(_safe_norm(tf, v, axis=-2, keep_dims=True), [-1, n2])
    L = T * tf.square(tf.maximum(0., 0.9 - v_norm)) + \
        0.5 * (1.0 - T) * tf.square(tf.maximum(0., v_norm - 0.1))
    loss = tf.reduce_mean(tf.reduce_sum(L, axis=1))
    use_labels = tf.placeholder_with_default(False, shape=())
    target = tf.cond(use_labels, lambda: y, lambda: y_pred)
    masked = tf.squeeze(v, [1, -1]) * tf.expand_dims(tf.one_hot(target, n2), -1)
    out['static_masked'] = str(masked.shape)
    norms = [tf.norm(masked, axis=-1), tf.norm(masked, ord='fro', axis=[-2, -1]),
             tf.norm(masked, ord=1)]
    train = tf.train.AdamOptimizer().minimize(loss)
    g = tf.gradients(loss, W)[0]
    xv = rng.randn(3, n1, d1).astype(np.float32)
    feed = {X: xv, y: [0, 1, 2], use_labels: True}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['losses'] = [sess.run([train, loss], feed)[1] for _ in range(3)]
        out['y_proba'] = sess.run(y_proba, {X: xv}).reshape(3, -1)
        out['count'] = sess.run(count, {X: xv})
        out['norms'] = sess.run(norms, feed)
        out['grad_abs_sum'] = sess.run(tf.reduce_sum(tf.abs(g)), feed)
    return out

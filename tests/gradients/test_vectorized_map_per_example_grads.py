"""`tf.vectorized_map` whose function calls `tf.gradients` on its row of an outer per-example
loss (tensorflow/privacy's dp_optimizer_vectorized.py): TF's pfor differentiates every row (a
`tf.map_fn` of the same function fails in TF, its while loop cannot differentiate through the
TensorArray read).

Expected values were recorded from TensorFlow 2.21's `tensorflow.compat.v1`.
"""
import numpy as np

X = np.array([[1., 2., 0.], [0., -1., 1.], [2., 1., 1.], [-1., 0., 3.]], np.float32)
Y = np.array([1., 0., 2., -1.], np.float32)


def test_per_microbatch_gradients_and_clipping(tf):
    w = tf.Variable([0.5, -0.5, 0.25], name='w')
    b = tf.Variable(0.1, name='b')
    vector_loss = tf.square(tf.tensordot(tf.constant(X), w, 1) + b - Y)
    microbatches = tf.reshape(vector_loss, [2, -1])

    def per_microbatch(loss):
        grads = tf.gradients(tf.reduce_mean(loss), [w, b])
        norm = tf.sqrt(tf.add_n([tf.reduce_sum(tf.square(g)) for g in grads]))
        return [g / tf.maximum(norm / 1.5, 1.0) for g in grads]

    gw, gb = tf.vectorized_map(per_microbatch, microbatches)
    assert gw.shape.as_list() == [2, 3] and gb.shape.as_list() == [2]
    pairs = tf.vectorized_map(lambda r: tuple(tf.gradients(r[0] * r[1], [w, b])),
                              (tf.constant([[1., 2.], [3., 4.]]), vector_loss[:2, None]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vw, vb, p = sess.run([gw, gb, pairs])
    np.testing.assert_allclose(vw, [[-0.5200266, -1.3557837, 0.31573045],
                                    [-1.139266, -0.3589468, 0.9051702]], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(vb, [-0.20429616, 0.06242555], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(p[0], [[-8.4, -16.8, 0.], [0., -11.9, 11.9]], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(p[1], [-8.4, 11.9], rtol=1e-5, atol=1e-5)

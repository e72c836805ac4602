"""The parts of an IndexedSlices gradient (one per gather of the variable) come in the order
TF's gradients() pops the gathers off its backprop queue (breadth first from the ys, an op
once all its consumers are done), not in creation order. Expected indices from TF 2.21."""
import numpy as np


def _indices(tf, loss, e):
    g = tf.gradients(loss, e)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(g.indices).tolist()


def test_indexed_slices_parts_follow_tf_backprop_order(tf):
    e = tf.get_variable("e", [6, 2], initializer=tf.ones_initializer())
    a, b, c = tf.gather(e, [0, 1]), tf.gather(e, [2]), tf.gather(e, [3, 4])
    flat = tf.reduce_sum(a) + tf.reduce_sum(b) * 2 + tf.reduce_sum(c) * 3
    h = tf.tanh(tf.reduce_sum(a, 0) * tf.reduce_sum(b, 0)) + tf.reduce_sum(c, 0)
    k = tf.tanh(tf.tanh(tf.reduce_sum(c, 0)) * tf.reduce_sum(b, 0)) + tf.reduce_sum(a, 0)
    assert _indices(tf, flat, e) == [0, 1, 3, 4, 2]
    assert _indices(tf, tf.reduce_sum(h), e) == [3, 4, 0, 1, 2]
    assert _indices(tf, tf.reduce_sum(k), e) == [0, 1, 2, 3, 4]


def test_unrolled_embedding_gradient_comes_last_step_first(tf):
    emb = tf.get_variable("emb", [5, 2], initializer=tf.ones_initializer())
    w = tf.constant(np.full((2, 2), 0.5, np.float32))
    h = tf.zeros([1, 2])
    for t in range(3):   # a static RNN: step t's lookup feeds every later step
        h = tf.tanh(tf.matmul(h, w) + tf.nn.embedding_lookup(emb, [t]))
    assert _indices(tf, tf.reduce_sum(h), emb) == [2, 1, 0]


def test_resource_variable_gathers_follow_the_same_order(tf):
    v = tf.get_variable("v", [5, 2], initializer=tf.ones_initializer(), use_resource=True)
    a, b, c = tf.gather(v, [0, 1]), tf.nn.embedding_lookup(v, [3]), tf.gather(v, [4, 4])
    loss = tf.reduce_sum(a * 2.0) + tf.reduce_sum(c * 3.0) + tf.reduce_sum(b)
    g = tf.gradients(loss, v)[0]
    h = tf.zeros([1, 2])
    for i in range(3):
        h = tf.tanh(h + tf.gather(v, [i]))
    g_seq = tf.gradients(tf.reduce_sum(h), v)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value, seq = sess.run([g, g_seq])
    assert value.indices.tolist() == [3, 0, 1, 4, 4]
    assert value.values.tolist() == [[1, 1], [2, 2], [2, 2], [3, 3], [3, 3]]
    assert seq.indices.tolist() == [2, 1, 0]

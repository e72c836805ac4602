"""`tf.nn.embedding_lookup` on several partitions builds TF's graph: DynamicPartition of the ids,
one gather per shard, ParallelDynamicStitch; so each shard's gradient is an IndexedSlices, as in
TF (DeepWalk / CTR code training partitioned embeddings with sparse optimizer updates), and
nce_loss / sampled_softmax_loss take a PartitionedVariable's shards. Values recorded from TF 2.21
compat.v1."""
import numpy as np


def _shards(tf, n_rows=5, n_parts=2):
    with tf.variable_scope('e', partitioner=tf.fixed_size_partitioner(n_parts)):
        table = tf.get_variable('t', [n_rows, 2], initializer=tf.zeros_initializer())
    values = np.arange(n_rows * 2, dtype=np.float32).reshape(n_rows, 2)
    return table, values


def test_mod_and_div_rows_and_sparse_grads(tf):
    table, values = _shards(tf)
    ids = tf.placeholder(tf.int64, [None, 2])
    mod = tf.nn.embedding_lookup(table, ids)
    div = tf.nn.embedding_lookup(table, ids, partition_strategy='div')
    assert mod.get_shape().as_list() == [None, 2, 2]
    grads = tf.gradients(tf.reduce_sum(mod * 2.0) + tf.reduce_sum(div), list(table))
    assert [type(g).__name__ for g in grads] == ['IndexedSlices', 'IndexedSlices']
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert {'DynamicPartition', 'ParallelDynamicStitch'} <= types
    # fill the shards by the strategy the partitioner uses ('div': contiguous rows)
    fill = [tf.assign(v, values[[0, 1, 2]] if i == 0 else values[[3, 4]])
            for i, v in enumerate(table)]
    with tf.Session() as sess:
        sess.run(fill)
        feed = {ids: [[4, 0], [1, 3], [2, 2]]}
        m, d = sess.run([mod, div], feed)
        g = sess.run([tf.convert_to_tensor(x) for x in grads], feed)
    assert m.tolist() == [[[4.0, 5.0], [0.0, 1.0]], [[6.0, 7.0], [8.0, 9.0]],
                          [[2.0, 3.0], [2.0, 3.0]]]
    assert d.tolist() == [[[8.0, 9.0], [0.0, 1.0]], [[2.0, 3.0], [6.0, 7.0]],
                          [[4.0, 5.0], [4.0, 5.0]]]
    assert g[0].tolist() == [[3.0, 3.0], [5.0, 5.0], [4.0, 4.0]]
    assert g[1].tolist() == [[3.0, 3.0], [3.0, 3.0]]


def test_nce_loss_on_partitioned_weights(tf):
    with tf.variable_scope('w', partitioner=tf.fixed_size_partitioner(3)):
        w = tf.get_variable('w', [7, 3], initializer=tf.constant_initializer(0.1))
        b = tf.get_variable('b', [7], initializer=tf.zeros_initializer())
    inputs = tf.constant([[1.0, 2.0, 3.0], [0.5, -1.0, 0.0]])
    labels = tf.constant([[2], [6]], tf.int64)
    sampled = (tf.constant([0, 3, 5], tf.int64), tf.constant([[0.2], [0.3]]),
               tf.constant([0.1, 0.2, 0.4]))
    loss = tf.reduce_sum(tf.nn.nce_loss(w, b, labels, inputs, 3, 7, sampled_values=sampled))
    grads = tf.gradients(loss, list(w) + list(b))
    assert [type(g).__name__ for g in grads] == ['IndexedSlices'] * 6
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(loss), 12.682741, rtol=1e-5)
        dense = sess.run([tf.convert_to_tensor(g) for g in grads])
    np.testing.assert_allclose(np.concatenate(dense[:3]), [
        [1.4004108, 0.9910749, 2.8439221], [1.3142302, 0.9759150, 2.7032814],
        [-0.1198821, 0.2397642, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0],
        [-0.0989062, -0.1978123, -0.2967185], [1.1719782, 0.9360099, 2.4599748]],
        rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.concatenate(dense[3:]), [
        1.8528473, 1.7273666, -0.2397642, 0.0, 0.0, -0.0989062, 1.5239649], rtol=1e-5, atol=1e-6)

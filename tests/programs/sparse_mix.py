"""SparseTensor ops: reorder, reduce_sum, dense matmul, to_dense, add, softmax, concat,
segment ops, embedding_lookup_sparse, sparse_placeholder feeding."""
import numpy as np
TAGS = ['sparse']


def main(tf):
    out = {}
    sp = tf.SparseTensor(indices=[[1, 2], [0, 0], [2, 1]], values=[3.0, 1.0, 2.0], dense_shape=[3, 4])
    ro = tf.sparse_reorder(sp)
    dense = tf.constant(np.arange(8, dtype=np.float32).reshape(4, 2))
    ph = tf.sparse_placeholder(tf.float32)
    emb = tf.constant(np.arange(20, dtype=np.float32).reshape(5, 4))
    ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([1, 3, 4], tf.int64), [2, 2])
    wts = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [0.5, 2.0, 1.0], [2, 2])
    with tf.Session() as sess:
        r = sess.run(ro)
        out['reorder_idx'] = r.indices
        out['reduce_sum'] = sess.run(tf.sparse_reduce_sum(sp, axis=1))
        out['matmul'] = sess.run(tf.sparse_tensor_dense_matmul(ro, dense))
        out['to_dense'] = sess.run(tf.sparse_tensor_to_dense(ro, default_value=-1.0))
        out['add'] = sess.run(tf.sparse_tensor_to_dense(tf.sparse_add(ro, ro)))
        out['softmax'] = sess.run(tf.sparse_softmax(ro).values)
        out['concat'] = sess.run(tf.sparse_concat(1, [ro, ro]).dense_shape)
        out['fed'] = sess.run(tf.sparse_reduce_sum(ph), {ph: tf.SparseTensorValue([[0, 1], [2, 2]], [4.0, 5.0], [3, 3])})
        out['seg_sum'] = sess.run(tf.segment_sum(dense, [0, 0, 1, 2]))
        out['useg_mean'] = sess.run(tf.unsorted_segment_mean(dense, [2, 0, 2, 1], 3))
        out['emb_sparse_mean'] = sess.run(tf.nn.embedding_lookup_sparse(emb, ids, wts, combiner='mean'))
        out['emb_sparse_sqrtn'] = sess.run(tf.nn.embedding_lookup_sparse(emb, ids, None, combiner='sqrtn'))
        out['to_indicator'] = sess.run(tf.sparse_to_indicator(ids, 5))
        out['sparse_to_dense'] = sess.run(tf.sparse_to_dense([[0, 1], [1, 3]], [2, 4], [7, 8], default_value=0))
    return out

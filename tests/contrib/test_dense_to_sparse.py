"""tf.contrib.layers.dense_to_sparse (CTC label code: padded label matrix -> SparseTensor for
ctc_loss). TF 2.x has no tf.contrib: expectations follow TF 1.15's code (where != eos_token,
gather_nd, int64 shape), whose values equal TF 2.21's tf.sparse.from_dense for eos_token=0."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only   # tf.contrib


def test_dense_to_sparse_drops_the_eos_token(tf):
    labels = tf.constant([[1, 0, 2], [0, 0, 3]])
    sp = tf.contrib.layers.dense_to_sparse(labels)
    words = tf.contrib.layers.dense_to_sparse(tf.constant([["a", "<e>"], ["<e>", "b"]]),
                                              eos_token="<e>", scope="words")
    assert sp.indices.name == "dense_to_sparse/Where:0"
    assert sp.values.op.type == "GatherNd" and sp.dense_shape.dtype == tf.int64
    assert sp.indices.get_shape().as_list() == [None, 2]
    with tf.Session() as sess:
        got, got_words = sess.run([sp, words])
    assert got.indices.tolist() == [[0, 0], [0, 2], [1, 2]]
    assert got.values.tolist() == [1, 2, 3] and got.values.dtype == np.int32
    assert got.dense_shape.tolist() == [2, 3]
    assert got_words.indices.tolist() == [[0, 0], [1, 1]]
    assert got_words.values.tolist() == [b"a", b"b"]


def test_dense_to_sparse_feeds_ctc_loss(tf):
    logits = tf.zeros([4, 2, 5])                  # time-major, 5 classes (4 = blank)
    labels = tf.contrib.layers.dense_to_sparse(tf.constant([[1, 2], [3, 0]]))
    loss = tf.nn.ctc_loss(tf.cast(labels, tf.int32), logits, [4, 4])
    with tf.Session() as sess:
        value = sess.run(loss)
    # uniform outputs: -log(#alignments / 5**4), 15 paths for [1, 2] and 10 for [3] in 4
    # frames; TF 2.21 compat.v1 (labels from tf.sparse.from_dense) gives [3.7297015, 4.1351666]
    np.testing.assert_allclose(value, [3.7297015, 4.1351666], rtol=1e-5)

"""SparseTensor / SparseTensorValue fetching and SparseToDense (values recorded from TF 2.21)."""
from __future__ import annotations

import tfcompat as tf


def test_sparse_fetch_and_to_dense():
    with tf.Graph().as_default():
        sp = tf.SparseTensor([[0, 1], [2, 0]], [5, 7], [3, 2])
        strings = tf.SparseTensor([[0], [2]], ["a", "b"], [4])
        dense = tf.sparse_tensor_to_dense(sp, default_value=-1)
        assert str(dense.shape) == "(3, 2)" and str(sp.shape) == "(3, 2)"
        with tf.Session() as sess:
            assert sess.run(dense).tolist() == [[-1, 5], [-1, -1], [7, -1]]
            assert sess.run(tf.sparse.to_dense(strings)).tolist() == [b"a", b"", b"b", b""]
            assert sess.run(tf.sparse_to_dense([1, 3], [5], 2.0)).tolist() == [0, 2, 0, 2, 0]
            value = sess.run(sp)
    assert type(value).__name__ == "SparseTensorValue"
    assert (value.indices.tolist(), value.values.tolist(), value.dense_shape.tolist()) == (
        [[0, 1], [2, 0]], [5, 7], [3, 2])


def test_var_len_feature_through_dataset_batch():
    def example(values):
        f = tf.train.Feature(int64_list=tf.train.Int64List(value=values))
        return tf.train.Example(features=tf.train.Features(feature={"v": f})).SerializeToString()

    with tf.Graph().as_default():
        ds = tf.data.Dataset.from_tensor_slices([example([1, 2]), example([]), example([3])])
        ds = ds.map(lambda s: tf.parse_single_example(s, {"v": tf.VarLenFeature(tf.int64)})["v"])
        assert ds.output_classes is tf.SparseTensor
        nxt = ds.batch(3).make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            got = sess.run(tf.sparse_tensor_to_dense(nxt))
    assert got.tolist() == [[1, 2], [0, 0], [3, 0]]

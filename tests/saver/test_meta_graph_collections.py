"""Collections a program adds itself survive export_meta_graph / import_meta_graph as TF writes
them. Expected values recorded from TF 2.21 compat.v1."""
import os

import numpy as np


def test_variable_in_a_custom_collection_comes_back_as_its_tensor(tf, tmp_path):
    with tf.variable_scope("scope1"):
        v1 = tf.get_variable("v1", [2], initializer=tf.constant_initializer([1.0, 2.0]))
    tf.add_to_collections(["c1", "c2"], v1)
    tf.add_to_collection("my_tensors", v1 * 2.0)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, os.path.join(str(tmp_path), "m"))
    meta = tf.train.export_meta_graph()
    # TF registers no VariableDef conversion for a collection of its own name: a node_list
    assert meta.collection_def["c1"].WhichOneof("kind") == "node_list"
    assert list(meta.collection_def["c1"].node_list.value) == ["scope1/v1:0"]
    with tf.Graph().as_default() as g2, tf.Session() as sess:
        tf.train.import_meta_graph(path + ".meta").restore(sess, path)
        c1 = tf.get_collection("c1")
        assert [t.name for t in c1] == ["scope1/v1:0"]
        assert c1[0].graph is g2
        assert [t.name for t in tf.get_collection("my_tensors")] == ["mul:0"]
        np.testing.assert_allclose(sess.run(c1[0]), [1.0, 2.0])
        assert sorted(v.name for v in tf.global_variables()) == ["scope1/v1:0"]

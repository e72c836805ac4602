"""GraphDefs and MetaGraphs both ways with real TensorFlow (in a subprocess; skipped without it):
tfcompat's frozen and text GraphDefs and its inference MetaGraph import and run in TF, and TF's
frozen CNN, text GraphDef and MetaGraph import and run here with TF's results."""
from __future__ import annotations

import numpy as np
import pytest

pytestmark = [pytest.mark.tfcompat_only, pytest.mark.tf_interop]

_TF_SIDE = """
import numpy as np
from google.protobuf import text_format
d = ARGS["dir"]
x_val = np.load(d + "/x.npy")
# 1. tfcompat's frozen CNN (binary) and text GraphDef import and run in TF
with tf.Graph().as_default():
    gd = tf.GraphDef.FromString(open(d + "/ours_frozen.pb", "rb").read())
    out, = tf.import_graph_def(gd, return_elements=["prob:0"], name="")
    with tf.Session() as sess:
        RESULT["frozen"] = sess.run(out, {"img:0": x_val}).tolist()
with tf.Graph().as_default():
    gd = text_format.Parse(open(d + "/ours_graph.pbtxt").read(), tf.GraphDef())
    tf.import_graph_def(gd, name="")
    with tf.Session() as sess:
        RESULT["text"] = sess.run("doubled:0", {"v:0": [1.0, 2.0]}).tolist()
# 2. tfcompat's inference MetaGraph + checkpoint: import_meta_graph and restore in TF
with tf.Graph().as_default():
    saver = tf.train.import_meta_graph(d + "/ours_ckpt-3.meta")
    with tf.Session() as sess:
        saver.restore(sess, d + "/ours_ckpt-3")
        RESULT["meta_out"] = sess.run("out:0", {"x:0": [[1.0, 2.0]]}).tolist()
        RESULT["meta_vars"] = sorted(v.op.name for v in tf.global_variables())
        RESULT["meta_trainable"] = sorted(v.op.name for v in tf.trainable_variables())
        RESULT["meta_coll"] = [t.name for t in tf.get_collection("outputs")]
# 3. TF's own frozen CNN, text GraphDef and MetaGraph for tfcompat
with tf.Graph().as_default() as g:
    tf.set_random_seed(3)
    img = tf.placeholder(tf.float32, [None, 8, 8, 3], name="img")
    k = tf.get_variable("k", [3, 3, 3, 4])
    b = tf.get_variable("b", [4], initializer=tf.random_normal_initializer())
    y = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(img, k, [1, 2, 2, 1], "SAME"), b))
    y = tf.nn.max_pool(y, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    w = tf.get_variable("w", [16, 5])
    tf.nn.softmax(tf.matmul(tf.reshape(y, [-1, 16]), w), name="prob")
    tf.add_to_collection("outputs", g.get_tensor_by_name("prob:0"))
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ["prob"])
        RESULT["tf_prob"] = sess.run("prob:0", {img: x_val}).tolist()
        saver.save(sess, d + "/tf_ckpt")
    open(d + "/tf_frozen.pb", "wb").write(frozen.SerializeToString())
    tf.train.write_graph(g, d, "tf_graph.pbtxt")
"""


def _tfcompat_side(tf, d, x_val):
    with tf.Graph().as_default():
        img = tf.placeholder(tf.float32, [None, 8, 8, 3], name="img")
        k = tf.Variable(np.random.RandomState(0).randn(3, 3, 3, 4).astype(np.float32), name="k")
        y = tf.nn.relu(tf.nn.conv2d(img, k, [1, 2, 2, 1], "SAME"))
        y = tf.nn.max_pool(y, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        tf.nn.softmax(tf.reshape(y, [-1, 16]) * 0.1, name="prob")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ["prob"])
            prob = sess.run("prob:0", {img: x_val})
        tf.train.write_graph(frozen, d, "ours_frozen.pb", as_text=False)
    with tf.Graph().as_default() as g:
        v = tf.placeholder(tf.float32, [2], name="v")
        tf.multiply(v, 2.0, name="doubled")
        tf.train.write_graph(g, d, "ours_graph.pbtxt")
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[1.0], [3.0]], name="w")
        n = tf.Variable(5, name="n", trainable=False)
        out = tf.add(tf.matmul(x, w), tf.cast(n, tf.float32), name="out")
        tf.add_to_collection("outputs", out)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver.save(sess, d + "/ours_ckpt", global_step=3)
    return prob


def test_graph_defs_and_meta_graphs_both_ways(tf, run_tf, tmp_path):
    d = str(tmp_path)
    x_val = np.random.RandomState(1).randn(2, 8, 8, 3).astype(np.float32)
    np.save(d + "/x.npy", x_val)
    our_prob = _tfcompat_side(tf, d, x_val)
    result = run_tf(_TF_SIDE, dir=d)
    np.testing.assert_allclose(result["frozen"], our_prob, rtol=1e-5, atol=1e-6)
    assert result["text"] == [2.0, 4.0]
    assert result["meta_out"] == [[12.0]]
    assert result["meta_vars"] == ["n", "w"] and result["meta_trainable"] == ["w"]
    assert result["meta_coll"] == ["out:0"]
    # TF's files, here
    with tf.Graph().as_default():
        gd = tf.GraphDef.FromString(open(d + "/tf_frozen.pb", "rb").read())
        (prob,) = tf.import_graph_def(gd, return_elements=["prob:0"])
        with tf.Session() as sess:
            got = sess.run(prob, {"import/img:0": x_val})
    np.testing.assert_allclose(got, result["tf_prob"], rtol=1e-5, atol=1e-6)
    from google.protobuf import text_format
    with tf.Graph().as_default():
        gd = text_format.Parse(open(d + "/tf_graph.pbtxt").read(), tf.GraphDef())
        tf.import_graph_def(gd, name="")
        assert tf.get_default_graph().get_tensor_by_name("prob:0").shape.as_list() == [None, 5]
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(d + "/tf_ckpt.meta")
        assert [t.name for t in tf.get_collection("outputs")] == ["prob:0"]
        with tf.Session() as sess:
            saver.restore(sess, d + "/tf_ckpt")
            got = sess.run("prob:0", {"img:0": x_val})
    np.testing.assert_allclose(got, result["tf_prob"], rtol=1e-5, atol=1e-6)

"""Control flow and training ops both ways with real TensorFlow (in a subprocess; skipped without
it): tfcompat's `.meta` of a graph with tf.cond, tf.while_loop and an optimizer imports, restores,
runs and trains in TF with tfcompat's results; so do GraphDefs with nested control flow,
tf.switch_case and gradients through all of them, and `Variable.initialized_value()`; a gradient
TF cannot compute fails there with the reason; and TF's own control flow v2 GraphDef runs here
with TF's results."""
from __future__ import annotations

import os

import numpy as np
import pytest
from control_flow_models import XD
from control_flow_models import build_cond_while_model
from control_flow_models import build_layer_zoo
from control_flow_models import nested_model

pytestmark = [pytest.mark.tfcompat_only, pytest.mark.tf_interop]

_TF_SIDE = """
from google.protobuf import text_format
d = ARGS["dir"]
xd = np.load(d + "/xd.npy")
# 1. tfcompat's Saver .meta + checkpoint: restored, run, one step of SGD then one of Adam
with tf.Graph().as_default():
    with tf.Session() as sess:
        saver = tf.train.import_meta_graph(d + "/m.meta")
        saver.restore(sess, d + "/m")
        RESULT["meta"] = [float(sess.run("loss:0", {"x:0": xd})),
                          float(sess.run("loss:0", {"x:0": xd, "training:0": True}))]
        for op in ("train", "adam_train"):
            sess.run(op, {"x:0": xd})
        RESULT["meta"].append(float(sess.run("loss:0", {"x:0": xd})))
# 2. tfcompat's GraphDef with nested control flow and gradients through it
nested = np.load(d + "/nested.npz")
gd = tf.GraphDef.FromString(open(d + "/nested.pb", "rb").read())
with tf.Graph().as_default() as g:
    tf.import_graph_def(gd, name="")
    with tf.Session() as sess:
        sess.run(tf.assign(g.get_tensor_by_name("w:0"), nested["w"]))
        RESULT["nested"] = [[sess.run(f, feed).tolist() for f in ("loss:0", "gw:0", "gx:0")]
                            for feed in ({"x:0": nested["x"]}, {"x:0": nested["x"], "k:0": 0},
                                         {"x:0": nested["x"], "k:0": 2, "p:0": False})]
# 3. gradients of ops TF has no C++ gradient for, written from TF's gradient ops: two steps
zoo = np.load(d + "/zoo.npz")
gd = tf.GraphDef.FromString(open(d + "/zoo.pb", "rb").read())
with tf.Graph().as_default() as g:
    tf.import_graph_def(gd, name="")
    with tf.Session() as sess:
        sess.run("init")
        feed = {"x:0": zoo["x"], "y:0": zoo["y"]}
        RESULT["zoo"] = [float(sess.run("loss:0", feed))]
        for _ in range(2):
            sess.run("train", feed)
            RESULT["zoo"].append(float(sess.run("loss:0", feed)))
# 3b. a gradient TF has no gradient function for: the graph imports, the gradient says why
gd = tf.GraphDef.FromString(open(d + "/tile.pb", "rb").read())
with tf.Graph().as_default() as g:
    tf.import_graph_def(gd, name="")
    with tf.Session() as sess:
        sess.run("init")
        RESULT["tile_loss"] = float(sess.run("loss:0", {"x:0": [1.0, -1.0, 0.5, 2.0]}))
        try:
            sess.run("gw:0", {"x:0": [1.0, -1.0, 0.5, 2.0]})
            RESULT["tile_error"] = None
        except tf.errors.InvalidArgumentError as e:
            RESULT["tile_error"] = e.message
# 4. a variable initialized from another one's initialized_value()
gd = tf.GraphDef.FromString(open(d + "/init_value.pb", "rb").read())
with tf.Graph().as_default() as g:
    tf.import_graph_def(gd, name="")
    with tf.Session() as sess:
        sess.run("b/Assign")
        RESULT["init_value"] = [sess.run("b:0").tolist()]
        sess.run("a/Assign")
        sess.run(tf.assign(g.get_tensor_by_name("a:0"), [5.0, 6.0]))
        sess.run("b/Assign")
        RESULT["init_value"].append(sess.run("b:0").tolist())
# 5. a TF1 Defun called from the graph (a node whose op is a library function)
from tensorflow.python.framework import function
with tf.Graph().as_default() as g:
    @function.Defun(tf.float32, tf.float32)
    def f(a, b):
        return a * 2.0 + b, a - b
    y, z = f(tf.placeholder(tf.float32, [2], name="x"), tf.constant([1.0, 3.0]))
    tf.add(y, z, name="out")
    with tf.Session() as sess:
        RESULT["defun"] = sess.run("out:0", {"x:0": [1.0, 2.0]}).tolist()
    open(d + "/defun.pb", "wb").write(g.as_graph_def().SerializeToString())
# 6. TF's own control flow v2 GraphDef for tfcompat
tf.enable_control_flow_v2()
with tf.Graph().as_default() as g:
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    training = tf.placeholder_with_default(False, [], name="training")
    w = tf.constant(np.linspace(-1, 1, 8).reshape(4, 2).astype(np.float32), name="w")
    h = tf.cond(training, lambda: tf.matmul(x, w) * 0.5, lambda: tf.matmul(x, w) + 1.0)
    _, h = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, tf.tanh(a) + a * w[0, 0]),
                         (tf.constant(0), h), maximum_iterations=5)
    k = tf.placeholder_with_default(1, [], name="k")
    h = tf.switch_case(k, [lambda: h, lambda: h * 2.0])
    tf.reduce_mean(tf.square(h - 0.3), name="loss")
    with tf.Session() as sess:
        RESULT["tf_cf2"] = [float(sess.run("loss:0", {x: xd})),
                            float(sess.run("loss:0", {x: xd, training: True, k: 0}))]
    open(d + "/tf_cf2.pb", "wb").write(g.as_graph_def().SerializeToString())
"""


def _tile_graph_def(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [4], name="x")
        w = tf.Variable([1.0, 2.0, 3.0, 4.0], name="w")
        loss = tf.reduce_sum(tf.tile(x * w, [2]) ** 2, name="loss")
        tf.identity(tf.gradients(loss, w)[0], name="gw")
        tf.global_variables_initializer()
        return g.as_graph_def()


@pytest.fixture(scope="module")
def exchanged(run_tf, tmp_path_factory):
    import tfcompat as tf
    d = str(tmp_path_factory.mktemp("cf_interop"))
    np.save(os.path.join(d, "xd.npy"), XD)
    ours = {}
    with tf.Graph().as_default():
        loss = build_cond_while_model(tf)
        tf.train.AdamOptimizer(0.05).minimize(loss, name="adam_train")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, os.path.join(d, "m"))
            ours["meta"] = [sess.run(loss, {"x:0": XD}),
                            sess.run(loss, {"x:0": XD, "training:0": True})]
            for op in ("train", "adam_train"):
                sess.run(op, {"x:0": XD})
            ours["meta"].append(sess.run(loss, {"x:0": XD}))
    rng = np.random.RandomState(0)
    xn = rng.randn(3, 4).astype(np.float32)
    with tf.Graph().as_default() as g:
        fetches = [t.name for t in nested_model(tf, rng)]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            np.savez(os.path.join(d, "nested.npz"), w=sess.run("w:0"), x=xn)
            ours["nested"] = [sess.run(fetches, feed) for feed in (
                {"x:0": xn}, {"x:0": xn, "k:0": 0}, {"x:0": xn, "k:0": 2, "p:0": False})]
        open(os.path.join(d, "nested.pb"), "wb").write(g.as_graph_def().SerializeToString())
    open(os.path.join(d, "tile.pb"), "wb").write(_tile_graph_def(tf).SerializeToString())
    with tf.Graph().as_default() as g:
        build_layer_zoo(tf, np.random.RandomState(1))
        feed = {"x:0": rng.randn(2, 6, 6, 3).astype(np.float32), "y:0": np.array([1, 4])}
        np.savez(os.path.join(d, "zoo.npz"), x=feed["x:0"], y=feed["y:0"])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            ours["zoo"] = [sess.run("loss:0", feed)]
            for _ in range(2):
                sess.run("train", feed)
                ours["zoo"].append(sess.run("loss:0", feed))
        open(os.path.join(d, "zoo.pb"), "wb").write(g.as_graph_def().SerializeToString())
    with tf.Graph().as_default() as g:
        a = tf.Variable([1.0, 2.0], name="a")
        tf.Variable(a.initialized_value() * 3.0, name="b")
        open(os.path.join(d, "init_value.pb"), "wb").write(g.as_graph_def().SerializeToString())
    theirs = run_tf(_TF_SIDE, dir=d)
    return d, ours, theirs


def test_tfcompat_meta_restores_runs_and_trains_in_tensorflow(exchanged):
    _, ours, theirs = exchanged
    np.testing.assert_allclose(theirs["meta"], ours["meta"], rtol=1e-5)


def test_nested_control_flow_and_gradients_run_in_tensorflow(exchanged):
    _, ours, theirs = exchanged
    for got, want in zip(theirs["nested"], ours["nested"]):
        for a, b in zip(got, want):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_gradients_tensorflow_has_no_cxx_gradient_for_train_the_same(exchanged):
    _, ours, theirs = exchanged
    np.testing.assert_allclose(theirs["zoo"], ours["zoo"], rtol=1e-5)


def test_gradient_tensorflow_cannot_compute_fails_there_naming_the_op(exchanged):
    _, _, theirs = exchanged
    np.testing.assert_allclose(theirs["tile_loss"], 142.5)  # sum(tile(x * w, [2]) ** 2)
    # TF's Assert escapes the quotes of its message
    assert "no gradient function for op type Tile (op \\'Tile\\')" in \
        theirs["tile_error"]
    assert "gradients/cannot_compute" in theirs["tile_error"]


def test_tensorflow_control_flow_v2_graph_runs_in_tfcompat(tf, exchanged):
    d, _, theirs = exchanged
    graph_def = tf.GraphDef.FromString(open(os.path.join(d, "tf_cf2.pb"), "rb").read())
    with tf.Graph().as_default() as g, tf.Session() as sess:
        tf.import_graph_def(graph_def, name="")
        got = [sess.run("loss:0", {"x:0": XD}),
               sess.run("loss:0", {"x:0": XD, "training:0": True, "k:0": 0})]
        types = {op.type for op in g.get_operations()}
    assert {"StatelessIf", "StatelessWhile", "StatelessCase"} <= types
    np.testing.assert_allclose(got, theirs["tf_cf2"], rtol=1e-5)


def test_initialized_value_runs_in_tensorflow(exchanged):
    _, _, theirs = exchanged
    # a uninitialized: b from a's initial value; a initialized (and set): from its value
    assert theirs["init_value"] == [[3.0, 6.0], [15.0, 18.0]]


def test_tensorflow_function_call_is_inlined_in_tfcompat(tf, exchanged):
    d, _, theirs = exchanged
    graph_def = tf.GraphDef.FromString(open(os.path.join(d, "defun.pb"), "rb").read())
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.import_graph_def(graph_def, name="")
        np.testing.assert_allclose(sess.run("out:0", {"x:0": [1.0, 2.0]}), theirs["defun"])

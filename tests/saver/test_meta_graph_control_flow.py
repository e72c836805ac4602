"""Meta graphs with control flow and training ops round-trip in tfcompat: `tf.cond`/`tf.while_loop`/
`tf.switch_case` are written as TF's functional ops with their FunctionDefs (control flow v2),
`tf.gradients` results as TF ops, and `import_meta_graph` rebuilds them so the restored graph runs
and trains as the original. Expected values were recorded from TF 2.21 (compat.v1)."""
from __future__ import annotations

import logging
import os

import numpy as np
import pytest
from control_flow_models import XD
from control_flow_models import build_cond_while_model
from control_flow_models import nested_model
from control_flow_models import values_after_import

pytestmark = pytest.mark.tfcompat_only

INTERNAL_TYPES = {"_LoopVar", "Gradients", "_InitializedValue"}


def _save(tf, d):
    with tf.Graph().as_default():
        build_cond_while_model(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, os.path.join(d, "m"))


def test_saved_meta_restores_runs_and_trains(tf, tmp_path):
    _save(tf, str(tmp_path))
    with tf.Graph().as_default(), tf.Session() as sess:
        saver = tf.train.import_meta_graph(str(tmp_path / "m.meta"))
        saver.restore(sess, str(tmp_path / "m"))
        restored = sess.run("loss:0", {"x:0": XD})
        branch = sess.run("loss:0", {"x:0": XD, "training:0": True})
        sess.run("train", {"x:0": XD})
        after = sess.run("loss:0", {"x:0": XD})
    # TF 2.21: 15.721575, 1.8685967, 9.400648 (the conformance case's golden values)
    np.testing.assert_allclose([restored, branch, after], [15.721575, 1.8685967, 9.400648],
                               rtol=1e-5)


def test_graph_def_holds_functional_ops_and_no_internal_ops(tf):
    with tf.Graph().as_default() as g:
        build_cond_while_model(tf)
        graph_def = g.as_graph_def()
    types = {n.op for n in graph_def.node}
    assert not types & INTERNAL_TYPES
    assert {"StatelessIf", "StatelessWhile", "SymbolicGradient", "IdentityN"} <= types
    functions = {f.signature.name: f for f in graph_def.library.function}
    for node in graph_def.node:
        for key in ("then_branch", "else_branch", "cond", "body", "f"):
            if key in node.attr and node.op != "SymbolicGradient":  # f: an op type there
                assert node.attr[key].func.name in functions, (node.name, key)
    for f in functions.values():
        assert not {n.op for n in f.node_def} & INTERNAL_TYPES
    loop = next(n for n in graph_def.node if n.op == "StatelessWhile" and n.name == "while/While")
    assert len(loop.attr["T"].list.type) == len(loop.input) == 2
    # the branch ops live in the functions only
    assert "cond/mul" not in {n.name for n in graph_def.node}


def test_reimported_graph_exports_the_same_functions(tf):
    with tf.Graph().as_default() as g:
        build_cond_while_model(tf)
        first = g.as_graph_def()
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(first, name="")
        second = g2.as_graph_def()
    assert [n.name for n in first.node] == [n.name for n in second.node]
    assert [(n.op, sorted(n.input)) for n in first.node] == \
        [(n.op, sorted(n.input)) for n in second.node]
    assert sorted(f.signature.name for f in first.library.function) == \
        sorted(f.signature.name for f in second.library.function)
    # the branch ops come back with their own names, in the importing graph
    assert g2.get_operation_by_name("cond/mul").type == "Mul"


def test_nested_control_flow_gradients_round_trip(tf):
    rng = np.random.RandomState(0)
    xd = rng.randn(3, 4).astype(np.float32)
    with tf.Graph().as_default() as g:
        fetches = nested_model(tf, rng)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            variables = {"w": sess.run("w:0")}
            feeds = [{"x:0": xd}, {"x:0": xd, "k:0": 0}, {"x:0": xd, "k:0": 2, "p:0": False}]
            expected = [sess.run([t.name for t in fetches], f) for f in feeds]
        graph_def = g.as_graph_def()
    for feed, want in zip(feeds, expected):
        got = values_after_import(tf, graph_def, [t.name for t in fetches], feed, variables)
        for a, b in zip(got, want):
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


def test_export_scope_strips_names_in_functions_and_gradients(tf):
    with tf.Graph().as_default():
        with tf.variable_scope("model"):
            x = tf.placeholder(tf.float32, [2], name="x")
            w = tf.Variable([1.0, 2.0], name="w")
            _, h = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, tf.sin(a) * w), (0, x))
            loss = tf.reduce_sum(h, name="loss")
            train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train, {x: [0.5, 1.0]})
            expected = sess.run(loss, {x: [0.5, 1.0]})
        meta = tf.train.export_meta_graph(export_scope="model")
    names = [n.name for f in meta.graph_def.library.function for n in f.node_def]
    assert "while/Sin" in names and not any(n.startswith("model/") for n in names)
    with tf.Graph().as_default() as g, tf.Session() as sess:
        tf.train.import_meta_graph(meta, import_scope="new")
        assert g.get_operation_by_name("new/gradients").type == "Gradients"
        sess.run(tf.global_variables_initializer())
        sess.run("new/train", {"new/x:0": [0.5, 1.0]})
        np.testing.assert_allclose(sess.run("new/loss:0", {"new/x:0": [0.5, 1.0]}), expected,
                                   rtol=1e-6)


def test_assign_in_a_branch_round_trips_and_warns(tf, caplog):
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        p = tf.placeholder(tf.bool, [], name="p")
        tf.identity(tf.cond(p, lambda: tf.assign(v, 5.0), lambda: tf.identity(v)), name="r")
        with caplog.at_level(logging.WARNING, logger="tensorflow"):
            meta = tf.train.export_meta_graph()
    # TF 2.21 (control flow v2) refuses it too: "input types ([tf.float32, tf.float32]) are
    # not compatible with expected types ([tf.float32_ref, tf.float32])"
    assert "uses variable 'v' inside its branches" in caplog.text
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.train.import_meta_graph(meta)
        sess.run("v/Assign")
        assert sess.run("r:0", {"p:0": False}) == 1.0
        assert sess.run("r:0", {"p:0": True}) == 5.0
        assert sess.run("v:0") == 5.0


def test_gradient_tf_cannot_compute_is_named_and_still_round_trips(tf, caplog):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [4], name="x")
        w = tf.Variable([1.0, 2.0, 3.0, 4.0], name="w")
        loss = tf.reduce_sum(tf.tile(x * w, [2]) ** 2, name="loss")
        tf.identity(tf.gradients(loss, w)[0], name="gw")
        with caplog.at_level(logging.WARNING, logger="tensorflow"):
            graph_def = g.as_graph_def()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            expected = sess.run("gw:0", {x: [1.0, -1.0, 0.5, 2.0]})
    assert "no gradient function for op type Tile (op 'Tile')" in caplog.text
    asserts = [n for n in graph_def.node if n.op == "Assert"]
    assert len(asserts) == 1 and asserts[0].name == "gradients/cannot_compute"
    got = values_after_import(tf, graph_def, "gw:0", {"x:0": [1.0, -1.0, 0.5, 2.0]},
                  {"w": [1.0, 2.0, 3.0, 4.0]})
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_tfcompat_only_attr_is_kept(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [3], name="x")
        r = tf.while_loop(lambda a: tf.reduce_sum(a) < 10.0, lambda a: a * 2.0, [x],
                          back_prop=False)
        tf.identity(tf.gradients(tf.reduce_sum(r * x), x)[0], name="g")
        graph_def = g.as_graph_def()
    loop = next(n for n in graph_def.node if n.op == "StatelessWhile")
    assert loop.attr["_tfcompat_attr_back_prop"].b is False
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(graph_def, name="")
        assert g2.get_operation_by_name(loop.name).get_attr("back_prop") is False
    # no gradient through the loop: d/dx sum(r * x) with r constant is r
    got = values_after_import(tf, graph_def, "g:0", {"x:0": [1.0, 2.0, 3.0]}, {})
    np.testing.assert_allclose(got, [2.0, 4.0, 6.0])


def test_initialized_value_is_written_as_tf_ops_and_restored(tf):
    with tf.Graph().as_default() as g:
        a = tf.Variable([1.0, 2.0], name="a")
        tf.Variable(a.initialized_value() * 3.0, name="b")
        graph_def = g.as_graph_def()
    # TF1's cond(IsVariableInitialized(a), a, initial value), in control flow v1
    assert [n.op for n in graph_def.node if n.name.startswith("cond/Merge")] == [
        "IsVariableInitialized", "RefSwitch", "Identity", "Switch", "Merge"]
    with tf.Graph().as_default() as g2, tf.Session() as sess:
        tf.import_graph_def(graph_def, name="")
        assert g2.get_operation_by_name("cond/Merge").type == "_InitializedValue"
        sess.run("b/Assign")  # a is not initialized: its initial value
        np.testing.assert_allclose(sess.run("b:0"), [3.0, 6.0])

"""GraphDefs with control flow v2 written by real TensorFlow run in tfcompat: each fixture in
tests/fixtures/tf_v2_control_flow/ is a frozen GraphDef that TF 2.21 (compat.v1 graph mode,
`enable_control_flow_v2()`) wrote (tests/fixtures/make_tf_v2_control_flow.py): `StatelessIf`/
`If`/`StatelessCase`/`StatelessWhile` nodes whose branches and bodies are FunctionDefs of
`GraphDef.library`, TensorArrays and while-loop gradients as `TensorList*` ops, `tf.function`
calls as `PartitionedCall`/`StatefulPartitionedCall`. tfcompat imports each, runs it with the
recorded feeds and must compute what TF computed from the same file (expected.json, recorded from
TF 2.21 compat.v1), to 1e-5: outputs, static shapes, and gradients through the imported ops.
`default_names` is kept as built (not frozen) so its functions hold the `Identity` nodes whose
instantiated names would clash with TF's `cond/Identity`; `cond_while_model` is a `.meta` +
checkpoint that must also train as in TF."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import tfcompat as tf
from tfcompat.framework import registry

pytestmark = pytest.mark.tfcompat_only
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tf_v2_control_flow"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
FROZEN = sorted(k for k, v in EXPECTED.items() if isinstance(v, dict) and "op_types" in v)


def _feeds(graph, feeds):
    out = {}
    for name, value in feeds.items():
        tensor = graph.get_tensor_by_name(name)
        out[tensor] = np.asarray(value).astype(tensor.dtype.as_numpy_dtype)
    return out


def _check(graph, sess, case):
    for feeds, expected in zip(case["feeds"], case["outputs"]):
        got = sess.run(case["fetches"], _feeds(graph, feeds))
        for name, value, want in zip(case["fetches"], got, expected):
            want = np.asarray(want)
            assert np.asarray(value).shape == want.shape, name
            np.testing.assert_allclose(value, want, rtol=1e-5, atol=1e-5, err_msg=name)


@pytest.mark.parametrize("name", FROZEN)
def test_op_types_are_registered(name):
    case = EXPECTED[name]
    functional = {"StatelessIf", "If", "StatelessCase", "Case", "StatelessWhile", "While",
                  "PartitionedCall", "StatefulPartitionedCall"}
    missing = [t for t in case["op_types"] + case["library_op_types"]
               if t not in functional and registry.get_op_def(t) is None]
    assert missing == []


@pytest.mark.parametrize("name", FROZEN)
def test_frozen_graph_runs_as_in_tf(name):
    graph_def = tf.GraphDef()
    graph_def.ParseFromString((FIXTURES / (name + ".pb")).read_bytes())
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        with tf.Session(graph=graph) as sess:
            _check(graph, sess, EXPECTED[name])


def test_meta_graph_with_cond_and_while_restores_runs_and_trains():
    """TF's own gradients of a While and an If (TensorList stacks of the loop's intermediates)
    train the restored model: the losses of 3 SGD steps are TF's."""
    case = EXPECTED["cond_while_model"]
    with tf.Graph().as_default() as graph:
        saver = tf.train.import_meta_graph(str(FIXTURES / "cond_while_model.meta"))
        with tf.Session(graph=graph) as sess:
            saver.restore(sess, str(FIXTURES / "cond_while_model.ckpt"))
            _check(graph, sess, case)
            feeds = _feeds(graph, case["feeds"][0])
            losses = [sess.run(["loss:0", "train"], feeds)[0] for _ in range(3)]
            losses.append(sess.run("loss:0", feeds))
    np.testing.assert_allclose(losses, case["losses"], rtol=1e-5, atol=1e-6)


def _import(name):
    graph_def = tf.GraphDef()
    graph_def.ParseFromString((FIXTURES / (name + ".pb")).read_bytes())
    tf.import_graph_def(graph_def, name="")
    return tf.get_default_graph()


@pytest.mark.parametrize("name", FROZEN)
def test_static_shapes_as_tf_infers_them(name):
    case = EXPECTED[name]
    with tf.Graph().as_default():
        graph = _import(name)
        shapes = [graph.get_tensor_by_name(f).shape for f in case["fetches"]]
    assert [s.as_list() if s.ndims is not None else None for s in shapes] == \
        case["static_shapes"]


def _grad_tensors(graph, feeds, fetches):
    """As the fixture script's: d/d(float feeds) of the float fetches' sums of squares."""
    xs = [graph.get_tensor_by_name(k) for k in sorted(feeds)
          if graph.get_tensor_by_name(k).dtype == tf.float32]
    ys = [graph.get_tensor_by_name(f) for f in fetches
          if graph.get_tensor_by_name(f).dtype == tf.float32]
    if not xs or not ys:
        return []
    return tf.gradients([tf.reduce_sum(tf.square(y)) for y in ys], xs)


@pytest.mark.parametrize("name", FROZEN)
def test_gradients_through_imported_functional_ops(name):
    case = EXPECTED[name]
    with tf.Graph().as_default():
        graph = _import(name)
        grads = _grad_tensors(graph, case["feeds"][0], case["fetches"])
        with tf.Session() as sess:
            for feeds, expected in zip(case["feeds"], case["grads"]):
                got = sess.run(grads, _feeds(graph, feeds))
                for value, want in zip(got, expected):
                    np.testing.assert_allclose(value, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", FROZEN)
def test_exported_again_names_only_its_own_nodes_and_runs(name):
    """tfcompat's export of the imported graph (verified by hand to import and run in TF 2.21)
    colocates only with nodes it has, and runs in tfcompat as the original did."""
    with tf.Graph().as_default():
        exported = _import(name).as_graph_def()
    names = {n.name for n in exported.node}
    for node in exported.node:
        for group in node.attr["_class"].list.s if "_class" in node.attr else ():
            assert group.decode()[len("loc:@"):] in names, (node.name, group)
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(exported, name="")
        with tf.Session() as sess:
            _check(graph, sess, EXPECTED[name])


_NEWER_ATTRS = ("output_shapes", "_output_shapes", "_read_only_resource_inputs",
                "_lower_using_switch_merge", "_num_original_outputs", "parallel_iterations")


@pytest.mark.parametrize("name", ["case_op", "cond_in_while", "function_call", "nested_cond",
                                  "rnn_training_gradients", "stateful_while_case"])
def test_graphs_without_attrs_older_tf_did_not_write(name):
    """TF 1.x wrote functional nodes without `output_shapes` (and the other optional attrs
    here): the outputs then come from the functions themselves."""
    graph_def = tf.GraphDef()
    graph_def.ParseFromString((FIXTURES / (name + ".pb")).read_bytes())
    for node in list(graph_def.node) + [n for f in graph_def.library.function
                                        for n in f.node_def]:
        for key in _NEWER_ATTRS:
            if key in node.attr:
                del node.attr[key]
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            _check(graph, sess, EXPECTED[name])


@pytest.mark.parametrize("name", ["cond_placeholder", "dynamic_rnn_lstm", "function_call"])
def test_import_under_a_scope_with_input_map(name):
    """Function bodies are instantiated under the import scope and read mapped inputs."""
    case = EXPECTED[name]
    graph_def = tf.GraphDef()
    graph_def.ParseFromString((FIXTURES / (name + ".pb")).read_bytes())
    feeds = case["feeds"][0]
    with tf.Graph().as_default() as graph:
        types = {n.name + ":0": tf.as_dtype(n.attr["dtype"].type) for n in graph_def.node
                 if n.op == "Placeholder"}
        mapped = {k: tf.constant(np.asarray(v), dtype=types[k]) for k, v in feeds.items()}
        outs = tf.import_graph_def(graph_def, input_map=mapped, name="model",
                                   return_elements=case["fetches"])
        assert all(op.name.startswith("model/") for op in graph.get_operations()
                   if op.type != "Const")
        with tf.Session() as sess:
            got = sess.run(outs)
    for value, want in zip(got, case["outputs"][0]):
        np.testing.assert_allclose(value, np.asarray(want), rtol=1e-5, atol=1e-5)

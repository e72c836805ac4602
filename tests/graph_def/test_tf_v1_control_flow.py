"""GraphDefs with control flow v1 written by real TensorFlow (Switch/Merge conds, Enter/Exit/
NextIteration/LoopCond while frames, TensorArrayV3 loops) import and run in tfcompat.

The fixtures (tests/fixtures/tf_v1_control_flow/) and their expected values were written by
tests/fixtures/make_tf_v1_control_flow.py under TF 2.21 compat.v1 with control flow v2 off; the
other expected values here were recorded from TF 2.21 compat.v1 too."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tfcompat import errors
from tfcompat.io.proto import graph_pb2

pytestmark = pytest.mark.tfcompat_only
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tf_v1_control_flow"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


def _graph_def(name):
    return graph_pb2.GraphDef.FromString((FIXTURES / (name + ".pb")).read_bytes())


def _feeds(case):
    return {k: np.asarray(v["value"], dtype=v["dtype"]) for k, v in case["feeds"].items()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_tf_made_v1_graph_reproduces_tensorflow(tf, name):
    tf.import_graph_def(_graph_def(name), name="")
    expected = EXPECTED[name]
    with tf.Session() as sess:
        for case in expected["cases"]:
            got = sess.run(expected["fetches"], _feeds(case))
            for value, want in zip(got, case["outputs"]):
                assert np.asarray(value).dtype == np.dtype(want["dtype"])
                np.testing.assert_allclose(value, want["value"], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["while_sum", "dynamic_rnn_lstm", "nested_while"])
def test_loop_frames_become_while_ops_with_tf_names(tf, name):
    returned = tf.import_graph_def(_graph_def(name), name="imported",
                                   return_elements=[f for f in EXPECTED[name]["fetches"]])
    g = tf.get_default_graph()
    types = {op.type for op in g.get_operations()}
    assert not types & {"Enter", "Exit", "NextIteration", "LoopCond", "Merge", "Switch"}
    assert "StatelessWhile" in types
    # TF infers no shape for a loop variable of an imported frame (a Merge with a back edge)
    exits = [op for op in g.get_operations() if "/Exit" in op.name]
    assert exits and all(op.type == "Identity" and op.outputs[0].shape.ndims is None
                         for op in exits)
    case = EXPECTED[name]["cases"][0]
    with tf.Session() as sess:
        got = sess.run(returned, {"imported/" + k: v for k, v in _feeds(case).items()})
    for value, want in zip(got, case["outputs"]):
        np.testing.assert_allclose(value, want["value"], rtol=1e-5, atol=1e-5)


def test_cond_switch_merge_static_shapes_and_value_index(tf):
    tf.import_graph_def(_graph_def("cond_branches"), name="")
    g = tf.get_default_graph()
    merge = g.get_operation_by_name("cond/Merge")
    assert [t.shape.as_list() for t in merge.outputs] == [[None, 3], []]
    assert merge.outputs[1].dtype == tf.int32
    x = np.ones([1, 3], np.float32)
    with tf.Session() as sess:
        # recorded from TF: value_index is the position of the live input (cond/Merge takes
        # the false branch first)
        assert sess.run(merge.outputs[1], {"x:0": x, "p:0": True}) == 1
        assert sess.run(merge.outputs[1], {"x:0": x, "p:0": False}) == 0


def _hand_made_switch(tf):
    g = tf.get_default_graph()
    x = tf.constant([1.0, 2.0])
    p = tf.placeholder(tf.bool, [], name="p")
    out_f, out_t = g._create_op("Switch", [x, p], {"T": tf.float32}, "Switch").outputs
    merge = g._create_op("Merge", [out_f * 2.0, out_t * 3.0], {"T": tf.float32, "N": 2},
                         "Merge")
    return p, out_f, out_t, merge


def test_dead_tensors_follow_tf_executor_semantics(tf):
    p, out_f, out_t, merge = _hand_made_switch(tf)
    with tf.control_dependencies([tf.identity(out_t)]):
        pinned = tf.constant(5.0)           # dead when its control input is
    with tf.control_dependencies([out_f.op]):
        after_switch = tf.constant(6.0)     # a Switch that ran is live on its control edges
    with tf.Session() as sess:
        value, index = sess.run(merge.outputs, {p: True})
        np.testing.assert_allclose(value, [3.0, 6.0])
        assert index == 1
        assert sess.run(pinned, {p: True}) == 5.0
        assert sess.run(after_switch, {p: False}) == 6.0
        # fetching a dead tensor: TF's 'Retval[0] does not have value'
        with pytest.raises(errors.InvalidArgumentError, match=r"Retval\[0\] does not have value"):
            sess.run(out_f, {p: True})
        with pytest.raises(errors.InvalidArgumentError, match=r"Retval\[1\] does not have value"):
            sess.run([out_f, out_t], {p: False})


def test_plans_without_switch_are_not_guarded(tf):
    p, _, _, merge = _hand_made_switch(tf)
    y = tf.constant(2.0) * 3.0 + tf.placeholder(tf.float32, [], name="z")
    with tf.Session() as sess:
        sess.run(y, {"z:0": 1.0})
        sess.run(merge.outputs[0], {p: True})
        sources = [plan.source for plan in _plans(sess)]
    assert sum("_live(" in s for s in sources) == 1


def _plans(sess):
    return [plan for _, plan in sess._plans.values()]


# d/dx sum(y * y) recorded from TF 2.21 compat.v1 for the two cases of cond_branches
_COND_GRADS = [[14.11242, 3.20126, 7.8299, 17.92714, 14.94046, 0.0],
               [9.814, 7.08621, 8.24337, 10.74413, 9.99746, 4.30779]]


def test_gradients_through_imported_switch_merge(tf):
    tf.import_graph_def(_graph_def("cond_branches"), name="")
    g = tf.get_default_graph()
    y, x = g.get_tensor_by_name("y:0"), g.get_tensor_by_name("x:0")
    (grad,) = tf.gradients(tf.reduce_sum(y * y), x)
    with tf.Session() as sess:
        for case, want in zip(EXPECTED["cond_branches"]["cases"], _COND_GRADS):
            np.testing.assert_allclose(sess.run(grad, _feeds(case)).ravel(), want, atol=1e-4)


def test_gradients_through_imported_while_frame(tf):
    # TF 2.21 raises AttributeError here (an imported frame has no WhileContext); the value
    # is d/dx sum(total ** 2) with total = sum_{i<n} i * x, i.e. 2 * total * n(n-1)/2
    tf.import_graph_def(_graph_def("while_sum"), name="")
    g = tf.get_default_graph()
    total, x = g.get_tensor_by_name("total:0"), g.get_tensor_by_name("x:0")
    (grad,) = tf.gradients(tf.reduce_sum(total * total), x)
    x_val = np.array([0.5, -1.5], np.float32)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(grad, {x: x_val, "n:0": 4}), 2 * 6 * x_val * 6,
                                   rtol=1e-6)
        np.testing.assert_allclose(sess.run(grad, {x: x_val, "n:0": 0}), [0.0, 0.0])


def test_stack_ops_push_pop_and_tf_empty_stack_error(tf):
    g = tf.get_default_graph()
    size = tf.constant(-1)
    handle = g._create_op("StackV2", [size], {"elem_type": tf.float32, "stack_name": "bar"},
                          "Stack").outputs[0]
    push = g._create_op("StackPushV2", [handle, tf.constant([1.0, 2.0])], {"T": tf.float32},
                        "Push").outputs[0]
    with tf.control_dependencies([push]):
        pop = g._create_op("StackPopV2", [handle], {"elem_type": tf.float32}, "Pop").outputs[0]
    with tf.control_dependencies([pop]):
        pop_again = g._create_op("StackPopV2", [handle], {"elem_type": tf.float32},
                                 "PopAgain").outputs[0]
    assert handle.dtype == tf.resource and push.shape.as_list() == [2]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(pop), [1.0, 2.0])
        # TF: "Stack[bar_1] is empty when calling Pop()." (the id counts stacks made)
        with pytest.raises(errors.InvalidArgumentError,
                           match=r"Stack\[bar_\d+\] is empty when calling Pop\(\)\."):
            sess.run(pop_again)


def test_a_frame_tfcompat_cannot_read_is_named(tf):
    gd = _graph_def("while_sum")
    for node in gd.node:
        if node.op == "Switch":
            node.input[1] = "while/Less"    # no LoopCond: not a loop TF writes
    with pytest.raises(ValueError, match="while loop frame 'while/while_context': expected one "
                                         "Switch on LoopCond after Merge 'while/Merge'"):
        tf.import_graph_def(gd, name="")


def test_to_torch_exports_v1_loops_and_refuses_v1_conds(tf):
    import torch

    import tfcompat.export
    tf.import_graph_def(_graph_def("while_sum"), name="")
    g = tf.get_default_graph()
    module = tfcompat.export.to_torch(g, inputs=[g.get_tensor_by_name("x:0"),
                                                 g.get_tensor_by_name("n:0")],
                                      outputs=g.get_tensor_by_name("total:0"))
    # total = sum_{i<4} i * x
    np.testing.assert_allclose(module(torch.tensor([1.0, 2.0]), torch.tensor(4)).numpy(),
                               [6.0, 12.0])
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(_graph_def("cond_branches"), name="")
        with pytest.raises(tfcompat.export.ExportError, match="control flow v1"):
            tfcompat.export.to_torch(g2, inputs=[g2.get_tensor_by_name("x:0"),
                                                 g2.get_tensor_by_name("p:0")],
                                     outputs=g2.get_tensor_by_name("y:0"))

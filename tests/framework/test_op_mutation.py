"""Private op-editing methods graph-surgery code calls (`_set_attr` with an AttrValue,
`_control_outputs`), `Tensor.set_shape`'s errors (TF's C++ MergeShapes) and `Graph.version`,
which grows with the ops added, not with edits. Recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest


def test_set_attr_takes_attr_value_protos(tf):
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    mm = tf.matmul(a, a, name="mm")
    ta = mm.op.node_def.attr["transpose_a"]
    ta.b = True
    mm.op._set_attr("transpose_a", ta)
    tb = mm.op.node_def.attr["transpose_b"]
    tb.b = False
    mm.op._set_attr("transpose_b", tb)
    note = tf.AttrValue(s=b"hello")
    mm.op._set_attr("_note", note)
    ints = tf.AttrValue()
    ints.list.i.extend([1, 2, 3])
    mm.op._set_attr("_ints", ints)
    assert mm.op.get_attr("transpose_a") is True and mm.op.get_attr("transpose_b") is False
    assert mm.op.get_attr("_note") == b"hello"
    assert mm.op.get_attr("_ints") == [1, 2, 3]
    assert mm.op.node_def.attr["transpose_a"].b is True
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(mm), [[10.0, 14.0], [14.0, 20.0]])


def test_control_outputs(tf):
    with tf.control_dependencies(None):
        n1 = tf.no_op(name="n1")
    s = tf.add(tf.constant(1.0), 1.0, name="s")
    t = tf.identity(s, name="t")
    t.op._add_control_input(n1)
    s.op._add_control_inputs([n1])
    assert sorted(o.name for o in n1._control_outputs) == ["s", "t"]  # TF: C++ edge order
    s.op._remove_all_control_inputs()
    assert [o.name for o in n1._control_outputs] == ["t"]


def test_set_shape_errors(tf):
    p = tf.placeholder(tf.float32, [2, None])
    with pytest.raises(ValueError) as info:
        p.set_shape([3, 3])
    assert str(info.value) == ("Dimension 0 in both shapes must be equal, but are 2 and 3. "
                               "Shapes are [2,?] and [3,3].")
    with pytest.raises(ValueError) as info:
        p.set_shape([2, 3, 1])
    assert str(info.value) == "Shapes must be equal rank, but are 2 and 3"
    p.set_shape([None, 4])
    assert p.shape.as_list() == [2, 4]


def test_graph_version_counts_ops_not_edits(tf):
    g = tf.get_default_graph()
    a = tf.ones([2, 3])
    assert g.version == 1
    with pytest.raises(ValueError):
        tf.matmul(a, a)
    assert g.version == 1
    with tf.Graph().as_default():
        tf.matmul(tf.ones([2, 3], name="x"), tf.ones([3, 2]), name="y")
        gd = tf.get_default_graph().as_graph_def()
    with pytest.raises(ValueError):
        tf.import_graph_def(gd, input_map={"x:0": tf.zeros([3])})
    assert g.version == len(g.get_operations()) == 2
    b = tf.identity(a)
    b.op._update_input(0, a)
    g.prevent_feeding(b)
    assert g.version == len(g.get_operations()) == 3

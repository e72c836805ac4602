"""tf.contrib.graph_editor (TF 1.15) and the Operation mutation primitives it rests on.

The primitives (`_update_input`, `_add_control_input(s)`, `_remove_all_control_inputs`) still
exist in TF 2.21 and their tests run against it. TF 2.21 has no contrib, so the editor's
expected names and values come from TF 1.15's graph_editor code read step by step (walks,
views, reroutes, copies in op creation order, one `geph__<op>_<index>` placeholder per
consumer of a copied view's input)."""
import numpy as np
import pytest

tfcompat_only = pytest.mark.tfcompat_only


def _abc(tf):
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    with tf.name_scope("foo"):
        c = tf.add(a, b, name="c")
        d = tf.multiply(c, b, name="d")
    e = tf.identity(d, name="e")
    return a, b, c, d, e


def _names(elems):
    return [x.name for x in elems]


# -- Operation mutation primitives (checked against TF 2.21) --------------------------------
def test_update_input_moves_the_edge_and_the_consumers(tf):
    a, b, c, d, e = _abc(tf)
    with tf.Session() as sess:
        assert sess.run(e) == 6.0
    c.op._update_input(0, b)
    assert _names(c.op.inputs) == ["b:0", "b:0"]
    assert a.consumers() == []
    assert b.consumers().count(c.op) == 2
    with tf.Session() as sess:
        assert sess.run(e) == 8.0


@tfcompat_only
def test_an_edit_reaches_a_session_that_already_ran_the_graph(tf):
    # TF's session keeps running the graph as it was (a warning: "This mutation will have no
    # effect"); tfcompat's sessions re-plan (known_differences)
    a, b, c, d, e = _abc(tf)
    with tf.Session() as sess:
        assert sess.run(e) == 6.0
        c.op._update_input(0, b)
        assert sess.run(e) == 8.0
        e.op._add_control_input(a.op)
        assert sess.run(e) == 8.0


def test_update_input_errors(tf):
    a = tf.placeholder(tf.float32, [2, 3], name="a")
    b = tf.placeholder(tf.float32, [4], name="b")
    c = tf.identity(a, name="c")
    with pytest.raises(TypeError, match="tensor must be a Tensor: 1.0"):
        c.op._update_input(0, 1.0)
    with pytest.raises(tf.errors.OutOfRangeError, match=r"Cannot update edge. Input index "
                       r"\[5\] is greater than the number of total inputs \[1\]."):
        c.op._update_input(5, a)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Cannot update edge, incompatible shapes: \[4\] and \[2,3\]."):
        c.op._update_input(0, b)
    with tf.Graph().as_default():
        z = tf.constant(3.0, name="z")
    with pytest.raises(ValueError, match="must be from the same graph as"):
        c.op._update_input(0, z)


def test_control_input_primitives(tf):
    a, b, c, d, e = _abc(tf)
    e.op._add_control_input(a.op)
    e.op._add_control_inputs([b.op])
    assert _names(e.op.control_inputs) == ["a", "b"]
    e.op._remove_all_control_inputs()
    assert e.op.control_inputs == []
    tf.get_default_graph().finalize()  # TF lets these edit a finalized graph
    e.op._add_control_input(c.op)
    assert _names(e.op.control_inputs) == ["foo/c"]


@tfcompat_only
def test_update_input_refuses_another_dtype(tf):
    # TF 1.15/2.21 accept it and fail (or compute garbage) at run time: known_differences
    x = tf.constant(1.0, name="x")
    i = tf.constant(1, name="i")
    y = tf.identity(x, name="y")
    with pytest.raises(TypeError, match="Input 0 of node y was passed int32 from i:0 "
                       "incompatible with expected float32"):
        y.op._update_input(0, i)


# -- graph_editor: selection and walks -------------------------------------------------------
@tfcompat_only
def test_select_by_regex_scope_and_type(tf):
    ge = tf.contrib.graph_editor
    a, b, c, d, e = _abc(tf)
    g = tf.get_default_graph()
    assert _names(ge.select_ops("^foo/", graph=g)) == ["foo/c", "foo/d"]
    assert _names(ge.select_ts("(?#ts)^foo/", graph=g)) == ["foo/c:0", "foo/d:0"]
    assert _names(ge.get_name_scope_ops(g, "foo/")) == ["foo/c", "foo/d"]
    assert _names(ge.filter_ts([c.op, d.op], True)) == ["a:0", "b:0", "foo/c:0", "foo/d:0"]
    assert _names(ge.filter_ops(g, lambda op: op.type == "Const")) == ["a", "b"]
    assert _names(ge.get_consuming_ops([b])) == ["foo/c", "foo/d"]
    assert _names(ge.get_generating_ops([c, e])) == ["foo/c", "e"]
    assert _names(ge.get_tensors(g)) == ["a:0", "b:0", "foo/c:0", "foo/d:0", "e:0"]
    ops, ts = ge.select_ops_and_ts("^foo/c$", "(?#ts)^e", graph=g)
    assert (_names(ops), _names(ts)) == (["foo/c"], ["e:0"])
    with pytest.raises(ValueError, match="Use the keyword argument 'graph' to use regex."):
        ge.select_ops("^foo")
    with pytest.raises(TypeError, match="Expected a type in"):
        ge.make_list_of_op([a])
    assert ge.make_list_of_op([a, c.op], ignore_ts=True) == [c.op]
    assert ge.make_list_of_t(c) == [c]


@tfcompat_only
def test_forward_and_backward_walks(tf):
    ge = tf.contrib.graph_editor
    a, b, c, d, e = _abc(tf)
    assert _names(ge.get_forward_walk_ops([a.op])) == ["a", "foo/c", "foo/d", "e"]
    assert _names(ge.get_forward_walk_ops([a])) == ["foo/c", "foo/d", "e"]  # its consumers
    assert _names(ge.get_forward_walk_ops([a.op], inclusive=False, stop_at_ts=[d])) == [
        "foo/c", "foo/d"]
    assert set(_names(ge.get_backward_walk_ops([e.op]))) == {"e", "foo/d", "foo/c", "a", "b"}
    assert _names(ge.get_backward_walk_ops([e.op], stop_at_ts=[c])) == ["e", "foo/d", "b"]
    assert _names(ge.get_walks_intersection_ops([a], [d])) == ["foo/c", "foo/d"]
    assert set(_names(ge.get_walks_union_ops([c], [c]))) == {
        "foo/c", "foo/d", "e", "a", "b"}
    with tf.control_dependencies([e.op]):
        f = tf.no_op(name="f")
    outputs = ge.ControlOutputs(tf.get_default_graph())
    assert outputs.get(e.op) == [f]
    assert _names(ge.get_forward_walk_ops([d.op], control_outputs=outputs)) == [
        "foo/d", "e", "f"]
    # wave by wave (TF orders a wave as a Python set; tfcompat by op creation)
    assert _names(ge.get_backward_walk_ops([f], control_inputs=True)) == [
        "f", "e", "foo/d", "b", "foo/c", "a"]


# -- graph_editor: subgraph views ---------------------------------------------------------
@tfcompat_only
def test_subgraph_view(tf):
    ge = tf.contrib.graph_editor
    a, b, c, d, e = _abc(tf)
    sgv = ge.sgv_scope("foo", tf.get_default_graph())
    assert _names(sgv.ops) == ["foo/c", "foo/d"]
    assert _names(sgv.inputs) == ["a:0", "b:0"]
    assert _names(sgv.outputs) == ["foo/d:0"]
    assert _names(sgv.remap_inputs([1]).inputs) == ["b:0"]
    assert _names(sgv.remap_outputs([0, 0]).outputs) == ["foo/d:0", "foo/d:0"]
    assert sgv.consumers() == [e.op]
    assert str(sgv).splitlines()[1:] == [
        "** ops[2]:", "foo/c", "foo/d", "** inputs[2]:", "a:0", "b:0", "** outputs[1]:",
        "foo/d:0"]
    through = ge.sgv(a)  # a lone tensor is a passthrough
    assert _names(through.inputs) == ["a:0"] and _names(through.outputs) == ["a:0"]
    assert str(ge.SubGraphView()) == "SubGraphView: empty"
    with pytest.raises(ValueError, match=r"Out of \[0, 2\[ range: 2"):
        sgv.remap_inputs([2])
    with pytest.raises(ValueError, match="Found repetition in mapping"):
        sgv.remap_inputs([0, 0])


# -- graph_editor: rerouting and editing -----------------------------------------------------
@tfcompat_only
def test_reroute_and_swap_ts_change_what_runs(tf):
    ge = tf.contrib.graph_editor
    a, b, c, d, e = _abc(tf)
    x = tf.constant(10.0, name="x")
    with tf.Session() as sess:
        assert sess.run(e) == 6.0
        assert ge.reroute_ts([x], [a]) == 1
        assert _names(c.op.inputs) == ["x:0", "b:0"] and a.consumers() == []
        assert sess.run(e) == 24.0
        assert ge.swap_ts([x], [a]) == 1
        assert sess.run(e) == 6.0
        with pytest.raises(ValueError, match="Dtypes <dtype: 'int32'> and <dtype: 'float32'> "
                           "are not compatible."):
            ge.reroute_ts([tf.constant(1)], [a])
        with pytest.raises(ValueError, match="ts0 and ts1 have different sizes: 2 != 1"):
            ge.reroute_ts([x, b], [a])


@tfcompat_only
def test_swap_inputs_connect_detach_bypass(tf):
    ge = tf.contrib.graph_editor
    p = tf.constant([1.0, 2.0], name="p")
    q = tf.constant([3.0, 5.0], name="q")
    u = tf.negative(p, name="u")
    v = tf.square(q, name="v")
    out = tf.add(u, v, name="out")
    sess = tf.Session()
    ge.swap_inputs(u.op, v.op)
    assert _names(u.op.inputs) == ["q:0"] and _names(v.op.inputs) == ["p:0"]
    np.testing.assert_allclose(sess.run(out), [-2.0, -1.0])
    ge.connect(ge.sgv(q.op), ge.sgv(v.op))
    np.testing.assert_allclose(sess.run(out), [6.0, 20.0])
    sgv, placeholders = ge.detach_inputs(u.op)
    assert _names(placeholders) == ["geph__q_0:0"] and _names(u.op.inputs) == ["geph__q_0:0"]
    np.testing.assert_allclose(sess.run(out, {placeholders[0]: [0.0, 1.0]}), [9.0, 24.0])
    _, outs = ge.detach_outputs(v.op)
    assert _names(outs) == ["geph__v_0:0"] and _names(out.op.inputs) == ["u:0", "geph__v_0:0"]
    w = tf.sqrt(q, name="w")
    z = tf.identity(w, name="z")
    _, detached = ge.bypass(w.op)
    assert _names(z.op.inputs) == ["q:0"] and _names(detached) == ["geph__q_0_1:0"]
    np.testing.assert_allclose(sess.run(z), [3.0, 5.0])


@tfcompat_only
def test_control_inputs_editing(tf):
    ge = tf.contrib.graph_editor
    a, b, c, d, e = _abc(tf)
    ge.add_control_inputs(e.op, [a.op, b.op])
    assert _names(e.op.control_inputs) == ["a", "b"]
    with pytest.raises(ValueError, match="a is already a control_input of e"):
        ge.add_control_inputs(e.op, a.op)
    ge.remove_control_inputs(e.op, [a.op])
    assert _names(e.op.control_inputs) == ["b"]
    with pytest.raises(ValueError, match="e is not a control_input of a"):
        ge.remove_control_inputs(e.op, a.op)
    ge.detach_control_inputs(ge.sgv(e.op))
    assert e.op.control_inputs == []


# -- graph_editor: copies and graph_replace -----------------------------------------------
@tfcompat_only
def test_copy_into_a_scope_makes_a_placeholder_per_input_use(tf):
    ge = tf.contrib.graph_editor
    a, b, c, d, e = _abc(tf)
    sgv, info = ge.copy(ge.sgv_scope("foo", tf.get_default_graph()), dst_scope="copy")
    assert _names(sgv.ops) == ["copy/foo/c", "copy/foo/d"]
    new_c = info.transformed(c.op)
    assert _names(new_c.inputs) == ["copy/geph__a_0:0", "copy/geph__b_0:0"]
    assert _names(info.transformed(d.op).inputs) == ["copy/foo/c:0", "copy/geph__b_0_1:0"]
    assert info.original(new_c) is c.op
    assert info.transformed(e) is None
    assert _names(sgv.outputs) == ["copy/foo/d:0"]
    assert "  foo/c => copy/foo/c" in str(info)
    sgv2, _ = ge.copy(ge.sgv_scope("foo", tf.get_default_graph()), dst_scope="copy")
    assert _names(sgv2.ops) == ["copy_1/foo/c", "copy_1/foo/d"]


@tfcompat_only
def test_copy_into_another_graph(tf):
    ge = tf.contrib.graph_editor
    a, b, c, d, e = _abc(tf)
    g2 = tf.Graph()
    sgv, info = ge.copy(ge.sgv(c.op, d.op, e.op), dst_graph=g2)
    assert sgv.graph is g2
    assert _names(g2.get_operations()) == [
        "geph__a_0", "geph__b_0", "foo/c", "geph__b_0_1", "foo/d", "e"]
    with tf.Session(graph=g2) as sess:
        assert sess.run(info.transformed(e), {"geph__a_0:0": 3.0, "geph__b_0:0": 1.0,
                                              "geph__b_0_1:0": 2.0}) == 8.0


@tfcompat_only
def test_copy_with_input_replacements_and_graph_replace(tf):
    ge = tf.contrib.graph_editor
    a, b, c, d, e = _abc(tf)
    x = tf.constant(10.0, name="x")
    sgv, info = ge.copy_with_input_replacements(ge.sgv(c.op, d.op), {a: x})
    assert _names(info.transformed(c.op).inputs) == ["x:0", "b:0"]
    with tf.Session() as sess:
        assert sess.run(info.transformed(d)) == 24.0
        e2 = ge.graph_replace(e, {b: x})
        assert e2.name == "e_1:0"
        assert _names(e2.op.inputs) == ["foo/d_2:0"]
        assert sess.run([e, e2]) == [6.0, 110.0]
        both = ge.graph_replace({"c": c, "e": e}, {a: x})
        assert sorted(both) == ["c", "e"] and sess.run(both["e"]) == 24.0
    with pytest.raises(ValueError, match="Targets and replacements are not connected!"):
        ge.graph_replace(a, {e: x})


@tfcompat_only
def test_transformer_handlers_and_control_inputs(tf):
    ge = tf.contrib.graph_editor
    a, b, c, d, e = _abc(tf)
    d.op._add_control_input(a.op)
    transformer = ge.Transformer()
    transformer.transform_external_input_handler = ge.keep_t_if_possible_handler
    sgv, info = transformer(ge.sgv(c.op, d.op), tf.get_default_graph(), "t")
    new_d = info.transformed(d.op)
    assert new_d.name == "t/foo/d" and _names(new_d.control_inputs) == ["a"]
    assert _names(info.transformed(c.op).inputs) == ["a:0", "b:0"]
    with tf.Session() as sess:
        assert sess.run(new_d.outputs[0]) == 6.0


@tfcompat_only
def test_module_surface(tf):
    ge = tf.contrib.graph_editor
    assert ge.ph(tf.float32, [2]).name == "geph:0"
    assert ge.placeholder_name(tf.constant(1.0, name="k")) == "geph__k_0"
    assert ge.placeholder_name(scope="s") == "s/geph"
    for name in ("sgv", "sgv_scope", "copy", "graph_replace", "reroute_ts", "swap_inputs",
                 "detach", "bypass", "connect", "Transformer", "SubGraphView", "util",
                 "select", "transform", "make_view", "get_walks_intersection_ops"):
        assert hasattr(ge, name), name


def test_consumers_list_one_entry_per_use(tf):
    a, b = tf.split(tf.constant([1.0, 2.0]), 2, name="s")
    tf.add(a, b, name="c")
    tf.add(a, a, name="d")
    tf.identity(b, name="e")
    assert _names(a.consumers()) == ["c", "d", "d"]
    assert _names(b.consumers()) == ["c", "e"]

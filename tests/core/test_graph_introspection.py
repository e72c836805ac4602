"""What tutorials print about a graph: attrs of ops, graph-element lookups and their errors.
Expected values recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest


def test_const_value_attr_is_a_tensor_proto(tf):
    c = tf.constant([1.0, 2.0], name="c")
    value = c.op.get_attr("value")
    assert type(value).__name__ == "TensorProto"
    assert value.dtype == 1 and [d.size for d in value.tensor_shape.dim] == [2]
    np.testing.assert_array_equal(tf.make_ndarray(value), [1.0, 2.0])
    s = tf.constant("hi").op.get_attr("value")
    assert tf.make_ndarray(s) == b"hi"


def test_tensor_lookup_by_an_operation_name(tf):
    tf.add(tf.constant(2), tf.constant(3), name="add")
    g = tf.get_default_graph()
    with pytest.raises(ValueError) as info:
        g.get_tensor_by_name("add")
    assert str(info.value) == ("The name 'add' refers to an Operation, not a Tensor. Tensor "
                               "names must be of the form \"<op_name>:<output_index>\".")
    with pytest.raises(KeyError, match="The name 'nope' refers to an Operation not in the graph"):
        g.get_operation_by_name("nope")


def test_shape_error_shows_the_attrs_the_shape_function_saw(tf):
    # the Assign is colocated with v (a _class attr), which TF adds after shape inference
    v = tf.Variable(tf.zeros([3]), name="v")
    with pytest.raises(ValueError) as info:
        v.assign(tf.zeros([4]))
    assert str(info.value) == (
        "Dimension 0 in both shapes must be equal, but are 3 and 4. Shapes are [3] and [4]. "
        "for '{{node Assign}} = Assign[T=DT_FLOAT, use_locking=false, validate_shape=true]"
        "(v, zeros_1)' with input shapes: [3], [4].")


def test_get_attr_returns_what_tf_returns(tf):
    p = tf.placeholder(tf.float32, [None, 3])
    pool = tf.nn.max_pool(tf.zeros([1, 4, 4, 1]), [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    norm = tf.nn.lrn(tf.zeros([1, 2, 2, 1]), alpha=1e-3)
    shape = p.op.get_attr("shape")
    assert type(shape).__name__ == "TensorShapeProto" and [d.size for d in shape.dim] == [-1, 3]
    assert tf.TensorShape(shape).as_list() == [None, 3]
    assert pool.op.get_attr("padding") == b"SAME" and pool.op.get_attr("data_format") == b"NHWC"
    assert pool.op.get_attr("ksize") == [1, 2, 2, 1]
    assert p.op.get_attr("dtype") == tf.float32
    assert norm.op.get_attr("alpha") == 0.0010000000474974513   # a float32


def test_collections_references_and_batch_scatter_update_methods(tf):
    # values and texts from TF 2.21 compat.v1 (Graph.collections lists the variable scope's
    # tuple keys too; a resource variable's update is an unread variable)
    graph = tf.get_default_graph()
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="v")
    r = tf.get_variable("r", initializer=[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
                        use_resource=True)
    t = tf.constant(1.0, name="c")
    tf.add_to_collection("zz", t)
    assert set(graph.collections) == {("__varscope",), "variables", "trainable_variables",
                                      ("__variable_store",), "zz"}
    ref = t.experimental_ref()
    assert ref == t.experimental_ref() and ref.deref() is t and v.experimental_ref().deref() is v
    assert len({ref, t.experimental_ref(), v.experimental_ref(), r.experimental_ref()}) == 3
    assert repr(ref) == "<Reference wrapping <tf.Tensor 'c:0' shape=() dtype=float32>>"
    delta = tf.IndexedSlices(tf.constant([[7.0], [8.0], [9.0]]), tf.constant([[1], [0], [1]]))
    a, b = v.batch_scatter_update(delta), r.batch_scatter_update(delta)
    assert a.name == "ScatterNdUpdate:0" and b.name == "ResourceScatterNdUpdate"
    with pytest.raises(TypeError, match="Argument `sparse_delta` must be a `tf.IndexedSlices`"):
        r.batch_scatter_update(tf.constant([1.0]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        expected = [[1.0, 7.0], [8.0, 4.0], [5.0, 9.0]]
        np.testing.assert_array_equal(sess.run(a), expected)
        np.testing.assert_array_equal(sess.run(b), expected)

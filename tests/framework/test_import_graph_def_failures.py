"""`tf.import_graph_def` when it fails: as TF's C importer, a failed import leaves the graph
as it was, except unused `input_map` keys, which TF reports after importing; values of
`input_map` that are not Tensors become constants in `<scope>/_inputs`. Recorded from TF 2.21
compat.v1."""
import numpy as np
import pytest


def _graph_def(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        tf.matmul(x, tf.ones([3, 2]), name="y")
    return g.as_graph_def()


def _scopes(g):
    return sorted({op.name.split("/")[0] for op in g.get_operations()})


def test_failed_imports_leave_no_ops(tf):
    gd = _graph_def(tf)
    g = tf.get_default_graph()
    inp = tf.placeholder(tf.float32, [2, 3], name="new_input")
    with pytest.raises(ValueError, match=r"Invalid return output 3 of node 'y', which has 1 "):
        tf.import_graph_def(gd, return_elements=["y:3"])
    with pytest.raises(ValueError, match=r"Dimensions must be equal, but are 4 and 3 for "
                                         r"'\{\{node import_1/y\}\} = MatMul"):
        tf.import_graph_def(gd, input_map={"x:0": tf.zeros([2, 4])})
    with pytest.raises(ValueError, match=r"Input 0 of node import_2/y was passed int32 from "
                                         r"Const:0 incompatible with expected float."):
        tf.import_graph_def(gd, input_map={"x:0": tf.constant([[1, 2, 3]])})
    assert _scopes(g) == ["Const", "new_input", "zeros"]
    (y,) = tf.import_graph_def(gd, input_map={"x:0": inp}, return_elements=["y:0"])
    assert y.name == "import_3/y:0"
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y, {inp: np.ones((2, 3), np.float32)}),
                                   [[3.0, 3.0], [3.0, 3.0]])


def test_failed_import_with_empty_name_keeps_names_free(tf):
    gd = _graph_def(tf)
    g = tf.get_default_graph()
    with pytest.raises(ValueError):
        tf.import_graph_def(gd, input_map={"x:0": tf.zeros([2, 4])}, name="")
    tf.import_graph_def(gd, name="")
    assert [op.name for op in g.get_operations() if op.type != "Const"] == ["x", "y"]
    assert g.get_tensor_by_name("y:0").op.inputs[0].op.name == "x"


def test_unused_input_map_keys_raise_after_importing(tf):
    gd = _graph_def(tf)
    g = tf.get_default_graph()
    inp = tf.placeholder(tf.float32, [2, 3], name="new_input")
    with pytest.raises(ValueError) as info:
        tf.import_graph_def(gd, input_map={"nope:0": inp})
    assert str(info.value) == ("Attempted to map inputs that were not found in graph_def: "
                               "[nope:0]")
    assert "import/y" in [op.name for op in g.get_operations()]


def test_non_tensor_input_map_values_become_constants(tf):
    gd = _graph_def(tf)
    g = tf.get_default_graph()
    (y,) = tf.import_graph_def(gd, input_map={"x:0": [[1.0, 2.0, 3.0]]},
                               return_elements=["y:0"], name="m")
    assert y.op.inputs[0].name == "m/_inputs/Const:0"
    assert y.shape.as_list() == [1, 2]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), [[6.0, 6.0]])
    with pytest.raises(ValueError) as info:
        tf.import_graph_def(gd, input_map={"x:0": [[1.0, 2.0, 3.0]]}, name="")
    assert str(info.value) == (
        "tf.import_graph_def() requires a non-empty `name` if `input_map` contains non-Tensor "
        "values. Try calling tf.convert_to_tensor() on `input_map` values before calling "
        "tf.import_graph_def().")
    with pytest.raises(ValueError, match=r"^Shape must be rank 2 but is rank 0 for "
                                         r"'\{\{node import/y\}\} = MatMul"):
        tf.import_graph_def(gd, input_map={"x:0": 3.0})
    assert "import/_inputs/Const" in [op.name for op in g.get_operations()]


def test_wrong_dtype_between_imported_nodes(tf):
    with tf.Graph().as_default() as g:
        tf.matmul(tf.ones([2, 3]), tf.constant(np.ones((3, 2), np.float32), name="w"), name="mm")
    gd = g.as_graph_def()
    for node in gd.node:
        if node.name == "w":
            node.attr["dtype"].type = tf.int32.as_datatype_enum
    with pytest.raises(ValueError) as info:
        tf.import_graph_def(gd, name="m")
    assert str(info.value) == ("Input 1 of node m/mm was passed int32 from m/w:0 "
                               "incompatible with expected float.")
    assert tf.get_default_graph().get_operations() == []

"""A meta graph exported from a scope whose ops read tensors outside it (TF's
`$unbound_inputs_<name>`): the bytes "unbound_inputs" collection, and importing it, which needs
an `input_map` keyed exactly by those names. Recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest


def _scoped_meta(tf, control=False):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        with tf.variable_scope("model"):
            y = tf.matmul(x, tf.ones([4, 3]), name="y")
            if control:
                with tf.control_dependencies([x.op]):
                    tf.identity(y, name="z")
        return tf.train.export_meta_graph(export_scope="model")


def test_unbound_inputs_collection(tf):
    meta = _scoped_meta(tf)
    col = meta.collection_def["unbound_inputs"]
    assert col.WhichOneof("kind") == "bytes_list"
    assert list(col.bytes_list.value) == [b"$unbound_inputs_x"]
    node = [n for n in meta.graph_def.node if n.name == "y"][0]
    assert list(node.input) == ["$unbound_inputs_x", "ones"]


@pytest.mark.parametrize("keys", [None, ["$unbound_inputs_x:0"], ["x:0"]])
def test_import_needs_the_exact_unbound_names(tf, keys):
    meta = _scoped_meta(tf)
    input_map = {k: tf.ones([2, 4]) for k in keys} if keys else None
    with pytest.raises(ValueError) as info:
        tf.train.import_meta_graph(meta, import_scope="sub", input_map=input_map)
    assert str(info.value) == ("Graph contains unbound inputs: $unbound_inputs_x. Must "
                               "provide these inputs through input_map.")


def test_import_with_unbound_names_mapped(tf):
    meta = _scoped_meta(tf)
    feat = tf.placeholder(tf.float32, [2, 4], name="features")
    tf.train.import_meta_graph(meta, import_scope="sub", input_map={"$unbound_inputs_x": feat})
    y = tf.get_default_graph().get_tensor_by_name("sub/y:0")
    assert [t.name for t in y.op.inputs] == ["features:0", "sub/ones:0"]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y, {feat: np.ones((2, 4))}), np.full((2, 3), 4.0))


def test_control_input_outside_scope_is_not_in_the_collection(tf):
    meta = _scoped_meta(tf, control=True)
    assert list(meta.collection_def["unbound_inputs"].bytes_list.value) == [
        b"$unbound_inputs_x"]
    with pytest.raises(ValueError) as info:
        tf.train.import_meta_graph(meta, import_scope="sub",
                                   input_map={"$unbound_inputs_x": tf.ones([2, 4])})
    assert str(info.value) == "Node 'z': Unknown input node '^$unbound_inputs_x'"

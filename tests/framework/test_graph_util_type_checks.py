"""`tf.graph_util.extract_sub_graph` takes a GraphDef, not a Graph (TF's TypeError).
Recorded from TF 2.21 compat.v1."""
import pytest


def test_extract_sub_graph_rejects_a_graph(tf):
    g = tf.get_default_graph()
    tf.identity(tf.constant(1.0), name="out")
    with pytest.raises(TypeError) as info:
        tf.graph_util.extract_sub_graph(g, ["out"])
    assert str(info.value).startswith("graph_def must be a graph_pb2.GraphDef proto, but got "
                                      "type <class '")
    sub = tf.graph_util.extract_sub_graph(g.as_graph_def(), ["out"])
    assert [n.name for n in sub.node] == ["Const", "out"]

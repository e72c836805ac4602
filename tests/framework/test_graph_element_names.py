"""Graph.as_graph_element / get_operation_by_name with names: a tensor name where an operation
is asked for, and names given as bytes. Messages recorded from TF 2.21 compat.v1."""
import pytest


def test_operation_by_tensor_name_says_it_is_a_tensor(tf):
    tf.constant(1.0, name="a")
    g = tf.get_default_graph()
    with pytest.raises(ValueError, match=r"^Name 'a:0' appears to refer to a Tensor, not a "
                                         r"Operation\.$"):
        g.get_operation_by_name("a:0")
    with pytest.raises(ValueError, match="appears to refer to a Tensor, not a Operation"):
        g.as_graph_element("a:0", allow_tensor=False)


def test_bytes_names_resolve(tf):
    a = tf.constant(1.0, name="a")
    g = tf.get_default_graph()
    assert g.as_graph_element(b"a:0") is a
    assert g.as_graph_element(b"a") is a.op

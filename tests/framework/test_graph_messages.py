"""Mixing tensors of two graphs: TF's message names both tensors and both graphs.
Recorded from TF 2.21 compat.v1."""
import pytest


def test_tensors_from_two_graphs_name_both_graphs(tf):
    a = tf.constant(1.0)
    with tf.Graph().as_default() as g2:
        b = tf.constant(2.0)
        with pytest.raises(ValueError) as info:
            tf.add(a, b)
    message = str(info.value)
    assert message.startswith('Tensor("Const:0", shape=(), dtype=float32) must be from the same '
                              'graph as Tensor("Const:0", shape=(), dtype=float32) (graphs are ')
    assert repr(g2) in message or str(g2) in message

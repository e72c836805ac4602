"""import_graph_def refuses a node whose inputs do not match its OpDef, as TF's importer does
(a ValueError naming the node), e.g. the graph TF's remove_training_nodes leaves when a node
had a control input. Recorded from TF 2.21 compat.v1."""
import pytest


def _softmax_without_input(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        tf.nn.softmax(x, name="output")
    gd = g.as_graph_def()
    node = [n for n in gd.node if n.name == "output"][0]
    del node.input[:]
    return gd


def test_node_with_too_few_inputs_is_refused_by_name(tf):
    gd = _softmax_without_input(tf)
    with tf.Graph().as_default():
        with pytest.raises(ValueError) as info:
            tf.import_graph_def(gd, name="")
    message = str(info.value)
    assert message.startswith("NodeDef expected inputs 'float' do not match 0 inputs specified;")
    assert message.endswith("NodeDef: {{node output}}")

"""Colocation through GraphDef import, as TF's importer does it: `_class: loc:@x` names are
renamed with the import prefix (also for nodes that come later), and a colocated op takes the
device of the op it is colocated with. Recorded from TF 2.21 compat.v1."""


def _graph_def(tf):
    with tf.Graph().as_default() as g:
        with tf.device("/cpu:0"):
            w = tf.get_variable("w", [3, 2], initializer=tf.constant_initializer(0.5))
            v = tf.Variable(tf.zeros([2]), name="v")
        with tf.colocate_with(w):
            tf.constant(2.0, name="k")
        del v
    return g.as_graph_def()


def _class(node):
    return list(node.attr["_class"].list.s) if "_class" in node.attr else None


def test_variable_initializer_is_colocated_with_the_variable(tf):
    nodes = {n.name: n for n in _graph_def(tf).node}
    assert _class(nodes["w/Initializer/Const"]) == [b"loc:@w"]
    assert nodes["w/Initializer/Const"].device == ""
    assert _class(nodes["w"]) == [b"loc:@w"]
    assert _class(nodes["w/read"]) == [b"loc:@w"]
    assert _class(nodes["v"]) is None   # made from a tensor, not an initializer function
    assert _class(nodes["k"]) == [b"loc:@w"]
    assert nodes["k"].device == "/device:CPU:0"


def test_import_renames_colocation_and_places_colocated_ops(tf):
    gd = _graph_def(tf)
    with tf.Graph().as_default() as g:
        tf.import_graph_def(gd, name="p")
        init = g.get_operation_by_name("p/w/Initializer/Const")
        assert init.colocation_groups() == [b"loc:@p/w"]
        assert init.device == "/device:CPU:0"   # from p/w, though its own device is empty
        assert g.get_operation_by_name("p/k").colocation_groups() == [b"loc:@p/w"]
        assert g.get_operation_by_name("p/v").device == "/device:CPU:0"

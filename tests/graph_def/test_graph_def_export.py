"""Graph -> GraphDef/NodeDef: the protos, `str(op)`, `Session.graph_def` and
`tf.train.write_graph` match what TensorFlow writes (expected values recorded with TF 2.21)."""
from __future__ import annotations

import os

import pytest
from google.protobuf import text_format
from graph_def_builders import BUILDERS
from graph_def_expected import EXPECTED

from tfcompat.io.proto import graph_pb2

pytestmark = pytest.mark.tfcompat_only


def _diff(ours, theirs):
    a = {n.name: n for n in ours.node}
    b = {n.name: n for n in theirs.node}
    lines = ["missing: %s, extra: %s" % (sorted(set(b) - set(a)), sorted(set(a) - set(b)))]
    for name in b:
        if name in a and a[name] != b[name]:
            lines.append("node %s:\nours:\n%s\ntf:\n%s" % (name, a[name], b[name]))
    return "\n".join(lines[:4])


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_graph_def_matches_tensorflow(tf, name):
    with tf.Graph().as_default() as g:
        BUILDERS[name](tf)
        ours = g.as_graph_def(add_shapes=True)
    theirs = text_format.Parse(EXPECTED[name], graph_pb2.GraphDef())
    assert [n.name for n in ours.node] == [n.name for n in theirs.node]
    assert ours == theirs, _diff(ours, theirs)


def test_without_add_shapes_there_are_no_output_shapes(tf):
    with tf.Graph().as_default() as g:
        BUILDERS["conv_net"](tf)
        gd = g.as_graph_def()
    assert not any("_output_shapes" in n.attr for n in gd.node)
    assert gd.versions.producer == tf.GRAPH_DEF_VERSION == 2474


def test_str_of_op_is_tensorflows_node_def_text(tf):
    a = tf.constant([1.0, 2.0], name="a")
    c = tf.add(a, a)
    with tf.control_dependencies([c]):
        d = tf.identity(a)
    assert str(d.op) == ('name: "Identity"\nop: "Identity"\ninput: "a"\ninput: "^Add"\nattr {\n'
                         '  key: "T"\n  value {\n    type: DT_FLOAT\n  }\n}\n')
    assert str(c.op) == ('name: "Add"\nop: "AddV2"\ninput: "a"\ninput: "a"\nattr {\n'
                         '  key: "_has_manual_control_dependencies"\n  value {\n    b: true\n'
                         '  }\n}\nattr {\n  key: "T"\n  value {\n    type: DT_FLOAT\n  }\n}\n')
    v = tf.Variable(1.0, name="v")
    assert str(v.value().op) == ('name: "v/read"\nop: "Identity"\ninput: "v"\nattr {\n'
                                 '  key: "_class"\n  value {\n    list {\n      s: "loc:@v"\n'
                                 '    }\n  }\n}\nattr {\n  key: "T"\n  value {\n'
                                 '    type: DT_FLOAT\n  }\n}\n')
    assert isinstance(v.op.node_def, tf.NodeDef)


def test_session_graph_def_and_write_graph(tf, tmp_path):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    tf.nn.relu(x * 2.0, name="out")
    with tf.Session() as sess:
        gd = sess.graph_def
    assert [n.name for n in gd.node] == ["x", "mul/y", "mul", "out"]
    text_path = tf.train.write_graph(gd, str(tmp_path / "sub"), "g.pbtxt")
    assert text_path == os.path.join(str(tmp_path / "sub"), "g.pbtxt")
    assert text_format.Parse(open(text_path).read(), graph_pb2.GraphDef()) == gd
    assert open(text_path).read().startswith('node {\n  name: "x"\n  op: "Placeholder"\n')
    bin_path = tf.train.write_graph(tf.get_default_graph(), str(tmp_path), "g.pb", as_text=False)
    assert graph_pb2.GraphDef.FromString(open(bin_path, "rb").read()) == gd
    assert not [p for p in os.listdir(tmp_path) if "tempstate" in p]


def test_imported_splat_const_is_written_back_as_it_came(tf):
    gd = tf.GraphDef()
    text_format.Parse('node { name: "z" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } }'
                      ' attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape {'
                      ' dim { size: 2 } dim { size: 3 } } float_val: 0.0 } } } }', gd)
    with tf.Graph().as_default() as g:
        tf.import_graph_def(gd, name="")
        assert g.as_graph_def().node[0] == gd.node[0]
        with tf.Session() as sess:
            assert sess.run("z:0").tolist() == [[0.0] * 3] * 2


def test_protos_and_tensor_proto_helpers_in_the_tf_namespace(tf):
    for name in ("AttrValue", "NameAttrList", "Event", "LogMessage", "SessionLog", "GraphDef",
                 "MetaGraphDef", "TensorInfo", "NodeDef", "HistogramProto", "Summary",
                 "SummaryMetadata", "TensorProto"):
        assert getattr(tf, name).DESCRIPTOR.name == name
    assert (tf.GRAPH_DEF_VERSION, tf.GRAPH_DEF_VERSION_MIN_CONSUMER,
            tf.GRAPH_DEF_VERSION_MIN_PRODUCER) == (2474, 0, 0)
    proto = tf.make_tensor_proto([1.0, 2.0])
    assert str(proto) == ('dtype: DT_FLOAT\ntensor_shape {\n  dim {\n    size: 2\n  }\n}\n'
                          'tensor_content: "\\000\\000\\200?\\000\\000\\000@"\n')
    splat = tf.make_tensor_proto(7, shape=[2, 2])
    assert list(splat.int_val) == [7] and tf.make_ndarray(splat).tolist() == [[7, 7], [7, 7]]
    assert tf.make_tensor_proto(["a", b"b"]).string_val == [b"a", b"b"]
    assert tf.make_tensor_proto(1, dtype=tf.int64).dtype == tf.int64.as_datatype_enum
    with pytest.raises(TypeError):
        tf.make_tensor_proto([1, 2], shape=[3], verify_shape=True)

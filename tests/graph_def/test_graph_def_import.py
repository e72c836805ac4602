"""`tf.import_graph_def`: names, input_map, return_elements, TF's error texts, TF-made frozen
graphs and meta graphs (expected values recorded with TensorFlow 2.21)."""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest
from google.protobuf import text_format

from tfcompat import errors
from tfcompat.io.proto import graph_pb2
from tfcompat.io.proto import meta_graph_pb2

pytestmark = pytest.mark.tfcompat_only
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _small_graph_def(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        y = tf.identity(x * 2.0, name="y")
        tf.add(y, 1.0, name="z")
    return g.as_graph_def()


def test_names_scopes_and_uniquified_names(tf):
    gd = _small_graph_def(tf)
    g = tf.get_default_graph()
    assert tf.import_graph_def(gd) is None
    tf.import_graph_def(gd)
    tf.import_graph_def(gd, name="")
    tf.import_graph_def(gd, name="")
    assert [o.name for o in g.get_operations()] == [
        "import/x", "import/mul/y", "import/mul", "import/y", "import/z/y", "import/z",
        "import_1/x", "import_1/mul/y", "import_1/mul", "import_1/y", "import_1/z/y",
        "import_1/z", "x", "mul/y", "mul", "y", "z/y", "z", "x_1", "mul/y_1", "mul_1", "y_1",
        "z/y_1", "z_1"]
    assert g.get_operation_by_name("z_1").inputs[0].name == "y_1:0"
    with tf.name_scope("outer"):
        assert tf.import_graph_def(gd, return_elements=["z:0"])[0].name == "outer/import/z:0"
        assert tf.import_graph_def(gd, return_elements=["z:0"], name="")[0].name == "z_2:0"
    assert tf.placeholder(tf.float32, name="x").name == "x_3:0"  # imported names are in use


def test_input_map_and_return_elements(tf):
    gd = _small_graph_def(tf)
    feed = tf.constant([[1.0, 2.0]])
    y_op, z = tf.import_graph_def(gd, input_map={"x": feed}, return_elements=["y", "z:0"],
                                  name="m")
    assert y_op.name == "m/y" and isinstance(y_op, tf.Operation)
    assert z.name == "m/z:0" and z.shape.as_list() == [1, 2]
    with tf.Session() as sess:
        assert sess.run(z).tolist() == [[3.0, 5.0]]
    gate = tf.no_op(name="gate")
    (w,) = tf.import_graph_def(gd, input_map={"^x": gate, "x:0": feed}, return_elements=["z:0"])
    assert w.op.inputs[0].op.name == "import/y"


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(input_map={"nope:0": 1.0}), ValueError,
     "Attempted to map inputs that were not found in graph_def: [nope:0]"),
    (dict(return_elements=["nope"]), ValueError,
     ("Requested return node 'nope' not found in graph def")),
    (dict(return_elements=["y:5"]), ValueError,
     ("Invalid return output 5 of node 'y', which has 1 output(s)")),
])
def test_reference_errors(tf, kwargs, error, message):
    gd = _small_graph_def(tf)
    if "input_map" in kwargs:
        kwargs["input_map"] = {"nope:0": tf.constant(1.0)}
    with pytest.raises(error) as info:
        tf.import_graph_def(gd, **kwargs)
    assert str(info.value) == message


def test_dtype_mismatch_consumes_the_scope_and_adds_nothing(tf):
    gd = _small_graph_def(tf)
    ci = tf.constant([1], name="ci")
    before = len(tf.get_default_graph().get_operations())
    with pytest.raises(ValueError, match=r"^Input 0 of node import/mul was passed int32 from "
                       r"ci:0 incompatible with expected float\.$"):
        tf.import_graph_def(gd, input_map={"x:0": ci})
    assert len(tf.get_default_graph().get_operations()) == before
    tf.import_graph_def(gd)
    assert tf.get_default_graph().get_operation_by_name("import_1/x")


def _graph_def(text):
    return text_format.Parse(text, graph_pb2.GraphDef())


def test_malformed_graph_defs(tf):
    with pytest.raises(TypeError, match="^Argument `graph_def` must be a GraphDef proto.$"):
        tf.import_graph_def("abc")
    with pytest.raises(errors.NotFoundError, match="^Op type not registered 'FooBarOp'"):
        tf.import_graph_def(_graph_def('node { name: "a" op: "FooBarOp" }'))
    with pytest.raises(ValueError, match="^Node 'a': Unknown input node 'missing'$"):
        tf.import_graph_def(_graph_def('node { name: "a" op: "Identity" input: "missing" }'))
    cycle = _graph_def('node { name: "a" op: "Identity" input: "b" attr { key: "T" value { '
                       'type: DT_FLOAT } } } node { name: "b" op: "Identity" input: "a" attr { '
                       'key: "T" value { type: DT_FLOAT } } }')
    with pytest.raises(ValueError, match="^2 nodes in a cycle$"):
        tf.import_graph_def(cycle, name="cyc")
    no_attr = _graph_def('node { name: "a" op: "Identity" input: "x" } node { name: "x" op: '
                         '"Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }')
    with pytest.raises(ValueError) as info:
        tf.import_graph_def(no_attr, name="noattr")
    assert str(info.value) == ("NodeDef missing attr 'T' from Op<name=Identity; signature=input:"
                               "T -> output:T; attr=T:type>; NodeDef: {{node noattr/a}}")


def test_nodes_in_any_order_and_default_attrs_added_to_the_callers_proto(tf):
    gd = _graph_def('node { name: "a" op: "MatMul" input: "x" input: "x" attr { key: "T" value '
                    '{ type: DT_FLOAT } } } node { name: "x" op: "Const" attr { key: "dtype" '
                    'value { type: DT_FLOAT } } attr { key: "value" value { tensor { dtype: '
                    'DT_FLOAT tensor_shape { dim { size: 1 } dim { size: 1 } } float_val: 3 } '
                    '} } }')
    (a,) = tf.import_graph_def(gd, return_elements=["a:0"], name="")
    assert [o.name for o in tf.get_default_graph().get_operations()] == ["x", "a"]
    assert gd.node[0].attr["transpose_a"].b is False and "grad_a" in gd.node[0].attr
    with tf.Session() as sess:
        assert sess.run(a).tolist() == [[9.0]]


def test_producer_op_list_drops_unknown_default_attrs(tf):
    gd = _graph_def('node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: '
                    'DT_FLOAT } } attr { key: "future" value { i: 3 } } }')
    producer = meta_graph_pb2.MetaGraphDef().meta_info_def.stripped_op_list
    text_format.Parse('op { name: "Placeholder" attr { name: "future" type: "int" '
                      'default_value { i: 3 } } }', producer)
    tf.import_graph_def(gd, producer_op_list=producer, name="")
    assert "future" not in gd.node[0].attr


def test_frozen_tf_mlp_reproduces_tensorflow_output(tf):
    gd = graph_pb2.GraphDef.FromString((FIXTURES / "mlp_frozen.pb").read_bytes())
    (out,) = tf.import_graph_def(gd, return_elements=["output:0"])
    assert out.shape.as_list() == [None, 3]
    with tf.Session() as sess:
        got = sess.run(out, {"import/x:0": np.load(FIXTURES / "mlp_input.npy")})
    np.testing.assert_allclose(got, np.load(FIXTURES / "mlp_output.npy"), rtol=1e-5, atol=1e-6)
    exported = tf.get_default_graph().as_graph_def()
    assert {n.op for n in exported.node} == {n.op for n in gd.node}


def test_tf_training_graph_imports_and_unsupported_ops_fail_only_when_run(tf, caplog):
    meta = meta_graph_pb2.MetaGraphDef.FromString((FIXTURES / "adam_ckpt/model.meta")
                                                  .read_bytes())
    # an op type tfcompat has no lowering for (any such type would do)
    text_format.Parse('node { name: "unsupported" op: "IgammaGradA" input: "x" input: "x" '
                      'attr { key: "T" value { type: DT_FLOAT } } }', meta.graph_def)
    with caplog.at_level(logging.WARNING):
        tf.import_graph_def(meta.graph_def, name="")
    g = tf.get_default_graph()
    grad = g.get_operation_by_name("gradients/sub_grad/BroadcastGradientArgs")
    assert [t.dtype for t in grad.outputs] == [tf.int32, tf.int32]
    data = np.load(FIXTURES / "adam_ckpt/data.npz")
    feeds = {"x:0": data["x"], "y:0": data["y"]}
    with tf.Session() as sess:
        sess.run([op for op in g.get_operations() if op.type == "Assign"
                  and not op.name.startswith(("save/", "train/"))])  # the initializers
        # TF's own gradient ops run (tfcompat/ops/tf_grad_ops.py): both sides [4, 2]
        assert [r.tolist() for r in sess.run(grad.outputs, feeds)] == [[], []]
        with pytest.raises(errors.UnimplementedError, match="IgammaGradA"):
            sess.run("unsupported:0", feeds)
    assert "IgammaGradA" in caplog.text
    ours = g.as_graph_def(add_shapes=True)
    same = sum(a == b for a, b in zip(ours.node, meta.graph_def.node))
    assert len(ours.node) == len(meta.graph_def.node) and same > 0.9 * len(ours.node)


def test_other_graph_def_classes_are_accepted(tf):
    tb_graph_pb2 = pytest.importorskip("tensorboard.compat.proto.graph_pb2")
    foreign = tb_graph_pb2.GraphDef.FromString(_small_graph_def(tf).SerializeToString())
    (z,) = tf.import_graph_def(foreign, return_elements=["z:0"])
    assert z.name == "import/z:0"

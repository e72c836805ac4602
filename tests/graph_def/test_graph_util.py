"""tf.graph_util: freezing, sub-graph extraction and training-node removal give TensorFlow's
GraphDefs (expected values recorded with TensorFlow 2.21)."""
from __future__ import annotations

import pytest
from google.protobuf import text_format

from tfcompat.io.proto import graph_pb2

pytestmark = pytest.mark.tfcompat_only

# convert_variables_to_constants(sess, sess.graph_def, ['out']) of _build(), from TensorFlow.
FROZEN = 'node {\n  name: "x"\n  op: "Placeholder"\n  attr {\n    key: "shape"\n    value {\n      shape {\n        dim {\n          size: -1\n        }\n        dim {\n          size: 3\n        }\n      }\n    }\n  }\n  attr {\n    key: "dtype"\n    value {\n      type: DT_FLOAT\n    }\n  }\n}\nnode {\n  name: "dense/kernel"\n  op: "Const"\n  attr {\n    key: "value"\n    value {\n      tensor {\n        dtype: DT_FLOAT\n        tensor_shape {\n          dim {\n            size: 3\n          }\n          dim {\n            size: 2\n          }\n        }\n        tensor_content: "\\000\\000\\000?\\000\\000\\000?\\000\\000\\000?\\000\\000\\000?\\000\\000\\000?\\000\\000\\000?"\n      }\n    }\n  }\n  attr {\n    key: "dtype"\n    value {\n      type: DT_FLOAT\n    }\n  }\n}\nnode {\n  name: "dense/kernel/read"\n  op: "Identity"\n  input: "dense/kernel"\n  attr {\n    key: "_class"\n    value {\n      list {\n        s: "loc:@dense/kernel"\n      }\n    }\n  }\n  attr {\n    key: "T"\n    value {\n      type: DT_FLOAT\n    }\n  }\n}\nnode {\n  name: "dense/bias"\n  op: "Const"\n  attr {\n    key: "value"\n    value {\n      tensor {\n        dtype: DT_FLOAT\n        tensor_shape {\n          dim {\n            size: 2\n          }\n        }\n        tensor_content: "\\315\\314\\314=\\315\\314\\314="\n      }\n    }\n  }\n  attr {\n    key: "dtype"\n    value {\n      type: DT_FLOAT\n    }\n  }\n}\nnode {\n  name: "dense/bias/read"\n  op: "Identity"\n  input: "dense/bias"\n  attr {\n    key: "_class"\n    value {\n      list {\n        s: "loc:@dense/bias"\n      }\n    }\n  }\n  attr {\n    key: "T"\n    value {\n      type: DT_FLOAT\n    }\n  }\n}\nnode {\n  name: "MatMul"\n  op: "MatMul"\n  input: "x"\n  input: "dense/kernel/read"\n  attr {\n    key: "transpose_b"\n    value {\n      b: false\n    }\n  }\n  attr {\n    key: "transpose_a"\n    value {\n      b: false\n    }\n  }\n  attr {\n    key: "grad_b"\n    value {\n      b: false\n    }\n  }\n  attr {\n    key: "grad_a"\n    value {\n      b: false\n    }\n  }\n  attr {\n    key: "T"\n    value {\n      type: DT_FLOAT\n    }\n  }\n}\nnode {\n  name: "add"\n  op: "AddV2"\n  input: "MatMul"\n  input: "dense/bias/read"\n  attr {\n    key: "T"\n    value {\n      type: DT_FLOAT\n    }\n  }\n}\nnode {\n  name: "out"\n  op: "Relu"\n  input: "add"\n  attr {\n    key: "T"\n    value {\n      type: DT_FLOAT\n    }\n  }\n}\nlibrary {\n}\nversions {\n  producer: 2474\n}\n'  # noqa: E501


def _build(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.variable_scope("dense"):
        k = tf.get_variable("kernel", [3, 2], initializer=tf.constant_initializer(0.5))
        b = tf.get_variable("bias", [2], initializer=tf.constant_initializer(0.1))
    y = tf.nn.relu(tf.matmul(x, k) + b, name="out")
    n = tf.Variable(3, name="n")
    tf.check_numerics(y, "bad")
    z = tf.identity(y, name="z")
    w = tf.identity(z, name="w")
    s = tf.stop_gradient(w, name="sg")
    with tf.control_dependencies([w]):
        tf.identity(s, name="q")
    return k, n


def test_convert_variables_to_constants(tf):
    _build(tf)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ["out"])
        partial = tf.graph_util.convert_variables_to_constants(
            sess, sess.graph_def, ["out", "n"], variable_names_whitelist=["dense/bias"])
    assert frozen == text_format.Parse(FROZEN, graph_pb2.GraphDef())
    assert [(n.name, n.op) for n in partial.node] == [
        ("x", "Placeholder"), ("dense/kernel", "VariableV2"), ("dense/kernel/read", "Identity"),
        ("dense/bias", "Const"), ("dense/bias/read", "Identity"), ("MatMul", "MatMul"),
        ("add", "AddV2"), ("out", "Relu"), ("n", "VariableV2")]
    with tf.Graph().as_default():
        (out,) = tf.import_graph_def(frozen, return_elements=["out:0"])
        with tf.Session() as sess:
            got = sess.run(out, {"import/x:0": [[1.0, 2.0, -1.0]]})
    assert got.tolist() == [[pytest.approx(1.1), pytest.approx(1.1)]]


def test_extract_sub_graph(tf):
    _build(tf)
    gd = tf.get_default_graph().as_graph_def()
    sub = tf.graph_util.extract_sub_graph(gd, ["q"])
    assert [n.name for n in sub.node] == ["x", "dense/kernel", "dense/kernel/read",
                                          "dense/bias", "dense/bias/read", "MatMul", "add",
                                          "out", "z", "w", "sg", "q"]
    assert sub.versions == gd.versions
    with pytest.raises(AssertionError, match="^nope is not in graph$"):
        tf.graph_util.extract_sub_graph(gd, ["nope"])
    with pytest.raises(TypeError, match="^dest_nodes must be an iterable of strings, but got "
                       "type <class 'str'>.$"):
        tf.graph_util.extract_sub_graph(gd, "q")


def test_remove_training_nodes(tf):
    _build(tf)
    tf.global_variables_initializer()
    out = tf.graph_util.remove_training_nodes(tf.get_default_graph().as_graph_def(), ["x"])
    assert [(n.name, list(n.input)) for n in out.node] == [
        ("x", []), ("dense/kernel/Initializer/Const", []), ("dense/kernel", []),
        ("dense/kernel/Assign", ["dense/kernel", "dense/kernel/Initializer/Const"]),
        ("dense/bias/Initializer/Const", []), ("dense/bias", []),
        ("dense/bias/Assign", ["dense/bias", "dense/bias/Initializer/Const"]),
        ("MatMul", ["x", "dense/kernel"]), ("add", ["MatMul", "dense/bias"]), ("out", ["add"]),
        ("n/initial_value", []), ("n", []), ("n/Assign", ["n", "n/initial_value"]),
        ("w", ["out"]), ("q", ["w", "^w"]),
        ("init", ["^dense/bias/Assign", "^dense/kernel/Assign", "^n/Assign"])]


def test_small_helpers(tf):
    _, n = _build(tf)
    assert tf.graph_util.must_run_on_cpu(n.op) is False
    assert tf.graph_util.must_run_on_cpu(n.op, True) is True
    assert tf.graph_util.must_run_on_cpu(tf.constant("s").op) is True
    assert tf.graph_util.tensor_shape_from_node_def_name(tf.get_default_graph(),
                                                         "x").as_list() == [None, 3]
    assert tf.graph_util.import_graph_def is tf.import_graph_def


def test_remove_training_nodes_keeps_the_function_library(tf):
    # TF drops the library (known_differences.txt); tfcompat's tf.cond is a functional If
    # calling library functions, so the stripped graph must keep them to import and run
    with tf.Graph().as_default() as g:
        p = tf.placeholder_with_default(False, [], name="p")
        x = tf.placeholder(tf.float32, [None, 2], name="input")
        v = tf.Variable([1.0, 2.0])
        tf.identity(tf.cond(p, lambda: x * v, lambda: x + v), name="output")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(),
                                                                  ["output"])
    stripped = tf.graph_util.remove_training_nodes(frozen, protected_nodes=["output"])
    assert len(stripped.library.function) == len(frozen.library.function)
    with tf.Graph().as_default():
        out, = tf.import_graph_def(stripped, return_elements=["output:0"], name="")
        with tf.Session() as sess:
            assert sess.run(out, {"input:0": [[1.0, 1.0]]}).tolist() == [[2.0, 3.0]]

"""Graph inspection: get_operations, op inputs/outputs/control inputs, get_attr, node_def text, graph lookups and their errors.

Written in the style of 2016-2019 TF1 graph-tooling scripts; main() returns the lines the
program printed, compared line by line with what TF 2.21 compat.v1 printed (goldens/)."""
import os

import numpy as np
from google.protobuf import text_format

TAGS = ['tooling']


def _fresh_dir():
    path = os.path.abspath("work_%d" % len(os.listdir(".")))
    os.makedirs(path)
    return path


def main(tf):
    lines = []

    def print(*args):  # the program's output, kept for the comparison
        lines.append(" ".join(str(a) for a in args))
    # poking at a graph, as in the "understanding the TF graph" Stack Overflow answers
    a = tf.constant([[1., 2.], [3., 4.]], name="a")
    b = tf.Variable(tf.ones([2, 2]), name="b")
    c = tf.matmul(a, b, transpose_b=True, name="c")
    with tf.control_dependencies([c]):
        d = tf.identity(c * 2.0, name="d")
    e = tf.reduce_sum(d, axis=[0, 1], keep_dims=True, name="e")
    f = tf.cast(e, tf.int32, name="f")
    s = tf.split(a, 2, axis=1, name="split")
    g = tf.get_default_graph()
    for op in g.get_operations():
        print(op.name, op.type, [i.name for i in op.inputs], [o.name for o in op.outputs],
              [ci.name for ci in op.control_inputs])
    print("c attrs", c.op.get_attr("transpose_a"), c.op.get_attr("transpose_b"), c.op.get_attr("T"))
    print("e attr", e.op.get_attr("keep_dims"), e.op.get_attr("Tidx"))
    print("f attr", f.op.get_attr("SrcT"), f.op.get_attr("DstT"))
    print("split num", s[0].op.get_attr("num_split"), [t.name for t in s])
    print("a value", a.op.get_attr("value").tensor_shape)
    print("a dtype attr", a.op.get_attr("dtype"))
    try:
        c.op.get_attr("nope")
    except ValueError as ex:
        print("ValueError", ex)
    print(text_format.MessageToString(c.op.node_def))
    print(str(d.op.node_def))
    print(e.op.node_def.attr["keep_dims"].b, e.op.node_def.attr["T"].type)
    print("consumers of a", sorted(op.name for op in a.consumers()))
    print("b.op", b.op.name, b.op.type, b.initializer.name, b.initial_value.name, b.value().name)
    gd = g.as_graph_def()
    print("graph version", gd.versions.producer > 0)
    names = [n.name for n in gd.node]
    print(names)
    print(g.get_operation_by_name("c").outputs[0] is c)
    print(g.get_tensor_by_name("split:1") is s[1])
    try:
        g.get_tensor_by_name("c")
    except ValueError as ex:
        print("ValueError", ex)
    try:
        g.get_operation_by_name("zzz")
    except KeyError as ex:
        print("KeyError", ex)
    try:
        g.as_graph_element("c:3")
    except (KeyError, ValueError) as ex:
        print(type(ex).__name__, ex)
    print(g.as_graph_element("c").name, g.as_graph_element(c.op).name)
    print(e.graph is g, e.op.graph is g, e.value_index, e.device == "", c.op.device)
    print(len(g.get_operations()), g.version > 0)
    print(d.op.values()[0].name, d.op.node_def.op)
    print(tf.get_default_graph().unique_name("c"), tf.get_default_graph().unique_name("c", mark_as_used=False))
    print(g.is_fetchable(c), g.is_feedable(a))

    return {'lines': np.array(lines)}

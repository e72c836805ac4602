"""Graph surgery: convert_variables_to_constants, extract_sub_graph, remove_training_nodes, import_graph_def return_elements/input_map and their errors.

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
    # graph surgery helpers: extract_sub_graph, remove_training_nodes, must_run_on_cpu, shapes
    tf.set_random_seed(4)
    g = tf.Graph()
    with g.as_default():
        inp = tf.placeholder(tf.float32, [None, 4], name="input")
        with tf.variable_scope("fc"):
            w = tf.get_variable("w", [4, 3], initializer=tf.constant_initializer(0.1))
            h = tf.matmul(inp, w)
        h = tf.identity(h, name="h_ident")
        h = tf.check_numerics(h, "h", name="h_check")
        h = tf.nn.dropout(h, keep_prob=1.0)
        with tf.control_dependencies([tf.no_op(name="dep")]):
            out = tf.nn.softmax(h, name="output")
        unused = tf.reduce_sum(inp, name="unused")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["output"])
            ref = sess.run(out, {inp: np.ones((1, 4), np.float32)})
    print(sorted(n.name for n in frozen.node))
    sub = tf.graph_util.extract_sub_graph(g.as_graph_def(), ["h_ident"])
    print(sorted(n.name for n in sub.node))
    try:
        tf.graph_util.extract_sub_graph(g.as_graph_def(), ["nope"])
    except AssertionError as e:
        print("AssertionError", e)
    try:
        tf.graph_util.extract_sub_graph(g.as_graph_def(), "output")
    except TypeError as e:
        print("TypeError", e)
    stripped = tf.graph_util.remove_training_nodes(frozen)
    print([(n.name, n.op) for n in stripped.node])
    stripped2 = tf.graph_util.remove_training_nodes(frozen, protected_nodes=["h_ident"])
    print(sorted(n.name for n in stripped2.node))
    print(tf.graph_util.must_run_on_cpu(g.get_operation_by_name("fc/w")),
          tf.graph_util.must_run_on_cpu(g.get_operation_by_name("output")))
    try:
        print(tf.graph_util.tensor_shape_from_node_def_name(g, "output"))
        print(tf.graph_util.tensor_shape_from_node_def_name(g, "fc/w:0"))
    except Exception as e:
        print(type(e).__name__, e)
    with tf.Graph().as_default():
        try:   # TF's remove_training_nodes drops the data input of a node with a control input
            tf.import_graph_def(stripped, name="")
        except ValueError as e:
            print("ValueError", str(e).split(";")[0], str(e).split(";")[-1])
    with tf.Graph().as_default() as g2:
        o, = tf.import_graph_def(frozen, return_elements=["output:0"], name="")
        i = g2.get_tensor_by_name("input:0")
        with tf.Session() as s:
            print(np.allclose(s.run(o, {i: np.ones((1, 4), np.float32)}), ref))
        print(o.op.inputs[0].op.type, [op.type for op in g2.get_operations()])
    with tf.Graph().as_default() as g3:
        ins, outs = tf.import_graph_def(frozen, return_elements=["input", "output"], name="net")
        print(type(ins).__name__, ins.name, outs.name, outs.type)
        try:
            tf.import_graph_def(frozen, return_elements=["nothere:0"])
        except ValueError as e:
            print("ValueError", e)
        try:
            tf.import_graph_def(frozen, input_map={"nothere:0": tf.constant(1.0)})
        except ValueError as e:
            print("ValueError", e)
        try:
            tf.import_graph_def(frozen, input_map={"input:0": tf.constant(1, tf.int32)}, name="bad")
        except ValueError as e:
            print("ValueError", e)
    print(tf.graph_util.convert_variables_to_constants.__name__)

    return {'lines': np.array(lines)}

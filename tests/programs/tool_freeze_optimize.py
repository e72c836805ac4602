"""freeze_graph.py / optimize_for_inference-style deployment of 2017-2019: a dense+batchnorm
net trained with Adam, convert_variables_to_constants, extract_sub_graph, remove_training_nodes
with protected nodes, tensor_shape_from_node_def_name, write_graph as text and binary, and
import_graph_def with input_map/return_elements under a name scope and from the .pb file."""
import os

import numpy as np

TAGS = ['graph', 'io']
TOLERANCE = {'*': (1e-5, 1e-6)}


def main(tf):
    out = {}
    gu = tf.graph_util
    xs = np.random.RandomState(1).randn(3, 5).astype(np.float32)
    with tf.Graph().as_default() as g:
        tf.set_random_seed(9)
        is_training = False
        x = tf.placeholder(tf.float32, [None, 5], name='input')
        h = tf.layers.dense(x, 4, name='fc1')
        h = tf.layers.batch_normalization(h, training=is_training, name='bn')
        h = tf.nn.relu(h)
        h = tf.layers.dropout(h, 0.5, training=is_training)
        logits = tf.layers.dense(h, 3, name='fc2')
        prob = tf.nn.softmax(tf.identity(logits, name='logits_id'), name='output')
        check = tf.check_numerics(prob, 'bad', name='check')
        loss = tf.reduce_mean(-tf.log(check[:, 0]))
        tf.train.AdamOptimizer(0.01).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            ref = sess.run(prob, {x: xs})
            gd = g.as_graph_def()
            frozen = gu.convert_variables_to_constants(sess, gd, ['output'])
        out['tshape'] = str(gu.tensor_shape_from_node_def_name(g, 'fc1/BiasAdd'))
    out['n_frozen'] = len(frozen.node)
    sub = gu.extract_sub_graph(frozen, ['output'])
    out['sub_nodes'] = sorted(n.name for n in sub.node)
    stripped = gu.remove_training_nodes(sub, protected_nodes=['output'])
    out['stripped'] = sorted((n.name, n.op) for n in stripped.node)
    out['consts'] = sorted(n.name for n in stripped.node if n.op == 'Const')
    # optimize_for_inference-like: drop CheckNumerics/Identity nodes by hand
    keep = [n for n in stripped.node if n.op not in ('CheckNumerics',)]
    out['keep_ops'] = sorted(set(n.op for n in keep))
    tf.train.write_graph(stripped, '.', 'frozen.pbtxt', as_text=True)
    path = tf.train.write_graph(stripped, os.path.abspath('out'), 'frozen.pb', as_text=False)
    out['path'] = os.path.relpath(path)
    with open('frozen.pbtxt') as f:
        out['pbtxt_head'] = f.read().splitlines()[:3]
    with tf.Graph().as_default() as g2:
        new_x = tf.placeholder(tf.float32, [None, 5], name='new_input')
        scaled = new_x * 1.0
        with tf.name_scope('serving'):
            out_t, in_op = tf.import_graph_def(stripped, input_map={'input:0': scaled},
                                              return_elements=['output:0', 'input'], name='frozen')
        out['out_name'] = out_t.name
        out['in_op'] = in_op.name
        out['g2_ops'] = sorted(o.name for o in g2.get_operations())[:8]
        with tf.Session() as sess:
            out['got'] = sess.run(out_t, {new_x: xs})
        out['ref'] = ref
    gdef = tf.GraphDef()
    with tf.gfile.GFile('out/frozen.pb', 'rb') as f:
        gdef.ParseFromString(f.read())
    with tf.Graph().as_default():
        tf.import_graph_def(gdef, name='')
        with tf.Session() as sess:
            out['got2'] = sess.run('output:0', {'input:0': xs})
    return out

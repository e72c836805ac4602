"""optimize_for_inference-style batch-norm folding by hand (2018 mobile-deployment scripts):
freeze, read Const values with tf.make_ndarray, fold FusedBatchNorm into the conv weights,
write new NodeDefs (make_tensor_proto, attr edits), strip Identity nodes, re-import and run."""
import copy

import numpy as np

TAGS = ['graph', 'nn']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    rng = np.random.RandomState(4)
    img = rng.rand(2, 6, 6, 3).astype(np.float32)
    with tf.Graph().as_default() as g:
        tf.set_random_seed(8)
        x = tf.placeholder(tf.float32, [None, 6, 6, 3], name='image')
        conv = tf.layers.conv2d(x, 4, 3, padding='same', use_bias=False, name='conv',
                                kernel_initializer=tf.random_normal_initializer(seed=3))
        bn = tf.layers.batch_normalization(conv, fused=True, training=False, name='bn',
                                           moving_mean_initializer=tf.constant_initializer(0.2),
                                           moving_variance_initializer=tf.constant_initializer(1.5),
                                           gamma_initializer=tf.constant_initializer(0.8))
        y = tf.nn.relu(bn, name='out')
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            ref = sess.run(y, {x: img})
            frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ['out'])
    frozen = tf.graph_util.remove_training_nodes(frozen, protected_nodes=['out'])
    nodes = {n.name: n for n in frozen.node}
    out['frozen_ops'] = sorted((n.name, n.op) for n in frozen.node)
    bn_node = [n for n in frozen.node if n.op.startswith('FusedBatchNorm')][0]
    out['bn_inputs'] = list(bn_node.input)
    out['bn_attrs'] = sorted(k for k in bn_node.attr)
    out['eps'] = round(bn_node.attr['epsilon'].f, 6)
    conv_node = nodes[bn_node.input[0]]
    vals = [tf.make_ndarray(nodes[name].attr['value'].tensor) for name in bn_node.input[1:5]]
    gamma, beta, mean, var = vals
    scale = gamma / np.sqrt(var + bn_node.attr['epsilon'].f)
    kernel_node = nodes[conv_node.input[1]]
    kernel = tf.make_ndarray(kernel_node.attr['value'].tensor)
    out['kernel_shape'] = list(kernel.shape)
    new_graph = tf.GraphDef()
    for n in frozen.node:
        if n.name in bn_node.input[1:5] or n.name == bn_node.name:
            continue
        new = copy.deepcopy(n)
        if n.name == kernel_node.name:
            new.attr['value'].CopyFrom(tf.AttrValue(tensor=tf.make_tensor_proto(kernel * scale)))
        new_graph.node.extend([new])
    bias = new_graph.node.add()
    bias.op, bias.name = 'Const', 'folded_bias'
    bias.attr['dtype'].CopyFrom(tf.AttrValue(type=tf.float32.as_datatype_enum))
    bias.attr['value'].CopyFrom(tf.AttrValue(tensor=tf.make_tensor_proto(beta - mean * scale)))
    add = new_graph.node.add()
    add.op, add.name = 'BiasAdd', bn_node.name
    add.input.extend([conv_node.name, 'folded_bias'])
    add.attr['T'].CopyFrom(tf.AttrValue(type=tf.float32.as_datatype_enum))
    add.attr['data_format'].CopyFrom(tf.AttrValue(s=b'NHWC'))
    out['new_ops'] = sorted((n.name, n.op) for n in new_graph.node)
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(new_graph, name='')
        out['out_shape'] = str(g2.get_tensor_by_name('out:0').shape)
        with tf.Session() as sess:
            got = sess.run('out:0', {'image:0': img})
    out['ref'] = ref
    out['got'] = got
    return out

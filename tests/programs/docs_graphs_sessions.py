"""Imitates the TensorFlow r1.x programmer's guide "Graphs and Sessions" (tensorflow.org, 2018):
naming, name scopes, devices, tensor-like objects, RunOptions/RunMetadata (trace_level,
output_partition_graphs), partial_run, FileWriter graph, multiple graphs and sessions."""
import os
import numpy as np

TAGS = ['graph', 'tooling']


def main(tf):
    out = {}
    c_0 = tf.constant(0, name="c")
    c_1 = tf.constant(2, name="c")
    with tf.name_scope("outer"):
        c_2 = tf.constant(2, name="c")
        with tf.name_scope("inner"):
            c_3 = tf.constant(3, name="c")
        c_4 = tf.constant(4, name="c")
        with tf.name_scope("inner"):
            c_5 = tf.constant(5, name="c")
    out['names'] = [t.op.name for t in (c_0, c_1, c_2, c_3, c_4, c_5)]
    out['tensor_names'] = [t.name for t in (c_0, c_5)]
    weights = tf.random_normal([784, 100], seed=1)
    with tf.device("/device:CPU:0"):
        img = tf.constant(1.0, name='img')
        result = tf.matmul(weights, weights, transpose_a=True)
    out['devices'] = [img.device, result.device, weights.device]
    with tf.device(tf.DeviceSpec(device_type="CPU", device_index=0)):
        d = tf.constant(2.0, name='ds')
    out['devspec'] = d.device
    # tensor-like objects
    x = tf.constant([[37.0, -23.0], [1.0, 4.0]])
    w = tf.Variable(tf.random_uniform([2, 2], seed=3))
    y = tf.matmul(x, w)
    output = tf.nn.softmax(y)
    init_op = w.initializer
    tl = [tf.convert_to_tensor(v).dtype.name for v in
          (3, 3.5, [1, 2], np.array([1.0, 2.0], np.float32), np.int64(3), (1.0, 2.0), [[True]])]
    out['tensor_like'] = tl
    out['y_repr'] = str(y)
    with tf.Session() as sess:
        sess.run(init_op)
        out['softmax'] = sess.run(output)
        y_val, output_val = sess.run([y, output])
        out['y_val'] = y_val
        options = tf.RunOptions()
        options.output_partition_graphs = True
        options.trace_level = tf.RunOptions.FULL_TRACE
        metadata = tf.RunMetadata()
        sess.run(y, options=options, run_metadata=metadata)
        out['has_partition_graphs'] = len(metadata.partition_graphs) > 0
        out['has_step_stats'] = len(metadata.step_stats.dev_stats) > 0
        out['trace_level'] = int(options.trace_level)
        p = tf.placeholder(tf.float32, shape=[2])
        out['feed_y'] = sess.run(tf.square(p), feed_dict={p: [1.0, 3.0]})
        try:
            sess.run(tf.square(p), {p: [1.0, 2.0, 3.0]})
        except ValueError as e:
            out['feed_shape_err'] = 'Cannot feed value of shape (3,)' in str(e)
        writer = tf.summary.FileWriter(os.path.join('.', 'log'), sess.graph)
        writer.close()
        out['event_files'] = len([f for f in os.listdir('log') if 'tfevents' in f])
    # partial_run (Session.partial_run docs): a step run in two parts
    with tf.Graph().as_default():
        a = tf.placeholder(tf.float32, shape=[])
        b = tf.placeholder(tf.float32, shape=[])
        c = tf.placeholder(tf.float32, shape=[])
        r1 = tf.add(a, b)
        r2 = tf.multiply(r1, c)
        with tf.Session() as sess:
            h = sess.partial_run_setup([r1, r2], [a, b, c])
            res = sess.partial_run(h, r1, feed_dict={a: 1, b: 2})
            res = sess.partial_run(h, r2, feed_dict={c: res})
            out['partial'] = res
    # multiple graphs
    g_1 = tf.Graph()
    with g_1.as_default():
        c = tf.constant("Node in g_1")
        sess_1 = tf.Session()
    g_2 = tf.Graph()
    with g_2.as_default():
        d = tf.constant("Node in g_2")
    sess_2 = tf.Session(graph=g_2)
    out['graphs'] = [c.graph is g_1, sess_1.graph is g_1, sess_2.graph is g_2,
                     tf.get_default_graph() is g_1]
    out['g1_ops'] = [o.name for o in g_1.get_operations()]
    out['g2_val'] = sess_2.run(d)
    try:
        sess_1.run(d)
    except (ValueError, TypeError) as e:
        out['other_graph_err'] = type(e).__name__
        out['other_graph_msg'] = 'is not an element of this graph' in str(e)
    sess_1.close(); sess_2.close()
    return out

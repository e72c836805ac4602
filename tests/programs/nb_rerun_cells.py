"""Imitates a notebook whose model cell was executed several times in one graph (course notebooks of
2016-2019): _1/_2 names of placeholders, scopes, summaries and Keras layers, get_tensor_by_name
finding the first copy, unique_name, name_scope re-entry, Keras clear_session refused inside a
nested graph, SparseTensor values printed and a constant dense_shape that may not be fed."""
import numpy as np

TAGS = ['graph', 'session', 'sparse', 'keras']


def cell_model(tf, n_in):
    x = tf.placeholder(tf.float32, [None, n_in], name='x')
    with tf.name_scope('layer1'):
        w = tf.Variable(tf.ones([n_in, 2]), name='weights')
        h = tf.nn.relu(tf.matmul(x, w), name='act')
    s = tf.summary.scalar('mean_act', tf.reduce_mean(h))
    return x, w, h, s


def main(tf):
    out = {}
    runs = [cell_model(tf, 3) for _ in range(3)]
    out['x_names'] = [r[0].name for r in runs]
    out['w_names'] = [r[1].name for r in runs]
    out['h_names'] = [r[2].name for r in runs]
    out['summary_names'] = [r[3].name for r in runs]
    out['summary_op_names'] = [r[3].op.get_attr('T').name for r in runs]
    g = tf.get_default_graph()
    out['lookup_first'] = g.get_tensor_by_name('x:0') is runs[0][0]
    out['lookup_second'] = g.get_tensor_by_name('x_1:0') is runs[1][0]
    out['manual_unique'] = [g.unique_name('x'), g.unique_name('x', mark_as_used=False),
                            g.unique_name('layer1'), g.unique_name('Layer1')]
    out['cap_name'] = tf.constant(1.0, name='X').name
    out['merged'] = tf.summary.merge_all().name
    out['summaries'] = [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feeds = {r[0]: np.full([1, 3], i + 1.0, np.float32) for i, r in enumerate(runs)}
        out['all_h'] = sess.run([r[2] for r in runs], feeds)
        out['by_name'] = sess.run('layer1_2/act:0', {'x_2:0': np.ones([2, 3])})
    # scopes re-entered by string
    with tf.name_scope('block'):
        a = tf.constant(1, name='c')
    with tf.name_scope('block'):
        b = tf.constant(1, name='c')
    with tf.name_scope('block/'):
        c = tf.constant(1, name='c')
    with tf.name_scope(None):
        d = tf.constant(1, name='top')
    out['scoped'] = [a.name, b.name, c.name, d.name]
    with tf.variable_scope('vs'):
        e = tf.constant(1, name='c')
    with tf.variable_scope('vs'):
        f = tf.constant(1, name='c')
        fv = tf.get_variable('fv', [1])
    out['vscoped'] = [e.name, f.name, fv.name]
    # Keras layers in cells, counters per graph
    K = tf.keras.backend
    l1 = tf.keras.layers.Dense(2)
    l2 = tf.keras.layers.Dense(2)
    out['keras_names'] = [l1.name, l2.name]
    y1 = l1(tf.zeros([1, 3]))
    out['keras_out'] = y1.name
    out['keras_vars'] = [v.name for v in l1.weights]
    g2 = tf.Graph()
    with g2.as_default():
        out['keras_g2'] = tf.keras.layers.Dense(2).name
        out['keras_g2_b'] = tf.keras.layers.Dense(2).name
    try:  # inside a `with graph.as_default()` (the harness's) clear_session cannot reset
        K.clear_session()
    except AssertionError as e:
        out['clear_nested'] = str(e)
    out['after_clear'] = tf.keras.layers.Dense(2).name
    out['graph_same'] = tf.get_default_graph() is g
    # SparseTensor values printed as a notebook shows them
    with tf.Graph().as_default():
        st = tf.SparseTensor([[0, 1], [2, 0]], [3, 4], [3, 3])
        dense = tf.sparse_tensor_to_dense(tf.sparse_reorder(st))
        with tf.Session() as sess:
            v = sess.run(st)
            out['sp_repr'] = repr(v)
            out['sp_fields'] = [v.indices, v.values, v.dense_shape]
            out['sp_dense'] = sess.run(dense)
            try:
                out['sp_feed'] = sess.run(tf.sparse_reduce_sum(st), {st: v})
            except ValueError as e:
                out['sp_feed'] = str(e)
            out['st_eval'] = repr(st.eval(session=sess))
    return out

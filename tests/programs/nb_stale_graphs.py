"""Imitates Jupyter notebooks of 2016-2019 (course and blog notebooks re-run out of order): several
graphs per process, tf.reset_default_graph refused inside a nested graph, Python variables still
pointing at an old graph's tensors (ops mixing graphs, control_dependencies, tf.group), running
them in a new session, eval()/run() with no session or a session of another graph,
closed sessions and a finalized graph."""
import re

import numpy as np

TAGS = ['session', 'graph', 'errors']


def err(fn):
    try:
        r = fn()
        return 'ok:' + str(r)
    except Exception as e:
        msg = re.sub(r' \(graphs are .*\)', '', str(e).split('\n')[0])
        if 'cannot be interpreted as a Tensor' in msg or 'Argument `fetch`' in msg:
            # TF 1.15 and 2.x word this differently: keep the reason in the parentheses
            msg = 'bad fetch: ' + re.sub(r'["()]', '', msg.split('. (', 1)[-1]) \
                if '. (' in msg and 'name: ' not in msg else 'bad fetch'
        return '%s: %s' % (type(e).__name__, msg)


def main(tf):
    out = {}
    # cell 1 (inside the harness's graph): reset_default_graph refuses nested graphs
    out['reset_nested'] = err(tf.reset_default_graph)
    x = tf.placeholder(tf.float32, [None, 3], name='x')
    w = tf.Variable(np.ones([3, 2], np.float32), name='w')
    y = tf.matmul(x, w, name='y')
    g_old = tf.get_default_graph()
    # cell 2: a fresh graph, old Python variables still around
    g2 = tf.Graph()
    with g2.as_default():
        out['g2_is_default'] = tf.get_default_graph() is g2
        x2 = tf.placeholder(tf.float32, [None, 3], name='x')
        out['mix_add'] = err(lambda: x2 + y[:, :1])
        out['mix_matmul'] = err(lambda: tf.matmul(x2, w))
        out['mix_concat'] = err(lambda: tf.concat([x2, y], 1))
        out['mix_identity'] = err(lambda: tf.identity(y))
        out['mix_group'] = err(lambda: tf.group(y.op, x2))
        with tf.Session() as sess:
            out['run_old_tensor'] = err(lambda: sess.run(y, {x: np.ones([1, 3])}))
            out['run_old_op'] = err(lambda: sess.run(w.initializer))
            out['feed_old_ph'] = err(lambda: sess.run(x2 * 2, {x: np.ones([1, 3])}))
            out['run_by_name_missing'] = err(lambda: sess.run('y:0'))
            out['run_by_name_bad'] = err(lambda: sess.run('y'))
            out['run_x2'] = sess.run(x2 * 2, {x2: [[1, 2, 3]]})
            out['x2_name_same'] = x2.name
        out['get_op_missing'] = err(lambda: g2.get_operation_by_name('w'))
        out['get_tensor_bad'] = err(lambda: g2.get_tensor_by_name('x'))
        out['get_tensor_noout'] = err(lambda: g2.get_tensor_by_name('x:1'))
        out['as_graph_element'] = err(lambda: g2.as_graph_element(3.0))
    out['y_graph_is_old'] = y.graph is g_old
    out['g2_finalized'] = g2.finalized
    g2.finalize()
    with g2.as_default():
        out['finalized_add'] = err(lambda: tf.constant(1.0))
    # eval without a session
    out['eval_no_sess'] = err(lambda: y.eval({x: np.ones([1, 3])}))
    out['run_no_sess'] = err(lambda: w.initializer.run())
    out['default_session_none'] = tf.get_default_session() is None
    sess = tf.Session()
    out['eval_other_graph'] = err(lambda: x2.eval(session=sess))
    sess.run(w.initializer)
    out['eval_sess_kw'] = y.eval(feed_dict={x: np.eye(3)[:2]}, session=sess)
    with sess.as_default():
        out['default_is_sess'] = tf.get_default_session() is sess
        out['eval_default'] = (y * 2).eval({x: [[1.0, 2.0, 3.0]]})
    sess.close()
    out['closed_run'] = err(lambda: sess.run(w))
    out['closed_eval'] = err(lambda: w.eval(session=sess))
    # a third graph built with the old graph's tensor inside a control_dependencies
    g3 = tf.Graph()
    with g3.as_default():
        out['ctrl_dep_other'] = err(lambda: tf.control_dependencies([y]).__enter__())
        z = tf.constant(1.0)
        out['z_name'] = z.name
    out['w_graph_vars'] = [v.name for v in g_old.get_collection('variables')]
    out['g3_vars'] = len(g3.get_collection('variables'))
    return out

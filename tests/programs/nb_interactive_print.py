"""Imitates Jupyter notebooks of 2016-2019 built on tf.InteractiveSession: Tensor.eval() and
Operation.run() without a session, initializer.run(), tf.Print and tf.print (to a file, with sep,
end, summarize, nested structures) for debugging, and with-blocks nesting a second graph and
session (and the interactive one as default again) while the first stays open."""
import os
import numpy as np

TAGS = ['session', 'summary']


def main(tf):
    out = {}
    sess = tf.InteractiveSession()
    out['default_is_sess'] = tf.get_default_session() is sess
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]], name='a')
    v = tf.Variable(tf.ones([2]), name='v')
    v.initializer.run()
    out['a_eval'] = a.eval()
    out['v_eval'] = v.eval()
    out['matvec'] = tf.linalg.matvec(a, v).eval()
    tf.assign_add(v, [1.0, 2.0]).op.run()
    out['v_after'] = v.eval()
    out['v_value_type'] = type(v.eval()).__name__
    p = tf.placeholder(tf.float32, [None])
    out['p_eval'] = (p * 2).eval(feed_dict={p: [1, 2, 3]})
    dbg = tf.Print(p, [p, tf.shape(p)], message='p is: ', summarize=2, first_n=2)
    out['print_passthrough'] = (dbg + 1).eval({p: [5.0, 6.0, 7.0]})
    out['print_name'] = dbg.op.type
    log = os.path.abspath('print_log.txt')
    pr = tf.print('step', tf.constant(3), 'vals', p, {'k': tf.constant([1, 2])},
                  output_stream='file://' + log, summarize=2, sep='|')
    with tf.control_dependencies([pr]):
        q = tf.identity(p)
    out['print_dep'] = q.eval({p: np.arange(5, dtype=np.float32)})
    q.eval({p: [1.5]})
    with open(log) as f:
        out['print_log'] = f.read()
    out['print_op_type'] = pr.type
    pr2 = tf.print(tf.constant([[1, 2, 3], [4, 5, 6]]), output_stream='file://' + log,
                   end='<END>\n')
    pr2.run()
    pr3 = tf.print('x =', tf.constant(2.5), tf.constant(True), tf.constant('str'),
                   output_stream='file://' + log)
    sess.run(pr3)
    with open(log) as f:
        out['print_log2'] = f.read()
    # a second graph and session inside with-blocks, the interactive one still open
    g = tf.Graph()
    with g.as_default():
        b = tf.constant(10.0)
        with tf.Session() as s2:
            out['inner_default'] = tf.get_default_session() is s2
            out['b_eval'] = b.eval()
            with sess.as_default():
                out['nested_default'] = tf.get_default_session() is sess
                try:
                    b.eval()
                except ValueError as e:
                    out['nested_wrong_graph'] = str(e)
            out['back_to_s2'] = tf.get_default_session() is s2
        out['s2_closed_default'] = tf.get_default_session() is sess
    out['after_with'] = tf.get_default_session() is sess
    s3 = tf.Session()
    with s3.as_default():
        s3.run(v.initializer)
        out['s3_v'] = v.eval()
    out['sess_v_still'] = v.eval()
    s3.close()
    sess.close()
    out['closed_default'] = tf.get_default_session() is None
    try:
        a.eval(session=sess)
    except RuntimeError as e:
        out['closed_eval'] = '%s: %s' % (type(e).__name__, e)
    return out

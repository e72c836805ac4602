"""Variable semantics: read/assign ordering under control_dependencies, assign with
validate_shape=False, Variable.load, initialized_value chains, report_uninitialized_variables,
is_variable_initialized, scatter ops, count_up_to, local variables, variables_initializer."""
import numpy as np
TAGS = ['variables']


def main(tf):
    out = {}
    a = tf.Variable([1.0, 2.0], name='a')
    b = tf.Variable(a.initialized_value() * 3.0, name='b')
    c = tf.Variable(0, name='c')
    loc = tf.Variable(5.0, collections=[tf.GraphKeys.LOCAL_VARIABLES], name='loc')
    inc = tf.assign_add(a, [1.0, 1.0])
    with tf.control_dependencies([inc]):
        read_after = tf.identity(a)
        plus = a + 0.0
    grow = tf.assign(c, 7)
    upto = tf.count_up_to(c, 9) if hasattr(tf, 'count_up_to') else tf.constant(0)
    s = tf.Variable(tf.zeros([4, 2]), name='s')
    sc = tf.scatter_update(s, [1, 3], [[1.0, 2.0], [3.0, 4.0]])
    sa = tf.scatter_add(s, [1, 1], [[1.0, 1.0], [1.0, 1.0]])
    sn = tf.scatter_nd_update(s, [[0, 1]], [9.0])
    free = tf.Variable(tf.zeros([2]), validate_shape=False, name='free')
    reshape_assign = tf.assign(free, tf.ones([3, 2]), validate_shape=False)
    with tf.Session() as sess:
        out['uninit_before'] = sess.run(tf.report_uninitialized_variables())
        out['is_init_a'] = sess.run(tf.is_variable_initialized(a))
        sess.run(tf.variables_initializer([a]))
        out['uninit_partial'] = sess.run(tf.report_uninitialized_variables())
        sess.run(tf.global_variables_initializer())
        sess.run(tf.local_variables_initializer())
        out['b'] = sess.run(b)
        out['read_after'] = sess.run(read_after)
        out['plus'] = sess.run(plus)
        a.load([10.0, 20.0], sess)
        out['loaded'] = sess.run(a)
        sess.run(grow)
        out['upto'] = np.array([sess.run(upto), sess.run(upto)])
        try:
            sess.run(upto)
            out['upto_err'] = 'no error'
        except tf.errors.OpError as e:
            out['upto_err'] = type(e).__name__
        out['scatter'] = sess.run(sc)
        out['scatter_add'] = sess.run(sa)
        out['scatter_nd'] = sess.run(sn)
        out['free'] = sess.run(reshape_assign)
        out['free_static'] = str(free.get_shape())
        out['loc'] = sess.run(loc)
        out['names'] = np.array([v.op.name for v in tf.global_variables()])
        out['local_names'] = np.array([v.op.name for v in tf.local_variables()])
        out['a_repr_prefix'] = repr(a).split(' ')[0] + ' ' + repr(a).split(' ')[1]
    return out

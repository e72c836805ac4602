"""Session fetch/feed structures: namedtuples, dicts, nested lists, ops as fetches (None),
feeding variables and intermediate tensors, partial_run-free make_callable, string fetches by name."""
import collections
import numpy as np
TAGS = ['session']


def main(tf):
    out = {}
    P = collections.namedtuple('P', ['a', 'b'])
    x = tf.placeholder(tf.float32, [None, 2], name='x')
    y = tf.multiply(x, 2.0, name='y')
    z = tf.reduce_sum(y, name='z')
    v = tf.Variable([1.0, 2.0], name='v')
    init = tf.global_variables_initializer()
    with tf.Session() as sess:
        out['init_fetch'] = sess.run(init)
        feed = {x: [[1, 2], [3, 4]]}
        r = sess.run(P(a=y, b=[z, {'k': z}]), feed)
        out['nt_a'] = r.a
        out['nt_type'] = type(r).__name__
        out['nested_z'] = r.b[1]['k']
        out['by_name'] = sess.run('z:0', {'x:0': np.ones((1, 2))})
        out['op_by_name'] = str(sess.run('z', {'x:0': np.ones((1, 2))}))
        out['feed_intermediate'] = sess.run(z, {y: [[10.0, 20.0]]})
        out['feed_variable'] = sess.run(v * 2, {v: [5.0, 6.0]})
        out['v_after'] = sess.run(v)
        f = sess.make_callable([z, y], feed_list=[x])
        out['callable'] = f(np.ones((3, 2), np.float32))[0]
        out['tuple_fetch'] = type(sess.run((z,), feed)).__name__
        out['feed_list_of_lists_int'] = sess.run(z, {x: [[1, 2]]})
        out['run_same_twice'] = sess.run([z, z], feed)
        for name, fn in [('feed_wrong_shape', lambda: sess.run(z, {x: np.ones((2, 3))})),
                         ('feed_non_feedable_dtype', lambda: sess.run(z, {x: [['a', 'b']]})),
                         ('fetch_int', lambda: sess.run(5)),
                         ('fetch_unknown_name', lambda: sess.run('nope:0')),
                         ('missing_feed', lambda: sess.run(z))]:
            try:
                fn()
                out[name] = 'no error'
            except Exception as e:  # noqa
                out[name] = type(e).__name__
    return out

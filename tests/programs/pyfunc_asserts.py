"""py_func / numpy_function with several outputs and stateful flags, tf.Assert and assert_*
ops failing and passing, check_numerics, control_dependencies on asserts, tf.group/tf.tuple."""
import numpy as np
TAGS = ['control_flow', 'errors']


def main(tf):
    out = {}
    x = tf.placeholder(tf.float32, [None])

    def np_stats(v):
        return np.float32(v.mean()), v.astype(np.int32) * 2
    m, d = tf.py_func(np_stats, [x], [tf.float32, tf.int32])
    out['pyfunc_shapes'] = str(m.get_shape()) + ' ' + str(d.get_shape())
    nf = tf.numpy_function(lambda v: (v * 3).astype(np.float32), [x], tf.float32)
    ok = tf.assert_positive(x, message='x must be positive')
    with tf.control_dependencies([ok]):
        guarded = tf.identity(x)
    checks = {
        'assert_eq': tf.assert_equal(tf.shape(x)[0], 3),
        'assert_less': tf.assert_less(x, 10.0),
        'assert_rank': tf.assert_rank(x, 1),
        'assert_type_ok': tf.constant(0),
        'check_numerics': tf.check_numerics(x, 'bad values'),
        'tf_assert': tf.Assert(tf.reduce_all(x > -5.0), [x]),
    }
    grp = tf.group(m, nf)
    tup = tf.tuple([x * 2.0, x + 1.0])
    with tf.Session() as sess:
        r = sess.run([m, d, nf], {x: [1.0, 2.5, 4.0]})
        out['pyfunc_m'], out['pyfunc_d'], out['numpy_fn'] = r
        out['group'] = str(sess.run(grp, {x: [1.0]}))
        out['tuple'] = sess.run(tup, {x: [1.0, 2.0]})
        out['guard_ok'] = sess.run(guarded, {x: [1.0, 2.0]})
        for feed_name, feed in (('good', [1.0, 2.0, 3.0]), ('bad', [-1.0, np.nan, 30.0])):
            for k, op in sorted(checks.items()):
                try:
                    sess.run(op, {x: feed})
                    out[k + '_' + feed_name] = 'ok'
                except tf.errors.OpError as e:
                    out[k + '_' + feed_name] = type(e).__name__
        try:
            sess.run(guarded, {x: [-1.0]})
            out['guard_bad'] = 'no error'
        except tf.errors.InvalidArgumentError as e:
            out['guard_bad'] = 'x must be positive' in e.message
        try:
            sess.run(tf.py_func(lambda v: v / 0, [tf.constant(1)], tf.int64))
            out['pyfunc_raise'] = 'no error'
        except Exception as e:  # noqa
            out['pyfunc_raise'] = type(e).__name__
    return out

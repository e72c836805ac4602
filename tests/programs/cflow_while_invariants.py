"""tf.while_loop edge tables as TF1 users hit them: shape_invariants (grown, None, tuple vs list,
wrong count or rank), bare-tensor and number loop_vars, non-scalar and non-bool conditions,
maximum_iterations (0, negative, float, int64, placeholder), parallel_iterations, placeholders
of unknown shape, NaN/inf, float16/int8/complex/string loop variables."""
import numpy as np
TAGS = ['control_flow', 'errors', 'shapes']


def _b(fn):
    try:
        return ("ok", fn())
    except Exception as e:  # noqa
        return ("B", "B:%s:%s" % (type(e).__name__, str(e).split("\n")[0][:160]))


def _cell(tf, fn, feed=None):
    with tf.Graph().as_default():
        with tf.Session() as sess:
            return _run(sess, fn, feed)


def _run(sess, fn, feed):
    kind, t = _b(fn)
    if kind == "B":
        return t
    try:
        v = sess.run(t, feed)
    except Exception as e:  # noqa
        return "E:%s" % type(e).__name__
    if isinstance(v, (list, tuple)):
        return [np.asarray(a).tolist() for a in v]
    return np.asarray(v).tolist()


def _shape(tf, fn):
    with tf.Graph().as_default():
        return _shape1(fn)


def _shape1(fn):
    kind, t = _b(fn)
    if kind == "B":
        return t
    ts = t if isinstance(t, (list, tuple)) else [t]
    return [str(x.shape) + x.dtype.name for x in ts]


def main(tf):
    out = {}
    c = lambda i, x: i < 3
    grow = lambda i, x: (i + 1, tf.concat([x, x[:1]], 0))
    x0 = lambda: tf.constant([1., 2.])
    out['grow_noinv'] = _cell(tf, lambda: tf.while_loop(c, grow, [0, x0()]))
    out['grow_inv'] = _cell(tf, lambda: tf.while_loop(c, grow, [0, x0()], shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])]))
    out['grow_inv_shape'] = _shape(tf, lambda: tf.while_loop(c, grow, [0, x0()], shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])]))
    out['inv_wrong_rank'] = _cell(tf, lambda: tf.while_loop(c, grow, [0, x0()], shape_invariants=[tf.TensorShape([]), tf.TensorShape([None, None])]))
    out['inv_incompat'] = _cell(tf, lambda: tf.while_loop(c, grow, [0, x0()], shape_invariants=[tf.TensorShape([]), tf.TensorShape([3])]))
    out['inv_unknown'] = _shape(tf, lambda: tf.while_loop(c, grow, [0, x0()], shape_invariants=[tf.TensorShape([]), tf.TensorShape(None)]))
    out['inv_count_mismatch'] = _cell(tf, lambda: tf.while_loop(c, grow, [0, x0()], shape_invariants=[tf.TensorShape([])]))
    out['inv_none'] = _shape(tf, lambda: tf.while_loop(c, grow, [0, x0()], shape_invariants=[None, tf.TensorShape([None])]))
    out['inv_tuple'] = _shape(tf, lambda: tf.while_loop(c, grow, [0, x0()], shape_invariants=(tf.TensorShape([]), tf.TensorShape([None]))))
    out['int_loop_vars'] = _shape(tf, lambda: tf.while_loop(lambda i: i < 3, lambda i: i + 1, 5))
    out['body_count'] = _cell(tf, lambda: tf.while_loop(c, lambda i, x: (i + 1,), [0, x0()]))
    out['body_count3'] = _cell(tf, lambda: tf.while_loop(c, lambda i, x: (i + 1, x, x), [0, x0()]))
    out['cond_nonbool'] = _cell(tf, lambda: tf.while_loop(lambda i: i, lambda i: i - 1, [3]))
    out['cond_vector'] = _cell(tf, lambda: tf.while_loop(lambda i: tf.stack([i < 3, i < 2]), lambda i: i + 1, [0]))
    out['cond_pybool'] = _cell(tf, lambda: tf.while_loop(lambda i: False, lambda i: i + 1, [0]))
    out['empty_loop_vars'] = _cell(tf, lambda: tf.while_loop(lambda: True, lambda: (), []))
    out['single_nonlist'] = str(_shape(tf, lambda: tf.while_loop(lambda i: i < 5, lambda i: i + 2, tf.constant(0))))[:70]
    out['single_list'] = _shape(tf, lambda: tf.while_loop(lambda i: i < 5, lambda i: [i + 2], [tf.constant(0)]))
    out['single_list_val'] = _cell(tf, lambda: tf.while_loop(lambda i: i < 5, lambda i: [i + 2], [tf.constant(0)]))
    out['tuple1'] = _shape(tf, lambda: tf.while_loop(lambda i: i < 5, lambda i: (i + 2,), (tf.constant(0),)))
    # maximum_iterations
    for mi in [0, 1, 2, 10]:
        out['maxit_%d' % mi] = _cell(tf, lambda: tf.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s * 2.), [0, 1.], maximum_iterations=mi))
    out['maxit_neg'] = _cell(tf, lambda: tf.while_loop(lambda i: i < 5, lambda i: i + 1, [0], maximum_iterations=-1))
    out['maxit_float'] = _cell(tf, lambda: tf.while_loop(lambda i: i < 5, lambda i: i + 1, [0], maximum_iterations=2.))
    out['maxit_ph'] = _cell(tf, lambda: tf.while_loop(lambda i: i < 5, lambda i: i + 1, [0], maximum_iterations=tf.placeholder(tf.int32, [], name='mp')), {'mp:0': 3})
    out['maxit_int64'] = _cell(tf, lambda: tf.while_loop(lambda i: i < 5, lambda i: i + 1, [0], maximum_iterations=tf.constant(2, tf.int64)))
    out['maxit_vec'] = _cell(tf, lambda: tf.while_loop(lambda i: i < 5, lambda i: i + 1, [0], maximum_iterations=[2]))
    out['maxit_shape'] = _shape(tf, lambda: tf.while_loop(lambda i, x: i < 5, lambda i, x: (i + 1, tf.concat([x, x], 0)), [0, x0()], maximum_iterations=2, shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])]))
    for pi in [1, 10, 32]:
        out['par_%d' % pi] = _cell(tf, lambda: tf.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s + tf.cast(i, tf.float32)), [0, 0.], parallel_iterations=pi))
    out['par_0'] = _cell(tf, lambda: tf.while_loop(lambda i: i < 4, lambda i: i + 1, [0], parallel_iterations=0))
    out['par_neg'] = _cell(tf, lambda: tf.while_loop(lambda i: i < 4, lambda i: i + 1, [0], parallel_iterations=-2))
    out['swap_mem'] = _cell(tf, lambda: tf.while_loop(lambda i: i < 4, lambda i: i + 1, [0], swap_memory=True))
    # unknown shapes via placeholder
    p = lambda: tf.placeholder(tf.float32, [None, 2], name='p')
    out['ph_shape'] = _shape(tf, lambda: tf.while_loop(lambda i, x: i < 2, lambda i, x: (i + 1, x * 2.), [0, p()]))
    out['ph_val'] = _cell(tf, lambda: tf.while_loop(lambda i, x: i < 2, lambda i, x: (i + 1, x * 2.), [0, p()]), {'p:0': np.ones((3, 2), np.float32)})
    out['ph_empty'] = _cell(tf, lambda: tf.while_loop(lambda i, x: i < 2, lambda i, x: (i + 1, x * 2.), [0, p()]), {'p:0': np.ones((0, 2), np.float32)})
    out['ph_grow_err'] = _cell(tf, lambda: tf.while_loop(lambda i, x: i < 2, lambda i, x: (i + 1, tf.concat([x, x], 1)), [0, p()]))
    out['scalar_to_vec'] = _cell(tf, lambda: tf.while_loop(lambda i, x: i < 2, lambda i, x: (i + 1, tf.reshape(x, [1])), [0, 1.]))
    pu = lambda: tf.placeholder(tf.float32, name='pu')
    out['ph_unknown_rank'] = _shape(tf, lambda: tf.while_loop(lambda i, x: i < 2, lambda i, x: (i + 1, tf.expand_dims(x, 0)), [0, pu()]))
    out['ph_unknown_rank_v'] = _cell(tf, lambda: tf.while_loop(lambda i, x: i < 2, lambda i, x: (i + 1, tf.expand_dims(x, 0)), [0, pu()]), {'pu:0': 3.})
    out['nan_inf'] = _cell(tf, lambda: tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * 1e20), [0, tf.constant([1e20, np.nan, -np.inf])]))
    out['f16'] = _cell(tf, lambda: tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * tf.constant(300., tf.float16)), [0, tf.constant(1., tf.float16)]))
    out['i8_overflow'] = _cell(tf, lambda: tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * tf.constant(10, tf.int8)), [0, tf.constant(5, tf.int8)]))
    out['complex'] = _cell(tf, lambda: tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * tf.constant(1j, tf.complex64)), [0, tf.constant(1 + 1j, tf.complex64)]))
    out['string'] = _cell(tf, lambda: tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x + "a"), [0, tf.constant("s")]))
    out['bool_var'] = _cell(tf, lambda: tf.while_loop(lambda i, b: i < 3, lambda i, b: (i + 1, tf.logical_not(b)), [0, True]))
    out['cond_on_var'] = _cell(tf, lambda: tf.while_loop(lambda i, b: b, lambda i, b: (i + 1, i < 3), [0, True]))
    out['names'] = _shape(tf, lambda: tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0], name='myloop'))
    return out

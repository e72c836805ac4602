"""tf.case and tf.switch_case tables: list vs dict pairs, exclusive, default or none, strict,
empty pairs, non-callable or non-bool arguments, structure/dtype mismatches, out-of-range and
non-scalar indices, switch_case's key checks, and gradients through both."""
import collections
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
    return _conv(v)


def _conv(v):
    if isinstance(v, dict):
        return {k: _conv(a) for k, a in v.items()}
    if isinstance(v, (list, tuple)):
        return [_conv(a) for a in v]
    if v is None:
        return "None"
    return np.asarray(v).tolist()


def _shape(tf, fn):
    with tf.Graph().as_default():
        return _shape1(fn)


def _shape1(fn):
    kind, t = _b(fn)
    if kind == "B":
        return t
    return _sig(t)


def _sig(t):
    if isinstance(t, dict):
        return {k: _sig(a) for k, a in t.items()}
    if isinstance(t, (list, tuple)):
        return [_sig(a) for a in t]
    if t is None:
        return "None"
    if hasattr(t, "dense_shape"):
        return "Sparse:" + t.values.dtype.name
    if hasattr(t, "flow"):
        return "TA:" + t.dtype.name
    return "%s:%s:%s" % (t.name, t.shape, t.dtype.name)


def main(tf):
    out = {}
    c = tf.constant
    def pairs(xv):
        x = tf.placeholder_with_default(np.int32(xv), [], name='x')
        return x, [(x < 0, lambda: c(-1)), (x < 5, lambda: c(5)), (x < 10, lambda: c(10))]
    for xv in (-3, 3, 7, 20):
        out['list_%d' % xv] = _cell(tf, lambda: tf.case(pairs(xv)[1], default=lambda: c(99)))
        out['excl_%d' % xv] = _cell(tf, lambda: tf.case(pairs(xv)[1], default=lambda: c(99), exclusive=True))
    out['no_default_miss'] = _cell(tf, lambda: tf.case(pairs(20)[1]))
    out['no_default_hit'] = _cell(tf, lambda: tf.case(pairs(3)[1]))
    out['no_default_sig'] = _shape(tf, lambda: tf.case(pairs(3)[1]))
    out['sig'] = _shape(tf, lambda: tf.case(pairs(3)[1], default=lambda: c(99)))
    out['sig_named'] = _shape(tf, lambda: tf.case(pairs(3)[1], default=lambda: c(99), name='mycase'))
    out['sig_excl'] = _shape(tf, lambda: tf.case(pairs(3)[1], default=lambda: c(99), exclusive=True))
    out['dict'] = _cell(tf, lambda: tf.case(dict(pairs(7)[1]), default=lambda: c(99)))
    out['ordered_dict'] = _cell(tf, lambda: tf.case(collections.OrderedDict(pairs(7)[1]), default=lambda: c(99)))
    out['empty_pairs_default'] = _cell(tf, lambda: tf.case([], default=lambda: c(99)))
    out['empty_pairs'] = _cell(tf, lambda: tf.case([]))
    out['single_pair'] = _cell(tf, lambda: tf.case([(c(False), lambda: c(1))], default=lambda: c(2)))
    out['single_pair_nodef'] = _cell(tf, lambda: tf.case([(c(False), lambda: c(1))]))
    out['pred_not_bool'] = _cell(tf, lambda: tf.case([(c(1), lambda: c(1))], default=lambda: c(2)))
    out['pred_python_bool'] = _cell(tf, lambda: tf.case([(True, lambda: c(1))], default=lambda: c(2)))
    out['fn_not_callable'] = _cell(tf, lambda: tf.case([(c(True), c(1))], default=lambda: c(2)))
    out['default_not_callable'] = _cell(tf, lambda: tf.case([(c(True), lambda: c(1))], default=c(2)))
    out['multi_true'] = _cell(tf, lambda: tf.case([(c(True), lambda: c(1)), (c(True), lambda: c(2))], default=lambda: c(3)))
    out['multi_true_excl'] = _cell(tf, lambda: tf.case([(c(True), lambda: c(1)), (c(True), lambda: c(2))], default=lambda: c(3), exclusive=True))
    out['tuple_out'] = _cell(tf, lambda: tf.case([(c(False), lambda: (c(1), c(2.)))], default=lambda: (c(3), c(4.))))
    out['tuple_out_sig'] = _shape(tf, lambda: tf.case([(c(False), lambda: (c(1), c(2.)))], default=lambda: (c(3), c(4.))))
    out['list1_out'] = _shape(tf, lambda: tf.case([(c(False), lambda: [c(1)])], default=lambda: [c(3)]))
    out['list1_strict'] = _shape(tf, lambda: tf.case([(c(False), lambda: [c(1)])], default=lambda: [c(3)], strict=True))
    out['dict_out'] = _cell(tf, lambda: tf.case([(c(True), lambda: {'a': c(1)})], default=lambda: {'a': c(3)}))
    out['dtype_mismatch'] = _cell(tf, lambda: tf.case([(c(True), lambda: c(1))], default=lambda: c(3.)))
    out['struct_mismatch'] = _cell(tf, lambda: tf.case([(c(True), lambda: (c(1), c(2)))], default=lambda: c(3)))
    out['shape_mismatch'] = _shape(tf, lambda: tf.case([(c(True), lambda: c([1, 2]))], default=lambda: c([3])))
    out['ph_pred'] = _cell(tf, lambda: tf.case([(tf.placeholder(tf.bool, [], name='pb'), lambda: c(1))], default=lambda: c(3)), {'pb:0': False})
    out['vec_pred'] = _cell(tf, lambda: tf.case([(c([True]), lambda: c(1))], default=lambda: c(3)))
    out['none_out'] = _cell(tf, lambda: tf.case([(c(True), lambda: None)], default=lambda: None))
    # switch_case
    br = [lambda: c(10), lambda: c(20), lambda: c(30)]
    for i in (0, 2, 5, -1):
        out['sw_%d' % i] = _cell(tf, lambda: tf.switch_case(c(i), br))
        out['swd_%d' % i] = _cell(tf, lambda: tf.switch_case(c(i), br, default=lambda: c(-7)))
    out['sw_sig'] = _shape(tf, lambda: tf.switch_case(c(1), br))
    out['sw_sig_named'] = _shape(tf, lambda: tf.switch_case(c(1), br, name='sw'))
    out['sw_dict'] = _cell(tf, lambda: tf.switch_case(c(3), {1: lambda: c(1), 3: lambda: c(3)}))
    out['sw_dict_gap'] = _cell(tf, lambda: tf.switch_case(c(2), {1: lambda: c(1), 3: lambda: c(3)}))
    out['sw_dict_bad_key'] = _cell(tf, lambda: tf.switch_case(c(0), {'a': lambda: c(1)}))
    out['sw_int64'] = _cell(tf, lambda: tf.switch_case(c(1, tf.int64), br))
    out['sw_float_idx'] = _cell(tf, lambda: tf.switch_case(c(1.), br))
    out['sw_vec_idx'] = _cell(tf, lambda: tf.switch_case(c([1]), br))
    out['sw_py_idx'] = _cell(tf, lambda: tf.switch_case(1, br))
    out['sw_empty'] = _cell(tf, lambda: tf.switch_case(c(0), []))
    out['sw_noncallable'] = _cell(tf, lambda: tf.switch_case(c(0), [c(1)]))
    out['sw_tuple'] = _cell(tf, lambda: tf.switch_case(c(1), [lambda: (c(1), c(2.)), lambda: (c(3), c(4.))]))
    out['sw_mismatch'] = _cell(tf, lambda: tf.switch_case(c(1), [lambda: c(1), lambda: c(1.)]))
    out['sw_shape_mismatch'] = _shape(tf, lambda: tf.switch_case(c(1), [lambda: c([1]), lambda: c([1, 2])]))
    out['sw_ph'] = _cell(tf, lambda: tf.switch_case(tf.placeholder(tf.int32, [], name='bi'), br), {'bi:0': 1})
    def grad_case():
        x = tf.placeholder(tf.float32, [], name='x')
        r = tf.case([(x < 0., lambda: x * x), (x < 2., lambda: x * 3.)], default=lambda: tf.sin(x))
        s = tf.switch_case(tf.cast(x, tf.int32), [lambda: x * 2., lambda: x * x], default=lambda: -x)
        g = tf.gradients([r, s], x)[0]
        with tf.Session() as sess:
            return [sess.run([r, s, g], {x: v}) for v in (-1., 1., 1.5, 3.)]
    with tf.Graph().as_default():
        out['grads'] = _conv(grad_case())
    return out

"""Gradients through tf.while_loop / tf.cond / tf.case / tf.switch_case / map_fn / scan / folds:
loop counters, stop_gradient inside a body, back_prop=False, maximum_iterations, loop variables
passed through untouched (None), nested loops, TensorArrays, placeholders of unknown length."""
import numpy as np
TAGS = ['control_flow', 'gradients']


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


def _grads(tf, build, feed=None):
    with tf.Graph().as_default():
        with tf.Session() as sess:
            kind, ts = _b(build)
            if kind == "B":
                return ts
            ys, xs = ts
            kind, g = _b(lambda: tf.gradients(ys, xs))
            if kind == "B":
                return g
            res = [("None" if t is None else "%s:%s" % (t.shape, t.dtype.name)) for t in g]
            try:
                vals = sess.run([t for t in g if t is not None], feed)
            except Exception as e:  # noqa
                return res + ["E:%s" % type(e).__name__]
            return res + [np.asarray(v).round(5).tolist() for v in vals]


def main(tf):
    out = {}
    c = tf.constant

    def w_pow():
        x = c(2.)
        _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), [0, c(1.)])
        return y, [x]
    out['while_pow'] = _grads(tf, w_pow)

    def w_counter():
        x = c(2.)
        i, y = tf.while_loop(lambda i, y: i < 3., lambda i, y: (i + 1., y * x), [c(0.), x])
        return i + y, [x]
    out['while_counter_float'] = _grads(tf, w_counter)

    def w_counter_int():
        x = c(2.)
        i, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), [0, x])
        return [tf.cast(i, tf.float32), y], [x]
    out['while_counter_int'] = _grads(tf, w_counter_int)

    def w_wrt_init_counter():
        i0 = c(0.)
        i, y = tf.while_loop(lambda i, y: i < 3., lambda i, y: (i + 1., y + i * i), [i0, c(0.)])
        return y, [i0]
    out['while_wrt_counter_init'] = _grads(tf, w_wrt_init_counter)

    def w_stop():
        x = c(3.)
        _, y = tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, tf.stop_gradient(y) * x + y), [0, x])
        return y, [x]
    out['while_stop_gradient'] = _grads(tf, w_stop)

    def w_noprop():
        x = c(3.)
        _, y = tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, y * x), [0, x], back_prop=False)
        return y, [x]
    out['while_back_prop_false'] = _grads(tf, w_noprop)

    def w_maxit():
        x = c(1.5)
        _, y = tf.while_loop(lambda i, y: y < 100., lambda i, y: (i + 1, y * x), [0, x], maximum_iterations=4)
        return y, [x]
    out['while_maxit'] = _grads(tf, w_maxit)

    def w_ph():
        x = tf.placeholder(tf.float32, [None], name='x')
        n = tf.placeholder(tf.int32, [], name='n')
        _, y = tf.while_loop(lambda i, y: i < n, lambda i, y: (i + 1, tf.sin(y)), [0, x])
        return tf.reduce_sum(y), [x]
    out['while_ph'] = _grads(tf, w_ph, {'x:0': np.array([0.5, 1., 2.], np.float32), 'n:0': 3})
    out['while_ph_zero_iter'] = _grads(tf, w_ph, {'x:0': np.array([0.5], np.float32), 'n:0': 0})

    def w_unused():
        x = c(2.)
        z = c(5.)
        _, y, w = tf.while_loop(lambda i, y, w: i < 2, lambda i, y, w: (i + 1, y * x, w), [0, x, z])
        return y, [x, z]
    out['while_unused_var'] = _grads(tf, w_unused)

    def w_f64():
        x = c(1.1, tf.float64)
        _, y = tf.while_loop(lambda i, y: i < 5, lambda i, y: (i + 1, y * y), [0, x])
        return y, [x]
    out['while_f64'] = _grads(tf, w_f64)

    def w_nested():
        x = c(2.)
        def outer(i, acc):
            _, inner = tf.while_loop(lambda j, a: j < i, lambda j, a: (j + 1, a * x), [0, c(1.)])
            return i + 1, acc + inner
        _, y = tf.while_loop(lambda i, acc: i < 4, outer, [0, c(0.)])
        return y, [x]
    out['while_nested'] = _grads(tf, w_nested)

    def w_ta():
        x = c([1., 2., 3.])
        ta = tf.TensorArray(tf.float32, size=3)
        def body(i, ta):
            return i + 1, ta.write(i, x[i] * x[i])
        _, ta = tf.while_loop(lambda i, ta: i < 3, body, [0, ta])
        return tf.reduce_sum(ta.stack() * [1., 10., 100.]), [x]
    out['while_tensor_array'] = _grads(tf, w_ta)

    def w_int_var():
        x = c(2)
        _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), [0, x])
        return y, [x]
    out['while_int_grad'] = _grads(tf, w_int_var)

    # cond
    def cond_g(pv):
        def build():
            x = c(3.)
            z = c(4.)
            p = tf.placeholder_with_default(pv, [])
            y = tf.cond(p, lambda: x * x, lambda: x * z)
            return y, [x, z]
        return build
    out['cond_true'] = _grads(tf, cond_g(True))
    out['cond_false'] = _grads(tf, cond_g(False))

    def cond_const_branch():
        x = c(3.)
        y = tf.cond(c(True), lambda: c(1.), lambda: x)
        return y, [x]
    out['cond_const_branch'] = _grads(tf, cond_const_branch)

    def cond_stop():
        x = c(3.)
        y = tf.cond(c(True), lambda: tf.stop_gradient(x) * x, lambda: x)
        return y, [x]
    out['cond_stop'] = _grads(tf, cond_stop)

    def cond_tuple():
        x = c(3.)
        a, b = tf.cond(c(False), lambda: (x, x * 2.), lambda: (x * x, c(0.)))
        return [a, b], [x]
    out['cond_tuple'] = _grads(tf, cond_tuple)

    def cond_pred_grad():
        x = c(3.)
        y = tf.cond(x > 2., lambda: x * 5., lambda: x)
        return y, [x]
    out['cond_pred_dep'] = _grads(tf, cond_pred_grad)

    def cond_in_while():
        x = c(1.5)
        def body(i, y):
            return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: y * x, lambda: y + x)
        _, y = tf.while_loop(lambda i, y: i < 4, body, [0, c(1.)])
        return y, [x]
    out['cond_in_while'] = _grads(tf, cond_in_while)

    def case_g():
        x = c(2.)
        y = tf.case([(x > 5., lambda: x), (x > 1., lambda: x * x * x)], default=lambda: -x)
        return y, [x]
    out['case'] = _grads(tf, case_g)

    def sw_g():
        x = c(2.)
        y = tf.switch_case(c(1), [lambda: x, lambda: tf.exp(x)])
        return y, [x]
    out['switch_case'] = _grads(tf, sw_g)

    # functional
    def map_g():
        x = c([1., 2., 3.])
        w = c(2.)
        y = tf.map_fn(lambda v: v * v * w, x)
        return tf.reduce_sum(y), [x, w]
    out['map_fn'] = _grads(tf, map_g)

    def map_noprop():
        x = c([1., 2., 3.])
        y = tf.map_fn(lambda v: v * v, x, back_prop=False)
        return tf.reduce_sum(y), [x]
    out['map_fn_back_prop_false'] = _grads(tf, map_noprop)

    def map_tuple():
        x = c([1., 2.])
        a, b = tf.map_fn(lambda v: (v * 2., v * v), x, dtype=(tf.float32, tf.float32))
        return [a, b], [x]
    out['map_fn_tuple'] = _grads(tf, map_tuple)

    def scan_g():
        x = c([1., 2., 3.])
        y = tf.scan(lambda a, v: a * v, x, initializer=c(1.))
        return tf.reduce_sum(y), [x]
    out['scan'] = _grads(tf, scan_g)

    def scan_rev():
        x = c([1., 2., 3.])
        y = tf.scan(lambda a, v: a * 0.5 + v, x, reverse=True)
        return y, [x]
    out['scan_reverse'] = _grads(tf, scan_rev)

    def scan_init():
        x = c([1., 2., 3.])
        a0 = c(2.)
        y = tf.scan(lambda a, v: a * v, x, initializer=a0)
        return y[-1], [x, a0]
    out['scan_initializer'] = _grads(tf, scan_init)

    def fold_g():
        x = c([1., 2., 3.])
        return [tf.foldl(lambda a, v: a * v + 1., x), tf.foldr(lambda a, v: a * v + 1., x)], [x]
    out['folds'] = _grads(tf, fold_g)

    def fold_ph():
        x = tf.placeholder(tf.float32, [None], name='x')
        return tf.foldl(lambda a, v: a + v * v, x, initializer=c(0.)), [x]
    out['fold_ph'] = _grads(tf, fold_ph, {'x:0': np.array([1., -2.], np.float32)})
    return out

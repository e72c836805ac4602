"""tf.map_fn / tf.scan / tf.foldl / tf.foldr tables: dtype for changed structures, infer_shape,
unknown and empty lengths, mismatched elems, strings, float16/complex/bool, reverse,
initializers, tuple accumulators, overflow and NaN."""
import numpy as np
TAGS = ['control_flow', 'errors', 'strings']


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
    x3 = lambda: c([1., 2., 3.])
    # map_fn
    out['map_basic'] = _cell(tf, lambda: tf.map_fn(lambda v: v * 2., x3()))
    out['map_sig'] = _shape(tf, lambda: tf.map_fn(lambda v: v * 2., x3()))
    out['map_named'] = _shape(tf, lambda: tf.map_fn(lambda v: v * 2., x3(), name='mm'))
    out['map_dtype_change_nodtype'] = _cell(tf, lambda: tf.map_fn(lambda v: tf.cast(v, tf.int32), x3()))
    out['map_dtype_change'] = _cell(tf, lambda: tf.map_fn(lambda v: tf.cast(v, tf.int32), x3(), dtype=tf.int32))
    out['map_tuple_in'] = _cell(tf, lambda: tf.map_fn(lambda ab: ab[0] + ab[1], (x3(), x3())))
    out['map_tuple_in_dtype'] = _cell(tf, lambda: tf.map_fn(lambda ab: ab[0] + ab[1], (x3(), x3()), dtype=tf.float32))
    out['map_tuple_out'] = _cell(tf, lambda: tf.map_fn(lambda v: (v, v * 2), x3(), dtype=(tf.float32, tf.float32)))
    out['map_tuple_out_nodtype'] = _cell(tf, lambda: tf.map_fn(lambda v: (v, v * 2), x3()))
    out['map_tuple_out_sig'] = _shape(tf, lambda: tf.map_fn(lambda v: (v, tf.cast(v, tf.int64)), x3(), dtype=(tf.float32, tf.int64)))
    out['map_dict_out'] = _cell(tf, lambda: tf.map_fn(lambda v: {'a': v}, x3(), dtype={'a': tf.float32}))
    out['map_wrong_dtype'] = _cell(tf, lambda: tf.map_fn(lambda v: tf.cast(v, tf.int32), x3(), dtype=tf.float64))
    out['map_wrong_struct'] = _cell(tf, lambda: tf.map_fn(lambda v: v, x3(), dtype=(tf.float32, tf.float32)))
    out['map_scalar_in'] = _cell(tf, lambda: tf.map_fn(lambda v: v, c(1.)))
    out['map_empty'] = _cell(tf, lambda: tf.map_fn(lambda v: v * 2., tf.zeros([0, 2])))
    out['map_empty_sig'] = _shape(tf, lambda: tf.map_fn(lambda v: v * 2., tf.zeros([0, 2])))
    out['map_ph'] = _cell(tf, lambda: tf.map_fn(lambda v: tf.reduce_sum(v), tf.placeholder(tf.float32, [None, 2], name='p')), {'p:0': np.ones((4, 2), np.float32)})
    out['map_ph_sig'] = _shape(tf, lambda: tf.map_fn(lambda v: tf.reduce_sum(v), tf.placeholder(tf.float32, [None, 2], name='p')))
    out['map_ph_unk_sig'] = _shape(tf, lambda: tf.map_fn(lambda v: v + 1., tf.placeholder(tf.float32, name='p')))
    out['map_ph_empty'] = _cell(tf, lambda: tf.map_fn(lambda v: tf.reduce_sum(v), tf.placeholder(tf.float32, [None, 2], name='p')), {'p:0': np.ones((0, 2), np.float32)})
    out['map_varlen_infer'] = _cell(tf, lambda: tf.map_fn(lambda v: tf.range(tf.cast(v, tf.int32)), x3(), dtype=tf.int32))
    out['map_varlen_noinfer'] = _cell(tf, lambda: tf.map_fn(lambda v: tf.range(tf.cast(v, tf.int32)), x3(), dtype=tf.int32, infer_shape=False))
    out['map_infer_false_sig'] = _shape(tf, lambda: tf.map_fn(lambda v: v * 2., x3(), infer_shape=False))
    out['map_mismatch_len'] = _cell(tf, lambda: tf.map_fn(lambda ab: ab[0], (x3(), c([1., 2.]))))
    out['map_string'] = _cell(tf, lambda: tf.map_fn(lambda s: s + '!', c(['a', 'b'])))
    out['map_string_len'] = _cell(tf, lambda: tf.map_fn(lambda s: tf.strings.length(s), c(['a', 'bcd']), dtype=tf.int32))
    out['map_f16'] = _cell(tf, lambda: tf.map_fn(lambda v: v * v, c([300., -1.], tf.float16)))
    out['map_bool'] = _cell(tf, lambda: tf.map_fn(tf.logical_not, c([True, False])))
    out['map_complex'] = _cell(tf, lambda: tf.map_fn(lambda v: v * 1j, c([1 + 1j, 2j], tf.complex128)))
    out['map_back_prop_false'] = _cell(tf, lambda: tf.map_fn(lambda v: v * 2., x3(), back_prop=False))
    out['map_par1'] = _cell(tf, lambda: tf.map_fn(lambda v: v * 2., x3(), parallel_iterations=1))
    out['map_2d'] = _cell(tf, lambda: tf.map_fn(lambda row: tf.reduce_max(row), c([[1, 5], [7, 2]])))
    out['map_nested_in'] = _cell(tf, lambda: tf.map_fn(lambda d: d['a'] * d['b'][0], {'a': x3(), 'b': (x3(),)}))
    # scan
    out['scan_basic'] = _cell(tf, lambda: tf.scan(lambda a, v: a + v, x3()))
    out['scan_sig'] = _shape(tf, lambda: tf.scan(lambda a, v: a + v, x3()))
    out['scan_init'] = _cell(tf, lambda: tf.scan(lambda a, v: a + v, x3(), initializer=c(10.)))
    out['scan_reverse'] = _cell(tf, lambda: tf.scan(lambda a, v: a + v, x3(), reverse=True))
    out['scan_reverse_init'] = _cell(tf, lambda: tf.scan(lambda a, v: a * 2. + v, x3(), initializer=c(1.), reverse=True))
    out['scan_tuple_acc'] = _cell(tf, lambda: tf.scan(lambda a, v: (a[0] + v, a[1] * v), x3(), initializer=(c(0.), c(1.))))
    out['scan_fib'] = _cell(tf, lambda: tf.scan(lambda a, _: (a[1], a[0] + a[1]), tf.range(8), initializer=(c(0), c(1))))
    out['scan_multi_elems'] = _cell(tf, lambda: tf.scan(lambda a, ab: a + ab[0] * ab[1], (x3(), x3()), initializer=c(0.)))
    out['scan_multi_noinit'] = _cell(tf, lambda: tf.scan(lambda a, ab: (a[0] + ab[0], a[1] * ab[1]), (x3(), x3())))
    out['scan_shape_change'] = _cell(tf, lambda: tf.scan(lambda a, v: tf.concat([a, [v]], 0), x3(), initializer=c([0.])))
    out['scan_empty'] = _cell(tf, lambda: tf.scan(lambda a, v: a + v, tf.zeros([0]), initializer=c(5.)))
    out['scan_empty_noinit'] = _cell(tf, lambda: tf.scan(lambda a, v: a + v, tf.zeros([0])))
    out['scan_ph_sig'] = _shape(tf, lambda: tf.scan(lambda a, v: a + v, tf.placeholder(tf.float32, [None, 3], name='p')))
    out['scan_ph'] = _cell(tf, lambda: tf.scan(lambda a, v: a + v, tf.placeholder(tf.float32, [None, 3], name='p')), {'p:0': np.arange(6, dtype=np.float32).reshape(2, 3)})
    out['scan_infer_false'] = _shape(tf, lambda: tf.scan(lambda a, v: a + v, x3(), infer_shape=False))
    out['scan_matrix_acc'] = _cell(tf, lambda: tf.scan(lambda a, v: tf.matmul(a, v), tf.reshape(tf.range(8.), [2, 2, 2]), initializer=tf.eye(2)))
    out['scan_overflow'] = _cell(tf, lambda: tf.scan(lambda a, v: a * v, c([100, 100, 100, 100, 100], tf.int32)))
    out['scan_nan'] = _cell(tf, lambda: tf.scan(lambda a, v: tf.maximum(a, v), c([1., np.nan, 3., -np.inf])))
    out['scan_named'] = _shape(tf, lambda: tf.scan(lambda a, v: a + v, x3(), name='sc'))
    # folds
    out['foldl'] = _cell(tf, lambda: tf.foldl(lambda a, v: a - v, x3()))
    out['foldr'] = _cell(tf, lambda: tf.foldr(lambda a, v: a - v, x3()))
    out['foldl_init'] = _cell(tf, lambda: tf.foldl(lambda a, v: a * 10. + v, x3(), initializer=c(0.)))
    out['foldr_init'] = _cell(tf, lambda: tf.foldr(lambda a, v: a * 10. + v, x3(), initializer=c(0.)))
    out['foldl_sig'] = _shape(tf, lambda: tf.foldl(lambda a, v: a + v, x3()))
    out['foldr_sig'] = _shape(tf, lambda: tf.foldr(lambda a, v: a + v, x3(), name='fr'))
    out['foldl_tuple'] = _cell(tf, lambda: tf.foldl(lambda a, v: (a[0] + v, a[1] * v), x3(), initializer=(c(0.), c(1.))))
    out['foldr_multi'] = _cell(tf, lambda: tf.foldr(lambda a, ab: a + ab[0] - ab[1], (x3(), c([0.5, 0.5, 0.5]))))
    out['foldl_empty'] = _cell(tf, lambda: tf.foldl(lambda a, v: a + v, tf.zeros([0]), initializer=c(3.)))
    out['foldl_empty_noinit'] = _cell(tf, lambda: tf.foldl(lambda a, v: a + v, tf.zeros([0])))
    out['foldr_ph'] = _cell(tf, lambda: tf.foldr(lambda a, v: a * 2. + v, tf.placeholder(tf.float32, [None], name='p')), {'p:0': np.array([1., 2., 3., 4.], np.float32)})
    out['foldl_ph_sig'] = _shape(tf, lambda: tf.foldl(lambda a, v: a + v, tf.placeholder(tf.float32, [None, 2], name='p')))
    out['foldl_shape_change'] = _cell(tf, lambda: tf.foldl(lambda a, v: tf.concat([a, [v]], 0), x3(), initializer=c([0.])))
    out['foldl_int64'] = _cell(tf, lambda: tf.foldl(lambda a, v: a * v, c([2 ** 20, 2 ** 20, 2 ** 20], tf.int64)))
    return out

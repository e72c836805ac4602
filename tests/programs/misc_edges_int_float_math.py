"""Integer / float arithmetic edges that numpy-style TF1 code hits: floormod and truncatediv of
negatives and floats, int pow with negative exponents, float->int casts of NaN/inf/overflow,
saturate_cast, divide_no_nan, argmax/top_k/in_top_k with NaN and ties, cumsum/cumprod variants."""
import numpy as np

TAGS = ['math', 'edges']

def _flat(t):
    if isinstance(t, (list, tuple)):
        out = []
        for x in t:
            out.extend(_flat(x))
        return out
    return [t]


def _run(tf, sess, cases, feed=None):
    res = {}
    for name, fn in cases:
        try:
            t = _flat(fn())
        except Exception as e:  # build-time error is a result
            res[name] = "BUILD:%s:%s" % (type(e).__name__, str(e).split("\n")[0][:60])
            continue
        for i, x in enumerate(t):
            key = name if len(t) == 1 else "%s_%d" % (name, i)
            if x is None or not hasattr(x, "dtype"):
                res[key] = "None" if x is None else x
                continue
            res[key + "_meta"] = "%s %s" % (x.dtype.name, x.shape)
            try:
                res[key] = sess.run(x, feed)
            except Exception as e:
                res[key] = "RUN:%s" % type(e).__name__
    return res


def main(tf):
    nan, inf = float("nan"), float("inf")
    a = tf.constant([7, -7, 7, -7, 0])
    b = tf.constant([3, 3, -3, -3, 5])
    fa = tf.constant([7.5, -7.5, 7.5, -7.5, 0.0, -0.0, inf, 1.0])
    fb = tf.constant([2.0, 2.0, -2.0, -2.0, 3.0, 3.0, 2.0, inf])
    ph = tf.placeholder(tf.float32, [None])
    feed = {ph: np.array([nan, 3.0, 3.0, -inf, 1.0], np.float32)}
    cases = [
        ("fmod_i", lambda: tf.floormod(a, b)),
        ("fmod_op", lambda: a % b),
        ("fmod_f", lambda: tf.floormod(fa, fb)),
        ("fmod_u8", lambda: tf.floormod(tf.constant([7, 200], tf.uint8), tf.constant([3, 7], tf.uint8))),
        ("fmod_i64", lambda: tf.mod(tf.constant([-(2 ** 40)], tf.int64), tf.constant([7], tf.int64))),
        ("fdiv_i", lambda: tf.floordiv(a, b)),
        ("fdiv_op", lambda: a // b),
        ("fdiv_f", lambda: tf.floordiv(fa, fb)),
        ("tdiv", lambda: tf.truncatediv(a, b)),
        ("tmod", lambda: tf.truncatemod(a, b)),
        ("tmod_f", lambda: tf.truncatemod(fa, fb)),
        ("div_int", lambda: tf.div(a, b)),
        ("truediv_int", lambda: tf.truediv(a, b)),
        ("truediv_op_i16", lambda: tf.constant([7, -7], tf.int16) / tf.constant([2, 2], tf.int16)),
        ("realdiv", lambda: tf.realdiv(fa, fb)),
        ("pow_int_neg", lambda: tf.pow(tf.constant([2, 1, -1]), tf.constant([-1, -2, -3]))),
        ("pow_int", lambda: tf.pow(tf.constant([2, -3, 0]), tf.constant([10, 3, 0]))),
        ("pow_f_nan", lambda: tf.pow(tf.constant([-8.0, 0.0, nan, 1.0]), tf.constant([1.0 / 3, -1.0, 0.0, nan]))),
        ("pow_overflow", lambda: tf.pow(tf.constant([2], tf.int32), tf.constant([40]))),
        ("cast_nan_i32", lambda: tf.cast(tf.constant([nan, inf, -inf, 3e9, -3e9, 2.7, -2.7]), tf.int32)),
        ("cast_f_u8", lambda: tf.cast(tf.constant([-1.0, 255.5, 300.0, 2.5]), tf.uint8)),
        ("cast_i_i8", lambda: tf.cast(tf.constant([127, 128, -129, 300]), tf.int8)),
        ("cast_bool", lambda: tf.cast(tf.constant([0.0, 0.1, -0.0, nan]), tf.bool)),
        ("cast_i64_f16", lambda: tf.cast(tf.constant([70000, 2049], tf.int64), tf.float16)),
        ("sat_f_i32", lambda: tf.saturate_cast(tf.constant([3e9, -3e9, 1.5]), tf.int32)),
        ("sat_i64_i8", lambda: tf.saturate_cast(tf.constant([1000, -1000, 5], tf.int64), tf.int8)),
        ("sat_f64_f32", lambda: tf.saturate_cast(tf.constant([1e300, -1e300], tf.float64), tf.float32)),
        ("sat_u8_i8", lambda: tf.saturate_cast(tf.constant([200, 5], tf.uint8), tf.int8)),
        ("sat_i32_u16", lambda: tf.saturate_cast(tf.constant([-5, 70000]), tf.uint16)),
        ("dnn", lambda: tf.div_no_nan(tf.constant([1.0, 0.0, nan, inf, 1.0]), tf.constant([0.0, 0.0, 0.0, 0.0, 2.0]))),
        ("dnn_f64", lambda: tf.math.divide_no_nan(tf.constant([1.0], tf.float64), tf.constant([0.0], tf.float64))),
        ("dnn_bcast", lambda: tf.div_no_nan(tf.constant([[1.0, 2.0]]), tf.constant([[0.0], [2.0]]))),
        ("dnn_int", lambda: tf.div_no_nan(tf.constant([1]), tf.constant([0]))),
        ("argmax_nan", lambda: tf.argmax(tf.constant([[1.0, nan, 3.0], [nan, nan, 0.0]]), axis=1)),
        ("argmin_nan", lambda: tf.argmin(tf.constant([[1.0, nan, -3.0]]), axis=1)),
        ("argmax_ties", lambda: tf.argmax(tf.constant([[2, 5, 5], [1, 1, 1]]), axis=1)),
        ("argmax_i32", lambda: tf.argmax(tf.constant([[2, 5]]), axis=1, output_type=tf.int32)),
        ("argmax_ax0", lambda: tf.argmax(tf.constant([[2, 5], [7, 1]]), 0)),
        ("argmax_empty", lambda: tf.argmax(tf.zeros([0, 3]), axis=1)),
        ("argmax_empty_ax", lambda: tf.argmax(tf.zeros([3, 0]), axis=1)),
        ("argmax_ph", lambda: tf.argmax(ph, 0)),
        ("topk_ties", lambda: tf.nn.top_k(tf.constant([[1.0, 3.0, 3.0, 2.0, 3.0]]), k=3)),
        ("topk_nan", lambda: tf.nn.top_k(ph, k=3)),
        ("topk_int", lambda: tf.nn.top_k(tf.constant([4, 1, 4, 9]), k=2, sorted=True)),
        ("topk_k0", lambda: tf.nn.top_k(tf.constant([4.0, 1.0]), k=0)),
        ("topk_kbig", lambda: tf.nn.top_k(tf.constant([4.0, 1.0]), k=3)),
        ("topk_kt", lambda: tf.nn.top_k(tf.constant([[4.0, 1.0, 2.0]]), k=tf.constant(2))),
        ("intopk_nan", lambda: tf.nn.in_top_k(tf.constant([[nan, 1.0, 2.0], [1.0, 1.0, 1.0], [inf, 0.0, 1.0]]),
                                             tf.constant([1, 2, 0]), 1)),
        ("intopk_ties", lambda: tf.nn.in_top_k(tf.constant([[1.0, 2.0, 2.0, 2.0]]), tf.constant([3]), 2)),
        ("intopk_oob", lambda: tf.nn.in_top_k(tf.constant([[1.0, 2.0]]), tf.constant([5]), 1)),
        ("cs_excl", lambda: tf.cumsum(tf.constant([1, 2, 3, 4]), exclusive=True)),
        ("cs_rev", lambda: tf.cumsum(tf.constant([[1.0, 2.0], [3.0, 4.0]]), axis=1, reverse=True)),
        ("cs_both", lambda: tf.cumsum(tf.constant([1.0, 2.0, 3.0]), exclusive=True, reverse=True)),
        ("cs_ax_t", lambda: tf.cumsum(tf.constant([[1, 2], [3, 4]]), axis=tf.constant(0))),
        ("cs_empty", lambda: tf.cumsum(tf.zeros([0, 2]), axis=0, exclusive=True)),
        ("cs_neg_ax", lambda: tf.cumsum(tf.constant([[1, 2], [3, 4]]), axis=-2, reverse=True)),
        ("cp_excl", lambda: tf.cumprod(tf.constant([2.0, 3.0, 0.0, 4.0]), exclusive=True)),
        ("cp_rev", lambda: tf.cumprod(tf.constant([2, 3, 4]), reverse=True, exclusive=True)),
        ("cp_nan", lambda: tf.cumprod(tf.constant([2.0, nan, 0.0]))),
        ("cs_bool", lambda: tf.cumsum(tf.constant([True, False]))),
        ("cs_ph", lambda: tf.cumsum(ph, reverse=True)),
    ]
    with tf.Session() as sess:
        res = _run(tf, sess, cases, feed)
    x = tf.constant([2.0, 3.0, 0.0, 4.0])
    y = tf.constant([7.5, -7.5, 4.0])
    z = tf.constant([2.0, 2.0, 0.0])
    grads = {
        "g_cp": tf.gradients(tf.reduce_sum(tf.cumprod(x)), x)[0],
        "g_cp_excl_rev": tf.gradients(tf.reduce_sum(tf.cumprod(x, exclusive=True, reverse=True)), x)[0],
        "g_cs_excl": tf.gradients(tf.reduce_sum(tf.cumsum(x, exclusive=True) * x), x)[0],
        "g_fmod": tf.gradients(tf.reduce_sum(tf.floormod(y, tf.constant([2.0, 2.0, 3.0]))), y)[0],
        "g_dnn": tf.gradients(tf.reduce_sum(tf.div_no_nan(y, z)), [y, z]),
        "g_pow0": tf.gradients(tf.reduce_sum(tf.pow(z, 2.0)), z)[0],
        "g_pow_frac": tf.gradients(tf.reduce_sum(tf.pow(z, 0.5)), z)[0],
        "g_topk": tf.gradients(tf.reduce_sum(tf.nn.top_k(x, 2).values * [1.0, 10.0]), x)[0],
    }
    with tf.Session() as sess:
        res.update(_run(tf, sess, [(k, (lambda t=t: t)) for k, t in sorted(grads.items())]))
    return res

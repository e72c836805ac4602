"""Math edge cases: integer division/modulo signs, overflow wrap, nan/inf propagation in
reductions, softmax of -inf rows, log1p/expm1 tiny values, rounding half to even, casts."""
import numpy as np
TAGS = ['math']


def main(tf):
    out = {}
    i = tf.constant([-7, 7, -7, 7])
    j = tf.constant([2, -2, -2, 2])
    f = tf.constant([np.nan, np.inf, -np.inf, 1.0, -0.0])
    e = {
        'floordiv': tf.floordiv(i, j), 'truncdiv': tf.truncatediv(i, j), 'floormod': tf.floormod(i, j),
        'truncmod': tf.truncatemod(i, j), 'div_int': i // j, 'mod_op': i % j, 'realdiv_int': tf.divide(i, j),
        'int8_wrap': tf.constant([120], tf.int8) + tf.constant([10], tf.int8),
        'uint8_sub': tf.constant([3], tf.uint8) - tf.constant([5], tf.uint8),
        'max_nan': tf.reduce_max(f), 'min_nan': tf.reduce_min(f), 'sum_inf': tf.reduce_sum(f[1:]),
        'argmin_nan': tf.argmin(f), 'softmax_ninf': tf.nn.softmax(tf.constant([[-np.inf, 0.0], [-np.inf, -np.inf]])),
        'log1p': tf.log1p(tf.constant([1e-10, -0.5])), 'expm1': tf.expm1(tf.constant([1e-10, 1.0])),
        'round': tf.round(tf.constant([0.5, 1.5, 2.5, -0.5, -1.5])), 'rint': tf.rint(tf.constant([0.5, 1.5])),
        'cast_f2i': tf.cast(tf.constant([1.9, -1.9, 3e9]), tf.int32),
        'cast_b': tf.cast(tf.constant([0.0, 0.1, np.nan]), tf.bool),
        'sqrt_neg': tf.sqrt(tf.constant([-1.0, 4.0])), 'div_zero': tf.constant([1.0, -1.0, 0.0]) / 0.0,
        'int_div_zero_f': tf.div_no_nan(tf.constant([1.0, 2.0]), tf.constant([0.0, 4.0])),
        'pow_int_neg': tf.pow(tf.constant([2.0]), tf.constant([-2.0])),
        'sign_nan': tf.sign(f), 'abs_min_int': tf.abs(tf.constant([-2147483648])),
        'cumprod_ex_rev': tf.cumprod(tf.constant([1.0, 2.0, 3.0]), exclusive=True, reverse=True),
        'logsumexp_inf': tf.reduce_logsumexp(tf.constant([[-np.inf, -np.inf], [1.0, np.inf]]), axis=1),
        'mean_int': tf.reduce_mean(tf.constant([1, 2])), 'xlogy': tf.math.xlogy(tf.constant([0.0, 2.0]), tf.constant([0.0, 3.0])),
        'atan2': tf.atan2(tf.constant([0.0, -0.0, 1.0]), tf.constant([-1.0, -1.0, 0.0])),
        'bitcast': tf.bitcast(tf.constant([1.0], tf.float32), tf.int32),
        'squared_diff_int': tf.squared_difference(i, j),
    }
    with tf.Session() as sess:
        r = sess.run(e)
    for k, v in r.items():
        out[k] = v
        out[k + '_dtype'] = e[k].dtype.name
    for name, fn in [('int_div_zero', lambda: tf.Session().run(tf.floordiv(i, tf.constant([0, 1, 1, 1]))))]:
        try:
            fn()
            out[name] = 'no error'
        except Exception as ex:  # noqa
            out[name] = type(ex).__name__
    return out

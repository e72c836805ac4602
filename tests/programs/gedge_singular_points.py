"""Gradients at singular points, as numerically careful research code of 2016-2019 meets them
(safe-norm helpers in capsule nets / metric learning, l2_normalize of a zero embedding,
clip_by_global_norm in seq2seq trainers, atan2 angle losses, pow in focal losses): sqrt/rsqrt/log
at 0, pow(0, y) and pow(x, 0), norms / l2_normalize / clip_by_norm of the zero vector, atan2 at
the origin (NaN, as TF's unmasked formula gives), logsumexp over -inf."""
import numpy as np
TAGS = ['gradients', 'nn']


def main(tf):
    out = {}
    pts = np.array([0., -0., 1e-6, 1., 4., -1., np.inf], np.float32)
    x = tf.placeholder(tf.float32, [None])
    with tf.Session() as sess:
        unary = {'sqrt': tf.sqrt, 'rsqrt': tf.rsqrt, 'log': tf.log, 'log1p': tf.log1p,
                 'reciprocal': tf.reciprocal, 'inv_div': lambda v: 1. / v,
                 'xlogy': lambda v: tf.math.xlogy(v, v), 'xdivy': lambda v: tf.math.xdivy(v, v),
                 'div_no_nan': lambda v: tf.div_no_nan(v, v), 'lgamma': tf.lgamma,
                 'digamma': tf.digamma, 'acos': tf.acos, 'asin': tf.asin, 'atan': tf.atan,
                 'expm1': tf.expm1, 'cos': tf.cos, 'sin': tf.sin, 'tan': tf.tan,
                 'sq_diff': lambda v: tf.squared_difference(v, 1.),
                 'atanh': tf.atanh, 'acosh': tf.acosh, 'asinh': tf.asinh,
                 'truediv_self': lambda v: tf.truediv(v, v), 'floordiv': lambda v: tf.floordiv(v, 2.),
                 'floormod': lambda v: tf.floormod(v, 2.)}
        for name, f in sorted(unary.items()):
            g = tf.gradients(f(x), x)[0]
            out[name] = 'None' if g is None else sess.run(g, {x: pts})
        # pow at 0 and exponent 0
        xs = np.array([0., 0., 0., 2., -2., -2., 0.], np.float32)
        ys = np.array([0., 1., 2., 0., 2., 0.5, -1.], np.float32)
        px = tf.constant(xs)
        py = tf.constant(ys)
        p = tf.pow(px, py)
        out['pow_y'] = sess.run(p)
        out['pow_g'] = sess.run(tf.gradients(p, [px, py]))
        out['pow_scalar_exp'] = sess.run(tf.gradients(tf.pow(px, 2.), px))
        out['pow_scalar_exp0'] = sess.run(tf.gradients(tf.pow(px, 0.), px))
        out['square_via_pow3'] = sess.run(tf.gradients(tf.pow(px, 3.), px))
        # atan2 at origin and axes
        ay = tf.constant([0., 0., -0., 1., 0.])
        ax = tf.constant([0., -0., 0., 0., -1.])
        out['atan2_g'] = sess.run(tf.gradients(tf.atan2(ay, ax), [ay, ax]))
        # norms of zero vector
        z = tf.constant([[0., 0., 0.], [3., 4., 0.]])
        out['norm'] = sess.run(tf.gradients(tf.norm(z, axis=1), z))
        out['norm_all'] = sess.run(tf.gradients(tf.norm(z[0]), z))
        out['norm_1'] = sess.run(tf.gradients(tf.norm(z, ord=1, axis=1), z))
        out['norm_inf'] = sess.run(tf.gradients(tf.norm(z, ord=np.inf, axis=1), z))
        out['global_norm'] = sess.run(tf.gradients(tf.global_norm([z[0], z[0] * 2]), z))
        out['l2n'] = sess.run(tf.gradients(tf.nn.l2_normalize(z, axis=1) * [[1., 2., 3.]], z))
        out['l2n_eps'] = sess.run(tf.gradients(tf.nn.l2_normalize(z, axis=1, epsilon=0.) * [[1., 2., 3.]], z))
        out['cbn'] = sess.run(tf.gradients(tf.clip_by_norm(z, 1.0, axes=[1]) * [[1., 2., 3.]], z))
        out['cbn_all'] = sess.run(tf.gradients(tf.clip_by_norm(z[0], 1.0) * [1., 2., 3.], z))
        gl, gn = tf.clip_by_global_norm([z[0], z[1]], 1.0)
        out['cbgn'] = sess.run(tf.gradients(gl[0] * [1., 2., 3.] + gl[1], z))
        out['cbgn_norm'] = sess.run(gn)
        out['cbavg'] = sess.run(tf.gradients(tf.clip_by_average_norm(z, 0.5) * [[1., 2., 3.]], z))
        out['sqrt_sum_sq'] = sess.run(tf.gradients(tf.sqrt(tf.reduce_sum(tf.square(z), 1)), z))
        out['rsqrt_safe'] = sess.run(tf.gradients(tf.rsqrt(tf.maximum(tf.reduce_sum(z * z, 1), 1e-12)), z))
        out['euclid'] = sess.run(tf.gradients(tf.reduce_sum(tf.math.reduce_euclidean_norm(z, 1)), z))
        lz = tf.constant([[-np.inf, -np.inf], [0., -np.inf], [np.inf, 0.]])
        out['lse2'] = sess.run(tf.gradients(tf.reduce_logsumexp(lz, 1), lz))
    return out

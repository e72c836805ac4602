"""Normalization utilities as 2016-2019 models used them: moments / weighted_moments (axes,
keep_dims, shift), batch_normalization, fused_batch_norm (training / inference, NCHW, epsilon
floor, exponential_avg_factor), l2_normalize, local_response_normalization; their gradients."""
import numpy as np
TAGS = ['nn', 'gradients', 'errors']

def _val(sess, t):
    if hasattr(t, "values") and hasattr(t, "indices") and not hasattr(t, "dense_shape") or type(t).__name__ == "IndexedSlices":
        v = sess.run([t.values, t.indices])
        return {"values": v[0], "indices": v[1], "vshape": str(t.values.shape), "ishape": str(t.indices.shape),
                "type": type(t).__name__, "vname": t.values.name, "iname": t.indices.name,
                "ds": None if t.dense_shape is None else sess.run(t.dense_shape)}
    if hasattr(t, "dense_shape"):
        v = sess.run([t.indices, t.values, t.dense_shape])
        return {"i": v[0], "v": v[1], "s": v[2]}
    return {"v": sess.run(t), "shape": str(t.shape), "dtype": t.dtype.name}


def _run(sess, fn):
    try:
        t = fn()
    except Exception as e:  # noqa
        return {"B": type(e).__name__, "msg": str(e).split("\n")[0][:120]}
    try:
        if isinstance(t, (list, tuple)):
            return [_val(sess, x) for x in t]
        return _val(sess, t)
    except Exception as e:  # noqa
        lines = [ln for ln in str(e).split("\n") if ln.strip() and not ln.startswith(
            ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:"))]
        return {"E": type(e).__name__, "msg": (lines or [""])[0][:120]}


def main(tf):
    out = {}
    rng = np.random.RandomState(0)
    xn = rng.randn(2, 3, 4, 5).astype(np.float32)
    x = tf.constant(xn)
    with tf.Session() as sess:
        for i, (ax, kd) in enumerate([([0], False), ([0, 1, 2], False), ([0, 1, 2], True), ([3], True),
                                      ([-1], False), ([], False), ([1, 1], False)]):
            out["mom_%d" % i] = _run(sess, lambda: list(tf.nn.moments(x, ax, keep_dims=kd)))
        out["mom_shift"] = _run(sess, lambda: list(tf.nn.moments(x, [0, 1, 2], shift=1.0)))
        out["mom_f16"] = _run(sess, lambda: list(tf.nn.moments(tf.constant(xn.astype(np.float16) * 100), [0, 1])))
        out["mom_f64"] = _run(sess, lambda: list(tf.nn.moments(tf.constant(xn.astype(np.float64)), [1])))
        out["mom_int"] = _run(sess, lambda: list(tf.nn.moments(tf.constant([[1, 2], [3, 4]]), [0])))
        out["mom_empty"] = _run(sess, lambda: list(tf.nn.moments(tf.zeros([0, 3]), [0])))
        out["mom_nan"] = _run(sess, lambda: list(tf.nn.moments(tf.constant([1., np.nan, np.inf]), [0])))
        ph = tf.placeholder(tf.float32, [None, 5])
        m, v = tf.nn.moments(ph, [0], keep_dims=True)
        out["mom_ph"] = [str(m.shape), str(v.shape), sess.run(v, {ph: xn[0, 0]})]
        m, v = tf.nn.moments(x, [0, 1, 2])
        out["mom_grad"] = _run(sess, lambda: tf.gradients(v * [1., 2., 3., 4., 5.], x)[0][0, 0])
        w = tf.constant(np.abs(rng.randn(2, 3, 4, 1)).astype(np.float32))
        for i, (ax, kd) in enumerate([([0, 1, 2], False), ([0, 1, 2], True), ([1], False)]):
            out["wmom_%d" % i] = _run(sess, lambda: list(tf.nn.weighted_moments(x, ax, w, keep_dims=kd)))
        out["wmom_zero"] = _run(sess, lambda: list(tf.nn.weighted_moments(x, [0], tf.zeros([1, 3, 4, 5]))))
        out["wmom_grad"] = _run(sess, lambda: tf.gradients(tf.nn.weighted_moments(x, [0, 1, 2], w)[1], [x, w]))
        mean, var = tf.nn.moments(x, [0, 1, 2])
        sc = tf.constant(np.linspace(0.5, 2, 5).astype(np.float32))
        of = tf.constant(np.linspace(-1, 1, 5).astype(np.float32))
        bn = tf.nn.batch_normalization(x, mean, var, of, sc, 1e-3)
        out["bn"] = _run(sess, lambda: bn[0, 0])
        out["bn_none"] = _run(sess, lambda: tf.nn.batch_normalization(x, mean, var, None, None, 1e-3)[1, 1])
        out["bn_grad"] = _run(sess, lambda: [g[0, 0] if g.shape.ndims == 4 else g for g in tf.gradients(tf.reduce_sum(bn * bn * x), [x, sc, of])])
        # fused
        for tr in (True, False):
            for fmt in ("NHWC", "NCHW"):
                for eps in (1e-3, 1e-6):
                    key = "fbn_%s_%s_%g" % (tr, fmt, eps)
                    sh = 5 if fmt == "NHWC" else 3
                    mm = None if tr else tf.constant(np.linspace(0, 1, sh).astype(np.float32))
                    vv = None if tr else tf.constant(np.linspace(1, 2, sh).astype(np.float32))
                    # inference: only y (TF's grappler folds the all-constant op and loses outputs 1, 2)
                    out[key] = _run(sess, lambda: [t if t.shape.ndims == 1 else t[0, 0] for t in tf.nn.fused_batch_norm(
                        x, tf.ones([sh]), tf.zeros([sh]), mm, vv, epsilon=eps, data_format=fmt, is_training=tr)[:3 if tr else 1]])
        out["fbn_ema"] = _run(sess, lambda: list(tf.nn.fused_batch_norm(
            x, tf.ones([5]), tf.zeros([5]), tf.fill([5], 0.5), tf.fill([5], 2.), is_training=True,
            exponential_avg_factor=0.3)[1:]))
        out["fbn_f16"] = [t.dtype.name for t in tf.nn.fused_batch_norm(tf.cast(x, tf.float16), tf.ones([5]), tf.zeros([5]))]
        out["fbn_bad_rank"] = _run(sess, lambda: tf.nn.fused_batch_norm(tf.ones([2, 3]), tf.ones([3]), tf.zeros([3])))
        out["fbn_inf_nomean"] = _run(sess, lambda: tf.nn.fused_batch_norm(x, tf.ones([5]), tf.zeros([5]), is_training=False))
        out["fbn_bad_scale"] = _run(sess, lambda: tf.nn.fused_batch_norm(x, tf.ones([4]), tf.zeros([5])))
        y, bm, bv = tf.nn.fused_batch_norm(x, sc, of)
        out["fbn_grad"] = _run(sess, lambda: [g if g.shape.ndims == 1 else g[0, 0] for g in tf.gradients(tf.reduce_sum(y * y * x), [x, sc, of])])
        y2, _, _ = tf.nn.fused_batch_norm(x, sc, of, tf.zeros([5]), tf.ones([5]), is_training=False)
        out["fbn_grad_inf"] = _run(sess, lambda: [g if g.shape.ndims == 1 else g[0, 0] for g in tf.gradients(tf.reduce_sum(y2 * y2 * x), [x, sc, of])])
        # l2_normalize
        v = tf.constant([[3., 4., 0.], [0., 0., 0.], [1e-7, 0., 0.]])
        for i, (ax, eps) in enumerate([(0, 1e-12), (1, 1e-12), ([0, 1], 1e-12), (1, 1.0), (-1, 0.)]):
            out["l2n_%d" % i] = _run(sess, lambda: tf.nn.l2_normalize(v, ax, epsilon=eps))
        out["l2n_dim"] = _run(sess, lambda: tf.nn.l2_normalize(v, dim=1))
        out["l2n_grad"] = _run(sess, lambda: tf.gradients(tf.nn.l2_normalize(v, 1) * [[1., 2., 3.]], v))
        out["l2n_int"] = _run(sess, lambda: tf.nn.l2_normalize(tf.constant([3, 4]), 0))
        out["l2n_c64"] = _run(sess, lambda: tf.nn.l2_normalize(tf.constant([[3 + 4j, 0j], [1j, 1e-7 + 0j]], tf.complex64), 0))
        out["l2n_c128"] = _run(sess, lambda: tf.nn.l2_normalize(tf.constant([[3 + 4j, 0j], [1j, 1 - 1j]], tf.complex128), [0, 1]))
        # LRN
        for i, kw in enumerate([{}, dict(depth_radius=2, bias=1.0, alpha=1e-4, beta=0.75),
                                dict(depth_radius=0, bias=2., alpha=1., beta=1.)]):
            out["lrn_%d" % i] = _run(sess, lambda: tf.nn.local_response_normalization(x, **kw)[0, 0])
            out["lrn_g%d" % i] = _run(sess, lambda: tf.gradients(tf.nn.lrn(x, **kw), x)[0][0, 0])
        out["lrn_rank3"] = _run(sess, lambda: tf.nn.lrn(tf.ones([2, 3, 4])))
        out["lrn_f64"] = _run(sess, lambda: tf.nn.lrn(tf.cast(x, tf.float64), 2)[0, 0])
    return out

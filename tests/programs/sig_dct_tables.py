"""DCT/IDCT tables: types 1-4, norm None/ortho, n shorter/longer than the signal, axis, float64,
float16/int/complex inputs, empty and unknown dims, round trips, gradients and argument errors
(tf.signal and the tf.spectral alias)."""
import numpy as np
TAGS = ['signal', 'edges', 'gradients']
TOLERANCE = {"*": (1e-4, 1e-4)}


def _err(e):
    return "%s:%s" % (type(e).__name__, str(e).split("\n")[0][:160])


def _cell(sess, fn, feed=None):
    try:
        t = fn()
    except Exception as e:  # noqa
        return "B:" + _err(e)
    ts = list(t) if isinstance(t, (list, tuple)) else [t]
    try:
        vs = sess.run(ts, feed_dict=feed)
    except Exception as e:  # noqa
        return "E:" + type(e).__name__
    res = {}
    for i, (x, v) in enumerate(zip(ts, vs)):
        res["s%d" % i] = str(x.shape)
        res["d%d" % i] = x.dtype.name
        v = np.asarray(v)
        res["v%d" % i] = v
    return res


def main(tf):
    out = {}
    sess = tf.Session()
    rng = np.random.RandomState(4)
    x = rng.randn(3, 6).astype(np.float32)
    x5 = rng.randn(2, 5).astype(np.float64)
    for t in (1, 2, 3, 4):
        for norm in (None, "ortho"):
            for n in (None, 3, 6, 9):
                key = "%d_%s_%s" % (t, norm, n)
                out["dct_" + key] = _cell(sess, lambda: tf.signal.dct(x, type=t, n=n, norm=norm))
                out["idct_" + key] = _cell(sess, lambda: tf.signal.idct(x, type=t, n=n, norm=norm))
            out["dct64_%d_%s" % (t, norm)] = _cell(sess, lambda: tf.signal.dct(x5, type=t, norm=norm))
            out["rt_%d_%s" % (t, norm)] = _cell(sess, lambda: tf.signal.idct(tf.signal.dct(x, type=t, norm=norm), type=t, norm=norm))
    out["spectral_dct"] = _cell(sess, lambda: tf.spectral.dct(x, type=2))
    out["spectral_idct"] = _cell(sess, lambda: tf.spectral.idct(x, type=3, norm="ortho"))
    out["bad_type"] = _cell(sess, lambda: tf.signal.dct(x, type=5))
    out["bad_norm"] = _cell(sess, lambda: tf.signal.dct(x, norm="forward"))
    out["bad_axis"] = _cell(sess, lambda: tf.signal.dct(x, axis=0))
    out["n0"] = _cell(sess, lambda: tf.signal.dct(x, n=0))
    out["nneg"] = _cell(sess, lambda: tf.signal.dct(x, n=-1))
    out["type1_n1"] = _cell(sess, lambda: tf.signal.dct(x, type=1, n=1))
    out["type1_len1"] = _cell(sess, lambda: tf.signal.dct(x[:, :1], type=1))
    out["type1_ortho"] = _cell(sess, lambda: tf.signal.dct(x, type=1, norm="ortho"))
    out["idct_type1_ortho"] = _cell(sess, lambda: tf.signal.idct(x, type=1, norm="ortho"))
    for dt in ("int32", "float64"):
        out["dt_%s" % dt] = _cell(sess, lambda: tf.signal.dct(tf.constant((x * 3).astype(dt))))
    out["scalar"] = _cell(sess, lambda: tf.signal.dct(tf.constant(2.0)))
    out["rank1"] = _cell(sess, lambda: tf.signal.dct(x[0], type=4))
    out["rank3"] = _cell(sess, lambda: tf.signal.dct(x.reshape(3, 2, 3), type=3))
    out["empty_inner"] = _cell(sess, lambda: tf.signal.dct(tf.zeros([2, 0])))
    out["nan"] = _cell(sess, lambda: tf.signal.dct(tf.constant([[np.nan, 1.0, 2.0, 3.0], [np.inf, 0.0, 0.0, 0.0]]), type=2))
    p = tf.placeholder(tf.float32, [None, None])
    for t in (1, 2, 3, 4):
        out["ph_%d" % t] = _cell(sess, lambda: tf.signal.dct(p, type=t), {p: x})
        out["ph_n_%d" % t] = _cell(sess, lambda: tf.signal.dct(p, type=t, n=4), {p: x})
    p6 = tf.placeholder(tf.float32, [None, 6])
    out["ph6_ortho"] = _cell(sess, lambda: tf.signal.idct(p6, type=2, norm="ortho"), {p6: x})
    pu = tf.placeholder(tf.float32)
    out["ph_unk"] = _cell(sess, lambda: tf.signal.dct(pu, type=2), {pu: x})
    xt = tf.constant(x)
    w = tf.constant(rng.randn(3, 6).astype(np.float32))
    for t in (1, 2, 3, 4):
        out["g_%d" % t] = _cell(sess, lambda: tf.gradients(tf.reduce_sum(tf.signal.dct(xt, type=t) * w), xt))
        out["g_ortho_%d" % t] = _cell(sess, lambda: tf.gradients(tf.reduce_sum(tf.signal.idct(xt, type=t, n=4, norm=None if t == 1 else "ortho") * w[:, :4]), xt))
    out["names"] = [tf.signal.dct(x).name, tf.signal.dct(x, name="d").name, tf.signal.idct(x, name="i").name]
    return out

"""tf.signal.frame and overlap_and_add tables: pad_end/pad_value, axis (positive, negative, middle),
frame_step larger than frame_length, short and empty signals, int/float64/complex dtypes, unknown
dims, bad ranks/steps, and gradients through both."""
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
    sig = np.arange(10, dtype=np.float32)
    sig2 = np.arange(24, dtype=np.float32).reshape(2, 12)
    sig3 = np.arange(30, dtype=np.float64).reshape(2, 5, 3)
    for fl, fs in [(4, 2), (3, 3), (4, 5), (10, 1), (11, 2), (1, 1), (5, 7)]:
        for pe in (False, True):
            out["f_%d_%d_%s" % (fl, fs, pe)] = _cell(sess, lambda: tf.signal.frame(sig, fl, fs, pad_end=pe))
            out["f2_%d_%d_%s" % (fl, fs, pe)] = _cell(sess, lambda: tf.signal.frame(sig2, fl, fs, pad_end=pe, pad_value=-1.5))
    for ax in (0, 1, 2, -1, -2, -3):
        out["f3_ax%d" % ax] = _cell(sess, lambda: tf.signal.frame(sig3, 2, 1, axis=ax))
        out["f3_ax%d_pe" % ax] = _cell(sess, lambda: tf.signal.frame(sig3, 2, 2, pad_end=True, pad_value=9, axis=ax))
    for dt in ("int32", "int64", "float16", "float64", "complex64", "bool", "uint8"):
        out["f_dt_%s" % dt] = _cell(sess, lambda: tf.signal.frame(tf.constant(np.arange(6) % 3 > 0 if dt == "bool" else np.arange(6).astype(dt)), 3, 2, pad_end=True))
    out["f_str"] = _cell(sess, lambda: tf.signal.frame(tf.constant([b"a", b"b", b"c"]), 2, 1))
    out["f_empty"] = _cell(sess, lambda: tf.signal.frame(tf.zeros([0]), 3, 1))
    out["f_empty_pe"] = _cell(sess, lambda: tf.signal.frame(tf.zeros([0]), 3, 1, pad_end=True))
    out["f_empty_batch"] = _cell(sess, lambda: tf.signal.frame(tf.zeros([0, 8]), 3, 2))
    out["f_scalar"] = _cell(sess, lambda: tf.signal.frame(tf.constant(1.0), 1, 1))
    out["f_len0"] = _cell(sess, lambda: tf.signal.frame(sig, 0, 1))
    out["f_step0"] = _cell(sess, lambda: tf.signal.frame(sig, 2, 0))
    out["f_lenneg"] = _cell(sess, lambda: tf.signal.frame(sig, -2, 1))
    out["f_len_vec"] = _cell(sess, lambda: tf.signal.frame(sig, [2], 1))
    out["f_axis_bad"] = _cell(sess, lambda: tf.signal.frame(sig2, 2, 1, axis=3))
    out["f_pad_vec"] = _cell(sess, lambda: tf.signal.frame(sig, 3, 2, pad_end=True, pad_value=[1.0]))
    p = tf.placeholder(tf.float32, [None, None])
    out["f_ph"] = _cell(sess, lambda: tf.signal.frame(p, 4, 2), {p: sig2})
    out["f_ph_pe"] = _cell(sess, lambda: tf.signal.frame(p, 4, 3, pad_end=True), {p: sig2})
    out["f_ph_ax0"] = _cell(sess, lambda: tf.signal.frame(p, 2, 1, axis=0), {p: sig2})
    pu = tf.placeholder(tf.float32)
    out["f_ph_unk"] = _cell(sess, lambda: tf.signal.frame(pu, 4, 2), {pu: sig2})
    fl = tf.placeholder(tf.int32, [])
    out["f_fl_ph"] = _cell(sess, lambda: tf.signal.frame(sig2, fl, 2), {fl: 5})
    out["f_fl_ph_pe"] = _cell(sess, lambda: tf.signal.frame(sig2, fl, 2, pad_end=True), {fl: 5})
    # overlap_and_add
    fr = np.arange(24, dtype=np.float32).reshape(4, 6)
    for st in (1, 2, 3, 6, 8):
        out["ola_%d" % st] = _cell(sess, lambda: tf.signal.overlap_and_add(fr, st))
        out["ola64_%d" % st] = _cell(sess, lambda: tf.signal.overlap_and_add(fr.astype(np.float64).reshape(2, 2, 6), st))
    for dt in ("int32", "float16", "complex64", "int64"):
        out["ola_dt_%s" % dt] = _cell(sess, lambda: tf.signal.overlap_and_add(tf.constant(fr.astype(dt)), 2))
    out["ola_rank1"] = _cell(sess, lambda: tf.signal.overlap_and_add(np.arange(4.0), 1))
    out["ola_step_vec"] = _cell(sess, lambda: tf.signal.overlap_and_add(fr, [2]))
    out["ola_step0"] = _cell(sess, lambda: tf.signal.overlap_and_add(fr, 0))
    out["ola_empty"] = _cell(sess, lambda: tf.signal.overlap_and_add(tf.zeros([0, 4]), 2))
    out["ola_empty2"] = _cell(sess, lambda: tf.signal.overlap_and_add(tf.zeros([3, 0, 4]), 2))
    out["ola_empty3"] = _cell(sess, lambda: tf.signal.overlap_and_add(tf.zeros([3, 0]), 2))
    pf = tf.placeholder(tf.float32, [None, None, 6])
    out["ola_ph"] = _cell(sess, lambda: tf.signal.overlap_and_add(pf, 4), {pf: fr.reshape(1, 4, 6)})
    pf2 = tf.placeholder(tf.float32)
    out["ola_ph_unk"] = _cell(sess, lambda: tf.signal.overlap_and_add(pf2, 4), {pf2: fr})
    st = tf.placeholder(tf.int32, [])
    out["ola_step_ph"] = _cell(sess, lambda: tf.signal.overlap_and_add(fr, st), {st: 3})
    # gradients
    x = tf.constant(np.linspace(-1, 1, 11).astype(np.float32))
    f = tf.signal.frame(x, 4, 3, pad_end=True, pad_value=2.0)
    out["g_frame"] = _cell(sess, lambda: tf.gradients(tf.reduce_sum(f * f), x))
    y = tf.signal.overlap_and_add(tf.reshape(x[:10], [5, 2]) * tf.constant(np.arange(10.0, dtype=np.float32).reshape(5, 2)), 1)
    out["g_ola"] = _cell(sess, lambda: tf.gradients(tf.reduce_sum(y * y), x))
    rt = tf.signal.overlap_and_add(tf.signal.frame(x, 4, 2), 2)
    out["roundtrip"] = _cell(sess, lambda: [rt, tf.gradients(rt, x)[0]])
    out["names"] = [tf.signal.frame(sig, 3, 1).op.type, tf.signal.frame(sig, 3, 1, name="fr").name,
                    tf.signal.overlap_and_add(fr, 2).name, tf.signal.overlap_and_add(fr, 2, name="o").op.type]
    return out

"""FFT tables: fft/ifft/fft2d/fft3d on complex64/complex128, rfft/irfft (1d/2d/3d) with fft_length
shorter/longer/odd/even, float64 rfft, unknown dims, bad ranks/lengths, NaN/inf and empty."""
import numpy as np
TAGS = ['signal', 'edges', 'errors']
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
    rng = np.random.RandomState(0)
    x8 = rng.randn(8).astype(np.float32)
    x7 = rng.randn(7).astype(np.float32)
    m = rng.randn(3, 6).astype(np.float32)
    c = (rng.randn(2, 6) + 1j * rng.randn(2, 6)).astype(np.complex64)
    c3 = (rng.randn(2, 3, 4) + 1j * rng.randn(2, 3, 4)).astype(np.complex128)
    for n in [None, 1, 4, 5, 8, 11, 16]:
        fl = None if n is None else [n]
        out["rfft8_%s" % n] = _cell(sess, lambda: tf.spectral.rfft(x8, fft_length=fl))
        out["rfft7_%s" % n] = _cell(sess, lambda: tf.signal.rfft(x7, fft_length=fl))
        out["rfft64_%s" % n] = _cell(sess, lambda: tf.signal.rfft(x7.astype(np.float64), fft_length=fl))
        out["irfft_%s" % n] = _cell(sess, lambda: tf.signal.irfft(c, fft_length=fl))
        out["irfft128_%s" % n] = _cell(sess, lambda: tf.signal.irfft(c.astype(np.complex128), fft_length=fl))
    for fl in [None, [3, 6], [2, 4], [4, 9], [3, 5]]:
        out["rfft2d_%s" % fl] = _cell(sess, lambda: tf.signal.rfft2d(m, fft_length=fl))
        out["irfft2d_%s" % fl] = _cell(sess, lambda: tf.signal.irfft2d(c, fft_length=fl))
    for fl in [None, [2, 3, 4], [1, 2, 5], [3, 4, 6]]:
        out["rfft3d_%s" % fl] = _cell(sess, lambda: tf.signal.rfft3d(c3.real.astype(np.float32), fft_length=fl))
        out["irfft3d_%s" % fl] = _cell(sess, lambda: tf.signal.irfft3d(c3, fft_length=fl))
    for nm, fn in [("fft", tf.fft), ("ifft", tf.ifft), ("fft2d", tf.fft2d), ("ifft2d", tf.ifft2d),
                   ("fft3d", tf.signal.fft3d), ("ifft3d", tf.signal.ifft3d)]:
        out["%s_c64" % nm] = _cell(sess, lambda: fn(tf.constant(c3.astype(np.complex64))))
        out["%s_c128" % nm] = _cell(sess, lambda: fn(tf.constant(c3)))
        out["%s_f32" % nm] = _cell(sess, lambda: fn(tf.constant(m)))
        out["%s_scalar" % nm] = _cell(sess, lambda: fn(tf.constant(1 + 2j, tf.complex64)))
        out["%s_empty" % nm] = _cell(sess, lambda: fn(tf.zeros([0, 3, 4], tf.complex64)))
        out["%s_empty_inner" % nm] = _cell(sess, lambda: fn(tf.zeros([2, 3, 0], tf.complex64)))
        out["%s_nan" % nm] = _cell(sess, lambda: fn(tf.constant(np.array([[[np.nan, 1, 2], [np.inf, 0, 1]]], np.complex64))))
        p = tf.placeholder(tf.complex64, [None, None, 4])
        out["%s_ph" % nm] = _cell(sess, lambda: fn(p), {p: c3.astype(np.complex64)})
        p2 = tf.placeholder(tf.complex64)
        out["%s_ph_unk" % nm] = _cell(sess, lambda: fn(p2), {p2: c3.astype(np.complex64)})
    # rfft shapes with unknown dims and placeholder fft_length
    p = tf.placeholder(tf.float32, [None, None])
    out["rfft_ph"] = _cell(sess, lambda: tf.signal.rfft(p), {p: m})
    out["rfft_ph_fl"] = _cell(sess, lambda: tf.signal.rfft(p, fft_length=[10]), {p: m})
    fl = tf.placeholder(tf.int32, [1])
    out["rfft_fl_ph"] = _cell(sess, lambda: tf.signal.rfft(m, fft_length=fl), {fl: [6]})
    out["irfft_fl_ph"] = _cell(sess, lambda: tf.signal.irfft(c, fft_length=fl), {fl: [7]})
    out["irfft_ph"] = _cell(sess, lambda: tf.signal.irfft(tf.placeholder_with_default(c, [None, None])))
    # bad arguments
    out["rfft_scalar"] = _cell(sess, lambda: tf.signal.rfft(tf.constant(1.0)))
    out["rfft_int"] = _cell(sess, lambda: tf.signal.rfft(tf.constant([1, 2, 3])))
    out["rfft_f16"] = _cell(sess, lambda: tf.signal.rfft(tf.constant([1, 2, 3], tf.float16)))
    out["rfft_c"] = _cell(sess, lambda: tf.signal.rfft(tf.constant(c)))
    out["rfft_fl2"] = _cell(sess, lambda: tf.signal.rfft(x8, fft_length=[4, 4]))
    out["rfft_flneg"] = _cell(sess, lambda: tf.signal.rfft(x8, fft_length=[-2]))
    out["rfft2d_rank1"] = _cell(sess, lambda: tf.signal.rfft2d(x8))
    out["irfft3d_rank2"] = _cell(sess, lambda: tf.signal.irfft3d(c))
    out["rfft_empty"] = _cell(sess, lambda: tf.signal.rfft(tf.zeros([3, 0])))
    out["irfft_empty"] = _cell(sess, lambda: tf.signal.irfft(tf.zeros([3, 0], tf.complex64)))
    out["rfft_empty_batch"] = _cell(sess, lambda: tf.signal.rfft(tf.zeros([0, 4])))
    out["rfft_fl_int64"] = _cell(sess, lambda: tf.signal.rfft(x8, fft_length=tf.constant([6], tf.int64)))
    out["names"] = [tf.signal.rfft(x8).op.type, tf.signal.rfft(x8.astype(np.float64)).op.type,
                    tf.signal.irfft(c).op.type, tf.fft(c).op.name, tf.signal.rfft2d(m, name="r2").name,
                    str(tf.signal.rfft(x8).op.get_attr("Tcomplex").name)]
    return out

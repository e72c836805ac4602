"""Integer division audit in the style of TF1 unit-test tables (math_ops_test.py's
DivAndModTest, 2016-2018 StackOverflow "tf.floormod of negative numbers" answers): floordiv,
floormod, truncatediv, truncatemod, mod, div and the // and % operators on int8..int64 with
negative operands, zero divisors (TF's InvalidArgumentError / InternalError), unsigned dtypes,
float floor division with zero/inf, truediv result dtypes and transposed inputs."""
import numpy as np
TAGS = ['math', 'edges', 'errors']


def _run(tf, sess, t):
    try:
        v = sess.run(t)
        return v
    except Exception as e:  # noqa
        return "ERR %s" % type(e).__name__


def main(tf):
    out = {}
    sess = tf.Session()
    signed = ["int8", "int16", "int32", "int64"]
    unsigned = ["uint8", "uint16", "uint32", "uint64"]
    for dt in signed:
        a = tf.constant(np.array([7, -7, 7, -7, 0, -128 if dt == "int8" else -9], dt))
        b = tf.constant(np.array([2, 2, -2, -2, 3, -1], dt))
        for name, fn in [("floordiv", tf.floordiv), ("floormod", tf.floormod),
                         ("truncatediv", tf.truncatediv), ("truncatemod", tf.truncatemod),
                         ("mod", tf.mod), ("div", tf.div), ("op_floordiv", lambda x, y: x // y),
                         ("op_mod", lambda x, y: x % y)]:
            try:
                t = fn(a, b)
                out["%s_%s_dtype" % (name, dt)] = t.dtype.name
                out["%s_%s" % (name, dt)] = _run(tf, sess, t)
            except Exception as e:
                out["%s_%s" % (name, dt)] = "BUILD %s" % type(e).__name__
        z = tf.constant(np.array([5, -5], dt))
        zero = tf.constant(np.array([0, 0], dt))
        for name, fn in [("floordiv", tf.floordiv), ("floormod", tf.floormod),
                         ("truncatediv", tf.truncatediv), ("truncatemod", tf.truncatemod)]:
            if dt in ("int32", "int64") or name in ("floordiv", "truncatediv"):
                out["zero_%s_%s" % (name, dt)] = _run(tf, sess, fn(z, zero))
    for dt in unsigned:
        a = tf.constant(np.array([7, 200, 0, 255], dt))
        b = tf.constant(np.array([2, 3, 5, 16], dt))
        for name, fn in [("floordiv", tf.floordiv), ("floormod", tf.floormod),
                         ("truncatediv", tf.truncatediv)]:
            try:
                t = fn(a, b)
                out["%s_%s" % (name, dt)] = _run(tf, sess, t)
            except Exception as e:
                out["%s_%s" % (name, dt)] = "BUILD %s" % type(e).__name__
    # float floordiv / floormod with negatives, zero and inf
    for dt in ["float16", "float32", "float64"]:
        a = tf.constant(np.array([7.5, -7.5, 7.5, -7.5, 1.0, -1.0, 0.0, np.inf], dt))
        b = tf.constant(np.array([2.0, 2.0, -2.0, -2.0, 0.0, 0.0, 0.0, 2.0], dt))
        out["ffloordiv_%s" % dt] = _run(tf, sess, tf.floordiv(a, b))
        out["ffloormod_%s" % dt] = _run(tf, sess, tf.floormod(a, b))
        if dt != "float16":
            out["ftruncmod_%s" % dt] = _run(tf, sess, tf.truncatemod(a, b))
        out["frealdiv_%s" % dt] = _run(tf, sess, tf.realdiv(a, b))
        out["fdivnonan_%s" % dt] = _run(tf, sess, tf.div_no_nan(a, b))
    # python int mixes and truediv of ints
    a = tf.constant([7, -7], tf.int32)
    out["truediv_int32"] = _run(tf, sess, tf.truediv(a, 2))
    out["truediv_int32_dtype"] = tf.truediv(a, 2).dtype.name
    out["truediv_int64"] = _run(tf, sess, tf.truediv(tf.cast(a, tf.int64), tf.constant([2, 0], tf.int64)))
    out["truediv_int16_dtype"] = tf.truediv(tf.cast(a, tf.int16), tf.constant(2, tf.int16)).dtype.name
    out["truediv_uint8_dtype"] = tf.truediv(tf.constant([3], tf.uint8), tf.constant([2], tf.uint8)).dtype.name
    # non-contiguous
    m = tf.constant(np.arange(-6, 6).reshape(3, 4).astype(np.int32))
    out["nc_floormod"] = _run(tf, sess, tf.floormod(tf.transpose(m), 5))
    out["nc_floordiv"] = _run(tf, sess, tf.floordiv(tf.transpose(m), -4))
    return out

"""multinomial/categorical: output_dtype, -inf logits, batch, num_samples 0, errors."""
TAGS = ['random', 'errors']


def _run(sess, fn, feed=None):
    try:
        t = fn()
    except Exception as e:  # noqa
        return {"err": "B:" + type(e).__name__, "msg": _line(e)}
    try:
        v = sess.run(t, feed_dict=feed)
    except Exception as e:  # noqa
        return {"err": "E:" + type(e).__name__, "msg": _line(e)}
    if isinstance(t, (list, tuple)):
        return {"v": v}
    return {"v": v, "shape": str(t.shape), "dtype": t.dtype.name}


def _line(e):
    lines = [ln for ln in str(e).split("\n") if ln.strip() and not ln.startswith(
        ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:"))]
    return (lines or [""])[0][:120]

def main(tf):
    out = {}
    tf.set_random_seed(11)
    sess = tf.Session()
    lg = tf.log([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]])
    out["m"] = _run(sess, lambda: tf.multinomial(lg, 6, seed=3))
    out["m_i32"] = _run(sess, lambda: tf.multinomial(lg, 6, seed=3, output_dtype=tf.int32))
    out["cat"] = _run(sess, lambda: tf.random.categorical(lg, 6, seed=3))
    out["cat_i32"] = _run(sess, lambda: tf.random.categorical(lg, 6, dtype=tf.int32, seed=3))
    out["m_bad_dtype"] = _run(sess, lambda: tf.multinomial(lg, 2, output_dtype=tf.float32))
    ninf = float("-inf")
    out["ninf"] = _run(sess, lambda: tf.multinomial([[ninf, 0.0, ninf], [0.0, ninf, 1.0]], 5, seed=4))
    out["all_ninf"] = _run(sess, lambda: tf.multinomial([[ninf, ninf]], 3, seed=4))
    out["nan"] = _run(sess, lambda: tf.multinomial([[float("nan"), 0.0]], 3, seed=4))
    out["pinf"] = _run(sess, lambda: tf.multinomial([[float("inf"), 0.0]], 3, seed=4))
    out["zero_samples"] = _run(sess, lambda: tf.multinomial(lg, 0, seed=4))
    out["neg_samples"] = _run(sess, lambda: tf.multinomial(lg, -1, seed=4))
    out["zero_batch"] = _run(sess, lambda: tf.multinomial(tf.zeros([0, 3]), 2, seed=4))
    out["zero_classes"] = _run(sess, lambda: tf.multinomial(tf.zeros([2, 0]), 2, seed=4))
    out["rank1"] = _run(sess, lambda: tf.multinomial([0.0, 1.0], 2, seed=4))
    out["f64"] = _run(sess, lambda: tf.multinomial(tf.constant([[0.0, 1.0, 2.0]], tf.float64), 8, seed=5))
    out["f16"] = _run(sess, lambda: tf.multinomial(tf.constant([[0.0, 1.0, 2.0]], tf.float16), 8, seed=5))
    out["big"] = _run(sess, lambda: tf.reduce_sum(tf.multinomial(tf.zeros([4, 10]), 200, seed=6), axis=1))
    out["large_logit"] = _run(sess, lambda: tf.multinomial([[1000.0, 999.0, 0.0]], 10, seed=7))
    p = tf.placeholder(tf.float32, [None, None])
    n = tf.placeholder(tf.int32, [])
    out["ph_neg"] = _run(sess, lambda: tf.multinomial(p, n, seed=8), {p: [[1.0, 2.0]], n: -2})
    out["ph_zero"] = _run(sess, lambda: tf.multinomial(p, n, seed=8), {p: [[1.0, 2.0]], n: 0})
    out["ph"] = _run(sess, lambda: tf.multinomial(p, n, seed=8), {p: [[1.0, 2.0], [3.0, 0.0]], n: 4})
    out["ph_shape"] = str(tf.multinomial(p, n).shape)
    out["ph_shape2"] = str(tf.multinomial(tf.placeholder(tf.float32, [3, None]), 5).shape)
    out["names"] = [tf.multinomial(lg, 1).name, tf.random.categorical(lg, 1).name]
    with tf.Graph().as_default():
        out["int_logits"] = _run(tf.Session(), lambda: tf.multinomial(tf.constant([[0, 1]]), 2, seed=5))["err"]
    return out

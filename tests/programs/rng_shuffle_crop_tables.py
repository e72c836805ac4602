"""random_shuffle (1-element, empty, 2-D, strings, ints) and random_crop."""
TAGS = ['random', 'image', 'errors']


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
    tf.set_random_seed(13)
    sess = tf.Session()
    out["s10"] = _run(sess, lambda: tf.random_shuffle(tf.range(10), seed=1))
    out["s1"] = _run(sess, lambda: tf.random_shuffle([42], seed=1))
    out["s0"] = _run(sess, lambda: tf.random_shuffle(tf.zeros([0, 2]), seed=1))
    out["s2d"] = _run(sess, lambda: tf.random_shuffle(tf.reshape(tf.range(12), [4, 3]), seed=1))
    out["s_scalar"] = _run(sess, lambda: tf.random_shuffle(5, seed=1))
    out["s_str"] = _run(sess, lambda: tf.random.shuffle(tf.constant(["a", "b", "c", "d", "e"]), seed=2))
    out["s_bool"] = _run(sess, lambda: tf.random_shuffle([True, False, True], seed=2))
    out["s_f64"] = _run(sess, lambda: tf.random_shuffle(tf.constant([1.5, 2.5, 3.5, 4.5], tf.float64), seed=2))
    out["s_big"] = _run(sess, lambda: tf.random_shuffle(tf.range(100), seed=3))
    out["s_2_elems"] = _run(sess, lambda: tf.random_shuffle(tf.range(2), seed=3))
    out["s_3d"] = _run(sess, lambda: tf.random_shuffle(tf.reshape(tf.range(24), [2, 3, 4]), seed=3))
    p = tf.placeholder(tf.float32, [None, 2])
    out["s_ph"] = _run(sess, lambda: tf.random_shuffle(p, seed=4), {p: [[1, 2], [3, 4], [5, 6]]})
    out["s_ph_shape"] = str(tf.random_shuffle(p).shape)
    out["s_name"] = tf.random_shuffle([1, 2]).name
    img = tf.reshape(tf.range(60), [5, 4, 3])
    out["c1"] = _run(sess, lambda: tf.random_crop(img, [3, 2, 3], seed=5))
    out["c_full"] = _run(sess, lambda: tf.random_crop(img, [5, 4, 3], seed=5))
    out["c_too_big"] = _run(sess, lambda: tf.random_crop(img, [6, 4, 3], seed=5))
    out["c_rank"] = _run(sess, lambda: tf.random_crop(img, [3, 2], seed=5))
    out["c_zero"] = _run(sess, lambda: tf.random_crop(img, [0, 2, 3], seed=5))
    out["c_f"] = _run(sess, lambda: tf.random_crop(tf.cast(img, tf.float32), [2, 2, 1], seed=6))
    out["c_1d"] = _run(sess, lambda: tf.random_crop(tf.range(10), [4], seed=6))
    q = tf.placeholder(tf.float32, [None, None, 3])
    out["c_ph"] = _run(sess, lambda: tf.random_crop(q, [2, 2, 3], seed=7), {q: [[[float(i * 3 + j)] * 3 for j in range(4)] for i in range(4)]})
    out["c_ph_small"] = _run(sess, lambda: tf.random_crop(q, [2, 2, 3], seed=7), {q: [[[1.0] * 3]]})
    out["c_name"] = tf.random_crop(img, [1, 1, 1]).name
    out["c_shape_t"] = _run(sess, lambda: tf.random_crop(img, tf.constant([2, 2, 2]), seed=8))
    return out

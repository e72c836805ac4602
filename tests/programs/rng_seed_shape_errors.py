"""Shape errors, empty shapes, unknown-shape placeholders and op reuse across random ops."""
TAGS = ['random', 'errors', 'shapes']


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
    tf.set_random_seed(31)
    sess = tf.Session()
    out["u_float_shape"] = _run(sess, lambda: tf.random_uniform([2.0, 3.0]))
    out["n_bad_shape"] = _run(sess, lambda: tf.random_normal("abc"))
    out["u_none"] = _run(sess, lambda: tf.random_uniform([None, 2]))
    out["t_neg"] = _run(sess, lambda: tf.truncated_normal([-2]))
    out["shuffle_none"] = _run(sess, lambda: tf.random_shuffle(None))
    p = tf.placeholder(tf.int32, None)
    out["u_ph_rank_unknown"] = str(tf.random_uniform(p).shape)
    out["u_ph_vec"] = str(tf.random_uniform(tf.placeholder(tf.int32, [3])).shape)
    out["u_shape_of"] = str(tf.random_uniform(tf.shape(tf.placeholder(tf.float32, [None, 4]))).shape)
    out["n_ph_run"] = _run(sess, lambda: tf.random_normal(p, seed=1), {p: [2, 2]})
    out["n_ph_run_2d"] = _run(sess, lambda: tf.random_normal(p, seed=1), {p: [[2, 2]]})
    x = tf.placeholder(tf.float32, [None, 3])
    n = tf.random_normal(tf.shape(x), seed=2)
    out["noise_like"] = _run(sess, lambda: x + n, {x: [[0, 0, 0], [1, 1, 1]]})
    out["noise_like_shape"] = str(n.shape)
    out["u_zero_dim"] = _run(sess, lambda: tf.random_uniform([2, 0, 3], maxval=5, dtype=tf.int64, seed=3))
    out["g_zero"] = _run(sess, lambda: tf.random_gamma([0, 2], 1.0, seed=3))
    out["m_shape"] = str(tf.multinomial(tf.zeros([2, 3]), 4).shape)
    out["mix"] = _run(sess, lambda: [tf.random_uniform([2], seed=5), tf.random_normal([2], seed=5), tf.truncated_normal([2], seed=5),
                                      tf.random_uniform([2], maxval=9, dtype=tf.int32, seed=5), tf.random_shuffle(tf.range(4), seed=5)])
    out["u_seed_none_gseed"] = _run(sess, lambda: tf.random_uniform([3]))
    out["u_seed_big"] = _run(sess, lambda: tf.random_uniform([3], seed=2**40))
    out["u_seed_neg"] = _run(sess, lambda: tf.random_uniform([3], seed=-2**40))
    out["get_seed"] = [list(tf.get_seed(None)), list(tf.get_seed(5)), list(tf.get_seed(None))]
    g = tf.Graph()
    with g.as_default():
        out["get_seed_no_g"] = [str(tf.get_seed(None)), list(tf.get_seed(5))]
        tf.set_random_seed(None)
        out["get_seed_none"] = str(tf.get_seed(None))
        tf.set_random_seed(0)
        out["get_seed_0"] = [list(tf.get_seed(None)), list(tf.get_seed(0))]
    out["ops"] = sorted(set(op.type for op in tf.get_default_graph().get_operations()))
    return out

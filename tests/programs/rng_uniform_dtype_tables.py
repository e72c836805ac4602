"""random_uniform tables: int32/int64 ranges, float16/bfloat16/float64, errors, empty shapes."""
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
    tf.set_random_seed(77)
    sess = tf.Session()
    cases = [("i32", dict(minval=0, maxval=10, dtype=tf.int32)),
             ("i32_neg", dict(minval=-5, maxval=5, dtype=tf.int32)),
             ("i64", dict(minval=-2**40, maxval=2**40, dtype=tf.int64)),
             ("i64_small", dict(minval=3, maxval=4, dtype=tf.int64)),
             ("i32_full", dict(minval=-2**31, maxval=2**31 - 1, dtype=tf.int32)),
             ("i32_nomax", dict(minval=0, dtype=tf.int32)),
             ("i32_eq", dict(minval=5, maxval=5, dtype=tf.int32)),
             ("i32_rev", dict(minval=5, maxval=1, dtype=tf.int32)),
             ("f16", dict(dtype=tf.float16)), ("bf16", dict(dtype=tf.bfloat16)),
             ("f64", dict(dtype=tf.float64)), ("f32_range", dict(minval=-3.0, maxval=2.0)),
             ("f64_range", dict(minval=10.0, maxval=10.5, dtype=tf.float64)),
             ("f16_range", dict(minval=-1.0, maxval=1.0, dtype=tf.float16)),
             ("u8", dict(maxval=3, dtype=tf.uint8)), ("c64", dict(dtype=tf.complex64)),
             ("str", dict(dtype=tf.string)), ("bool", dict(dtype=tf.bool))]
    for k, kw in cases:
        out[k] = _run(sess, lambda: tf.cast(tf.random_uniform([7], seed=11, **kw), tf.float64)
                      if kw.get("dtype") == tf.bfloat16 else tf.random_uniform([7], seed=11, **kw))
    out["shape_empty"] = _run(sess, lambda: tf.random_uniform([0, 3], seed=1))
    out["shape_scalar"] = _run(sess, lambda: tf.random_uniform([], seed=1))
    out["shape_tensor"] = _run(sess, lambda: tf.random_uniform(tf.constant([2, 2]), seed=1))
    out["shape_i64"] = _run(sess, lambda: tf.random_uniform(tf.constant([2, 3], tf.int64), seed=1))
    out["shape_neg"] = _run(sess, lambda: tf.random_uniform([-1, 2], seed=1))
    out["shape_2d_tensor"] = _run(sess, lambda: tf.random_uniform(tf.constant([[2, 2]]), seed=1))
    p = tf.placeholder(tf.int32, [None])
    out["ph_shape"] = _run(sess, lambda: tf.random_uniform(p, seed=2), {p: [2, 3]})
    out["ph_shape_neg"] = _run(sess, lambda: tf.random_uniform(p, seed=2), {p: [2, -3]})
    q = tf.placeholder(tf.int32, [])
    out["ph_scalar_dim"] = _run(sess, lambda: tf.random_uniform([q, 2], seed=3), {q: 3})
    out["tensor_minval"] = _run(sess, lambda: tf.random_uniform([4], minval=tf.constant([0.0, 1.0, 2.0, 3.0]), maxval=5.0, seed=4))
    out["int_tensor_range"] = _run(sess, lambda: tf.random_uniform([4], minval=tf.constant(1), maxval=tf.constant(100), dtype=tf.int32, seed=4))
    out["int_vec_range"] = _run(sess, lambda: tf.random_uniform([4], minval=[0, 1, 2, 3], maxval=10, dtype=tf.int32, seed=4))
    out["name"] = tf.random_uniform([2], name="ru").name
    out["name_int"] = tf.random_uniform([2], maxval=3, dtype=tf.int32, name="rui").name
    out["op_type_int"] = tf.random_uniform([2], maxval=3, dtype=tf.int64).op.type
    out["big"] = _run(sess, lambda: tf.reduce_sum(tf.random_uniform([1000], seed=5, dtype=tf.float64)))
    out["big_i"] = _run(sess, lambda: tf.reduce_sum(tf.random_uniform([1000], maxval=1000, dtype=tf.int64, seed=5)))
    return out

"""Feature crosses and sparse feeds: tf.sparse.cross / cross_hashed (dense and empty inputs, batch
mismatches, bucket counts, hash keys), sparse_placeholder shapes and names, feeding a
SparseTensorValue, a tuple, numpy parts or the parts one by one, fixed and partial shapes, wrong
lengths; SparseTensor construction errors and fetches."""
import numpy as np
TAGS = ['sparse', 'errors', 'session']


def _msg(e):
    lines = [ln for ln in str(e).split("\n") if ln.strip() and not ln.startswith(
        ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:"))]
    return (lines or [""])[0][:120]


def _val(v):
    if hasattr(v, "indices") and hasattr(v, "dense_shape"):
        return {"i": np.asarray(v.indices), "v": np.asarray(v.values), "s": np.asarray(v.dense_shape)}
    return v


def _run(tf, sess, fn, feed=None):
    try:
        t = fn()
    except Exception as e:  # noqa
        return {"err": "B:" + type(e).__name__, "msg": _msg(e)}
    info = {}
    if hasattr(t, "dense_shape"):
        info["shape"] = str(t.get_shape()) if hasattr(t, "get_shape") else ""
        info["dtype"] = t.dtype.name
    elif hasattr(t, "shape") and hasattr(t, "dtype"):
        info["shape"] = str(t.shape)
        info["dtype"] = t.dtype.name
    try:
        info["v"] = _val(sess.run(t, feed_dict=feed))
    except Exception as e:  # noqa
        info["err"] = "E:" + type(e).__name__
        info["msg"] = _msg(e)
    return info


def main(tf):
    out = {}
    sess = tf.Session()
    s1 = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], ["a", "b", "c"], [2, 2])
    s2 = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], tf.constant([1, 2, 3], tf.int64), [2, 2])
    d1 = tf.constant([["x"], ["y"]])
    e1 = tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.constant([], tf.string), [2, 2])
    out["cross"] = _run(tf, sess, lambda: tf.sparse.cross([s1, s2]))
    out["cross_dense"] = _run(tf, sess, lambda: tf.sparse.cross([s1, d1]))
    out["cross_sep"] = _run(tf, sess, lambda: tf.sparse.cross([s1, s2, d1], separator="::"))
    out["cross_empty"] = _run(tf, sess, lambda: tf.sparse.cross([s1, e1]))
    out["cross_one"] = _run(tf, sess, lambda: tf.sparse.cross([s1]))
    for nb in (0, 10, 1):
        out["ch_%d" % nb] = _run(tf, sess, lambda: tf.sparse.cross_hashed([s1, s2], num_buckets=nb))
    out["ch_key"] = _run(tf, sess, lambda: tf.sparse.cross_hashed([s1, d1], num_buckets=100, hash_key=7))
    out["ch_int_dense"] = _run(tf, sess, lambda: tf.sparse.cross_hashed([s2, tf.constant([[4], [5]], tf.int64)], num_buckets=1000))
    out["cross_rows"] = _run(tf, sess, lambda: tf.sparse.cross([s1, tf.constant([["x"], ["y"], ["z"]])]))
    out["cross_int32"] = _run(tf, sess, lambda: tf.sparse.cross([tf.SparseTensor([[0, 0]], [1], [1, 1]), s1]))
    # feeds
    ph = tf.sparse_placeholder(tf.float32, name="sp")
    phs = tf.sparse_placeholder(tf.float32, shape=[3, 4])
    phr = tf.sparse_placeholder(tf.float32, shape=[None, 5])
    out["ph_shape"] = str(ph.get_shape())
    out["phs_shape"] = str(phs.get_shape())
    out["phr_shape"] = str(phr.get_shape())
    out["ph_names"] = [ph.indices.name, ph.values.name, ph.dense_shape.name, phs.dense_shape.op.type]
    out["ph_dtypes"] = [ph.indices.dtype.name, ph.dense_shape.dtype.name, str(ph.indices.shape), str(ph.values.shape)]
    stv = tf.SparseTensorValue([[0, 1], [2, 3]], [1.5, 2.5], [3, 4])
    out["feed_stv"] = _run(tf, sess, lambda: tf.sparse.to_dense(ph), {ph: stv})
    out["feed_tuple"] = _run(tf, sess, lambda: tf.sparse.to_dense(ph), {ph: ([[0, 1]], [7.0], [2, 2])})
    out["feed_np"] = _run(tf, sess, lambda: tf.sparse.to_dense(ph), {ph: (np.array([[1, 1]], np.int32), np.array([3], np.float64), np.array([2, 2], np.int32))})
    out["feed_fixed"] = _run(tf, sess, lambda: tf.sparse.to_dense(phs), {phs: stv})
    out["feed_fixed_noshape"] = _run(tf, sess, lambda: tf.sparse.to_dense(phs), {phs: ([[0, 0]], [1.0])})
    out["feed_fixed_bad"] = _run(tf, sess, lambda: tf.sparse.to_dense(phs), {phs: ([[0, 0]], [1.0], [2, 2])})
    out["feed_partial"] = _run(tf, sess, lambda: tf.sparse.to_dense(phr), {phr: ([[1, 4]], [1.0], [2, 5])})
    out["feed_partial_bad"] = _run(tf, sess, lambda: tf.sparse.to_dense(phr), {phr: ([[1, 4]], [1.0], [2, 6])})
    out["feed_badlen"] = _run(tf, sess, lambda: tf.sparse.to_dense(ph), {ph: ([[0, 1]], [1.0, 2.0], [2, 2])})
    out["feed_parts"] = _run(tf, sess, lambda: tf.sparse.to_dense(ph), {ph.indices: [[0, 0]], ph.values: [4.0], ph.dense_shape: [1, 1]})
    out["feed_empty"] = _run(tf, sess, lambda: tf.sparse.to_dense(ph), {ph: (np.zeros((0, 2), np.int64), np.zeros((0,), np.float32), [2, 2])})
    out["fetch_sparse"] = _run(tf, sess, lambda: ph, {ph: stv})
    out["fetch_const_sp"] = _run(tf, sess, lambda: tf.SparseTensor([[0]], [1], [2]))
    out["fetch_stv_type"] = type(sess.run(tf.SparseTensor([[0]], [1], [2]))).__name__
    out["st_shape_const"] = str(tf.SparseTensor([[0, 0]], [1.0], [2, 3]).get_shape())
    out["st_bad_rank"] = _run(tf, sess, lambda: tf.SparseTensor([[0, 0]], [1.0], [[2, 3]]))
    out["st_bad_vals"] = _run(tf, sess, lambda: tf.SparseTensor([[0, 0]], [[1.0]], [2, 3]))
    out["st_repr"] = repr(tf.SparseTensorValue([[0]], [1.0], [2]))
    out["convert"] = _run(tf, sess, lambda: tf.convert_to_tensor_or_sparse_tensor(stv))
    out["st_from_value"] = _run(tf, sess, lambda: tf.SparseTensor.from_value(stv))
    out["st_eval_dense_shape"] = _run(tf, sess, lambda: tf.shape(tf.sparse.to_dense(tf.SparseTensor.from_value(stv))))
    out["is_sparse"] = [isinstance(ph, tf.SparseTensor), isinstance(stv, tf.SparseTensorValue)]
    return out

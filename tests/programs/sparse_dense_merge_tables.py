"""Sparse-to-dense tables as 2016-2019 input pipelines used them: tf.sparse.to_dense and
tf.sparse_to_dense with ordered, unordered, repeated, out-of-bounds and empty indices (validated or
not), string/bool/half/complex values, to_indicator, sparse_merge (its argument checks),
fill_empty_rows; values, static shapes, TF's error texts, gradients to the values."""
import numpy as np
TAGS = ['sparse', 'errors', 'gradients']


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
    cases = {
        "ok": ([[0, 1], [1, 0], [2, 3]], [1.0, 2.0, 3.0], [3, 4]),
        "unordered": ([[2, 3], [0, 1]], [1.0, 2.0], [3, 4]),
        "repeated": ([[0, 1], [0, 1]], [1.0, 2.0], [3, 4]),
        "oob": ([[0, 1], [3, 0]], [1.0, 2.0], [3, 4]),
        "neg": ([[0, -1]], [1.0], [3, 4]),
        "empty": (np.zeros((0, 2), np.int64), np.zeros((0,), np.float32), [3, 4]),
    }
    for k, (i, v, s) in cases.items():
        sp = tf.SparseTensor(i, v, s)
        for vi in (True, False):
            out["td_%s_%s" % (k, vi)] = _run(tf, sess, lambda: tf.sparse.to_dense(sp, default_value=-1.0, validate_indices=vi))
    out["td_old"] = _run(tf, sess, lambda: tf.sparse_tensor_to_dense(tf.SparseTensor([[1]], [7], [3])))
    out["td_str"] = _run(tf, sess, lambda: tf.sparse.to_dense(tf.SparseTensor([[1]], ["a"], [3]), default_value="z"))
    out["td_bool"] = _run(tf, sess, lambda: tf.sparse.to_dense(tf.SparseTensor([[1]], [True], [3])))
    out["td_f16"] = _run(tf, sess, lambda: tf.sparse.to_dense(tf.SparseTensor([[1]], tf.constant([1.5], tf.float16), [2])))
    out["td_c128"] = _run(tf, sess, lambda: tf.sparse.to_dense(tf.SparseTensor([[1]], tf.constant([1.5j], tf.complex128), [2])))
    out["td_defdtype"] = _run(tf, sess, lambda: tf.sparse.to_dense(tf.SparseTensor([[1]], [1.0], [2]), default_value=1))
    out["std_oob"] = _run(tf, sess, lambda: tf.sparse_to_dense([[0], [5]], [3], [1, 2], 0))
    out["std_scalar_val"] = _run(tf, sess, lambda: tf.sparse_to_dense([[0], [2]], [4], 9, 0))
    out["std_unordered"] = _run(tf, sess, lambda: tf.sparse_to_dense([[2], [0]], [4], [1, 2], 0))
    out["std_unordered_nv"] = _run(tf, sess, lambda: tf.sparse_to_dense([[2], [0]], [4], [1, 2], 0, validate_indices=False))
    out["std_1d_idx"] = _run(tf, sess, lambda: tf.sparse_to_dense([1, 3], [5], 1.0))
    out["std_scalar_idx"] = _run(tf, sess, lambda: tf.sparse_to_dense(2, [5], 1.0))
    v = tf.Variable([1.0, 2.0, 3.0])
    sess.run(tf.variables_initializer([v]))
    spv = tf.SparseTensor([[0, 1], [1, 0], [2, 3]], v, [3, 4])
    out["td_grad"] = _run(tf, sess, lambda: tf.gradients(tf.sparse.to_dense(spv) * tf.reshape(tf.range(12.0), [3, 4]), v)[0])
    out["std_grad"] = _run(tf, sess, lambda: tf.gradients(tf.sparse_to_dense([[0], [2], [3]], [5], v, 0.0) * tf.range(5.0), v)[0])
    ids = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], tf.constant([1, 3, 0], tf.int64), [3, 2])
    out["ind"] = _run(tf, sess, lambda: tf.sparse.to_indicator(ids, 4))
    out["ind_oob"] = _run(tf, sess, lambda: tf.sparse_to_indicator(ids, 2))
    out["ind_i32"] = _run(tf, sess, lambda: tf.sparse.to_indicator(tf.SparseTensor([[0, 0]], [2], [1, 1]), 3))
    out["ind_float"] = _run(tf, sess, lambda: tf.sparse.to_indicator(tf.SparseTensor([[0, 0]], [2.0], [1, 1]), 3))
    wv = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], [0.5, 1.5, -2.0], [3, 2])
    out["merge"] = _run(tf, sess, lambda: tf.sparse.merge(ids, wv, 5))
    out["merge_old"] = _run(tf, sess, lambda: tf.sparse_merge(ids, wv, 5))
    out["merge_noorder"] = _run(tf, sess, lambda: tf.sparse_merge(ids, wv, 5, already_sorted=True))
    out["merge_multi"] = _run(tf, sess, lambda: tf.sparse_merge([ids, ids], [wv, wv], [5, 4]))
    out["merge_bad"] = _run(tf, sess, lambda: tf.sparse_merge(ids, wv, [5, 4]))
    for k, (i, vv, s) in [("basic", ([[1, 0], [3, 2]], [1.0, 2.0], [5, 3])),
                          ("none_empty", ([[0, 0], [1, 1]], [1.0, 2.0], [2, 2])),
                          ("all_empty", (np.zeros((0, 2), np.int64), np.zeros((0,), np.float32), [3, 2])),
                          ("unordered", ([[3, 2], [1, 0]], [1.0, 2.0], [5, 3])),
                          ("oob", ([[7, 0]], [1.0], [5, 3])),
                          ("zero_rows", (np.zeros((0, 2), np.int64), np.zeros((0,), np.float32), [0, 2]))]:
        out["fer_" + k] = _run(tf, sess, lambda: tf.sparse.fill_empty_rows(tf.SparseTensor(i, vv, s), -1.0))
    out["fer_int_default_float"] = _run(tf, sess, lambda: tf.sparse_fill_empty_rows(tf.SparseTensor([[1]], [3], [3]), 0.5))
    out["fer_str"] = _run(tf, sess, lambda: tf.sparse.fill_empty_rows(tf.SparseTensor([[1, 0]], ["x"], [3, 1]), ""))
    vg = tf.Variable([1.0, 2.0])
    sess.run(tf.variables_initializer([vg]))
    fr, _ = tf.sparse.fill_empty_rows(tf.SparseTensor([[1, 0], [3, 2]], vg, [5, 3]), 0.0)
    out["fer_grad"] = _run(tf, sess, lambda: tf.gradients(fr.values * tf.range(5.0), vg)[0])
    return out

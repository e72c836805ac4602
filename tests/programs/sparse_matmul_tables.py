"""sparse_tensor_dense_matmul tables: every adjoint pair for float32/64, int32/64, complex64 and
float16 (no kernel), vectors, dimension and dtype mismatches, out-of-bounds rows and columns,
unordered and empty operands, NaN/inf, int32 overflow, placeholders; gradients to the sparse
values and the dense operand, complex adjoints included."""
import numpy as np
TAGS = ['sparse', 'linalg', 'errors', 'gradients']


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
    idx = [[0, 1], [1, 0], [1, 2], [2, 2]]
    for dt in (tf.float32, tf.float64, tf.int32, tf.int64, tf.complex64, tf.float16):
        with tf.Graph().as_default(), tf.Session() as sess2:
            vals = tf.cast(tf.constant([1.0, 2.0, -3.0, 4.0]), dt)
            if dt.is_complex:
                vals = vals * tf.constant(1 + 1j, dt)
            sp = tf.SparseTensor(idx, vals, [3, 3])
            b = tf.cast(tf.reshape(tf.range(6.0), [3, 2]), dt)
            for aa in (False, True):
                for ab in (False, True):
                    bb = tf.transpose(b) if ab else b
                    out["mm_%s_%s_%s" % (dt.name, aa, ab)] = _run(tf, sess2, lambda: tf.sparse.sparse_dense_matmul(sp, bb, adjoint_a=aa, adjoint_b=ab))
    sp = tf.SparseTensor(idx, [1.0, 2.0, -3.0, 4.0], [3, 3])
    out["mm_old"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(sp, tf.ones([3, 4])))
    out["mm_vec"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(sp, tf.ones([3])))
    out["mm_dim"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(sp, tf.ones([4, 2])))
    out["mm_dtype"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(sp, tf.ones([3, 2], tf.float64)))
    out["mm_oob"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 5]], [1.0], [3, 3]), tf.ones([3, 2])))
    out["mm_oob_row"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(tf.SparseTensor([[4, 0]], [1.0], [3, 3]), tf.ones([3, 2])))
    out["mm_oob_adj"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 5]], [1.0], [3, 3]), tf.ones([3, 2]), adjoint_a=True))
    out["mm_unordered"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(tf.SparseTensor([[2, 0], [0, 1], [2, 0]], [1.0, 2.0, 3.0], [3, 2]), tf.ones([2, 2])))
    out["mm_empty"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 3]), tf.ones([3, 2])))
    out["mm_zero_k"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 0]), tf.ones([0, 2])))
    out["mm_nan"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(sp, tf.constant([[np.nan, 1.0], [np.inf, 0.0], [1.0, -np.inf]])))
    out["mm_rank3"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 0, 0]], [1.0], [1, 2, 2]), tf.ones([2, 2])))
    out["mm_overflow"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 0], [0, 1]], tf.constant([2 ** 30, 2 ** 30], tf.int32), [1, 2]), tf.constant([[2], [2]], tf.int32)))
    ph = tf.sparse_placeholder(tf.float32)
    dph = tf.placeholder(tf.float32, [None, None])
    feed = {ph: tf.SparseTensorValue([[0, 1], [2, 0]], [1.0, 5.0], [3, 2]), dph: np.ones((2, 4), np.float32)}
    out["mm_ph"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(ph, dph), feed)
    out["mm_ph_adj"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(ph, dph, adjoint_a=True, adjoint_b=True), {ph: feed[ph], dph: np.ones((4, 3), np.float32)})
    out["mm_ph_bad"] = _run(tf, sess, lambda: tf.sparse_tensor_dense_matmul(ph, dph), {ph: feed[ph], dph: np.ones((3, 4), np.float32)})
    v = tf.Variable([1.0, 2.0, -3.0, 4.0])
    d = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2))
    sess.run(tf.variables_initializer([v, d]))
    spv = tf.SparseTensor(idx, v, [3, 3])
    w = tf.constant([[1.0, -1.0], [2.0, 0.5], [3.0, 1.0]])
    for aa in (False, True):
        for ab in (False, True):
            dd = tf.transpose(d) if ab else d
            y = tf.sparse_tensor_dense_matmul(spv, dd, adjoint_a=aa, adjoint_b=ab)
            out["g_%s_%s" % (aa, ab)] = _run(tf, sess, lambda: tf.gradients(y * w, [v, d]))
    cv = tf.Variable(np.array([1 + 2j, 3 - 1j], np.complex64))
    cd = tf.Variable(np.array([[1j, 2.0], [1.0, -1j]], np.complex64))
    sess.run(tf.variables_initializer([cv, cd]))
    cy = tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 1], [1, 0]], cv, [2, 2]), cd, adjoint_a=True)
    out["g_complex"] = _run(tf, sess, lambda: tf.gradients(tf.real(cy) + tf.imag(cy) * 2.0, [cv, cd]))
    return out

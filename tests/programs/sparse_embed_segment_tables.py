"""Embedding bags as wide-and-deep and NLP models of 2016-2019 built them: embedding_lookup_sparse
(sum / mean / sqrtn, weights, max_norm, partitioned params, int32 ids, 3-D ids, placeholders),
safe_embedding_lookup_sparse, and the sparse segment sum / mean / sqrt_n ops (num_segments, unsorted
and out-of-range ids, empty, int64, half precision); values, TF's error texts, gradients."""
import numpy as np
TAGS = ['sparse', 'embedding', 'errors', 'gradients']


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
    params = tf.constant(np.arange(20, dtype=np.float32).reshape(5, 4) - 7.0)
    ids = tf.SparseTensor([[0, 0], [0, 1], [2, 0], [2, 1], [2, 2]], tf.constant([1, 3, 4, 4, 0], tf.int64), [4, 3])
    wts = tf.SparseTensor([[0, 0], [0, 1], [2, 0], [2, 1], [2, 2]], [0.5, 2.0, 1.0, -1.0, 3.0], [4, 3])
    for comb in ("sum", "mean", "sqrtn"):
        out["els_" + comb] = _run(tf, sess, lambda: tf.nn.embedding_lookup_sparse(params, ids, None, combiner=comb))
        out["elsw_" + comb] = _run(tf, sess, lambda: tf.nn.embedding_lookup_sparse(params, ids, wts, combiner=comb))
        out["elsn_" + comb] = _run(tf, sess, lambda: tf.nn.embedding_lookup_sparse(params, ids, wts, combiner=comb, max_norm=5.0))
        out["elsp_" + comb] = _run(tf, sess, lambda: tf.nn.embedding_lookup_sparse([params[:3], params[3:]], ids, None, combiner=comb))
    out["els_bad_comb"] = _run(tf, sess, lambda: tf.nn.embedding_lookup_sparse(params, ids, None, combiner="max"))
    out["els_i32"] = _run(tf, sess, lambda: tf.nn.embedding_lookup_sparse(params, tf.SparseTensor([[0, 0], [1, 0]], [2, 2], [2, 1]), None))
    out["els_3d"] = _run(tf, sess, lambda: tf.nn.embedding_lookup_sparse(params, tf.SparseTensor([[0, 0, 0], [1, 0, 1]], tf.constant([1, 2], tf.int64), [2, 2, 2]), None))
    out["els_wshape"] = _run(tf, sess, lambda: tf.nn.embedding_lookup_sparse(params, ids, tf.SparseTensor([[0, 0]], [1.0], [4, 3])))
    out["els_f64w"] = _run(tf, sess, lambda: tf.nn.embedding_lookup_sparse(params, ids, tf.SparseTensor([[0, 0], [0, 1], [2, 0], [2, 1], [2, 2]], tf.constant([1.0] * 5, tf.float64), [4, 3])))
    ph = tf.sparse_placeholder(tf.int64)
    feed = {ph: tf.SparseTensorValue([[0, 0], [1, 0], [1, 1]], [2, 0, 1], [3, 2])}
    out["els_ph"] = _run(tf, sess, lambda: tf.nn.embedding_lookup_sparse(params, ph, None, combiner="mean"), feed)
    sparse_ids = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], tf.constant([1, -1, 4], tf.int64), [3, 2])
    out["safe"] = _run(tf, sess, lambda: tf.contrib.layers.safe_embedding_lookup_sparse(params, sparse_ids) if hasattr(tf, "contrib") else tf.nn.safe_embedding_lookup_sparse(params, sparse_ids))
    out["safe_default"] = _run(tf, sess, lambda: tf.nn.safe_embedding_lookup_sparse(params, sparse_ids, default_id=2))
    pv = tf.Variable(np.arange(20, dtype=np.float32).reshape(5, 4) / 10.0)
    sess.run(tf.variables_initializer([pv]))
    for comb in ("sum", "mean", "sqrtn"):
        e = tf.nn.embedding_lookup_sparse(pv, ids, wts, combiner=comb)
        out["g_" + comb] = _run(tf, sess, lambda: tf.convert_to_tensor(tf.gradients(e * tf.reshape(tf.range(12.0), [3, 4]), pv)[0]))
        e2 = tf.nn.embedding_lookup_sparse(pv, ids, wts, combiner=comb, max_norm=1.0)
        out["gn_" + comb] = _run(tf, sess, lambda: tf.convert_to_tensor(tf.gradients(tf.reduce_sum(e2 * e2), pv)[0]))
    data = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [-1.0, 0.5]])
    ind = tf.constant([0, 2, 3, 1])
    seg = tf.constant([0, 0, 2, 2])
    for k, fn in [("sum", tf.sparse.segment_sum), ("mean", tf.sparse.segment_mean), ("sqrtn", tf.sparse.segment_sqrt_n)]:
        out["seg_" + k] = _run(tf, sess, lambda: fn(data, ind, seg))
        out["segn_" + k] = _run(tf, sess, lambda: fn(data, ind, seg, num_segments=5))
        out["segn_small_" + k] = _run(tf, sess, lambda: fn(data, ind, seg, num_segments=2))
        out["seg_unsorted_" + k] = _run(tf, sess, lambda: fn(data, ind, [1, 0, 2, 2]))
        out["seg_oob_" + k] = _run(tf, sess, lambda: fn(data, [0, 7], [0, 1]))
        out["seg_neg_" + k] = _run(tf, sess, lambda: fn(data, [0, 1], [0, -1]))
        out["seg_empty_" + k] = _run(tf, sess, lambda: fn(data, tf.zeros([0], tf.int32), tf.zeros([0], tf.int32)))
        out["seg_i64_" + k] = _run(tf, sess, lambda: fn(data, tf.constant([0, 1], tf.int64), tf.constant([0, 0], tf.int64)))
        out["seg_lenmm_" + k] = _run(tf, sess, lambda: fn(data, [0, 1, 2], [0, 0]))
        dv = tf.Variable(np.arange(8, dtype=np.float32).reshape(4, 2))
        sess.run(tf.variables_initializer([dv]))
        out["seg_grad_" + k] = _run(tf, sess, lambda: tf.convert_to_tensor(tf.gradients(fn(dv, ind, seg, num_segments=4) * tf.reshape(tf.range(8.0), [4, 2]), dv)[0]))
    out["seg_old"] = _run(tf, sess, lambda: tf.sparse_segment_sum(data, ind, seg))
    out["seg_int"] = _run(tf, sess, lambda: tf.sparse.segment_sum(tf.constant([[1, 2], [3, 4]]), [1, 0], [0, 0]))
    out["seg_int_mean"] = _run(tf, sess, lambda: tf.sparse.segment_mean(tf.constant([[1, 2], [3, 4]]), [1, 0], [0, 0]))
    out["seg_f64_sqrt"] = _run(tf, sess, lambda: tf.sparse.segment_sqrt_n(tf.constant([[1.0, 2.0]], tf.float64), [0, 0, 0], [0, 0, 1]))
    out["seg_f16"] = _run(tf, sess, lambda: tf.sparse.segment_mean(tf.constant([[1.0, 2.0], [3.0, 65504.0]], tf.float16), [0, 1, 1], [0, 0, 0]))
    return out

"""embedding_lookup tables: mod/div over uneven shards, PartitionedVariable, max_norm, int64 ids,
out-of-range ids, gradients as IndexedSlices; embedding_lookup_sparse combiners."""
import numpy as np
TAGS = ['nn', 'gradients', 'sparse', 'shapes', 'errors']


def _val(sess, t):
    if hasattr(t, "values") and hasattr(t, "indices") and not hasattr(t, "dense_shape") or type(t).__name__ == "IndexedSlices":
        v = sess.run([t.values, t.indices])
        return {"values": v[0], "indices": v[1], "vshape": str(t.values.shape), "ishape": str(t.indices.shape),
                "type": type(t).__name__, "vname": t.values.name, "iname": t.indices.name,
                "ds": None if t.dense_shape is None else sess.run(t.dense_shape)}
    if hasattr(t, "dense_shape"):
        v = sess.run([t.indices, t.values, t.dense_shape])
        return {"i": v[0], "v": v[1], "s": v[2]}
    return {"v": sess.run(t), "shape": str(t.shape), "dtype": t.dtype.name}


def _run(sess, fn):
    try:
        t = fn()
    except Exception as e:  # noqa
        return {"B": type(e).__name__, "msg": str(e).split("\n")[0][:120]}
    try:
        if isinstance(t, (list, tuple)):
            return [_val(sess, x) for x in t]
        return _val(sess, t)
    except Exception as e:  # noqa
        lines = [ln for ln in str(e).split("\n") if ln.strip() and not ln.startswith(
            ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:"))]
        return {"E": type(e).__name__, "msg": (lines or [""])[0][:120]}


def main(tf):
    out = {}
    tab = np.arange(11 * 3, dtype=np.float32).reshape(11, 3)
    ids_np = np.array([[0, 10, 4], [5, 5, 1]], np.int32)
    with tf.Session() as sess:
        for nsh in (1, 2, 3, 4):
            shards = [tf.constant(s) for s in np.array_split(tab, nsh)]
            shards_mod = [tf.constant(tab[i::nsh]) for i in range(nsh)]
            out["div%d" % nsh] = _run(sess, lambda: tf.nn.embedding_lookup(shards, ids_np, partition_strategy="div"))
            out["mod%d" % nsh] = _run(sess, lambda: tf.nn.embedding_lookup(shards_mod, ids_np, partition_strategy="mod"))
        sh3 = [tf.constant(s) for s in np.array_split(tab, 3)]
        out["i64"] = _run(sess, lambda: tf.nn.embedding_lookup(sh3, tf.constant(ids_np.astype(np.int64)), partition_strategy="div"))
        out["badstrat"] = _run(sess, lambda: tf.nn.embedding_lookup(sh3, ids_np, partition_strategy="foo"))
        out["oob1"] = _run(sess, lambda: tf.nn.embedding_lookup(tf.constant(tab), [11]))
        out["oob_neg"] = _run(sess, lambda: tf.nn.embedding_lookup(tf.constant(tab), [-1]))
        out["oob_div"] = _run(sess, lambda: tf.nn.embedding_lookup(sh3, [12], partition_strategy="div"))
        out["oob_mod"] = _run(sess, lambda: tf.nn.embedding_lookup(sh3, [13], partition_strategy="mod"))
        out["empty_ids"] = _run(sess, lambda: tf.nn.embedding_lookup(sh3, tf.zeros([0, 2], tf.int32)))
        out["scalar_id"] = _run(sess, lambda: tf.nn.embedding_lookup(tf.constant(tab), 3))
        out["maxnorm"] = _run(sess, lambda: tf.nn.embedding_lookup(tf.constant(tab), ids_np, max_norm=5.0))
        out["maxnorm_div"] = _run(sess, lambda: tf.nn.embedding_lookup(sh3, ids_np, partition_strategy="div", max_norm=10.0))
        out["fbad_ids"] = _run(sess, lambda: tf.nn.embedding_lookup(tf.constant(tab), tf.constant([1.0])))
        out["empty_params"] = _run(sess, lambda: tf.nn.embedding_lookup([], ids_np))
        ph = tf.placeholder(tf.int32, [None])
        e = tf.nn.embedding_lookup(sh3, ph, partition_strategy="div")
        out["ph_shape"] = str(e.shape)
        out["ph_val"] = sess.run(e, {ph: [2, 9, 0]})
        # gradients
        p = tf.constant(tab)
        e = tf.nn.embedding_lookup(p, ids_np)
        g = tf.gradients(e * 2.0, p)[0]
        out["g_single"] = _run(sess, lambda: g)
        out["g_single_name"] = [g.values.op.type, g.indices.op.type]
        g3 = tf.gradients(tf.nn.embedding_lookup(sh3, ids_np, partition_strategy="div"), sh3)
        out["g_div"] = _run(sess, lambda: g3)
        shm = [tf.constant(tab[i::3]) for i in range(3)]
        out["g_mod"] = _run(sess, lambda: tf.gradients(tf.nn.embedding_lookup(shm, ids_np), shm))
        out["g_maxnorm"] = _run(sess, lambda: tf.gradients(tf.nn.embedding_lookup(p, ids_np, max_norm=5.0), p))
        # partitioned variable
        with tf.variable_scope("pv"):
            pv = tf.get_variable("emb", shape=[11, 3], initializer=lambda shape, dtype=None, partition_info=None: tf.constant(
                                     tab[partition_info.single_offset(shape):][:shape[0]]),
                                 partitioner=tf.fixed_size_partitioner(3))
        sess.run(tf.global_variables_initializer())
        out["pv_n"] = len(list(pv))
        out["pv_shapes"] = [str(v.shape) for v in pv]
        out["pv_div"] = _run(sess, lambda: tf.nn.embedding_lookup(pv, ids_np, partition_strategy="div"))
        out["pv_mod"] = _run(sess, lambda: tf.nn.embedding_lookup(pv, ids_np, partition_strategy="mod"))
        gpv = tf.gradients(tf.nn.embedding_lookup(pv, ids_np, partition_strategy="div"), list(pv))
        out["pv_grad"] = _run(sess, lambda: gpv)
        # sparse
        sp_ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0], [2, 1], [2, 2]],
                                 tf.constant([1, 3, 0, 7, 7, 2], tf.int64), [4, 3])
        sp_w = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0], [2, 1], [2, 2]],
                               tf.constant([1., 2., 0.5, -1., 3., 0.]), [4, 3])
        for comb in ("sum", "mean", "sqrtn"):
            out["els_" + comb] = _run(sess, lambda: tf.nn.embedding_lookup_sparse(sh3, sp_ids, sp_w, combiner=comb, partition_strategy="div"))
            out["elsnw_" + comb] = _run(sess, lambda: tf.nn.embedding_lookup_sparse(p, sp_ids, None, combiner=comb))
        out["els_bad"] = _run(sess, lambda: tf.nn.embedding_lookup_sparse(p, sp_ids, None, combiner="max"))
        out["els_grad"] = _run(sess, lambda: tf.gradients(tf.nn.embedding_lookup_sparse(p, sp_ids, sp_w, combiner="mean"), p))
        out["els_maxnorm"] = _run(sess, lambda: tf.nn.embedding_lookup_sparse(p, sp_ids, sp_w, combiner="sum", max_norm=3.0))
    return out

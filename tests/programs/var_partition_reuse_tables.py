"""Partitioners: fixed_size/min_max/variable_axis_size partitioners, PartitionedVariable API (names, shapes, slices, as_tensor, len/iter, concat), get_variable with partitioner errors and reuse."""
TAGS = ['variables', 'partition']

def _err(e):
    lines = [ln for ln in str(e).split("\n") if ln.strip() and not ln.startswith(
        ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:", "Originally"))]
    return "%s: %s" % (type(e).__name__, (lines or [""])[0][:150])


def _b(fn):
    try:
        r = fn()
        if hasattr(r, "op"):
            return "%s %s %s" % (r.name, r.shape, r.dtype.name)
        if isinstance(r, (str, list, tuple, int, float, bool, type(None))):
            return repr(r)
        return type(r).__name__
    except Exception as e:  # noqa
        return "B:" + _err(e)


def _enter(cm):
    with cm as sc:
        return sc if isinstance(sc, str) else sc.name


def main(tf):
    out = {}
    tf.set_random_seed(7)
    cases = [("fs2", [7, 3], lambda: tf.fixed_size_partitioner(2), tf.float32),
             ("fs3ax1", [4, 5], lambda: tf.fixed_size_partitioner(3, axis=1), tf.float32),
             ("fs10", [3, 2], lambda: tf.fixed_size_partitioner(10), tf.float32),
             ("fs1", [5], lambda: tf.fixed_size_partitioner(1), tf.float32),
             ("mm", [100, 10], lambda: tf.min_max_variable_partitioner(max_partitions=4, min_slice_size=64), tf.float32),
             ("mm_small", [3, 3], lambda: tf.min_max_variable_partitioner(max_partitions=4, min_slice_size=256 << 10), tf.float32),
             ("mm_f64", [64, 32], lambda: tf.min_max_variable_partitioner(max_partitions=8, min_slice_size=1024), tf.float64),
             ("vas", [1000, 40], lambda: tf.variable_axis_size_partitioner(max_shard_bytes=16000), tf.float32),
             ("vas_ax1", [4, 3000], lambda: tf.variable_axis_size_partitioner(max_shard_bytes=20000, axis=1), tf.float32),
             ("vas_maxsh", [1000, 40], lambda: tf.variable_axis_size_partitioner(max_shard_bytes=1000, max_shards=3), tf.float32),
             ("vas_int", [50, 2], lambda: tf.variable_axis_size_partitioner(max_shard_bytes=64), tf.int32)]
    pvs = {}
    for name, shape, mk, dt in cases:
        def build():
            init = tf.zeros_initializer() if dt.is_integer else None
            v = tf.get_variable(name, shape, dtype=dt, partitioner=mk(), initializer=init)
            pvs[name] = v
            parts = list(v)
            return "%s|%s|%d|%s|%s" % (type(v).__name__, v.name, len(parts),
                                       ",".join("%s%s" % (p.name, p.get_shape().as_list()) for p in parts),
                                       ",".join(str(p._save_slice_info.spec) for p in parts))
        out["p_" + name] = _b(build)
    out["bad_fs0"] = _b(lambda: tf.get_variable("bad0", [4], partitioner=tf.fixed_size_partitioner(0)))
    out["bad_vas"] = _b(lambda: tf.variable_axis_size_partitioner(max_shard_bytes=0))
    out["bad_vas_neg"] = _b(lambda: tf.variable_axis_size_partitioner(max_shard_bytes=10, max_shards=0))
    out["bad_mm"] = _b(lambda: tf.get_variable("badmm", [4], partitioner=tf.min_max_variable_partitioner(max_partitions=0)))
    out["bad_axis"] = _b(lambda: tf.get_variable("badax", [4], partitioner=tf.fixed_size_partitioner(2, axis=3)))
    out["bad_noshape"] = _b(lambda: tf.get_variable("badns", partitioner=tf.fixed_size_partitioner(2), initializer=tf.constant([1., 2.])))
    out["bad_2axes"] = _b(lambda: tf.get_variable("b2", [4, 4], partitioner=lambda shape, dtype: [2, 2]))
    out["bad_len"] = _b(lambda: tf.get_variable("blen", [4, 4], partitioner=lambda shape, dtype: [2]))
    out["ok_custom"] = _b(lambda: [p.name for p in tf.get_variable("cust", [4, 6], partitioner=lambda shape, dtype: [1, 3])])
    out["scalar_part"] = _b(lambda: tf.get_variable("sc", [], partitioner=tf.fixed_size_partitioner(2)))
    out["dup"] = _b(lambda: tf.get_variable("fs2", [7, 3], partitioner=tf.fixed_size_partitioner(2)))
    out["dup_nopart"] = _b(lambda: tf.get_variable("fs2", [7, 3]))
    with tf.variable_scope("", reuse=True):
        out["reuse_ok"] = _b(lambda: tf.get_variable("fs2", [7, 3], partitioner=tf.fixed_size_partitioner(2)).name)
        out["reuse_diffpart"] = _b(lambda: tf.get_variable("fs2", [7, 3], partitioner=tf.fixed_size_partitioner(3)).name)
        out["reuse_nopart"] = _b(lambda: tf.get_variable("fs2", [7, 3]))
        out["reuse_part0"] = _b(lambda: tf.get_variable("fs2/part_0", [4, 3]).name)
        out["reuse_wrongshape"] = _b(lambda: tf.get_variable("fs2", [8, 3], partitioner=tf.fixed_size_partitioner(2)))
    with tf.variable_scope("scoped", partitioner=tf.fixed_size_partitioner(3)):
        sv = tf.get_variable("w", [6, 2], initializer=tf.ones_initializer())
        out["scope_part"] = _b(lambda: [p.name for p in sv])
        out["scope_part_scalar"] = _b(lambda: tf.get_variable("s", [], initializer=tf.ones_initializer()).name)
    pv = pvs["fs2"]
    out["api"] = _b(lambda: "%s %s %s %s" % (pv.get_shape(), pv.dtype.name, pv.op if hasattr(pv, "op") else "-", pv._get_partitions() if hasattr(pv, "_get_partitions") else "-"))
    out["as_tensor"] = _b(lambda: pv.as_tensor().name)
    out["conv"] = _b(lambda: tf.convert_to_tensor(pv).name)
    out["matmul"] = _b(lambda: tf.matmul(pv, tf.ones([3, 1])).name)
    out["assign"] = _b(lambda: [a.name for a in pv.assign(tf.zeros([7, 3]))] if isinstance(pv.assign(tf.zeros([7, 3])), list) else pv.assign(tf.zeros([7, 3])).name)
    out["lookup"] = _b(lambda: tf.nn.embedding_lookup(pv, [0, 6, 3]).name)
    out["coll"] = " ".join(v.name for v in tf.global_variables())
    out["trainable_n"] = len(tf.trainable_variables())
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out["v_fs2"] = sess.run(pv.as_tensor())
    out["v_lookup"] = sess.run(tf.nn.embedding_lookup(pv, [0, 6, 3], partition_strategy="div"))
    out["v_lookup_mod"] = sess.run(tf.nn.embedding_lookup(pvs["fs3ax1"] if False else pv, [0, 6, 3]))
    out["v_scoped"] = sess.run(list(sv))
    out["v_int"] = sess.run(list(pvs["vas_int"])) if "vas_int" in pvs else 0
    g = tf.gradients(tf.reduce_sum(tf.matmul(pv, tf.ones([3, 1]))), list(pv))
    out["grads"] = sess.run(g)
    return out

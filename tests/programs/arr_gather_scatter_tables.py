"""gather / gather_nd / batch_gather / scatter_nd / tensor_scatter_nd_* edge tables (axis, batch_dims,
negative and out-of-range indices, strings, unknown shapes, gradients)."""
import numpy as np
TAGS = ['array', 'edges', 'errors']


def _fmt(v):
    v = np.asarray(v)
    if v.dtype.kind in "SUO":
        return [x.decode() if isinstance(x, bytes) else str(x) for x in v.ravel().tolist()]
    if v.dtype.kind == "c":
        return [v.real.astype(np.float64).round(4).tolist(), v.imag.astype(np.float64).round(4).tolist()]
    return v.astype(np.float64).round(4).tolist()


def _cell(sess, fn, feed=None):
    try:
        t = fn()
    except Exception as e:  # noqa
        return "B:%s:%s" % (type(e).__name__, str(e).split("\n")[0][:120])
    ts = t if isinstance(t, (list, tuple)) else [t]
    shp = [str(x.shape) for x in ts]
    try:
        v = sess.run(list(ts), feed_dict=feed)
        return "R:%s:%s:%s" % (",".join(x.dtype.name for x in ts), shp, [_fmt(a) for a in v])
    except Exception as e:  # noqa
        return "E:%s" % type(e).__name__


def main(tf):
    out = {}
    sess = tf.Session()
    p = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    x = tf.constant(p)
    cases = {
        "g_ax0": lambda: tf.gather(x, [1, 0]),
        "g_ax1": lambda: tf.gather(x, [2, 0, 2], axis=1),
        "g_axm1": lambda: tf.gather(x, [3], axis=-1),
        "g_ax_t": lambda: tf.gather(x, [1], axis=tf.constant(2)),
        "g_neg": lambda: tf.gather(x, [-1]),
        "g_oob": lambda: tf.gather(x, [5]),
        "g_scalar_idx": lambda: tf.gather(x, 1, axis=1),
        "g_empty": lambda: tf.gather(x, tf.zeros([0], tf.int32), axis=1),
        "g_idx2d": lambda: tf.gather(x, [[0, 1], [1, 1]], axis=2),
        "g_ax_bad": lambda: tf.gather(x, [0], axis=3),
        "g_i64": lambda: tf.gather(x, tf.constant([1], tf.int64), axis=1),
        "g_float_idx": lambda: tf.gather(x, tf.constant([1.0])),
        "g_bd1": lambda: tf.gather(x, [[0, 2], [1, 1]], axis=1, batch_dims=1),
        "g_bd1_ax2": lambda: tf.gather(x, [[0, 3], [1, 2]], axis=2, batch_dims=1),
        "g_bdm1": lambda: tf.gather(x, [[0, 2], [1, 1]], axis=1, batch_dims=-1),
        "g_bd_gt_ax": lambda: tf.gather(x, [[0], [1]], axis=0, batch_dims=1),
        "g_str": lambda: tf.gather(tf.constant(["a", "b", "c"]), [2, 0]),
        "g_bool": lambda: tf.gather(tf.constant([True, False]), [1, 1, 0]),
        "g_c64": lambda: tf.gather(tf.constant([1 + 2j, 3j], tf.complex64), [1]),
        "gnd_basic": lambda: tf.gather_nd(x, [[0, 1], [1, 2]]),
        "gnd_full": lambda: tf.gather_nd(x, [[0, 1, 3]]),
        "gnd_empty": lambda: tf.gather_nd(x, tf.zeros([0, 2], tf.int32)),
        "gnd_empty_last": lambda: tf.gather_nd(x, tf.zeros([2, 0], tf.int32)),
        "gnd_oob": lambda: tf.gather_nd(x, [[2, 0]]),
        "gnd_neg": lambda: tf.gather_nd(x, [[-1, 0]]),
        "gnd_too_deep": lambda: tf.gather_nd(x, [[0, 0, 0, 0]]),
        "gnd_bd1": lambda: tf.gather_nd(x, [[[1]], [[2]]], batch_dims=1),
        "gnd_bd1b": lambda: tf.gather_nd(x, [[[1, 0]], [[2, 3]]], batch_dims=1),
        "gnd_scalar": lambda: tf.gather_nd(x, [1]),
        "bg": lambda: tf.batch_gather(x, [[0, 2], [1, 1]]),
        "bg_3": lambda: tf.batch_gather(x, [[[0], [1], [2]], [[3], [3], [0]]]),
        "sn_basic": lambda: tf.scatter_nd([[1], [3]], [5.0, 6.0], [5]),
        "sn_rep": lambda: tf.scatter_nd([[1], [1], [1]], [5, 6, 7], [3]),
        "sn_slice": lambda: tf.scatter_nd([[1]], [[1.0, 2.0]], [3, 2]),
        "sn_oob": lambda: tf.scatter_nd([[4]], [1.0], [3]),
        "sn_neg": lambda: tf.scatter_nd([[-1]], [1.0], [3]),
        "sn_bad_upd": lambda: tf.scatter_nd([[1]], [1.0, 2.0], [3]),
        "sn_shape64": lambda: tf.scatter_nd(tf.constant([[0]], tf.int64), [2.0], tf.constant([2], tf.int64)),
        "sn_empty": lambda: tf.scatter_nd(tf.zeros([0, 1], tf.int32), tf.zeros([0]), [3]),
        "sn_bool": lambda: tf.scatter_nd([[0]], [True], [2]),
        "tsu": lambda: tf.tensor_scatter_nd_update(tf.zeros([4]), [[1], [1]], [3.0, 3.0]),
        "tsa": lambda: tf.tensor_scatter_nd_add(tf.ones([4]), [[1], [1], [3]], [3.0, 2.0, 1.0]),
        "tss": lambda: tf.tensor_scatter_nd_sub(tf.ones([4], tf.int32), [[0], [0]], [3, 2]),
        "tsmax": lambda: tf.tensor_scatter_nd_max(tf.ones([4]), [[0], [2], [2]], [3.0, -2.0, 7.0]),
        "tsmin": lambda: tf.tensor_scatter_nd_min(tf.ones([4]), [[0], [2], [2]], [3.0, -2.0, 7.0]),
        "tsu_oob": lambda: tf.tensor_scatter_nd_update(tf.zeros([4]), [[4]], [3.0]),
        "tsu_2d": lambda: tf.tensor_scatter_nd_update(tf.zeros([2, 2]), [[1]], [[1.0, 2.0]]),
        "tsu_bad": lambda: tf.tensor_scatter_nd_update(tf.zeros([2, 2]), [[1]], [1.0, 2.0, 3.0]),
        "tsu_str": lambda: tf.tensor_scatter_nd_update(tf.constant(["a", "b"]), [[1]], ["z"]),
        "tsa_nan": lambda: tf.tensor_scatter_nd_add(tf.constant([1.0, np.nan]), [[0]], [np.inf]),
    }
    for k, fn in cases.items():
        out[k] = _cell(sess, fn)
    # unknown shapes
    ph = tf.placeholder(tf.float32, [None, 3])
    ip = tf.placeholder(tf.int32, [None])
    feed = {ph: np.arange(6, dtype=np.float32).reshape(2, 3), ip: [1, 0, 1]}
    out["u_g"] = _cell(sess, lambda: tf.gather(ph, ip), feed)
    out["u_g1"] = _cell(sess, lambda: tf.gather(ph, ip, axis=1), feed)
    out["u_gnd"] = _cell(sess, lambda: tf.gather_nd(ph, tf.reshape(ip[:2], [1, 2])), feed)
    out["u_sn"] = _cell(sess, lambda: tf.scatter_nd(tf.reshape(ip, [-1, 1]), tf.ones_like(ip), [3]), feed)
    # gradients
    v = tf.constant(p)
    gs = {
        "gr_g": lambda: tf.gather(v, [1, 1, 0]),
        "gr_g_ax1": lambda: tf.gather(v, [2, 2], axis=1),
        "gr_g_bd": lambda: tf.gather(v, [[0, 2], [1, 1]], axis=1, batch_dims=1),
        "gr_gnd": lambda: tf.gather_nd(v, [[0, 1], [0, 1]]),
        "gr_bg": lambda: tf.batch_gather(v, [[0, 0], [2, 1]]),
    }
    for k, fn in gs.items():
        def g(fn=fn):
            y = fn()
            gr = tf.gradients(tf.reduce_sum(y * y), v)[0]
            out[k + "_type"] = "IS" if isinstance(gr, tf.IndexedSlices) else "T"
            return tf.convert_to_tensor(gr)
        out[k] = _cell(sess, g)
    upd = tf.constant([1.0, 2.0])
    t0 = tf.constant([5.0, 5.0, 5.0])
    for nm, f in [("u", tf.tensor_scatter_nd_update), ("a", tf.tensor_scatter_nd_add),
                  ("s", tf.tensor_scatter_nd_sub), ("sn", None)]:
        def g(f=f):
            y = f(t0, [[0], [2]], upd) if f else tf.scatter_nd([[0], [0]], upd, [3])
            gg = tf.gradients(tf.reduce_sum(y * tf.constant([1.0, 2.0, 3.0])), [t0, upd] if f else [upd])
            return [tf.zeros([1]) if a is None else tf.convert_to_tensor(a) for a in gg]
        out["gr_ts_" + nm] = _cell(sess, g)
    return out

"""matrix_band_part / diag / set_diag, broadcast_to, expand_dims / squeeze, transpose(conjugate),
meshgrid, searchsorted (NaN), roll: build-time shape errors, values, unknown shapes, gradients."""
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
    ts = list(t) if isinstance(t, (list, tuple)) else [t]
    shp = [str(x.shape) for x in ts]
    try:
        v = sess.run(ts, feed_dict=feed)
        return "R:%s:%s:%s" % (",".join(x.dtype.name for x in ts), shp, [_fmt(a) for a in v])
    except Exception as e:  # noqa
        return "E:%s" % type(e).__name__

def main(tf):
    out = {}
    sess = tf.Session()
    m = tf.constant(np.arange(1, 13, dtype=np.float32).reshape(3, 4))
    c = tf.constant(np.array([[1 + 2j, 3 - 1j], [0.5j, 2]], np.complex64))
    cases = {
        "bp": lambda: tf.matrix_band_part(m, 1, 0),
        "bp_all": lambda: tf.matrix_band_part(m, -1, -1),
        "bp_i64": lambda: tf.matrix_band_part(m, tf.constant(0, tf.int64), tf.constant(2, tf.int64)),
        "bp_big": lambda: tf.matrix_band_part(m, 10, 0),
        "bp_bad": lambda: tf.matrix_band_part(m, -2, 0),
        "bp_rank1": lambda: tf.matrix_band_part(tf.ones([3]), 0, 0),
        "md": lambda: tf.matrix_diag([[1, 2], [3, 4]]),
        "md_k": lambda: tf.linalg.diag([1.0, 2.0], k=1),
        "md_pad": lambda: tf.linalg.diag([1.0, 2.0], k=-1, num_rows=4, padding_value=9.0),
        "md_cols": lambda: tf.linalg.diag([1.0, 2.0], num_cols=3),
        "mdp": lambda: tf.matrix_diag_part(m),
        "mdp_k": lambda: tf.linalg.diag_part(m, k=(-1, 1)),
        "mdp_k_pad": lambda: tf.linalg.diag_part(m, k=(-2, 0), padding_value=-1.0),
        "mdp_k1": lambda: tf.linalg.diag_part(m, k=2),
        "mdp_bad_k": lambda: tf.linalg.diag_part(m, k=(1, -1)),
        "msd": lambda: tf.matrix_set_diag(m, [0.0, 0.0, 0.0]),
        "msd_bad": lambda: tf.matrix_set_diag(m, [0.0, 0.0]),
        "msd_k": lambda: tf.linalg.set_diag(m, [[7.0, 7.0, 7.0], [8.0, 8.0, 8.0]], k=(0, 1)),
        "bt": lambda: tf.broadcast_to([1, 2], [3, 2]),
        "bt_bad": lambda: tf.broadcast_to([1, 2, 3], [3, 2]),
        "bt_i64": lambda: tf.broadcast_to(1.0, tf.constant([2, 1], tf.int64)),
        "bt_zero": lambda: tf.broadcast_to(tf.zeros([1, 3]), [0, 3]),
        "bss": lambda: str(tf.broadcast_static_shape(tf.TensorShape([2, 1]), tf.TensorShape([3]))),
        "bss_bad": lambda: str(tf.broadcast_static_shape(tf.TensorShape([2]), tf.TensorShape([3]))),
        "bss_unk": lambda: str(tf.broadcast_static_shape(tf.TensorShape([None, 1]), tf.TensorShape([1, 5]))),
        "bds": lambda: tf.broadcast_dynamic_shape([2, 1], [1, 4]),
        "bds_bad": lambda: tf.broadcast_dynamic_shape([2, 3], [4, 3]),
        "ed": lambda: tf.expand_dims(m, -1),
        "ed_bad": lambda: tf.expand_dims(m, 3),
        "ed_neg_bad": lambda: tf.expand_dims(m, -4),
        "ed_t": lambda: tf.expand_dims(m, tf.constant([0])),
        "sq": lambda: tf.squeeze(tf.zeros([1, 3, 1])),
        "sq_ax": lambda: tf.squeeze(tf.zeros([1, 3, 1]), [-1]),
        "sq_bad": lambda: tf.squeeze(tf.zeros([1, 3, 1]), [1]),
        "sq_oob": lambda: tf.squeeze(tf.zeros([1, 3, 1]), [3]),
        "tr_c": lambda: tf.transpose(c, conjugate=True),
        "tr_perm": lambda: tf.transpose(tf.zeros([2, 3, 4]), [2, 0, 1]),
        "tr_badperm": lambda: tf.transpose(m, [0, 0]),
        "tr_c_real": lambda: tf.transpose(m, conjugate=True),
        "mt": lambda: tf.linalg.matrix_transpose(c, conjugate=True),
        "mg_xy": lambda: tf.meshgrid([1, 2, 3], [4, 5]),
        "mg_ij": lambda: tf.meshgrid([1, 2, 3], [4, 5], indexing="ij"),
        "mg_bad": lambda: tf.meshgrid([1, 2], [3], indexing="xx"),
        "ss": lambda: tf.searchsorted([[1.0, 2.0, 2.0, 3.0]], [[2.0, 0.0, 5.0]]),
        "ss_r": lambda: tf.searchsorted([[1.0, 2.0, 2.0, 3.0]], [[2.0, 0.0, 5.0]], side="right"),
        "ss_i64": lambda: tf.searchsorted([1, 3, 5], [4], out_type=tf.int64),
        "ss_badside": lambda: tf.searchsorted([1, 3], [2], side="middle"),
        "ss_nan": lambda: tf.searchsorted([1.0, np.nan], [np.nan, 2.0]),
        "roll": lambda: tf.roll(m, 1, 1),
        "roll_multi": lambda: tf.roll(m, [1, -1], [0, 1]),
        "roll_same_ax": lambda: tf.roll(m, [1, 2], [1, 1]),
        "roll_big": lambda: tf.roll(m, 9, 0),
        "roll_bad": lambda: tf.roll(m, [1, 2], [0]),
        "roll_ax_oob": lambda: tf.roll(m, 1, 2),
    }
    for k, fn in cases.items():
        r = None
        try:
            r = fn()
        except Exception as e:  # noqa
            out[k] = "B:%s:%s" % (type(e).__name__, str(e).split("\n")[0][:120])
            continue
        out[k] = r if isinstance(r, str) else _cell(sess, lambda r=r: r)
    ph = tf.placeholder(tf.float32, [None, 3])
    feed = {ph: np.arange(6, dtype=np.float32).reshape(2, 3)}
    out["u_bp"] = _cell(sess, lambda: tf.matrix_band_part(ph, 0, 1), feed)
    out["u_mdp"] = _cell(sess, lambda: tf.matrix_diag_part(ph), feed)
    out["u_ed"] = _cell(sess, lambda: tf.expand_dims(ph, 1), feed)
    out["u_sq"] = _cell(sess, lambda: tf.squeeze(ph), feed)
    out["u_bt"] = _cell(sess, lambda: tf.broadcast_to(ph, [4, 2, 3]), feed)
    out["u_roll"] = _cell(sess, lambda: tf.roll(ph, 1, 0), feed)
    out["u_mg"] = _cell(sess, lambda: tf.meshgrid(ph[0], ph[:, 0]), feed)
    v = tf.constant(np.arange(1, 13, dtype=np.float32).reshape(3, 4))
    gs = {
        "gr_bp": lambda: tf.matrix_band_part(v, 0, 1),
        "gr_mdp": lambda: tf.matrix_diag_part(v),
        "gr_msd": lambda: tf.matrix_set_diag(v, v[0, :3]),
        "gr_bt": lambda: tf.broadcast_to(v[:1], [2, 4]),
        "gr_roll": lambda: tf.roll(v, 1, 1),
        "gr_tr": lambda: tf.transpose(v),
        "gr_mg": lambda: tf.meshgrid(v[0], v[1])[0],
        "gr_sq": lambda: tf.squeeze(tf.expand_dims(v, 0)),
    }
    for k, fn in gs.items():
        def g(fn=fn):
            y = fn()
            w = tf.reshape(tf.range(tf.size(y)), tf.shape(y))
            gr = tf.gradients(tf.reduce_sum(y * tf.cast(w, tf.float32)), v)[0]
            return tf.convert_to_tensor(gr)
        out[k] = _cell(sess, g)
    cv = tf.constant(np.array([[1 + 1j, 2j], [3, 4 - 1j]], np.complex64))
    out["gr_trc"] = _cell(sess, lambda: tf.gradients(tf.reduce_sum(tf.real(tf.transpose(cv, conjugate=True) * tf.constant([[1, 2j], [3, 1]], tf.complex64))), cv)[0])
    return out

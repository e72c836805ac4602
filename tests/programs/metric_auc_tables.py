"""tf.metrics.auc: curve ROC/PR x summation_method x num_thresholds, weights, edge inputs,
errors, variable names."""
import numpy as np
TAGS = ['metrics', 'errors']


def _r(v):
    return np.round(np.asarray(v, np.float64), 5).tolist()


def _cell(sess, fn, feeds):
    try:
        v, u = fn()
    except Exception as e:  # noqa
        return "B:%s:%s" % (type(e).__name__, str(e).split("\n")[0].split(" for '{{node")[0][:160])
    res = [v.name, u.name, v.dtype.name]
    try:
        sess.run([x.initializer for x in sess.graph.get_collection("local_variables")])
        res.append(_r(sess.run(v)))
        for f in feeds:
            res.append(_r(sess.run(u, f)))
        res.append(_r(sess.run(v)))
    except Exception as e:  # noqa
        res.append("E:%s" % type(e).__name__)
    return res


def main(tf):
    out = {}
    rng = np.random.RandomState(2)
    lab = tf.placeholder(tf.int32, [None])
    p = tf.placeholder(tf.float32, [None])
    w = tf.placeholder(tf.float32, [None])
    feeds = [{lab: rng.randint(0, 2, 10), p: rng.rand(10).astype(np.float32), w: rng.choice([0., 0.25, 0.5, 1., 2.], 10).astype(np.float32)}
             for _ in range(3)]
    M = tf.metrics
    with tf.Session() as sess:
        for curve in ("ROC", "PR"):
            for sm in ("trapezoidal", "careful_interpolation", "minoring", "majoring"):
                for nt in (3, 50):
                    out["auc_%s_%s_%d" % (curve, sm, nt)] = _cell(
                        sess, lambda: M.auc(lab, p, num_thresholds=nt, curve=curve, summation_method=sm), feeds)
                out["aucw_%s_%s" % (curve, sm)] = _cell(
                    sess, lambda: M.auc(lab, p, weights=w, curve=curve, summation_method=sm, num_thresholds=20), feeds)
        out["auc_named"] = _cell(sess, lambda: M.auc(lab, p, name="my_auc"), feeds)
        out["auc_bool"] = _cell(sess, lambda: M.auc(lab > 0, p), feeds)
        out["auc_all_pos"] = _cell(sess, lambda: M.auc(tf.ones_like(lab), p), feeds)
        out["auc_all_neg"] = _cell(sess, lambda: M.auc(tf.zeros_like(lab), p), feeds)
        out["auc_pr_all_neg"] = _cell(sess, lambda: M.auc(tf.zeros_like(lab), p, curve="PR"), feeds)
        out["auc_pr_ci_all_neg"] = _cell(sess, lambda: M.auc(tf.zeros_like(lab), p, curve="PR", summation_method="careful_interpolation"), feeds)
        out["auc_perfect"] = _cell(sess, lambda: M.auc(lab, tf.cast(lab, tf.float32)), feeds)
        out["auc_out_of_range"] = _cell(sess, lambda: M.auc(lab, p * 2.), feeds)
        out["auc_neg_pred"] = _cell(sess, lambda: M.auc(lab, p - 1.), feeds)
        out["auc_f64"] = _cell(sess, lambda: M.auc(lab, tf.cast(p, tf.float64)), feeds)
        out["auc_f16"] = _cell(sess, lambda: M.auc(lab, tf.cast(p, tf.float16)), feeds)
        out["auc_int_pred"] = _cell(sess, lambda: M.auc(lab, tf.cast(p > 0.5, tf.int32)), feeds)
        out["auc_float_lab"] = _cell(sess, lambda: M.auc(tf.cast(lab, tf.float32) * 0.5, p), feeds)
        out["auc_2d"] = _cell(sess, lambda: M.auc(tf.reshape(lab, [-1, 2]), tf.reshape(p, [-1, 2]), weights=tf.reshape(w, [-1, 2])), feeds)
        out["auc_2d_wcol"] = _cell(sess, lambda: M.auc(tf.reshape(lab, [-1, 2]), tf.reshape(p, [-1, 2]), weights=tf.reshape(w, [-1, 2])[:, :1]), feeds)
        out["auc_thresholds"] = _cell(sess, lambda: M.auc(lab, p, thresholds=[0.25, 0.5, 0.75]), feeds)
        out["auc_thresholds_pr"] = _cell(sess, lambda: M.auc(lab, p, thresholds=[0.25, 0.5, 0.75], curve="PR"), feeds)
        out["err_curve"] = _cell(sess, lambda: M.auc(lab, p, curve="XYZ"), feeds)
        out["err_sm"] = _cell(sess, lambda: M.auc(lab, p, summation_method="bogus"), feeds)
        out["err_nt1"] = _cell(sess, lambda: M.auc(lab, p, num_thresholds=1), feeds)
        out["err_shape"] = _cell(sess, lambda: M.auc(tf.constant([1, 0, 1]), tf.constant([0.1, 0.2])), feeds)
        out["err_wshape"] = _cell(sess, lambda: M.auc(tf.constant([1, 0, 1]), tf.constant([0.1, 0.2, 0.3]), weights=[1., 2.]), feeds)
        out["err_list_pred"] = _cell(sess, lambda: M.auc(tf.constant([1, 0, 1]), tf.constant([0.1, 0.2, 0.3]), weights=tf.constant([1., 2.])), feeds)
        out["err_complex"] = _cell(sess, lambda: M.auc(lab, tf.complex(p, p)), feeds)
        out["auc_nan"] = _cell(sess, lambda: M.auc(lab, p * np.nan), feeds)
        out["auc_empty"] = _cell(sess, lambda: M.auc(lab[:0], p[:0]), feeds)
        out["auc_empty_pr"] = _cell(sess, lambda: M.auc(lab[:0], p[:0], curve="PR"), feeds)
        out["local"] = [v.op.name for v in tf.local_variables()][:30]
        out["n_local"] = len(tf.local_variables())
        out["update_coll"] = len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
    return out

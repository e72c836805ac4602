"""tf.metrics argument and shape errors, collections arguments, dtypes of values/labels, and
the names of values, updates and local variables under scopes."""
import numpy as np
TAGS = ['metrics', 'errors']


def _r(v):
    return np.round(np.asarray(v, np.float64), 5).tolist()


def _cell(sess, fn, feed=None, runs=2):
    try:
        v, u = fn()
    except Exception as e:  # noqa
        return "B:%s:%s" % (type(e).__name__, str(e).split("\n")[0].split(" for '{{node")[0][:160])
    res = [v.name, u.name, v.dtype.name, str(v.shape), str(u.shape)]
    try:
        sess.run([x.initializer for x in sess.graph.get_collection("local_variables")])
        res.append(_r(sess.run(v)))
        for _ in range(runs):
            res.append(_r(sess.run(u, feed)))
        res.append(_r(sess.run(v, feed)))
    except Exception as e:  # noqa
        res.append("E:%s" % type(e).__name__)
    return res


def main(tf):
    out = {}
    M = tf.metrics
    lab = tf.constant([1, 0, 2, 1])
    pred = tf.constant([1, 1, 2, 0])
    flab = tf.constant([1., 0., 2., 1.])
    fpred = tf.constant([0.5, 1., 2., 0.])
    with tf.Session() as sess:
        # collections
        out["coll_str"] = _cell(sess, lambda: M.accuracy(lab, pred, metrics_collections="mc"))
        out["coll_list"] = _cell(sess, lambda: M.accuracy(lab, pred, metrics_collections=["mc"], updates_collections=["uc"]))
        out["coll_tuple"] = _cell(sess, lambda: M.mean(flab, metrics_collections=("mc",), updates_collections=("uc", "uc2")))
        out["coll_auc"] = _cell(sess, lambda: M.auc(lab > 0, fpred / 2., metrics_collections=["mc"], updates_collections=["uc"]))
        out["coll_miou"] = _cell(sess, lambda: M.mean_iou(lab, pred, 3, metrics_collections=["mc"], updates_collections=["uc"]))
        out["coll_pat"] = _cell(sess, lambda: M.precision_at_thresholds(lab > 0, fpred / 2., [0.5], metrics_collections=["mc"], updates_collections=["uc"]))
        out["coll_rmse"] = _cell(sess, lambda: M.root_mean_squared_error(flab, fpred, metrics_collections=["mc"], updates_collections=["uc"]))
        out["coll_pak"] = _cell(sess, lambda: M.precision_at_k(tf.cast(lab, tf.int64), tf.one_hot(pred, 3), 1, metrics_collections=["mc"], updates_collections=["uc"]))
        out["coll_tp"] = _cell(sess, lambda: M.true_positives(lab > 0, pred > 0, metrics_collections=["mc"], updates_collections=["uc"]))
        out["coll_sas"] = _cell(sess, lambda: M.sensitivity_at_specificity(lab > 0, fpred / 2., 0.5, metrics_collections=["mc"], updates_collections=["uc"]))
        out["mc"] = [t.name for t in tf.get_collection("mc")]
        out["uc"] = [t.name for t in tf.get_collection("uc")]
        out["uc2"] = [t.name for t in tf.get_collection("uc2")]
        # names and scopes
        with tf.variable_scope("eval"):
            out["scoped_acc"] = _cell(sess, lambda: M.accuracy(lab, pred))
            out["scoped_named"] = _cell(sess, lambda: M.recall(lab > 0, pred > 0, name="rec"))
        with tf.name_scope("ns"):
            out["ns_mean"] = _cell(sess, lambda: M.mean(flab))
            out["ns_miou"] = _cell(sess, lambda: M.mean_iou(lab, pred, 3))
        # dtypes
        for dt in ("float16", "float64", "int32", "int64", "bool"):
            v = tf.cast(flab, dt)
            out["mean_" + dt] = _cell(sess, lambda: M.mean(v))
            out["acc_" + dt] = _cell(sess, lambda: M.accuracy(v, tf.cast(fpred, dt)))
            out["mse_" + dt] = _cell(sess, lambda: M.mean_squared_error(v, tf.cast(fpred, dt)))
            out["mae_" + dt] = _cell(sess, lambda: M.mean_absolute_error(v, tf.cast(fpred, dt)))
            out["rmse_" + dt] = _cell(sess, lambda: M.root_mean_squared_error(v, tf.cast(fpred, dt)))
            out["tp_" + dt] = _cell(sess, lambda: M.true_positives(v, tf.cast(fpred, dt)))
            out["prec_" + dt] = _cell(sess, lambda: M.precision(v, tf.cast(fpred, dt)))
            out["pb_" + dt] = _cell(sess, lambda: M.percentage_below(v, 1))
            out["miou_" + dt] = _cell(sess, lambda: M.mean_iou(v, tf.cast(fpred, dt), 3))
            out["mw_" + dt] = _cell(sess, lambda: M.mean(flab, weights=tf.cast(fpred, dt)))
        out["mean_f16_big"] = _cell(sess, lambda: M.mean(tf.constant([60000., 60000.], tf.float16)))
        out["mean_tensor_f64"] = _cell(sess, lambda: M.mean_tensor(tf.constant([[1., 2.], [3., 5.]], tf.float64)))
        out["mean_tensor_w"] = _cell(sess, lambda: M.mean_tensor(tf.constant([[1., 2.], [3., 5.]]), weights=[[1.], [0.]]))
        # shape errors
        out["err_acc_shape"] = _cell(sess, lambda: M.accuracy(lab, pred[:3]))
        out["err_acc_rank"] = _cell(sess, lambda: M.accuracy(tf.reshape(lab, [2, 2]), pred))
        out["acc_squeeze"] = _cell(sess, lambda: M.accuracy(tf.reshape(lab, [4, 1]), pred))
        out["acc_squeeze2"] = _cell(sess, lambda: M.accuracy(lab, tf.reshape(pred, [4, 1])))
        out["err_mean_w"] = _cell(sess, lambda: M.mean(flab, weights=[1., 2.]))
        out["err_mse_shape"] = _cell(sess, lambda: M.mean_squared_error(flab, fpred[:2]))
        out["err_prec_shape"] = _cell(sess, lambda: M.precision(lab > 0, pred[:2] > 0))
        out["err_miou_shape"] = _cell(sess, lambda: M.mean_iou(lab, pred[:3], 3))
        out["miou_oob"] = _cell(sess, lambda: M.mean_iou(lab, pred + 5, 3))
        out["miou_tensor_nc"] = _cell(sess, lambda: M.mean_iou(lab, pred, tf.constant(3)))
        out["err_mpca_shape"] = _cell(sess, lambda: M.mean_per_class_accuracy(lab, pred[:3], 3))
        out["mpca_oob"] = _cell(sess, lambda: M.mean_per_class_accuracy(lab, pred + 5, 3))
        out["err_mre_shape"] = _cell(sess, lambda: M.mean_relative_error(flab, fpred, flab[:2]))
        out["err_mcd_dim"] = _cell(sess, lambda: M.mean_cosine_distance(tf.reshape(flab, [2, 2]), tf.reshape(fpred, [2, 2]), dim=2))
        out["err_sas_range"] = _cell(sess, lambda: M.sensitivity_at_specificity(lab > 0, fpred / 2., 1.5))
        out["err_sas_nt"] = _cell(sess, lambda: M.sensitivity_at_specificity(lab > 0, fpred / 2., 0.5, num_thresholds=0))
        out["err_ssa_range"] = _cell(sess, lambda: M.specificity_at_sensitivity(lab > 0, fpred / 2., -0.1))
        out["err_ssa_nt"] = _cell(sess, lambda: M.specificity_at_sensitivity(lab > 0, fpred / 2., 0.5, num_thresholds=1))
        out["err_pat_range"] = _cell(sess, lambda: M.precision_at_thresholds(lab > 0, fpred, [0.5]))
        out["err_tp_thr_scalar"] = _cell(sess, lambda: M.true_positives_at_thresholds(lab > 0, fpred / 2., 0.5))
        out["err_rak_float_pred"] = _cell(sess, lambda: M.recall_at_k(tf.cast(lab, tf.int64), tf.one_hot(pred, 3), 0))
        out["err_pattk_float"] = _cell(sess, lambda: M.precision_at_top_k(tf.cast(lab, tf.int64), tf.one_hot(pred, 3)))
        out["err_acc_none"] = _cell(sess, lambda: M.accuracy(None, pred))
        out["err_mean_str"] = _cell(sess, lambda: M.mean(tf.constant(["a"])))
        out["n_local"] = len(tf.local_variables())
        out["local"] = [v.op.name for v in tf.local_variables()]
    return out

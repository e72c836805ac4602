"""tf.metrics.* over several update runs with weights: value before updates, after each update,
local variable names, reset through local_variables_initializer."""
import numpy as np
TAGS = ['metrics']


def _r(v):
    return np.round(np.asarray(v, np.float64), 5).tolist()


def main(tf):
    out = {}
    rng = np.random.RandomState(1)
    lab = tf.placeholder(tf.int64, [None], name="lab")
    prob = tf.placeholder(tf.float32, [None], name="prob")
    w = tf.placeholder(tf.float32, [None], name="w")
    pred = tf.cast(prob > 0.5, tf.int64)
    flab = tf.cast(lab, tf.float32)
    M = tf.metrics
    ms = {
        "acc": lambda: M.accuracy(lab, pred, weights=w),
        "acc_bool": lambda: M.accuracy(tf.cast(lab, tf.bool), prob > 0.5),
        "mean": lambda: M.mean(prob, weights=w),
        "mean_tensor": lambda: M.mean_tensor(tf.reshape(prob, [-1, 2]), weights=tf.reshape(w, [-1, 2])),
        "prec": lambda: M.precision(lab, pred, weights=w),
        "rec": lambda: M.recall(lab, pred, weights=w),
        "tp": lambda: M.true_positives(lab, pred, weights=w),
        "fp": lambda: M.false_positives(lab, pred),
        "tn": lambda: M.true_negatives(lab, pred, weights=w),
        "fn": lambda: M.false_negatives(lab, pred),
        "tp_t": lambda: M.true_positives_at_thresholds(lab, prob, [0.2, 0.5, 0.8], weights=w),
        "fp_t": lambda: M.false_positives_at_thresholds(lab, prob, [0.2, 0.5, 0.8]),
        "tn_t": lambda: M.true_negatives_at_thresholds(lab, prob, [0.2, 0.5, 0.8]),
        "fn_t": lambda: M.false_negatives_at_thresholds(lab, prob, [0.2, 0.5, 0.8], weights=w),
        "p_t": lambda: M.precision_at_thresholds(lab, prob, [0.0, 0.3, 0.7, 1.0], weights=w),
        "r_t": lambda: M.recall_at_thresholds(lab, prob, [0.0, 0.3, 0.7, 1.0]),
        "mse": lambda: M.mean_squared_error(flab, prob, weights=w),
        "rmse": lambda: M.root_mean_squared_error(flab, prob, weights=w),
        "mae": lambda: M.mean_absolute_error(flab, prob),
        "mre": lambda: M.mean_relative_error(flab + 1., prob, normalizer=flab + 1.),
        "mre_zero": lambda: M.mean_relative_error(flab, prob, normalizer=flab),
        "pb": lambda: M.percentage_below(prob, 0.4, weights=w),
        "pb_now": lambda: M.percentage_below(prob, 0.4),
        "mcd": lambda: M.mean_cosine_distance(tf.reshape(flab, [-1, 2]), tf.reshape(prob, [-1, 2]), dim=1),
        "miou": lambda: M.mean_iou(lab, pred, 2, weights=w),
        "miou3": lambda: M.mean_iou(lab, pred + lab, 3),
        "mpca": lambda: M.mean_per_class_accuracy(lab, pred, 2, weights=w),
        "mpca3": lambda: M.mean_per_class_accuracy(lab, pred + lab, 3),
        "sas": lambda: M.sensitivity_at_specificity(lab, prob, 0.6, weights=w),
        "sas_t": lambda: M.sensitivity_at_specificity(lab, prob, 0.3, num_thresholds=7),
        "sas_s": lambda: M.specificity_at_sensitivity(lab, prob, 0.7, weights=w),
        "sas_s_t": lambda: M.specificity_at_sensitivity(lab, prob, 0.2, num_thresholds=11),
    }
    built = {}
    for nm, fn in ms.items():
        try:
            built[nm] = fn()
        except Exception as e:  # noqa
            out["build_" + nm] = "B:%s:%s" % (type(e).__name__, str(e).split("\n")[0].split(" for '{{node")[0][:160])
    out["local_vars"] = [(v.op.name, v.dtype.base_dtype.name, str(v.shape)) for v in tf.local_variables()]
    out["metric_vars"] = [v.op.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)]
    out["global_vars"] = [v.op.name for v in tf.global_variables()]
    out["names"] = {k: (v[0].name, v[1].name, v[0].dtype.name, str(v[0].shape)) for k, v in built.items()}
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        out["before"] = {k: _r(sess.run(v[0])) for k, v in built.items()}
        for step in range(3):
            n = 6 + 2 * step
            feed = {lab: rng.randint(0, 2, n), prob: rng.rand(n).astype(np.float32),
                    w: rng.choice([0., 0.5, 1., 2.], n).astype(np.float32)}
            ups = sess.run({k: v[1] for k, v in built.items()}, feed)
            out["up%d" % step] = {k: _r(v) for k, v in ups.items()}
            out["val%d" % step] = {k: _r(sess.run(v[0])) for k, v in built.items()}
        sess.run(tf.local_variables_initializer())
        out["reset"] = {k: _r(sess.run(v[0])) for k, v in built.items()}
        feed = {lab: [1, 0], prob: [0.9, 0.1], w: [0., 0.]}
        sess.run({k: v[1] for k, v in built.items()}, feed)
        out["zero_w"] = {k: _r(sess.run(v[0])) for k, v in built.items()}
    return out

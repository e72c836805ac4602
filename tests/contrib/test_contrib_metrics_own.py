"""tf.contrib.metrics' own metrics (TF 1.15 contrib/metrics/python/ops/metric_ops.py and
histogram_ops.py): the false positive/negative rates, recall_at_precision (and strict_mode),
precision_at_recall, precision_recall_at_equal_thresholds, count, cohen_kappa,
streaming_dynamic_auc and auc_using_histogram. TF 2.21 has no contrib: the expected values
were printed by TF 2.21 running TF 1.15's code of these metrics over two batches."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

EXPECTED = {
    "fpr": 0.5, "fnr_w": 0.6000882, "fpr_t": [0.85, 0.5, 0.0],
    "fnr_t": [0.22201928, 0.6000882, 0.73985887], "rap": 0.35, "rap_strict": 0.05,
    "par": 0.4660441, "count": 49.945045, "count_plain": 40.0, "dyn_roc": 0.5125,
    "dyn_pr_w": 0.65622498, "hist": 0.52000004, "last_update_rap": 0.35,
    "pr_tp": [20., 16., 13., 7., 5., 0.], "pr_fp": [20., 17., 14., 7., 0., 0.],
    "pr_tn": [0., 3., 6., 13., 20., 20.], "pr_fn": [0., 4., 7., 13., 15., 20.],
    "pr_precision": [0.5, 0.4848485, 0.4814815, 0.5, 1., 0.],
    "pr_recall": [1., 0.8, 0.65, 0.35, 0.25, 0.], "pr_thresholds": [0., 0.2, 0.4, 0.6, 0.8, 1.],
    "kappa": 0.6296296296296297, "kappa_w": 0.5847693879018959,
}
LOCAL_VARIABLES = [
    "auc_using_histogram/hist_accumulate/hist_false_acc",
    "auc_using_histogram/hist_accumulate/hist_true_acc", "cohen_kappa/pe_col",
    "cohen_kappa/pe_row", "cohen_kappa/po", "cohen_kappa_1/pe_col", "cohen_kappa_1/pe_row",
    "cohen_kappa_1/po", "count/count", "count_1/count", "dynamic_auc/concat_labels/array",
    "dynamic_auc/concat_labels/size", "dynamic_auc/concat_preds/array",
    "dynamic_auc/concat_preds/size", "dynamic_auc_1/concat_labels/array",
    "dynamic_auc_1/concat_labels/size", "dynamic_auc_1/concat_preds/array",
    "dynamic_auc_1/concat_preds/size", "dynamic_auc_1/concat_weights/array",
    "dynamic_auc_1/concat_weights/size", "false_negative_rate/false_negatives/count",
    "false_negative_rate/true_positives/count",
    "false_negative_rate_at_thresholds/false_negatives",
    "false_negative_rate_at_thresholds/true_positives",
    "false_positive_rate/false_positives/count", "false_positive_rate/true_negatives/count",
    "false_positive_rate_at_thresholds/false_positives",
    "false_positive_rate_at_thresholds/true_negatives", "precision_at_recall/false_negatives",
    "precision_at_recall/false_positives", "precision_at_recall/true_negatives",
    "precision_at_recall/true_positives",
    "precision_recall_at_equal_thresholds/variables/fp_buckets",
    "precision_recall_at_equal_thresholds/variables/tp_buckets",
    "recall_at_precision/false_negatives", "recall_at_precision/false_positives",
    "recall_at_precision/true_negatives", "recall_at_precision/true_positives",
    "recall_at_precision_1/false_negatives", "recall_at_precision_1/false_positives",
    "recall_at_precision_1/true_negatives", "recall_at_precision_1/true_positives"]


def _run(tf, cm):
    rng = np.random.RandomState(7)
    out = {}
    p1 = rng.uniform(0, 1, 20).astype(np.float32); l1 = rng.uniform(0, 1, 20) > 0.4
    p2 = rng.uniform(0, 1, 20).astype(np.float32); l2 = rng.uniform(0, 1, 20) > 0.6
    w = rng.uniform(0.2, 2, 20).astype(np.float32)
    P = tf.placeholder(tf.float32, [20]); L = tf.placeholder(tf.bool, [20])
    feeds = [{P: p1, L: l1}, {P: p2, L: l2}]
    ms = {
        "fpr": cm.streaming_false_positive_rate(P > 0.5, L),
        "fnr_w": cm.streaming_false_negative_rate(P > 0.5, L, weights=w),
        "fpr_t": cm.streaming_false_positive_rate_at_thresholds(P, L, [0.2, 0.5, 0.8]),
        "fnr_t": cm.streaming_false_negative_rate_at_thresholds(P, L, [0.2, 0.5, 0.8], weights=w),
        "rap": cm.recall_at_precision(L, P, 0.7),
        "rap_strict": cm.recall_at_precision(L, P, 0.9, num_thresholds=50, strict_mode=True),
        "par": cm.precision_at_recall(L, P, 0.6, weights=w),
        "count": cm.count(P, weights=w),
        "count_plain": cm.count(P),
        "dyn_roc": cm.streaming_dynamic_auc(L, P),
        "dyn_pr_w": cm.streaming_dynamic_auc(L, P, curve="PR", weights=w),
        "hist": cm.auc_using_histogram(L, P, [0.0, 1.0], nbins=10),
    }
    pr, pr_up = cm.precision_recall_at_equal_thresholds(L, P, num_thresholds=6)
    yl = tf.placeholder(tf.int32, [20]); yp = tf.placeholder(tf.int32, [20])
    kappa = cm.cohen_kappa(yl, yp, 3)
    kappa_w = cm.cohen_kappa(yl, yp, 3, weights=tf.constant(w))
    a = rng.randint(0, 3, 20); b = np.where(rng.uniform(size=20) < 0.6, a, rng.randint(0, 3, 20))
    names = sorted(v.op.name for v in tf.local_variables())
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        for f in feeds:
            ups = sess.run({k: v[1] for k, v in ms.items()
                            if k not in ("dyn_roc", "dyn_pr_w", "hist")}, f)
            sess.run([ms["dyn_roc"][1], ms["dyn_pr_w"][1], ms["hist"][1], pr_up], f)
            sess.run([kappa[1], kappa_w[1]], {yl: a, yp: b})
        for k, v in ms.items():
            # (reading the dynamic AUC runs its label checks: they need the labels fed)
            out[k] = np.asarray(sess.run(v[0], feeds[1] if k.startswith('dyn') else None))
        out["last_update_rap"] = np.asarray(ups["rap"])
        prv = sess.run(pr)
        for field in pr._fields:
            out["pr_" + field] = np.asarray(getattr(prv, field))
        out["kappa"], out["kappa_w"] = sess.run([kappa[0], kappa_w[0]])
    out["local_variables"] = names
    return out


def test_contrib_metrics_give_tf_values(tf):
    with tf.Graph().as_default():
        out = _run(tf, tf.contrib.metrics)
    assert out.pop("local_variables") == LOCAL_VARIABLES
    assert set(out) == set(EXPECTED)
    for key, value in EXPECTED.items():
        np.testing.assert_allclose(out[key], value, rtol=1e-6, err_msg=key)


def test_contrib_metrics_argument_errors(tf):
    cm = tf.contrib.metrics
    with tf.Graph().as_default():
        p, labels = tf.constant([0.2, 0.8]), tf.constant([False, True])
        with pytest.raises(ValueError, match=r"`precision` must be in the range \[0, 1\]"):
            cm.recall_at_precision(labels, p, 1.5)
        with pytest.raises(ValueError, match=r"`target_recall` must be in the range \[0, 1\]"):
            cm.precision_at_recall(labels, p, -0.1)
        with pytest.raises(ValueError, match="`num_classes` must be >= 2"):
            cm.cohen_kappa(tf.constant([0, 1]), tf.constant([0, 1]), 1)
        with pytest.raises(ValueError, match="curve must be either ROC or PR, XY unknown"):
            cm.streaming_dynamic_auc(labels, p, curve="XY")
        with pytest.raises(ValueError, match="Argument boolean_labels should have dtype bool"):
            cm.auc_using_histogram(tf.constant([0, 1]), p, [0.0, 1.0])
        sets = tf.sets.set_size(tf.SparseTensor([[0, 0], [0, 1]], [3, 4], [1, 2]))
        assert cm.set_size is tf.sets.set_size and sets.dtype == tf.int32


def test_dynamic_auc_checks_labels_at_run_time(tf):
    with tf.Graph().as_default():
        labels = tf.placeholder(tf.int32, [2])
        auc, update = tf.contrib.metrics.streaming_dynamic_auc(labels, tf.constant([0.1, 0.7]))
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="labels must be 0 or 1, at least one is >1"):
                sess.run(update, {labels: [0, 2]})
            sess.run(update, {labels: [0, 1]})
            assert sess.run(auc, {labels: [0, 1]}) == 1.0

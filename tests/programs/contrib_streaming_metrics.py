"""Evaluation loop of 2017 research code: tf.contrib.metrics streaming_accuracy, streaming_auc
(predictions first), streaming_precision/recall, streaming_mean_iou,
streaming_pearson_correlation, streaming_covariance, confusion_matrix and aggregate_metric_map,
fed batch by batch. Reference where contrib is missing: tf.metrics and numpy (TF 1.15's
formulas)."""
TAGS = ['contrib', 'metrics']
import numpy as np
TOLERANCE = {'*': (2e-4, 2e-5)}


def main(tf):
    rng = np.random.RandomState(9)
    batches = [(rng.rand(6).astype(np.float32), rng.rand(6) > 0.5,
                rng.randint(0, 3, 6), rng.randint(0, 3, 6)) for _ in range(3)]
    probs = tf.placeholder(tf.float32, [None])
    labels = tf.placeholder(tf.bool, [None])
    cls_p = tf.placeholder(tf.int64, [None])
    cls_l = tf.placeholder(tf.int64, [None])
    c = getattr(tf, 'contrib', None)
    lab_f = tf.cast(labels, tf.float32)
    if c is not None:
        M = c.metrics
        names, updates = M.aggregate_metric_map({
            'acc': M.streaming_accuracy(cls_p, cls_l),
            'auc': M.streaming_auc(probs, labels),
            'auc_pr': M.streaming_auc(probs, labels, curve='PR'),
            'prec': M.streaming_precision(probs > 0.5, labels),
            'rec': M.streaming_recall(probs > 0.5, labels),
            'miou': M.streaming_mean_iou(cls_p, cls_l, num_classes=3),
            'pearson': M.streaming_pearson_correlation(probs, lab_f),
            'cov': M.streaming_covariance(probs, lab_f),
        })
        cm = M.confusion_matrix(cls_l, cls_p, num_classes=3)
    else:
        names, updates = {}, {}
        for k, (v, u) in {
                'acc': tf.metrics.accuracy(cls_l, cls_p),
                'auc': tf.metrics.auc(labels, probs),
                'auc_pr': tf.metrics.auc(labels, probs, curve='PR'),
                'prec': tf.metrics.precision(labels, probs > 0.5),
                'rec': tf.metrics.recall(labels, probs > 0.5),
                'miou': tf.metrics.mean_iou(cls_l, cls_p, 3)}.items():
            names[k], updates[k] = v, u
        cm = tf.confusion_matrix(cls_l, cls_p, num_classes=3)
    res = {'local_vars': sorted(v.op.name for v in tf.local_variables())
           if c is None else None}
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        cms = []
        for p, l, cp, cl in batches:
            fd = {probs: p, labels: l, cls_p: cp, cls_l: cl}
            sess.run(list(updates.values()), fd)
            cms.append(sess.run(cm, fd))
        out = sess.run(names)
        res['cms'] = np.stack(cms)
        if c is not None:
            res['local_vars'] = sorted(v.op.name for v in tf.local_variables()
                                       if v.op.name.split('/')[0] in (
                                           'accuracy', 'auc', 'auc_1', 'precision', 'recall',
                                           'mean_iou'))
    if c is None:
        P = np.concatenate([b[0] for b in batches]).astype(np.float64)
        L = np.concatenate([b[1] for b in batches])
        out['pearson'] = np.float32(np.corrcoef(P, L.astype(np.float64))[0, 1])
        out['cov'] = np.float32(np.cov(P, L.astype(np.float64))[0, 1])
    for k in sorted(out):
        res['metric/' + k] = out[k]
    return res

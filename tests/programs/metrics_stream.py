"""tf.metrics update/value ops over three batches with local variables."""
import numpy as np
TAGS = ['metrics']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    rng = np.random.RandomState(4)
    labels = tf.placeholder(tf.int64, [None])
    probs = tf.placeholder(tf.float32, [None])
    preds = tf.cast(probs > 0.5, tf.int64)
    weights = tf.placeholder(tf.float32, [None])
    ms = {
        'accuracy': tf.metrics.accuracy(labels, preds, weights=weights),
        'auc': tf.metrics.auc(labels, probs, num_thresholds=50),
        'auc_pr': tf.metrics.auc(labels, probs, curve='PR', num_thresholds=50),
        'precision': tf.metrics.precision(labels, preds),
        'recall': tf.metrics.recall(labels, preds),
        'mean': tf.metrics.mean(probs, weights=weights),
        'mse': tf.metrics.mean_squared_error(tf.cast(labels, tf.float32), probs),
        'miou': tf.metrics.mean_iou(labels, preds, 2),
        'fn': tf.metrics.false_negatives(labels, preds),
        'p_at_t': tf.metrics.precision_at_thresholds(labels, probs, [0.3, 0.7]),
    }
    out = {}
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        for _ in range(3):
            feed = {labels: rng.randint(0, 2, 20), probs: rng.rand(20).astype(np.float32),
                    weights: rng.rand(20).astype(np.float32)}
            sess.run({k: v[1] for k, v in ms.items()}, feed)
        r = sess.run({k: v[0] for k, v in ms.items()})
        out.update({k: np.asarray(v) for k, v in r.items()})
        out['local_vars'] = np.array(len(tf.local_variables()))
    return out

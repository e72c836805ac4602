"""TF-Ranking v0.1 metrics.py: sort_by_scores (top_k + flattened offsets + gather), precision@k,
MRR, NDCG@k streamed with tf.metrics.mean and per-query weights; tf.argsort (stable,
DESCENDING), tf.batch_gather, tf.sort."""
import numpy as np
TAGS = ['metrics', 'shapes']
TOLERANCE = {'*': (1e-5, 1e-6)}


def sort_by_scores(tf, scores, features_list, topn):
    scores = tf.convert_to_tensor(scores)
    list_size = tf.shape(scores)[1]
    topn = tf.minimum(list_size, topn)
    _, indices = tf.nn.top_k(scores, topn, sorted=True)
    list_offsets = tf.expand_dims(tf.range(tf.shape(scores)[0]) * list_size, 1)
    indices += list_offsets
    indices = tf.reshape(indices, [-1])
    return [tf.reshape(tf.gather(tf.reshape(f, [-1]), indices), [-1, topn])
            for f in features_list]


def main(tf):
    labels_np = np.array([[0., 1., 2., -1.], [3., 0., 0., 1.], [0., 0., 0., 0.], [1., 2., -1., -1.]],
                         np.float32)
    preds_np = np.array([[0.3, 0.2, 0.9, 0.1], [0.1, 0.5, 0.2, 0.7], [1., 2., 3., 4.],
                         [0.6, 0.4, 0.2, 0.8]], np.float32)
    labels = tf.constant(labels_np)
    preds = tf.constant(preds_np)
    is_valid = tf.greater_equal(labels, 0.)
    preds_m = tf.where(is_valid, preds, -1e-6 * tf.ones_like(preds) + tf.reduce_min(preds, 1, keepdims=True))
    labels_c = tf.where(is_valid, labels, tf.zeros_like(labels))
    out = {}
    metrics = {}
    for topn in [1, 3]:
        sorted_labels, = sort_by_scores(tf, preds_m, [labels_c], topn)
        rel = tf.to_float(sorted_labels >= 1.)
        p = tf.reduce_sum(rel, 1, keepdims=True) / tf.to_float(topn)
        rank = tf.range(1, topn + 1)
        first = tf.reduce_min(tf.where(rel > 0, tf.tile(tf.expand_dims(rank, 0), [tf.shape(rel)[0], 1]),
                                       tf.fill(tf.shape(rel), 1000000)), 1, keepdims=True)
        mrr = tf.where(first < 1000000, 1. / tf.to_float(first), tf.zeros_like(first, tf.float32))
        gain = tf.pow(2., sorted_labels) - 1.
        disc = tf.log(2.) / tf.log1p(tf.to_float(rank))
        dcg = tf.reduce_sum(gain * disc, 1, keepdims=True)
        ideal, = sort_by_scores(tf, labels_c, [labels_c], topn)
        idcg = tf.reduce_sum((tf.pow(2., ideal) - 1.) * disc, 1, keepdims=True)
        ndcg = tf.div_no_nan(dcg, idcg)
        w = tf.to_float(tf.reduce_any(labels_c > 0, 1, keepdims=True))
        for name, v in [('precision', p), ('mrr', mrr), ('ndcg', ndcg)]:
            key = 'metric/%s_%d' % (name, topn)
            metrics[key] = tf.metrics.mean(v, weights=w, name=key)
            out['raw_' + key] = v
    # argsort / batch_gather flavour
    order = tf.argsort(preds_m, axis=-1, direction='DESCENDING', stable=True)
    gathered = tf.batch_gather(labels_c, order)
    out['order_dtype'] = order.dtype.name
    out['gathered_shape'] = gathered.shape.as_list()
    ranks = tf.argsort(order, axis=1) + 1
    out['sort_vals'] = tf.sort(preds, direction='ASCENDING')
    out['local_vars'] = sorted(v.name for v in tf.local_variables())
    out['metric_vars'] = sorted(v.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES))
    out['update_names'] = sorted(m[1].name for m in metrics.values())
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        upd = {k: m[1] for k, m in metrics.items()}
        r1 = sess.run(upd)
        sess.run(upd)
        fin = sess.run({k: m[0] for k, m in metrics.items()})
        for k in metrics:
            out['upd1_' + k] = r1[k]
            out['fin_' + k] = fin[k]
        for k in list(out):
            if k.startswith('raw_'):
                out[k] = sess.run(out[k])
        out['sort_vals'] = sess.run(out['sort_vals'])
        out['order'], out['gathered'], out['ranks'] = sess.run([order, gathered, ranks])
    return out

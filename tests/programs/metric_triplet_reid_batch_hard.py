"""triplet-reid (Hermans et al. 2017) loss.py + Olivier Moindrot's batch-all/batch-hard blog code."""
import numpy as np
TAGS = ['gradients', 'nn']


def all_diffs(a, b):
    return tf_.expand_dims(a, axis=1) - tf_.expand_dims(b, axis=0)


def cdist(a, b, metric="euclidean"):
    with tf_.name_scope("cdist"):
        diffs = all_diffs(a, b)
        if metric == "sqeuclidean":
            return tf_.reduce_sum(tf_.square(diffs), axis=-1)
        elif metric == "euclidean":
            return tf_.sqrt(tf_.reduce_sum(tf_.square(diffs), axis=-1) + 1e-12)
        elif metric == "cityblock":
            return tf_.reduce_sum(tf_.abs(diffs), axis=-1)
        raise NotImplementedError("The following metric is not implemented by `cdist` yet: {}".format(metric))


def batch_hard(dists, pids, margin, batch_precision_at_k=None):
    with tf_.name_scope("batch_hard"):
        same_identity_mask = tf_.equal(tf_.expand_dims(pids, axis=1), tf_.expand_dims(pids, axis=0))
        negative_mask = tf_.logical_not(same_identity_mask)
        positive_mask = tf_.logical_xor(same_identity_mask, tf_.eye(tf_.shape(pids)[0], dtype=tf_.bool))
        furthest_positive = tf_.reduce_max(dists * tf_.cast(positive_mask, tf_.float32), axis=1)
        closest_negative = tf_.map_fn(lambda x: tf_.reduce_min(tf_.boolean_mask(x[0], x[1])),
                                      (dists, negative_mask), tf_.float32)
        diff = furthest_positive - closest_negative
        if isinstance(margin, float):
            diff = tf_.maximum(diff + margin, 0.0)
        elif margin == "soft":
            diff = tf_.nn.softplus(diff)
        _, indices = tf_.nn.top_k(-dists, k=batch_precision_at_k)
        indices = tf_.cast(indices, tf_.int32)
        topk_is_same = tf_.gather(tf_.cast(same_identity_mask, tf_.int32), indices, axis=1)
        # per-row gather via gather_nd
        b = tf_.shape(dists)[0]
        rows = tf_.tile(tf_.expand_dims(tf_.range(b), 1), [1, batch_precision_at_k])
        topk_same = tf_.gather_nd(same_identity_mask, tf_.stack([rows, indices], -1))
        prec = tf_.reduce_mean(tf_.cast(topk_same[:, 1:], tf_.float32), axis=1)
    return diff, prec, topk_is_same


def pairwise_moindrot(emb, squared):
    dot = tf_.matmul(emb, tf_.transpose(emb))
    sq = tf_.diag_part(dot)
    d = tf_.expand_dims(sq, 0) - 2.0 * dot + tf_.expand_dims(sq, 1)
    d = tf_.maximum(d, 0.0)
    if not squared:
        mask = tf_.to_float(tf_.equal(d, 0.0))
        d = d + mask * 1e-16
        d = tf_.sqrt(d)
        d = d * (1.0 - mask)
    return d


def batch_all(labels, emb, margin, squared=False):
    d = pairwise_moindrot(emb, squared)
    ap = tf_.expand_dims(d, 2)
    an = tf_.expand_dims(d, 1)
    loss = ap - an + margin
    eq = tf_.cast(tf_.eye(tf_.shape(labels)[0]), tf_.bool)
    neq = tf_.logical_not(eq)
    distinct = tf_.logical_and(tf_.logical_and(tf_.expand_dims(neq, 2), tf_.expand_dims(neq, 1)),
                               tf_.expand_dims(neq, 0))
    leq = tf_.equal(tf_.expand_dims(labels, 0), tf_.expand_dims(labels, 1))
    valid = tf_.logical_and(tf_.expand_dims(leq, 2), tf_.logical_not(tf_.expand_dims(leq, 1)))
    mask = tf_.to_float(tf_.logical_and(distinct, valid))
    loss = tf_.maximum(tf_.multiply(mask, loss), 0.0)
    pos = tf_.to_float(tf_.greater(loss, 1e-16))
    num_pos = tf_.reduce_sum(pos)
    frac = num_pos / (tf_.reduce_sum(mask) + 1e-16)
    return tf_.reduce_sum(loss) / (num_pos + 1e-16), frac, d


def main(tf):
    global tf_
    tf_ = tf
    np.random.seed(0)
    tf.set_random_seed(1)
    pids_np = np.repeat(np.arange(4), 3).astype(np.int32)
    x = tf.placeholder(tf.float32, [None, 6], name="images")
    pids = tf.placeholder(tf.int32, [None], name="pids")
    emb = tf.layers.dense(x, 4, name="embedding", kernel_initializer=tf.glorot_uniform_initializer(seed=2))
    out = {}
    feed = {x: np.random.randn(12, 6).astype(np.float32), pids: pids_np}
    res = {}
    for metric in ("euclidean", "sqeuclidean", "cityblock"):
        dists = cdist(emb, emb, metric=metric)
        for margin in (0.2, "soft"):
            diff, prec, tis = batch_hard(dists, pids, margin, batch_precision_at_k=3)
            loss = tf.reduce_mean(diff)
            res["%s_%s" % (metric, margin)] = (loss, tf.gradients(loss, emb)[0], prec)
    res["topk_same"] = (tis,)
    ba, frac, d = batch_all(pids, emb, 0.5)
    ba_sq, frac_sq, _ = batch_all(pids, emb, 0.5, squared=True)
    res["batch_all"] = (ba, frac, tf.gradients(ba, emb)[0], ba_sq, frac_sq, tf.gradients(ba_sq, emb)[0])
    # band_part based upper-triangle mean distance
    upper = tf.matrix_band_part(d, 0, -1) - tf.matrix_band_part(d, 0, 0)
    res["upper"] = (upper, tf.reduce_sum(upper) / tf.to_float(tf.count_nonzero(upper)))
    out["dist_name"] = dists.op.name
    out["shape_diff"] = str(diff.get_shape())
    try:
        cdist(emb, emb, metric="cosine")
    except NotImplementedError as e:
        out["err"] = str(e)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vals = sess.run(res, feed)
    for k, v in vals.items():
        for i, a in enumerate(v):
            out["%s_%d" % (k, i)] = a
    return out

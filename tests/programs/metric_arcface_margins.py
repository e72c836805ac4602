"""ArcFace / CosFace / SphereFace heads as in auroua/InsightFace_TF (losses/face_losses.py)
and the Sphereface-TF ports: l2-normalized weights, cos(theta+m) with easy-margin / threshold
branch in tf.where, tf.acos with clip, combined margins."""
import math
import numpy as np
TAGS = ['gradients', 'nn', 'variables']


def arcface_loss(tf, embedding, labels, out_num, w_init=None, s=64., m=0.5, easy_margin=False):
    cos_m, sin_m = math.cos(m), math.sin(m)
    mm = sin_m * m
    threshold = math.cos(math.pi - m)
    with tf.variable_scope('arcface_loss'):
        embedding_norm = tf.norm(embedding, axis=1, keep_dims=True)
        embedding = tf.div(embedding, embedding_norm, name='norm_embedding')
        weights = tf.get_variable(name='embedding_weights', shape=(embedding.get_shape().as_list()[-1], out_num),
                                  initializer=w_init, dtype=tf.float32)
        weights_norm = tf.norm(weights, axis=0, keep_dims=True)
        weights = tf.div(weights, weights_norm, name='norm_weights')
        cos_t = tf.matmul(embedding, weights, name='cos_t')
        cos_t2 = tf.square(cos_t, name='cos_2')
        sin_t2 = tf.subtract(1., cos_t2, name='sin_2')
        sin_t = tf.sqrt(sin_t2, name='sin_t')
        cos_mt = s * tf.subtract(tf.multiply(cos_t, cos_m), tf.multiply(sin_t, sin_m), name='cos_mt')
        if easy_margin:
            cond = tf.cast(tf.nn.relu(cos_t), dtype=tf.bool)
            keep_val = s * cos_t
        else:
            cond_v = cos_t - threshold
            cond = tf.cast(tf.nn.relu(cond_v, name='if_else'), dtype=tf.bool)
            keep_val = s * (cos_t - mm)
        cos_mt_temp = tf.where(cond, cos_mt, keep_val)
        mask = tf.one_hot(labels, depth=out_num, name='one_hot_mask')
        inv_mask = tf.subtract(1., mask, name='inverse_mask')
        s_cos_t = tf.multiply(s, cos_t, name='scalar_cos_t')
        output = tf.add(tf.multiply(s_cos_t, inv_mask), tf.multiply(cos_mt_temp, mask), name='arcface_loss_output')
    return output


def combined_margin(tf, emb, w, labels, m1=1.0, m2=0.3, m3=0.2, s=30.0):
    x = tf.nn.l2_normalize(emb, axis=1, epsilon=1e-10)
    wn = tf.nn.l2_normalize(w, dim=0)
    cos_t = tf.clip_by_value(tf.matmul(x, wn), -1.0 + 1e-7, 1.0 - 1e-7)
    theta = tf.acos(cos_t)
    target = tf.cos(m1 * theta + m2) - m3
    onehot = tf.one_hot(labels, tf.shape(w)[1], on_value=True, off_value=False, dtype=tf.bool)
    logits = s * tf.where(onehot, target, cos_t)
    return logits, theta


def sphereface(tf, emb, w, labels, m=4):
    xn = tf.norm(emb, axis=1, keepdims=True)
    cos_t = tf.matmul(tf.nn.l2_normalize(emb, 1), tf.nn.l2_normalize(w, 0))
    idx = tf.stack([tf.range(tf.shape(labels)[0]), labels], axis=1)
    ct = tf.gather_nd(cos_t, idx)
    k = tf.floor(tf.acos(tf.clip_by_value(ct, -1., 1.)) * m / math.pi)
    sign = tf.pow(-1.0, k)
    cos_mt = 8 * tf.pow(ct, 4) - 8 * tf.square(ct) + 1  # cos(4 theta)
    psi = sign * cos_mt - 2 * k
    logit_t = tf.scatter_nd(idx, (psi - ct) * tf.squeeze(xn, 1), tf.shape(cos_t))
    return cos_t * xn + logit_t


def main(tf):
    np.random.seed(11)
    tf.set_random_seed(5)
    emb_np = np.random.randn(6, 8).astype(np.float32)
    labels_np = np.array([0, 2, 1, 4, 2, 3], np.int32)
    emb = tf.Variable(emb_np, name="emb")
    labels = tf.constant(labels_np)
    out = {}
    res = {}
    for easy in (False, True):
        with tf.variable_scope("easy%d" % easy):
            o = arcface_loss(tf, emb, labels, 5, w_init=tf.random_normal_initializer(stddev=0.5, seed=3),
                             s=16., m=0.5 + 1.5 * easy, easy_margin=easy)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(logits=o, labels=labels))
        res["arc%d" % easy] = (o, loss, tf.gradients(loss, emb)[0])
        out["name%d" % easy] = o.name
    w = tf.get_variable("cm_w", [8, 5], initializer=tf.orthogonal_initializer(seed=9))
    logits, theta = combined_margin(tf, emb, w, labels)
    l2 = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    res["combined"] = (logits, theta, l2, tf.gradients(l2, [emb, w]))
    cos_face = 30.0 * (tf.matmul(tf.nn.l2_normalize(emb, 1), tf.nn.l2_normalize(w, 0)) - 0.35 * tf.one_hot(labels, 5))
    res["cosface"] = (tf.losses.sparse_softmax_cross_entropy(labels, cos_face),)
    sp = sphereface(tf, emb, w, labels)
    spl = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=sp))
    res["sphere"] = (sp, spl, tf.gradients(spl, emb)[0])
    # acos grad at +-1 and clip boundary
    c = tf.constant([-1.0, -0.5, 0.0, 0.999, 1.0])
    res["acos"] = (tf.acos(c), tf.gradients(tf.acos(c), c)[0],
                   tf.gradients(tf.acos(tf.clip_by_value(c, -0.99, 0.99)), c)[0])
    out["shape_logits"] = str(logits.get_shape())
    out["theta_shape"] = theta.get_shape().as_list()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vals = sess.run(res)
    for k, v in vals.items():
        for i, a in enumerate(v):
            out["%s_%d" % (k, i)] = a
    return out

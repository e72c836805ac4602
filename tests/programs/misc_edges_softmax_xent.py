"""Edge cases of the softmax / cross-entropy helpers of 2016-2019 classifiers: softmax and
log_softmax on axis != -1, soft labels, extreme logits, weighted xent, logsumexp with -inf rows,
float16/float64, placeholders and transposed inputs, with gradients."""
import numpy as np

TAGS = ['nn', 'losses', 'edges']

TOLERANCE = {"*": (1e-5, 1e-5)}

def _flat(t):
    if isinstance(t, (list, tuple)):
        out = []
        for x in t:
            out.extend(_flat(x))
        return out
    return [t]


def _run(tf, sess, cases, feed=None):
    res = {}
    for name, fn in cases:
        try:
            t = _flat(fn())
        except Exception as e:  # build-time error is a result
            res[name] = "BUILD:%s:%s" % (type(e).__name__, str(e).split("\n")[0][:60])
            continue
        for i, x in enumerate(t):
            key = name if len(t) == 1 else "%s_%d" % (name, i)
            if x is None or not hasattr(x, "dtype"):
                res[key] = "None" if x is None else x
                continue
            res[key + "_meta"] = "%s %s" % (x.dtype.name, x.shape)
            try:
                res[key] = sess.run(x, feed)
            except Exception as e:
                res[key] = "RUN:%s" % type(e).__name__
    return res


def main(tf):
    nan, inf = float("nan"), float("inf")
    rng = np.random.RandomState(3)
    lg = tf.constant(rng.randn(2, 3, 4).astype(np.float32))
    ph = tf.placeholder(tf.float32, [None, 3])
    feed = {ph: np.array([[1.0, 2.0, 3.0], [1e4, -1e4, 0.0]], np.float32)}
    soft = tf.constant([[0.2, 0.3, 0.5], [0.0, 0.0, 1.0]])
    big = tf.constant([[1e30, -1e30, 0.0], [-100.0, 100.0, 50.0]])
    cases = [
        ("sm_ax0", lambda: tf.nn.softmax(lg, axis=0)),
        ("sm_ax1", lambda: tf.nn.softmax(lg, axis=1)),
        ("sm_dim", lambda: tf.nn.softmax(lg, dim=-2)),
        ("lsm_ax1", lambda: tf.nn.log_softmax(lg, axis=1)),
        ("sm_big", lambda: tf.nn.softmax(big)),
        ("lsm_big", lambda: tf.nn.log_softmax(big)),
        ("sm_inf", lambda: tf.nn.softmax(tf.constant([[-inf, 0.0], [-inf, -inf], [inf, 0.0]]))),
        ("sm_empty", lambda: tf.nn.softmax(tf.zeros([0, 3]))),
        ("sm_empty_cls", lambda: tf.nn.softmax(tf.zeros([2, 0]))),
        ("sm_1d", lambda: tf.nn.softmax(tf.constant([1.0, 2.0]))),
        ("sm_f16", lambda: tf.nn.softmax(tf.constant([[1.0, 2.0, 3.0]], tf.float16), axis=0)),
        ("sm_f64", lambda: tf.nn.log_softmax(tf.constant([[1.0, 2.0, 3.0]], tf.float64))),
        ("sm_ph_T", lambda: tf.nn.softmax(tf.transpose(ph), axis=0)),
        ("sm_bad_axis", lambda: tf.nn.softmax(lg, axis=3)),
        ("sm_int", lambda: tf.nn.softmax(tf.constant([1, 2]))),
        ("xent_soft", lambda: tf.nn.softmax_cross_entropy_with_logits_v2(labels=soft, logits=ph)),
        ("xent_axis0", lambda: tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.transpose(soft), logits=tf.transpose(ph), axis=0)),
        ("xent_v1_dim", lambda: tf.nn.softmax_cross_entropy_with_logits(labels=soft, logits=big, dim=1)),
        ("xent_3d", lambda: tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.nn.softmax(lg * 2), logits=lg)),
        ("xent_3d_shape", lambda: tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.nn.softmax(lg * 2), logits=lg).shape.as_list()[0]),
        ("xent_empty", lambda: tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.zeros([0, 3]), logits=tf.zeros([0, 3]))),
        ("xent_neg_labels", lambda: tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.constant([[-1.0, 2.0, 0.0]]), logits=tf.constant([[1.0, 2.0, 3.0]]))),
        ("xent_f16", lambda: tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.cast(soft, tf.float16), logits=tf.cast(big, tf.float16))),
        ("sxent", lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([2, 0]), logits=big)),
        ("sxent_3d", lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.constant([[0, 1, 2], [3, 3, 3]]), logits=lg)),
        ("sxent_oob", lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([3, 0]), logits=big)),
        ("sxent_rank", lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([[1, 0]]), logits=big)),
        ("sxent_i64", lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.constant([1, 0], tf.int64), logits=tf.cast(big, tf.float64))),
        ("sig", lambda: tf.nn.sigmoid_cross_entropy_with_logits(
            labels=tf.constant([1.0, 0.0, 1.0, 0.0, 0.5]), logits=tf.constant([1e4, 1e4, -1e4, -1e4, 0.0]))),
        ("sig_inf", lambda: tf.nn.sigmoid_cross_entropy_with_logits(
            labels=tf.constant([1.0, 0.0]), logits=tf.constant([inf, -inf]))),
        ("wce", lambda: tf.nn.weighted_cross_entropy_with_logits(
            targets=tf.constant([1.0, 0.0, 1.0, 0.3]), logits=tf.constant([100.0, 100.0, -100.0, 0.5]), pos_weight=3.0)),
        ("wce_f64", lambda: tf.nn.weighted_cross_entropy_with_logits(
            tf.constant([1.0, 0.0], tf.float64), tf.constant([-800.0, 800.0], tf.float64), 0.5)),
        ("lse_inf_row", lambda: tf.reduce_logsumexp(tf.constant([[-inf, -inf], [0.0, -inf], [inf, 1.0]]), axis=1)),
        ("lse_all", lambda: tf.reduce_logsumexp(big)),
        ("lse_keep", lambda: tf.reduce_logsumexp(big, axis=0, keepdims=True)),
        ("lse_empty", lambda: tf.reduce_logsumexp(tf.zeros([0, 3]), axis=0)),
        ("lse_empty_red", lambda: tf.reduce_logsumexp(tf.zeros([2, 0]), axis=1)),
        ("lse_nan", lambda: tf.reduce_logsumexp(tf.constant([nan, 1.0]))),
        ("lse_f16", lambda: tf.reduce_logsumexp(tf.constant([10.0, 10.0], tf.float16))),
        ("lse_ph", lambda: tf.reduce_logsumexp(ph, axis=[0, 1])),
    ]
    with tf.Session() as sess:
        res = _run(tf, sess, cases, feed)
    x = tf.constant([[1.0, 2.0, 3.0], [1e4, -1e4, 0.0]])
    lab = tf.constant([[0.2, 0.3, 0.5], [0.0, 0.0, 1.0]])
    minf = tf.constant([[-inf, 0.0], [1.0, 2.0]])
    grads = {
        "g_xent_x": tf.gradients(tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits_v2(labels=lab, logits=x)), x)[0],
        "g_xent_lab": tf.gradients(tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits_v2(labels=lab, logits=x)), lab)[0],
        "g_sm_ax0": tf.gradients(tf.reduce_sum(tf.nn.softmax(x, axis=0) * [[1.0, 2.0, 3.0]]), x)[0],
        "g_lsm": tf.gradients(tf.reduce_sum(tf.nn.log_softmax(x) * [[1.0, 2.0, 3.0]]), x)[0],
        "g_sig": tf.gradients(tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=lab, logits=x)), x)[0],
        "g_wce": tf.gradients(tf.reduce_sum(tf.nn.weighted_cross_entropy_with_logits(lab, x, 2.0)), x)[0],
        "g_lse": tf.gradients(tf.reduce_logsumexp(minf, axis=1), minf)[0],
        "g_sxent": tf.gradients(tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.constant([2, 0]), logits=x)), x)[0],
    }
    with tf.Session() as sess:
        res.update(_run(tf, sess, [(k, (lambda t=t: t)) for k, t in sorted(grads.items())]))
    return res

"""Contraction helpers of 2017-2019 attention / bilinear model code at their edges: einsum edge
strings (ellipsis, traces, outer, repeated output, spaces, implicit output), tensordot axes
forms, matmul with transposes/adjoints, batch matmul broadcasting, empty dims, placeholders."""
import numpy as np

TAGS = ['linalg', 'shapes', 'edges']

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
    rng = np.random.RandomState(2)
    a = tf.constant(rng.randn(2, 3).astype(np.float32))
    b = tf.constant(rng.randn(3, 4).astype(np.float32))
    q = tf.constant(rng.randn(2, 5, 3).astype(np.float32))
    k = tf.constant(rng.randn(2, 4, 3).astype(np.float32))
    sq = tf.constant(rng.randn(3, 3).astype(np.float32))
    ph = tf.placeholder(tf.float32, [None, 3])
    feed = {ph: rng.randn(4, 3).astype(np.float32)}
    cases = [
        ("es_mm", lambda: tf.einsum("ij,jk->ik", a, b)),
        ("es_implicit", lambda: tf.einsum("ij,jk", a, b)),
        ("es_spaces", lambda: tf.einsum("ij, jk -> ik", a, b)),
        ("es_bmm", lambda: tf.einsum("bqd,bkd->bqk", q, k)),
        ("es_ellipsis", lambda: tf.einsum("...d,...kd->...k", q[:, 0], k)),
        ("es_ell_bcast", lambda: tf.einsum("...ij,jk->...ik", q, b)),
        ("es_trace", lambda: tf.einsum("ii", sq)),
        ("es_diag", lambda: tf.einsum("ii->i", sq)),
        ("es_T", lambda: tf.einsum("ij->ji", a)),
        ("es_sum", lambda: tf.einsum("ij->", a)),
        ("es_outer", lambda: tf.einsum("i,j->ij", a[0], b[:, 0])),
        ("es_dot", lambda: tf.einsum("i,i->", a[0], a[1])),
        ("es_3op", lambda: tf.einsum("ij,jk,kl->il", a, b, tf.ones([4, 2]))),
        ("es_1op_sum", lambda: tf.einsum("bqd->bd", q)),
        ("es_bad_dim", lambda: tf.einsum("ij,jk->ik", a, a)),
        ("es_bad_out", lambda: tf.einsum("ij,jk->iz", a, b)),
        ("es_rep_out", lambda: tf.einsum("ij,jk->ii", a, b)),
        ("es_nargs", lambda: tf.einsum("ij,jk->ik", a)),
        ("es_int", lambda: tf.einsum("ij,jk->ik", tf.constant([[1, 2]]), tf.constant([[3], [4]]))),
        ("es_f64", lambda: tf.einsum("ij,jk->ik", tf.cast(a, tf.float64), tf.cast(b, tf.float64))),
        ("es_ph", lambda: tf.einsum("nd,de->ne", ph, b)),
        ("es_ph_shape", lambda: str(tf.einsum("nd,de->ne", ph, b).shape)),
        ("es_empty", lambda: tf.einsum("ij,jk->ik", tf.zeros([0, 3]), b)),
        ("es_empty_c", lambda: tf.einsum("ij,jk->ik", tf.zeros([2, 0]), tf.zeros([0, 4]))),
        ("es_transposed", lambda: tf.einsum("ij,jk->ik", tf.transpose(b), tf.transpose(a))),
        ("td_int", lambda: tf.tensordot(a, b, 1)),
        ("td_0", lambda: tf.tensordot(a[0], b[:, 0], 0)),
        ("td_list", lambda: tf.tensordot(q, k, [[2], [2]])),
        ("td_pair_int", lambda: tf.tensordot(q, b, axes=[2, 0])),
        ("td_multi", lambda: tf.tensordot(q, tf.ones([5, 3, 2]), [[1, 2], [0, 1]])),
        ("td_neg", lambda: tf.tensordot(q, b, [[-1], [0]])),
        ("td_tensor_axes", lambda: tf.tensordot(a, b, tf.constant(1))),
        ("td_ph", lambda: tf.tensordot(ph, b, [[1], [0]])),
        ("td_ph_shape", lambda: str(tf.tensordot(ph, b, [[1], [0]]).shape)),
        ("td_bad", lambda: tf.tensordot(a, b, [[0], [0]])),
        ("td_too_many", lambda: tf.tensordot(a, b, 3)),
        ("td_scalar_axes2", lambda: tf.tensordot(sq, sq, 2)),
        ("mm_tt", lambda: tf.matmul(b, a, transpose_a=True, transpose_b=True)),
        ("mm_adj", lambda: tf.matmul(a, a, adjoint_b=True)),
        ("mm_batch_bcast", lambda: tf.matmul(q, tf.ones([1, 3, 2]))),
        ("mm_rank_mix", lambda: tf.matmul(q, b)),
        ("mm_empty", lambda: tf.matmul(tf.zeros([2, 0]), tf.zeros([0, 3]))),
        ("mm_int", lambda: tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]]))),
        ("mm_bad", lambda: tf.matmul(a, a)),
        ("mm_1d", lambda: tf.matmul(a[0], b)),
        ("mm_sparse_flags", lambda: tf.matmul(a, b, a_is_sparse=True, b_is_sparse=True)),
        ("mm_f16", lambda: tf.matmul(tf.cast(a, tf.float16), tf.cast(b, tf.float16))),
        ("mm_mixed", lambda: tf.matmul(a, tf.cast(b, tf.float64))),
        ("bmm_T", lambda: tf.matmul(q, k, transpose_b=True)),
    ]
    with tf.Session() as sess:
        res = _run(tf, sess, cases, feed)
    grads = {
        "g_es_trace": tf.gradients(tf.einsum("ii", sq), sq)[0],
        "g_es_diag": tf.gradients(tf.reduce_sum(tf.einsum("ii->i", sq) * [1.0, 2.0, 3.0]), sq)[0],
        "g_es_ell": tf.gradients(tf.reduce_sum(tf.einsum("...ij,jk->...ik", q, b) ** 2), [q, b]),
        "g_td": tf.gradients(tf.reduce_sum(tf.tensordot(q, tf.ones([5, 3, 2]), [[1, 2], [0, 1]]) ** 2), q)[0],
        "g_bmm_bcast": tf.gradients(tf.reduce_sum(tf.matmul(q, tf.ones([1, 3, 2])) ** 2), q)[0],
        "g_es_outer": tf.gradients(tf.reduce_sum(tf.einsum("i,j->ij", a[0], b[:, 0]) ** 2), [a, b]),
    }
    with tf.Session() as sess:
        res.update(_run(tf, sess, [(k2, (lambda t=t: t)) for k2, t in sorted(grads.items())]))
    return res

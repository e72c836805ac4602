"""float16/bfloat16 numerics that 2018 fp16 training code ran into: casts past 65504 to inf,
squares and exps overflowing, float16 reduce_sum/reduce_mean (TF's Mean overflows when the
half sum does), softmax / log_softmax / cross entropies / matmul / conv2d / avg_pool /
l2_normalize / norm in half precision, tf.saturate_cast to int8/uint8/float16, bfloat16 round
trips, float16 to int32 casts, is_finite/is_inf/is_nan."""
import numpy as np
TAGS = ['fp16', 'numerics', 'nn']


TOLERANCE = {"softmax": (2e-3, 1e-3), "log_softmax": (2e-3, 1e-3), "pool": (2e-3, 1e-3),
             "mean_small": (2e-3, 1e-3)}


def main(tf):
    rng = np.random.RandomState(7)
    res = {}
    a = tf.constant([60000.0, 65504.0, 70000.0, 1e-8, 6e-8, -1e5], tf.float32)
    h = tf.cast(a, tf.float16)
    res["cast16"] = h
    res["x2"] = h * 2
    res["sq"] = tf.square(tf.constant([300.0, 256.0], tf.float16))
    res["exp"] = tf.exp(tf.constant([10.0, 11.0, 12.0], tf.float16))
    big = tf.constant(np.full([1000], 100.0, np.float16))
    res["sum_big"] = tf.reduce_sum(big)
    res["mean_big"] = tf.reduce_mean(big)
    v = tf.constant((rng.rand(4097) * 0.01).astype(np.float16))
    res["sum_small"] = tf.reduce_sum(v)
    res["mean_small"] = tf.reduce_mean(v)
    res["sumsq"] = tf.reduce_sum(tf.square(tf.constant(np.full([300], 20.0, np.float16))))
    lg = tf.constant((rng.randn(3, 5) * 4).astype(np.float16))
    res["softmax"] = tf.nn.softmax(lg)
    res["log_softmax"] = tf.nn.log_softmax(lg)
    lab = tf.constant([1, 4, 0])
    res["sxent"] = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=lab, logits=lg)
    res["xent"] = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.one_hot(lab, 5, dtype=tf.float16), logits=lg)
    res["sig_xent"] = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(lg), logits=lg)
    res["big_logits_softmax"] = tf.nn.softmax(tf.constant([[30000.0, 30000.0, -30000.0]], tf.float16))
    m1 = tf.constant((rng.randn(4, 64) * 2).astype(np.float16))
    m2 = tf.constant((rng.randn(64, 3) * 2).astype(np.float16))
    res["matmul"] = tf.matmul(m1, m2)
    res["matmul_big"] = tf.matmul(m1 * 100, m2 * 100)
    img = tf.constant(rng.randn(1, 6, 6, 3).astype(np.float16))
    k = tf.constant(rng.randn(3, 3, 3, 4).astype(np.float16))
    res["conv"] = tf.nn.conv2d(img, k, [1, 1, 1, 1], "SAME")
    res["pool"] = tf.nn.avg_pool(img, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    res["l2norm"] = tf.nn.l2_normalize(tf.constant([[300.0, 400.0]], tf.float16), axis=1)
    res["norm"] = tf.norm(tf.constant([300.0, 400.0], tf.float16))
    res["sat_i8"] = tf.saturate_cast(tf.constant([-300.0, 3.7, 200.0]), tf.int8)
    res["sat_u8"] = tf.saturate_cast(tf.constant([-5, 100, 1000], tf.int32), tf.uint8)
    res["sat_f16"] = tf.saturate_cast(tf.constant([1e6, -1e6, 3.0]), tf.float16)
    res["sat_dtype"] = tf.saturate_cast(tf.constant([1.0]), tf.float16).dtype.name
    bf = tf.cast(tf.constant([1.0 / 3, 3.14159265, 1e30, 1e-30, 65504.0 * 2]), tf.bfloat16)
    res["bf16_dtype"] = bf.dtype.name
    res["bf16_back"] = tf.cast(bf, tf.float32)
    res["bf16_add"] = tf.cast(bf + bf, tf.float32)
    res["f16_to_i32"] = tf.cast(tf.constant([2.5, -2.5, 70000.0], tf.float16), tf.int32)
    res["f16_eps"] = tf.constant(1.0, tf.float16) + tf.constant(0.0004, tf.float16)
    res["f16_div0"] = tf.constant([1.0, 0.0], tf.float16) / tf.constant(0.0, tf.float16)
    res["isfin"] = tf.is_finite(h)
    res["isinf"] = tf.is_inf(h)
    res["isnan"] = tf.is_nan(h - h)
    with tf.Session() as sess:
        out = sess.run({k2: v2 for k2, v2 in res.items() if hasattr(v2, "op")})
    for k2 in list(res):
        if k2 in out:
            res[k2] = out[k2]
            res[k2 + "_dt"] = str(np.asarray(out[k2]).dtype)
    return res

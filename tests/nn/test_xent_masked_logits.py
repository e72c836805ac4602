"""Softmax cross-entropy on masked logits (pointer networks / attention with -inf, -1e9 and
-2**32+1 padding): TF's kernel gives +0.0 for a zero loss (log(sum_exp) - shifted) and its
backprop is exp(shifted) / sum_exp, which for equal logits is 1/3 rounded as float32 divides it.
Literals recorded from TF 2.21 (tf.compat.v1, v2 behaviour disabled)."""
import math

import numpy as np


def _logits(tf):
    return tf.constant([[-np.inf, -np.inf, -np.inf], [1.0, -np.inf, 2.0], [-1e9, -1e9, -1e9],
                        [-2.0 ** 32 + 1, 0., -3e38]])


def test_sparse_and_dense_xent_zero_loss_is_positive_zero(tf):
    l = _logits(tf)
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 2, 1, 1], logits=l)
    dense = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.one_hot([0, 2, 1, 1], 3),
                                                       logits=l)
    with tf.Session() as sess:
        s, d = sess.run([sparse, dense])
    assert math.isnan(s[0]) and math.isnan(d[0]) and math.isnan(d[1])
    np.testing.assert_allclose(s[1:3], [0.31326166, 1.0986123], rtol=1e-6)
    assert s[3] == 0.0 and math.copysign(1.0, s[3]) == 1.0
    assert d[3] == 0.0 and math.copysign(1.0, d[3]) == 1.0


def test_xent_gradient_uses_softmax_division(tf):
    l = _logits(tf)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 2, 1, 1], logits=l)
    g = tf.gradients(tf.reduce_sum(loss[1:]), l)[0]
    with tf.Session() as sess:
        gv = sess.run(g)
    assert np.isnan(gv[0]).all()
    third = np.float32(1 / 3.)   # 0.33333334, so the label's entry is third - 1 = -0.6666666
    np.testing.assert_array_equal(gv[2], [third, third - np.float32(1), third])
    np.testing.assert_allclose(gv[1], [0.26894143, 0.0, -0.2689414], rtol=1e-6)
    np.testing.assert_array_equal(gv[3], [0.0, 0.0, 0.0])

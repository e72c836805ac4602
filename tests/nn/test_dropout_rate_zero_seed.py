"""tf.nn.dropout with rate 0 (keep_prob=1.0, as eval-mode speech models build it) returns its
input unchanged, but draws an op seed as TF does, so the unseeded random ops built after it
(initializers under tf.set_random_seed) get TF's values."""
import numpy as np


def test_rate_zero_dropout_keeps_the_op_seed_sequence(tf):
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        x = tf.placeholder(tf.float32, [None, 4])
        kept = tf.nn.dropout(x, keep_prob=1.0)
        a = tf.random_uniform([3])
        seeded = tf.nn.dropout(x, rate=0.0, seed=7)   # an explicit op seed draws no counter
        b = tf.random_uniform([3])
        assert kept is x and seeded is x
        with tf.Session() as sess:
            got_a, got_b = sess.run([a, b])
    np.testing.assert_allclose(got_a, [0.7780691, 0.5052885, 0.6250366], rtol=1e-6)
    np.testing.assert_allclose(got_b, [0.8509835, 0.1454884, 0.1623775], rtol=1e-6)

"""Step 2: check a script before running it, and replace what tfcompat lacks.

`tfcompat check` reads scripts without running them and lists every TensorFlow API they use,
with line numbers: supported, supported with a caveat, or unsupported (exit status 1, so it
can gate CI). On the original version of this script it reported:

    unsupported tf.contrib.layers.xavier_initializer  line 24  -- use tf.glorot_uniform_initializer()...
    unsupported tf.contrib.layers.fully_connected     line 25  -- use tf.layers.dense, whose ...

This is the script after following those hints (`tfcompat check` now exits 0):

    -    init = tf.contrib.layers.xavier_initializer()
    -    hidden = tf.contrib.layers.fully_connected(x, 16, weights_initializer=init)
    +    init = tf.glorot_uniform_initializer()
    +    hidden = tf.layers.dense(x, 16, activation=tf.nn.relu, kernel_initializer=init)

    tfcompat check migration/02_check_then_fix.py
    tfcompat run migration/02_check_then_fix.py

Expected last line: train accuracy 1.00
"""
import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def main():
    rng = np.random.RandomState(0)
    xs = rng.randn(200, 2).astype(np.float32)
    labels = (xs[:, 0] * xs[:, 1] > 0).astype(np.int64)          # XOR-like quadrants
    tf.set_random_seed(0)
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.int64, [None])
    init = tf.glorot_uniform_initializer()
    hidden = tf.layers.dense(x, 16, activation=tf.nn.relu, kernel_initializer=init)
    logits = tf.layers.dense(hidden, 2, kernel_initializer=init)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(300):
            sess.run(train, {x: xs, y: labels})
        print("train accuracy %.2f" % sess.run(accuracy, {x: xs, y: labels}))


if __name__ == "__main__":
    main()

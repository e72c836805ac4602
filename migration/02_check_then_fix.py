"""Step 2: check a script before running it, and replace what tfcompat lacks.

`tfcompat check` reads scripts without running them and lists every TensorFlow API they use,
with line numbers, as supported, supported with a caveat, or unsupported (then it exits with
status 1, so it can gate CI). The original version of this script loaded its data with TF's
tutorial MNIST loader and built its layers with slim; `tfcompat check` reported:

    unsupported tf.examples.tutorials.mnist.input_data  line 23  -- TF's tutorial data loaders
                download data; load it with numpy or torchvision
    unsupported tf.contrib.slim.fully_connected         line 35  -- use tf.layers / tf.nn, ...

This is the script after following those hints; `tfcompat check` now exits with status 0:

    -from tensorflow.examples.tutorials.mnist import input_data
    -    xs, labels = input_data.read_data_sets("/tmp/mnist").train.next_batch(200)
    -    hidden = tf.contrib.slim.fully_connected(x, 16)
    +    xs, labels = make_data(200)                     # numpy, no download
    +    hidden = tf.layers.dense(x, 16, activation=tf.nn.relu)

    tfcompat check migration/02_check_then_fix.py
    tfcompat run migration/02_check_then_fix.py

Expected last line: train accuracy 1.00
"""
import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def make_data(n):
    rng = np.random.RandomState(0)
    xs = rng.randn(n, 2).astype(np.float32)
    return xs, (xs[:, 0] * xs[:, 1] > 0).astype(np.int64)     # XOR-like quadrants


def main():
    xs, labels = make_data(200)
    tf.set_random_seed(0)
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.int64, [None])
    hidden = tf.layers.dense(x, 16, activation=tf.nn.relu)
    logits = tf.layers.dense(hidden, 2)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(100):
            sess.run(train, {x: xs, y: labels})
        print("train accuracy %.2f" % sess.run(accuracy, {x: xs, y: labels}))


if __name__ == "__main__":
    main()

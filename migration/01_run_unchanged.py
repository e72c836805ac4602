"""Step 1: run a TF1 script unchanged.

This is a plain TensorFlow 1.x training script (flags, logging, placeholders, variables, an
optimizer, `tf.app.run`). Nothing in it changes: run it with tfcompat instead of python, and
`import tensorflow` resolves to tfcompat:

    tfcompat run migration/01_run_unchanged.py --steps=150

Expected last line: fitted w=2.00 b=-1.00
"""
import numpy as np
import tensorflow as tf

tf.app.flags.DEFINE_integer("steps", 100, "training steps")
tf.app.flags.DEFINE_float("learning_rate", 0.5, "SGD learning rate")
FLAGS = tf.app.flags.FLAGS


def main(argv):
    tf.logging.set_verbosity(tf.logging.INFO)
    xs = np.linspace(-1, 1, 32).astype(np.float32)
    ys = 2.0 * xs - 1.0                                     # the line to recover
    x = tf.placeholder(tf.float32, [None], name="x")
    y = tf.placeholder(tf.float32, [None], name="y")
    w = tf.Variable(0.0, name="w")
    b = tf.Variable(0.0, name="b")
    loss = tf.reduce_mean(tf.square(w * x + b - y))
    train = tf.train.GradientDescentOptimizer(FLAGS.learning_rate).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(FLAGS.steps):
            _, value = sess.run([train, loss], {x: xs, y: ys})
            tf.logging.log_every_n(tf.logging.INFO, "step %d loss %.5f", 50, step, value)
        print("fitted w=%.2f b=%.2f" % tuple(sess.run([w, b])))


if __name__ == "__main__":
    tf.app.run()

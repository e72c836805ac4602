"""Makes the TensorFlow-written files the migration examples read (run once, with real TF):

    TF_USE_LEGACY_KERAS=1 python migration/data/make_data.py

- model.ckpt-100.*, checkpoint : a TF1 checkpoint of a small classifier (hidden/kernel,
  hidden/bias, logits/kernel, logits/bias, global_step, and Adam slots), trained 100 steps
- frozen_mlp.pb                 : the same model as a frozen GraphDef (input "x", output "probs")
- reference.npz                 : an input batch and the outputs TensorFlow computed for it
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    rng = np.random.RandomState(0)
    xs = rng.randn(64, 4).astype(np.float32)
    labels = (xs[:, 0] + xs[:, 1] > 0).astype(np.int64)
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        y = tf.placeholder(tf.int64, [None], name="y")
        hidden = tf.layers.dense(x, 8, activation=tf.nn.relu, name="hidden")
        logits = tf.layers.dense(hidden, 2, name="logits")
        probs = tf.nn.softmax(logits, name="probs")
        loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
        step = tf.train.get_or_create_global_step()
        train = tf.train.AdamOptimizer(0.05).minimize(loss, global_step=step)
        saver = tf.train.Saver(save_relative_paths=True)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(100):
                sess.run(train, {x: xs, y: labels})
            saver.save(sess, os.path.join(HERE, "model.ckpt"), global_step=step,
                       write_meta_graph=False)
            frozen = tf.graph_util.convert_variables_to_constants(
                sess, sess.graph.as_graph_def(), ["probs"])
            test_x = rng.randn(5, 4).astype(np.float32)
            np.savez(os.path.join(HERE, "reference.npz"), x=test_x,
                     probs=sess.run(probs, {x: test_x}), train_x=xs, train_y=labels)
    with open(os.path.join(HERE, "frozen_mlp.pb"), "wb") as f:
        f.write(frozen.SerializeToString())


if __name__ == "__main__":
    main()

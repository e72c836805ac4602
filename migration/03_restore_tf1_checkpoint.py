"""Step 3: restore a checkpoint that TensorFlow wrote, and serve predictions.

data/model.ckpt-100 was written by TensorFlow 1.x (`tf.train.Saver`, see data/make_data.py).
The model code is the TF1 code; the only change is the import line:

    -import tensorflow as tf
    +import tfcompat as tf

    python migration/03_restore_tf1_checkpoint.py

Expected last line: matches TensorFlow: True
"""
import os

import numpy as np

import tfcompat as tf

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def build_model():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    hidden = tf.layers.dense(x, 8, activation=tf.nn.relu, name="hidden")
    logits = tf.layers.dense(hidden, 2, name="logits")
    return x, tf.nn.softmax(logits, name="probs")


def main():
    reference = np.load(os.path.join(DATA, "reference.npz"))
    with tf.Graph().as_default():
        x, probs = build_model()
        saver = tf.train.Saver()          # the model's variables; the Adam slots stay on disk
        with tf.Session() as sess:
            checkpoint = tf.train.latest_checkpoint(DATA)
            saver.restore(sess, checkpoint)
            print("restored", os.path.basename(checkpoint))
            predictions = sess.run(probs, {x: reference["x"]})
    print("predicted classes", predictions.argmax(axis=1).tolist())
    print("matches TensorFlow:", bool(np.allclose(predictions, reference["probs"], atol=1e-5)))


if __name__ == "__main__":
    main()

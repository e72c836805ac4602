"""The MLP the distributed tests train, built against any `tf` module (tfcompat, or real TF for
the reference losses in REFERENCE_LOSSES, made by make_distributed_reference.py): fixed data,
fixed initial values, Adam(0.01), full batch of 64 for STEPS steps.

Data-parallel runs split the batch evenly (the mean loss of equal halves averages to the full
batch's), so every variant must reproduce the single-process losses.
"""
import numpy as np

STEPS = 12
BATCH = 64

# Real TF 1.x (tensorflow.compat.v1, CPU), single process, the loss of each of the 12 steps.
REFERENCE_LOSSES = [1.3231499, 1.2705905, 1.2235345, 1.1816688, 1.1456043, 1.1142981, 1.0874465,
                    1.0641329, 1.0436209, 1.0254397, 1.0094613, 0.995066]


def data():
    rng = np.random.RandomState(0)
    x = rng.randn(BATCH, 8).astype(np.float32)
    y = rng.randint(0, 3, BATCH).astype(np.int32)
    init = {"w1": (0.3 * rng.randn(8, 16)).astype(np.float32),
            "b1": np.zeros(16, np.float32),
            "w2": (0.3 * rng.randn(16, 3)).astype(np.float32),
            "b2": np.zeros(3, np.float32)}
    return x, y, init


def tower_loss(tf, x, y, init):
    """Mean cross-entropy of the MLP; variables from tf.get_variable (reusable per tower)."""
    def var(name):
        return tf.get_variable(name, initializer=tf.constant_initializer(init[name]),
                               shape=init[name].shape, dtype=tf.float32)
    h = tf.nn.relu(tf.matmul(x, var("w1")) + var("b1"))
    logits = tf.matmul(h, var("w2")) + var("b2")
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                        logits=logits))


def optimizer(tf):
    return tf.train.AdamOptimizer(0.01)


def single_process_losses(tf):
    """Trains in one process, one device; returns the per-step losses."""
    x_data, y_data, init = data()
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 8])
        y = tf.placeholder(tf.int32, [None])
        loss = tower_loss(tf, x, y, init)
        train = optimizer(tf).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return [float(sess.run([loss, train], {x: x_data, y: y_data})[0])
                    for _ in range(STEPS)]

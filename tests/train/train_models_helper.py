"""Small models trained from fixed initial values, built against any `tf` module (tfcompat, or
real TF for the reference values in tf_training_reference.json, made by
make_training_reference.py). Only core ops are used, so the numbers test variables,
gradients and optimizer updates, not other op families.
"""
import numpy as np

STEPS = 20

OPTIMIZERS = {
    "sgd": lambda tf: tf.train.GradientDescentOptimizer(0.1),
    "momentum": lambda tf: tf.train.MomentumOptimizer(0.05, 0.9),
    "nesterov": lambda tf: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    "adam": lambda tf: tf.train.AdamOptimizer(0.05),
    "adagrad": lambda tf: tf.train.AdagradOptimizer(0.2, initial_accumulator_value=0.05),
    "adadelta": lambda tf: tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-6),
    "rmsprop": lambda tf: tf.train.RMSPropOptimizer(0.01),
    "rmsprop_centered": lambda tf: tf.train.RMSPropOptimizer(0.01, decay=0.8, momentum=0.5,
                                                             epsilon=1e-6, centered=True),
    "ftrl": lambda tf: tf.train.FtrlOptimizer(0.3, l1_regularization_strength=0.01,
                                              l2_regularization_strength=0.02),
    "ftrl_v2": lambda tf: tf.train.FtrlOptimizer(0.3, learning_rate_power=-0.7,
                                                 l2_shrinkage_regularization_strength=0.05),
    "proximal_gd": lambda tf: tf.train.ProximalGradientDescentOptimizer(
        0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.02),
    "proximal_adagrad": lambda tf: tf.train.ProximalAdagradOptimizer(
        0.2, l1_regularization_strength=0.01, l2_regularization_strength=0.02),
    "adagrad_da": lambda tf: tf.train.AdagradDAOptimizer(
        0.2, tf.train.get_or_create_global_step(), l1_regularization_strength=0.01,
        l2_regularization_strength=0.02),
}


def data():
    rng = np.random.RandomState(0)
    x = rng.normal(size=(16, 4)).astype(np.float32)
    y_reg = (x @ np.array([[1.0], [-2.0], [0.5], [0.0]], np.float32) + 0.3
             + 0.1 * rng.normal(size=(16, 1))).astype(np.float32)
    y_bin = (x[:, :1] - x[:, 1:2] > 0).astype(np.float32)
    y_cls = (np.argmax(x[:, :3], axis=1)).astype(np.int32)
    init = {
        "w": (0.3 * rng.normal(size=(4, 1))).astype(np.float32),
        "w1": (0.5 * rng.normal(size=(4, 8))).astype(np.float32),
        "b1": (0.1 * rng.normal(size=(8,))).astype(np.float32),
        "w2": (0.5 * rng.normal(size=(8, 3))).astype(np.float32),
    }
    return x, y_reg, y_bin, y_cls, init


def build(tf, model):
    """(loss, variables, feeds) for `model` in the default graph."""
    x_np, y_reg, y_bin, y_cls, init = data()
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    if model == "linear":
        w = tf.Variable(init["w"], name="w")
        b = tf.Variable(0.0, name="b")
        y = tf.placeholder(tf.float32, [None, 1], name="y")
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        return loss, [w, b], {x: x_np, y: y_reg}
    if model == "logistic":
        w = tf.Variable(init["w"], name="w")
        b = tf.Variable([0.1], name="b")
        y = tf.placeholder(tf.float32, [None, 1], name="y")
        z = tf.matmul(x, w) + b
        loss = tf.reduce_mean(tf.maximum(z, 0.0) - z * y + tf.log(1.0 + tf.exp(-tf.abs(z))))
        return loss, [w, b], {x: x_np, y: y_bin}
    with tf.variable_scope("mlp"):
        w1 = tf.get_variable("w1", initializer=init["w1"])
        b1 = tf.get_variable("b1", initializer=init["b1"])
        w2 = tf.get_variable("w2", initializer=init["w2"])
        b2 = tf.get_variable("b2", [3], initializer=tf.zeros_initializer())
    labels = tf.placeholder(tf.int32, [None], name="labels")
    h = tf.tanh(tf.matmul(x, w1) + b1)
    logits = tf.matmul(h, w2) + b2
    log_probs = logits - tf.log(tf.reduce_sum(tf.exp(logits), axis=1, keepdims=True))
    loss = -tf.reduce_mean(tf.reduce_sum(tf.one_hot(labels, 3) * log_probs, axis=1))
    return loss, [w1, b1, w2, b2], {x: x_np, labels: y_cls}


def train(tf, model, optimizer):
    """Losses of STEPS training steps and the final variable values (by variable name)."""
    loss, variables, feeds = build(tf, model)
    train_op = OPTIMIZERS[optimizer](tf).minimize(loss)
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(STEPS):
            _, value = sess.run([train_op, loss], feeds)
            losses.append(float(value))
        final = sess.run(variables)
    return losses, {v.op.name: np.asarray(f).tolist() for v, f in zip(variables, final)}


def train_sparse(tf, optimizer):
    """An embedding table updated through gathers with a repeated index (IndexedSlices)."""
    rng = np.random.RandomState(1)
    table = tf.Variable(rng.normal(size=(6, 3)).astype(np.float32), name="table")
    ids = tf.constant([0, 2, 2, 5], name="ids")
    target = tf.constant(rng.normal(size=(4, 3)).astype(np.float32))
    loss = tf.reduce_sum(tf.square(tf.gather(table, ids) - target))
    train_op = OPTIMIZERS[optimizer](tf).minimize(loss)
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            _, value = sess.run([train_op, loss])
            losses.append(float(value))
        final = sess.run(table)
    return losses, np.asarray(final).tolist()

"""Geron ch10-11: hand-made neuron_layer, tf.layers.dense, batch norm with training placeholder and
UPDATE_OPS, gradient clipping, l1 regularization, max-norm, dropout, relu() sharing via get_variable."""
import numpy as np
TAGS = ['train', 'layers', 'random', 'nn']


def neuron_layer(tf, X, n_neurons, name, activation=None):
    with tf.name_scope(name):
        n_inputs = int(X.get_shape()[1])
        stddev = 2 / np.sqrt(n_inputs + n_neurons)
        init = tf.truncated_normal((n_inputs, n_neurons), stddev=stddev, seed=1)
        W = tf.Variable(init, name="kernel")
        b = tf.Variable(tf.zeros([n_neurons]), name="bias")
        Z = tf.matmul(X, W) + b
        if activation is not None:
            return activation(Z)
        return Z


def relu(tf, X):
    with tf.variable_scope("relu", reuse=True):
        threshold = tf.get_variable("threshold")
        w_shape = (int(X.get_shape()[1]), 1)
        w = tf.Variable(tf.random_normal(w_shape, seed=3), name="weights")
        b = tf.Variable(0.0, name="bias")
        z = tf.add(tf.matmul(X, w), b, name="z")
        return tf.maximum(z, threshold, name="max")


def part_relu(tf, out):
    X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
    with tf.variable_scope("relu"):
        tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
    relus = [relu(tf, X) for _ in range(5)]
    output = tf.add_n(relus, name="output")
    out['relu_names'] = [r.name for r in relus]
    out['relu_vars'] = [v.op.name for v in tf.global_variables()]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['relu_out'] = sess.run(output, {X: np.arange(6, dtype=np.float32).reshape(2, 3)})
    try:
        with tf.variable_scope("relu"):
            tf.get_variable("threshold", shape=())
    except ValueError as e:
        out['dup_err'] = str(e).split('\n')[0]


def part_dnn(tf, out):
    tf.set_random_seed(42)
    rng = np.random.RandomState(0)
    Xd = rng.rand(64, 20).astype(np.float32)
    yd = (Xd[:, :5].sum(1) * 2).astype(np.int64) % 5
    X = tf.placeholder(tf.float32, shape=(None, 20), name="X")
    y = tf.placeholder(tf.int64, shape=(None), name="y")
    training = tf.placeholder_with_default(False, shape=(), name='training')
    scale = 0.001
    with tf.name_scope("dnn"):
        hidden1 = neuron_layer(tf, X, 30, name="hidden1", activation=tf.nn.relu)
        hidden2 = tf.layers.dense(hidden1, 20, name="hidden2",
                                  kernel_regularizer=tf.contrib.layers.l1_regularizer(scale)
                                  if getattr(tf, 'contrib', None) else
                                  (lambda w: scale * tf.reduce_sum(tf.abs(w))),
                                  kernel_initializer=tf.variance_scaling_initializer(seed=2))
        bn2 = tf.layers.batch_normalization(hidden2, training=training, momentum=0.9)
        bn2_act = tf.nn.elu(bn2)
        drop = tf.layers.dropout(bn2_act, 0.5, training=training, seed=4)
        logits = tf.layers.dense(drop, 5, name="outputs",
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=5))
    out['names'] = [hidden1.name, hidden2.name, bn2.name, drop.name, logits.name]
    with tf.name_scope("loss"):
        xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
        base_loss = tf.reduce_mean(xentropy, name="avg_xentropy")
        reg_losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
        loss = tf.add_n([base_loss] + reg_losses, name="loss")
    out['reg_names'] = [r.name.rsplit('/', 1)[0] for r in reg_losses]
    out['reg_loss_name'] = tf.losses.get_regularization_loss().name
    threshold = 1.0
    optimizer = tf.train.MomentumOptimizer(0.05, momentum=0.9, use_nesterov=True)
    grads_and_vars = optimizer.compute_gradients(loss)
    capped = [(tf.clip_by_value(g, -threshold, threshold), v) for g, v in grads_and_vars]
    extra_update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    out['update_ops'] = [o.name for o in extra_update_ops]
    with tf.control_dependencies(extra_update_ops):
        training_op = optimizer.apply_gradients(capped)
    with tf.name_scope("eval"):
        correct = tf.nn.in_top_k(logits, y, 1)
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    # max norm
    weights = tf.get_default_graph().get_tensor_by_name("hidden2/kernel:0")
    clipped = tf.clip_by_norm(weights, clip_norm=1.0, axes=1)
    clip_weights = tf.assign(weights, clipped)
    out['gv_vars'] = [v.op.name for _, v in grads_and_vars]
    out['moving'] = [v.op.name for v in tf.global_variables() if 'moving' in v.op.name]
    losses = []
    with tf.Session() as sess:
        tf.global_variables_initializer().run()
        for step in range(30):
            idx = np.arange(step * 16, step * 16 + 16) % 64
            sess.run([training_op, extra_update_ops], {X: Xd[idx], y: yd[idx], training: True})
            clip_weights.eval()
            losses.append(loss.eval({X: Xd, y: yd}))
        out['acc'] = accuracy.eval({X: Xd, y: yd})
        out['mm'] = sess.run(tf.get_default_graph().get_tensor_by_name(
            "batch_normalization/moving_mean:0"))
        out['wnorm'] = np.linalg.norm(weights.eval(), axis=1)
    out['losses'] = np.array(losses)


def main(tf):
    out = {}
    for p in (part_relu, part_dnn):
        with tf.Graph().as_default():
            p(tf, out)
    return out

TOLERANCE = {'losses': (1e-4, 1e-5), 'mm': (1e-4, 1e-5), 'wnorm': (1e-4, 1e-5)}

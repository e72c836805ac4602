"""Seeded tf.layers MLP with dropout and batch norm trained with Adam: losses and a weight."""
import numpy as np
TAGS = ['train', 'random']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    tf.set_random_seed(1234)
    rng = np.random.RandomState(0)
    xd = rng.randn(32, 10).astype(np.float32)
    yd = rng.randint(0, 4, 32)
    x = tf.placeholder(tf.float32, [None, 10])
    y = tf.placeholder(tf.int32, [None])
    training = tf.placeholder(tf.bool, [])
    h = tf.layers.dense(x, 16, activation=tf.nn.relu, kernel_initializer=tf.variance_scaling_initializer())
    h = tf.layers.batch_normalization(h, training=training)
    h = tf.layers.dropout(h, 0.3, training=training)
    logits = tf.layers.dense(h, 4)
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
    out = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['init_kernel'] = sess.run(tf.trainable_variables()[0])
        losses = []
        for _ in range(6):
            losses.append(sess.run([train, loss], {x: xd, y: yd, training: True})[1])
        out['losses'] = np.array(losses)
        out['eval_loss'] = sess.run(loss, {x: xd, y: yd, training: False})
        out['moving_mean'] = sess.run([v for v in tf.global_variables() if 'moving_mean' in v.name][0])
    return out

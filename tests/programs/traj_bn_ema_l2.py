"""Imitates MNIST MLP code with tf.layers.batch_normalization (UPDATE_OPS), kernel_regularizer L2 via
tf.losses.get_regularization_loss, Adam and ExponentialMovingAverage(num_updates) restored through
variables_to_restore, 300 steps: moving statistics, shadow variables, eval with the averages."""
import numpy as np
TAGS = ['train', 'variables']
TOLERANCE = {'*': (1e-4, 2e-5)}


def main(tf):
    rng = np.random.RandomState(7)
    xs = (rng.randn(64, 10) * 3 + 1).astype(np.float32)
    ys = rng.randint(0, 4, size=64).astype(np.int64)
    tf.set_random_seed(17)
    x = tf.placeholder(tf.float32, [None, 10])
    y = tf.placeholder(tf.int64, [None])
    training = tf.placeholder_with_default(False, [])
    l2 = lambda w: 0.5 * 1e-3 * tf.reduce_sum(tf.square(w))
    h = tf.layers.dense(x, 16, use_bias=False, kernel_regularizer=l2,
                        kernel_initializer=tf.variance_scaling_initializer(seed=1))
    h = tf.layers.batch_normalization(h, momentum=0.9, training=training)
    h = tf.nn.relu(h)
    h = tf.layers.dense(h, 8, use_bias=False, kernel_regularizer=l2,
                        kernel_initializer=tf.variance_scaling_initializer(seed=2))
    h = tf.layers.batch_normalization(h, momentum=0.99, epsilon=1e-3, training=training,
                                      renorm=False, center=True, scale=True)
    logits = tf.layers.dense(tf.nn.elu(h), 4, kernel_initializer=tf.variance_scaling_initializer(seed=3))
    xent = tf.losses.sparse_softmax_cross_entropy(y, logits)
    loss = xent + tf.losses.get_regularization_loss()
    gs = tf.train.get_or_create_global_step()
    ema = tf.train.ExponentialMovingAverage(0.995, num_updates=gs)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        opt_op = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=gs)
    with tf.control_dependencies([opt_op]):
        train = ema.apply(tf.trainable_variables())
    acc = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
    traj = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(300):
            i = (step * 16) % 64
            traj.append(sess.run([xent, train], {x: xs[i:i + 16], y: ys[i:i + 16], training: True})[0])
        out = {'traj': np.array(traj)}
        mv = [v for v in tf.global_variables() if 'moving' in v.op.name]
        out['moving_names'] = [v.op.name for v in mv]
        out['moving'] = sess.run(mv)
        tv = tf.trainable_variables()
        out['shadow'] = sess.run([ema.average(v) for v in tv])
        out['shadow_names'] = [ema.average_name(v) for v in tv]
        out['eval_raw'] = sess.run([xent, acc], {x: xs, y: ys})
        out['reg'] = sess.run(tf.losses.get_regularization_loss())
        saver = tf.train.Saver(ema.variables_to_restore())
        saver.save(sess, './ema.ckpt')
        saver.restore(sess, './ema.ckpt')
        out['eval_ema'] = sess.run([xent, acc], {x: xs, y: ys})
    return out

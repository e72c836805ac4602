"""charlesq34/pointnet train.py + tf_util.py: batch_norm_template (tf.nn.moments, EMA applied inside
tf.cond, decay from exponential_decay on BN momentum), conv2d/fully_connected/dropout helpers with
tf.Variable weights and weight decay, learning-rate schedule clipped with tf.maximum, summaries."""
import numpy as np
TAGS = ['train', 'control_flow', 'summary', 'random', 'variables']
TOLERANCE = {'*': (1e-4, 1e-5)}
BASE_LR, DECAY_STEP, DECAY_RATE, BATCH = 0.01, 20, 0.7, 4


def var_wd(tf, name, shape, stddev, wd):
    var = tf.get_variable(name, shape, initializer=tf.truncated_normal_initializer(stddev=stddev, seed=len(name) + shape[-1]))
    if wd is not None:
        tf.add_to_collection('losses', tf.multiply(tf.nn.l2_loss(var), wd, name='weight_loss'))
    return var


def batch_norm_template(tf, inputs, is_training, scope, moments_dims, bn_decay):
    with tf.variable_scope(scope):
        num_channels = inputs.get_shape()[-1].value
        beta = tf.Variable(tf.constant(0.0, shape=[num_channels]), name='beta', trainable=True)
        gamma = tf.Variable(tf.constant(1.0, shape=[num_channels]), name='gamma', trainable=True)
        batch_mean, batch_var = tf.nn.moments(inputs, moments_dims, name='moments')
        decay = bn_decay if bn_decay is not None else 0.9
        ema = tf.train.ExponentialMovingAverage(decay=decay)
        ema_apply_op = tf.cond(is_training, lambda: ema.apply([batch_mean, batch_var]), lambda: tf.no_op())

        def mean_var_with_update():
            with tf.control_dependencies([ema_apply_op]):
                return tf.identity(batch_mean), tf.identity(batch_var)
        mean, var = tf.cond(is_training, mean_var_with_update,
                            lambda: (ema.average(batch_mean), ema.average(batch_var)))
        return tf.nn.batch_normalization(inputs, mean, var, beta, gamma, 1e-3)


def conv2d(tf, x, n_out, k, scope, is_training, bn_decay, padding='VALID', wd=0.0):
    with tf.variable_scope(scope):
        kernel = var_wd(tf, 'weights', [k[0], k[1], x.get_shape()[-1].value, n_out], 1e-1, wd)
        out = tf.nn.conv2d(x, kernel, [1, 1, 1, 1], padding=padding)
        biases = tf.get_variable('biases', [n_out], initializer=tf.constant_initializer(0.0))
        out = tf.nn.bias_add(out, biases)
        out = batch_norm_template(tf, out, is_training, 'bn', [0, 1, 2], bn_decay)
        return tf.nn.relu(out)


def fully_connected(tf, x, n_out, scope, is_training, bn_decay, relu=True, bn=True):
    with tf.variable_scope(scope):
        w = var_wd(tf, 'weights', [x.get_shape()[-1].value, n_out], 1e-1, 0.0)
        out = tf.nn.bias_add(tf.matmul(x, w), tf.get_variable('biases', [n_out], initializer=tf.constant_initializer(0.0)))
        if bn:
            out = batch_norm_template(tf, out, is_training, 'bn', [0], bn_decay)
        return tf.nn.relu(out) if relu else out


def main(tf):
    tf.set_random_seed(0)
    rng = np.random.RandomState(5)
    data = rng.randn(BATCH, 16, 3).astype(np.float32)
    lab = np.array([0, 1, 2, 1], np.int32)
    pc = tf.placeholder(tf.float32, [BATCH, 16, 3])
    labels = tf.placeholder(tf.int32, [BATCH])
    is_training = tf.placeholder(tf.bool, shape=())
    batch = tf.Variable(0)
    bn_momentum = tf.train.exponential_decay(0.5, batch * BATCH, DECAY_STEP, 0.5, staircase=True)
    bn_decay = tf.minimum(0.99, 1 - bn_momentum)
    tf.summary.scalar('bn_decay', bn_decay)
    lr = tf.maximum(tf.train.exponential_decay(BASE_LR, batch * BATCH, DECAY_STEP, DECAY_RATE, staircase=True), 1e-5)
    tf.summary.scalar('learning_rate', lr)
    net = conv2d(tf, tf.expand_dims(pc, -1), 8, [1, 3], 'conv1', is_training, bn_decay)
    net = conv2d(tf, net, 16, [1, 1], 'conv2', is_training, bn_decay)
    net = tf.nn.max_pool(net, ksize=[1, 16, 1, 1], strides=[1, 2, 2, 1], padding='VALID', name='maxpool')
    net = tf.reshape(net, [BATCH, -1])
    net = fully_connected(tf, net, 8, 'fc1', is_training, bn_decay)
    net = tf.layers.dropout(net, rate=0.3, training=is_training, seed=3)
    pred = fully_connected(tf, net, 3, 'fc3', is_training, bn_decay, relu=False, bn=False)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(logits=pred, labels=labels))
    total = loss + tf.add_n(tf.get_collection('losses'))
    tf.summary.scalar('loss', total)
    correct = tf.equal(tf.argmax(pred, 1), tf.to_int64(labels))
    accuracy = tf.reduce_sum(tf.cast(correct, tf.float32)) / float(BATCH)
    train_op = tf.train.MomentumOptimizer(lr, momentum=0.9).minimize(total, global_step=batch)
    merged = tf.summary.merge_all()
    out = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(6):
            s, l, a, _ = sess.run([merged, total, accuracy, train_op],
                                  {pc: data, labels: lab, is_training: True})
            out['loss%d' % i], out['acc%d' % i] = l, a
        out['summary_len'] = len(s) > 0
        out['eval_pred'] = sess.run(pred, {pc: data, labels: lab, is_training: False})
        out['step_lr_decay'] = sess.run([batch, lr, bn_decay])
        ema_vars = [v for v in tf.global_variables() if 'ExponentialMovingAverage' in v.name]
        out['ema_vals'] = sess.run(ema_vars[0])
    out['vars'] = [v.name for v in tf.global_variables()]
    out['trainable'] = [v.name for v in tf.trainable_variables()]
    out['moving_avgs'] = [v.name for v in tf.moving_average_variables()]
    return out

"""The TF 1.x cifar10 tutorial, condensed: variables on the CPU with weight decay added to the
'losses' collection, LRN, activation summaries named without the tower prefix, loss moving
averages, a staircase learning rate, two towers sharing variables with average_gradients,
variable moving averages and the eval side's variables_to_restore into a fresh graph."""
import os
import re

import numpy as np

TAGS = ['train', 'summary']
TOLERANCE = {'*': (1e-4, 1e-5)}
TOWER_NAME = 'tower'


def _variable_on_cpu(tf, name, shape, initializer):
    with tf.device('/cpu:0'):
        return tf.get_variable(name, shape, initializer=initializer, dtype=tf.float32)


def _variable_with_weight_decay(tf, name, shape, stddev, wd):
    var = _variable_on_cpu(tf, name, shape, tf.truncated_normal_initializer(stddev=stddev))
    if wd is not None:
        tf.add_to_collection('losses', tf.multiply(tf.nn.l2_loss(var), wd, name='weight_loss'))
    return var


def _activation_summary(tf, x):
    tensor_name = re.sub('%s_[0-9]*/' % TOWER_NAME, '', x.op.name)
    tf.summary.histogram(tensor_name + '/activations', x)
    tf.summary.scalar(tensor_name + '/sparsity', tf.nn.zero_fraction(x))


def inference(tf, images):
    with tf.variable_scope('conv1') as scope:
        kernel = _variable_with_weight_decay(tf, 'weights', [3, 3, 3, 4], 5e-2, None)
        conv = tf.nn.conv2d(images, kernel, [1, 1, 1, 1], padding='SAME')
        biases = _variable_on_cpu(tf, 'biases', [4], tf.constant_initializer(0.0))
        conv1 = tf.nn.relu(tf.nn.bias_add(conv, biases), name=scope.name)
        _activation_summary(tf, conv1)
    pool1 = tf.nn.max_pool(conv1, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding='SAME',
                           name='pool1')
    norm1 = tf.nn.lrn(pool1, 4, bias=1.0, alpha=0.001 / 9.0, beta=0.75, name='norm1')
    with tf.variable_scope('local3') as scope:
        reshape = tf.reshape(norm1, [images.get_shape().as_list()[0], -1])
        dim = reshape.get_shape()[1].value
        weights = _variable_with_weight_decay(tf, 'weights', [dim, 8], 0.04, 0.004)
        biases = _variable_on_cpu(tf, 'biases', [8], tf.constant_initializer(0.1))
        local3 = tf.nn.relu(tf.matmul(reshape, weights) + biases, name=scope.name)
        _activation_summary(tf, local3)
    with tf.variable_scope('softmax_linear') as scope:
        weights = _variable_with_weight_decay(tf, 'weights', [8, 5], 1 / 8.0, None)
        biases = _variable_on_cpu(tf, 'biases', [5], tf.constant_initializer(0.0))
        return tf.add(tf.matmul(local3, weights), biases, name=scope.name)


def tower_loss(tf, scope, images, labels):
    logits = inference(tf, images)
    cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.cast(labels, tf.int64), logits=logits, name='cross_entropy_per_example')
    tf.add_to_collection('losses', tf.reduce_mean(cross_entropy, name='cross_entropy'))
    losses = tf.get_collection('losses', scope)
    total_loss = tf.add_n(losses, name='total_loss')
    for l in losses + [total_loss]:
        tf.summary.scalar(re.sub('%s_[0-9]*/' % TOWER_NAME, '', l.op.name), l)
    return total_loss


def average_gradients(tf, tower_grads):
    average_grads = []
    for grad_and_vars in zip(*tower_grads):
        grad = tf.reduce_mean(tf.concat(axis=0, values=[tf.expand_dims(g, 0)
                                                        for g, _ in grad_and_vars]), 0)
        average_grads.append((grad, grad_and_vars[0][1]))
    return average_grads


def main(tf):
    out = {}
    rng = np.random.RandomState(2)
    data = rng.rand(2, 4, 8, 8, 3).astype(np.float32)
    labels = rng.randint(0, 5, (2, 4)).astype(np.int32)
    ckpt_dir = os.path.abspath('cifar_train')
    with tf.Graph().as_default(), tf.device('/cpu:0'):
        tf.set_random_seed(2)
        global_step = tf.get_variable('global_step', [], initializer=tf.constant_initializer(0),
                                      trainable=False)
        lr = tf.train.exponential_decay(0.1, global_step, 2, 0.5, staircase=True)
        opt = tf.train.GradientDescentOptimizer(lr)
        tower_grads, summaries = [], []
        with tf.variable_scope(tf.get_variable_scope()):
            for i in range(2):
                with tf.name_scope('%s_%d' % (TOWER_NAME, i)) as scope:
                    loss = tower_loss(tf, scope, tf.constant(data[i]), tf.constant(labels[i]))
                    tf.get_variable_scope().reuse_variables()
                    summaries = tf.get_collection(tf.GraphKeys.SUMMARIES, scope)
                    tower_grads.append(opt.compute_gradients(loss))
        grads = average_gradients(tf, tower_grads)
        summaries.append(tf.summary.scalar('learning_rate', lr))
        apply_op = opt.apply_gradients(grads, global_step=global_step)
        ema = tf.train.ExponentialMovingAverage(0.9999, global_step)
        # (cifar10_multi_gpu_train groups the two updates unordered, so TF's averages read the
        # weights before or after the step from run to run; the single-GPU script orders them)
        with tf.control_dependencies([apply_op]):
            train_op = tf.group(ema.apply(tf.trainable_variables()))
        out['summary_names'] = sorted(s.op.name for s in summaries)
        out['losses'] = [l.name for l in tf.get_collection('losses')]
        out['variables'] = [v.name for v in tf.global_variables()]
        saver = tf.train.Saver(tf.global_variables())
        summary_op = tf.summary.merge(summaries)
        with tf.Session(config=tf.ConfigProto(allow_soft_placement=True)) as sess:
            sess.run(tf.global_variables_initializer())
            out['train_loss'] = [sess.run([train_op, loss])[1] for _ in range(4)]
            out['summary_bytes'] = len(sess.run(summary_op)) > 0
            saver.save(sess, os.path.join(ckpt_dir, 'model.ckpt'), global_step=global_step)
            out['local3_avg'] = sess.run(ema.average(
                [v for v in tf.trainable_variables() if v.op.name == 'local3/weights'][0]))
    with tf.Graph().as_default():
        logits = inference(tf, tf.constant(data[0]))
        top_k = tf.nn.in_top_k(logits, tf.constant(labels[0]), 1)
        to_restore = tf.train.ExponentialMovingAverage(0.9999).variables_to_restore()
        out['restore_keys'] = sorted(to_restore)
        with tf.Session() as sess:
            ckpt = tf.train.get_checkpoint_state(ckpt_dir)
            tf.train.Saver(to_restore).restore(sess, ckpt.model_checkpoint_path)
            out['restored_step'] = ckpt.model_checkpoint_path.split('/')[-1].split('-')[-1]
            out['restored_local3'] = sess.run('local3/weights:0')
            out['eval_logits'], out['in_top_k'] = sess.run([logits, top_k])
    return out

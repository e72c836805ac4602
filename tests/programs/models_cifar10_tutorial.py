"""Imitates tensorflow/models tutorials/image/cifar10/cifar10.py (2016-2018): _variable_with_weight_decay
adding to the 'losses' collection, conv/max_pool/LRN/local layers with _activation_summary,
distorted_inputs (random_crop/flip/brightness/contrast + per_image_standardization), loss averages via
ExponentialMovingAverage with summaries, staircase exponential_decay, variable EMA, in_top_k, and the
summaries written by FileWriter read back with tf.train.summary_iterator."""
import os

import numpy as np
TAGS = ['cv', 'train', 'summary', 'random']
TOLERANCE = {'*': (1e-4, 1e-4)}


def _variable_with_weight_decay(tf, name, shape, stddev, wd):
    var = tf.get_variable(name, shape, initializer=tf.truncated_normal_initializer(stddev=stddev, seed=1),
                          dtype=tf.float32)
    if wd is not None:
        weight_decay = tf.multiply(tf.nn.l2_loss(var), wd, name='weight_loss')
        tf.add_to_collection('losses', weight_decay)
    return var


def _activation_summary(tf, x):
    tf.summary.histogram(x.op.name + '/activations', x)
    tf.summary.scalar(x.op.name + '/sparsity', tf.nn.zero_fraction(x))


def distorted(tf, image):
    d = tf.random_crop(image, [12, 12, 3], seed=3)
    d = tf.image.random_flip_left_right(d, seed=4)
    d = tf.image.random_brightness(d, max_delta=63, seed=5)
    d = tf.image.random_contrast(d, lower=0.2, upper=1.8, seed=6)
    return tf.image.per_image_standardization(d)


def inference(tf, images):
    with tf.variable_scope('conv1') as scope:
        kernel = _variable_with_weight_decay(tf, 'weights', [5, 5, 3, 8], 5e-2, 0.0)
        conv = tf.nn.conv2d(images, kernel, [1, 1, 1, 1], padding='SAME')
        biases = tf.get_variable('biases', [8], initializer=tf.constant_initializer(0.0))
        pre_activation = tf.nn.bias_add(conv, biases)
        conv1 = tf.nn.relu(pre_activation, name=scope.name)
        _activation_summary(tf, conv1)
    pool1 = tf.nn.max_pool(conv1, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding='SAME', name='pool1')
    norm1 = tf.nn.lrn(pool1, 4, bias=1.0, alpha=0.001 / 9.0, beta=0.75, name='norm1')
    with tf.variable_scope('local3') as scope:
        reshape = tf.reshape(norm1, [images.get_shape().as_list()[0], -1])
        dim = reshape.get_shape()[1].value
        weights = _variable_with_weight_decay(tf, 'weights', shape=[dim, 16], stddev=0.04, wd=0.004)
        biases = tf.get_variable('biases', [16], initializer=tf.constant_initializer(0.1))
        local3 = tf.nn.relu(tf.matmul(reshape, weights) + biases, name=scope.name)
        _activation_summary(tf, local3)
    with tf.variable_scope('softmax_linear') as scope:
        weights = _variable_with_weight_decay(tf, 'weights', [16, 10], stddev=1 / 16.0, wd=None)
        biases = tf.get_variable('biases', [10], initializer=tf.constant_initializer(0.0))
        softmax_linear = tf.add(tf.matmul(local3, weights), biases, name=scope.name)
    return softmax_linear, norm1


def main(tf):
    tf.set_random_seed(7)
    rng = np.random.RandomState(0)
    raw = tf.constant(rng.randint(0, 255, size=(4, 16, 16, 3)).astype(np.float32))
    images = tf.stack([distorted(tf, raw[i]) for i in range(4)])
    labels = tf.constant([1, 3, 5, 7], dtype=tf.int64)
    logits, norm1 = inference(tf, images)
    cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                                   name='cross_entropy_per_example')
    tf.add_to_collection('losses', tf.reduce_mean(cross_entropy, name='cross_entropy'))
    total_loss = tf.add_n(tf.get_collection('losses'), name='total_loss')
    loss_averages = tf.train.ExponentialMovingAverage(0.9, name='avg')
    losses = tf.get_collection('losses')
    loss_averages_op = loss_averages.apply(losses + [total_loss])
    for l in losses + [total_loss]:
        tf.summary.scalar(l.op.name + ' (raw)', l)
        tf.summary.scalar(l.op.name, loss_averages.average(l))
    global_step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.1, global_step, 2, 0.1, staircase=True)
    tf.summary.scalar('learning_rate', lr)
    with tf.control_dependencies([loss_averages_op]):
        opt = tf.train.GradientDescentOptimizer(lr)
        grads = opt.compute_gradients(total_loss)
    apply_gradient_op = opt.apply_gradients(grads, global_step=global_step)
    variable_averages = tf.train.ExponentialMovingAverage(0.9999, global_step)
    variables_averages_op = variable_averages.apply(tf.trainable_variables())
    with tf.control_dependencies([apply_gradient_op, variables_averages_op]):
        train_op = tf.no_op(name='train')
    top_k_op = tf.nn.in_top_k(logits, labels, 1)
    summary_op = tf.summary.merge_all()
    out = {'loss_names': [l.op.name for l in losses], 'norm1_shape': norm1.get_shape().as_list(),
           'avg_names': sorted(v.op.name for v in tf.global_variables() if 'avg' in v.op.name or 'ExponentialMovingAverage' in v.op.name),
           'restore_keys': sorted(variable_averages.variables_to_restore().keys())}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        writer = tf.summary.FileWriter('logs', sess.graph)
        out['images'] = sess.run(images)
        ls = []
        for step in range(4):
            _, l, s = sess.run([train_op, total_loss, summary_op])
            writer.add_summary(s, step)
            ls.append(l)
        writer.close()
        out['losses'] = np.array(ls)
        out['top_k'] = sess.run(top_k_op)
        out['avg_total'] = sess.run(loss_averages.average(total_loss))
    tags = {}
    for fn in sorted(os.listdir('logs')):
        for e in tf.train.summary_iterator(os.path.join('logs', fn)):
            for v in e.summary.value:
                if v.HasField('simple_value'):
                    tags.setdefault(v.tag, []).append(round(v.simple_value, 4))
    out['summary_tags'] = sorted(tags)
    out['summary_lr'] = tags.get('learning_rate')
    return out

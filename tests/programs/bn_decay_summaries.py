"""The 2017 "hands-on ML" training script: an MLP with tf.layers batch normalization switched
by placeholder_with_default, dropout, UPDATE_OPS control dependencies, every learning-rate
schedule (exponential staircase, piecewise, inverse time, polynomial, cosine), value then
global-norm clipping, and TensorBoard summaries (scalar, histogram, image, text) written by a
FileWriter and read back with tf.train.summary_iterator."""
import glob

import numpy as np
TAGS = ['train', 'summary']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _model(tf):
    X = tf.placeholder(tf.float32, [None, 5], name='X')
    Y = tf.placeholder(tf.int64, [None], name='Y')
    training = tf.placeholder_with_default(False, shape=(), name='training')
    keep_prob = tf.placeholder_with_default(1.0, shape=())
    with tf.name_scope('dnn'):
        h = tf.layers.dense(X, 8, name='hidden1',
                            kernel_initializer=tf.variance_scaling_initializer())
        h = tf.nn.elu(tf.layers.batch_normalization(h, training=training, momentum=0.9))
        h = tf.nn.dropout(h, keep_prob)
        logits = tf.layers.batch_normalization(tf.layers.dense(h, 3, name='outputs'),
                                               training=training, momentum=0.9)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=Y,
                                                                         logits=logits))
    return X, Y, training, keep_prob, logits, loss


def main(tf):
    out = {}
    tf.set_random_seed(8)
    rng = np.random.RandomState(8)
    X, Y, training, keep_prob, logits, loss = _model(tf)
    out['names'] = [logits.name] + [v.name for v in tf.global_variables()]
    tf.summary.scalar('log_loss', loss)
    step = tf.train.get_or_create_global_step()
    schedules = [tf.train.exponential_decay(0.1, step, 2, 0.5, staircase=True),
                 tf.train.exponential_decay(0.1, step, 3, 0.5),
                 tf.train.piecewise_constant(step, [2, 4], [1.0, 0.5, 0.1]),
                 tf.train.inverse_time_decay(0.1, step, 1, 0.5, staircase=True),
                 tf.train.polynomial_decay(0.1, step, 4, 0.01, power=2.0),
                 tf.train.cosine_decay(0.1, step, 5)]
    optimizer = tf.train.MomentumOptimizer(schedules[0], 0.9)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        gvs = optimizer.compute_gradients(loss)
        grads, tvars = zip(*[(tf.clip_by_value(g, -1., 1.), v) for g, v in gvs])
        grads, norm = tf.clip_by_global_norm(grads, 0.5)
        train = optimizer.apply_gradients(zip(grads, tvars), global_step=step)
    accuracy = tf.reduce_mean(tf.cast(tf.nn.in_top_k(logits, Y, 1), tf.float32))
    for _, v in gvs:
        tf.summary.histogram(v.name.replace(':', '_'), v)
    tf.summary.scalar('lr', schedules[0])
    tf.summary.image('img', tf.reshape(tf.tile(X[:1], [1, 5]), [1, 5, 5, 1]))
    tf.summary.text('note', tf.constant('hello'))
    merged = tf.summary.merge_all()
    xv = rng.randn(12, 5).astype(np.float32)
    yv = rng.randint(0, 3, 12)
    with tf.Session() as sess:
        writer = tf.summary.FileWriter('logs', sess.graph)
        sess.run(tf.global_variables_initializer())
        rows = []
        for i in range(5):
            _, l, n, s, lrs = sess.run([train, loss, norm, merged, schedules],
                                       {X: xv, Y: yv, training: True, keep_prob: 0.8})
            writer.add_summary(s, i)
            rows.append([l, n] + list(lrs))
        out['steps'] = np.array(rows)
        out['eval'] = sess.run([accuracy, loss], {X: xv, Y: yv})
        out['moving_mean'] = sess.run([v for v in tf.global_variables()
                                       if 'moving_mean' in v.name][0])
        writer.close()
    tags = []
    for path in sorted(glob.glob('logs/events.out.tfevents.*')):
        for event in tf.train.summary_iterator(path):
            for v in event.summary.value:
                if event.step == 4:
                    tags.append('%s %s' % (v.tag, v.WhichOneof('value')))
                    if v.HasField('simple_value'):
                        out['simple/' + v.tag] = np.float32(v.simple_value)
    out['tags'] = sorted(tags)
    return out

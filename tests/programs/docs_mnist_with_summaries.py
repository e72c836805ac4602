"""Imitates the TensorFlow r1.x tutorial "TensorBoard: Visualizing Learning"
(mnist_with_summaries.py, 2017): variable_summaries (mean, stddev, max, min, histogram) under
name scopes, nn_layer, dropout, image summary, merge_all, one FileWriter per train/test, run
metadata for a step; then the event files read back with tf.train.summary_iterator."""
import glob
import os
import numpy as np

TAGS = ['train', 'summary']

TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    tf.set_random_seed(11)
    rng = np.random.RandomState(3)
    lab = rng.randint(0, 10, 200)
    xs = np.clip(rng.rand(10, 784)[lab] * 0.3 + 0.1 * rng.randn(200, 784), 0, 1).astype(np.float32)
    ys = lab.astype(np.int64)
    log_dir = 'mnist_logs'
    with tf.name_scope('input'):
        x = tf.placeholder(tf.float32, [None, 784], name='x-input')
        y_ = tf.placeholder(tf.int64, [None], name='y-input')
    with tf.name_scope('input_reshape'):
        image_shaped_input = tf.reshape(x, [-1, 28, 28, 1])
        tf.summary.image('input', image_shaped_input, 10)

    def weight_variable(shape):
        return tf.Variable(tf.truncated_normal(shape, stddev=0.1, seed=5))

    def bias_variable(shape):
        return tf.Variable(tf.constant(0.1, shape=shape))

    def variable_summaries(var):
        with tf.name_scope('summaries'):
            mean = tf.reduce_mean(var)
            tf.summary.scalar('mean', mean)
            with tf.name_scope('stddev'):
                stddev = tf.sqrt(tf.reduce_mean(tf.square(var - mean)))
            tf.summary.scalar('stddev', stddev)
            tf.summary.scalar('max', tf.reduce_max(var))
            tf.summary.scalar('min', tf.reduce_min(var))
            tf.summary.histogram('histogram', var)

    def nn_layer(input_tensor, input_dim, output_dim, layer_name, act=tf.nn.relu):
        with tf.name_scope(layer_name):
            with tf.name_scope('weights'):
                weights = weight_variable([input_dim, output_dim])
                variable_summaries(weights)
            with tf.name_scope('biases'):
                biases = bias_variable([output_dim])
                variable_summaries(biases)
            with tf.name_scope('Wx_plus_b'):
                preactivate = tf.matmul(input_tensor, weights) + biases
                tf.summary.histogram('pre_activations', preactivate)
            activations = act(preactivate, name='activation')
            tf.summary.histogram('activations', activations)
            return activations

    hidden1 = nn_layer(x, 784, 50, 'layer1')
    with tf.name_scope('dropout'):
        keep_prob = tf.placeholder(tf.float32)
        tf.summary.scalar('dropout_keep_probability', keep_prob)
        dropped = tf.nn.dropout(hidden1, keep_prob, seed=6)
    y = nn_layer(dropped, 50, 10, 'layer2', act=tf.identity)
    with tf.name_scope('cross_entropy'):
        cross_entropy = tf.losses.sparse_softmax_cross_entropy(labels=y_, logits=y)
    tf.summary.scalar('cross_entropy', cross_entropy)
    with tf.name_scope('train'):
        train_step = tf.train.AdamOptimizer(0.001).minimize(cross_entropy)
    with tf.name_scope('accuracy'):
        with tf.name_scope('correct_prediction'):
            correct_prediction = tf.equal(tf.argmax(y, 1), y_)
        with tf.name_scope('accuracy'):
            accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    tf.summary.scalar('accuracy', accuracy)
    merged = tf.summary.merge_all()
    out['summary_ops'] = sorted(op.name for op in tf.get_collection(tf.GraphKeys.SUMMARIES))
    sess = tf.InteractiveSession()
    train_writer = tf.summary.FileWriter(log_dir + '/train', sess.graph)
    test_writer = tf.summary.FileWriter(log_dir + '/test')
    tf.global_variables_initializer().run()

    def feed_dict(train, i=0):
        if train:
            s = (i * 20) % 160
            return {x: xs[s:s + 20], y_: ys[s:s + 20], keep_prob: 0.9}
        return {x: xs[160:], y_: ys[160:], keep_prob: 1.0}

    accs = []
    for i in range(30):
        if i % 10 == 0:
            summary, acc = sess.run([merged, accuracy], feed_dict=feed_dict(False))
            test_writer.add_summary(summary, i)
            accs.append(acc)
        elif i % 10 == 9:
            run_options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
            run_metadata = tf.RunMetadata()
            summary, _ = sess.run([merged, train_step], feed_dict=feed_dict(True, i),
                                  options=run_options, run_metadata=run_metadata)
            train_writer.add_run_metadata(run_metadata, 'step%03d' % i)
            train_writer.add_summary(summary, i)
        else:
            summary, _ = sess.run([merged, train_step], feed_dict=feed_dict(True, i))
            train_writer.add_summary(summary, i)
    train_writer.close()
    test_writer.close()
    sess.close()
    out['accs'] = np.array(accs)
    for which in ('train', 'test'):
        files = glob.glob(os.path.join(log_dir, which, 'events.out.tfevents.*'))
        kinds, steps, tags, scal = [], [], set(), {}
        for e in tf.train.summary_iterator(files[0]):
            kinds.append(e.WhichOneof('what'))
            if e.HasField('summary'):
                steps.append(e.step)
                for v in e.summary.value:
                    tags.add((v.tag, v.WhichOneof('value')))
                    if v.tag in ('layer1/weights/summaries/mean', 'cross_entropy_1', 'accuracy_1') \
                            and v.HasField('simple_value'):
                        scal.setdefault(v.tag, []).append(v.simple_value)
            if e.HasField('tagged_run_metadata'):
                tags.add(('meta:' + e.tagged_run_metadata.tag, 'run_metadata'))
        out[which + '_kinds'] = sorted(set(kinds))
        out[which + '_nevents'] = len(kinds)
        out[which + '_steps'] = sorted(set(steps))
        out[which + '_tags'] = sorted('%s|%s' % t for t in tags)
        for k, v in sorted(scal.items()):
            out[which + ':' + k] = np.array(v)
    return out

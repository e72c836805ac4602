"""MorvanZhou Tensorflow-Tutorial: add_layer(inputs, in_size, out_size, n_layer, activation_function)
with tf.name_scope('layer'/'weights'/'biases') and histograms, tf.summary.merge_all with a
FileWriter; RNN regression (sin -> cos) with BasicLSTMCell, cell.zero_state, dynamic_rnn whose
final_state is fed back through feed_dict on the next batch; tf.layers.dense on the reshaped outputs."""
import glob
import numpy as np
TAGS = ['train', 'rnn', 'summary', 'shapes']


def add_layer(tf, inputs, in_size, out_size, n_layer, activation_function=None):
    layer_name = 'layer%s' % n_layer
    with tf.name_scope(layer_name):
        with tf.name_scope('weights'):
            Weights = tf.Variable(tf.random_normal([in_size, out_size], seed=n_layer), name='W')
            tf.summary.histogram(layer_name + '/weights', Weights)
        with tf.name_scope('biases'):
            biases = tf.Variable(tf.zeros([1, out_size]) + 0.1, name='b')
            tf.summary.histogram(layer_name + '/biases', biases)
        with tf.name_scope('Wx_plus_b'):
            Wx_plus_b = tf.add(tf.matmul(inputs, Weights), biases)
        outputs = Wx_plus_b if activation_function is None else activation_function(Wx_plus_b)
        tf.summary.histogram(layer_name + '/outputs', outputs)
        return outputs


def main(tf):
    out = {}
    tf.set_random_seed(1)
    x_data = np.linspace(-1, 1, 60)[:, np.newaxis].astype(np.float32)
    noise = np.random.RandomState(0).normal(0, 0.05, x_data.shape).astype(np.float32)
    y_data = np.square(x_data) - 0.5 + noise
    with tf.name_scope('inputs'):
        xs = tf.placeholder(tf.float32, [None, 1], name='x_input')
        ys = tf.placeholder(tf.float32, [None, 1], name='y_input')
    l1 = add_layer(tf, xs, 1, 10, n_layer=1, activation_function=tf.nn.relu)
    prediction = add_layer(tf, l1, 10, 1, n_layer=2, activation_function=None)
    with tf.name_scope('loss'):
        loss = tf.reduce_mean(tf.reduce_sum(tf.square(ys - prediction), reduction_indices=[1]))
        tf.summary.scalar('loss', loss)
    with tf.name_scope('train'):
        train_step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    out['names'] = [l1.name, prediction.name, loss.name, train_step.name]
    merged = tf.summary.merge_all()
    losses = []
    with tf.Session() as sess:
        writer = tf.summary.FileWriter('logs/', sess.graph)
        sess.run(tf.global_variables_initializer())
        for i in range(30):
            sess.run(train_step, feed_dict={xs: x_data, ys: y_data})
            if i % 10 == 0:
                result, l = sess.run([merged, loss], feed_dict={xs: x_data, ys: y_data})
                writer.add_summary(result, i)
                losses.append(l)
        writer.close()
    out['losses'] = np.array(losses)
    tags = set()
    for e in tf.train.summary_iterator(glob.glob('logs/events.*')[0]):
        for v in e.summary.value:
            tags.add(v.tag)
    out['tags'] = sorted(tags)

    TIME_STEPS, BATCH_SIZE, INPUT_SIZE, CELL_SIZE, LR = 10, 4, 1, 16, 0.02
    tf_x = tf.placeholder(tf.float32, [None, TIME_STEPS, INPUT_SIZE])
    tf_y = tf.placeholder(tf.float32, [None, TIME_STEPS, INPUT_SIZE])
    rnn_cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=CELL_SIZE)
    init_s = rnn_cell.zero_state(batch_size=BATCH_SIZE, dtype=tf.float32)
    outputs, final_s = tf.nn.dynamic_rnn(rnn_cell, tf_x, initial_state=init_s, time_major=False)
    outs2D = tf.reshape(outputs, [-1, CELL_SIZE])
    net_outs2D = tf.layers.dense(outs2D, INPUT_SIZE,
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=9))
    outs = tf.reshape(net_outs2D, [-1, TIME_STEPS, INPUT_SIZE])
    rloss = tf.losses.mean_squared_error(labels=tf_y, predictions=outs)
    rtrain = tf.train.AdamOptimizer(LR).minimize(rloss)
    out['rnn_meta'] = [str(init_s.c.shape), init_s.c.name, str(outs.shape), rloss.name,
                       str(final_s.h.shape)]
    rl, final_s_ = [], None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(12):
            start, end = step * np.pi, (step + 1) * np.pi
            steps = np.linspace(start, end, TIME_STEPS * BATCH_SIZE, dtype=np.float32)
            x = np.sin(steps).reshape(BATCH_SIZE, TIME_STEPS, INPUT_SIZE)
            y = np.cos(steps).reshape(BATCH_SIZE, TIME_STEPS, INPUT_SIZE)
            if final_s_ is None:
                feed_dict = {tf_x: x, tf_y: y}
            else:
                feed_dict = {tf_x: x, tf_y: y, init_s: final_s_}
            _, pred_, final_s_, l = sess.run([rtrain, outs, final_s, rloss], feed_dict)
            rl.append(l)
        out['rnn_loss'] = np.array(rl)
        out['final_h'] = final_s_.h
        out['pred'] = pred_[0, :, 0]
    return out

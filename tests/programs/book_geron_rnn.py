"""Geron ch14: BasicRNNCell static_rnn/dynamic_rnn with sequence_length, OutputProjectionWrapper
time series, MultiRNNCell with DropoutWrapper, LSTM with peepholes, GRU."""
import numpy as np
TAGS = ['train', 'rnn', 'random']


def part_static(tf, out):
    n_inputs, n_neurons, n_steps = 3, 5, 2
    X = tf.placeholder(tf.float32, [None, n_steps, n_inputs])
    X_seqs = tf.unstack(tf.transpose(X, perm=[1, 0, 2]))
    cell = tf.nn.rnn_cell.BasicRNNCell(num_units=n_neurons)
    output_seqs, states = tf.nn.static_rnn(cell, X_seqs, dtype=tf.float32)
    outputs = tf.transpose(tf.stack(output_seqs), perm=[1, 0, 2])
    out['static_names'] = [o.name for o in output_seqs] + [states.name, outputs.name]
    out['static_vars'] = [v.name for v in tf.global_variables()]
    out['static_shape'] = str(outputs.get_shape())


def part_dynamic(tf, out):
    tf.set_random_seed(42)
    n_inputs, n_neurons, n_steps = 3, 5, 2
    X = tf.placeholder(tf.float32, [None, n_steps, n_inputs])
    seq_length = tf.placeholder(tf.int32, [None])
    cell = tf.nn.rnn_cell.BasicRNNCell(num_units=n_neurons)
    outputs, states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32, sequence_length=seq_length)
    X_batch = np.array([[[0, 1, 2], [9, 8, 7]], [[3, 4, 5], [0, 0, 0]],
                        [[6, 7, 8], [6, 5, 4]], [[9, 0, 1], [3, 2, 1]]], np.float32) / 9.
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        o, s = sess.run([outputs, states], {X: X_batch, seq_length: [2, 1, 2, 2]})
    out['dyn_out'] = o
    out['dyn_state'] = s
    out['dyn_names'] = [str(outputs.shape), str(states.shape), outputs.dtype.name]


def part_timeseries(tf, out):
    tf.set_random_seed(42)
    t_min, t_max, resolution, n_steps = 0, 30, 0.1, 20

    def time_series(t):
        return t * np.sin(t) / 3 + 2 * np.sin(t * 5)

    def next_batch(rng, batch_size, n_steps):
        t0 = rng.rand(batch_size, 1) * (t_max - t_min - n_steps * resolution)
        Ts = t0 + np.arange(0., n_steps + 1) * resolution
        ys = time_series(Ts)
        return (ys[:, :-1].reshape(-1, n_steps, 1).astype(np.float32),
                ys[:, 1:].reshape(-1, n_steps, 1).astype(np.float32))

    X = tf.placeholder(tf.float32, [None, n_steps, 1])
    y = tf.placeholder(tf.float32, [None, n_steps, 1])
    cell = tf.nn.rnn_cell.BasicRNNCell(num_units=50, activation=tf.nn.relu)
    rnn_outputs, states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
    stacked_rnn_outputs = tf.reshape(rnn_outputs, [-1, 50])
    stacked_outputs = tf.layers.dense(stacked_rnn_outputs, 1)
    outputs = tf.reshape(stacked_outputs, [-1, n_steps, 1])
    loss = tf.reduce_mean(tf.square(outputs - y))
    training_op = tf.train.AdamOptimizer(learning_rate=0.001).minimize(loss)
    out['proj_vars'] = [v.name for v in tf.trainable_variables()]
    rng = np.random.RandomState(42)
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for it in range(40):
            Xb, yb = next_batch(rng, 50, n_steps)
            _, l = sess.run([training_op, loss], {X: Xb, y: yb})
            losses.append(l)
    out['ts_losses'] = np.array(losses)


def part_deep(tf, out):
    tf.set_random_seed(7)
    n_steps, n_inputs, n_neurons, n_layers = 4, 2, 6, 3
    X = tf.placeholder(tf.float32, [None, n_steps, n_inputs])
    keep_prob = tf.placeholder_with_default(1.0, shape=())
    cells = [tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.LSTMCell(num_units=n_neurons,
                                                                   use_peepholes=True),
                                           input_keep_prob=keep_prob, seed=11)
             for _ in range(n_layers - 1)] + [tf.nn.rnn_cell.GRUCell(num_units=n_neurons)]
    multi = tf.nn.rnn_cell.MultiRNNCell(cells)
    outputs, states = tf.nn.dynamic_rnn(multi, X, dtype=tf.float32)
    out['deep_vars'] = [v.name + str(v.shape.as_list()) for v in tf.global_variables()]
    out['deep_state'] = [type(s).__name__ if isinstance(s, tuple) else isinstance(s, tf.Tensor) for s in states]
    out['state_size'] = str(multi.state_size)
    top = states[-1]
    xb = np.random.RandomState(3).randn(5, n_steps, n_inputs).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['deep_top'] = sess.run(top, {X: xb})
        out['deep_c0'] = sess.run(states[0].c, {X: xb})
        out['deep_drop_shape'] = sess.run(outputs, {X: xb, keep_prob: 0.5}).shape


def main(tf):
    out = {}
    for p in (part_static, part_dynamic, part_timeseries, part_deep):
        with tf.Graph().as_default():
            p(tf, out)
    return out

TOLERANCE = {'ts_losses': (1e-4, 1e-5), '*': (1e-5, 1e-6)}

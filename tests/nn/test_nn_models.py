"""Small models trained 10 steps from fixed initial values (a LeNet-style CNN with momentum,
a batch-normalized autoencoder with Adam, LSTM and GRU/peephole-LSTM language models with
sequence lengths and gradient clipping): the losses match TF1's to better than 1e-5."""

import numpy as np


def _init(tf):
    def init(shape, dtype=None, partition_info=None):
        n = int(np.prod(shape))
        return tf.constant(
            (np.sin(np.arange(n) * 0.37 + n) * 0.3).reshape(shape).astype(np.float32)
        )

    return init


def lenet(tf):
    init = _init(tf)
    rng = np.random.RandomState(0)
    xs = rng.uniform(0, 1, (10, 4, 8, 8, 1)).astype(np.float32)
    ys = rng.randint(0, 3, (10, 4)).astype(np.int32)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 8, 8, 1])
        y = tf.placeholder(tf.int32, [None])
        with tf.variable_scope("m", initializer=init):
            h = tf.layers.conv2d(x, 4, 3, padding="same", activation=tf.nn.relu)
            h = tf.layers.max_pooling2d(h, 2, 2)
            h = tf.layers.conv2d(h, 8, 3, padding="valid", activation=tf.nn.relu)
            h = tf.layers.max_pooling2d(h, 2, 2, padding="same")
            h = tf.layers.dense(tf.layers.flatten(h), 16, activation=tf.nn.relu)
            logits = tf.layers.dense(h, 3)
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
        )
        train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            return [float(s.run([train, loss], {x: xs[i], y: ys[i]})[1]) for i in range(10)]


def autoencoder(tf):
    init = _init(tf)
    rng = np.random.RandomState(1)
    xs = rng.uniform(0, 1, (10, 5, 6)).astype(np.float32)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 6])
        with tf.variable_scope("ae", initializer=init):
            code = tf.layers.dense(x, 3, activation=tf.nn.sigmoid, name="enc")
            code = tf.layers.batch_normalization(code, training=True)
            recon = tf.layers.dense(code, 6, activation=tf.nn.sigmoid, name="dec")
        loss = tf.losses.mean_squared_error(x, recon)
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            train = tf.train.AdamOptimizer(0.05).minimize(loss)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            out = [float(s.run([train, loss], {x: xs[i]})[1]) for i in range(10)]
            out.append(
                s.run(
                    tf.get_collection(
                        tf.GraphKeys.GLOBAL_VARIABLES, "ae/batch_normalization/moving_mean"
                    )[0]
                ).tolist()
            )
            return out


def lstm_lm(tf, cell_fn):
    init = _init(tf)
    rng = np.random.RandomState(2)
    xs = rng.randint(0, 20, (10, 3, 4)).astype(np.int32)
    ys = rng.randint(0, 20, (10, 3, 4)).astype(np.int32)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.int32, [3, 4])
        y = tf.placeholder(tf.int32, [3, 4])
        with tf.variable_scope("lm", initializer=init):
            emb = tf.get_variable("embedding", [20, 5])
            out, _ = tf.nn.dynamic_rnn(
                cell_fn(),
                tf.nn.embedding_lookup(emb, x),
                sequence_length=[4, 2, 3],
                dtype=tf.float32,
            )
            logits = tf.layers.dense(tf.reshape(out, [-1, 6]), 20)
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=tf.reshape(y, [-1]), logits=logits
            )
        )
        opt = tf.train.GradientDescentOptimizer(0.5)
        grads, tvars = zip(*opt.compute_gradients(loss))
        grads, _ = tf.clip_by_global_norm(grads, 1.0)
        train = opt.apply_gradients(zip(grads, tvars))
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            return [float(s.run([train, loss], {x: xs[i], y: ys[i]})[1]) for i in range(10)]


# fmt: off
EXPECTED = {
    "lenet": [1.0990584, 1.0946097, 1.1043745, 1.1103488, 1.117385, 1.1337365, 1.1094751,
        1.1209928, 1.0211473, 1.0021272],
    "autoencoder": [0.0882364, 0.0836576, 0.0733437, 0.0845167, 0.0838507, 0.0507813, 0.0654237,
        0.0562855, 0.0550726, 0.0577901, [0.049181, 0.0492621, 0.0387816]],
    "lstm": [2.9946611, 2.992028, 3.0017569, 2.9938276, 3.0110054, 2.9505031, 3.0244732, 3.0051861,
        3.0017166, 2.985759],
    "gru_stack": [2.9957867, 2.9932489, 3.0023832, 2.9919007, 3.0107565, 2.9521949, 3.0256011,
        3.0052836, 3.0022933, 2.9857724],
}
# fmt: on


def test_lenet_momentum_10_steps(tf):
    np.testing.assert_allclose(lenet(tf), EXPECTED["lenet"], rtol=1e-5)


def test_autoencoder_adam_batch_norm_10_steps(tf):
    got = autoencoder(tf)
    np.testing.assert_allclose(got[:10], EXPECTED["autoencoder"][:10], rtol=1e-5)
    np.testing.assert_allclose(got[10], EXPECTED["autoencoder"][10], rtol=1e-5)


def test_lstm_language_model_10_steps(tf):
    got = lstm_lm(tf, lambda: tf.nn.rnn_cell.BasicLSTMCell(6))
    np.testing.assert_allclose(got, EXPECTED["lstm"], rtol=1e-5)


def test_stacked_gru_peephole_lstm_10_steps(tf):
    got = lstm_lm(
        tf,
        lambda: tf.nn.rnn_cell.MultiRNNCell(
            [tf.nn.rnn_cell.GRUCell(6), tf.nn.rnn_cell.LSTMCell(6, use_peepholes=True)]
        ),
    )
    np.testing.assert_allclose(got, EXPECTED["gru_stack"], rtol=1e-5)

"""Hand-written Transformer (Kyubyong/transformer, 2017 style): embeddings with a zeroed pad
row, sinusoidal positional encoding, multi-head attention by tf.split/tf.concat with key,
query and causal masks, conv1d feed-forward, hand-made layer norm, label smoothing, Noam
learning-rate schedule, Adam. Masks come from the token ids (sums of layer-normed floats are
rounding noise, so masks made from them differ between any two implementations)."""
import numpy as np
TAGS = ['train', 'random', 'nn', 'layers']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _normalize(tf, inputs, epsilon=1e-8, scope="ln"):
    with tf.variable_scope(scope):
        params_shape = inputs.get_shape()[-1:]
        mean, variance = tf.nn.moments(inputs, [-1], keep_dims=True)
        beta = tf.Variable(tf.zeros(params_shape))
        gamma = tf.Variable(tf.ones(params_shape))
        return gamma * ((inputs - mean) / ((variance + epsilon) ** .5)) + beta


def _embedding(tf, inputs, vocab_size, num_units, scope):
    with tf.variable_scope(scope):
        table = tf.get_variable('lookup_table', dtype=tf.float32, shape=[vocab_size, num_units],
                                initializer=tf.glorot_uniform_initializer())
        table = tf.concat((tf.zeros(shape=[1, num_units]), table[1:, :]), 0)
        return tf.nn.embedding_lookup(table, inputs) * (num_units ** 0.5)


def _positional_encoding(tf, inputs, num_units, scope):
    n, t = inputs.get_shape().as_list()
    with tf.variable_scope(scope):
        position_ind = tf.tile(tf.expand_dims(tf.range(t), 0), [n, 1])
        enc = np.array([[pos / np.power(10000, 2. * i / num_units) for i in range(num_units)]
                        for pos in range(t)])
        enc[:, 0::2] = np.sin(enc[:, 0::2])
        enc[:, 1::2] = np.cos(enc[:, 1::2])
        return tf.cast(tf.nn.embedding_lookup(tf.convert_to_tensor(enc), position_ind), tf.float32)


def _multihead(tf, queries, keys, q_ids, k_ids, num_units, num_heads, dropout_rate=0.0,
               causality=False, scope="multihead_attention"):
    with tf.variable_scope(scope):
        q = tf.layers.dense(queries, num_units, activation=tf.nn.relu)
        k = tf.layers.dense(keys, num_units, activation=tf.nn.relu)
        v = tf.layers.dense(keys, num_units, activation=tf.nn.relu)
        q_ = tf.concat(tf.split(q, num_heads, axis=2), axis=0)
        k_ = tf.concat(tf.split(k, num_heads, axis=2), axis=0)
        v_ = tf.concat(tf.split(v, num_heads, axis=2), axis=0)
        outputs = tf.matmul(q_, tf.transpose(k_, [0, 2, 1])) / (k_.get_shape().as_list()[-1] ** 0.5)
        key_masks = tf.tile(tf.to_float(tf.sign(tf.abs(k_ids))), [num_heads, 1])
        key_masks = tf.tile(tf.expand_dims(key_masks, 1), [1, tf.shape(queries)[1], 1])
        paddings = tf.ones_like(outputs) * (-2 ** 32 + 1)
        outputs = tf.where(tf.equal(key_masks, 0), paddings, outputs)
        if causality:
            tril = tf.linalg.LinearOperatorLowerTriangular(
                tf.ones_like(outputs[0, :, :])).to_dense()
            masks = tf.tile(tf.expand_dims(tril, 0), [tf.shape(outputs)[0], 1, 1])
            outputs = tf.where(tf.equal(masks, 0), tf.ones_like(masks) * (-2 ** 32 + 1), outputs)
        outputs = tf.nn.softmax(outputs)
        query_masks = tf.tile(tf.to_float(tf.sign(tf.abs(q_ids))), [num_heads, 1])
        outputs *= tf.tile(tf.expand_dims(query_masks, -1), [1, 1, tf.shape(keys)[1]])
        outputs = tf.layers.dropout(outputs, rate=dropout_rate, training=tf.convert_to_tensor(True))
        outputs = tf.concat(tf.split(tf.matmul(outputs, v_), num_heads, axis=0), axis=2)
        return _normalize(tf, outputs + queries)


def _feedforward(tf, inputs, num_units, scope="multihead_attention"):
    with tf.variable_scope(scope):
        outputs = tf.layers.conv1d(inputs, num_units[0], 1, activation=tf.nn.relu)
        outputs = tf.layers.conv1d(outputs, num_units[1], 1)
        return _normalize(tf, outputs + inputs)


def main(tf):
    out = {}
    tf.set_random_seed(5)
    rng = np.random.RandomState(5)
    n, t, vocab, hidden = 3, 7, 12, 16
    x = tf.placeholder(tf.int32, shape=(n, t))
    y = tf.placeholder(tf.int32, shape=(n, t))
    dec_in = tf.concat((tf.ones_like(y[:, :1]) * 2, y[:, :-1]), -1)
    with tf.variable_scope("encoder"):
        enc = _embedding(tf, x, vocab, hidden, "enc_embed")
        enc += _positional_encoding(tf, x, hidden, "enc_pe")
        enc = tf.layers.dropout(enc, rate=0.1, training=tf.convert_to_tensor(True))
        for i in range(2):
            with tf.variable_scope("num_blocks_{}".format(i)):
                enc = _multihead(tf, enc, enc, x, x, hidden, 4, dropout_rate=0.1)
                enc = _feedforward(tf, enc, [4 * hidden, hidden])
    with tf.variable_scope("decoder"):
        dec = _embedding(tf, dec_in, vocab, hidden, "dec_embed")
        dec += _positional_encoding(tf, dec_in, hidden, "dec_pe")
        with tf.variable_scope("num_blocks_0"):
            dec = _multihead(tf, dec, dec, dec_in, dec_in, hidden, 4, causality=True,
                             scope="self_attention")
            dec = _multihead(tf, dec, enc, dec_in, x, hidden, 4, scope="vanilla_attention")
            dec = _feedforward(tf, dec, [4 * hidden, hidden])
    logits = tf.layers.dense(dec, vocab)
    preds = tf.to_int32(tf.arg_max(logits, dimension=-1))
    istarget = tf.to_float(tf.not_equal(y, 0))
    acc = tf.reduce_sum(tf.to_float(tf.equal(preds, y)) * istarget) / tf.reduce_sum(istarget)
    smoothed = 0.9 * tf.one_hot(y, depth=vocab) + 0.1 / vocab
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=smoothed)
    mean_loss = tf.reduce_sum(loss * istarget) / tf.reduce_sum(istarget)
    global_step = tf.Variable(0, name='global_step', trainable=False)
    step = tf.cast(global_step + 1, tf.float32)
    lr = hidden ** -0.5 * tf.minimum(step * 4.0 ** -1.5, step ** -0.5)
    train = tf.train.AdamOptimizer(lr, beta1=0.9, beta2=0.98, epsilon=1e-8).minimize(
        mean_loss, global_step=global_step)
    out['names'] = [v.name for v in tf.trainable_variables()]
    out['shapes'] = [str(enc.get_shape()), str(dec.get_shape()), logits.name]
    xs = rng.randint(1, vocab, size=(n, t))
    xs[0, 5:] = 0
    xs[2, 6:] = 0
    ys = rng.randint(1, vocab, size=(n, t))
    ys[1, 4:] = 0
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['steps'] = [sess.run([train, mean_loss, acc, lr], {x: xs, y: ys})[1:]
                        for _ in range(4)]
        out['preds'] = sess.run(preds, {x: xs, y: ys})
    return out

"""CTC speech model (igormq/ctc_tensorflow_example style): LSTM over features, ctc_loss with
SparseTensor labels, momentum training, greedy and beam-search decoding, edit distance."""
import numpy as np
TAGS = ['train', 'nn', 'sparse', 'rnn']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _sparse_tuple_from(sequences):
    indices = [(n, t) for n, seq in enumerate(sequences) for t in range(len(seq))]
    values = [v for seq in sequences for v in seq]
    shape = [len(sequences), max(len(s) for s in sequences)]
    return (np.array(indices, np.int64), np.array(values, np.int32), np.array(shape, np.int64))


def main(tf):
    out = {}
    tf.set_random_seed(11)
    rng = np.random.RandomState(11)
    num_features, num_hidden, num_classes = 6, 10, 7
    train_targets = _sparse_tuple_from([[1, 2, 2, 3], [4, 0, 1], [2, 5]])
    train_inputs = rng.randn(3, 9, num_features).astype(np.float32)
    train_seq_len = np.array([9, 7, 6], np.int32)
    inputs = tf.placeholder(tf.float32, [None, None, num_features])
    targets = tf.sparse_placeholder(tf.int32)
    seq_len = tf.placeholder(tf.int32, [None])
    stack = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(num_hidden)])
    outputs, _ = tf.nn.dynamic_rnn(stack, inputs, seq_len, dtype=tf.float32)
    shape = tf.shape(inputs)
    w = tf.Variable(tf.truncated_normal([num_hidden, num_classes], stddev=0.1))
    b = tf.Variable(tf.constant(0., shape=[num_classes]))
    logits = tf.matmul(tf.reshape(outputs, [-1, num_hidden]), w) + b
    logits = tf.transpose(tf.reshape(logits, [shape[0], -1, num_classes]), (1, 0, 2))
    loss = tf.nn.ctc_loss(targets, logits, seq_len)
    cost = tf.reduce_mean(loss)
    train = tf.train.MomentumOptimizer(0.05, 0.9).minimize(cost)
    decoded, log_prob = tf.nn.ctc_greedy_decoder(logits, seq_len)
    ler = tf.reduce_mean(tf.edit_distance(tf.cast(decoded[0], tf.int32), targets))
    beam, beam_lp = tf.nn.ctc_beam_search_decoder(logits, seq_len, beam_width=4, top_paths=2)
    loss_nomerge = tf.nn.ctc_loss(targets, tf.transpose(logits, (1, 0, 2)), seq_len,
                                  time_major=False, ctc_merge_repeated=False,
                                  preprocess_collapse_repeated=False)
    grad = tf.gradients(tf.reduce_sum(loss), logits)[0]
    out['static'] = [str(logits.get_shape()), str(decoded[0].indices.get_shape()),
                     str(log_prob.get_shape()), str(beam_lp.get_shape())]
    feed = {inputs: train_inputs, targets: train_targets, seq_len: train_seq_len}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        costs, lers = [], []
        for _ in range(4):
            c, _ = sess.run([cost, train], feed)
            costs.append(c)
            lers.append(sess.run(ler, feed))
        out['costs'], out['lers'] = np.array(costs), np.array(lers)
        d, lp = sess.run([decoded[0], log_prob], feed)
        out['greedy'] = [d.indices, d.values, d.dense_shape, lp]
        bd, blp = sess.run([beam, beam_lp], feed)
        out['beam'] = [[sp.indices, sp.values, sp.dense_shape] for sp in bd] + [blp]
        out['loss'] = sess.run(loss, feed)
        out['loss_nomerge'] = sess.run(loss_nomerge, feed)
        out['grad_abs'] = sess.run(tf.reduce_sum(tf.abs(grad), [0, 2]), feed)
        hyp = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], ["a", "b", "c"], [2, 2])
        truth = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], ["a", "c", "d"], [2, 2])
        out['edit'] = sess.run([tf.edit_distance(hyp, truth, normalize=False),
                                tf.edit_distance(hyp, truth)])
    return out

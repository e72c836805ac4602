"""mozilla/DeepSpeech 0.x (2017-2018): clipped-ReLU dense layers, BiRNN
(bidirectional_dynamic_rnn), time-major logits, ctc_loss (SparseTensor labels), Adam, greedy +
beam decoders, edit distance (WER-like)."""
import numpy as np
TAGS = ['speech', 'rnn', 'sparse', 'train']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _sparse(seqs):
    idx = [(n, t) for n, s in enumerate(seqs) for t in range(len(s))]
    vals = [v for s in seqs for v in s]
    return (np.array(idx, np.int64), np.array(vals, np.int32),
            np.array([len(seqs), max(len(s) for s in seqs)], np.int64))


def main(tf):
    out = {}
    tf.set_random_seed(3)
    rng = np.random.RandomState(3)
    n_input, n_hidden, n_cell, n_classes = 5, 12, 8, 6
    feats = rng.randn(2, 10, n_input).astype(np.float32)
    lens = np.array([10, 8], np.int32)
    x = tf.placeholder(tf.float32, [None, None, n_input], name='input_node')
    seq_length = tf.placeholder(tf.int32, [None], name='input_lengths')
    y = tf.sparse_placeholder(tf.int32, name='labels')
    relu_clip = 20.0

    def variable_on_cpu(name, shape, initializer):
        with tf.device('/cpu:0'):
            return tf.get_variable(name=name, shape=shape, initializer=initializer)

    batch_x_shape = tf.shape(x)
    bx = tf.transpose(x, [1, 0, 2])  # time major
    bx = tf.reshape(bx, [-1, n_input])
    init = tf.random_normal_initializer(stddev=0.046875, seed=1)
    b1 = variable_on_cpu('b1', [n_hidden], tf.zeros_initializer())
    h1 = variable_on_cpu('h1', [n_input, n_hidden], init)
    layer_1 = tf.minimum(tf.nn.relu(tf.add(tf.matmul(bx, h1), b1)), relu_clip)
    layer_1 = tf.nn.dropout(layer_1, keep_prob=1.0)
    b2 = variable_on_cpu('b2', [n_hidden], tf.zeros_initializer())
    h2 = variable_on_cpu('h2', [n_hidden, n_hidden], init)
    layer_2 = tf.minimum(tf.nn.relu(tf.add(tf.matmul(layer_1, h2), b2)), relu_clip)
    layer_2 = tf.reshape(layer_2, [-1, batch_x_shape[0], n_hidden])
    fw = tf.nn.rnn_cell.BasicLSTMCell(n_cell, forget_bias=1.0, state_is_tuple=True)
    bw = tf.nn.rnn_cell.BasicLSTMCell(n_cell, forget_bias=1.0, state_is_tuple=True)
    # the LSTM kernels take their seeds from the graph seed (the dropout above draws one too)
    outputs, output_states = tf.nn.bidirectional_dynamic_rnn(
        cell_fw=fw, cell_bw=bw, inputs=layer_2, dtype=tf.float32, time_major=True,
        sequence_length=seq_length)
    outputs = tf.concat(outputs, 2)
    out['birnn_shape'] = str(outputs.get_shape())
    outputs = tf.reshape(outputs, [-1, 2 * n_cell])
    b5 = variable_on_cpu('b5', [n_classes], tf.zeros_initializer())
    h5 = variable_on_cpu('h5', [2 * n_cell, n_classes], init)
    logits = tf.add(tf.matmul(outputs, h5), b5)
    logits = tf.reshape(logits, [-1, batch_x_shape[0], n_classes], name='raw_logits')
    out['logits_shape'] = str(logits.get_shape())
    total_loss = tf.nn.ctc_loss(labels=y, inputs=logits, sequence_length=seq_length)
    avg_loss = tf.reduce_mean(total_loss)
    out['loss_name'] = total_loss.op.name
    optimizer = tf.train.AdamOptimizer(learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8)
    grads = optimizer.compute_gradients(avg_loss)
    grads = [(tf.clip_by_norm(g, 5.0), v) for g, v in grads if g is not None]
    train = optimizer.apply_gradients(grads)
    decoded, log_prob = tf.nn.ctc_greedy_decoder(logits, seq_length, merge_repeated=True)
    bdecoded, blog_prob = tf.nn.ctc_beam_search_decoder(logits, seq_length, beam_width=4,
                                                        top_paths=2)
    distance = tf.edit_distance(tf.cast(decoded[0], tf.int32), y)
    ler = tf.reduce_mean(distance, name='label_error_rate')
    labels = _sparse([[1, 2, 3, 3], [4, 5]])
    feed = {x: feats, seq_length: lens, y: labels}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = []
        for _ in range(5):
            l, _ = sess.run([avg_loss, train], feed)
            losses.append(l)
        out['losses'] = np.array(losses)
        out['per_example'] = sess.run(total_loss, feed)
        d, lp, e = sess.run([decoded[0], log_prob, ler], feed)
        out['greedy_idx'], out['greedy_vals'] = d.indices, d.values
        out['greedy_shape'] = d.dense_shape
        out['greedy_logprob'], out['ler'] = lp, e
        bd, blp = sess.run([bdecoded, blog_prob], feed)
        for i, t in enumerate(bd):
            out['beam%d_vals' % i] = t.values
            out['beam%d_shape' % i] = t.dense_shape
        out['beam_logprob'] = blp
        out['dense'] = sess.run(tf.sparse_tensor_to_dense(decoded[0], default_value=-1), feed)
    out['var_names'] = [v.name for v in tf.global_variables()]
    return out

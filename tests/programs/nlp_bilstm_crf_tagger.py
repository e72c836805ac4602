"""guillaumegenthial/sequence_tagging (2017): char embeddings through bidirectional_dynamic_rnn
over [batch*words, chars] with word lengths, word BiLSTM, projection, tf.contrib.crf
crf_log_likelihood / viterbi_decode (TF 1.15's code by hand where contrib is missing) plus a
sparse softmax loss under sequence_mask + boolean_mask, RMSProp with clip_by_global_norm."""
TAGS = ['nlp', 'contrib', 'rnn']
import numpy as np
TOLERANCE = {'*': (2e-4, 2e-5)}


def _crf_ll(tf, inputs, tags, lengths, trans):
    """tf.contrib.crf.crf_log_likelihood (TF 1.15) where contrib is missing."""
    if getattr(tf, 'contrib', None):
        return tf.contrib.crf.crf_log_likelihood(inputs, tags, lengths, trans)
    n = inputs.shape[2].value
    b, t = tf.shape(inputs)[0], tf.shape(inputs)[1]
    flat = tf.reshape(inputs, [-1])
    offs = tf.expand_dims(tf.range(b) * t * n, 1) + tf.expand_dims(tf.range(t) * n, 0)
    mask = tf.sequence_mask(lengths, t, dtype=tf.float32)
    unary = tf.reduce_sum(tf.gather(flat, offs + tags) * mask, 1)
    start, end = tf.slice(tags, [0, 0], [-1, t - 1]), tf.slice(tags, [0, 1], [-1, t - 1])
    bin_ = tf.gather(tf.reshape(trans, [-1]), start * n + end)
    binary = tf.reduce_sum(bin_ * tf.slice(mask, [0, 1], [-1, -1]), 1)
    first = tf.squeeze(tf.slice(inputs, [0, 0, 0], [-1, 1, -1]), [1])
    rest = tf.transpose(tf.slice(inputs, [0, 1, 0], [-1, -1, -1]), [1, 0, 2])
    steps = tf.range(1, t)

    def step(state, elems):
        x, i = elems
        new = x + tf.reduce_logsumexp(tf.expand_dims(state, 2) + tf.expand_dims(trans, 0), [1])
        keep = tf.expand_dims(i < lengths, 1)
        return tf.where(tf.tile(keep, [1, n]), new, state)
    alphas = tf.scan(step, (rest, steps), initializer=first)
    last = tf.cond(t > 1, lambda: alphas[-1], lambda: first)
    log_norm = tf.reduce_logsumexp(last, [1])
    return unary + binary - log_norm, trans


def _viterbi(tf, score, trans):
    if getattr(tf, 'contrib', None):
        return tf.contrib.crf.viterbi_decode(score, trans)
    trellis = np.zeros_like(score)
    backpointers = np.zeros_like(score, dtype=np.int32)
    trellis[0] = score[0]
    for t in range(1, score.shape[0]):
        v = np.expand_dims(trellis[t - 1], 1) + trans
        trellis[t] = score[t] + np.max(v, 0)
        backpointers[t] = np.argmax(v, 0)
    viterbi = [np.argmax(trellis[-1])]
    for bp in reversed(backpointers[1:]):
        viterbi.append(bp[viterbi[-1]])
    viterbi.reverse()
    return viterbi, np.max(trellis[-1])


def main(tf):
    tf.set_random_seed(3)
    rng = np.random.RandomState(1)
    out = {}
    nwords, nchars, ntags, dim_word, dim_char, hid_char, hid = 20, 12, 5, 6, 4, 3, 5
    word_ids = tf.placeholder(tf.int32, shape=[None, None], name="word_ids")
    sequence_lengths = tf.placeholder(tf.int32, shape=[None], name="sequence_lengths")
    char_ids = tf.placeholder(tf.int32, shape=[None, None, None], name="char_ids")
    word_lengths = tf.placeholder(tf.int32, shape=[None, None], name="word_lengths")
    labels = tf.placeholder(tf.int32, shape=[None, None], name="labels")
    dropout = tf.placeholder(dtype=tf.float32, shape=[], name="dropout")
    lr = tf.placeholder(dtype=tf.float32, shape=[], name="lr")
    init = tf.random_uniform_initializer(-0.5, 0.5, seed=5)
    with tf.variable_scope("words"):
        _word_embeddings = tf.Variable(rng.randn(nwords, dim_word).astype(np.float32),
                                       name="_word_embeddings", dtype=tf.float32, trainable=False)
        word_embeddings = tf.nn.embedding_lookup(_word_embeddings, word_ids, name="word_embeddings")
    with tf.variable_scope("chars"):
        _char_embeddings = tf.get_variable(name="_char_embeddings", dtype=tf.float32,
                                           shape=[nchars, dim_char], initializer=init)
        char_embeddings = tf.nn.embedding_lookup(_char_embeddings, char_ids, name="char_embeddings")
        s = tf.shape(char_embeddings)
        char_embeddings = tf.reshape(char_embeddings, shape=[s[0] * s[1], s[-2], dim_char])
        word_lengths_ = tf.reshape(word_lengths, shape=[s[0] * s[1]])
        cell_fw = tf.nn.rnn_cell.LSTMCell(hid_char, state_is_tuple=True, initializer=init)
        cell_bw = tf.nn.rnn_cell.LSTMCell(hid_char, state_is_tuple=True, initializer=init)
        _output = tf.nn.bidirectional_dynamic_rnn(cell_fw, cell_bw, char_embeddings,
                                                  sequence_length=word_lengths_, dtype=tf.float32)
        _, ((_, output_fw), (_, output_bw)) = _output
        output = tf.concat([output_fw, output_bw], axis=-1)
        output = tf.reshape(output, shape=[s[0], s[1], 2 * hid_char])
        word_embeddings = tf.concat([word_embeddings, output], axis=-1)
    word_embeddings = tf.nn.dropout(word_embeddings, dropout, seed=9)
    with tf.variable_scope("bi-lstm"):
        cell_fw = tf.nn.rnn_cell.LSTMCell(hid, initializer=init)
        cell_bw = tf.nn.rnn_cell.LSTMCell(hid, initializer=init)
        (output_fw, output_bw), _ = tf.nn.bidirectional_dynamic_rnn(
            cell_fw, cell_bw, word_embeddings, sequence_length=sequence_lengths, dtype=tf.float32)
        output = tf.concat([output_fw, output_bw], axis=-1)
        output = tf.nn.dropout(output, dropout, seed=10)
    with tf.variable_scope("proj"):
        W = tf.get_variable("W", dtype=tf.float32, shape=[2 * hid, ntags], initializer=init)
        b = tf.get_variable("b", shape=[ntags], dtype=tf.float32, initializer=tf.zeros_initializer())
        nsteps = tf.shape(output)[1]
        output = tf.reshape(output, [-1, 2 * hid])
        pred = tf.matmul(output, W) + b
        logits = tf.reshape(pred, [-1, nsteps, ntags])
    labels_pred = tf.cast(tf.argmax(logits, axis=-1), tf.int32)
    trans = tf.get_variable("transitions", [ntags, ntags], initializer=init)
    mask = tf.sequence_mask(sequence_lengths)
    log_likelihood, trans_params = _crf_ll(tf, logits, labels, sequence_lengths, trans)
    crf_loss = tf.reduce_mean(-log_likelihood)
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits, labels=labels)
    sm_loss = tf.reduce_mean(tf.boolean_mask(losses, mask))
    loss = crf_loss + 0.5 * sm_loss
    tf.summary.scalar("loss", loss)
    with tf.variable_scope("train_step"):
        optimizer = tf.train.RMSPropOptimizer(lr)
        grads, vs = zip(*optimizer.compute_gradients(loss))
        grads, gnorm = tf.clip_by_global_norm(grads, 1.0)
        train_op = optimizer.apply_gradients(zip(grads, vs))
    out['vars'] = [v.name for v in tf.global_variables()]
    out['shapes'] = [str(t.shape) for t in (char_embeddings, output, logits, losses)]
    out['mask'] = [mask.name, str(mask.dtype), str(mask.shape)]
    B, T, C = 3, 5, 4
    lens = np.array([5, 3, 1], np.int32)
    fd = {word_ids: rng.randint(0, nwords, (B, T)), sequence_lengths: lens,
          char_ids: rng.randint(0, nchars, (B, T, C)),
          word_lengths: rng.randint(1, C + 1, (B, T)), labels: rng.randint(0, ntags, (B, T)),
          lr: 0.01, dropout: 1.0}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        hist = []
        for _ in range(4):
            _, l, g = sess.run([train_op, loss, gnorm], fd)
            hist.append([l, g])
        out['hist'] = np.array(hist)
        lg, tp, lp, ll = sess.run([logits, trans_params, labels_pred, log_likelihood], fd)
        out['ll'] = ll
        out['labels_pred'] = lp
        seqs = []
        for logit, n in zip(lg, lens):
            seq, score = _viterbi(tf, logit[:n], tp)
            seqs.append(seq)
            out['score_%d' % n] = score
        out['viterbi'] = [int(v) for v in sum(seqs, [])]
    return out

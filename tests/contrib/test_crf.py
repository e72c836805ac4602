"""tf.contrib.crf (TF 1.15's linear-chain CRF): values against a brute-force numpy enumeration of
every tag path, and gradients recorded from TF 2.21 compat.v1 running TF 1.15's crf.py math
(unary/binary gather, scan forward algorithm) with core ops (TF 2.x has no tf.contrib)."""
import itertools

import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

B, T, O = 3, 4, 3
RNG = np.random.RandomState(0)
X = RNG.randn(B, T, O).astype(np.float32)
TAGS = RNG.randint(0, O, (B, T)).astype(np.int32)
TRANS = RNG.randn(O, O).astype(np.float32)
LENS = np.array([4, 2, 3], np.int32)

# TF 2.21 compat.v1 (TF 1.15 crf math in core ops): d mean(-log_likelihood) / d inputs, transitions
DX = np.array([
    [[0.23409517, 0.03063719, -0.26473242], [0.25281832, 0.06737594, -0.32019427],
     [0.216193, 0.02281371, -0.23900676], [-0.28598547, 0.04131482, 0.24467063]],
    [[0.1749832, 0.06323881, -0.23822203], [0.05737224, -0.11882828, 0.06145603],
     [0, 0, 0], [0, 0, 0]],
    [[0.3037745, 0.00284905, -0.30662355], [-0.30349946, 0.09499487, 0.2085046],
     [-0.23654045, 0.16908386, 0.06745661], [0, 0, 0]]], np.float32)
DTRANS = np.array([[0.11190456, 0.28119883, 0.48526135],
                   [0.10861558, 0.15006785, 0.02322615],
                   [-0.520162, -0.15451178, -0.48560065]], np.float32)
LL_TF = np.array([-7.648158, -1.7669747, -6.2484717], np.float32)


def _score(x, tags, length, trans):
    return (sum(x[t, tags[t]] for t in range(length))
            + sum(trans[tags[t], tags[t + 1]] for t in range(length - 1)))


def _brute_force(x, length, trans):
    """(log partition function, best path, best score) over all O**length tag paths."""
    paths = list(itertools.product(range(O), repeat=length))
    scores = np.array([_score(x, p, length, trans) for p in paths], np.float64)
    best = int(np.argmax(scores))
    return np.log(np.sum(np.exp(scores))), list(paths[best]), scores[best]


def _graph(tf, lens_values=LENS):
    x = tf.placeholder(tf.float32, [None, None, O])
    tags = tf.placeholder(tf.int32, [None, None])
    lens = tf.placeholder(tf.int32, [None])
    feed = {x: X, tags: TAGS, lens: lens_values}
    return x, tags, lens, feed


def test_log_likelihood_matches_enumeration_and_makes_transitions(tf):
    x, tags, lens, feed = _graph(tf)
    ll, trans = tf.contrib.crf.crf_log_likelihood(x, tags, lens)
    assert trans.name == "transitions:0" and trans.get_shape().as_list() == [O, O]
    assert tf.trainable_variables() == [trans]
    norm = tf.contrib.crf.crf_log_norm(x, lens, trans)
    score = tf.contrib.crf.crf_sequence_score(x, tags, lens, trans)
    with tf.Session() as sess:
        sess.run(trans.assign(TRANS))
        got_ll, got_norm, got_score = sess.run([ll, norm, score], feed)
    for b in range(B):
        want_norm = _brute_force(X[b], LENS[b], TRANS)[0]
        want_score = _score(X[b], TAGS[b], LENS[b], TRANS)
        np.testing.assert_allclose(got_norm[b], want_norm, rtol=1e-5)
        np.testing.assert_allclose(got_score[b], want_score, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_ll, LL_TF, rtol=1e-5)


def test_gradients_match_tf(tf):
    x, tags, lens, feed = _graph(tf)
    trans = tf.constant(TRANS)
    ll, _ = tf.contrib.crf.crf_log_likelihood(x, tags, lens, trans)
    dx, dtrans = tf.gradients(tf.reduce_mean(-ll), [x, trans])
    with tf.Session() as sess:
        got_dx, got_dtrans = sess.run([dx, dtrans], feed)
    np.testing.assert_allclose(got_dx, DX, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(got_dtrans, DTRANS, rtol=1e-4, atol=1e-6)


def test_length_one_and_zero_sequences(tf):
    """A length-1 sequence in a longer batch: logsumexp of its first scores (TF 1.15 gave the
    length-2 normaliser: known_differences.txt); a length-0 sequence: log-likelihood 0."""
    lens_values = np.array([4, 1, 0], np.int32)
    x, tags, lens, feed = _graph(tf, lens_values)
    ll, _ = tf.contrib.crf.crf_log_likelihood(x, tags, lens, tf.constant(TRANS))
    with tf.Session() as sess:
        got = sess.run(ll, feed)
    norm1 = np.log(np.sum(np.exp(X[1, 0].astype(np.float64))))
    np.testing.assert_allclose(got[1], X[1, 0, TAGS[1, 0]] - norm1, rtol=1e-5)
    assert got[2] == 0.0


def test_single_step_inputs(tf):
    x = tf.constant(X[:, :1])
    tags = tf.constant(TAGS[:, :1])
    ll, _ = tf.contrib.crf.crf_log_likelihood(x, tags, tf.constant([1, 1, 1]),
                                              tf.constant(TRANS))
    decoded, best = tf.contrib.crf.crf_decode(x, tf.constant(TRANS), tf.constant([1, 1, 1]))
    with tf.Session() as sess:
        got_ll, got_dec, got_best = sess.run([ll, decoded, best])
    first = X[:, 0].astype(np.float64)
    want = first[np.arange(B), TAGS[:, 0]] - np.log(np.exp(first).sum(1))
    np.testing.assert_allclose(got_ll, want, rtol=1e-5)
    assert got_dec.dtype == np.int32 and got_dec.tolist() == [[int(i)] for i in first.argmax(1)]
    np.testing.assert_allclose(got_best, first.max(1), rtol=1e-6)


def test_crf_decode_matches_enumeration_and_viterbi_decode(tf):
    x, tags, lens, feed = _graph(tf)
    decoded, best = tf.contrib.crf.crf_decode(x, tf.constant(TRANS), lens)
    assert decoded.dtype == tf.int32
    with tf.Session() as sess:
        got_dec, got_best = sess.run([decoded, best], feed)
    for b in range(B):
        _, path, score = _brute_force(X[b], LENS[b], TRANS)
        assert got_dec[b].tolist() == path + [0] * (T - LENS[b])   # 0 past the length
        np.testing.assert_allclose(got_best[b], score, rtol=1e-5)
        np_path, np_score = tf.contrib.crf.viterbi_decode(X[b, :LENS[b]], TRANS)
        assert [int(i) for i in np_path] == path
        np.testing.assert_allclose(np_score, score, rtol=1e-5)


def test_cells_and_forward(tf):
    trans = tf.constant(TRANS)
    cell = tf.contrib.crf.CrfForwardRnnCell(trans)
    assert cell.state_size == O and cell.output_size == O
    state = tf.constant(X[:, 0])
    alphas, new_state = cell(tf.constant(X[:, 1]), state)
    fwd = tf.contrib.crf.crf_forward(tf.constant(X[:, 1:]), state, trans, tf.constant(LENS))
    dec_cell = tf.contrib.crf.CrfDecodeForwardRnnCell(trans)
    backpointers, scores = dec_cell(tf.constant(X[:, 1]), state)
    back_cell = tf.contrib.crf.CrfDecodeBackwardRnnCell(O)
    assert back_cell.state_size == 1 and back_cell.output_size == 1
    prev, _ = back_cell(backpointers, tf.constant([[0], [1], [2]]))
    with tf.Session() as sess:
        got_alphas, got_fwd, got_bp, got_scores, got_prev = sess.run(
            [alphas, fwd, backpointers, scores, prev])
    step = X[:, 0, :, None].astype(np.float64) + TRANS[None]          # [B, from, to]
    np.testing.assert_allclose(got_alphas, X[:, 1] + np.log(np.exp(step).sum(1)), rtol=1e-5)
    np.testing.assert_allclose(got_scores, X[:, 1] + step.max(1), rtol=1e-5)
    assert got_bp.dtype == np.int32 and (got_bp == step.argmax(1)).all()
    assert got_prev[:, 0].tolist() == [got_bp[b, b] for b in range(B)]
    for b in range(B):     # alphas at each sequence's last step
        alpha = X[b, 0].astype(np.float64)
        for t in range(1, LENS[b]):
            alpha = X[b, t] + np.log(np.exp(alpha[:, None] + TRANS).sum(0))
        np.testing.assert_allclose(got_fwd[b], alpha, rtol=1e-5)


def test_bilstm_crf_trains(tf):
    """A BiLSTM-CRF tagger: the loss falls and the decoded tags learn a copy task."""
    tf.set_random_seed(1)
    words = tf.placeholder(tf.int32, [None, None])
    labels = tf.placeholder(tf.int32, [None, None])
    lens = tf.placeholder(tf.int32, [None])
    emb = tf.get_variable("emb", [5, 8])
    inputs = tf.nn.embedding_lookup(emb, words)
    (fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.LSTMCell(8), tf.nn.rnn_cell.LSTMCell(8), inputs, sequence_length=lens,
        dtype=tf.float32)
    logits = tf.layers.dense(tf.concat([fw, bw], -1), 3)
    ll, trans = tf.contrib.crf.crf_log_likelihood(logits, labels, lens)
    loss = tf.reduce_mean(-ll)
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    decoded, _ = tf.contrib.crf.crf_decode(logits, trans, lens)
    w = np.array([[1, 2, 3, 4], [2, 2, 1, 0], [4, 3, 0, 0]], np.int32)
    feed = {words: w, labels: w % 3, lens: [4, 3, 2]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, feed)
        for _ in range(60):
            sess.run(train, feed)
        last, got = sess.run([loss, decoded], feed)
    assert last < first * 0.2
    mask = np.arange(4)[None] < np.array([4, 3, 2])[:, None]
    assert (got[mask] == (w % 3)[mask]).all()

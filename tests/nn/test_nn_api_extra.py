"""Tricky semantics of the tf.nn / top-level names added for issue 12 (api_nn): fake
quantization's nudged rounding, CTC's skipped entries, accidental hits, the quantized kernels'
arithmetic, greedy CTC decoding and morphology. Expected values were recorded from TF 2.21
compat.v1 (TF_ENABLE_ONEDNN_OPTS=0, TF's own Eigen kernels)."""
import numpy as np
import pytest


def _run(tf, fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def test_fake_quant_args_rounds_from_the_nudged_zero(tf):
    # 0.5 is level 10.5 of [-1, 1] in 4 narrow bits: TF rounds it up (scale from the range,
    # not 1 / scale)
    y = tf.fake_quant_with_min_max_args(tf.constant([-1.0, -0.9, 0.5, 0.7857143, 0.1]),
                                        -1.0, 1.0, 4, True)
    np.testing.assert_allclose(_run(tf, y), [-1.0, -0.8571429, 0.5714286, 0.8571429,
                                             0.14285715], rtol=1e-6)


def test_aliases_are_one_object(tf):
    assert tf.nn.approx_max_k is tf.math.approx_max_k
    assert tf.random.fixed_unigram_candidate_sampler is tf.nn.fixed_unigram_candidate_sampler
    assert tf.nn.depthwise_conv2d_backprop_input is tf.nn.depthwise_conv2d_native_backprop_input
    assert tf.nn.conv3d_backprop_filter is tf.nn.conv3d_backprop_filter_v2


def test_ctc_loss_skips_labels_longer_than_input(tf):
    # batch 0 has 3 labels and 2 frames: ignored (loss 0, gradient 0); batch 1 is computed
    logits = tf.constant(np.linspace(-1, 1, 24, dtype=np.float32).reshape(3, 2, 4))
    labels = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]], [1, 1, 2, 0, 0], [2, 3])
    loss = tf.nn.ctc_loss(labels, logits, [2, 3], ignore_longer_outputs_than_inputs=True)
    grad = tf.gradients(loss, logits)[0]
    loss_v, grad_v = _run(tf, [loss, grad])
    np.testing.assert_allclose(loss_v, [0.0, 4.3034806], rtol=1e-5)
    np.testing.assert_array_equal(grad_v[:, 0], np.zeros((3, 4)))
    np.testing.assert_allclose(grad_v[:, 1], [[-0.781605, 0.23823601, 0.25987956, 0.28348944],
                                              [0.21839498, 0.23823601, 0.25987956, -0.71651053],
                                              [-0.781605, 0.238236, 0.25987956, 0.28348944]],
                               atol=1e-6)


def test_ctc_loss_too_long_without_ignore_is_an_error(tf):
    logits = tf.zeros([2, 1, 4])
    labels = tf.SparseTensor([[0, 0], [0, 1], [0, 2]], [1, 2, 0], [1, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Not enough time for target"):
        _run(tf, tf.nn.ctc_loss(labels, logits, [2]))


def test_ctc_loss_real_label_after_a_blank_names_all_labels(tf):
    # TF 2.21 compat.v1 (and TF 1.15's PopulateLPrimes): the whole label row, then those seen
    logits = tf.zeros([6, 1, 6])
    labels = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [0, 3]], [4, 1, 5, 2], [1, 4])
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        _run(tf, tf.nn.ctc_loss(labels, logits, [6]))
    assert ("Saw a non-null label (index >= num_classes - 1) following a null label, batch: 0 "
            "num_classes: 6 labels: 4,1,5,2 labels seen so far: 4,1") in str(info.value)


def test_nce_loss_with_rank_1_labels_fails_in_the_sampler(tf):
    # TF 2.21 compat.v1: the candidate sampler's shape function wants [batch, num_true]
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1") as info:
        tf.nn.nce_loss(tf.zeros([30, 4]), tf.zeros([30]), tf.zeros([2], tf.int64),
                       tf.zeros([2, 4]), 3, 30)
    assert "nce_loss/LogUniformCandidateSampler" in str(info.value)
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        tf.nn.fixed_unigram_candidate_sampler([1, 2], 1, 2, True, 5, unigrams=[1] * 5)


def _beam_inputs():
    # the inputs of trials 2, 5, 12 and 14 of a 30-trial sweep (T frames, C classes, batch 1)
    rng, trials = np.random.RandomState(0), []
    for _ in range(15):
        t, c = rng.randint(2, 8), rng.randint(2, 6)
        trials.append(rng.randn(t, 1, c).astype(np.float32) * 2)
    return {i: trials[i] for i in (2, 5, 12, 14)}


def test_ctc_beam_search_keeps_tfs_beams(tf):
    # TF 2.21 compat.v1: TF's beam tree prunes differently from a textbook prefix beam search,
    # so the lower beams (and which prefix a merged path came from) are TF's own
    inputs = _beam_inputs()
    x = tf.placeholder(tf.float32, [None, 1, None])
    length = tf.placeholder(tf.int32, [1])
    expected = {
        (2, 2, 2): ([[2, 0], [2, 0, 1]], [-1.7102, -2.7757]),
        (5, 5, 3): ([[3, 1, 2, 1], [3, 1], [3, 1, 3, 1]], [-1.4012, -1.9410, -2.4414]),
        (12, 2, 2): ([[0, 2, 1], [0, 2]], [-0.8927, -3.1236]),
        (12, 5, 3): ([[0, 2, 1], [0, 2, 0, 2, 1], [0, 2, 1]], [-0.8890, -1.3943, -2.0577]),
    }
    with tf.Session() as sess:
        for (trial, width, top), (paths, log_probs) in expected.items():
            decoded, probs = tf.nn.ctc_beam_search_decoder(x, length, beam_width=width,
                                                           top_paths=top)
            got = sess.run([decoded, probs], {x: inputs[trial], length: [len(inputs[trial])]})
            assert [p.values.tolist() for p in got[0]] == paths, (trial, width)
            np.testing.assert_allclose(got[1][0], log_probs, atol=2e-4)
        decoded, _ = tf.nn.ctc_beam_search_decoder(x, length, beam_width=8, top_paths=4)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Less leaves in the beam search than requested"):
            sess.run(decoded, {x: inputs[14], length: [len(inputs[14])]})


def test_ctc_greedy_decoder_merges_runs_not_blank_separated_labels(tf):
    one_hot = np.eye(4, dtype=np.float32)[[0, 0, 3, 0, 1, 1]].reshape(6, 1, 4)
    (decoded,), neg_sum = tf.nn.ctc_greedy_decoder(tf.constant(one_hot), [6])
    values, shape, p = _run(tf, [decoded.values, decoded.dense_shape, neg_sum])
    np.testing.assert_array_equal(values, [0, 0, 1])
    np.testing.assert_array_equal(shape, [1, 3])
    np.testing.assert_array_equal(p, [[-6.0]])


def test_compute_accidental_hits_uses_last_sampled_position(tf):
    hits = tf.nn.compute_accidental_hits(tf.constant([[1, 3], [2, 0]], tf.int64),
                                         tf.constant([3, 0, 5, 1, 3], tf.int64), 2)
    rows, ids, weights = _run(tf, list(hits))
    np.testing.assert_array_equal(rows, [0, 0, 1])
    np.testing.assert_array_equal(ids, [3, 4, 1])
    np.testing.assert_array_equal(weights, np.full(3, -3.4028235e38, np.float32))


def test_fixed_unigram_expected_counts_without_unique(tf):
    s = tf.nn.fixed_unigram_candidate_sampler(tf.constant([[0], [3]], tf.int64), 1, 4, False,
                                              4, unigrams=[1.0, 1.0, 2.0, 4.0])
    np.testing.assert_allclose(_run(tf, s.true_expected_count), [[0.5], [2.0]])


def test_quantize_dequantize_min_combined(tf):
    q = tf.quantize(tf.constant([-1.0, 0.0, 0.5, 2.0]), -1.0, 2.0, tf.quint8)
    values, deq = _run(tf, [q.output, tf.dequantize(q.output, q.output_min, q.output_max)])
    np.testing.assert_array_equal(values, [0, 85, 128, 255])
    np.testing.assert_allclose(deq, [-1.0, 0.0, 0.5058824, 2.0], rtol=1e-6)


def test_quantize_scaled_widens_the_max_side(tf):
    # -128 / -10 = 12.8 < 127 / 9: max_range becomes 127 / 12.8
    q = tf.quantize(tf.constant([-10.0, -1.0, 3.3, 9.0]), -10.0, 9.0, tf.qint8, mode="SCALED")
    values, lo, hi = _run(tf, list(q))
    np.testing.assert_array_equal(values, [-128, -13, 42, 115])
    assert (lo, hi) == (np.float32(-10.0), np.float32(9.921875))


def test_quantized_concat_requantizes_to_the_widest_range(tf):
    a = tf.quantize(tf.constant([-1.0, 0.0, 0.5, 2.0]), -1.0, 2.0, tf.quint8)
    b = tf.quantize(tf.constant([0.25, 1.0]), 0.0, 1.0, tf.quint8)
    out, lo, hi = _run(tf, list(tf.quantized_concat(0, [a.output, b.output],
                                                    [a.output_min, b.output_min],
                                                    [a.output_max, b.output_max])))
    np.testing.assert_array_equal(out, [0, 85, 128, 255, 106, 170])
    assert (lo, hi) == (-1.0, 2.0)


@pytest.mark.tfcompat_only   # TF's default oneDNN kernel rounds half to even instead
def test_quantized_avg_pool_truncates_the_mean(tf):
    z = tf.quantize(tf.constant([1.0, 2.0, 4.0, 5.0]), 0.0, 255.0, tf.quint8)
    y = tf.nn.quantized_avg_pool(tf.reshape(z.output, [1, 1, 4, 1]), z.output_min,
                                 z.output_max, [1, 1, 2, 1], [1, 1, 1, 1], "VALID")[0]
    np.testing.assert_array_equal(_run(tf, y).ravel(), [1, 3, 4])


def test_dilation2d_same_padding_skips_outside_positions(tf):
    x = tf.constant(np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1))
    k = tf.constant([[[0.0], [-1.0]], [[-2.0], [0.5]]])
    y = _run(tf, tf.nn.dilation2d(x, k, [1, 1, 1, 1], [1, 1, 1, 1], "SAME"))
    np.testing.assert_array_equal(y[0, :, :, 0], [[5.5, 6.5, 7.5, 5.0], [9.5, 10.5, 11.5, 9.0],
                                                 [13.5, 14.5, 15.5, 13.0],
                                                 [12.0, 13.0, 14.0, 15.0]])


def test_fractional_max_pool_integral_ratio_has_fixed_windows(tf):
    x = tf.constant(np.arange(36, dtype=np.float32).reshape(1, 6, 6, 1))
    y, rows, cols = tf.nn.fractional_max_pool(x, [1.0, 2.0, 3.0, 1.0])
    y_v, rows_v, cols_v = _run(tf, [y, rows, cols])
    np.testing.assert_array_equal(rows_v, [0, 2, 4, 6])
    np.testing.assert_array_equal(cols_v, [0, 3, 6])
    np.testing.assert_array_equal(y_v[0, :, :, 0], [[8.0, 11.0], [20.0, 23.0], [32.0, 35.0]])

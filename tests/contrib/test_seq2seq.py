"""tf.contrib.seq2seq.sequence_loss and tile_batch. Expected values recorded from TF 2.21
compat.v1 running TF 1.15's contrib/seq2seq loss.py math with core ops (TF 2.x has no
tf.contrib); the unreduced losses are also checked against numpy."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

LOGITS = np.random.RandomState(1).randn(2, 3, 4).astype(np.float32)
TARGETS = np.array([[1, 2, 0], [3, 0, 1]], np.int32)
W = np.array([[1., 0.5, 0.], [2., 0., 0.]], np.float32)

# (average_across_timesteps, average_across_batch, sum_over_timesteps, sum_over_batch) -> TF
CASES = [
    ((True, True, False, False), 2.3012836),
    ((True, False, False, False), [1.7990052, 2.6779923]),
    ((False, True, False, False), [2.615693, 0.41482693, 0.]),
    ((False, False, False, False), [[2.4910944, 0.20741346, 0.], [5.3559847, 0., 0.]]),
    ((False, False, True, True), 2.684831),
    ((False, False, True, False), [1.3492539, 5.3559847]),
    ((False, False, False, True), [3.9235396, 0.20741346, 0.]),
]
# d loss / d logits of the default (scalar) loss, TF 2.21
DLOGITS = np.array([
    [[0.2214064, -0.26205164, 0.0257255, 0.01491975],
     [0.03915837, 0.00164982, -0.04850649, 0.0076983], [0, 0, 0, 0]],
    [[0.08542351, 0.08031724, 0.36643016, -0.5321709], [0, 0, 0, 0], [0, 0, 0, 0]]], np.float32)


@pytest.mark.parametrize("flags, want", CASES)
def test_sequence_loss_reductions(tf, flags, want):
    aat, aab, sot, sob = flags
    loss = tf.contrib.seq2seq.sequence_loss(
        tf.constant(LOGITS), tf.constant(TARGETS), tf.constant(W),
        average_across_timesteps=aat, average_across_batch=aab, sum_over_timesteps=sot,
        sum_over_batch=sob)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(loss), want, rtol=1e-5, atol=1e-7)


def test_sequence_loss_matches_numpy_and_gradient(tf):
    logits = tf.constant(LOGITS)
    loss = tf.contrib.seq2seq.sequence_loss(logits, tf.constant(TARGETS), tf.constant(W))
    assert loss.op.name.startswith("sequence_loss/") and loss.get_shape().as_list() == []
    grad = tf.gradients(loss, logits)[0]
    with tf.Session() as sess:
        got, got_grad = sess.run([loss, grad])
    z = LOGITS.astype(np.float64)
    logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
    xent = -np.take_along_axis(logp, TARGETS[..., None], -1)[..., 0]
    np.testing.assert_allclose(got, (xent * W).sum() / W.sum(), rtol=1e-5)
    np.testing.assert_allclose(got_grad, DLOGITS, rtol=1e-4, atol=1e-7)


def test_sequence_loss_custom_loss_function_and_errors(tf):
    seen = {}

    def loss_fn(labels, logits):
        seen["shapes"] = (labels.get_shape().as_list(), logits.get_shape().as_list())
        return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits) * 2

    loss = tf.contrib.seq2seq.sequence_loss(tf.constant(LOGITS), tf.constant(TARGETS),
                                            tf.constant(W), softmax_loss_function=loss_fn)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(loss), 2 * 2.3012836, rtol=1e-5)
    assert seen["shapes"] == ([6], [6, 4])
    with pytest.raises(ValueError, match="Logits must be a"):
        tf.contrib.seq2seq.sequence_loss(tf.constant(LOGITS[0]), TARGETS, W)
    with pytest.raises(ValueError, match="average_across_timesteps and sum_over_timesteps"):
        tf.contrib.seq2seq.sequence_loss(tf.constant(LOGITS), tf.constant(TARGETS),
                                         tf.constant(W), sum_over_timesteps=True)


def test_tile_batch(tf):
    x = tf.placeholder(tf.float32, [None, 2])
    tiled = tf.contrib.seq2seq.tile_batch({"a": x, "b": tf.constant([[1], [2]])}, 3)
    assert tiled["a"].get_shape().as_list() == [None, 2]
    assert tiled["b"].get_shape().as_list() == [6, 1]
    with tf.Session() as sess:
        got = sess.run(tiled, {x: [[1, 2], [3, 4]]})
    assert got["a"].tolist() == [[1, 2]] * 3 + [[3, 4]] * 3
    assert got["b"][:, 0].tolist() == [1, 1, 1, 2, 2, 2]


def test_public_names_and_unprovided_ones(tf):
    """TF 1.15's public tf.contrib.seq2seq names are all there; the `*V2` classes of its
    sources were never public (remove_undocumented) and fail with the unsupported error."""
    for name in ("Decoder", "dynamic_decode", "BasicDecoder", "BeamSearchDecoder",
                 "AttentionWrapper", "BahdanauAttention", "LuongAttention", "gather_tree",
                 "TrainingHelper", "GreedyEmbeddingHelper", "SampleEmbeddingHelper",
                 "FinalBeamSearchDecoderOutput", "hardmax", "safe_cumprod"):
        assert name in tf.contrib.seq2seq.__all__ and getattr(tf.contrib.seq2seq, name)
    with pytest.raises(AttributeError, match="tf.contrib.seq2seq.BasicDecoderV2"):
        tf.contrib.seq2seq.BasicDecoderV2


def test_tf115_module_layout(tf):
    """Code importing from TF 1.15's source modules (`tensorflow.contrib.seq2seq.python.ops`)
    finds the same classes, and the private helpers it subclasses or calls."""
    ops = tf.contrib.seq2seq.python.ops
    assert ops.attention_wrapper.BahdanauAttention is tf.contrib.seq2seq.BahdanauAttention
    assert ops.attention_wrapper.AttentionWrapper is tf.contrib.seq2seq.AttentionWrapper
    assert issubclass(ops.attention_wrapper.LuongAttention,
                      ops.attention_wrapper._BaseAttentionMechanism)
    assert callable(ops.attention_wrapper._compute_attention)
    assert ops.helper.Helper is tf.contrib.seq2seq.Helper
    assert ops.decoder.dynamic_decode is tf.contrib.seq2seq.dynamic_decode
    assert ops.basic_decoder.BasicDecoderOutput is tf.contrib.seq2seq.BasicDecoderOutput
    assert ops.beam_search_decoder.tile_batch is tf.contrib.seq2seq.tile_batch
    assert callable(ops.beam_search_decoder._beam_search_step)
    assert ops.beam_search_ops.gather_tree is tf.contrib.seq2seq.gather_tree
    assert ops.loss.sequence_loss is tf.contrib.seq2seq.sequence_loss

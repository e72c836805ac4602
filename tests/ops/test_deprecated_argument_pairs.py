"""Renamed arguments given twice (TF's deprecation.deprecated_argument_lookup): TF raises
"Cannot specify both '<old>' and '<new>'." even when both values agree, and tf.nn.dropout turns
keep_prob into rate = 1 - keep_prob before checking it. Messages recorded from TF 2.21 compat.v1
(MC-dropout code passes keep_prob and rate; old code keep_dims next to keepdims)."""
import pytest


@pytest.mark.parametrize("call, old, new", [
    (lambda tf, x: tf.reduce_sum(x, keepdims=True, keep_dims=True), "keep_dims", "keepdims"),
    (lambda tf, x: tf.reduce_mean(x, axis=0, reduction_indices=0), "reduction_indices", "axis"),
    (lambda tf, x: tf.count_nonzero(x, axis=0, reduction_indices=0), "reduction_indices", "axis"),
    (lambda tf, x: tf.reduce_logsumexp(x, keepdims=True, keep_dims=True), "keep_dims",
     "keepdims"),
    (lambda tf, x: tf.norm(x, keepdims=True, keep_dims=True), "keep_dims", "keepdims"),
    (lambda tf, x: tf.nn.dropout(x, keep_prob=0.5, rate=0.5), "keep_prob", "rate"),
    (lambda tf, x: tf.nn.softmax(x, axis=0, dim=0), "dim", "axis"),
    (lambda tf, x: tf.nn.log_softmax(x, axis=0, dim=0), "dim", "axis"),
    (lambda tf, x: tf.argmax(x, axis=0, dimension=0), "dimension", "axis"),
    (lambda tf, x: tf.nn.l2_normalize(x, axis=0, dim=0), "dim", "axis"),
    (lambda tf, x: tf.expand_dims(x, axis=0, dim=0), "dim", "axis"),
    (lambda tf, x: tf.nn.moments(x, [0], keep_dims=True, keepdims=True), "keep_dims",
     "keepdims"),
    (lambda tf, x: tf.squeeze(x, axis=[0], squeeze_dims=[0]), "squeeze_dims", "axis"),
    (lambda tf, x: tf.nn.softmax_cross_entropy_with_logits_v2(labels=x, logits=x, axis=0,
                                                              dim=0), "dim", "axis"),
    (lambda tf, x: tf.nn.softmax_cross_entropy_with_logits(labels=x, logits=x, axis=1,
                                                           dim=1), "dim", "axis"),
])
def test_both_names_given(tf, call, old, new):
    x = tf.ones([2, 3])
    with pytest.raises(ValueError) as e:
        call(tf, x)
    assert str(e.value) == "Cannot specify both '%s' and '%s'." % (old, new)


def test_dropout_checks_keep_prob_as_a_rate(tf):
    x = tf.ones([2, 3])
    for keep, rate in [(0., "1.0"), (1.5, "-0.5")]:
        with pytest.raises(ValueError) as e:
            tf.nn.dropout(x, keep_prob=keep)
        assert str(e.value) == ("`rate` must be a scalar tensor or a float in the range [0, 1). "
                                "Received: rate=%s" % rate)
    with tf.Session() as sess:
        assert (sess.run(tf.nn.dropout(x, keep_prob=1.0)) == 1.0).all()
        assert sess.run(tf.reduce_sum(x, keep_dims=True)).shape == (1, 1)


@pytest.mark.tfcompat_only   # TF raises here: its `dim` defaults to -1 (known_differences.txt)
def test_v1_softmax_xent_takes_axis_alone(tf):
    x = tf.constant([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
    by_axis = tf.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax(x), logits=x, axis=0)
    by_dim = tf.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax(x), logits=x, dim=0)
    with tf.Session() as sess:
        got_axis, got_dim = sess.run([by_axis, by_dim])
    assert got_axis.shape == (3,) and got_axis.tolist() == got_dim.tolist()

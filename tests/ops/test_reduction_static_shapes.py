"""Reductions over every axis (axis=None, no keepdims) have a scalar static shape even of an
input of unknown rank: TF's Python wrappers (_may_reduce_to_scalar) set it, not the ops' shape
functions. Expected shapes recorded from TF 2.21 compat.v1."""


def _shape(t):
    return t.shape.as_list() if t.shape.ndims is not None else None


def test_full_reductions_of_unknown_rank_are_scalars(tf):
    a = tf.placeholder(tf.float32)
    b = tf.cast(a, tf.bool)
    full = [tf.reduce_mean(a), tf.reduce_sum(a), tf.reduce_max(a), tf.reduce_min(a),
            tf.reduce_prod(a), tf.reduce_any(b), tf.reduce_all(b), tf.reduce_logsumexp(a),
            tf.math.reduce_euclidean_norm(a), tf.math.reduce_std(a), tf.count_nonzero(a),
            tf.reduce_mean(a, keep_dims=False)]
    assert [_shape(t) for t in full] == [[]] * len(full)
    # an axis or keepdims leaves the rank unknown, as does tf.norm (a Squeeze) and argmax
    partial = [tf.reduce_mean(a, axis=0), tf.reduce_sum(a, keepdims=True),
               tf.reduce_max(a, reduction_indices=[0, 1]), tf.norm(a), tf.argmax(a)]
    assert [_shape(t) for t in partial] == [None] * len(partial)


def test_policy_gradient_loss_of_an_unshaped_feed_is_a_scalar(tf):
    # REINFORCE programs feed actions/targets through shapeless placeholders
    logp = tf.placeholder(tf.float32, name="logp")
    target = tf.placeholder(tf.float32, name="target")
    entropy = tf.placeholder(tf.float32, [None])
    loss = tf.reduce_mean(-logp * target) - 0.01 * tf.reduce_mean(entropy)
    assert _shape(loss) == []
    with tf.Session() as sess:
        got = sess.run(loss, {logp: [-1.0, -2.0], target: [1.0, 0.5], entropy: [1.0, 3.0]})
    assert abs(got - 0.98) < 1e-6


def test_full_reduction_of_a_list_of_unshaped_tensors_is_a_scalar(tf):
    # contrib KMeans returns its scores as a tuple; the kmeans examples reduce_mean it directly
    a = tf.placeholder(tf.float32)
    b = tf.placeholder(tf.bool)
    full = [tf.reduce_mean([a]), tf.reduce_sum((a, a)), tf.reduce_max([a]), tf.reduce_all([b])]
    assert [_shape(t) for t in full] == [[]] * len(full)
    assert _shape(tf.reduce_sum([a], keepdims=True)) is None
    assert _shape(tf.reduce_sum([a], axis=0)) is None
    with tf.Session() as sess:
        assert sess.run(full[0], {a: [1.0, 3.0]}) == 2.0

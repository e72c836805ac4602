"""tf.nn utilities' edges found by sweep S74: the static shapes of a partitioned
embedding_lookup's IndexedSlices gradients, embedding_lookup's and fused_batch_norm's argument
errors, and l2_normalize of complex tensors."""
import numpy as np
import pytest


def _tab():
    return np.arange(33, dtype=np.float32).reshape(11, 3)


@pytest.mark.parametrize("strategy,rows", [("div", [2, 3, 1]), ("mod", [1, 3, 2])])
def test_partitioned_lookup_gradient_shapes(tf, strategy, rows):
    tab = _tab()
    if strategy == "div":
        shards = [tf.constant(s) for s in np.array_split(tab, 3)]
    else:
        shards = [tf.constant(tab[i::3]) for i in range(3)]
    ids = np.array([[0, 10, 4], [5, 5, 1]], np.int32)
    grads = tf.gradients(tf.nn.embedding_lookup(shards, ids, partition_strategy=strategy), shards)
    assert [g.values.shape.as_list() for g in grads] == [[r, 3] for r in rows]
    assert [g.indices.shape.as_list() for g in grads] == [[r] for r in rows]
    with tf.Session() as sess:
        values = sess.run([g.values for g in grads])
    assert [v.shape[0] for v in values] == rows


def test_lookup_gradient_rows_stay_unknown_for_fed_ids(tf):
    p = tf.constant(_tab())
    shards = [p[:6], p[6:]]
    ids = tf.placeholder(tf.int32, [None])
    grads = tf.gradients(tf.nn.embedding_lookup(shards, ids, partition_strategy="div"), shards)
    assert [g.values.shape.as_list() for g in grads] == [[None, 3], [None, 3]]


def test_lookup_argument_errors(tf):
    with pytest.raises(ValueError, match=r"^Length of params is currently 0\. Need at least one "
                                         r"param\.$"):
        tf.nn.embedding_lookup([], [0])
    shards = [tf.constant(_tab()[:5]), tf.constant(_tab()[5:])]
    with pytest.raises(ValueError, match=r"^Unrecognized partition strategy: foo\.Must be one of "
                                         r"either `mod` or `div`\.$"):
        tf.nn.embedding_lookup(shards, [0], partition_strategy="foo")


def test_fused_batch_norm_inference_needs_mean(tf):
    with pytest.raises(ValueError) as info:
        tf.nn.fused_batch_norm(tf.ones([1, 2, 2, 5]), tf.ones([5]), tf.zeros([5]),
                               is_training=False)
    assert str(info.value) == (
        "Both `mean` and `variance` must be a 1D tensor when `is_training` is False or "
        "`exponential_avg_factor` != 1.0. Received: `mean` None and `variance` None")


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_l2_normalize_complex(tf, dtype):
    x = tf.constant([[3 + 4j, 0j], [1j, 1 - 1j]], getattr(tf, dtype))
    y = tf.nn.l2_normalize(x, 0)
    assert y.dtype == getattr(tf, dtype) and y.op.type == "Complex"
    with tf.Session() as sess:
        got = sess.run(y)
    want = np.array([[3 + 4j, 0j], [1j, 1 - 1j]]) / np.array([[np.sqrt(26.), np.sqrt(2.)]])
    np.testing.assert_allclose(got, want, rtol=1e-6)

"""tf.contrib.losses.metric_learning: TF 1.15's metric_loss_ops (contrastive, triplet
semi-hard, lifted structured, n-pairs, n-pairs multilabel). Expected values: TF 2.21 running
TF 1.15's metric_loss_ops source (tf.contrib is gone from TF 2.x)."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

EMB = np.array([[0.5, -1.0, 0.25], [1.5, 0.5, -0.5], [0.5, -1.0, 0.25], [-1.0, 2.0, 0.0],
                [0.0, 0.5, 1.0], [2.0, -0.5, 0.5]], np.float32)  # rows 0 and 2 coincide
LABELS = np.array([0, 1, 0, 1, 2, 2], np.int32)


def _losses(tf):
    ml = tf.contrib.losses.metric_learning
    emb = tf.constant(EMB)
    sparse = [tf.SparseTensor([[0], [2]], [1, 1], [3]), tf.SparseTensor([[1]], [1], [3]),
              tf.SparseTensor([[2]], [1], [3])]
    losses = [ml.triplet_semihard_loss(LABELS, emb, margin=0.5),
              ml.lifted_struct_loss(LABELS, emb, margin=1.0),
              ml.contrastive_loss([1, 0, 1], emb[:3], emb[3:], margin=1.5),
              ml.npairs_loss([0, 1, 0], emb[:3], emb[3:], reg_lambda=0.01),
              ml.npairs_loss_multilabel(sparse, emb[:3], emb[3:])]
    return emb, losses


def test_values_and_names(tf):
    _, losses = _losses(tf)
    assert [l.op.name for l in losses[:3]] == [
        "triplet_semihard_loss", "liftedstruct_loss", "contrastive_loss"]
    assert losses[4].op.name.startswith("NpairsLossMultiLabel/")
    assert all(l.get_shape().ndims == 0 for l in losses)
    with tf.Session() as sess:
        got = sess.run(losses)
    np.testing.assert_allclose(got, [1.0, 4.641468, 4.625, 2.445399, 2.663816], rtol=1e-5)


def test_gradients_finite_at_zero_distance(tf):
    emb, losses = _losses(tf)
    grads = [tf.gradients(l, emb)[0] for l in losses]
    with tf.Session() as sess:
        trip, lifted, contrast, npairs, npml = sess.run(grads)
    np.testing.assert_allclose(trip, [[0, 0, 0], [-1 / 6., -0.5, 5 / 6.], [0, 0, 0],
                                      [-5 / 6., 0.5, 1 / 6.], [1 / 3., 1 / 3., -5 / 6.],
                                      [2 / 3., -1 / 3., -1 / 6.]], atol=1e-5)
    np.testing.assert_allclose(lifted, [
        [0.282299, 0.525977, 0.030579], [0.775594, -1.401985, 0.555841],
        [0.282299, 0.525977, 0.030579], [-0.823507, 0.271003, 0.379447],
        [-0.837692, 0.356608, -0.292082], [0.321007, -0.277581, -0.704365]], atol=2e-5)
    np.testing.assert_allclose(contrast, [[1, -2, 1 / 6.], [0, 0, 0], [-1, -1 / 3., -1 / 6.],
                                          [-1, 2, -1 / 6.], [0, 0, 0], [1, 1 / 3., 1 / 6.]],
                               atol=1e-5)
    np.testing.assert_allclose(npairs, [
        [0.399595, -0.363107, 0.103301], [0.586196, -0.276113, -0.165384],
        [0.399595, -0.363107, 0.103301], [-0.141375, 0.334903, -0.08848],
        [-0.427591, -0.243684, 0.180621], [0.570632, -0.087886, -0.089641]], atol=2e-5)
    np.testing.assert_allclose(npml, [
        [0.565595, -0.500663, 0.130745], [0.584196, -0.27678, -0.164717],
        [0.398928, -0.361774, 0.102968], [-0.167819, 0.387792, -0.102369],
        [-0.427591, -0.244351, 0.179288], [0.595743, -0.142775, -0.076418]], atol=2e-5)


def test_triplet_without_negatives_and_errors(tf):
    ml = tf.contrib.losses.metric_learning
    loss = ml.triplet_semihard_loss(tf.zeros([4], tf.int32), tf.constant(EMB[:4]), margin=1.0)
    with tf.Session() as sess:
        assert sess.run(loss) == pytest.approx(7.5)  # no negatives: margin + mean squared distance
    with pytest.raises(TypeError, match="sparse_labels must be a list of SparseTensors"):
        ml.npairs_loss_multilabel([tf.constant([1])], tf.constant(EMB[:1]), tf.constant(EMB[1:2]))
    with pytest.raises(TypeError, match="DataType bool not in list of allowed values"):
        ml.npairs_loss_multilabel([tf.SparseTensor([[0]], [True], [2])] * 2,
                                  tf.constant(EMB[:2]), tf.constant(EMB[2:4]))
    with pytest.raises(AttributeError, match="tf.contrib.losses.metric_learning.cluster_loss"):
        ml.cluster_loss


def test_deep_import_of_metric_loss_ops():
    """TF 1.x scripts import the implementation module (`tfcompat run` aliases it)."""
    import tfcompat
    from tfcompat import _import_hook
    _import_hook.install()
    try:
        from tensorflow.contrib.losses.python.metric_learning import metric_loss_ops
        from tensorflow.contrib.losses.python.metric_learning.metric_loss_ops import (
            pairwise_distance)
    finally:
        _import_hook.uninstall()
    ml = tfcompat.contrib.losses.metric_learning
    assert metric_loss_ops.triplet_semihard_loss is ml.triplet_semihard_loss
    assert pairwise_distance is ml.pairwise_distance

"""tf.metrics.mean_iou accumulates each batch's tf.confusion_matrix as TF's
_streaming_confusion_matrix does: labels or predictions outside [0, num_classes) fail the update
with confusion_matrix's assertions (and leave the total unchanged) instead of landing in a wrong
cell, weights must match the predictions' shape, rank > 1 inputs are flattened. Expected values
were recorded from TF 2.21 compat.v1; the tests also run against TF (TFCOMPAT_TEST_AGAINST_TF=1)."""
import pytest


def test_out_of_range_classes_fail_the_update(tf):
    lab, pred = tf.placeholder(tf.int64, [None]), tf.placeholder(tf.int64, [None])
    miou, update = tf.metrics.mean_iou(lab, pred, num_classes=3)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(update, {lab: [0, 1, 2], pred: [0, 1, 1]}).tolist() == [
            [1, 0, 0], [0, 1, 0], [0, 1, 0]]
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"`labels` out of bound"):
            sess.run(update, {lab: [0, 3], pred: [0, 1]})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"`predictions` contains negative values"):
            sess.run(update, {lab: [0, 1], pred: [0, -1]})
        assert sess.run(miou) == pytest.approx(0.5)


def test_weights_shape_and_rank_2_inputs(tf):
    with pytest.raises(ValueError, match=r"^Shapes \(3,\) and \(2,\) are incompatible$"):
        tf.metrics.mean_iou(tf.zeros([3], tf.int32), tf.zeros([3], tf.int32), 3,
                            weights=tf.zeros([2]))
    miou, update = tf.metrics.mean_iou(tf.zeros([2, 3], tf.int32), tf.ones([2, 3], tf.int32), 2,
                                       weights=tf.constant([[1., 0., 2.], [0., 0., 1.]]))
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(update).tolist() == [[0, 4], [0, 0]]
        assert sess.run(miou) == 0.0

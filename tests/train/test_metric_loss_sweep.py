"""tf.losses / tf.metrics details a sweep against TF found: argument checks, op names that
errors and fetches show, and where a refused call still uses up its scope name."""
import numpy as np
import pytest


def test_cosine_distance_refuses_dim_and_axis(tf):
    with pytest.raises(ValueError, match="Cannot specify both 'dim' and 'axis'."):
        tf.losses.cosine_distance([[1., 0.]], [[0.6, 0.8]], axis=1, dim=1)


def test_count_at_thresholds_value_is_identity(tf):
    with tf.Graph().as_default():
        lab = tf.constant([1, 0, 1])
        pred = tf.constant([0.9, 0.6, 0.3])
        for fn, scope in ((tf.metrics.true_positives_at_thresholds, "true_positives"),
                          (tf.metrics.false_negatives_at_thresholds, "false_negatives")):
            value, update = fn(lab, pred, [0.5])
            assert value.name == scope + "/Identity:0"
            assert update.name == scope + "/AssignAdd:0"
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            sess.run(update)
            assert sess.run(value).tolist() == [1.0]


def test_pairwise_weights_checked_against_labels_first(tf):
    with tf.Graph().as_default():
        lab = tf.constant(np.ones((2, 3), np.float32))
        with pytest.raises(ValueError) as e:
            tf.losses.mean_pairwise_squared_error(lab, lab, [[1.0, 2.0]])
        msg = str(e.value)
        assert 'Received weights=Tensor("mean_pairwise_squared_error/Cast/x:0"' in msg
        assert 'values=Tensor("Const:0"' in msg


def test_pairwise_weights_value(tf):
    with tf.Graph().as_default():
        lab = tf.constant([[1., 2., 4.], [0., 0., 3.]])
        pred = tf.constant([[0., 2., 5.], [1., 1., 1.]])
        loss = tf.losses.mean_pairwise_squared_error(lab, pred, [[2.], [0.5]])
        assert loss.name == "mean_pairwise_squared_error/value_2:0"
        with tf.Session() as sess:
            np.testing.assert_allclose(sess.run(loss), 7.0, rtol=1e-6)


def test_auc_bad_curve_uses_up_scope(tf):
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Curve must be either ROC or PR. Curve XYZ is unknown."):
            tf.metrics.auc(tf.constant([1, 0]), tf.constant([0.2, 0.7]), curve="XYZ")
        value, _ = tf.metrics.auc(tf.constant([1, 0]), tf.constant([0.2, 0.7]))
        assert value.name == "auc_1/value:0"


def test_auc_bad_summation_method_message(tf):
    with tf.Graph().as_default():
        with pytest.raises(ValueError) as e:
            tf.metrics.auc(tf.constant([1, 0]), tf.constant([0.2, 0.7]), summation_method="bogus")
        assert str(e.value) == ("Invalid summation_method: bogus summation_method should be "
                                "'trapezoidal', 'careful_interpolation', 'minoring', or 'majoring'.")
        # the variables were made before the method was looked at, as in TF
        assert len(tf.local_variables()) == 4


def test_metric_errors_keep_input_dtype(tf):
    # TF subtracts without casting: float64 errors are squared in float64, then mean() casts
    with tf.Graph().as_default():
        lab = tf.constant([0.1, 0.2], tf.float64)
        pred = tf.constant([0.4, 0.3], tf.float64)
        mse, mse_up = tf.metrics.mean_squared_error(lab, pred)
        mae, mae_up = tf.metrics.mean_absolute_error(tf.constant([1, 5]), tf.constant([4, 3]))
        g = tf.get_default_graph()
        assert g.get_operation_by_name("SquaredDifference").outputs[0].dtype == tf.float64
        assert g.get_operation_by_name("Abs").outputs[0].dtype == tf.int32
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            assert sess.run(mse_up) == np.float32((0.3 ** 2 + 0.1 ** 2) / 2)
            assert sess.run(mae_up) == 2.5


@pytest.mark.parametrize("fn", ["mean_squared_error", "mean_absolute_error",
                                "root_mean_squared_error"])
def test_metric_errors_refuse_bool_and_mixed(tf, fn):
    with tf.Graph().as_default():
        metric = getattr(tf.metrics, fn)
        with pytest.raises(TypeError):
            metric(tf.constant([True, False]), tf.constant([True, True]))
        with pytest.raises(TypeError):
            metric(tf.constant([1., 2.]), tf.constant([1, 2]))


def test_accuracy_shape_mismatch(tf):
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"Shapes \(3,\) and \(4,\) are incompatible"):
            tf.metrics.accuracy(tf.constant([1, 0, 2, 1]), tf.constant([1, 0, 2]))


@pytest.mark.tfcompat_only
def test_auc_accepts_python_lists(tf):
    # TF reads `predictions.dtype` before converting and fails with AttributeError on a list
    with tf.Graph().as_default():
        value, update = tf.metrics.auc([1, 0, 1], [0.9, 0.2, 0.6])
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            sess.run(update)
            np.testing.assert_allclose(sess.run(value), 1.0, atol=1e-5)


@pytest.mark.tfcompat_only
def test_mean_iou_weights_of_unknown_rank(tf):
    # TF compares `weights.get_shape().ndims > 1` and fails with TypeError when it is None
    with tf.Graph().as_default():
        w = tf.placeholder(tf.float32)
        value, update = tf.metrics.mean_iou(tf.constant([[1, 0], [1, 1]]),
                                            tf.constant([[1, 1], [0, 1]]), 2, weights=w)
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            cm = sess.run(update, {w: np.array([[1., 2.], [0., 3.]], np.float32)})
            assert cm.tolist() == [[0., 2.], [0., 4.]]
            np.testing.assert_allclose(sess.run(value), (0. + 4. / 6.) / 2, rtol=1e-6)

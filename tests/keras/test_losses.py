"""tf.keras.losses in graph mode: the loss functions' per-sample values (epsilon clipping,
logits taken from Softmax/Sigmoid outputs), the Loss classes' reductions and name scopes,
configs, `get` and errors. Expected values recorded from TF 2.21 compat.v1
(TF_USE_LEGACY_KERAS=1, v2 behaviour disabled)."""
import numpy as np
import pytest

Y_TRUE = [[0., 1., 0.], [1., 0., 0.]]
Y_PRED = [[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]]
LOGITS = [[1., 2., -1.], [0.5, -0.3, 2.]]

# name -> (output op name, per-sample values), recorded from TF 2.21 compat.v1, each built in
# a fresh graph
FUNCTIONS = {
    "mse": ("Mean", [0.04667, 0.12667]),
    "mae": ("Mean", [0.2, 0.33333]),
    "mape": ("mul", [100000008.0, 166666688.0]),
    "msle": ("Mean", [0.02291, 0.06161]),
    "kld": ("Sum", [0.35667, 0.69314]),
    "poisson": ("Mean", [0.45222, 0.56438]),
    "logcosh": ("Mean", [0.02307, 0.06144]),
    "huber": ("Mean", [0.02333, 0.06333]),
    "hinge": ("Mean", [0.86667, 1.0]),
    "squared_hinge": ("Mean", [0.91333, 1.12667]),
    "categorical_hinge": ("Maximum", [0.5, 0.8]),
    "cosine_similarity": ("Neg", [-0.95258, -0.81111]),
    "categorical_crossentropy": ("Neg", [0.35667, 0.69315]),
    "binary_crossentropy": ("Mean", [0.22839, 0.42432]),
    "kullback_leibler_divergence": ("Sum", [0.35667, 0.69314]),
    "MSE": ("Mean", [0.04667, 0.12667]),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_loss_functions(tf, name):
    op_name, expected = FUNCTIONS[name]
    loss = tf.keras.losses.get(name)(tf.constant(Y_TRUE), tf.constant(Y_PRED))
    assert loss.op.name == op_name and loss.shape.as_list() == [2]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(loss), expected, rtol=2e-5, atol=1e-5)


def test_crossentropy_variants(tf):
    losses = tf.keras.losses
    yt, yp, logits = tf.constant(Y_TRUE), tf.constant(Y_PRED), tf.constant(LOGITS)
    ys, yb, ybp = tf.constant([1, 0]), tf.constant([[1.], [0.]]), tf.constant([[0.8], [0.3]])
    outs = {
        "scce": losses.sparse_categorical_crossentropy(ys, yp),
        "scce_logits": losses.sparse_categorical_crossentropy(ys, logits, from_logits=True),
        "scce_softmax": losses.sparse_categorical_crossentropy(ys, tf.nn.softmax(logits)),
        "cce_logits": losses.categorical_crossentropy(yt, logits, from_logits=True),
        "cce_softmax": losses.categorical_crossentropy(yt, tf.nn.softmax(logits)),
        "cce_smooth": losses.categorical_crossentropy(yt, yp, label_smoothing=0.1),
        "bce_smooth": losses.binary_crossentropy(yb, ybp, label_smoothing=0.2),
        "bce_logits": losses.binary_crossentropy(yb, ybp, from_logits=True),
        "bce_sigmoid": losses.binary_crossentropy(yb, tf.sigmoid(ybp)),
    }
    # recorded from TF 2.21 compat.v1: a softmax/sigmoid output is turned back into logits
    assert outs["scce"].op.type == "SparseSoftmaxCrossEntropyWithLogits"
    assert outs["scce_softmax"].name == (
        "SparseSoftmaxCrossEntropyWithLogits_2/SparseSoftmaxCrossEntropyWithLogits:0")
    assert outs["cce_softmax"].name == "softmax_cross_entropy_with_logits_1/Reshape_2:0"
    with tf.Session() as sess:
        got = sess.run(outs)
    expected = {"scce": [0.35667, 0.69315], "scce_logits": [0.34901, 1.7802],
                "scce_softmax": [0.34901, 1.7802], "cce_logits": [0.34901, 1.7802],
                "cce_softmax": [0.34901, 1.7802], "cce_smooth": [0.4633, 0.74072],
                "bce_smooth": [0.36177, 0.4414], "bce_logits": [0.3711, 0.85436],
                "bce_sigmoid": [0.3711, 0.85436]}
    for name, value in expected.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-4, err_msg=name)


def test_huber_delta(tf):
    loss = tf.keras.losses.get("huber")(tf.constant(Y_TRUE), tf.constant(Y_PRED) * 3, delta=0.5)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(loss), [0.215, 0.20833], rtol=1e-4)


def test_loss_classes(tf):
    losses = tf.keras.losses
    yt, yp, logits = tf.constant(Y_TRUE), tf.constant(Y_PRED), tf.constant(LOGITS)
    yb, ybp = tf.constant([[1.], [0.]]), tf.constant([[0.8], [0.3]])
    outs = {
        "mse": losses.MeanSquaredError()(yt, yp),
        "mse_sw": losses.MeanSquaredError()(yt, yp, sample_weight=tf.constant([1., 3.])),
        "mse_sum": losses.MeanSquaredError(reduction="sum")(yt, yp),
        "mse_none": losses.MeanSquaredError(reduction="none")(yt, yp),
        "scce": losses.SparseCategoricalCrossentropy()(tf.constant([1, 0]), yp),
        "scce2": losses.SparseCategoricalCrossentropy(from_logits=True)(
            tf.constant([[1], [0]]), logits),
        "bce": losses.BinaryCrossentropy(from_logits=True)(
            yb, ybp, sample_weight=tf.constant([[2.], [0.5]])),
        "cce": losses.CategoricalCrossentropy(label_smoothing=0.2)(yt, yp),
        "huber": losses.Huber(delta=0.3)(yt, yp),
        "kld": losses.KLDivergence()(yt, yp),
        "cos": losses.CosineSimilarity(axis=1)(yt, yp),
        "logcosh": losses.LogCosh()(yt, yp),
    }
    # recorded from TF 2.21 compat.v1
    names = {"mse": "mean_squared_error/weighted_loss/value:0",
             "mse_sw": "mean_squared_error_1/weighted_loss/value:0",
             "mse_sum": "mean_squared_error_2/weighted_loss/Sum:0",
             "mse_none": "mean_squared_error_3/weighted_loss/Mul:0",
             "scce": "sparse_categorical_crossentropy/weighted_loss/value:0",
             "bce": "binary_crossentropy/weighted_loss/value:0",
             "huber": "huber_loss/weighted_loss/value:0",
             "kld": "kl_divergence/weighted_loss/value:0",
             "logcosh": "log_cosh/weighted_loss/value:0"}
    assert {n: outs[n].name for n in names} == names
    with tf.Session() as sess:
        got = sess.run(outs)
    expected = {"mse": 0.08667, "mse_sw": 0.21333, "mse_sum": 0.17333,
                "mse_none": [0.04667, 0.12667], "scce": 0.52491, "scce2": 1.0646,
                "bce": 0.58469, "cce": 0.6791, "huber": 0.04, "kld": 0.52491, "cos": -0.88184,
                "logcosh": 0.04225}
    for name, value in expected.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-4, err_msg=name)


def test_loss_placeholders_and_shapes(tf):
    losses = tf.keras.losses
    yt = tf.placeholder(tf.float32, (None, None))
    yp = tf.placeholder(tf.float32, (None, 3))
    ys = tf.placeholder(tf.float32, (None, None))
    sw = tf.placeholder(tf.float32, (None,))
    outs = {"hinge": losses.hinge(yt, yp),
            "scce": losses.SparseCategoricalCrossentropy()(ys, yp),
            "cce": losses.CategoricalCrossentropy(label_smoothing=0.1)(yt, yp),
            "mse_sw": losses.MeanSquaredError()(yt, yp, sample_weight=sw),
            "bce": losses.BinaryCrossentropy()(yt, yp)}
    assert outs["hinge"].shape.as_list() == [None]
    assert outs["scce"].shape.as_list() == []
    feed = {yt: Y_TRUE, yp: Y_PRED, ys: [[1], [0]], sw: [1., 2.]}
    with tf.Session() as sess:
        got = sess.run(outs, feed)
    # recorded from TF 2.21 compat.v1
    expected = {"hinge": [0.86667, 1.0], "scce": 0.52491, "cce": 0.602008, "mse_sw": 0.15,
                "bce": 0.32636}
    for name, value in expected.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-4, err_msg=name)


def test_loss_get_config_and_errors(tf):
    losses = tf.keras.losses
    assert losses.get("mse").__name__ == "mean_squared_error"
    assert losses.get("kld").__name__ == "kl_divergence"
    assert losses.get("huber_loss").__name__ == "huber"
    assert losses.serialize(losses.mse) == "mean_squared_error"
    # recorded from TF 2.21 compat.v1
    assert losses.BinaryCrossentropy(from_logits=True).get_config() == {
        "reduction": "auto", "name": "binary_crossentropy", "from_logits": True,
        "label_smoothing": 0.0, "axis": -1, "fn": "binary_crossentropy"}
    assert losses.SparseCategoricalCrossentropy().get_config() == {
        "reduction": "auto", "name": "sparse_categorical_crossentropy", "from_logits": False,
        "ignore_class": None, "fn": "sparse_categorical_crossentropy"}
    assert losses.MeanSquaredError(reduction="sum", name="x").get_config() == {
        "reduction": "sum", "name": "x", "fn": "mean_squared_error"}
    huber = losses.get({"class_name": "Huber", "config": {"delta": 2.0}})
    assert huber.get_config() == {"reduction": "auto", "name": "huber_loss", "delta": 2.0,
                                  "fn": "huber"}
    with pytest.raises(ValueError, match="Unknown loss function: 'nope'"):
        losses.get("nope")
    with pytest.raises(ValueError, match="Unknown loss function: 'cosine'"):
        losses.get("cosine")
    with pytest.raises(ValueError, match="Could not interpret loss function identifier: 5"):
        losses.get(5)
    with pytest.raises(ValueError, match="Invalid Reduction Key: foo. Expected keys are"):
        losses.MeanSquaredError(reduction="foo")


def test_focal_crossentropies(tf):
    losses = tf.keras.losses
    yt, yp, logits = tf.constant(Y_TRUE), tf.constant(Y_PRED), tf.constant(LOGITS)
    outs = {"bf": losses.binary_focal_crossentropy(yt, yp),
            "bf2": losses.binary_focal_crossentropy(yt, logits, apply_class_balancing=True,
                                                    alpha=0.3, gamma=1.5, from_logits=True,
                                                    label_smoothing=0.1),
            "cf": losses.categorical_focal_crossentropy(yt, yp),
            "cf2": losses.categorical_focal_crossentropy(yt, logits, from_logits=True, alpha=0.5,
                                                         gamma=1., label_smoothing=0.2),
            "cfs": losses.categorical_focal_crossentropy(yt, tf.nn.softmax(logits)),
            "C_bf": losses.BinaryFocalCrossentropy(gamma=3.)(yt, yp),
            "C_cf": losses.CategoricalFocalCrossentropy()(yt, yp,
                                                          sample_weight=tf.constant([1., 2.]))}
    with tf.Session() as sess:
        got = sess.run(outs)
    # recorded from TF 2.21 compat.v1
    expected = {"bf": [0.014027, 0.071438], "bf2": [0.18507, 0.40515], "cf": [0.00803, 0.04332],
                "cf2": [0.18557, 0.72313], "cfs": [0.00757, 0.30763], "C_bf": 0.01826,
                "C_cf": 0.04733}
    for name, value in expected.items():
        np.testing.assert_allclose(got[name], value, rtol=2e-4, atol=1e-5, err_msg=name)
    assert losses.CategoricalFocalCrossentropy().get_config() == {
        "reduction": "auto", "name": "categorical_focal_crossentropy", "alpha": 0.25,
        "gamma": 2.0, "from_logits": False, "label_smoothing": 0.0, "axis": -1,
        "fn": "categorical_focal_crossentropy"}

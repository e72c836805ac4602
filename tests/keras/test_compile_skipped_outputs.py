"""Mask R-CNN's compile: every output's loss None (`loss=[None] * n`) and the loss given by
`model.add_loss`; with no added loss either, TF's ValueError. Expected values recorded from
TF 2.21 (tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest


def _model(tf):
    KL, K = tf.keras.layers, tf.keras.backend
    x = KL.Input(shape=[3])
    h = KL.Dense(2, kernel_initializer=tf.keras.initializers.Constant(0.5), name="d")(x)
    o = KL.Lambda(lambda t: K.mean(K.square(t)), name="l")(h)
    return tf.keras.models.Model(x, [h, o])


def test_all_output_losses_none_trains_on_added_losses(tf):
    model = _model(tf)
    model.add_loss(tf.reduce_mean(model.get_layer("l").output, keepdims=True))
    model.compile(tf.keras.optimizers.SGD(0.1), loss=[None] * 2)
    xs = np.arange(6, dtype=np.float32).reshape(2, 3) / 6.0
    losses = [model.train_on_batch(xs, None) for _ in range(3)]
    np.testing.assert_allclose(losses, [0.53125, 0.3863834, 0.28485182], rtol=1e-5)
    assert model.metrics_names == ["loss"]


def test_all_output_losses_none_without_added_losses_raises(tf):
    model = _model(tf)
    with pytest.raises(ValueError, match="The model cannot be compiled because it has no "
                                         "loss to optimize."):
        model.compile("sgd", loss=[None, None])

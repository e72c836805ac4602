"""After EarlyStopping ended `fit` (model.stop_training True), `evaluate` still runs every batch:
TF's v1 model_iteration sets stop_training False at the start of each loop. Expected values
are what TF 2.21 (tf_keras, v1 loops) gave."""
import numpy as np


def _fitted(tf):
    K = tf.keras
    X = np.arange(24, dtype=np.float32).reshape(12, 2) / 10.0
    Y = (X[:, :1] * 2.0 - X[:, 1:]) ** 2
    model = K.models.Sequential([K.layers.Dense(1, input_shape=(2,), kernel_initializer='ones',
                                                bias_initializer='zeros')])
    model.compile(K.optimizers.SGD(lr=0.01), loss='mae', metrics=['mse'])
    cb = K.callbacks.EarlyStopping(monitor='loss', patience=0, min_delta=100.0)
    hist = model.fit(X, Y, epochs=5, batch_size=4, shuffle=False, callbacks=[cb], verbose=0)
    return model, hist, X, Y


def test_evaluate_runs_all_batches_after_early_stop(tf):
    model, hist, X, Y = _fitted(tf)
    assert len(hist.history['loss']) == 2
    assert model.stop_training is True
    got = model.evaluate(X, Y, batch_size=4, verbose=0)
    assert model.stop_training is False
    np.testing.assert_allclose(got, [0.6727583, 0.5878357], rtol=1e-6)
    np.testing.assert_allclose(model.evaluate(X, Y, batch_size=12, verbose=0), got, rtol=1e-6)


def test_predict_after_early_stop(tf):
    model, _, X, _ = _fitted(tf)
    pred = model.predict(X, batch_size=4)[:, 0]
    assert pred.shape == (12,)
    np.testing.assert_allclose(pred[[0, 5, 11]], [0.03895, 1.9234501, 4.18485], rtol=1e-5)
    assert model.stop_training is False

"""tf.keras compile/fit/evaluate/predict in TF1 graph mode. With `tf.set_random_seed` the
weights start as TF's, and with shuffle=False the History values, moving statistics and
predictions match TF 2.21's (tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1),
from which every literal here was recorded."""
import numpy as np
import pytest


def _data():
    rng = np.random.RandomState(0)
    return rng.rand(64, 4).astype("float32"), rng.randint(0, 3, 64)


def _bn_model(tf):
    tf.set_random_seed(1)
    return tf.keras.models.Sequential([
        tf.keras.layers.Dense(8, activation="relu", input_shape=(4,)),
        tf.keras.layers.BatchNormalization(),
        tf.keras.layers.Dense(3, activation="softmax")])


@pytest.mark.parametrize("optimizer,loss,acc,evaluated,beta", [
    ("adam", [1.06559, 1.06014, 1.05645], [0.40625, 0.40625, 0.42188], [1.0830374, 0.390625],
     [-0.00192258, -0.00247259, 0.00371731, 0.00084794, 0.0055412, 0.00583397, -0.00560482,
      -0.00558277]),
    ("rmsprop", [1.06922, 1.0605, 1.05609], [0.40625, 0.42188, 0.42188], [1.0818591, 0.390625],
     [-0.00237692, -0.00144622, 0.00372977, 0.00242033, 0.00773656, 0.00860719, -0.01004364,
      -0.00789119]),
])
def test_seeded_fit_matches_tf(tf, optimizer, loss, acc, evaluated, beta):
    x, y = _data()
    model = _bn_model(tf)
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=3, batch_size=16, shuffle=False, verbose=0)
    assert sorted(history.history) == ["acc", "loss"]
    assert history.epoch == [0, 1, 2]
    np.testing.assert_allclose(history.history["loss"], loss, atol=2e-5)
    np.testing.assert_allclose(history.history["acc"], acc, atol=1e-5)
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), evaluated, rtol=1e-5)
    # BatchNormalization's beta, trained by the optimizer
    np.testing.assert_allclose(model.get_weights()[3], beta, rtol=1e-4, atol=1e-7)
    if optimizer == "adam":   # its moving mean, updated by fit's training steps
        np.testing.assert_allclose(model.get_weights()[4], [
            0.03773869, 0.0046106, 0.01940959, 0.03837244, 0.00025614, 0.00373429, 0.0,
            0.01754148], rtol=1e-4, atol=1e-7)


def test_optimizer_and_model_variable_names(tf):
    x, y = _data()
    model = _bn_model(tf)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    assert sorted(v.name for v in tf.global_variables()) == [
        "batch_normalization/beta:0", "batch_normalization/gamma:0",
        "batch_normalization/moving_mean:0", "batch_normalization/moving_variance:0",
        "dense/bias:0", "dense/kernel:0", "dense_1/bias:0", "dense_1/kernel:0",
        "training/Adam/batch_normalization/beta/m:0", "training/Adam/batch_normalization/beta/v:0",
        "training/Adam/batch_normalization/gamma/m:0",
        "training/Adam/batch_normalization/gamma/v:0", "training/Adam/beta_1:0",
        "training/Adam/beta_2:0", "training/Adam/decay:0", "training/Adam/dense/bias/m:0",
        "training/Adam/dense/bias/v:0", "training/Adam/dense/kernel/m:0",
        "training/Adam/dense/kernel/v:0", "training/Adam/dense_1/bias/m:0",
        "training/Adam/dense_1/bias/v:0", "training/Adam/dense_1/kernel/m:0",
        "training/Adam/dense_1/kernel/v:0", "training/Adam/iter:0",
        "training/Adam/learning_rate:0"]
    assert model.metrics_names == ["loss", "acc"]


def test_seeded_predict_matches_tf(tf):
    x, y = _data()
    model = _bn_model(tf)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["acc"])
    np.testing.assert_allclose(model.get_weights()[0][0], [
        0.44221956, -0.5959854, 0.5539269, -0.46774387, -0.6178507, 0.06407905, 0.00527728,
        0.60078937], rtol=1e-6)
    model.fit(x, y, epochs=3, batch_size=16, shuffle=False, verbose=0)
    np.testing.assert_allclose(model.predict(x[:2]), [[0.34486353, 0.3065962, 0.34854025],
                                                      [0.34970307, 0.31826958, 0.33202732]],
                               rtol=1e-5)


def test_verbose_output(tf, capsys):
    x, y = _data()
    model = _bn_model(tf)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["acc"])
    model.fit(x, y, epochs=2, batch_size=64, shuffle=False, verbose=1,
              validation_data=(x, y))
    out = capsys.readouterr().out
    lines = out.replace("\b", "").split("\n")
    assert lines[0] == "Train on 64 samples, validate on 64 samples"
    assert lines[1] == "Epoch 1/2"
    bars = lines[2].split("\r")
    assert bars[1].startswith("64/64 [==============================] - ETA: 0s - loss: ")
    assert bars[2].startswith("64/64 [==============================] - ")
    assert " - loss: " in bars[2] and " - val_acc: " in bars[2]
    assert lines[3] == "Epoch 2/2"
    model.evaluate(x, y)            # TF 2.21's v1 evaluate prints nothing
    model.fit(x, y, epochs=1, batch_size=64, verbose=0)
    assert capsys.readouterr().out == ""
    model.fit(x, y, epochs=1, batch_size=64, verbose=2)
    line = capsys.readouterr().out
    assert line.startswith("Train on 64 samples\n64/64 - ")
    assert "/epoch - " in line and line.endswith("/sample\n")


def test_validation_split_history_keys_and_batches(tf):
    x, y = _data()
    model = _bn_model(tf)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["acc"])
    history = model.fit(x, y, epochs=2, batch_size=16, validation_split=0.25, verbose=0)
    assert sorted(history.history) == ["acc", "loss", "val_acc", "val_loss"]
    assert history.params["samples"] == 48 and history.params["do_validation"] is True
    loss, acc = model.train_on_batch(x[:5], y[:5])
    assert isinstance(float(loss), float) and 0 <= acc <= 1
    assert len(model.test_on_batch(x[:5], y[:5])) == 2
    assert model.predict_on_batch(x[:5]).shape == (5, 3)


def test_mse_without_metrics_returns_scalars(tf):
    x, y = _data()
    tf.set_random_seed(1)
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(4,))])
    model.compile("sgd", "mse")
    assert model.metrics_names == ["loss"]
    value = model.evaluate(x, y.astype("float32"), verbose=0)
    assert np.ndim(value) == 0
    assert np.ndim(model.train_on_batch(x, y.astype("float32"))) == 0


def test_input_checks(tf):
    x, y = _data()
    model = _bn_model(tf)
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["acc"])
    with pytest.raises(ValueError) as info:
        model.fit(np.ones((10, 5)), y[:10], verbose=0)
    assert str(info.value) == ("Error when checking input: expected dense_input to have shape "
                               "(4,) but got array with shape (5,)")
    with pytest.raises(ValueError) as info:
        model.fit(x, y[:5], verbose=0)
    assert str(info.value) == ("Input arrays should have the same number of samples as target "
                               "arrays. Found 64 input samples and 5 target samples.")
    model.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
    with pytest.raises(ValueError) as info:
        model.fit(x, y, verbose=0)
    assert str(info.value).startswith(
        "You are passing a target array of shape (64, 1) while using as loss "
        "`categorical_crossentropy`. `categorical_crossentropy` expects targets to be binary "
        "matrices (1s and 0s) of shape (samples, classes). If your targets are integer "
        "classes, you can convert them to the expected format via:\n```\n")
    model.compile("sgd", tf.keras.losses.MeanSquaredError())
    with pytest.raises(ValueError) as info:
        model.fit(x, np.ones((64, 2)), verbose=0)
    assert str(info.value) == (
        "A target array with shape (64, 2) was passed for an output of shape (None, 3) while "
        "using as loss `mean_squared_error`. This loss expects targets to have the same shape "
        "as the output.")
    with pytest.raises(RuntimeError, match="You must compile your model before "
                                           "training/testing. Use `model.compile"):
        tf.keras.Sequential([tf.keras.layers.Dense(3)]).fit(x, y)


def test_deferred_sequential_builds_from_data(tf):
    x, y = _data()
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=1, verbose=0)
    assert [t.name for t in model.inputs] == ["input_1:0"]
    assert [t.name for t in model.outputs] == ["sequential/dense/Softmax:0"]
    assert [v.name for v in model.weights] == ["sequential/dense/kernel:0",
                                               "sequential/dense/bias:0"]
    assert model.predict(x[:4]).shape == (4, 3)


def test_tutorial_program(tf):
    rng = np.random.RandomState(0)
    x_train = rng.rand(96, 28, 28).astype("float32")
    y_train = rng.randint(0, 10, 96)
    model = tf.keras.models.Sequential([
        tf.keras.layers.Flatten(input_shape=(28, 28)),
        tf.keras.layers.Dense(128, activation="relu"),
        tf.keras.layers.Dropout(0.2),
        tf.keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=2, batch_size=32, verbose=0)
    assert len(history.history["loss"]) == 2
    loss, acc = model.evaluate(x_train, y_train, verbose=0)
    assert np.isfinite(loss) and 0 <= acc <= 1
    assert [t.name for t in model.outputs] == ["dense_1/Softmax:0"]
    assert [v.name for v in model.weights] == ["dense/kernel:0", "dense/bias:0",
                                               "dense_1/kernel:0", "dense_1/bias:0"]


def test_fit_with_a_tf_train_optimizer(tf):
    tf.set_random_seed(4)
    x = np.random.RandomState(0).rand(16, 3).astype("float32")
    y = x.sum(1, keepdims=True)
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(3,))])
    model.compile(tf.train.AdamOptimizer(0.1), "mse")
    history = model.fit(x, y, epochs=3, verbose=0, shuffle=False)
    assert [round(v, 5) for v in history.history["loss"]] == [0.69751, 0.35403, 0.15845]
    # its slots are initialized by the Keras session, as TF's Keras does
    assert sorted(v.name for v in tf.global_variables()) == [
        "TFOptimizer/iterations:0", "dense/bias/Adam:0", "dense/bias/Adam_1:0", "dense/bias:0",
        "dense/kernel/Adam:0", "dense/kernel/Adam_1:0", "dense/kernel:0",
        "training/beta1_power:0", "training/beta2_power:0"]


def test_fit_in_the_users_session(tf):
    tf.set_random_seed(4)
    x = np.random.RandomState(0).rand(16, 3).astype("float32")
    y = x.sum(1, keepdims=True)
    with tf.Session() as sess:
        tf.keras.backend.set_session(sess)
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(3,))])
        sess.run(tf.global_variables_initializer())
        model.compile("adam", "mse")
        history = model.fit(x, y, epochs=3, verbose=0, shuffle=False)
        assert tf.keras.backend.get_session() is sess
        assert [round(v, 5) for v in history.history["loss"]] == [0.69751, 0.69337, 0.68923]
        np.testing.assert_allclose(model.evaluate(x, y, verbose=0), 0.6851166, rtol=1e-6)

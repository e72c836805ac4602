"""Model.fit with Keras callbacks (EarlyStopping, ModelCheckpoint, LearningRateScheduler,
LambdaCallback): hook order, logs, printed messages and History, recorded from TF 2.21
(tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import os

import numpy as np

EXPECTED_OUT = """
Epoch 1: LearningRateScheduler setting learning rate to 0.5.

Epoch 1: saving model to {d}/w.01

Epoch 2: LearningRateScheduler setting learning rate to 0.25.

Epoch 2: saving model to {d}/w.02
Epoch 2: early stopping
"""


def test_callbacks_in_fit(tf, tmp_path, capsys):
    tf.set_random_seed(1)
    rng = np.random.RandomState(0)
    x = rng.rand(64, 4).astype("float32")
    y = rng.randint(0, 3, 64)
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax",
                                                       input_shape=(4,))])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["acc"])
    d = str(tmp_path)
    events = []
    callbacks = [
        tf.keras.callbacks.EarlyStopping(monitor="loss", patience=0, min_delta=10, verbose=1),
        tf.keras.callbacks.ModelCheckpoint(d + "/w.{epoch:02d}", save_weights_only=True,
                                           verbose=1),
        tf.keras.callbacks.LearningRateScheduler(lambda e: 0.5 / (e + 1), verbose=1),
        tf.keras.callbacks.LambdaCallback(
            on_batch_end=lambda b, logs: events.append(("b", b, sorted(logs))),
            on_epoch_end=lambda e, logs: events.append(("e", e, sorted(logs))))]
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0, callbacks=callbacks,
                        validation_split=0.25, shuffle=False)
    assert capsys.readouterr().out == EXPECTED_OUT.format(d=d)
    expected = {"loss": [1.331550121307373, 1.16766357421875],
                "acc": [0.2916666567325592, 0.4583333432674408],
                "val_loss": [1.0688183307647705, 1.0486345291137695],
                "val_acc": [0.375, 0.4375], "lr": [0.5, 0.25]}
    assert sorted(history.history) == sorted(expected)
    for key, values in expected.items():
        np.testing.assert_allclose(history.history[key], values, rtol=1e-6)
    assert all(isinstance(v, float) for v in history.history["loss"])
    batch_keys = ["acc", "batch", "loss", "size"]
    epoch_keys = ["acc", "loss", "lr", "val_acc", "val_loss"]
    assert events == [("b", 0, batch_keys), ("b", 1, batch_keys), ("e", 0, epoch_keys),
                      ("b", 0, batch_keys), ("b", 1, batch_keys), ("e", 1, epoch_keys)]
    assert sorted(os.listdir(d)) == ["checkpoint", "w.01.data-00000-of-00001", "w.01.index",
                                     "w.02.data-00000-of-00001", "w.02.index"]
    np.testing.assert_allclose(tf.keras.backend.get_value(model.optimizer.lr), 0.25)


def test_stateful_metrics_run_per_epoch_and_per_call(tf):
    tf.set_random_seed(1)
    rng = np.random.RandomState(0)
    x = rng.rand(64, 4).astype("float32")
    y = rng.randint(0, 2, 64)
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid",
                                                       input_shape=(4,))])
    model.compile("sgd", "binary_crossentropy", metrics=[
        "accuracy", tf.keras.metrics.AUC(), tf.keras.metrics.Precision(name="prec")])
    assert model.metrics_names == ["loss", "acc", "auc", "prec"]
    history = model.fit(x, y, epochs=2, batch_size=16, shuffle=False, verbose=0)
    expected = {"loss": [0.7066566497087479, 0.7065867632627487], "acc": [0.515625, 0.515625],
                "auc": [0.53125, 0.53125], "prec": [0.5151515007019043, 0.5151515007019043]}
    for key, values in expected.items():
        np.testing.assert_allclose(history.history[key], values, rtol=1e-6)
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0),
                               [0.70614094, 0.515625, 0.53125, 0.5151515], rtol=1e-6)
    # train_on_batch continues evaluate's running values, then resets them
    np.testing.assert_allclose(model.train_on_batch(x[:8], y[:8]),
                               [0.69541687, 0.5138889, 0.53861004, 0.5], rtol=1e-6)
    np.testing.assert_allclose(model.test_on_batch(x[:8], y[:8]),
                               [0.69535065, 0.5, 0.5333333, 0.0], rtol=1e-6, atol=1e-7)
    # the metrics' variables are in no collection
    assert sorted(v.name for v in tf.global_variables()) == [
        "dense/bias:0", "dense/kernel:0", "training/SGD/decay:0", "training/SGD/iter:0",
        "training/SGD/learning_rate:0", "training/SGD/momentum:0"]
    assert tf.local_variables() == []

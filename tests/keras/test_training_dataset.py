"""Model.fit/evaluate/predict on tf.data Datasets in TF1 graph mode (steps counted from the
dataset's cardinality or given by steps_per_epoch), recorded from TF 2.21 (tf.compat.v1, v2
behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest


def _setup(tf):
    tf.set_random_seed(1)
    rng = np.random.RandomState(0)
    x = rng.rand(40, 4).astype("float32")
    y = rng.randint(0, 3, 40)
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax",
                                                       input_shape=(4,))])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["acc"])
    return x, y, model


def test_fit_on_a_finite_dataset_with_validation(tf, capsys):
    x, y, model = _setup(tf)
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(8)
    history = model.fit(ds, epochs=2, verbose=2, validation_data=ds)
    out = capsys.readouterr().out.split("\n")
    assert out[0] == "Train on 5 steps, validate on 5 steps"
    assert out[1] == "Epoch 1/2"
    assert out[2].startswith("5/5 - ") and " - loss: 1.3565 - acc: 0.2750 - val_loss: " \
        "1.3468 - val_acc: 0.2750 - " in out[2] and out[2].endswith("/step")
    expected = {"loss": [1.3564626455307007, 1.3419865846633912],
                "acc": [0.2750000059604645, 0.2750000059604645],
                "val_loss": [1.3467997550964355, 1.3327948570251464],
                "val_acc": [0.2750000059604645, 0.2750000059604645]}
    for key, values in expected.items():
        np.testing.assert_allclose(history.history[key], values, rtol=1e-6)
    assert history.params["steps"] == 5 and history.params["batch_size"] is None


def test_fit_on_a_repeated_dataset_needs_steps(tf):
    x, y, model = _setup(tf)
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(8).repeat()
    with pytest.raises(ValueError, match="When passing an infinitely repeating dataset, you "
                                         "must specify the `steps_per_epoch` argument."):
        model.fit(ds, epochs=1, verbose=0)
    history = model.fit(ds, epochs=2, steps_per_epoch=5, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [1.3564626455307007,
                                                         1.3419865846633912], rtol=1e-6)
    np.testing.assert_allclose(model.evaluate(ds, steps=5, verbose=0), [1.3327949, 0.275],
                               rtol=1e-6)


def test_steps_progress_bar_shows_batch_and_size(tf, capsys):
    x, y, model = _setup(tf)
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(8).repeat()
    model.fit(ds, epochs=1, steps_per_epoch=5, verbose=1)
    out = capsys.readouterr().out.replace("\b", "")
    final = out.split("\r")[-1]
    assert final.startswith("5/5 [==============================] - ")
    assert final.endswith("/step - batch: 2.0000 - size: 1.0000 - loss: 1.3565 - acc: 0.2750\n")


def test_evaluate_and_predict_on_datasets(tf):
    x, y, model = _setup(tf)
    ds3 = tf.data.Dataset.from_tensor_slices((x[:3], y[:3])).batch(2)
    loss, acc = model.evaluate(ds3, verbose=0)       # the mean over 2 steps (of 2 and 1)
    assert isinstance(loss, np.float64)
    np.testing.assert_allclose([loss, acc], [0.9967068433761597, 0.6666667], rtol=1e-6)
    predicted = model.predict(tf.data.Dataset.from_tensor_slices(x[:3]).batch(2))
    np.testing.assert_allclose(predicted, [[0.3047175109, 0.0891094878, 0.6061729788],
                                           [0.3484071493, 0.0641538053, 0.5874390602],
                                           [0.3341492116, 0.0704244226, 0.5954263210]],
                               rtol=1e-5)


def _batches(x, y):
    while True:
        for i in range(0, 40, 8):
            yield x[i:i + 8], y[i:i + 8]


def test_fit_generator_and_sequence(tf, capsys):
    x, y, model = _setup(tf)
    history = model.fit_generator(_batches(x, y), steps_per_epoch=5, epochs=2, verbose=2,
                                  validation_data=_batches(x, y), validation_steps=2)
    out = capsys.readouterr().out.split("\n")
    assert out[0] == "Epoch 1/2"          # no "Train on ..." line for generators
    np.testing.assert_allclose(history.history["loss"], [1.3564626455307007,
                                                         1.3419865846633912], rtol=1e-6)
    # NOTE: TF's enqueuer prefetches from the validation generator in a thread, so only the
    # first epoch's validation batches are the same as here
    np.testing.assert_allclose(history.history["val_loss"][0], 1.4326081275939941, rtol=1e-6)
    assert history.params["steps"] == 5
    np.testing.assert_allclose(model.evaluate_generator(_batches(x, y), steps=5),
                               [1.3327949, 0.275], rtol=1e-6)
    chunks = (x[i:i + 8] for i in range(0, 40, 8))
    assert model.predict_generator(chunks, steps=5).shape == (40, 3)
    history = model.fit(_batches(x, y), steps_per_epoch=5, epochs=1, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [1.3282787084579468], rtol=1e-6)

    class Batches(tf.keras.utils.Sequence):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return x[i * 8:(i + 1) * 8], y[i * 8:(i + 1) * 8]

    history = model.fit_generator(Batches(), epochs=1, verbose=0, shuffle=False)
    np.testing.assert_allclose(history.history["loss"], [1.3152940273284912], rtol=1e-6)
    with pytest.raises(ValueError, match="Please specify the number of steps via the "
                                         "`steps_per_epoch` argument."):
        model.fit_generator(_batches(x, y), epochs=1, verbose=0)

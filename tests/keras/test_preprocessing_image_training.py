"""Models train on ImageDataGenerator iterators: `fit_generator` and `fit` on `flow(...)` and on
`flow_from_directory(...)` (the iterators are keras.utils.Sequence objects, so `fit` indexes
them and calls `on_epoch_end`)."""
import contextlib
import io
import os

import numpy as np
import pytest

pytest.importorskip("PIL")


def _model(tf, input_shape, classes):
    # seeded: with TF's fresh random seeds an unlucky start (every ReLU dead) stays at chance
    # once in some hundred runs, and the assertions below are about the iterators, not luck
    tf.set_random_seed(1)
    np.random.seed(1)
    model = tf.keras.Sequential([
        tf.keras.layers.Conv2D(4, 3, activation="relu", input_shape=input_shape),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(classes, activation="softmax"),
    ])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.05), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def _data():
    rng = np.random.RandomState(0)
    y = np.arange(24) % 2
    x = rng.rand(24, 6, 6, 1).astype("float32") * 0.2
    x[y == 1, 1:5, 1:5] += 0.8         # class 1: a bright square
    return x, y


def test_fit_generator_and_fit_on_flow(tf):
    x, y = _data()
    with tf.Graph().as_default():
        model = _model(tf, (6, 6, 1), 2)
        gen = tf.keras.preprocessing.image.ImageDataGenerator(horizontal_flip=True,
                                                              width_shift_range=1)
        labels = tf.keras.utils.to_categorical(y, 2)
        hist = model.fit_generator(gen.flow(x, labels, batch_size=8, seed=1), epochs=6,
                                   verbose=0)
        assert len(hist.history["loss"]) == 6
        assert hist.history["loss"][-1] < hist.history["loss"][0]
        hist = model.fit(gen.flow(x, labels, batch_size=8, seed=2), epochs=2, verbose=0)
        assert len(hist.history["loss"]) == 2
        accuracy = model.evaluate(x, labels, verbose=0)[1]
        assert accuracy >= 0.9


def test_fit_on_flow_from_directory(tf, tmp_path):
    x, y = _data()
    for i, (image, label) in enumerate(zip(x, y)):
        folder = tmp_path / ("bright" if label else "dark")
        folder.mkdir(exist_ok=True)
        tf.keras.preprocessing.image.save_img(str(folder / ("%02d.png" % i)), image * 255,
                                              scale=False)
    gen = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255.)
    with contextlib.redirect_stdout(io.StringIO()) as out:
        it = gen.flow_from_directory(str(tmp_path), target_size=(6, 6), color_mode="grayscale",
                                     batch_size=8, seed=0)
    assert out.getvalue() == "Found 24 images belonging to 2 classes.\n"
    assert it.class_indices == {"bright": 0, "dark": 1}
    with tf.Graph().as_default():
        model = _model(tf, (6, 6, 1), 2)
        hist = model.fit_generator(it, steps_per_epoch=len(it), epochs=5, verbose=0)
        hist = model.fit(it, epochs=3, verbose=0)
        assert hist.history["loss"][-1] < 0.5
        assert model.evaluate_generator(it, steps=len(it))[1] >= 0.9
        assert len(os.listdir(str(tmp_path))) == 2

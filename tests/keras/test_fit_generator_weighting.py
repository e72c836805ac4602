"""The epoch loss of `fit` on a generator or Sequence is the mean of the batch losses weighted
by the batch sizes (TF's v1 generator loop logs each batch's real size and its BaseLogger
weighs by it); a dataset's and evaluate_generator's are the mean over steps. Expected values
recorded from TF 2.21 compat.v1 (tf_keras, TF_USE_LEGACY_KERAS=1); TF 1.15 has the same
loop (training_generator.model_iteration with BaseLogger first among the callbacks)."""
import numpy as np

X = np.array([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], np.float32)
Y = np.zeros((5, 1), np.float32)
# batch losses (mse, weights all ones, no bias): 101 over 4 rows, then 361 over 1 row
WEIGHTED = (4 * 101.0 + 361.0) / 5      # 153
PER_STEP = (101.0 + 361.0) / 2          # 231


def _model(tf):
    keras = tf.keras
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(2,), use_bias=False,
                                                 kernel_initializer="ones")])
    model.compile(keras.optimizers.SGD(0.0), "mse", metrics=["mae"])
    return model


def _uneven_batches():
    while True:
        yield X[:4], Y[:4]
        yield X[4:], Y[4:]


def _recorder(tf, seen):
    class Recorder(tf.keras.callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            seen.append((logs["size"], logs["loss"]))
    return Recorder()


def test_fit_generator_weighs_batches_by_size(tf):
    model = _model(tf)
    seen = []
    history = model.fit_generator(_uneven_batches(), steps_per_epoch=2, verbose=0,
                                  callbacks=[_recorder(tf, seen)])
    assert seen == [(4, 101.0), (1, 361.0)]
    assert history.history["loss"] == [WEIGHTED]
    assert history.history["mean_absolute_error"] == [11.0]   # the stateful mean, 55 / 5
    history = _model(tf).fit(_uneven_batches(), steps_per_epoch=2, verbose=0)
    assert history.history["loss"] == [WEIGHTED]


def test_fit_generator_on_a_sequence(tf):
    class Batches(tf.keras.utils.Sequence):
        def __len__(self):
            return 2

        def __getitem__(self, i):
            return (X[:4], Y[:4]) if i == 0 else (X[4:], Y[4:])

    history = _model(tf).fit_generator(Batches(), epochs=1, verbose=0, shuffle=False)
    assert history.history["loss"] == [WEIGHTED]


def test_validation_and_evaluate_generator_average_over_steps(tf):
    model = _model(tf)
    history = model.fit_generator(_uneven_batches(), steps_per_epoch=2, verbose=0,
                                  validation_data=_uneven_batches(), validation_steps=2)
    assert history.history["loss"] == [WEIGHTED]
    assert history.history["val_loss"] == [PER_STEP]
    np.testing.assert_allclose(model.evaluate_generator(_uneven_batches(), steps=2),
                               [PER_STEP, 11.0])


def test_fit_on_a_dataset_averages_over_steps(tf):
    dataset = tf.data.Dataset.from_tensor_slices((X, Y)).batch(4)
    seen = []
    history = _model(tf).fit(dataset, epochs=1, verbose=0, callbacks=[_recorder(tf, seen)])
    assert seen == [(1, 101.0), (1, 361.0)]
    assert history.history["loss"] == [PER_STEP]

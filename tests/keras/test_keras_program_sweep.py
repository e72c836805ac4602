"""What TF1-era Keras programs run in graph mode rely on (found by running such programs under
TF and tfcompat): running output-loss means, compile-time trainable weights (the GAN idiom),
frozen models, bool reductions, the checks' messages and the train/test scopes. Literals
recorded from TF 2.21 (tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest


def _ones_dense(tf, name=None, units=1, inputs=2, activation=None):
    return tf.keras.layers.Dense(units, input_dim=inputs, kernel_initializer="ones",
                                 activation=activation, name=name)


def test_train_on_batch_output_losses_keep_the_last_epoch(tf):
    # the per-output losses are Keras Mean metrics: reset by fit at each epoch's start, not
    # after it, so a train_on_batch right after fit averages in the last epoch's batches
    keras = tf.keras
    inp = keras.layers.Input((2,))
    a = keras.layers.Dense(1, kernel_initializer="ones", name="a")(inp)
    b = keras.layers.Dense(1, kernel_initializer="ones", name="b")(inp)
    model = keras.models.Model(inp, [a, b])
    model.compile("sgd", ["mse", "mae"], loss_weights=[1.0, 0.5])
    x = np.array([[1., 2.], [0., 1.], [2., -1.], [1., 1.]], np.float32)
    y = np.zeros((4, 1), np.float32)
    model.fit(x, [y, y], batch_size=2, epochs=1, verbose=0, shuffle=False)
    first = model.train_on_batch(x[:2], [y[:2], y[:2]])
    second = model.train_on_batch(x[:2], [y[:2], y[:2]])
    np.testing.assert_allclose(first, [5.0114565, 3.7416105, 1.8216667], rtol=1e-5)
    np.testing.assert_allclose(second, [4.432877, 3.454752, 1.95625], rtol=1e-5)
    kept = model.test_on_batch(x, [y, y], reset_metrics=False)
    mixed = model.test_on_batch(x[:2], [y[:2], y[:2]])
    fresh = model.test_on_batch(x[:2], [y[:2], y[:2]])
    np.testing.assert_allclose(kept, [3.09796, 2.2488976, 1.698125], rtol=1e-5)
    np.testing.assert_allclose(mixed, [3.937529, 2.6085258, 1.8184376], rtol=1e-5)
    np.testing.assert_allclose(fresh, [3.937529, 2.968154, 1.93875], rtol=1e-5)


def test_trainable_weights_are_collected_at_compile(tf):
    # the Keras-GAN idiom: compile the discriminator, freeze it for the combined model; the
    # discriminator still trains, and both share the optimizer's iterations
    keras, K = tf.keras, tf.keras.backend
    opt = keras.optimizers.Adam(0.01, 0.5)
    disc = keras.Sequential([_ones_dense(tf, activation="sigmoid")])
    disc.compile(loss="binary_crossentropy", optimizer=opt, metrics=["accuracy"])
    gen = keras.Sequential([_ones_dense(tf, units=2)])
    z = keras.layers.Input((2,))
    disc.trainable = False
    combined = keras.Model(z, disc(gen(z)))
    combined.compile(loss="binary_crossentropy", optimizer=opt)
    x = np.array([[1., 2.], [0.5, -1.]])
    results = []
    for _ in range(2):
        results += [disc.train_on_batch(x, np.ones((2, 1)))[0],
                    disc.train_on_batch(x, np.zeros((2, 1)))[0],
                    combined.train_on_batch(x, np.ones((2, 1)))]
    np.testing.assert_allclose(results, [0.51133215, 1.7660882, 0.6532971,
                                         0.50432146, 1.7429575, 0.63273746], rtol=1e-5)
    assert K.get_value(opt.iterations) == 6
    assert [w.name for w in opt.weights][:2] == ["training/Adam/iter:0",
                                                 "training/Adam/dense/kernel/m:0"]
    # the second model's train function opens `training_1` then `training_2`
    assert [w.name for w in opt.weights][5] == "training_2/Adam/dense_1/kernel/m:0"


def test_a_fully_frozen_model_trains_as_a_no_op(tf):
    keras, K = tf.keras, tf.keras.backend
    model = keras.Sequential([_ones_dense(tf, units=2, inputs=3)])
    model.layers[0].trainable = False
    model.compile("sgd", "mse")
    loss = model.train_on_batch(np.ones((2, 3)), np.ones((2, 2)))
    np.testing.assert_allclose(loss, 4.0)
    assert K.get_value(model.optimizer.iterations) == 0
    np.testing.assert_allclose(model.get_weights()[0], np.ones((3, 2)))


def test_optimizer_apply_gradients_empty_and_all_none(tf):
    opt = tf.keras.optimizers.Adam()
    op = opt.apply_gradients([])
    assert op.name == "Adam/NoOp"
    v = tf.Variable(1.0)
    with pytest.raises(ValueError) as err:
        opt.apply_gradients([(None, v)])
    assert str(err.value).startswith(
        "No gradients provided for any variable: (['Variable:0'],). Provided "
        "`grads_and_vars` is ((None, <tf.Variable 'Variable:0'")


def test_backend_mean_std_var_take_bools(tf):
    K = tf.keras.backend
    t = tf.constant([[1., 2.], [4., 8.]])
    flags = tf.constant([True, False, True])
    mean, std, var = K.mean(flags), K.std(t, axis=1), K.var(flags)
    assert (mean.name, mean.dtype.name) == ("Mean:0", "float32")
    assert std.name == "reduce_std/Sqrt:0"
    assert var.name == "reduce_variance/Mean_1:0"
    np.testing.assert_allclose(K.get_session().run([mean, std, var])[0], 0.6666667)
    np.testing.assert_allclose(K.eval(std), [0.5, 2.0])
    np.testing.assert_allclose(K.eval(var), 0.22222222)
    with pytest.raises(TypeError, match="DataType bool not in list"):
        K.sum(flags)


def test_metric_on_bool_mean_compiles(tf):
    # the siamese example's accuracy: K.mean(K.equal(...))
    keras, K = tf.keras, tf.keras.backend

    def accuracy(y_true, y_pred):
        return K.mean(K.equal(y_true, K.cast(y_pred < 0.5, y_true.dtype)))
    model = keras.Sequential([_ones_dense(tf)])
    model.compile("sgd", "mse", metrics=[accuracy])
    out = model.evaluate(np.array([[0., 0.], [1., 1.]]), np.array([[1.], [1.]]), verbose=0)
    np.testing.assert_allclose(out, [1.0, 0.5])


def test_fit_checks_array_lengths(tf):
    keras = tf.keras
    a, b = keras.layers.Input((2,)), keras.layers.Input((1,))
    model = keras.Model([a, b], [keras.layers.Dense(1)(a), keras.layers.Dense(1)(b)])
    model.compile("sgd", "mse")
    with pytest.raises(ValueError) as err:
        model.fit([np.zeros((3, 2)), np.zeros((2, 1))], [np.zeros((3, 1))] * 2, verbose=0)
    assert str(err.value) == ("All input arrays (x) should have the same number of samples. "
                              "Got array shapes: [(3, 2), (2, 1)]")
    with pytest.raises(ValueError) as err:
        model.fit([np.zeros((3, 2)), np.zeros((3, 1))], [np.zeros((3, 1)), np.zeros((4, 1))],
                  verbose=0)
    assert str(err.value) == ("All target arrays (y) should have the same number of samples. "
                              "Got array shapes: [(3, 1), (4, 1)]")


def test_set_weights_shape_message(tf):
    layer = tf.keras.layers.Dense(5)
    layer.build((None, 6))
    with pytest.raises(ValueError) as err:
        layer.set_weights([np.zeros((5, 5)), np.zeros(5)])
    assert str(err.value) == ("Layer weight shape (6, 5) not compatible with provided weight "
                              "shape (5, 5)")


def test_keras_functions_scopes(tf):
    keras = tf.keras
    model = keras.Sequential([_ones_dense(tf)])
    model.compile("sgd", "mse")
    x, y = np.ones((2, 2)), np.zeros((2, 1))
    model.train_on_batch(x, y)
    model.test_on_batch(x, y)
    model.predict(x)
    names = [op.name for op in tf.get_default_graph().get_operations()]
    for name in ("training_1/group_deps", "evaluation/group_deps", "predict/group_deps"):
        assert name in names
    fn = tf.keras.backend.function([], [tf.constant(1.0)])
    assert fn.updates_op.name == "group_deps"


def test_reduce_lr_on_plateau_message(tf, capsys):
    keras = tf.keras
    model = keras.Sequential([_ones_dense(tf)])
    model.compile(keras.optimizers.SGD(0.5), "mse")
    reduce_lr = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.2, patience=0,
                                                  verbose=1)
    reduce_lr.set_model(model)
    reduce_lr.on_train_begin()
    reduce_lr.on_epoch_end(0, {"loss": 1.0})
    reduce_lr.on_epoch_end(1, {"loss": 2.0})
    assert "Epoch 2: ReduceLROnPlateau reducing learning rate to 0.10000000149011612." in \
        capsys.readouterr().out


def test_stateful_input_batch_size_is_the_batch_size(tf):
    keras = tf.keras
    model = keras.Sequential([
        keras.layers.LSTM(2, batch_input_shape=(4, 1, 1), stateful=True,
                          kernel_initializer="ones", recurrent_initializer="ones"),
        keras.layers.Dense(1, kernel_initializer="ones")])
    model.compile("sgd", "mse")
    x = np.arange(8, dtype="float32").reshape(8, 1, 1) / 8
    np.testing.assert_allclose(model.predict(x).ravel(), [
        0.0, 0.06845237, 0.14728603, 0.23366609, 0.32445216, 0.52636099, 0.73391587,
        0.93374211], rtol=1e-5, atol=1e-6)
    model.reset_states()
    np.testing.assert_allclose(model.evaluate(x, np.zeros((8, 1)), verbose=0), 0.23422633,
                               rtol=1e-5)
    with pytest.raises(ValueError) as err:
        model.predict(x, batch_size=2)
    assert str(err.value) == ("The `batch_size` argument value 2 is incompatible with the "
                              "specified batch size of your Input Layer: 4")


def test_compile_without_loss_uses_the_added_losses(tf):
    # keras/examples/variational_autoencoder.py: vae.add_loss(...); vae.compile(optimizer)
    keras, K = tf.keras, tf.keras.backend
    inp = keras.layers.Input((3,))
    out = keras.layers.Dense(3, kernel_initializer="ones", name="d")(inp)
    model = keras.Model(inp, out)
    model.add_loss(K.mean(K.square(out - inp)))
    model.compile(optimizer="sgd")
    x = np.array([[1., 0., -1.], [0.5, 0.5, 0.5]], "float32")
    history = model.fit(x, epochs=2, batch_size=2, verbose=0, validation_data=(x, None))
    assert model.metrics_names == ["loss"]
    assert sorted(history.history) == ["loss", "val_loss"]
    np.testing.assert_allclose(history.history["loss"], [0.8333333, 0.8208929], rtol=1e-5)
    np.testing.assert_allclose(model.train_on_batch(x), 0.80868834, rtol=1e-5)
    with pytest.raises(ValueError, match="no loss to optimize"):
        keras.Model(inp, out).compile("sgd")


def test_fit_reads_tensor_inputs_and_target_tensors(tf):
    # keras/examples/mnist_tfrecord.py: Input(tensor=...), compile(target_tensors=...), then
    # fit / evaluate with steps and no arrays
    keras = tf.keras
    x = np.arange(96, dtype="float32").reshape(32, 3) / 96
    y = np.eye(3)[np.arange(32) % 3].astype("float32")
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).repeat().batch(8)
    inputs, targets = dataset.make_one_shot_iterator().get_next()
    model_input = keras.layers.Input(tensor=inputs)
    out = keras.layers.Dense(3, activation="softmax", kernel_initializer="ones")(model_input)
    model = keras.models.Model(model_input, out)
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"],
                  target_tensors=[targets])
    history = model.fit(epochs=2, steps_per_epoch=4, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [1.0986903, 1.0986394], rtol=1e-5)
    np.testing.assert_allclose(model.evaluate(steps=2, verbose=0), [1.0985873, 0.3125],
                               rtol=1e-5)
    with pytest.raises(ValueError) as err:
        model.fit(epochs=1, verbose=0)
    assert str(err.value) == ("When using data tensors as input to a model, you should "
                              "specify the `steps_per_epoch` argument.")


def test_each_validation_run_restarts_a_dataset(tf):
    keras = tf.keras
    x = np.arange(24, dtype="float32").reshape(8, 3) / 24
    y = np.eye(2)[[0, 1] * 4].astype("float32")
    model = keras.Sequential([keras.layers.Dense(2, activation="softmax", input_shape=(3,),
                                                 kernel_initializer="ones")])
    model.compile("sgd", "categorical_crossentropy")
    val = tf.data.Dataset.from_tensor_slices((x, y)).batch(4)
    history = model.fit(x, y, epochs=3, batch_size=4, verbose=0, shuffle=False,
                        validation_data=val, validation_steps=2)
    np.testing.assert_allclose(history.history["val_loss"],
                               [0.69303101, 0.69291699, 0.69280499], rtol=1e-5)


def test_rnn_runs_a_user_written_cell(tf):
    # the Keras docs' MinimalRNNCell: an int state_size, `call(inputs, states)`
    keras, K = tf.keras, tf.keras.backend

    class MinimalRNNCell(keras.layers.Layer):
        def __init__(self, units, **kwargs):
            self.units = units
            self.state_size = units
            super(MinimalRNNCell, self).__init__(**kwargs)

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                          initializer="ones", name="kernel")
            self.recurrent_kernel = self.add_weight(shape=(self.units, self.units),
                                                    initializer="identity",
                                                    name="recurrent_kernel")
            self.built = True

        def call(self, inputs, states):
            output = K.dot(inputs, self.kernel) + K.dot(states[0], self.recurrent_kernel)
            return output, [output]

        def get_config(self):
            return dict(super(MinimalRNNCell, self).get_config(), units=self.units)
    x = keras.layers.Input((None, 5))
    layer = keras.layers.RNN(MinimalRNNCell(4))
    y = layer(x)
    assert y.shape.as_list() == [None, 4]
    assert [w.name for w in layer.weights] == ["rnn/minimal_rnn_cell/kernel:0",
                                               "rnn/minimal_rnn_cell/recurrent_kernel:0"]
    stacked = keras.layers.RNN([MinimalRNNCell(4), MinimalRNNCell(3)], return_sequences=True,
                               return_state=True)(x)
    assert [t.shape.as_list() for t in stacked] == [[None, None, 3], [None, 4], [None, 3]]
    model = keras.Model(x, [y, stacked[0]])
    last, sequences = model.predict(np.arange(30, dtype="float32").reshape(2, 3, 5) / 30)
    np.testing.assert_allclose(last, [[3.5] * 4, [11.0] * 4], rtol=1e-5)
    np.testing.assert_allclose(sequences[1, :, 0], [11.3333, 37.3333, 81.3333], rtol=1e-4)
    clone = keras.models.model_from_json(keras.Model(x, y).to_json(),
                                         custom_objects={"MinimalRNNCell": MinimalRNNCell})
    assert type(clone.layers[1].cell).__name__ == "MinimalRNNCell"
    assert len(clone.weights) == 2

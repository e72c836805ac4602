"""More TF 1.13-1.15-era tf.keras programs: a two-input functional model with an auxiliary
output, a CNN trained with train_on_batch on augmented images, an LSTM/GRU text classifier with
masking and callbacks, a custom Layer trained on a tf.data Dataset, custom training with
K.function / K.gradients, and callbacks writing files. Expected values recorded from TF 2.21
(tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import os

import numpy as np
import pytest

# summary() prints TF 1.15's layout (these literals: TF 1.15's print_summary run on TF 2.21's
# models); TF 2.21's tf_keras, the live reference, prints another (known_differences.txt)
TF1_SUMMARY_LAYOUT = not os.environ.get("TFCOMPAT_TEST_AGAINST_TF")

TWO_INPUT_SUMMARY = """\
Model: "model"
__________________________________________________________________________________________________
Layer (type)                    Output Shape         Param #     Connected to                     
==================================================================================================
main_input (InputLayer)         [(None, 10)]         0                                            
__________________________________________________________________________________________________
embedding (Embedding)           (None, 10, 8)        400         main_input[0][0]                 
__________________________________________________________________________________________________
lstm (LSTM)                     (None, 6)            360         embedding[0][0]                  
__________________________________________________________________________________________________
aux_input (InputLayer)          [(None, 5)]          0                                            
__________________________________________________________________________________________________
concatenate (Concatenate)       (None, 11)           0           lstm[0][0]                       
                                                                 aux_input[0][0]                  
__________________________________________________________________________________________________
dense (Dense)                   (None, 16)           192         concatenate[0][0]                
__________________________________________________________________________________________________
dense_1 (Dense)                 (None, 16)           272         dense[0][0]                      
__________________________________________________________________________________________________
main_output (Dense)             (None, 1)            17          dense_1[0][0]                    
__________________________________________________________________________________________________
aux_output (Dense)              (None, 1)            7           lstm[0][0]                       
==================================================================================================
Total params: 1,248
Trainable params: 1,248
Non-trainable params: 0
__________________________________________________________________________________________________
"""


def _set_uniform(model, rng, low=-0.3, high=0.3):
    model.set_weights([rng.uniform(0.1 if "variance" in w.name else low, high,
                                   w.shape.as_list()).astype(np.float32)
                       for w in model.weights])


def _rounded(history, digits=4):
    return {k: [round(float(v), digits) for v in vs] for k, vs in history.items()}


def _close(actual, expected, tol=2e-4):
    assert sorted(actual) == sorted(expected)
    for key in expected:
        np.testing.assert_allclose(actual[key], expected[key], atol=tol, err_msg=key)


def test_two_input_model_with_auxiliary_output(tf, capsys):
    keras = tf.keras
    rng = np.random.RandomState(0)
    main_input = keras.layers.Input(shape=(10,), dtype="int32", name="main_input")
    x = keras.layers.Embedding(output_dim=8, input_dim=50, input_length=10)(main_input)
    lstm_out = keras.layers.LSTM(6)(x)
    aux_output = keras.layers.Dense(1, activation="sigmoid", name="aux_output")(lstm_out)
    aux_input = keras.layers.Input(shape=(5,), name="aux_input")
    x = keras.layers.concatenate([lstm_out, aux_input])
    x = keras.layers.Dense(16, activation="relu")(x)
    x = keras.layers.Dense(16, activation="relu")(x)
    main_output = keras.layers.Dense(1, activation="sigmoid", name="main_output")(x)
    model = keras.models.Model(inputs=[main_input, aux_input], outputs=[main_output, aux_output])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", loss_weights=[1., 0.2],
                  metrics=["accuracy"])
    model.summary()
    if TF1_SUMMARY_LAYOUT:
        assert capsys.readouterr().out == TWO_INPUT_SUMMARY
    assert model.metrics_names == ["loss", "main_output_loss", "aux_output_loss",
                                   "main_output_acc", "aux_output_acc"]
    assert [w.name for w in model.weights][:4] == [
        "embedding/embeddings:0", "lstm/lstm_cell/kernel:0",
        "lstm/lstm_cell/recurrent_kernel:0", "lstm/lstm_cell/bias:0"]
    assert model.get_layer("concatenate").output.shape.as_list() == [None, 11]
    _set_uniform(model, rng)
    headline = rng.randint(1, 50, (32, 10))
    extra = rng.rand(32, 5).astype(np.float32)
    labels = (rng.rand(32, 1) > 0.5).astype(np.float32)
    history = model.fit({"main_input": headline, "aux_input": extra},
                        {"main_output": labels, "aux_output": labels},
                        epochs=2, batch_size=16, verbose=0, shuffle=False)
    _close(history.history, {
        "aux_output_acc": [0.5312, 0.5938], "aux_output_loss": [0.6924, 0.6916],
        "loss": [0.8705, 0.8631], "main_output_acc": [0.4062, 0.4062],
        "main_output_loss": [0.732, 0.7248]})
    # a last batch of 2: the output losses are means over batches, the loss over samples
    result = model.evaluate([headline, extra], [labels, labels], verbose=0, batch_size=10)
    np.testing.assert_allclose(result, [0.8592, 0.7165, 0.6915, 0.4062, 0.5938], atol=2e-4)
    main, aux = model.predict([headline[:3], extra[:3]])
    assert main.shape == aux.shape == (3, 1)
    np.testing.assert_allclose(main.ravel(), [0.4428, 0.4487, 0.4445], atol=2e-4)
    assert [layer["class_name"] for layer in model.get_config()["layers"]][3:5] == [
        "InputLayer", "Concatenate"]


def test_cnn_train_on_batch_with_numpy_augmentation(tf):
    keras = tf.keras
    rng = np.random.RandomState(0)
    x = rng.rand(40, 12, 12, 3).astype(np.float32)
    y = keras.utils.to_categorical(rng.randint(0, 4, 40), 4)
    model = keras.Sequential()
    model.add(keras.layers.Conv2D(8, (3, 3), padding="same", activation="relu",
                                  input_shape=(12, 12, 3)))
    model.add(keras.layers.BatchNormalization())
    model.add(keras.layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(keras.layers.Conv2D(8, 3, strides=2, activation="relu"))
    model.add(keras.layers.GlobalAveragePooling2D())
    model.add(keras.layers.Dense(4, activation="softmax"))
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(0.01),
                  metrics=["accuracy", "top_k_categorical_accuracy"])
    assert [layer.output_shape for layer in model.layers] == [
        (None, 12, 12, 8), (None, 12, 12, 8), (None, 6, 6, 8), (None, 2, 2, 8), (None, 8),
        (None, 4)]
    _set_uniform(model, rng)

    def augment(batch):
        out = batch.copy()
        flip = rng.rand(len(out)) > 0.5
        out[flip] = out[flip, :, ::-1]
        return np.roll(out, rng.randint(-1, 2), axis=2)

    steps = []
    for _ in range(4):
        idx = rng.choice(40, 10, replace=False)
        steps.append(model.train_on_batch(augment(x[idx]), y[idx]))
    np.testing.assert_allclose(steps, [[1.4463, 0.1, 1.0], [1.4419, 0.1, 1.0],
                                       [1.4081, 0.2, 1.0], [1.3879, 0.4, 1.0]], atol=2e-4)
    assert model.metrics_names == ["loss", "acc", "top_k_categorical_accuracy"]
    np.testing.assert_allclose(model.test_on_batch(x[:10], y[:10]), [1.3743, 0.4, 1.0],
                               atol=2e-4)
    np.testing.assert_allclose(model.predict_on_batch(x[:1]),
                               [[0.2046, 0.2673, 0.2522, 0.276]], atol=2e-4)
    batch_norm = model.layers[1]
    assert [w.name for w in batch_norm.trainable_weights] == [
        "batch_normalization/gamma:0", "batch_normalization/beta:0"]
    np.testing.assert_allclose(batch_norm.get_weights()[2][:3], [-0.0328, 0.0457, -0.1545],
                               atol=2e-4)
    history = model.fit(x, y, batch_size=16, epochs=2, verbose=0, shuffle=False,
                        validation_data=(x[:8], y[:8]))
    _close(history.history, {
        "acc": [0.2, 0.2], "loss": [1.4089, 1.4054], "top_k_categorical_accuracy": [1.0, 1.0],
        "val_acc": [0.25, 0.25], "val_loss": [1.3967, 1.3927],
        "val_top_k_categorical_accuracy": [1.0, 1.0]})


def test_masked_lstm_text_classifier_with_callbacks(tf, tmp_path):
    keras = tf.keras
    rng = np.random.RandomState(0)
    seqs = [list(rng.randint(1, 30, rng.randint(2, 9))) for _ in range(48)]
    labels = np.array([int(sum(s) % 2) for s in seqs], np.float32)
    padded = np.zeros((48, 8), np.int32)
    for i, s in enumerate(seqs):
        padded[i, -len(s):] = s
    model = keras.Sequential([keras.layers.Embedding(30, 6, mask_zero=True, input_length=8),
                              keras.layers.LSTM(5, return_sequences=True),
                              keras.layers.GRU(4),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(0.05), "binary_crossentropy", metrics=["acc", "mae"])
    assert model.layers[1].output.shape.as_list() == [None, 8, 5]
    assert model.count_params() == 545
    _set_uniform(model, rng, -0.4, 0.4)
    checkpoint = str(tmp_path / "best.ckpt")
    callbacks = [keras.callbacks.EarlyStopping(monitor="val_loss", patience=1),
                 keras.callbacks.ModelCheckpoint(checkpoint, monitor="val_loss",
                                                 save_best_only=True, save_weights_only=True),
                 keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1,
                                                   min_lr=0.001)]
    history = model.fit(padded, labels, batch_size=12, epochs=6, validation_split=0.25,
                        shuffle=False, callbacks=callbacks, verbose=0)
    assert history.params["metrics"] == ["loss", "acc", "mean_absolute_error", "val_loss",
                                         "val_acc", "val_mean_absolute_error"]
    _close(history.history, {
        "acc": [0.6667, 0.6667, 0.6667, 0.6944, 0.9722, 1.0],
        "loss": [0.6521, 0.623, 0.5742, 0.4715, 0.3344, 0.1994],
        "lr": [0.05] * 6,
        "mean_absolute_error": [0.4675, 0.4388, 0.4037, 0.3478, 0.2701, 0.174],
        "val_acc": [0.6667, 0.6667, 0.6667, 0.75, 0.8333, 0.8333],
        "val_loss": [0.6358, 0.624, 0.602, 0.5664, 0.5394, 0.5632],
        "val_mean_absolute_error": [0.4501, 0.4263, 0.3918, 0.3431, 0.2819, 0.2378]}, 5e-4)
    assert callbacks[0].stopped_epoch == 5
    assert sorted(os.listdir(str(tmp_path))) == ["best.ckpt.data-00000-of-00001",
                                                 "best.ckpt.index", "checkpoint"]
    model.load_weights(checkpoint)
    probs = np.concatenate([model.predict_on_batch(padded[i:i + 16]) for i in (0, 16, 32)])
    assert probs.shape == (48, 1)
    np.testing.assert_allclose(probs[:4].ravel(), [0.8403, 0.8998, 0.9058, 0.8215], atol=5e-4)


def _scale_layer(keras, tf):
    class Scale(keras.layers.Layer):
        def __init__(self, units, l2=0.01, **kwargs):
            super(Scale, self).__init__(**kwargs)
            self.units, self.l2 = units, l2

        def build(self, input_shape):
            self.w = self.add_weight(name="w", shape=(int(input_shape[-1]), self.units),
                                     initializer="glorot_uniform",
                                     regularizer=keras.regularizers.l2(self.l2))
            self.b = self.add_weight(name="b", shape=(self.units,), initializer="zeros")
            self.steps = self.add_weight(name="steps", shape=(), initializer="zeros",
                                         trainable=False)
            super(Scale, self).build(input_shape)

        def call(self, inputs):
            return tf.nn.tanh(tf.matmul(inputs, self.w) + self.b)

        def get_config(self):
            config = super(Scale, self).get_config()
            config.update({"units": self.units, "l2": self.l2})
            return config

    return Scale


def test_custom_layer_fit_on_dataset(tf):
    keras = tf.keras
    K = keras.backend
    rng = np.random.RandomState(0)
    scale_cls = _scale_layer(keras, tf)

    def rmse(y_true, y_pred):
        return K.sqrt(K.mean(K.square(y_pred - y_true), axis=-1))

    x = rng.rand(64, 3).astype(np.float32)
    y = (x @ np.array([[1.], [-2.], [0.5]], np.float32)).astype(np.float32)
    inputs = keras.layers.Input((3,))
    hidden = scale_cls(4, name="scale")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
    model.compile(optimizer=tf.train.AdamOptimizer(0.05), loss=rmse, metrics=[rmse, "mse"])
    layer = model.layers[1]
    assert layer.get_config() == {"name": "scale", "trainable": True, "dtype": "float32",
                                  "units": 4, "l2": 0.01}
    assert [w.name for w in layer.weights] == ["scale/w:0", "scale/b:0", "scale/steps:0"]
    assert [w.name for w in layer.trainable_weights] == ["scale/w:0", "scale/b:0"]
    assert len(model.losses) == 1
    assert model.metrics_names == ["loss", "rmse", "mean_squared_error"]
    _set_uniform(model, rng, -0.5, 0.5)
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(16).repeat()
    seen = []
    logger = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.append((epoch, sorted(logs))))
    history = model.fit(dataset, epochs=3, steps_per_epoch=4, verbose=0, callbacks=[logger])
    assert history.params["steps"] == 4 and history.params["batch_size"] is None
    _close(history.history, {"loss": [0.5654, 0.4602, 0.3798],
                             "mean_squared_error": [0.4588, 0.3033, 0.1936],
                             "rmse": [0.5572, 0.4499, 0.3661]})
    assert seen[2] == (2, ["loss", "mean_squared_error", "rmse"])
    np.testing.assert_allclose(model.evaluate(dataset, steps=4, verbose=0),
                               [0.3267, 0.31, 0.1367], atol=2e-4)
    np.testing.assert_allclose(model.predict(x[:3]).ravel(), [-0.4104, -0.152, -0.4726],
                               atol=2e-4)
    clone = scale_cls.from_config(layer.get_config())
    assert (clone.name, clone.units, clone.built) == ("scale", 4, False)


def test_learning_rate_scheduler_logs_lr(tf):
    keras = tf.keras
    rng = np.random.RandomState(5)
    x = rng.rand(64, 3).astype(np.float32)
    y = (x @ np.array([[1.], [-2.], [0.5]], np.float32)).astype(np.float32)
    model = keras.Sequential([keras.layers.Dense(2, input_shape=(3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.1), "mse")
    model.set_weights([np.full(w.shape.as_list(), 0.2, np.float32) for w in model.weights])
    scheduler = keras.callbacks.LearningRateScheduler(lambda e: 0.05 if e < 1 else 0.02)
    history = model.fit(x, y, batch_size=16, epochs=3, verbose=0, shuffle=False,
                        callbacks=[scheduler])
    _close(history.history, {"loss": [0.6126, 0.4833, 0.4588], "lr": [0.05, 0.02, 0.02]})
    assert round(float(keras.backend.get_value(model.optimizer.lr)), 4) == 0.02


def test_custom_training_with_backend_function_and_gradients(tf):
    keras = tf.keras
    K = keras.backend
    rng = np.random.RandomState(0)
    x = rng.rand(30, 4).astype(np.float32)
    y = rng.randint(0, 3, 30)
    inputs = keras.layers.Input((4,), name="feat")
    h1 = keras.layers.Dense(6, activation="relu", name="h1")(inputs)
    outputs = keras.layers.Dense(3, activation="softmax", name="out")(
        keras.layers.Dropout(0.5)(h1))
    model = keras.Model(inputs, outputs)
    _set_uniform(model, rng, -0.5, 0.5)
    target = K.placeholder(shape=(None,), dtype="int32", name="target")
    assert (target.name, K.ndim(target), K.dtype(target)) == ("target:0", 1, "int32")
    assert model.output is outputs and model.input is inputs
    loss = K.mean(K.sparse_categorical_crossentropy(target, model.output))
    grads = K.gradients(loss, model.trainable_weights)
    assert [g.shape.as_list() for g in grads] == [[4, 6], [6], [6, 3], [3]]
    lr = K.variable(0.5, name="lr")
    assert lr.name == "lr:0" and K.eval(K.constant([1, 2]) * 2).tolist() == [2.0, 4.0]
    updates = [K.update_sub(w, lr * g) for w, g in zip(model.trainable_weights, grads)]
    train = K.function([model.input, target, K.learning_phase()], [loss], updates=updates)
    evaluate = K.function([model.input, target, K.learning_phase()], [loss])
    losses = [(evaluate([x, y, 0])[0], train([x, y, 0])[0]) for _ in range(3)]
    np.testing.assert_allclose(losses, [[1.12631, 1.12631], [1.10029, 1.10029],
                                        [1.08987, 1.08987]], atol=2e-5)
    features = keras.Model(model.input, model.get_layer("h1").output)
    assert (features.output_names, features.input_names) == (["h1"], ["feat"])
    np.testing.assert_allclose(features.predict(x, batch_size=7)[0],
                               [0., 0.6046, 0.6956, 0.0906, 0., 0.], atol=2e-4)
    # the model's own output stays its output after the model is called again
    called = model(inputs)
    assert model.output is outputs and called is not outputs


def test_keras_layer_in_plain_session(tf):
    rng = np.random.RandomState(0)
    x = rng.rand(30, 4).astype(np.float32)
    ph = tf.placeholder(tf.float32, [None, 4])
    dense = tf.keras.layers.Dense(2, kernel_initializer=tf.keras.initializers.Constant(0.1),
                                  name="plain")
    out = dense(ph)
    loss = tf.reduce_sum(tf.square(out - 1.0))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    assert out.name == "plain/BiasAdd:0"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = [sess.run([loss, train], {ph: x})[0] for _ in range(2)]
        kernel = sess.run(dense.kernel)
    np.testing.assert_allclose(values, [38.7202, 4625.2896], rtol=1e-5)
    np.testing.assert_allclose(kernel[:, 0], [-25.5687, -24.028, -25.6622, -23.1944],
                               rtol=1e-5)
    # a layer called on a plain placeholder gives no Keras tensor
    assert not tf.keras.backend.is_keras_tensor(out)


def test_callbacks_files_class_weight_and_config(tf, tmp_path):
    keras = tf.keras
    rng = np.random.RandomState(0)
    x = rng.rand(40, 6).astype(np.float32)
    yc = keras.utils.to_categorical(rng.randint(0, 3, 40))
    model = keras.Sequential(name="clf")
    model.add(keras.layers.Dense(8, input_dim=6, activation="tanh",
                                 kernel_regularizer=keras.regularizers.l1_l2(0.01, 0.01)))
    model.add(keras.layers.Dense(5))
    model.pop()
    model.add(keras.layers.Dense(3, activation="softmax", name="probs"))
    assert [layer.name for layer in model.layers] == ["dense", "probs"]
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9, decay=0.01),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    _set_uniform(model, rng, -0.5, 0.5)
    csv = str(tmp_path / "log.csv")
    callbacks = [keras.callbacks.ModelCheckpoint(
        str(tmp_path / "w-{epoch:02d}-{val_loss:.3f}.ckpt"), save_weights_only=True),
        keras.callbacks.CSVLogger(csv, separator=";"), keras.callbacks.TerminateOnNaN()]
    history = model.fit(x, yc, epochs=3, batch_size=8, verbose=0, shuffle=False,
                        class_weight={0: 1.0, 1: 2.0, 2: 0.5}, callbacks=callbacks,
                        validation_data=(x[:10], yc[:10], np.linspace(0.5, 1.5, 10)))
    _close(history.history, {"acc": [0.375, 0.325, 0.325], "loss": [1.278, 1.2132, 1.1775],
                             "val_acc": [0.3, 0.3, 0.3],
                             "val_loss": [1.3431, 1.4351, 1.3297]})
    # History and the CSV hold Python floats (TF writes 1.278032898902893)
    assert all(type(v) is float for v in history.history["loss"])
    rows = [line.split(";") for line in open(csv).read().splitlines()]
    assert rows[0][:3] == ["epoch", "acc", "loss"] and rows[1][:2] == ["0", "0.375"]
    assert abs(float(rows[1][2]) - 1.278032898902893) < 1e-6 and len(rows[1][2]) > 12
    assert sorted(f for f in os.listdir(str(tmp_path)) if f.endswith(".index")) == [
        "w-01-1.343.ckpt.index", "w-02-1.435.ckpt.index", "w-03-1.330.ckpt.index"]
    config = model.get_config()
    assert [c["class_name"] for c in config["layers"]] == ["InputLayer", "Dense", "Dense"]
    assert config["layers"][1]["config"]["kernel_regularizer"]["class_name"] == "L1L2"
    clone = keras.models.clone_model(model)
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict(x[:4]), model.predict(x[:4]), rtol=1e-5)
    assert round(float(keras.backend.get_value(model.optimizer.iterations))) == 15
    np.testing.assert_allclose(
        model.evaluate(x, yc, sample_weight=np.linspace(0, 1, 40), verbose=0),
        [0.7024, 0.325], atol=2e-4)


def test_subclassed_model_on_generator_and_sequence(tf):
    keras = tf.keras
    rng = np.random.RandomState(0)
    x = rng.rand(36, 5).astype(np.float32)
    y = rng.randint(0, 3, 36)

    class MyModel(keras.Model):
        def __init__(self, num_classes=3):
            super(MyModel, self).__init__(name="my_model")
            self.dense_1 = keras.layers.Dense(8, activation="relu")
            self.bn = keras.layers.BatchNormalization()
            self.dense_2 = keras.layers.Dense(num_classes, activation="softmax")

        def call(self, inputs, training=None):
            return self.dense_2(self.bn(self.dense_1(inputs), training=training))

    class Batches(keras.utils.Sequence):
        def __len__(self):
            return 3

        def __getitem__(self, i):
            return x[i * 12:(i + 1) * 12], y[i * 12:(i + 1) * 12]

    def batches():
        while True:
            for i in range(0, 36, 12):
                yield x[i:i + 12], y[i:i + 12]

    model = MyModel()
    model.compile(tf.train.RMSPropOptimizer(0.01), "sparse_categorical_crossentropy",
                  metrics=["sparse_categorical_accuracy"])
    history = model.fit_generator(batches(), steps_per_epoch=3, epochs=2, verbose=0)
    # the first batch built the model: its size shows in the params
    assert history.params["batch_size"] == 12 and history.params["steps"] == 3
    assert [w.name for w in model.weights][:3] == [
        "my_model/dense/kernel:0", "my_model/dense/bias:0",
        "my_model/batch_normalization/gamma:0"]
    assert [t.name for t in model.inputs] == ["input_1:0"]
    assert model.input_names == ["input_1"] and model.output_names == ["output_1"]
    history = model.fit(Batches(), epochs=1, verbose=0, shuffle=False)
    assert history.params["batch_size"] is None
    assert sorted(history.history) == ["loss", "sparse_categorical_accuracy"]
    other = MyModel()
    assert other.predict(x[:2]).shape == (2, 3)
    # named by position: the graph makes the second model's placeholder input_1_1
    assert [t.name for t in other.inputs] == ["input_1_1:0"]
    assert keras.layers.Input((2,)).name == "input_1_2:0"


def test_assorted_layers_shapes_and_weight_names(tf):
    keras = tf.keras
    inp = keras.layers.Input((6, 4))
    b = keras.layers.Bidirectional(keras.layers.SimpleRNN(3, return_sequences=True))(inp)
    t = keras.layers.TimeDistributed(keras.layers.Dense(2))(b)
    c = keras.layers.Conv1D(4, 3, padding="causal", dilation_rate=2)(t)
    r = keras.layers.RepeatVector(2)(keras.layers.Flatten()(keras.layers.MaxPooling1D(2)(c)))
    p = keras.layers.Permute((2, 1))(keras.layers.Lambda(lambda z: z * 2, name="twice")(r))
    rs = keras.layers.Reshape((-1,))(p)
    ad = keras.layers.add([keras.layers.Dense(3)(rs), keras.layers.Dense(3)(rs)])
    pr = keras.layers.PReLU()(keras.layers.LeakyReLU(0.2)(keras.layers.multiply([ad, ad])))
    model = keras.Model(inp, [keras.layers.Dot(axes=1)([pr, pr]),
                              keras.layers.Activation("tanh")(pr)])
    assert [layer.output_shape for layer in model.layers][1:10] == [
        (None, 6, 6), (None, 6, 2), (None, 6, 4), (None, 3, 4), (None, 12), (None, 2, 12),
        (None, 2, 12), (None, 12, 2), (None, 24)]
    assert model.count_params() == 243
    assert [w.name for w in model.weights][:3] + [w.name for w in model.weights][-1:] == [
        "bidirectional/forward_simple_rnn/simple_rnn_cell/kernel:0",
        "bidirectional/forward_simple_rnn/simple_rnn_cell/recurrent_kernel:0",
        "bidirectional/forward_simple_rnn/simple_rnn_cell/bias:0", "p_re_lu/alpha:0"]
    img = keras.layers.Input((8, 8, 2))
    z = keras.layers.SeparableConv2D(4, 3, strides=2)(keras.layers.ZeroPadding2D(1)(img))
    z = keras.layers.Conv2DTranspose(3, 3, strides=2, padding="same")(z)
    z = keras.layers.Cropping2D(((1, 1), (2, 2)))(keras.layers.UpSampling2D((2, 2))(z))
    z = keras.layers.DepthwiseConv2D(3)(keras.layers.AveragePooling2D()(z))
    autoencoder = keras.Model(img, keras.layers.SpatialDropout2D(0.1)(z))
    assert [layer.output_shape for layer in autoencoder.layers][1:] == [
        (None, 10, 10, 2), (None, 4, 4, 4), (None, 8, 8, 3), (None, 16, 16, 3),
        (None, 14, 12, 3), (None, 7, 6, 3), (None, 5, 4, 3), (None, 5, 4, 3)]
    assert [w.name for w in autoencoder.weights] == [
        "separable_conv2d/depthwise_kernel:0", "separable_conv2d/pointwise_kernel:0",
        "separable_conv2d/bias:0", "conv2d_transpose/kernel:0", "conv2d_transpose/bias:0",
        "depthwise_conv2d/depthwise_kernel:0", "depthwise_conv2d/bias:0"]


def test_common_mistakes_raise_keras_errors(tf):
    keras = tf.keras
    x = np.ones((4, 3), np.float32)
    y = np.zeros((4, 1), np.float32)
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])
    with pytest.raises(RuntimeError, match="You must compile your model before training"):
        model.fit(x, y, verbose=0)
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match=r"expected dense_input to have shape \(3,\) but got "
                                         r"array with shape \(5,\)"):
        model.fit(np.ones((4, 5)), y, verbose=0)
    with pytest.raises(ValueError, match="Found 4 input samples and 5 target samples"):
        model.fit(x, np.zeros((5, 1)), verbose=0)
    with pytest.raises(ValueError, match="Unknown loss function: 'nope'"):
        model.compile("sgd", "nope")
    with pytest.raises(ValueError, match=r"No such layer: zzz. Existing layers are: "
                                         r"\['dense'\]."):
        model.get_layer("zzz")
    first, second = keras.layers.Input((3,)), keras.layers.Input((4,))
    with pytest.raises(ValueError) as info:
        keras.Model(first, keras.layers.Dense(2)(second))
    assert str(info.value).startswith("Graph disconnected: cannot obtain value for tensor ")
    assert str(info.value).endswith('at layer "dense_1". The following previous layers were '
                                    "accessed without issue: []")
    with pytest.raises(ValueError) as info:
        keras.layers.concatenate([first, keras.layers.Input((4, 2))])
    assert str(info.value) == (
        "A `Concatenate` layer requires inputs with matching shapes except for the "
        "concatenation axis. Received: input_shape=[(None, 3), (None, 4, 2)]")
    with pytest.raises(ValueError) as info:
        keras.layers.add([first, second])
    assert str(info.value) == "Inputs have incompatible shapes. Received shapes (3,) and (4,)"
    # size-1 dimensions broadcast
    summed = keras.layers.add([keras.layers.Input((1, 3)), keras.layers.Input((2, 3))])
    assert summed.shape.as_list() == [None, 2, 3]


def test_stateful_recurrent_layers_carry_state_between_batches(tf):
    keras = tf.keras
    rng = np.random.RandomState(0)
    with pytest.raises(ValueError, match="If a RNN is stateful, it needs to know its batch "):
        keras.Sequential([keras.layers.LSTM(3, stateful=True, input_shape=(4, 1))])
    inp = keras.layers.Input(batch_shape=(2, 3, 2))
    gru = keras.layers.GRU(2, stateful=True, return_sequences=True, kernel_initializer="ones",
                           recurrent_initializer="ones")
    model = keras.Model(inp, gru(inp))
    assert [v.name for v in gru.states] == ["gru/Variable:0"]
    assert gru.get_config()["stateful"] is True
    x = rng.rand(2, 3, 2).astype(np.float32)
    first, second = model.predict(x), model.predict(x)
    np.testing.assert_allclose(first[0, :, 0], [0.2107, 0.3397, 0.4281], atol=1e-4)
    np.testing.assert_allclose(second[0, :, 0], [0.4691, 0.5101, 0.5474], atol=1e-4)
    gru.reset_states([np.ones((2, 2))])
    assert keras.backend.get_value(gru.states[0]).tolist() == [[1.0, 1.0], [1.0, 1.0]]
    model.reset_states()
    np.testing.assert_allclose(model.predict(x)[0, 0], [0.2107, 0.2107], atol=1e-4)
    with pytest.raises(AttributeError, match="Layer must be stateful."):
        keras.layers.LSTM(2).reset_states()


def test_stateful_lstm_fit_and_frozen_base_fine_tuning(tf):
    keras = tf.keras
    rng = np.random.RandomState(0)
    x = rng.rand(32, 6).astype(np.float32)
    y = rng.randint(0, 2, 32).astype(np.float32)
    base = keras.Sequential([keras.layers.Dense(5, activation="relu", input_shape=(6,)),
                             keras.layers.BatchNormalization()], name="base")
    base.set_weights([rng.uniform(0.1 if "variance" in w.name else -0.5, 0.5,
                                  w.shape.as_list()).astype(np.float32) for w in base.weights])
    base.trainable = False
    inp = keras.layers.Input((6,))
    out = keras.layers.Dense(1, activation="sigmoid", kernel_initializer="ones")(
        base(inp, training=False))
    model = keras.Model(inp, out)
    model.compile(keras.optimizers.Adam(0.01, clipnorm=1.0), "binary_crossentropy",
                  metrics=["acc"])
    assert [w.name for w in model.trainable_weights] == ["dense_1/kernel:0", "dense_1/bias:0"]
    before = base.get_weights()
    history = model.fit(x, y, epochs=2, batch_size=8, verbose=0, shuffle=False)
    np.testing.assert_allclose(history.history["loss"], [0.6884, 0.6746], atol=2e-4)
    assert all(np.allclose(a, b) for a, b in zip(before, base.get_weights()))
    base.trainable = True
    # not recompiled: the compiled train function still leaves the base alone
    model.fit(x, y, epochs=1, batch_size=8, verbose=0, shuffle=False)
    assert all(np.allclose(a, b) for a, b in zip(before, base.get_weights()))
    model.compile(keras.optimizers.SGD(0.05, clipvalue=0.1, decay=0.1), "binary_crossentropy")
    history = model.fit(x, y, epochs=2, batch_size=8, verbose=0, shuffle=False)
    np.testing.assert_allclose(history.history["loss"], [0.6533, 0.646], atol=2e-4)
    np.testing.assert_allclose(base.get_weights()[0][0],
                               [0.0392, 0.3995, 0.4886, -0.2831, 0.1631], atol=2e-4)
    rnn = keras.Sequential([keras.layers.LSTM(3, stateful=True, batch_input_shape=(2, 4, 1)),
                            keras.layers.Dense(1)])
    rnn.compile("sgd", "mse")
    rnn.set_weights([np.full(w.shape.as_list(), 0.1, np.float32) for w in rnn.weights])
    assert [v.name for v in rnn.layers[0].states] == ["lstm/Variable:0", "lstm/Variable_1:0"]
    seq = rng.rand(4, 4, 1).astype(np.float32)
    history = rnn.fit(seq, rng.rand(4, 1), batch_size=2, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [0.32514, 0.30016], atol=2e-5)

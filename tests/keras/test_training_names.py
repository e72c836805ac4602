"""Names and value types of compile's metrics and fit's logs, weighted metrics and per-output
sample weights, and more backend helpers (K.conv2d, K.pool2d, K.reverse, ...). Expected values
recorded from TF 2.21 (tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest


def _binary_model(tf):
    return tf.keras.models.Sequential([tf.keras.layers.Dense(1, activation="sigmoid",
                                                             input_shape=(4,))])


def test_string_metrics_named_after_their_function(tf):
    rng = np.random.RandomState(0)
    x = rng.rand(20, 4).astype(np.float32)
    y = (rng.rand(20, 1) > 0.5).astype(np.float32)
    model = _binary_model(tf)
    model.compile("sgd", "binary_crossentropy",
                  metrics=["mae", "mse", "accuracy", "acc", "cosine_proximity",
                           tf.keras.metrics.AUC(), "binary_crossentropy", "ce"])
    names = ["mean_absolute_error", "mean_squared_error", "acc", "cosine_similarity", "auc",
             "binary_crossentropy", "ce"]
    assert model.metrics_names == ["loss"] + names
    assert [m.name for m in model.metrics] == names
    history = model.fit(x, y, epochs=1, verbose=0)
    assert sorted(history.history) == sorted(["loss"] + names)
    assert type(history.history["loss"][0]) is float


def test_multi_output_metric_names_and_weighted_metrics(tf):
    a = tf.keras.layers.Input((4,), name="a")
    o1 = tf.keras.layers.Dense(1, activation="sigmoid", name="o1")(a)
    o2 = tf.keras.layers.Dense(2, activation="softmax", name="o2")(a)
    model = tf.keras.models.Model(a, [o1, o2])
    model.compile("sgd", ["binary_crossentropy", "categorical_crossentropy"],
                  metrics=["accuracy", "mae", tf.keras.metrics.Precision()],
                  weighted_metrics=["mse"])
    per_output = ["acc", "mean_absolute_error", "precision", "weighted_mean_squared_error"]
    names = ["o1_" + n for n in per_output] + ["o2_" + n for n in per_output]
    assert model.metrics_names == ["loss", "o1_loss", "o2_loss"] + names
    # the Metric objects are cloned per output and renamed
    assert [m.name for m in model.metrics] == names
    other = tf.keras.models.Model(a, [o1, o2])
    other.compile("sgd", {"o1": "mse", "o2": "categorical_crossentropy"},
                  metrics={"o2": ["acc", "categorical_accuracy"], "o1": "mae"})
    assert other.metrics_names == ["loss", "o1_loss", "o2_loss", "o1_mean_absolute_error",
                                   "o2_acc", "o2_categorical_accuracy"]
    single = tf.keras.models.Model(a, o1)
    single.compile("sgd", "mse", metrics=[["mae"]])
    assert single.metrics_names == ["loss", "mean_absolute_error"]


def test_weighted_metrics_with_per_output_sample_weights(tf):
    rng = np.random.RandomState(1)
    x = rng.rand(24, 4).astype(np.float32)
    y = (rng.rand(24, 1) > 0.5).astype(np.float32)
    w = rng.rand(24).astype(np.float32)
    a = tf.keras.layers.Input((4,), name="a")
    o1 = tf.keras.layers.Dense(1, activation="sigmoid", name="o1", kernel_initializer="ones")(a)
    o2 = tf.keras.layers.Dense(2, activation="softmax", name="o2", kernel_initializer="ones")(a)
    model = tf.keras.models.Model(a, [o1, o2])
    model.compile("sgd", ["binary_crossentropy", "categorical_crossentropy"],
                  metrics=["accuracy"], weighted_metrics=["mse", "accuracy"])
    y2 = np.eye(2, dtype=np.float32)[rng.randint(0, 2, 24)]
    history = model.fit(x, [y, y2], epochs=2, batch_size=8, verbose=0, shuffle=False,
                        sample_weight={"o1": w})
    expected = {
        "loss": [1.07496, 1.07408], "o1_acc": [0.66667, 0.66667], "o1_loss": [0.38146, 0.38063],
        "o1_weighted_acc": [0.58184, 0.58184],
        "o1_weighted_mean_squared_error": [0.30949, 0.30901], "o2_acc": [0.5, 0.5],
        "o2_loss": [0.6935, 0.69345], "o2_weighted_acc": [0.5, 0.5],
        "o2_weighted_mean_squared_error": [0.25018, 0.25015]}
    assert sorted(history.history) == sorted(expected)
    for key, values in expected.items():
        np.testing.assert_allclose(history.history[key], values, atol=2e-5, err_msg=key)
    result = model.evaluate(x, [y, y2], verbose=0, sample_weight=[w, w])
    np.testing.assert_allclose(result, [0.6794, 0.38, 0.2994, 0.6667, 0.3087, 0.5818, 0.5,
                                        0.25, 0.401], atol=2e-4)
    with pytest.raises(ValueError, match="was a list of 1 elements, but the model has 2"):
        model.fit(x, [y, y2], epochs=1, verbose=0, sample_weight=[w])


def test_stateful_metric_object_reset_each_epoch(tf):
    rng = np.random.RandomState(0)
    x = rng.rand(40, 5).astype(np.float32)
    y = rng.randint(0, 3, 40)
    model = tf.keras.models.Sequential([
        tf.keras.layers.Dense(8, activation="relu", input_shape=(5,)), tf.keras.layers.Dense(3)])
    model.compile(optimizer=tf.keras.optimizers.RMSprop(0.01),
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=[tf.keras.metrics.SparseCategoricalAccuracy()])
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape.as_list()).astype(np.float32)
                       for w in model.weights])
    history = model.fit(x, y, epochs=3, batch_size=16, verbose=0, shuffle=False,
                        validation_split=0.25)
    assert model.metrics_names == ["loss", "sparse_categorical_accuracy"]
    np.testing.assert_allclose(history.history["sparse_categorical_accuracy"],
                               [0.3, 0.33333, 0.4], atol=1e-5)
    np.testing.assert_allclose(history.history["val_sparse_categorical_accuracy"],
                               [0.4, 0.4, 0.4], atol=1e-5)
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), [1.075448, 0.45], atol=1e-5)


def test_epoch_loss_precision_and_types(tf):
    rng = np.random.RandomState(0)
    x = rng.rand(50, 3).astype(np.float32)
    y = rng.rand(50, 1).astype(np.float32)
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(3,),
                                                       kernel_initializer="ones")])
    model.compile("sgd", "mse", metrics=["mae"])
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
    # a dataset whose steps Keras counted: the loss comes back as a float64
    loss, mae = model.evaluate(dataset, verbose=0)
    assert type(loss) is np.float64 and type(mae) is np.float32
    np.testing.assert_allclose([loss, mae], [1.9130446910858154, 1.0599346], rtol=1e-6)
    loss, _ = model.evaluate(dataset.repeat(), steps=4, verbose=0)
    assert type(loss) is np.float32
    history = model.fit(dataset, epochs=2, verbose=0)
    assert history.params["steps"] == 4
    np.testing.assert_allclose(history.history["loss"], [1.7322454154491425,
                                                         1.3061005026102066], rtol=1e-6)
    history = model.fit(x, y, epochs=2, batch_size=16, verbose=0, shuffle=False)
    # averaged over samples in float64: not a float32 value
    np.testing.assert_allclose(history.history["loss"], [0.729145679473877,
                                                         0.5512566089630127], rtol=1e-6)
    assert abs(float(np.float32(history.history["loss"][0])) -
               history.history["loss"][0]) > 1e-10


def test_functional_model_input_output(tf):
    inp = tf.keras.layers.Input((4,), name="feat")
    h1 = tf.keras.layers.Dense(6, name="h1")(inp)
    out = tf.keras.layers.Dense(3, name="out")(h1)
    model = tf.keras.Model(inp, out)
    assert (model.input.name, model.output.name) == ("feat:0", "out/BiasAdd:0")
    called = model(inp)
    assert called.name == "model/out/BiasAdd:0"
    assert model.output.name == "out/BiasAdd:0"
    assert model.get_output_at(0).name == "model/out/BiasAdd:0"
    sequential = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,))])
    assert (sequential.input.name, sequential.output.name) == ("dense_input:0",
                                                               "dense/BiasAdd:0")


def test_backend_conv_pool_and_padding_helpers(tf):
    K = tf.keras.backend
    x = tf.constant(np.arange(24, dtype=np.float32).reshape(1, 4, 3, 2))
    kernel = tf.constant(np.ones((2, 2, 2, 3), np.float32))
    cases = [
        (K.conv2d(x, kernel), "convolution:0", (1, 3, 2, 3), [36, 36, 36, 52, 52, 52]),
        (K.conv2d(x, kernel, padding="same", strides=(2, 2)), "convolution_1:0", (1, 2, 2, 3),
         [36, 36, 36, 30, 30, 30]),
        (K.pool2d(x, (2, 2)), "MaxPool:0", (1, 3, 2, 2), [8, 9, 10, 11, 14, 15]),
        (K.pool2d(x, (2, 2), (2, 1), "same", pool_mode="avg"), "AvgPool:0", (1, 2, 3, 2),
         [4, 5, 6, 7, 7, 8]),
        (K.conv2d(tf.transpose(x, (0, 3, 1, 2)), kernel, data_format="channels_first"),
         "transpose_2:0", (1, 3, 3, 2), [36, 52, 84, 100, 132, 148]),
        (K.spatial_2d_padding(x), "Pad:0", (1, 6, 5, 2), [0, 0, 0, 0, 0, 0]),
        (K.temporal_padding(x[0]), "Pad_1:0", (4, 5, 2), [0, 0, 0, 1, 2, 3]),
        (K.conv1d(x[0], tf.ones((2, 2, 1)), padding="causal"), "convolution_3/Squeeze:0",
         (4, 3, 1), [1, 6, 14, 13, 30, 38]),
        (K.reverse(x, 1), "ReverseV2:0", (1, 4, 3, 2), [18, 19, 20, 21, 22, 23]),
        (K.reverse(x, [1, 2]), "ReverseV2_1:0", (1, 4, 3, 2), [22, 23, 20, 21, 18, 19]),
    ]
    for tensor, name, shape, head in cases:
        assert (tensor.name, tuple(tensor.shape.as_list())) == (name, shape)
        np.testing.assert_allclose(K.eval(tensor).ravel()[:6], head, err_msg=name)


def test_backend_comparisons_and_functional_helpers(tf):
    K = tf.keras.backend
    x = tf.constant(np.arange(24, dtype=np.float32).reshape(1, 4, 3, 2))
    assert K.eval(K.greater_equal(x, 3.)).ravel()[:6].tolist() == [False] * 3 + [True] * 3
    assert K.eval(K.less_equal(x, 3.)).ravel()[:6].tolist() == [True] * 4 + [False] * 2
    np.testing.assert_allclose(K.eval(K.softsign(x)).ravel()[:3], [0., 0.5, 2. / 3.])
    top = K.in_top_k(tf.constant([[0.1, 0.9], [0.8, 0.2]]), tf.constant([1, 1]), 1)
    assert top.name == "in_top_k/InTopKV2:0" and K.eval(top).tolist() == [True, False]
    doubled = K.map_fn(lambda r: r * 2, x[0])
    assert doubled.shape.as_list() == [4, 3, 2]
    np.testing.assert_allclose(K.eval(doubled).ravel()[:3], [0., 2., 4.])
    np.testing.assert_allclose(K.eval(K.foldl(lambda acc, r: acc + r, x[0, :, :, 0])),
                               [36., 44., 52.])
    eye = K.eye(3)
    assert eye.name == "Variable:0"
    np.testing.assert_allclose(K.eval(eye), np.eye(3))
    assert K.truncated_normal((2, 3), seed=1).shape.as_list() == [2, 3]
    assert K.eval(K.random_bernoulli((2, 2), 1.0, seed=1)).tolist() == [[1., 1.], [1., 1.]]
    assert not K.is_sparse(x) and K.to_dense(x) is x
    printed = K.print_tensor(x, "x=")
    assert printed.name == "Identity:0" and printed.shape.as_list() == [1, 4, 3, 2]
    with pytest.warns(UserWarning):
        with K.learning_phase_scope(1):
            assert K.learning_phase() == 1
    assert K.learning_phase().name == "keras_learning_phase:0"


def test_seeded_fit_with_dropout_shuffle_and_validation_split(tf):
    # TF's validation inside fit shuffles its rows too (numpy's global generator), so the
    # next epoch's shuffle depends on it
    tf.set_random_seed(1)
    np.random.seed(0)
    x = np.random.rand(40, 3).astype(np.float32)
    y = np.random.randint(0, 2, 40)
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(4, activation="relu", input_shape=(3,)),
        tf.keras.layers.Dropout(0.3), tf.keras.layers.Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["acc"])
    np.testing.assert_allclose(model.get_weights()[0][0], [0.579, -0.7803, 0.7253, -0.6124],
                               atol=1e-4)
    history = model.fit(x, y, epochs=3, batch_size=8, verbose=0, validation_split=0.2)
    expected = {"loss": [0.8166, 0.8142, 0.8005], "acc": [0.4062, 0.4375, 0.5312],
                "val_loss": [0.575, 0.5751, 0.5754], "val_acc": [0.75, 0.75, 0.875]}
    assert sorted(history.history) == sorted(expected)
    for key, values in expected.items():
        np.testing.assert_allclose(history.history[key], values, atol=1e-4, err_msg=key)


class _Recorder(object):
    """Builds a Callback subclass recording each hook with its logs' keys."""

    HOOKS = ["on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
             "on_train_batch_begin", "on_train_batch_end", "on_test_begin", "on_test_end",
             "on_test_batch_begin", "on_test_batch_end", "on_predict_begin", "on_predict_end",
             "on_predict_batch_begin", "on_predict_batch_end"]

    @classmethod
    def make(cls, tf, calls):
        def hook(name):
            def record(self, *args):
                logs = args[-1] if args and isinstance(args[-1], dict) else {}
                calls.append((name,) + tuple(sorted(logs)))
            return record
        return type("Recorder", (tf.keras.callbacks.Callback,),
                    {name: hook(name) for name in cls.HOOKS})()


def test_callback_hooks_of_fit_evaluate_and_predict(tf):
    x = np.ones((6, 3), np.float32)
    y = np.zeros((6, 1), np.float32)
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(3,))])
    model.compile("sgd", "mse", metrics=["mae"])
    calls = []
    model.fit(x, y, epochs=1, batch_size=4, verbose=0, validation_split=0.34,
              callbacks=[_Recorder.make(tf, calls)])
    metrics = ("loss", "mean_absolute_error", "size")
    assert calls == [
        ("on_train_begin",), ("on_epoch_begin",), ("on_train_batch_begin", "batch", "size"),
        ("on_train_batch_end", "batch") + metrics, ("on_test_begin",),
        ("on_test_batch_begin", "batch", "size"), ("on_test_batch_end", "batch") + metrics,
        ("on_test_end",), ("on_epoch_end", "loss", "mean_absolute_error", "val_loss",
                           "val_mean_absolute_error"), ("on_train_end",)]
    del calls[:]
    model.evaluate(x, y, batch_size=4, verbose=0, callbacks=[_Recorder.make(tf, calls)])
    assert calls == [("on_test_begin",)] + [("on_test_batch_begin", "batch", "size"),
                                            ("on_test_batch_end", "batch") + metrics] * 2 + [
        ("on_test_end",)]
    del calls[:]
    model.predict(x, batch_size=4, callbacks=[_Recorder.make(tf, calls)])
    assert calls == [("on_predict_begin",)] + [
        ("on_predict_batch_begin", "batch", "size"),
        ("on_predict_batch_end", "batch", "outputs", "size")] * 2 + [("on_predict_end",)]


def test_batch_logs_hold_python_numbers(tf):
    rng = np.random.RandomState(0)
    x = rng.rand(50, 3).astype(np.float32)
    y = rng.rand(50, 1).astype(np.float32)
    a = tf.keras.layers.Input((3,))
    o1 = tf.keras.layers.Dense(1, name="p", kernel_initializer="ones")(a)
    o2 = tf.keras.layers.Dense(1, name="q", kernel_initializer="zeros")(a)
    model = tf.keras.Model(a, [o1, o2])
    model.compile("sgd", "mse", metrics=["mae"])
    seen = []
    logger = tf.keras.callbacks.LambdaCallback(
        on_batch_end=lambda batch, logs: seen.append(dict(logs)))
    history = model.fit(x, [y, y], epochs=1, batch_size=16, verbose=0, shuffle=False,
                        callbacks=[logger])
    last = seen[-1]
    assert {k: type(v).__name__ for k, v in last.items()} == {
        "batch": "int", "size": "int", "loss": "float", "p_loss": "float", "q_loss": "float",
        "p_mean_absolute_error": "float", "q_mean_absolute_error": "float"}
    np.testing.assert_allclose([last["loss"], last["p_loss"], last["q_loss"]],
                               [3.20304, 1.73225, 0.24334], atol=2e-5)
    np.testing.assert_allclose(history.history["loss"], [1.6318937206268311], rtol=1e-6)
    np.testing.assert_allclose(history.history["p_loss"], [1.7322454452514648], rtol=1e-6)


def test_layer_io_attributes_of_shared_and_uncalled_layers(tf):
    dense = tf.keras.layers.Dense(2, name="d")
    messages = []
    for attr in ("input", "output", "input_shape", "output_shape"):
        with pytest.raises(AttributeError) as info:
            getattr(dense, attr)
        messages.append(str(info.value))
    assert messages == [
        "Layer d is not connected, no input to return.", "Layer d has no inbound nodes.",
        'The layer "d" has never been called and thus has no defined input shape. Note that '
        "the `input_shape` property is only available for Functional and Sequential models.",
        "The layer has never been called and thus has no defined output shape."]
    a = tf.keras.layers.Input((3,))
    b = tf.keras.layers.Input((1, 3))
    c = tf.keras.layers.Input((3,))
    dense(a)
    dense(c)
    # several calls: the first call's tensors, and the shapes they all share
    assert (dense.output.name, dense.input.name) == ("d/BiasAdd:0", "input_1:0")
    assert (dense.input_shape, dense.output_shape) == ((None, 3), (None, 2))
    other = tf.keras.layers.Dense(2, name="e")
    other(a)
    other(b)
    assert other.output.name == "e/BiasAdd:0"
    with pytest.raises(AttributeError) as info:
        other.input_shape
    assert str(info.value) == (
        'The layer "e has multiple inbound nodes, with different input shapes. Hence the '
        'notion of "input shape" is ill-defined for the layer. Use '
        "`get_input_shape_at(node_index)` instead.")
    with pytest.raises(AttributeError, match='The layer "e" has multiple inbound nodes, with '
                                             "different output shapes."):
        other.output_shape


def test_temporal_sample_weights(tf):
    rng = np.random.RandomState(0)
    x = rng.rand(8, 5, 3).astype(np.float32)
    y = rng.rand(8, 5, 2).astype(np.float32)
    weights = rng.rand(8, 5).astype(np.float32)
    model = tf.keras.Sequential([tf.keras.layers.TimeDistributed(
        tf.keras.layers.Dense(2, kernel_initializer="ones"), input_shape=(5, 3))])
    model.compile("sgd", "mse", sample_weight_mode="temporal", metrics=["mae"],
                  weighted_metrics=["mae"])
    assert model.sample_weights[0].name == "time_distributed_sample_weights:0"
    assert model.sample_weights[0].shape.as_list() == [None, None]
    history = model.fit(x, y, sample_weight=weights, epochs=2, batch_size=4, verbose=0,
                        shuffle=False)
    expected = {"loss": [0.59796, 0.58197], "mean_absolute_error": [0.98739, 0.97164],
                "weighted_mean_absolute_error": [0.95917, 0.94445]}
    for key, values in expected.items():
        np.testing.assert_allclose(history.history[key], values, atol=2e-5, err_msg=key)
    np.testing.assert_allclose(model.evaluate(x, y, sample_weight=weights, verbose=0),
                               [0.57026, 0.96006, 0.93337], atol=2e-5)
    with pytest.raises(ValueError, match=r"Found a sample_weight array with shape \(8,\). In "
                                         "order to use timestep-wise sample weighting, you "
                                         "should pass a 2D sample_weight array."):
        model.fit(x, y, sample_weight=weights[:, 0], epochs=1, verbose=0)
    shared = tf.keras.layers.Dense(2, name="shared")
    shared(tf.keras.layers.Input((3,)))
    shared(tf.keras.layers.Input((3,)))
    assert shared.get_output_at(1).name == "shared_1/BiasAdd:0"
    assert shared.get_input_shape_at(0) == (None, 3)
    with pytest.raises(ValueError, match="Asked to get output at node 2, but the layer has "
                                         "only 2 inbound nodes."):
        shared.get_output_at(2)

"""tf.keras.experimental of TF 1.x (as TF 2.21's compat.v1 keeps it): CosineDecay,
CosineDecayRestarts, LinearModel and WideDeepModel (also tf.keras.models.*): values, variable
names, configs and training with fit. Expected values were recorded from TF 2.21 compat.v1
(graph mode, TF_USE_LEGACY_KERAS=1)."""
import numpy as np

_RNG = np.random.RandomState(0)
X = _RNG.rand(8, 3).astype(np.float32)
Y = (X.sum(1, keepdims=True) * 2 - 1).astype(np.float32)
STEPS = (0, 1, 3, 4, 5, 11, 12, 13, 30)
RESTARTS = [
    ({}, [0.5, 0.426777, 0.073223, 0.5, 0.48097, 0.01903, 0.5, 0.495196, 0.495196]),
    ({"t_mul": 1.0, "m_mul": 0.5, "alpha": 0.1},
     [0.5, 0.434099, 0.115901, 0.275, 0.24205, 0.066475, 0.10625, 0.098012, 0.051758]),
    ({"t_mul": 3.0, "m_mul": 0.8},
     [0.5, 0.426777, 0.073223, 0.4, 0.393185, 0.148236, 0.1, 0.058579, 0.214723]),
]


def test_cosine_decay_restarts(tf):
    sess = tf.Session()
    for kwargs, expected in RESTARTS:
        schedule = tf.keras.experimental.CosineDecayRestarts(0.5, 4, **kwargs)
        got = [sess.run(schedule(tf.constant(step))) for step in STEPS]
        np.testing.assert_allclose(got, expected, atol=2e-6, err_msg=str(kwargs))
    config = schedule.get_config()
    assert config == {"initial_learning_rate": 0.5, "first_decay_steps": 4, "t_mul": 3.0,
                      "m_mul": 0.8, "alpha": 0.0, "name": None}
    again = tf.keras.optimizers.schedules.deserialize(
        {"class_name": "CosineDecayRestarts", "config": config})
    assert type(again).__name__ == "CosineDecayRestarts"
    assert tf.keras.experimental.CosineDecay is tf.keras.optimizers.schedules.CosineDecay


def test_linear_model_fit_and_structures(tf):
    model = tf.keras.experimental.LinearModel()
    model.compile("sgd", "mse")
    history = model.fit(X, Y, epochs=3, batch_size=8, verbose=0).history["loss"]
    np.testing.assert_allclose(history, [8.00012, 7.34841, 6.75204], atol=2e-5)
    assert [(w.name, w.shape.as_list()) for w in model.weights] == [
        ("linear_model/kernel:0", [3, 1]), ("linear_model/bias:0", [1])]
    config = model.get_config()
    assert {k: config[k] for k in ("name", "units", "activation", "use_bias", "dtype")} == {
        "name": "linear_model", "units": 1, "activation": "linear", "use_bias": True,
        "dtype": "float32"}
    assert config["kernel_initializer"]["class_name"] == "Zeros"

    by_name = tf.keras.experimental.LinearModel(units=2, name="lm2")
    out = by_name({"a": tf.constant(X[:, :2]), "b": tf.constant(X[:, 2:])})
    assert out.shape.as_list() == [8, 2]
    assert [(w.name, w.shape.as_list()) for w in by_name.weights] == [
        ("lm2/kernel:0", [2, 2]), ("lm2/kernel_1:0", [1, 2]), ("lm2/bias:0", [2])]
    listed = tf.keras.models.LinearModel(kernel_initializer="ones", use_bias=False,
                                         activation="relu")
    out = listed([tf.constant(X[:, :2]), tf.constant(X[:, 2:])])
    assert [w.name.split("/")[1] for w in listed.weights] == ["kernel:0", "kernel_1:0"]
    np.testing.assert_allclose(tf.keras.backend.get_session().run(out)[:2],
                               [[1.8667662], [1.614432]], rtol=1e-6)


def _dnn(tf, units):
    layers = [tf.keras.layers.Dense(u, activation="relu" if u > 1 else None,
                                    kernel_initializer=tf.keras.initializers.Constant(
                                        0.1 if u > 1 else 0.2)) for u in units]
    return tf.keras.Sequential(layers)


def test_wide_deep_model(tf):
    model = tf.keras.experimental.WideDeepModel(tf.keras.experimental.LinearModel(),
                                                _dnn(tf, [4, 1]))
    model.compile("sgd", "mse")
    history = model.fit(X, Y, epochs=3, batch_size=8, verbose=0).history["loss"]
    np.testing.assert_allclose(history, [7.17001, 6.21633, 5.38077], atol=2e-5)
    assert [w.shape.as_list() for w in model.weights] == [[3, 1], [1], [3, 4], [4], [4, 1],
                                                          [1]]
    assert model.weights[0].name.startswith("wide_deep_model/linear_model")
    config = model.get_config()
    assert sorted(config) == ["activation", "dnn_model", "dtype", "linear_model", "name",
                              "trainable"]
    assert config["name"] == "wide_deep_model" and config["activation"] == "linear"


def test_wide_deep_model_two_optimizers(tf):
    model = tf.keras.models.WideDeepModel(tf.keras.experimental.LinearModel(),
                                          _dnn(tf, [1]), activation="sigmoid")
    model.compile(["sgd", "adam"], "mse")
    history = model.fit([X[:, :2], X], Y, epochs=3, batch_size=8, verbose=0).history["loss"]
    np.testing.assert_allclose(history, [5.16125, 5.13985, 5.11872], atol=2e-5)
    np.testing.assert_allclose(model.predict([X[:2, :2], X[:2]]), [[0.60741], [0.5936]],
                               atol=2e-5)

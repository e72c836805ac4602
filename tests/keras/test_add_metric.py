"""Keras' `add_metric` (TF 1.15): on a layer's call, on a functional model's tensors (an
`AddMetric` layer), on a subclassed model and on a `tf.layers` layer; the names fit/evaluate
report and their running means. Every literal was printed by TF 2.21 (tf.compat.v1, v2
behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest

X = np.arange(12, dtype="float32").reshape(6, 2)
Y = np.ones((6, 1), "float32")


def _sum_layer(tf):
    class ActSum(tf.keras.layers.Layer):
        def call(self, x):
            self.add_metric(tf.reduce_sum(x), name="act_sum", aggregation="mean")
            return x * 2.0
    return ActSum


def _functional(tf):
    inp = tf.keras.Input((2,))
    h = _sum_layer(tf)(name="l")(inp)
    out = tf.keras.layers.Dense(1, kernel_initializer="ones", name="d")(h)
    model = tf.keras.Model(inp, out)
    model.add_metric(tf.reduce_mean(out), name="out_mean", aggregation="mean")
    return model, out


def test_layer_and_model_metrics_in_fit(tf, capsys):
    model, _ = _functional(tf)
    model.compile("sgd", "mse", metrics=["mae"])
    assert model.metrics_names == ["loss", "mean_absolute_error", "act_sum", "out_mean"]
    assert [layer.name for layer in model.layers] == [
        "input_1", "l", "d", "tf_op_layer_Mean", "add_metric"]
    history = model.fit(X, Y, batch_size=4, epochs=2, verbose=2, shuffle=False)
    printed = capsys.readouterr().out
    assert ("loss: 1517.3153 - mean_absolute_error: 29.7800 - act_sum: 33.0000 - "
            "out_mean: -2.4170e+01") in printed
    np.testing.assert_allclose(history.history["act_sum"], [33.0, 33.0])
    np.testing.assert_allclose(history.history["out_mean"], [-24.17, -612.36206], rtol=1e-5)
    np.testing.assert_allclose(history.history["mean_absolute_error"], [29.78, 728.846],
                               rtol=1e-5)
    np.testing.assert_allclose(model.evaluate(X, Y, batch_size=4, verbose=0),
                               [2.0762918e+08, 12261.906, 33.0, 14478.594], rtol=1e-5)
    assert [m.name for m in model.metrics] == ["mean_absolute_error", "act_sum", "out_mean"]
    assert [m.name for m in model.layers[1].metrics] == ["act_sum"]


def test_metric_object_in_call(tf):
    class M(tf.keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.mx = tf.keras.metrics.Mean(name="mean_x")

        def call(self, x):
            self.add_metric(self.mx(x))
            self.add_metric(tf.reduce_max(x), name="mx", aggregation="mean")
            return x
    inp = tf.keras.Input((2,))
    out = tf.keras.layers.Dense(1, kernel_initializer="ones", name="d")(M(name="m")(inp))
    model = tf.keras.Model(inp, out)
    model.compile("sgd", "mse")
    assert model.metrics_names == ["loss", "mean_x", "mx"]
    np.testing.assert_allclose(model.train_on_batch(X[:4], Y[:4]), [56.0, 3.5, 7.0])
    np.testing.assert_allclose(model.test_on_batch(X, Y), [15.7386675, 5.5, 11.0], rtol=1e-5)
    np.testing.assert_allclose(model.evaluate(X, Y, batch_size=4, verbose=0),
                               [15.7386675, 5.5, 9.0], rtol=1e-5)
    seq = tf.keras.Sequential([M(name="mm", input_shape=(2,)),
                               tf.keras.layers.Dense(1, kernel_initializer="ones")])
    seq.compile("sgd", "mse")
    assert seq.metrics_names == ["loss", "mean_x", "mx"]
    np.testing.assert_allclose(seq.evaluate(X, Y, verbose=0, batch_size=4),
                               [146.66667, 5.5, 9.0], rtol=1e-5)


def test_subclassed_model(tf):
    class Sub(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(1, kernel_initializer="ones")

        def call(self, x):
            o = self.d(x)
            self.add_metric(tf.reduce_mean(o), name="om", aggregation="mean")
            return o
    model = Sub()
    model.compile("sgd", "mse", metrics=["mae"])
    history = model.fit(X, Y, batch_size=3, epochs=1, verbose=0, shuffle=False)
    assert model.metrics_names == ["loss", "mean_absolute_error", "om"]
    np.testing.assert_allclose(history.history["loss"], [72.78601551055908], rtol=1e-5)
    np.testing.assert_allclose(history.history["mean_absolute_error"], [7.333333], rtol=1e-5)
    np.testing.assert_allclose(history.history["om"], [8.333334], rtol=1e-5)


def test_names_taken_and_repeated(tf):
    inp = tf.keras.Input((2,))
    out = tf.keras.layers.Dense(1, kernel_initializer="ones")(inp)
    model = tf.keras.Model(inp, out)
    model.add_metric(tf.reduce_sum(out), name="mean_absolute_error", aggregation="mean")
    model.compile("sgd", "mse", metrics=["mae"])
    # the compiled metric takes the next free name
    assert model.metrics_names == ["loss", "mean_absolute_error_1", "mean_absolute_error"]
    history = model.fit(X, Y, verbose=0, batch_size=6).history
    assert {k: pytest.approx(v) for k, v in history.items()} == {
        "loss": [146.66667], "mean_absolute_error_1": [10.0], "mean_absolute_error": [66.0]}
    # two AddMetric layers of one name: both reported
    model.add_metric(tf.reduce_max(out), name="a", aggregation="mean")
    model.add_metric(tf.reduce_min(out), name="a", aggregation="mean")
    assert model.metrics_names[-2:] == ["a", "a"]


def test_shared_layer_keeps_one_metric(tf):
    class C(tf.keras.layers.Layer):
        def call(self, x):
            self.add_metric(tf.reduce_sum(x), name="cs", aggregation="mean")
            return x
    c = C()
    a, b = tf.keras.Input((2,)), tf.keras.Input((2,))
    model = tf.keras.Model([a, b], tf.keras.layers.Add()([c(a), c(b)]))
    model.compile("sgd", "mse")
    assert model.metrics_names == ["loss", "cs"]
    assert len(c.metrics) == 1
    np.testing.assert_allclose(model.evaluate([X, 2 * X], np.ones((6, 2)), verbose=0,
                                              batch_size=6), [347.5, 132.0], rtol=1e-6)


def test_config_round_trip(tf):
    inp = tf.keras.Input((2,))
    out = tf.keras.layers.Dense(1, kernel_initializer="ones", name="dd")(inp)
    model = tf.keras.Model(inp, out)
    model.add_metric(out, name="o", aggregation="mean")
    config = model.get_config()
    assert [layer["class_name"] for layer in config["layers"]] == [
        "InputLayer", "Dense", "AddMetric"]
    added = dict(config["layers"][-1]["config"])
    added.pop("name")
    assert added == {"trainable": True, "dtype": "float32", "aggregation": "mean",
                     "metric_name": "o"}
    rebuilt = tf.keras.Model.from_config(config)
    rebuilt.compile("sgd", "mse")
    assert rebuilt.metrics_names == ["loss", "o"]


def _message(fn):
    with pytest.raises(ValueError) as info:
        fn()
    return str(info.value)


def test_errors(tf):
    inp = tf.keras.Input((2,))
    out = tf.keras.layers.Dense(1)(inp)
    model = tf.keras.Model(inp, out)
    mean = tf.reduce_mean(out)
    assert _message(lambda: model.add_metric(mean, aggregation="sum", name="z")) == (
        "We currently support only `mean` sample-wise metric aggregation. "
        "You provided aggregation=`sum`")
    assert _message(lambda: model.add_metric(mean, aggregation="mean")) == (
        "Please provide a name for your metric like `self.add_metric(tf.reduce_sum(inputs), "
        "name='mean_activation', aggregation='mean')`")
    assert _message(lambda: model.add_metric(mean, name="q")).startswith(
        "We do not support adding an aggregated metric result tensor that is not the output "
        "of a `tf.keras.metrics.Metric` metric instance.")
    assert _message(lambda: model.add_metric(1.0, name="c", aggregation="mean")) == (
        "Expected a symbolic Tensor for the metric value, received: 1.0")
    assert _message(lambda: model.add_metric(tf.keras.metrics.Mean(name="q")(out))) == (
        "Using the result of calling a `Metric` object when calling `add_metric` on a "
        "Functional Model is not supported. Please pass the Tensor to monitor directly.")


def test_plain_and_tf_layers_layer(tf):
    x = tf.placeholder(tf.float32, [None, 2])
    for layer in (tf.keras.layers.Dense(2), tf.layers.Dense(2)):
        layer.add_metric(tf.reduce_sum(x), name="z", aggregation="mean")
        assert [m.name for m in layer.metrics] == ["z"]
        assert "provide a name" in _message(lambda: layer.add_metric(tf.reduce_sum(x)))


def test_nested_model_and_metric_variables(tf):
    class C(tf.keras.layers.Layer):
        def call(self, x):
            self.add_metric(tf.reduce_sum(x), name="cs", aggregation="mean")
            return x
    inp = tf.keras.Input((2,))
    inner = tf.keras.Model(inp, tf.keras.layers.Dense(1, kernel_initializer="ones")(
        C(name="c")(inp)))
    inner.compile("sgd", "mse", metrics=["mae"])
    inp2 = tf.keras.Input((2,))
    outer = tf.keras.Model(inp2, inner(inp2 * 2.0))
    outer.compile("sgd", "mse", metrics=["mse"])
    # the inner model's compiled metrics stay its own
    assert outer.metrics_names == ["loss", "mean_squared_error", "cs"]
    assert inner.metrics_names == ["loss", "mean_absolute_error", "cs"]
    np.testing.assert_allclose(outer.evaluate(X, Y, verbose=0, batch_size=4),
                               [627.6667, 627.6667, 66.0], rtol=1e-5)
    cs = outer.metrics[-1]
    assert [v.name for v in cs.variables] == ["c/total:0", "c/count:0"]

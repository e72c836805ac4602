"""tf.keras multi-output functional models, dict inputs/targets, InputLayer-first Sequential,
and save_weights/load_weights. Literals recorded from TF 2.21 (tf.compat.v1, v2 behaviour
disabled, TF_USE_LEGACY_KERAS=1)."""
import os

import numpy as np
import pytest

# summary() prints TF 1.15's layout (these literals: TF 1.15's print_summary run on TF 2.21's
# models); TF 2.21's tf_keras, the live reference, prints another (known_differences.txt)
TF1_SUMMARY_LAYOUT = not os.environ.get("TFCOMPAT_TEST_AGAINST_TF")

SUMMARY = """\
Model: "model"
__________________________________________________________________________________________________
Layer (type)                    Output Shape         Param #     Connected to                     
==================================================================================================
feats (InputLayer)              [(None, 5)]          0                                            
__________________________________________________________________________________________________
hidden (Dense)                  (None, 6)            36          feats[0][0]                      
__________________________________________________________________________________________________
reg (Dense)                     (None, 2)            14          hidden[0][0]                     
__________________________________________________________________________________________________
cls (Dense)                     (None, 1)            7           hidden[0][0]                     
==================================================================================================
Total params: 57
Trainable params: 57
Non-trainable params: 0
__________________________________________________________________________________________________
"""


def _two_outputs(tf):
    tf.set_random_seed(3)
    inp = tf.keras.Input(shape=(5,), name="feats")
    h = tf.keras.layers.Dense(6, activation="tanh", name="hidden")(inp)
    o1 = tf.keras.layers.Dense(2, name="reg")(h)
    o2 = tf.keras.layers.Dense(1, activation="sigmoid", name="cls")(h)
    return inp, o1, o2, tf.keras.Model(inputs=inp, outputs=[o1, o2])


def _data():
    rng = np.random.RandomState(1)
    return (rng.rand(32, 5).astype("float32"), rng.rand(32, 2).astype("float32"),
            rng.randint(0, 2, (32, 1)).astype("float32"))


def test_two_output_model_fit_matches_tf(tf):
    x, y1, y2 = _data()
    _, _, _, model = _two_outputs(tf)
    model.compile("sgd", loss=["mse", "binary_crossentropy"], loss_weights=[1.0, 0.5],
                  metrics=["accuracy"])
    assert model.metrics_names == ["loss", "reg_loss", "cls_loss", "reg_acc", "cls_acc"]
    history = model.fit(x, [y1, y2], epochs=2, batch_size=8, shuffle=False, verbose=0)
    expected = {"loss": [0.86143, 0.78324], "reg_loss": [0.47198, 0.39668],
                "cls_loss": [0.7789, 0.77312], "reg_acc": [0.46875, 0.46875],
                "cls_acc": [0.40625, 0.40625]}
    assert sorted(history.history) == sorted(expected)
    for key, values in expected.items():
        np.testing.assert_allclose(history.history[key], values, atol=2e-5)
    np.testing.assert_allclose(model.evaluate(x, [y1, y2], verbose=0), [
        0.7428829, 0.3581344, 0.76949704, 0.4375, 0.40625], rtol=1e-5)
    assert [p.shape for p in model.predict(x)] == [(32, 2), (32, 1)]
    lines = []
    model.summary(print_fn=lines.append)
    if TF1_SUMMARY_LAYOUT:
        assert "\n".join(lines) + "\n" == SUMMARY


def test_dict_inputs_and_targets(tf):
    x, y1, _ = _data()
    inp, o1, _, _ = _two_outputs(tf)
    model = tf.keras.Model(inp, o1)
    model.compile("adam", {"reg": "mae"})
    assert model.metrics_names == ["loss"]
    history = model.fit({"feats": x}, {"reg": y1}, verbose=0, epochs=1)
    assert list(history.history) == ["loss"]


def test_sequential_starting_with_an_input_layer(tf):
    model = tf.keras.Sequential([tf.keras.layers.InputLayer(input_shape=(5,)),
                                 tf.keras.layers.Dense(2)])
    assert [t.name for t in model.inputs] == ["input_1:0"]
    assert [t.name for t in model.outputs] == ["dense/BiasAdd:0"]
    assert [layer.name for layer in model.layers] == ["dense"]


def test_save_and_load_weights(tf, tmp_path):
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,)),
                                 tf.keras.layers.BatchNormalization(),
                                 tf.keras.layers.Dense(2)])
    path = os.path.join(str(tmp_path), "ckpt")
    model.save_weights(path)
    assert sorted(os.listdir(str(tmp_path))) == ["checkpoint", "ckpt.data-00000-of-00001",
                                                 "ckpt.index"]
    names = [name for name, _ in tf.train.list_variables(path)]
    assert [n for n in names if n != "_CHECKPOINTABLE_OBJECT_GRAPH"] == [
        "layer_with_weights-0/bias/.ATTRIBUTES/VARIABLE_VALUE",
        "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE",
        "layer_with_weights-1/beta/.ATTRIBUTES/VARIABLE_VALUE",
        "layer_with_weights-1/gamma/.ATTRIBUTES/VARIABLE_VALUE",
        "layer_with_weights-1/moving_mean/.ATTRIBUTES/VARIABLE_VALUE",
        "layer_with_weights-1/moving_variance/.ATTRIBUTES/VARIABLE_VALUE",
        "layer_with_weights-2/bias/.ATTRIBUTES/VARIABLE_VALUE",
        "layer_with_weights-2/kernel/.ATTRIBUTES/VARIABLE_VALUE"]
    saved = model.get_weights()
    model.set_weights([np.zeros_like(w) for w in saved])
    model.load_weights(path)
    for got, want in zip(model.get_weights(), saved):
        np.testing.assert_array_equal(got, want)


def test_class_and_sample_weights(tf):
    tf.set_random_seed(1)
    rng = np.random.RandomState(0)
    x = rng.rand(32, 4).astype("float32")
    y = rng.randint(0, 3, 32)
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax",
                                                       input_shape=(4,))])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["acc"])
    weights = {0: 1.0, 1: 2.0, 2: 0.5}
    history = model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0,
                        class_weight=weights)
    np.testing.assert_allclose(history.history["loss"], [1.9113438725471497,
                                                         1.8717091083526611], rtol=1e-6)
    assert history.history["acc"] == [0.34375, 0.34375]
    ramp = np.linspace(0, 1, 32)
    history = model.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0,
                        sample_weight=ramp)
    np.testing.assert_allclose(history.history["loss"], [0.6435688752681017], rtol=1e-6)
    np.testing.assert_allclose(model.evaluate(x, y, sample_weight=ramp, verbose=0),
                               [0.64243674, 0.34375], rtol=1e-6)
    model.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, np.eye(3)[y], epochs=1, batch_size=8, shuffle=False, verbose=0,
                        class_weight=weights)
    np.testing.assert_allclose(history.history["loss"], [1.8266660869121552], rtol=1e-6)
    with pytest.raises(ValueError, match="`class_weight` must contain all classes in the "
                                         "data. The classes .* exist in the data but not in "
                                         "`class_weight`."):
        model.fit(x, np.eye(3)[y], verbose=0, class_weight={0: 1.0})


def test_output_without_loss_takes_no_target(tf):
    """compile(loss=[None, 'mse']): the first output is "skipped" — no target, loss or metrics
    (fit/evaluate take one target array), predict still returns both outputs."""
    keras = tf.keras
    inp = keras.Input((4,))
    a = keras.layers.Dense(2, name="a", kernel_initializer="ones")(inp)
    b = keras.layers.Dense(1, name="b", kernel_initializer="ones")(a)
    model = keras.Model(inp, [a, b])
    model.compile("sgd", loss=[None, "mse"], metrics=["mae"])
    x = np.arange(32, dtype=np.float32).reshape(8, 4) / 10
    y = [np.ones((8, 1))]
    assert model.metrics_names == ["loss", "b_loss", "b_mean_absolute_error"]
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0, batch_size=8),
                               [183.72, 183.72, 11.4], rtol=1e-5)
    np.testing.assert_allclose(model.train_on_batch(x[:4], [np.ones((4, 1))]),
                               [37.8, 110.76, 9.266666], rtol=1e-5)
    np.testing.assert_allclose(model.get_weights()[0].ravel(),
                               [0.908, 0.908, 0.898, 0.898, 0.888, 0.888, 0.878, 0.878],
                               rtol=1e-5)
    history = model.fit(x, y, verbose=0, epochs=1, batch_size=4, shuffle=False).history
    assert sorted(history) == ["b_loss", "b_mean_absolute_error", "loss"]
    np.testing.assert_allclose(history["loss"], [19.823075], rtol=1e-5)
    np.testing.assert_allclose(history["b_mean_absolute_error"], [3.8676], rtol=1e-4)
    assert [p.shape for p in model.predict(x)] == [(8, 2), (8, 1)]
    model.compile("sgd", loss={"b": "mae"})
    assert model.metrics_names == ["loss", "b_loss"]
    with pytest.raises(ValueError, match="Expected to see 1 array"):
        model.fit(x, [np.ones((8, 2)), np.ones((8, 1))], verbose=0)

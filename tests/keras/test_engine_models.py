"""tf.keras Sequential and functional models in TF1 graph mode: layer and variable names,
inputs/outputs, summary(), calling a model on new tensors, weights. Expected literals were
recorded from TF 2.21 (tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import os

import numpy as np
import pytest

# summary() prints TF 1.15's layout (these literals: TF 1.15's print_summary run on TF 2.21's
# models); TF 2.21's tf_keras, the live reference, prints another (known_differences.txt)
TF1_SUMMARY_LAYOUT = not os.environ.get("TFCOMPAT_TEST_AGAINST_TF")

SUMMARY_FUNCTIONAL = """\
Model: "model"
_________________________________________________________________
Layer (type)                 Output Shape              Param #   
=================================================================
input_1 (InputLayer)         [(None, 3)]               0         
_________________________________________________________________
dense (Dense)                (None, 5)                 20        
_________________________________________________________________
dense_1 (Dense)              (None, 2)                 12        
=================================================================
Total params: 32
Trainable params: 32
Non-trainable params: 0
_________________________________________________________________
"""

SUMMARY_SEQUENTIAL = """\
Model: "sequential"
_________________________________________________________________
Layer (type)                 Output Shape              Param #   
=================================================================
dense (Dense)                (None, 3)                 15        
_________________________________________________________________
dense_1 (Dense)              (None, 1)                 4         
=================================================================
Total params: 19
Trainable params: 19
Non-trainable params: 0
_________________________________________________________________
"""


def _summary(model):
    lines = []
    model.summary(print_fn=lines.append)
    return "\n".join(lines) + "\n"


def _functional(tf):
    inp = tf.keras.Input(shape=(3,))
    h = tf.keras.layers.Dense(5, activation="relu")(inp)
    out = tf.keras.layers.Dense(2, activation="softmax")(h)
    return inp, out, tf.keras.Model(inp, out)


def test_input_names(tf):
    assert tf.keras.Input(shape=(3,)).name == "input_1:0"
    assert tf.keras.layers.Input(shape=(3,), name="foo").name == "foo:0"
    second = tf.keras.Input(shape=(2, 4), batch_size=8, dtype="int32")
    assert (second.name, second.shape.as_list(), second.dtype) == (
        "input_2:0", [8, 2, 4], tf.int32)
    assert second.op.type == "Placeholder"


def test_functional_model_structure_and_summary(tf):
    inp, out, model = _functional(tf)
    assert model.name == "model"
    assert [layer.name for layer in model.layers] == ["input_1", "dense", "dense_1"]
    assert model.inputs == [inp] and model.outputs == [out]
    assert out.name == "dense_1/Softmax:0"
    if TF1_SUMMARY_LAYOUT:
        assert _summary(model) == SUMMARY_FUNCTIONAL
    assert model.count_params() == 32
    assert [w.name for w in model.weights] == ["dense/kernel:0", "dense/bias:0",
                                               "dense_1/kernel:0", "dense_1/bias:0"]
    assert model.get_layer("dense").units == 5
    assert model.get_layer(index=2).name == "dense_1"


def test_calling_a_model_on_a_new_tensor(tf):
    _, _, model = _functional(tf)
    x = tf.placeholder(tf.float32, [None, 3])
    y = model(x)
    assert y.name == "model/dense_1/Softmax:0"
    ops = [op.name for op in tf.get_default_graph().get_operations()
           if op.type != "ReadVariableOp"]   # tfcompat makes ref variables (no reads)
    assert ops[-3:] == [
        "model/dense_1/MatMul", "model/dense_1/BiasAdd", "model/dense_1/Softmax"]
    assert len(tf.global_variables()) == 4          # weights are shared, not re-made


def test_graph_disconnected_error(tf):
    a = tf.keras.Input(shape=(3,))
    b = tf.keras.Input(shape=(3,))
    out = tf.keras.layers.Add()([a, b])
    with pytest.raises(ValueError, match="Graph disconnected: cannot obtain value for tensor"):
        tf.keras.Model(a, out)


def test_sequential_with_input_shape(tf):
    model = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,)),
                                 tf.keras.layers.Dense(1)])
    assert model.name == "sequential"
    assert [t.name for t in model.inputs] == ["dense_input:0"]
    assert [t.name for t in model.outputs] == ["dense_1/BiasAdd:0"]
    assert [layer.name for layer in model.layers] == ["dense", "dense_1"]
    if TF1_SUMMARY_LAYOUT:
        assert _summary(model) == SUMMARY_SEQUENTIAL
    weights = model.get_weights()
    assert [w.shape for w in weights] == [(4, 3), (3,), (1, 1)[:0] + (3, 1), (1,)]


def test_sequential_deferred_build(tf):
    model = tf.keras.Sequential()
    model.add(tf.keras.layers.Dense(3))
    assert model.built is False
    with pytest.raises(ValueError, match="This model has not yet been built. Build the model "
                                         "first by calling `build\\(\\)` or by calling the "
                                         "model on a batch of data."):
        model.summary()
    x = tf.placeholder(tf.float32, [None, 4])
    y = model(x)
    assert y.name == "sequential/dense/BiasAdd:0"
    assert [v.name for v in tf.global_variables()] == ["sequential/dense/kernel:0",
                                                       "sequential/dense/bias:0"]
    lines = _summary(model).splitlines()
    assert not TF1_SUMMARY_LAYOUT or \
        "dense (Dense)                multiple                  15        " in lines


def test_sequential_add_errors(tf):
    with pytest.raises(TypeError) as info:
        tf.keras.Sequential().add(3)
    assert str(info.value) == ("The added layer must be an instance of class Layer. Received: "
                               "layer=3 of type <class 'int'>.")


def test_set_weights_and_get_weights_round_trip(tf):
    model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,))])
    values = [np.arange(6, dtype=np.float32).reshape(3, 2), np.array([1.0, -1.0], np.float32)]
    model.set_weights(values)
    got = model.get_weights()
    np.testing.assert_array_equal(got[0], values[0])
    np.testing.assert_array_equal(got[1], values[1])
    out = model.predict(np.ones((1, 3), np.float32))
    np.testing.assert_allclose(out, [[7.0, 8.0]])


def test_subclassed_model_tracks_layers(tf):
    class MyModel(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = tf.keras.layers.Dense(4, activation="relu")
            self.out = tf.keras.layers.Dense(1)

        def call(self, inputs):
            return self.out(self.hidden(inputs))

    model = MyModel()
    y = model(tf.placeholder(tf.float32, [None, 3]))
    assert model.name == "my_model"
    assert y.name == "my_model/dense_1/BiasAdd:0"
    assert [w.name for w in model.trainable_weights] == [
        "my_model/dense/kernel:0", "my_model/dense/bias:0", "my_model/dense_1/kernel:0",
        "my_model/dense_1/bias:0"]


def test_model_build_with_an_input_shape(tf):
    class MyModel(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d1 = tf.keras.layers.Dense(4, activation="relu")
            self.d2 = tf.keras.layers.Dense(1)

        def call(self, inputs):
            return self.d2(self.d1(inputs))

    model = MyModel()
    with pytest.raises(ValueError, match="This model has not yet been built."):
        model.summary()
    model.build((None, 3))
    assert model.built and model.inputs is None
    assert [w.name for w in model.weights] == ["dense/kernel:0", "dense/bias:0",
                                               "dense_1/kernel:0", "dense_1/bias:0"]
    lines = []
    model.summary(print_fn=lines.append)
    if TF1_SUMMARY_LAYOUT:
        assert lines[4] == "dense (Dense)                multiple                  16        "
        assert lines[-4] == "Total params: 21"
    seq = tf.keras.Sequential([tf.keras.layers.Dense(2)])
    seq.build((None, 5))
    assert [w.name for w in seq.weights] == ["dense_2/kernel:0", "dense_2/bias:0"]
    assert seq.inputs is None and seq.outputs is None


def test_custom_layer_with_sublayers_trains_them(tf):
    tf.set_random_seed(2)

    class Block(tf.keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.d1 = tf.keras.layers.Dense(units, activation="relu")
            self.d2 = tf.keras.layers.Dense(units)

        def call(self, x):
            return self.d2(self.d1(x)) + x

    inp = tf.keras.Input((4,))
    block = Block(4)
    model = tf.keras.Model(inp, tf.keras.layers.Dense(1)(block(inp)))
    model.compile("sgd", "mse")
    assert [w.name for w in model.trainable_weights] == [
        "block/dense/kernel:0", "block/dense/bias:0", "block/dense_1/kernel:0",
        "block/dense_1/bias:0", "dense_2/kernel:0", "dense_2/bias:0"]
    rng = np.random.RandomState(0)
    history = model.fit(rng.rand(16, 4), rng.rand(16, 1), epochs=2, batch_size=8,
                        shuffle=False, verbose=0)
    assert [round(v, 5) for v in history.history["loss"]] == [0.97622, 0.75397]


def test_sequential_pop_and_nested_frozen_model(tf):
    L = tf.keras.layers
    model = tf.keras.Sequential([L.Dense(4, input_shape=(3,)), L.Dense(2), L.Dense(1)])
    model.pop()
    assert [layer.name for layer in model.layers] == ["dense", "dense_1"]
    assert [t.name for t in model.outputs] == ["dense_1/BiasAdd:0"]
    model.add(L.Dense(5))
    assert [t.name for t in model.outputs] == ["dense_3/BiasAdd:0"]
    lines = _summary(model).splitlines()
    assert not TF1_SUMMARY_LAYOUT or \
        "dense_1 (Dense)              (None, 2)                 10        " in lines
    model.trainable = False
    assert (len(model.trainable_weights), len(model.non_trainable_weights)) == (0, 6)
    base = tf.keras.Sequential([L.Dense(4, input_shape=(3,))])
    base.trainable = False
    top = tf.keras.Sequential([base, L.Dense(1)])
    assert (len(top.trainable_weights), len(top.weights)) == (2, 4)
    lines = _summary(top).splitlines()
    if TF1_SUMMARY_LAYOUT:
        assert lines[4] == "sequential_1 (Sequential)    (None, 4)                 16        "
        assert lines[-3:-1] == ["Trainable params: 5", "Non-trainable params: 16"]

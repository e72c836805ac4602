"""tf.keras layers called on placeholders in TF1 graph code: names, shapes, variables, values
and errors. Expected literals were recorded from TF 2.21 (tf.compat.v1 with v2 behaviour
disabled, TF_USE_LEGACY_KERAS=1); run with TFCOMPAT_TEST_AGAINST_TF=1 to check them there."""
import numpy as np
import pytest


def _run(tf, fetches, feed=None, init=True):
    with tf.Session() as sess:
        if init:
            sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def test_dense_names_shapes_and_auto_names(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    layer = tf.keras.layers.Dense(4, activation="relu")
    h = layer(x)
    assert h.name == "dense/Relu:0"
    assert h.shape.as_list() == [None, 4]
    assert h.op.inputs[0].op.type == "BiasAdd"
    assert layer.kernel.name == "dense/kernel:0"
    assert layer.kernel.shape.as_list() == [3, 4]
    h2 = tf.keras.layers.Dense(2)(h)
    assert h2.name == "dense_1/BiasAdd:0"
    assert [v.name for v in tf.global_variables()] == [
        "dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]
    assert [v.name for v in tf.trainable_variables()] == [
        "dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]
    assert layer.count_params() == 16
    assert [w.name for w in layer.trainable_weights] == ["dense/kernel:0", "dense/bias:0"]
    assert layer.non_trainable_weights == []


def test_dense_called_twice_gets_a_new_name_scope(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    layer = tf.keras.layers.Dense(4)
    a, b = layer(x), layer(x)
    assert (a.name, b.name) == ("dense/BiasAdd:0", "dense_1/BiasAdd:0")
    # the next auto-named layer is `dense_1`; its scope `dense_1` is taken, so it becomes dense_1_1
    tf.keras.layers.Dense(2)(x)
    assert [v.name for v in tf.global_variables()][-2:] == ["dense_1_1/kernel:0",
                                                             "dense_1_1/bias:0"]


def test_dense_values_and_training_with_tf_train(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    layer = tf.keras.layers.Dense(2, kernel_initializer="ones", bias_initializer="zeros")
    y = layer(x)
    loss = tf.reduce_mean(tf.square(y - 1.0))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y, {x: [[1.0, 2.0, 3.0]]}), [[6.0, 6.0]])
        sess.run(train, {x: [[1.0, 2.0, 3.0]]})
        kernel = sess.run(layer.kernel)
    # d loss / d kernel = x^T (y - 1) = [1, 2, 3] * 5 per unit -> 1 - 0.1 * that
    np.testing.assert_allclose(kernel, [[0.5, 0.5], [0.0, 0.0], [-0.5, -0.5]], rtol=1e-6)


def test_dense_rank3_input_uses_tensordot(tf):
    x = tf.placeholder(tf.float32, [None, 5, 3])
    y = tf.keras.layers.Dense(4)(x)
    assert y.shape.as_list() == [None, 5, 4]


def test_dense_input_errors(tf):
    with pytest.raises(TypeError) as info:
        tf.keras.layers.Dense(3, foo=1)
    assert info.value.args == ("Keyword argument not understood:", "foo")
    with pytest.raises(ValueError, match="The last dimension of the inputs to a Dense layer "
                                         "should be defined. Found None."):
        tf.keras.layers.Dense(3)(tf.placeholder(tf.float32, [None, None]))
    layer = tf.keras.layers.Dense(4)
    layer(tf.placeholder(tf.float32, [None, 3]))
    with pytest.raises(ValueError) as info:
        layer(tf.placeholder(tf.float32, [None, 5]))
    assert str(info.value) == (
        'Input 0 of layer "dense_1" is incompatible with the layer: expected axis -1 of input '
        "shape to have value 3, but received input with shape (None, 5)")


def test_unbuilt_and_unconnected_layer_errors(tf):
    layer = tf.keras.layers.Dense(3)
    with pytest.raises(AttributeError):
        layer.kernel
    layer(tf.placeholder(tf.float32, [None, 2]))
    with pytest.raises(AttributeError, match="Layer dense is not connected, no input to return."):
        layer.input


def test_dense_get_config(tf):
    layer = tf.keras.layers.Dense(4, input_dim=3)
    config = layer.get_config()
    assert config["name"] == "dense"
    assert config["batch_input_shape"] == (None, 3)
    assert config["units"] == 4 and config["activation"] == "linear"
    assert config["use_bias"] is True and config["bias_regularizer"] is None
    assert config["bias_initializer"]["class_name"] == "Zeros"
    assert config["kernel_initializer"]["class_name"] == "GlorotUniform"


def test_weight_regularizer_losses_stay_on_the_layer(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    layer = tf.keras.layers.Dense(4, kernel_regularizer=tf.keras.regularizers.l2(0.01))
    layer(x)
    assert [t.name for t in layer.losses] == ["dense/kernel/Regularizer/mul:0"]
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == []


def test_dropout_uses_the_learning_phase(tf):
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.keras.layers.Dropout(0.5)(x)
    assert y.name == "dropout/cond/Merge:0"
    phase = tf.keras.backend.learning_phase()
    assert phase.name == "keras_learning_phase:0"
    data = np.ones((2, 4), np.float32)
    np.testing.assert_array_equal(_run(tf, y, {x: data}), data)
    dropped = _run(tf, y, {x: data, phase: True})
    assert set(np.unique(dropped)) <= {0.0, 2.0}


def test_flatten_reshape_activation_lambda(tf):
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    assert tf.keras.layers.Flatten()(x).name == "flatten/Reshape:0"
    assert tf.keras.layers.Flatten()(x).shape.as_list() == [None, 192]
    u = tf.placeholder(tf.float32, [None, 4])
    r = tf.keras.layers.Reshape((2, 2))(u)
    assert (r.name, r.shape.as_list()) == ("reshape/Reshape:0", [None, 2, 2])
    assert tf.keras.layers.Activation("tanh")(u).name == "activation/Tanh:0"
    assert tf.keras.layers.Lambda(lambda t: t * 2)(u).name == "lambda/mul:0"
    assert tf.keras.layers.Flatten()(tf.placeholder(tf.float32, [None])).name == \
        "flatten_2/ExpandDims:0"
    np.testing.assert_array_equal(_run(tf, r, {u: [[1, 2, 3, 4]]}), [[[1, 2], [3, 4]]])


def test_merge_layers(tf):
    u = tf.placeholder(tf.float32, [None, 4])
    v = tf.placeholder(tf.float32, [None, 4])
    L = tf.keras.layers
    names = [L.Concatenate()([u, v]).name, L.Add()([u, v]).name, L.Multiply()([u, v]).name,
             L.concatenate([u, v]).name, L.add([u, v]).name]
    assert names == ["concatenate/concat:0", "add/add:0", "multiply/mul:0",
                     "concatenate_1/concat:0", "add_1/add:0"]
    assert L.Concatenate()([u, v]).shape.as_list() == [None, 8]


@pytest.mark.tfcompat_only   # TF 2.21's tf_keras adds one to the seed per call (known_differences)
def test_a_seeded_dropout_uses_its_seed_on_every_call(tf):
    # TF 1.15's Dropout.call passes seed=self.seed to nn.dropout each time: every call's random
    # op has the same (graph seed, op seed), so a Sequential built from input_shape (one call on
    # its Input) and then called on data draws the mask a direct call would
    tf.set_random_seed(3)
    layer = tf.keras.layers.Dropout(0.4, seed=3)
    model = tf.keras.Sequential([tf.keras.layers.Dropout(0.4, seed=3, input_shape=(16,))])
    first = layer(tf.ones([16, 16]), training=True)
    second = model(tf.ones([16, 16]), training=True)
    seeds = [(op.get_attr("seed"), op.get_attr("seed2"))
             for op in tf.get_default_graph().get_operations() if op.type == "RandomUniform"]
    assert seeds == [(3, 3)] * 3
    with tf.Session() as sess:
        a, b = sess.run([first, second])
    np.testing.assert_array_equal(a > 0, b > 0)

"""Keras `Layer` members of TF 1.15's `tf.layers` layers and `tf.nn.rnn_cell` cells:
masking flags, `set_weights`, `compute_mask`, `metrics`, `graph`, node accessors.
Expected values printed by TF (tensorflow.compat.v1, legacy Keras)."""
import warnings

import numpy as np
import pytest


def test_flags_of_layers_and_cells(tf):
    masking = {"Dense": True, "Dropout": True, "BatchNormalization": True, "Flatten": False,
               "Conv2D": False, "MaxPooling2D": False}
    with tf.Graph().as_default():
        for name, expected in masking.items():
            cls = getattr(tf.layers, name)
            layer = cls(2, 2) if name in ("Conv2D", "MaxPooling2D") else (
                cls(2) if name == "Dense" else cls())
            assert layer.supports_masking is expected, name
            assert (layer.dynamic, layer.stateful, layer.metrics) == (False, False, [])
        cell = tf.nn.rnn_cell.LSTMCell(3)
        multi = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(2)])
        for c in (cell, multi):
            assert (c.supports_masking, c.dynamic, c.stateful, c.metrics) == (
                False, False, False, [])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert cell.graph is None


def test_compute_mask(tf):
    with tf.Graph().as_default():
        dense = tf.layers.Dense(2)
        x = tf.zeros([1])
        mask = tf.ones([1], name="m")
        assert dense.compute_mask(x) is None
        assert dense.compute_mask(x, mask) is mask
        cell = tf.nn.rnn_cell.BasicRNNCell(2, name="cell")
        assert cell.compute_mask(x) is None
        with pytest.raises(TypeError) as err:
            cell.compute_mask(x, mask)
        assert str(err.value) == ('Layer cell does not support masking, but was passed an '
                                  'input_mask: Tensor("m:0", shape=(1,), dtype=float32)')


def test_set_weights(tf):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        dense = tf.layers.Dense(2, name="fc")
        y = dense(x)
        with pytest.raises(ValueError) as err:
            dense.set_weights([np.ones((3, 2))])
        assert str(err.value) == (
            'You called `set_weights(weights)` on layer "fc" with a weight list of length 1, '
            'but the layer was expecting 2 weights. Provided weights: [array([[1., 1.],\n'
            '       [1., 1.],\n       [1., 1.]...')
        with pytest.raises(ValueError) as err:
            dense.set_weights([np.ones((3, 2)), np.ones((1, 2))])
        assert str(err.value) == ("Layer weight shape (2,) not compatible with provided "
                                  "weight shape (1, 2)")
        with tf.Session() as sess:
            dense.set_weights([np.arange(6.).reshape(3, 2), np.array([1., -1.])])
            np.testing.assert_allclose(sess.run(y, {x: [[1, 2, 3]]}), [[17., 21.]])
            kernel, bias = dense.get_weights()
            np.testing.assert_allclose(kernel, [[0., 1.], [2., 3.], [4., 5.]])
            np.testing.assert_allclose(bias, [1., -1.])


def test_set_weights_of_a_cell(tf):
    with tf.Graph().as_default():
        cell = tf.nn.rnn_cell.BasicRNNCell(2, activation=tf.identity)
        out, _ = cell(tf.ones([1, 1]), tf.zeros([1, 2]))
        with tf.Session() as sess:
            with pytest.raises(ValueError) as err:
                cell.set_weights([[[1., 2.], [0., 0.], [0., 0.]], [0.5, 0.5]])
            assert str(err.value) == ("Layer weight shape (3, 2) not compatible with provided "
                                      "weight shape ()")
            cell.set_weights([np.array([[1., 2.], [0., 0.], [0., 0.]]), np.array([0.5, 0.5])])
            np.testing.assert_allclose(sess.run(out), [[1.5, 2.5]])


def test_node_accessors_of_a_layer_called_on_graph_tensors(tf):
    with tf.Graph().as_default():
        dense = tf.layers.Dense(2, name="fc")
        dense(tf.placeholder(tf.float32, [None, 3]))
        cases = [("input", AttributeError, "Layer fc is not connected, no input to return."),
                 ("output", AttributeError, "Layer fc has no inbound nodes."),
                 ("input_shape", AttributeError,
                  'The layer "fc" has never been called and thus has no defined input shape. '
                  "Note that the `input_shape` property is only available for Functional and "
                  "Sequential models."),
                 ("output_shape", AttributeError,
                  "The layer has never been called and thus has no defined output shape.")]
        for attr, cls, message in cases:
            with pytest.raises(cls) as err:
                getattr(dense, attr)
            assert str(err.value) == message
        for method, what in [("get_input_at", "input"), ("get_output_at", "output"),
                             ("get_input_shape_at", "input shape"),
                             ("get_output_shape_at", "output shape")]:
            with pytest.raises(RuntimeError) as err:
                getattr(dense, method)(0)
            assert str(err.value) == ("The layer has never been called and thus has no "
                                      "defined %s." % what)


ZEROS = {"class_name": "Zeros", "config": {"dtype": "float32"}}


def test_get_config_of_dense_dropout_flatten(tf):
    with tf.Graph().as_default():
        dense = tf.layers.Dense(2, activation=tf.nn.relu, use_bias=False, name="fc",
                                kernel_initializer=tf.glorot_uniform_initializer(seed=1),
                                kernel_regularizer=tf.nn.l2_loss)
        assert dense.get_config() == {
            "name": "fc", "trainable": True, "dtype": None, "units": 2, "activation": "relu",
            "use_bias": False,
            "kernel_initializer": {"class_name": "GlorotUniform",
                                   "config": {"seed": 1, "dtype": "float32"}},
            "bias_initializer": ZEROS, "kernel_regularizer": "l2_loss",
            "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
            "bias_constraint": None}
        dense = tf.layers.Dense(2, name="q")
        dense(tf.zeros([1, 3]))
        config = dense.get_config()
        assert (config["dtype"], config["activation"], config["kernel_initializer"],
                config["bias_initializer"]) == ("float32", "linear", None, ZEROS)
        assert tf.layers.Dropout(0.3, noise_shape=[1, 2], seed=3, name="d").get_config() == {
            "name": "d", "trainable": True, "dtype": None, "rate": 0.3, "noise_shape": [1, 2],
            "seed": 3}
        assert tf.layers.Flatten(name="f").get_config() == {
            "name": "f", "trainable": True, "dtype": None, "data_format": "channels_last"}


def test_get_config_of_cells(tf):
    with tf.Graph().as_default():
        lstm = tf.nn.rnn_cell.LSTMCell(3, use_peepholes=True, num_proj=2, forget_bias=0.5,
                                       cell_clip=3.0, initializer=tf.orthogonal_initializer(),
                                       name="l")
        assert lstm.get_config() == {
            "name": "l", "trainable": True, "dtype": None, "num_units": 3,
            "use_peepholes": True, "cell_clip": 3.0,
            "initializer": {"class_name": "Orthogonal",
                            "config": {"gain": 1.0, "seed": None, "dtype": "float32"}},
            "num_proj": 2, "proj_clip": None, "num_unit_shards": None, "num_proj_shards": None,
            "forget_bias": 0.5, "state_is_tuple": True, "activation": "tanh", "reuse": None}
        gru = tf.nn.rnn_cell.GRUCell(3, name="g", kernel_initializer=tf.ones_initializer())
        assert gru.get_config() == {
            "name": "g", "trainable": True, "dtype": None, "num_units": 3,
            "kernel_initializer": {"class_name": "Ones", "config": {"dtype": "float32"}},
            "bias_initializer": None, "activation": "tanh", "reuse": None}
        rnn = tf.nn.rnn_cell.BasicRNNCell(3, activation=tf.nn.relu, name="r", reuse=True)
        assert rnn.get_config() == {"name": "r", "trainable": True, "dtype": None,
                                    "num_units": 3, "activation": "relu", "reuse": True}


def test_from_config_round_trip(tf):
    with tf.Graph().as_default():
        source = tf.layers.Dense(3, activation="relu", name="w",
                                 kernel_initializer=tf.glorot_uniform_initializer(seed=1))
        dense = tf.layers.Dense.from_config(source.get_config())
        y = dense(tf.ones([1, 2]))
        assert (dense.name, dense.units) == ("w", 3)
        cell = tf.nn.rnn_cell.GRUCell.from_config(tf.nn.rnn_cell.GRUCell(2, name="gg")
                                                  .get_config())
        assert cell.get_config()["name"] == "gg"
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            np.testing.assert_allclose(sess.run(y), [[0.0, 1.6561, 0.0]], atol=1e-4)

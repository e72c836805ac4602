"""Members of everyday objects TF 1.x programs call: `get_config`/`from_config` of the
tf.layers conv, pooling and batch-normalization layers, ... Expected values printed by TF
(tensorflow.compat.v1, legacy Keras); TF 2.3+ adds `groups` to the conv configs, which TF 1.15's
lack."""
import numpy as np
import pytest

_ZEROS = {"class_name": "Zeros", "config": {"dtype": "float32"}}
_ONES = {"class_name": "Ones", "config": {"dtype": "float32"}}


def _config(layer):
    config = layer.get_config()
    config.pop("groups", None)   # TF 2.3+ only
    return config


def _conv_config(name, filters, kernel_size, strides, padding="valid", dilation_rate=None,
                 activation="linear", kernel_initializer=None, kernel_regularizer=None):
    rank = len(kernel_size)
    return {"name": name, "trainable": True, "dtype": "float32", "filters": filters,
            "kernel_size": kernel_size, "strides": strides, "padding": padding,
            "data_format": "channels_last", "dilation_rate": dilation_rate or (1,) * rank,
            "activation": activation, "use_bias": True, "kernel_initializer": kernel_initializer,
            "bias_initializer": _ZEROS, "kernel_regularizer": kernel_regularizer,
            "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
            "bias_constraint": None}


def test_conv_configs_after_call(tf):
    with tf.Graph().as_default():
        x1, x2, x3 = tf.zeros([2, 8, 3]), tf.zeros([2, 8, 8, 3]), tf.zeros([2, 4, 4, 4, 3])
        conv1 = tf.layers.Conv1D(4, 3, activation=tf.nn.relu)
        conv2 = tf.layers.Conv2D(4, (3, 3), strides=2, padding="same",
                                 kernel_regularizer=tf.keras.regularizers.l2(0.1))
        conv3t = tf.layers.Conv3DTranspose(4, 2)
        sep = tf.layers.SeparableConv2D(4, 3, depth_multiplier=2)
        for layer, x in ((conv1, x1), (conv2, x2), (conv3t, x3), (sep, x2)):
            layer(x)
        assert _config(conv1) == _conv_config("conv1d_1", 4, (3,), (1,), activation="relu")
        l2 = {"class_name": "L2", "config": {"l2": 0.10000000149011612}}
        assert _config(conv2) == _conv_config("conv2d_1", 4, (3, 3), (2, 2), "same",
                                              kernel_regularizer=l2)
        expected = _conv_config("conv3d_transpose_1", 4, (2, 2, 2), (1, 1, 1))
        del expected["dilation_rate"]
        expected["output_padding"] = None
        assert _config(conv3t) == expected
        expected = _conv_config("separable_conv2d_1", 4, (3, 3), (1, 1), kernel_initializer={
            "class_name": "GlorotUniform", "config": {"dtype": "float32", "seed": None}})
        expected.update(depth_multiplier=2, depthwise_initializer=None,
                        pointwise_initializer=None, depthwise_regularizer=None,
                        pointwise_regularizer=None, depthwise_constraint=None,
                        pointwise_constraint=None)
        assert _config(sep) == expected
        for layer in (conv1, conv2, conv3t, sep):
            assert _config(type(layer).from_config(layer.get_config())) == _config(layer)


def test_conv_from_config_builds_the_same_layer(tf):
    with tf.Graph().as_default():
        conv = tf.layers.Conv2D(2, 3, activation="relu", name="cc",
                                kernel_initializer=tf.constant_initializer(0.5))
        config = _config(conv)
        assert config["kernel_initializer"] == {
            "class_name": "Constant", "config": {"value": 0.5, "dtype": "float32"}}
        assert config["activation"] == "relu" and config["dtype"] is None
        again = tf.layers.Conv2D.from_config(conv.get_config())
        assert _config(again) == config
        y = again(tf.ones([1, 3, 3, 1]))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            np.testing.assert_allclose(sess.run(y), [[[[4.5, 4.5]]]])


def test_conv2d_transpose_output_padding(tf):
    with tf.Graph().as_default():
        conv = tf.layers.Conv2DTranspose(3, 2, output_padding=1, strides=2, dilation_rate=1)
        config = _config(conv)
        assert (config["output_padding"], config["dilation_rate"]) == ((1, 1), (1, 1))
        assert conv(tf.zeros([1, 4, 4, 2])).shape.as_list() == [1, 9, 9, 3]


def test_pooling_configs(tf):
    with tf.Graph().as_default():
        pool = tf.layers.MaxPooling1D(2, 2)
        pool(tf.zeros([2, 8, 3]))
        assert pool.get_config() == {"name": "max_pooling1d_1", "trainable": True,
                                     "dtype": "float32", "pool_size": (2,), "padding": "valid",
                                     "strides": (2,), "data_format": "channels_last"}
        avg = tf.layers.AveragePooling3D(2, 1)
        avg(tf.zeros([2, 4, 4, 4, 3]))
        assert (avg.get_config()["pool_size"], avg.get_config()["strides"]) == (
            (2, 2, 2), (1, 1, 1))
        pool = tf.layers.MaxPooling2D.from_config({
            "pool_size": [3, 3], "strides": 2, "padding": "same", "name": "p",
            "trainable": True, "dtype": None, "data_format": "channels_last"})
        assert pool.get_config() == {"name": "p", "trainable": True, "dtype": None,
                                     "pool_size": (3, 3), "padding": "same", "strides": (2, 2),
                                     "data_format": "channels_last"}
        y = pool(tf.zeros([1, 5, 5, 2]))
        assert (y.name, y.shape.as_list()) == ("p/MaxPool:0", [1, 3, 3, 2])


def _bn_config(name, axis, dtype, momentum=0.99, **extra):
    config = {"name": name, "trainable": True, "dtype": dtype, "axis": axis,
              "momentum": momentum, "epsilon": 0.001, "center": True, "scale": True,
              "beta_initializer": _ZEROS, "gamma_initializer": _ONES,
              "moving_mean_initializer": _ZEROS, "moving_variance_initializer": _ONES,
              "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None,
              "gamma_constraint": None}
    config.update(extra)
    return config


def test_batch_normalization_configs(tf):
    with tf.Graph().as_default():
        bn = tf.layers.BatchNormalization(momentum=0.9)
        assert bn.get_config() == _bn_config("batch_normalization_1", -1, None, 0.9)
        bn(tf.zeros([2, 4, 4, 3]))
        assert bn.get_config() == _bn_config("batch_normalization_1", [3], "float32", 0.9)
        renorm = tf.layers.BatchNormalization(axis=1, renorm=True, fused=False)
        renorm(tf.zeros([2, 4, 4, 3]))
        assert renorm.get_config() == _bn_config(
            "batch_normalization_2", [1], "float32", renorm=True, renorm_clipping={},
            renorm_momentum=0.99)
        ghost = tf.layers.BatchNormalization(
            virtual_batch_size=2, gamma_regularizer=tf.keras.regularizers.l1(0.5),
            beta_constraint=tf.keras.constraints.NonNeg())
        assert ghost.get_config() == _bn_config(
            "batch_normalization_3", -1, None, virtual_batch_size=2,
            gamma_regularizer={"class_name": "L1", "config": {"l1": 0.5}},
            beta_constraint={"class_name": "NonNeg", "config": {}})
        for layer in (bn, renorm, ghost):
            again = tf.layers.BatchNormalization.from_config(layer.get_config())
            assert again.get_config() == layer.get_config()


def _variables(tf):
    init = np.arange(12.).reshape(3, 4).astype(np.float32)
    return (tf.get_variable("rv", initializer=init, use_resource=True),
            tf.get_variable("v", initializer=init, use_resource=False))


def test_resource_variable_gather_nd(tf):
    with tf.Graph().as_default() as graph:
        rv, v = _variables(tf)
        a = rv.gather_nd([[0, 1], [2, 3]])
        b = rv.gather_nd([[1]], name="rows")
        c = tf.gather_nd(rv, [[2]])
        d = tf.gather_nd(v, [[0, 1], [2, 2]])
        with pytest.raises(AttributeError):
            v.gather_nd([[0]])
        with pytest.raises(AttributeError):
            v.sparse_read([0])
        with pytest.raises(NotImplementedError) as err:
            rv.numpy()
        assert str(err.value) == "numpy() is only available when eager execution is enabled."
        assert [(t.name, t.op.type, t.op.inputs[0].op.type, t.shape.as_list())
                for t in (a, b, c)] == [
            ("Identity:0", "Identity", "ResourceGatherNd", [2]),
            ("Identity_1:0", "Identity", "ResourceGatherNd", [1, 4]),
            ("Identity_2:0", "Identity", "ResourceGatherNd", [1, 4])]
        assert [(o.name, o.type) for o in graph.get_operations() if "Gather" in o.type] == [
            ("GatherNd", "ResourceGatherNd"), ("rows", "ResourceGatherNd"),
            ("GatherNd_1", "ResourceGatherNd"), ("GatherNd_2", "GatherNd")]
        assert tf.gather_nd(rv, tf.placeholder(tf.int32, [None, 2, 1])).shape.as_list() == [
            None, 2, 4]
        with pytest.raises(ValueError) as err:
            rv.gather_nd([[0, 1, 2]])
        assert str(err.value).startswith(
            "indices.shape[-1] must be <= params.rank, but saw indices shape: [1,3] and params "
            "shape: [3,4] for '{{node GatherNd_4}} = ResourceGatherNd[")
        bad = rv.gather_nd([[5, 0]])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = sess.run([a, b, c, d])
            with pytest.raises(tf.errors.InvalidArgumentError) as err:
                sess.run(bad)
    np.testing.assert_array_equal(values[0], [1., 11.])
    np.testing.assert_array_equal(values[1], [[4., 5., 6., 7.]])
    np.testing.assert_array_equal(values[2], [[8., 9., 10., 11.]])
    np.testing.assert_array_equal(values[3], [1., 10.])
    assert "indices[0] = [5, 0] does not index into param shape [3,4]" in str(err.value)


def test_resource_gather_nd_gradients(tf):
    with tf.Graph().as_default():
        rv, _ = _variables(tf)
        a = rv.gather_nd([[0, 1], [2, 3]])
        b = rv.gather_nd(tf.constant([[1], [1]], tf.int64), name="rows")
        dense = tf.gradients(tf.reduce_sum(a * 2.), rv)[0]
        rows = tf.gradients(tf.reduce_sum(b * 3.), rv)[0]
        both = tf.gradients(tf.reduce_sum(b * 3.) + tf.reduce_sum(a), rv)[0]
        assert (dense.name, dense.op.type) == ("gradients/GatherNd_grad/ScatterNd:0", "ScatterNd")
        assert (dense.shape.as_list(), both.shape.as_list()) == ([3, 4], [3, 4])
        assert isinstance(rows, tf.IndexedSlices)
        assert (rows.indices.name, rows.dense_shape.name, rows.dense_shape.dtype) == (
            "gradients_1/rows_grad/Squeeze:0", "gradients_1/rows_grad/VariableShape:0",
            tf.int64)
        assert (both.name, both.op.type) == ("gradients_2/AddN:0", "AddN")
        step = tf.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_sum(b))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run([dense, rows.indices, both])
            sess.run(step)
            after = sess.run(rv)
    np.testing.assert_array_equal(got[0], [[0, 2, 0, 0], [0, 0, 0, 0], [0, 0, 0, 2]])
    np.testing.assert_array_equal(got[1], [1, 1])
    np.testing.assert_array_equal(got[2], [[0, 1, 0, 0], [6, 6, 6, 6], [0, 0, 0, 1]])
    np.testing.assert_array_equal(after, [[0, 1, 2, 3], [3, 4, 5, 6], [8, 9, 10, 11]])


def test_queue_from_list(tf):
    with tf.Graph().as_default() as graph:
        q1 = tf.FIFOQueue(3, [tf.float32, tf.int32], shapes=[[2], []], names=["a", "b"])
        q2 = tf.PaddingFIFOQueue(3, [tf.float32, tf.int32], shapes=[[None], []],
                                 names=["a", "b"])
        index = tf.placeholder(tf.int32, [])
        queue = tf.QueueBase.from_list(index, [q1, q2])
        assert type(queue) is tf.QueueBase
        assert (queue.name, queue.queue_ref.dtype, queue.dtypes, queue.names) == (
            "GatherV2", tf.resource, [tf.float32, tf.int32], ["a", "b"])
        assert [s.as_list() for s in queue.shapes] == [[None], []]
        assert [(o.name, o.type) for o in graph.get_operations()][2:] == [
            ("Placeholder", "Placeholder"), ("stack", "Pack"), ("GatherV2/axis", "Const"),
            ("GatherV2", "GatherV2")]
        put = q1.enqueue({"a": [1., 2.], "b": 3})
        got = queue.dequeue()
        size = queue.size()
        assert (got["a"].name, got["a"].shape.as_list(), size.name) == (
            "GatherV2_Dequeue:0", [None], "GatherV2_Size:0")
        put2 = queue.enqueue({"a": [5., 6.], "b": 4})
        with tf.Session() as sess:
            sess.run(put)
            out = sess.run(got, {index: 0})
            sess.run(put2, {index: 1})
            sizes = sess.run([q1.size(), q2.size(), size], {index: 1})
            with pytest.raises(tf.errors.InvalidArgumentError) as err:
                sess.run(size, {index: 2})
        np.testing.assert_array_equal(out["a"], [1., 2.])
        assert out["b"] == 3 and sizes == [0, 1, 1]
        assert "indices = 2 is not in [0, 2)" in str(err.value)
        for bad, message in (([], "A list of queues expected"),
                             ((q1,), "A list of queues expected"),
                             ([q1, tf.FIFOQueue(2, tf.float32)],
                              "Queues do not have matching component dtypes."),
                             ([q1, tf.FIFOQueue(2, [tf.float32, tf.int32])],
                              "Queues do not have matching component names.")):
            with pytest.raises(TypeError) as err:
                tf.QueueBase.from_list(0, bad)
            assert str(err.value) == message


def test_layers_are_modules(tf):
    with tf.Graph().as_default():
        dense = tf.layers.Dense(2, name="fc")
        assert (dense.variables, dense.trainable_variables, dense.submodules) == ([], [], ())
        keras_dense = tf.keras.layers.Dense(2, name="kd")
        cell = tf.nn.rnn_cell.GRUCell(2, name="g1")
        for layer, cls in ((dense, "Dense"), (keras_dense, "Dense"), (cell, "GRUCell")):
            assert isinstance(layer, tf.Module)
            with pytest.raises(AttributeError) as err:
                layer.name_scope
            assert str(err.value) == "'%s' object has no attribute '_scope_name'" % cls
        dense(tf.zeros([1, 3]))
        assert [v.name for v in dense.variables] == ["fc/kernel:0", "fc/bias:0"]
        assert type(dense.variables) is list and dense.submodules == ()

        class Scoped(tf.layers.Layer):
            @tf.Module.with_name_scope
            def make(self):
                return tf.constant(1.)
        with pytest.raises(AttributeError) as err:
            Scoped(name="s").make()
        assert str(err.value) == "'Scoped' object has no attribute '_scope_name'"


def test_module_finds_layers_and_cells(tf):
    with tf.Graph().as_default():
        gru, lstm = tf.nn.rnn_cell.GRUCell(2, name="g1"), tf.nn.rnn_cell.BasicLSTMCell(3)
        multi = tf.nn.rnn_cell.MultiRNNCell(
            [gru, tf.nn.rnn_cell.DropoutWrapper(lstm, output_keep_prob=0.5)])
        assert [type(m).__name__ for m in multi.submodules] == [
            "GRUCell", "DropoutWrapper", "BasicLSTMCell"]

        class Net(tf.Module):
            def __init__(self):
                super().__init__(name="net")
                self.fc = tf.layers.Dense(2, name="fcx")
                self.w = tf.Variable(1., name="w")
        net = Net()
        net.fc(tf.zeros([1, 3]))
        assert [type(m).__name__ for m in net.submodules] == ["Dense"]
        assert [v.name for v in net.variables] == ["w:0", "fcx/kernel:0", "fcx/bias:0"]
        assert [v.name for v in net.trainable_variables] == ["w:0", "fcx/kernel:0",
                                                             "fcx/bias:0"]


def _gru_config(name, dtype, units=3):
    return {"name": name, "trainable": True, "dtype": dtype, "num_units": units,
            "kernel_initializer": None, "bias_initializer": None, "activation": "tanh",
            "reuse": None}


def test_rnn_cell_configs(tf):
    cells = tf.nn.rnn_cell
    with tf.Graph().as_default():
        seq = tf.zeros([2, 4, 3])
        lstm = cells.BasicLSTMCell(3, state_is_tuple=False, activation=tf.nn.relu, name="bl")
        drop = cells.DropoutWrapper(cells.GRUCell(3, name="gg"), 0.5, state_keep_prob=0.8,
                                    seed=3)
        residual = cells.ResidualWrapper(cells.BasicRNNCell(3))
        multi = cells.MultiRNNCell([cells.GRUCell(3), cells.GRUCell(3)])
        device = cells.DeviceWrapper(cells.GRUCell(3), "/cpu:0")
        assert lstm.get_config() == {
            "name": "bl", "trainable": True, "dtype": None, "num_units": 3,
            "forget_bias": 1.0, "state_is_tuple": False, "activation": "relu", "reuse": None}
        assert multi.get_config() == {"name": "multi_rnn_cell_1", "trainable": True,
                                      "dtype": None}
        for i, cell in enumerate((lstm, drop, residual, multi, device)):
            with tf.variable_scope("s%d" % i):
                tf.nn.dynamic_rnn(cell, seq, dtype=tf.float32)
        assert lstm.get_config()["dtype"] == "float32"
        assert multi.get_config()["dtype"] == "float32"
        assert drop.get_config() == {
            "name": "dropout_wrapper_1", "trainable": True, "dtype": None,
            "cell": {"class_name": "GRUCell", "config": _gru_config("gg", "float32")},
            "input_keep_prob": 0.5, "output_keep_prob": 1.0,
            "state_keep_prob": 0.800000011920929, "variational_recurrent": False,
            "input_size": None, "seed": 3}
        assert residual.get_config() == {
            "name": "residual_wrapper_1", "trainable": True, "dtype": None,
            "cell": {"class_name": "BasicRNNCell", "config": {
                "name": "basic_rnn_cell_1", "trainable": True, "dtype": "float32",
                "num_units": 3, "activation": "tanh", "reuse": None}}}
        assert device.get_config()["device"] == "/cpu:0"
        again = cells.BasicLSTMCell.from_config(lstm.get_config())
        assert again.get_config() == lstm.get_config() and again.state_size == 6
        with pytest.raises(ValueError) as err:
            cells.DropoutWrapper.from_config(drop.get_config())
        assert str(err.value) == ("RNNCellWrapper cannot reconstruct the wrapped cell. Please "
                                  "overwrite the cell in the config with a RNNCell instance.")
        config = drop.get_config()
        config["cell"] = cells.GRUCell(2, name="g2")
        assert cells.DropoutWrapper.from_config(config).get_config()["cell"] == {
            "class_name": "GRUCell", "config": _gru_config("g2", None, 2)}
        lam = cells.ResidualWrapper(cells.GRUCell(3), residual_fn=lambda i, o: i + 2. * o)
        config = lam.get_config()
        assert sorted(config) == ["cell", "dtype", "name", "residual_fn", "residual_fn_module",
                                  "residual_fn_type", "trainable"]
        assert config["residual_fn_type"] == "lambda"
        config["cell"] = cells.GRUCell(3, name="g3")
        rebuilt = cells.ResidualWrapper.from_config(config)
        out, _ = tf.nn.dynamic_rnn(rebuilt, seq, dtype=tf.float32, scope="rebuilt")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            np.testing.assert_array_equal(sess.run(out), np.zeros([2, 4, 3]))


def test_tensor_overloadable_operators(tf):
    ops = tf.Tensor.OVERLOADABLE_OPERATORS
    assert isinstance(ops, set) and len(ops) == 34
    assert {"__add__", "__rmatmul__", "__getitem__", "__eq__", "__ne__", "__abs__"} <= ops
    assert "__iadd__" not in ops and "__len__" not in ops
    with pytest.raises(ValueError) as err:
        tf.Tensor._override_operator("__iadd__", lambda a, b: a)
    # TF 1.15's message; TF 2.x appends ". Allowed operators are {...}."
    assert str(err.value).startswith("Overriding __iadd__ is disallowed")


def test_name_scope_object_name(tf):
    with tf.Graph().as_default() as graph:
        scope = tf.name_scope("ns")
        assert scope.name == "ns"
        with scope as entered:
            assert (entered, tf.constant(1.).name) == ("ns/", "ns/Const:0")
        assert tf.name_scope(None, "dflt", []).name == "dflt"
        c = tf.constant(2.)
    with tf.Graph().as_default():
        with tf.name_scope("x", values=[c]) as entered:
            assert entered == "x/" and tf.get_default_graph() is graph
            assert tf.constant(3.).name == "x/Const:0"
        with pytest.raises(KeyError):
            with tf.name_scope("y"):
                raise KeyError("k")
        assert tf.constant(4.).name == "Const:0"


def test_tf_record_options_members(tf):
    options = tf.python_io.TFRecordOptions("ZLIB", window_bits=9, mem_level=3)
    assert tf.python_io.TFRecordOptions.compression_type_map == {1: "ZLIB", 2: "GZIP", 0: ""}
    assert (options.compression_type, options.window_bits, options.mem_level) == ("ZLIB", 9, 3)
    assert (options.flush_mode, options.input_buffer_size, options.output_buffer_size,
            options.compression_method, options.compression_strategy,
            options.compression_level) == (None,) * 6
    assert tf.python_io.TFRecordOptions.get_compression_type_string(
        tf.python_io.TFRecordOptions(1)) == "ZLIB"


def test_unconnected_layer_nodes_and_masks(tf):
    with tf.Graph().as_default():
        dense = tf.layers.Dense(2)
        dense(tf.zeros([1, 3]))
        cell = tf.nn.rnn_cell.GRUCell(2)
        for layer, name in ((dense, "dense_1"), (cell, "gru_cell_1")):
            assert (layer.inbound_nodes, layer.outbound_nodes) == ([], [])
            with pytest.raises(AttributeError) as err:
                layer.input_mask
            assert str(err.value) == "Layer %s is not connected, no input to return." % name
            with pytest.raises(AttributeError) as err:
                layer.output_mask
            assert str(err.value) == "Layer %s has no inbound nodes." % name
            for method, what in ((layer.get_input_mask_at, "input"),
                                 (layer.get_output_mask_at, "output")):
                with pytest.raises(RuntimeError) as err:
                    method(0)
                assert str(err.value) == ("The layer has never been called and thus has no "
                                          "defined %s." % what)


def test_compute_output_signature(tf):
    with tf.Graph().as_default():
        dense = tf.layers.Dense(2)
        spec = tf.TensorSpec([None, 3], tf.float64)
        assert repr(dense.compute_output_signature(spec)) == (
            "TensorSpec(shape=(?, 2), dtype=tf.float64, name=None)")
        dense(tf.zeros([1, 3]))
        assert repr(dense.compute_output_signature(spec)) == (
            "TensorSpec(shape=(?, 2), dtype=tf.float32, name=None)")
        conv = tf.layers.Conv2D(4, 3)
        assert repr(conv.compute_output_signature(tf.TensorSpec([1, 8, 8, 3], tf.float32))) == (
            "TensorSpec(shape=(1, 6, 6, 4), dtype=tf.float32, name=None)")
        flat = tf.layers.Flatten()
        assert repr(flat.compute_output_signature(tf.TensorSpec([1, 3, 2], tf.float32))) == (
            "TensorSpec(shape=(1, 6), dtype=tf.float32, name=None)")
        assert [s.as_list() for s in (flat.compute_output_shape([None, 0, 2]),
                                      flat.compute_output_shape([]),
                                      dense.compute_output_shape([None, 4]))] == [
            [None, None], [1, 1], [None, 2]]
        with pytest.raises(TypeError) as err:
            dense.compute_output_signature(tf.zeros([1, 3], name="z"))
        assert str(err.value) == (
            'Only TensorSpec signature types are supported, but saw signature entry: '
            'Tensor("z:0", shape=(1, 3), dtype=float32).')


def test_keras_layer_masks_nodes_metrics(tf):
    with tf.Graph().as_default():
        inp = tf.keras.Input(shape=(4,), dtype="int32")
        emb = tf.keras.layers.Embedding(10, 3, mask_zero=True)
        e = emb(inp)
        lstm = tf.keras.layers.LSTM(2, return_sequences=True)
        y = lstm(e)
        dense = tf.keras.layers.Dense(1)
        z = dense(tf.keras.layers.Flatten()(e))
        mask = "embedding/NotEqual:0"
        assert emb.input_mask is None and emb.output_mask.name == mask
        assert [t.name for t in (lstm.input_mask, lstm.get_input_mask_at(0),
                                 lstm.get_output_mask_at(0))] == [mask] * 3
        assert (len(emb.inbound_nodes), len(emb.outbound_nodes)) == (1, 2)
        assert type(emb.inbound_nodes[0]).__name__ == "Node"
        assert (dense.metrics, lstm.metrics, tf.keras.Model(inp, [y, z]).metrics) == ([], [], [])
        fresh = tf.keras.layers.Dense(1)
        with pytest.raises(AttributeError) as err:
            fresh.input_mask
        assert str(err.value) == "Layer dense_1 is not connected, no input to return."
        with pytest.raises(AttributeError) as err:
            fresh.output_mask
        assert str(err.value) == "Layer dense_1 has no inbound nodes."


def test_monitored_session_step_context(tf):
    context = tf.train.MonitoredSession.StepContext("S", lambda *a, **k: ("ran", a, k))
    assert tf.train.SingularMonitoredSession.StepContext is tf.train.MonitoredSession.StepContext
    assert context.session == "S"
    assert context.run_with_hooks(1, x=2) == ("ran", (1,), {"x": 2})
    with pytest.raises(StopIteration) as err:
        context.request_stop()
    assert str(err.value) == "step_fn has requested the iterations to stop."


def test_module_flatten_paths_and_cycles(tf):
    with tf.Graph().as_default():
        class Inner(tf.Module):
            def __init__(self):
                super().__init__(name="inner")
                self.w = tf.Variable(1., name="iw")

        class Outer(tf.Module):
            def __init__(self):
                super().__init__(name="outer")
                self.b = tf.Variable(2., name="b", trainable=False)
                self.a = {"y": [Inner(), 3], "x": (tf.Variable(4., name="ax"),)}
                self.me = self
        outer = Outer()
        kept = lambda v: isinstance(v, (tf.Variable, tf.Module))  # noqa: E731
        assert [(path, getattr(v, "name", None)) for path, v in outer._flatten(
            with_path=True, predicate=kept)] == [
            (("a", "x", 0), "ax:0"), (("a", "y", 0), "inner"), (("b",), "b:0"),
            (("me",), "outer"), (("a", "y", 0, "w"), "iw:0"), (("me", "a", "x", 0), "ax:0"),
            (("me", "a", "y", 0), "inner"), (("me", "b"), "b:0"), (("me", "me"), "outer")]
        assert [v.name for v in outer._flatten(recursive=False, predicate=kept)] == [
            "ax:0", "inner", "b:0"]
        assert [v.name for v in outer._flatten(attribute_traversal_key=lambda k: -ord(k[0]),
                                               predicate=kept)] == ["b:0", "ax:0", "inner",
                                                                    "iw:0"]
        assert ([v.name for v in outer.variables], [v.name for v in outer.trainable_variables],
                [m.name for m in outer.submodules]) == (["ax:0", "b:0", "iw:0"],
                                                        ["ax:0", "iw:0"], ["inner"])

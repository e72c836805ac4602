"""tf.layers layers and Keras layers count their default names in one per-graph map (TF 1.15's
keras backend PER_GRAPH_OBJECT_NAME_UIDS): tf.layers names are 1-based (`dense_1`), Keras's
zero-based (`dense`, `dense_1`), so a program mixing them gets Keras layer names, and with them
the variable names its checkpoints hold, shifted by the tf.layers layers built before. Expected
values printed by TF (2.21 compat.v1 with tf_keras, whose legacy layers keep TF 1.15's code)."""


def test_tf_layers_and_keras_share_name_counts(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    a = tf.layers.dense(x, 2)
    layer = tf.layers.Dense(3)
    keras_dense = tf.keras.layers.Dense(4)
    keras_out = keras_dense(x)
    a2 = tf.layers.dense(x, 2)
    named = tf.layers.Dense(3, name="dense")
    named_out = named(x)
    keras_dense2 = tf.keras.layers.Dense(4)
    keras_dense2(x)
    conv, keras_conv = tf.layers.Conv2D(3, 1), tf.keras.layers.Conv2D(2, 1)
    assert [layer.name, keras_dense.name, keras_dense2.name, named.name, conv.name,
            keras_conv.name] == ["dense_2", "dense_2", "dense_4", "dense", "conv2d_1",
                                 "conv2d_1"]
    assert [t.name for t in (a, keras_out, a2, named_out)] == [
        "dense/BiasAdd:0", "dense_2/BiasAdd:0", "dense_1/BiasAdd:0", "dense_3/BiasAdd:0"]
    assert [v.name for v in tf.global_variables()] == [
        "dense/kernel:0", "dense/bias:0", "dense_2/kernel:0", "dense_2/bias:0",
        "dense_1/kernel:0", "dense_1/bias:0", "dense_2/kernel_1:0", "dense_2/bias_1:0",
        "dense_4/kernel:0", "dense_4/bias:0"]


def test_rnn_cells_batch_norm_and_reset_uids(tf):
    cell = tf.nn.rnn_cell.LSTMCell(3)
    keras_cell = tf.keras.layers.LSTMCell(3)
    basic = tf.nn.rnn_cell.BasicLSTMCell(3)
    tf.nn.dynamic_rnn(cell, tf.zeros([2, 4, 3]), dtype=tf.float32)
    model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,))])
    bn, keras_bn = tf.layers.BatchNormalization(), tf.keras.layers.BatchNormalization()
    assert [cell.name, keras_cell.name, basic.name, model.name, model.layers[0].name, bn.name,
            keras_bn.name] == ["lstm_cell_1", "lstm_cell_1", "basic_lstm_cell_1", "sequential",
                               "dense", "batch_normalization_1", "batch_normalization_1"]
    tf.keras.backend.reset_uids()
    assert (tf.layers.Dense(2).name, tf.keras.layers.Dense(2).name) == ("dense_1", "dense_1")
    assert [v.name for v in tf.global_variables()] == [
        "rnn/lstm_cell/kernel:0", "rnn/lstm_cell/bias:0", "dense/kernel:0", "dense/bias:0"]


def test_sequential_built_at_add_takes_the_enclosing_scopes(tf):
    # a Sequential whose first layer states its input shape builds while it is constructed
    # (or `add`ed), inside the program's variable and name scopes: its placeholder, ops and
    # variables are named there; one built when first called is named under its own scope
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.variable_scope("outer"):
        model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,)),
                                     tf.keras.layers.Dense(1)])
    with tf.name_scope("ns2"):
        inp = tf.keras.layers.Input((3,))
        out = tf.keras.layers.Dense(2)(inp)
    with tf.variable_scope("outer2"):
        model2 = tf.keras.Sequential()
        model2.add(tf.keras.layers.Dense(2, input_shape=(3,)))
        model2.add(tf.keras.layers.Dense(1))
    with tf.variable_scope("outer3"):
        model3 = tf.keras.Sequential([tf.keras.layers.Dense(2), tf.keras.layers.Dense(1)])
    y3 = model3(x)
    graph = tf.get_default_graph()
    assert [op.name for op in graph.get_operations() if op.type == "Placeholder"] == [
        "x", "outer/dense_input", "ns2/input_1", "outer2/dense_3_input"]
    assert [t.name for t in (inp, out, model.outputs[0], model2.outputs[0], y3)] == [
        "ns2/input_1:0", "ns2/dense_2/BiasAdd:0", "outer/dense_1/BiasAdd:0",
        "outer2/dense_4/BiasAdd:0", "sequential_2/dense_6/BiasAdd:0"]
    assert [v.name for v in tf.global_variables()] == [
        "outer/dense/kernel:0", "outer/dense/bias:0", "outer/dense_1/kernel:0",
        "outer/dense_1/bias:0", "ns2/dense_2/kernel:0", "ns2/dense_2/bias:0",
        "outer2/dense_3/kernel:0", "outer2/dense_3/bias:0", "outer2/dense_4/kernel:0",
        "outer2/dense_4/bias:0", "sequential_2/dense_5/kernel:0", "sequential_2/dense_5/bias:0",
        "sequential_2/dense_6/kernel:0", "sequential_2/dense_6/bias:0"]

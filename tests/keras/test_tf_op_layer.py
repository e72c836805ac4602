"""Raw TF ops on Keras tensors in functional models: TF 1.14+ wraps them in TensorFlowOpLayer
(`tf_op_layer_<op name>`) layers, and `model.add_loss(tensor)` in AddLoss layers.
Expected values recorded from TF 2.21 compat.v1 (tf_keras, graph mode); the summary's layout is
TF 1.15's (tfcompat's, known_differences.txt) with the rows TF 2.21 prints."""
import json

import numpy as np
import pytest


def _two_input_model(tf):
    x = tf.keras.Input((4,), name='a')
    x2 = tf.keras.Input((3,), name='b')
    y = tf.keras.layers.Dense(3, kernel_initializer='ones')(x)
    with tf.name_scope('blk'):
        z = tf.nn.relu(y) * 2.0
    s = z + x2
    p, q = tf.split(s, [1, 2], axis=1)
    w = tf.keras.layers.Dense(2, kernel_initializer='ones')(tf.concat([p * 3.0, q], 1))
    return tf.keras.Model([x, x2], [w, tf.reduce_sum(q, axis=1, keepdims=True)])


_LAYERS = ['a', 'dense', 'tf_op_layer_blk/Relu', 'tf_op_layer_blk/mul', 'b', 'tf_op_layer_add',
           'tf_op_layer_split', 'tf_op_layer_mul', 'tf_op_layer_concat', 'dense_1',
           'tf_op_layer_Sum']
_FEED_A = np.arange(8, dtype=np.float32).reshape(2, 4)
_FEED_B = np.ones((2, 3), np.float32)
_EXPECTED = [np.array([[65., 65.], [225., 225.]]), np.array([[26.], [90.]])]


def test_op_layers_names_order_and_shapes(tf):
    m = _two_input_model(tf)
    assert [layer.name for layer in m.layers] == _LAYERS
    assert [type(layer).__name__ for layer in m.layers] == [
        'InputLayer', 'Dense', 'TensorFlowOpLayer', 'TensorFlowOpLayer', 'InputLayer',
        'TensorFlowOpLayer', 'TensorFlowOpLayer', 'TensorFlowOpLayer', 'TensorFlowOpLayer',
        'Dense', 'TensorFlowOpLayer']
    assert [layer.output_shape for layer in m.layers] == [
        [(None, 4)], (None, 3), [(None, 3)], [(None, 3)], [(None, 3)], [(None, 3)],
        [(None, 1), (None, 2)], [(None, 1)], [(None, 3)], (None, 2), [(None, 1)]]
    assert [w.name for w in m.trainable_weights] == [
        'dense/kernel:0', 'dense/bias:0', 'dense_1/kernel:0', 'dense_1/bias:0']
    layer = m.get_layer('tf_op_layer_blk/mul')
    assert (layer.input_shape, layer.output_shape) == ((None, 3), [(None, 3)])
    assert (layer.input.name, layer.output.name) == ('blk/Relu:0', 'blk/mul:0')
    concat = m.get_layer('tf_op_layer_concat')._inbound_nodes[0]
    assert [layer.name for layer in concat.inbound_layers] == [
        'tf_op_layer_mul', 'tf_op_layer_split']


def test_calling_the_model_remakes_the_ops(tf):
    m = _two_input_model(tf)
    xa = tf.placeholder(tf.float32, (None, 4))
    xb = tf.placeholder(tf.float32, (None, 3))
    outs = m([xa, xb])
    assert [o.name for o in outs] == ['model/dense_1/BiasAdd:0', 'model/tf_op_layer_Sum/Sum:0']
    names = sorted(op.name for op in tf.get_default_graph().get_operations()
                   if op.name.startswith('model/tf_op_layer'))
    assert names == [
        'model/tf_op_layer_Sum/Sum', 'model/tf_op_layer_Sum/Sum/reduction_indices',
        'model/tf_op_layer_add/add', 'model/tf_op_layer_blk/Relu/blk/Relu',
        'model/tf_op_layer_blk/mul/blk/mul', 'model/tf_op_layer_blk/mul/blk/mul/y',
        'model/tf_op_layer_concat/concat', 'model/tf_op_layer_concat/concat/axis',
        'model/tf_op_layer_mul/mul', 'model/tf_op_layer_mul/mul/y',
        'model/tf_op_layer_split/Const', 'model/tf_op_layer_split/split',
        'model/tf_op_layer_split/split/split_dim']
    assert outs[1].op.get_attr('_cloned') is True
    sess = tf.keras.backend.get_session()
    got = sess.run(outs, {xa: _FEED_A, xb: _FEED_B})
    for value, expected in zip(got, _EXPECTED):
        np.testing.assert_allclose(value, expected)
    for value, expected in zip(m.predict([_FEED_A, _FEED_B]), _EXPECTED):
        np.testing.assert_allclose(value, expected)


def test_op_layer_config_and_json_round_trip(tf):
    m = _two_input_model(tf)
    config = m.get_layer('tf_op_layer_blk/mul').get_config()
    assert config['constants'] == {1: 2.0}
    del config['constants']
    assert config == {'name': 'blk/mul', 'trainable': True, 'dtype': None, 'node_def': {
        'name': 'blk/mul', 'op': 'Mul', 'input': ['blk/Relu', 'blk/mul/y'],
        'attr': {'T': {'type': 'DT_FLOAT'}}}}
    layers = json.loads(m.to_json())['config']['layers']
    split = [entry for entry in layers if entry['name'] == 'tf_op_layer_split'][0]
    assert split['class_name'] == 'TensorFlowOpLayer'
    assert split['config']['constants'] == {'1': [1, 2], '2': 1}
    assert split['inbound_nodes'] == [[['tf_op_layer_add', 0, 0, {}]]]
    m2 = tf.keras.models.model_from_json(m.to_json())
    assert [layer.name for layer in m2.layers] == _LAYERS
    assert [o.name for o in m2.outputs] == ['dense_1_1/BiasAdd:0', 'tf_op_layer_Sum/Sum:0']
    m2.set_weights(m.get_weights())
    for value, expected in zip(m2.predict([_FEED_A, _FEED_B]), _EXPECTED):
        np.testing.assert_allclose(value, expected)


def _scale_layer(tf):
    """A custom layer whose call uses raw ops (those are not wrapped)."""
    class Scale(tf.keras.layers.Layer):
        def call(self, x):
            return tf.nn.relu(x) * 3.0
    return Scale


def test_layer_calls_wrap_ops_and_training_and_h5(tf, tmp_path):
    Scale = _scale_layer(tf)
    x = tf.keras.Input((4,))
    y = tf.keras.layers.Dense(3, kernel_initializer='ones')(x)
    y = Scale()(y)
    z = tf.keras.layers.Dense(1, kernel_initializer='ones')(tf.tanh(y / 10.0))
    m = tf.keras.Model(x, z)
    assert [layer.name for layer in m.layers] == [
        'input_1', 'dense', 'scale', 'tf_op_layer_truediv', 'tf_op_layer_Tanh', 'dense_1']
    m.add_loss(tf.reduce_mean(y) * 0.01)
    assert [layer.name for layer in m.layers][6:] == [
        'tf_op_layer_Mean', 'tf_op_layer_mul', 'add_loss']
    m.compile('sgd', 'mse')
    xs = np.arange(12, dtype=np.float32).reshape(3, 4) / 10
    history = m.fit(xs, np.ones((3, 1), np.float32), epochs=2, verbose=0)
    np.testing.assert_allclose(history.history['loss'], [1.0127454, 0.9672483], rtol=1e-5)
    expected = [[0.49803054], [1.6735138], [2.3686914]]
    np.testing.assert_allclose(m.predict(xs), expected, rtol=1e-5)
    path = str(tmp_path / 'w.h5')
    m.save_weights(path)
    m2 = tf.keras.models.model_from_json(m.to_json(), custom_objects={'Scale': Scale})
    m2.load_weights(path)
    np.testing.assert_allclose(m2.predict(xs), expected, rtol=1e-5)


def test_add_loss_inserts_add_loss_layers(tf):
    x = tf.keras.Input((4,))
    y = tf.keras.layers.Dense(3, kernel_initializer='ones')(x)
    z = tf.keras.layers.Dense(1, kernel_initializer='ones')(y)
    m = tf.keras.Model(x, z)
    m.add_loss(tf.reduce_mean(y) * 0.01)
    m.add_loss(tf.reduce_sum(z))
    names = ['input_1', 'dense', 'dense_1', 'tf_op_layer_Mean', 'tf_op_layer_mul', 'add_loss',
             'tf_op_layer_Sum', 'add_loss_1']
    assert [layer.name for layer in m.layers] == names
    assert [loss.name for loss in m.losses] == ['mul:0', 'Sum:0']
    layers = json.loads(m.to_json())['config']['layers']
    assert layers[-1] == {'class_name': 'AddLoss', 'config': {
        'name': 'add_loss_1', 'trainable': True, 'dtype': 'float32', 'unconditional': False},
        'name': 'add_loss_1', 'inbound_nodes': [[['tf_op_layer_Sum', 0, 0, {}]]]}
    assert layers[-2]['config']['constants'] == {'1': [0, 1]}
    m.compile('sgd', 'mse')
    xs = np.arange(12, dtype=np.float32).reshape(3, 4) / 10
    np.testing.assert_allclose(m.evaluate(xs, np.ones((3, 1), np.float32), verbose=0),
                               66.54199, rtol=1e-5)
    m2 = tf.keras.models.model_from_json(m.to_json())
    assert [layer.name for layer in m2.layers] == names
    assert len(m2.losses) == 2
    m(tf.placeholder(tf.float32, (None, 4)))
    assert [loss.name for loss in m.losses] == [
        'mul:0', 'model/tf_op_layer_mul/mul:0', 'Sum:0', 'model/tf_op_layer_Sum/Sum:0']


def test_captured_variable_is_a_constant_and_sparse_outputs_fail(tf):
    x = tf.keras.Input((4,))
    y = tf.keras.layers.Dense(3, kernel_initializer='ones')(x)
    s = tf.sparse.from_dense(y)
    tf.keras.Model(x, tf.sparse.to_dense(s))
    with pytest.raises(ValueError) as info:
        tf.keras.Model(x, s)
    assert str(info.value).startswith(
        "Tensorflow ops that generate ragged or sparse tensor outputs are currently not "
        "supported by TF-Keras automatic op wrapping. Please wrap these ops in a Lambda "
        "layer: \n\n```\n\n    weights_mult = lambda x: tf.sparse.sparse_dense_matmul(x, "
        "weights)\n    output = tf.keras.layers.Lambda(weights_mult)(input)\n    \n```\n"
        "Sparse ops encountered: [<tf.Operation 'dense_to_sparse/GatherNd' type=GatherNd>]")
    x = tf.keras.Input((4,))
    v = tf.Variable(np.ones((4, 2), np.float32), name='v')
    tf.keras.backend.get_session().run(v.initializer)
    m = tf.keras.Model(x, tf.matmul(x, v))
    assert [layer.name for layer in m.layers] == ['input_2', 'tf_op_layer_MatMul']
    np.testing.assert_array_equal(m.layers[1].get_config()['constants'][1], np.ones((4, 2)))
    assert m.trainable_weights == []
    out = m(tf.ones((1, 4)))
    assert out.name == 'model_2/tf_op_layer_MatMul/MatMul:0'     # the failed model took model_1
    np.testing.assert_allclose(tf.keras.backend.get_session().run(out), [[4., 4.]])


def test_backend_function_of_one_tensor_gives_its_value(tf):
    value = tf.keras.backend.function([], tf.constant(1))([])
    assert not isinstance(value, list) and value == 1
    assert tf.keras.backend.function([], [tf.constant(1)])([]) == [1]


@pytest.mark.tfcompat_only
def test_summary_rows_in_tf115_layout(tf):
    m = _two_input_model(tf)
    lines = []
    m.summary(print_fn=lines.append)
    rule = '_' * 98
    assert lines[3:8] == [
        '=' * 98,
        'a (InputLayer)                  [(None, 4)]          0                               '
        '             ',
        rule,
        'dense (Dense)                   (None, 3)            15          a[0][0]             '
        '             ',
        rule]
    assert lines[14:17] == [
        'tf_op_layer_add (TensorFlowOpLa [(None, 3)]          0           tf_op_layer_blk/mul[0]'
        '[0]        ',
        '                                                                 b[0][0]             '
        '             ',
        rule]
    assert lines[17] == ('tf_op_layer_split (TensorFlowOp [(None, 1), (None, 2 0           '
                         'tf_op_layer_add[0][0]            ')
    assert lines[-4:] == ['Total params: 23', 'Trainable params: 23',
                          'Non-trainable params: 0', rule]


def test_op_layers_around_merge_lambda_slices_and_a_nested_model(tf):
    L = tf.keras.layers
    a, b = L.Input((3,)), L.Input((3,))
    c = L.Concatenate()([tf.nn.relu(a), b * b])
    d = L.Lambda(lambda t: tf.square(t) + 1.0)(c)      # ops inside a layer's call: no layers
    e = L.Dense(2, kernel_initializer='ones')(tf.expand_dims(d, 1)[:, 0])
    inner = tf.keras.Model([a, b], e, name='inner')
    assert [layer.name for layer in inner.layers] == [
        'input_1', 'input_2', 'tf_op_layer_Relu', 'tf_op_layer_mul', 'concatenate', 'lambda',
        'tf_op_layer_ExpandDims', 'tf_op_layer_strided_slice', 'dense']
    x, y = L.Input((3,)), L.Input((3,))
    outer = tf.keras.Model([x, y], tf.nn.softmax(inner([x, tf.abs(y)])))
    assert [layer.name for layer in outer.layers] == [
        'input_4', 'input_3', 'tf_op_layer_Abs', 'inner', 'tf_op_layer_Softmax']
    assert outer.output.name == 'Softmax:0'
    np.testing.assert_allclose(
        outer.predict([np.ones((2, 3), np.float32), -np.ones((2, 3), np.float32)]),
        [[0.5, 0.5], [0.5, 0.5]])

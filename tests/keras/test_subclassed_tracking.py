"""TF 1.13-1.15 Keras: sublayers held in list / dict attributes of a subclassed Model or Layer
are tracked (TF's ListWrapper / _DictWrapper: `layers`, weights in order, a dict's by sorted
key, layers appended later included); weight regularizers are callable losses (after the
layer's own `add_loss` tensors, made anew each time `losses` is read); `K.get_value` of a
non-tensor and `K.function`'s unknown keyword. Expected values printed by TF."""
import numpy as np
import pytest


def _models(tf):
    keras = tf.keras

    class Block(keras.layers.Layer):
        def __init__(self, **kw):
            super(Block, self).__init__(**kw)
            self.parts = []
            self.first = keras.layers.Dense(2, name=self.name + '_first')
            for i in range(2):
                self.parts.append(keras.layers.Dense(2, name='%s_p%d' % (self.name, i)))

        def call(self, x):
            for part in [self.first] + self.parts:
                x = part(x)
            return x

    class Net(keras.Model):
        def __init__(self):
            super(Net, self).__init__(name='net')
            self.stem = keras.layers.Dense(3, name='stem')
            self.blocks = [Block(name='b0'), Block(name='b1')]
            self.heads = {'z': keras.layers.Dense(1, name='head_z'),
                          'a': keras.layers.Dense(1, name='head_a')}
            self.nested = [[keras.layers.Dense(2, name='nested')]]
            self.sizes = [1, 2]

        def call(self, inputs, training=None, mask=None):
            h = self.stem(inputs)
            for block in self.blocks:
                h = block(h)
            h = self.nested[0][0](h)
            return self.heads['z'](h) + self.heads['a'](h)

    return Net


def test_list_and_dict_attributes_are_tracked(tf):
    net = _models(tf)()
    assert [l.name for l in net.layers] == ['stem', 'b0', 'b1', 'head_a', 'head_z', 'nested']
    assert net.get_layer('head_z').name == 'head_z'
    net.build((None, 4))
    assert [w.name for w in net.trainable_weights] == [
        'stem/kernel:0', 'stem/bias:0',
        'b0/b0_p0/kernel:0', 'b0/b0_p0/bias:0', 'b0/b0_p1/kernel:0', 'b0/b0_p1/bias:0',
        'b0/b0_first/kernel:0', 'b0/b0_first/bias:0',
        'b1/b1_p0/kernel:0', 'b1/b1_p0/bias:0', 'b1/b1_p1/kernel:0', 'b1/b1_p1/bias:0',
        'b1/b1_first/kernel:0', 'b1/b1_first/bias:0',
        'head_a/kernel:0', 'head_a/bias:0', 'head_z/kernel:0', 'head_z/bias:0',
        'nested/kernel:0', 'nested/bias:0']
    assert net.count_params() == 65
    # a list assigned before `first`: its layers (appended later) come first
    assert len(net.blocks[0].trainable_weights) == 6


def test_layer_appended_to_tracked_list_later(tf):
    keras = tf.keras

    class Stack(keras.Model):
        def __init__(self):
            super(Stack, self).__init__()
            self.hidden = []
            self.out = keras.layers.Dense(1, name='out')
            self.hidden.append(keras.layers.Dense(2, name='h0'))
            self.hidden += [keras.layers.Dense(2, name='h1')]

        def call(self, x):
            for layer in self.hidden:
                x = layer(x)
            return self.out(x)

    model = Stack()
    assert [l.name for l in model.layers] == ['h0', 'h1', 'out']
    model.compile(tf.train.GradientDescentOptimizer(0.1), 'mse')
    model.fit(np.ones((4, 3), 'float32'), np.ones((4, 1), 'float32'), verbose=0)
    assert len(model.trainable_weights) == 6


def test_weight_regularizers_follow_add_loss(tf):
    keras = tf.keras
    K = keras.backend

    class Scale(keras.layers.Layer):
        def build(self, input_shape):
            self.gamma = self.add_weight('gamma', shape=(2,), initializer='ones',
                                         regularizer=keras.regularizers.l2(0.1))

        def call(self, x):
            self.add_loss(K.sum(self.gamma))
            return x * self.gamma

    inp = keras.Input((2,))
    layer = Scale(name='scale', activity_regularizer=keras.regularizers.l1(0.01))
    out = keras.layers.Dense(1, kernel_regularizer='l2', name='out')(layer(inp))
    model = keras.Model(inp, out)
    names = [t.name for t in model.losses]
    assert names == ['scale/Sum:0', 'scale/ActivityRegularizer/truediv:0',
                     'scale/gamma/Regularizer/mul:0', 'out/kernel/Regularizer/mul:0']
    # read again: the weight regularizers are built again
    assert [t.name for t in layer.losses] == ['scale/Sum:0',
                                              'scale/ActivityRegularizer/truediv:0',
                                              'scale/gamma/Regularizer_1/mul:0']
    values = K.get_session().run(model.losses[:3], {inp: np.ones((2, 2), 'float32')})
    np.testing.assert_allclose(values, [2.0, 0.02, 0.2], rtol=1e-6)


def test_get_value_of_non_tensors_and_function_kwargs(tf):
    K = tf.keras.backend
    assert K.get_value(4) == 4
    assert K.get_value(0.5) == 0.5
    arr = np.ones(2)
    assert K.get_value(arr) is arr
    x = K.placeholder((2,))
    with pytest.raises(ValueError) as err:
        K.function([x], [x * 2], foo=1)
    assert str(err.value) == 'Invalid argument "foo" passed to K.function with TensorFlow backend'
    f = K.function([x], [x * 2], options=None)
    np.testing.assert_allclose(f([np.array([1.0, 2.0])])[0], [2.0, 4.0])


def test_first_call_on_graph_tensors_sets_inputs_and_outputs(tf):
    # TF 1.x (graph mode): the first call of a subclassed model takes its tensors as the
    # model's inputs and outputs; `fit` then feeds them (no `input_1` placeholder is made)
    class Two(tf.keras.Model):
        def __init__(self):
            super(Two, self).__init__()
            self.dense = tf.keras.layers.Dense(2)

        def call(self, x):
            return [self.dense(x[0]), self.dense(x[1])]

    with tf.Graph().as_default():
        a = tf.placeholder(tf.float32, [None, 3])
        b = tf.placeholder(tf.float32, [None, 3])
        model = Two()
        model([a, b])
        model([b, a])
        assert model.inputs == [a, b] and len(model.outputs) == 2
        assert model.input_names == ["input_1", "input_2"]
        assert model.output_names == ["output_1", "output_2"]
        model.compile("sgd", "mse")
        ones = np.ones((4, 3), np.float32)
        model.fit([ones, ones], [np.ones((4, 2), np.float32)] * 2, verbose=0)
        assert not any(op.name.startswith("input_1") for op in
                       tf.get_default_graph().get_operations())


def test_deferred_sequential_takes_its_first_call_and_names_outputs_generically(tf):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
        y = model(x)
        assert model.inputs == [x] and model.outputs == [y]
        model.compile("sgd", "mse")
        model.fit(np.ones((4, 3), np.float32), np.ones((4, 2), np.float32), verbose=0)
        assert model.output_names == ["output_1"]
        later = tf.keras.Sequential([tf.keras.layers.Dense(2)])
        later.compile("sgd", "mse")
        later.fit(np.ones((4, 3), np.float32), np.ones((4, 2), np.float32), verbose=0)
        assert later.inputs[0].name == "input_1:0" and later.output_names == ["output_1"]
        assert later.outputs[0].name == "sequential_1/dense_1/BiasAdd:0"

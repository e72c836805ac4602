"""A subclassed tf.keras.Model of the TF 1.13-1.15 era (the TF 2.0 guide's style):
layers held in a list and a dict attribute, a custom Layer with sublayers, BatchNormalization,
build(input_shape), weights/variables order, layers, get_layer, summary, fit/predict."""
import numpy as np

TAGS = ['keras']

TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    keras = tf.keras
    np.random.seed(0)
    tf.set_random_seed(1)
    out = {}

    class Block(keras.layers.Layer):
        def __init__(self, units, **kw):
            super(Block, self).__init__(**kw)
            self.d1 = keras.layers.Dense(units, activation='relu')
            self.d2 = keras.layers.Dense(units)

        def call(self, x):
            return self.d2(self.d1(x)) + x

    class MLP(keras.Model):
        def __init__(self):
            super(MLP, self).__init__(name='mlp')
            self.inp = keras.layers.Dense(4, name='inp')
            self.blocks = [Block(4, name='block_%d' % i) for i in range(2)]
            self.heads = {'b': keras.layers.Dense(1, name='head_b'),
                          'a': keras.layers.Dense(2, name='head_a')}
            self.bn = keras.layers.BatchNormalization(name='bn')

        def call(self, inputs, training=None, mask=None):
            h = self.inp(inputs)
            for b in self.blocks:
                h = b(h)
            h = self.bn(h, training=training)
            return tf.concat([self.heads['a'](h), self.heads['b'](h)], axis=-1)

    m = MLP()
    try:
        m.summary()
    except ValueError as e:
        out['summary_unbuilt'] = str(e)
    out['weights_unbuilt'] = len(m.weights)
    m.build((None, 3))
    out['built'] = m.built
    out['weight_names'] = [w.name for w in m.weights]
    out['trainable_names'] = [w.name for w in m.trainable_weights]
    out['var_names'] = [v.name for v in m.variables]
    out['layer_names'] = [l.name for l in m.layers]
    lines = []
    m.summary(print_fn=lines.append)
    out['summary_title'] = lines[0]
    out['n_params'] = m.count_params()
    out['sub_layers_block'] = [l.name for l in m.blocks[0].layers] if hasattr(m.blocks[0], 'layers') else []
    out['get_layer'] = m.get_layer('head_b').name
    out['get_layer_idx'] = m.get_layer(index=0).name
    try:
        m.get_layer('nope')
    except ValueError as e:
        out['get_layer_err'] = str(e)
    x = np.random.rand(5, 3).astype('float32')
    y = m(tf.constant(x))
    out['y_shape'] = str(y.shape)
    out['y_name'] = y.name
    sess = keras.backend.get_session()
    out['y'] = sess.run(y)
    m = MLP()
    m.compile(optimizer=tf.train.GradientDescentOptimizer(0.1), loss='mse')
    out['m2_init'] = m.predict(x)
    h = m.fit(x, np.ones((5, 3), 'float32'), epochs=2, batch_size=5, verbose=0)
    out['pred'] = m.predict(x)
    out['loss'] = np.array(h.history['loss'])
    out['hist_keys'] = list(h.history.keys())
    out['after_fit_weight_names'] = [w.name for w in m.weights]
    out['non_trainable'] = len(m.non_trainable_weights)
    out['updates_n'] = len(m.updates)
    return out

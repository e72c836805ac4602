"""A custom Keras Layer as in the Keras docs' 'writing your own layer' (2018-2019): build with
add_weight (a regularizer, a non-trainable counter), add_loss in call, an activity
regularizer, compute_output_shape, get_config/from_config, Model.from_config with
custom_objects; model.losses order and values, fit/evaluate."""
import numpy as np

TAGS = ['keras']


def main(tf):
    keras = tf.keras
    K = keras.backend
    np.random.seed(0)
    tf.set_random_seed(2)
    out = {}

    class Scale(keras.layers.Layer):
        def __init__(self, output_dim, alpha=0.01, **kwargs):
            self.output_dim = output_dim
            self.alpha = alpha
            super(Scale, self).__init__(**kwargs)

        def build(self, input_shape):
            self.kernel = self.add_weight(name='kernel', shape=(int(input_shape[1]), self.output_dim),
                                          initializer='uniform', trainable=True)
            self.gamma = self.add_weight('gamma', shape=(self.output_dim,), initializer='ones',
                                         regularizer=keras.regularizers.l2(0.1))
            self.count = self.add_weight('count', shape=(), initializer='zeros', trainable=False)
            super(Scale, self).build(input_shape)

        def call(self, x):
            self.add_loss(self.alpha * K.sum(K.square(self.kernel)))
            return K.dot(x, self.kernel) * self.gamma

        def compute_output_shape(self, input_shape):
            return (input_shape[0], self.output_dim)

        def get_config(self):
            config = {'output_dim': self.output_dim, 'alpha': self.alpha}
            base = super(Scale, self).get_config()
            return dict(list(base.items()) + list(config.items()))

    inp = keras.layers.Input(shape=(4,))
    s = Scale(3, name='scale', activity_regularizer=keras.regularizers.l1(0.01))
    h = s(inp)
    o = keras.layers.Dense(1, kernel_regularizer='l2', name='out')(h)
    model = keras.models.Model(inp, o)
    out['h_shape'] = str(h.shape)
    out['losses_n'] = len(model.losses)
    out['loss_names'] = sorted(l.op.type for l in model.losses)
    out['weights'] = [w.name for w in s.weights]
    out['trainable'] = [w.name for w in s.trainable_weights]
    out['nontrainable'] = [w.name for w in s.non_trainable_weights]
    cfg = s.get_config()
    out['config_keys'] = sorted(cfg.keys())
    out['config_ar'] = str(cfg.get('activity_regularizer'))
    s2 = Scale.from_config(cfg)
    out['s2'] = [s2.name, s2.output_dim, s2.alpha, s2.built]
    out['cos'] = str(s.compute_output_shape((None, 4)))
    mcfg = model.get_config()
    out['model_layers'] = [l['class_name'] for l in mcfg['layers']]
    m2 = keras.models.Model.from_config(mcfg, custom_objects={'Scale': Scale})
    out['m2_layers'] = [l.name for l in m2.layers]
    model.compile('sgd', 'mse')
    x = np.random.rand(16, 4).astype('float32')
    y = np.random.rand(16, 1).astype('float32')
    h = model.fit(x, y, batch_size=8, epochs=2, verbose=0, shuffle=False)
    out['loss'] = np.array(h.history['loss'])
    out['eval'] = model.evaluate(x, y, verbose=0, batch_size=16)
    sess = K.get_session()
    out['reg_losses'] = np.array(sess.run(model.losses, {inp: x}))
    out['reg_loss_ops'] = [l.name for l in model.losses]
    out['get_weights_shapes'] = [list(w.shape) for w in model.get_weights()]
    return out

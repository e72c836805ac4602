"""Keras FAQ / keras-team examples idioms of 2017-2019 in TF1 graph mode: a custom activation,
loss and Layer (get_config) saved with model.save and loaded with load_model(custom_objects)
(and its error without them), save_weights/load_weights (h5, by_name into another model),
to_json/model_from_json, class_weight and sample_weight in fit, train_on_batch /
test_on_batch / predict_on_batch."""
import json
import os
import numpy as np

TAGS = ['keras']
TOLERANCE = {'*': (3e-4, 3e-5)}


def main(tf):
    tf.set_random_seed(13)
    np.random.seed(13)
    K = tf.keras
    L = K.layers
    B = K.backend
    gi = K.initializers.glorot_uniform
    rng = np.random.RandomState(7)
    x = rng.rand(20, 6).astype('float32')
    y = (x[:, 0] > 0.6).astype('float32')

    def swish(v):
        return v * B.sigmoid(v)

    def weighted_bce(y_true, y_pred):
        return B.mean(B.binary_crossentropy(y_true, y_pred) * (1 + y_true), axis=-1)

    class Scale(L.Layer):
        def __init__(self, init_value=1.0, **kwargs):
            super(Scale, self).__init__(**kwargs)
            self.init_value = init_value

        def build(self, input_shape):
            self.scale = self.add_weight(name='scale', shape=(1,), trainable=True,
                                         initializer=K.initializers.Constant(self.init_value))
            super(Scale, self).build(input_shape)

        def call(self, inputs):
            return inputs * self.scale

        def get_config(self):
            config = {'init_value': self.init_value}
            base_config = super(Scale, self).get_config()
            return dict(list(base_config.items()) + list(config.items()))

    inp = L.Input((6,), name='feats')
    h = L.Dense(8, activation=swish, kernel_initializer=gi(seed=1), name='hidden')(inp)
    h = Scale(0.5, name='scale')(h)
    out = L.Dense(1, activation='sigmoid', kernel_initializer=gi(seed=2), name='out')(h)
    model = K.Model(inp, out)
    model.compile(K.optimizers.Adam(0.01), loss=weighted_bce, metrics=['accuracy'])
    hist = model.fit(x, y, batch_size=5, epochs=2, verbose=0, shuffle=False,
                     class_weight={0: 1.0, 1: 3.0})
    res = {'cw_loss': np.array(hist.history['loss'])}
    sw = np.linspace(0.5, 1.5, 20).astype('float32')
    hist = model.fit(x, y, batch_size=5, epochs=1, verbose=0, shuffle=False, sample_weight=sw)
    res['sw_loss'] = np.array(hist.history['loss'])
    res['tob'] = np.array(model.train_on_batch(x[:5], y[:5]))
    res['tob_sw'] = np.array(model.train_on_batch(x[:5], y[:5], sample_weight=sw[:5]))
    res['teb'] = np.array(model.test_on_batch(x[5:10], y[5:10]))
    res['pob'] = model.predict_on_batch(x[:3])
    path = os.path.join(os.getcwd(), 'm.h5')
    model.save(path)
    try:
        K.models.load_model(path)
    except ValueError as e:
        res['load_err'] = str(e)
    m2 = K.models.load_model(path, custom_objects={'swish': swish, 'weighted_bce': weighted_bce,
                                                   'Scale': Scale})
    res['loaded_pred'] = m2.predict(x[:3])
    res['loaded_eval'] = np.array(m2.evaluate(x, y, verbose=0))
    res['loaded_names'] = [w.name for w in m2.weights]
    res['loaded_opt_iters'] = int(B.get_value(m2.optimizer.iterations))
    res['tob_after_load'] = np.array(m2.train_on_batch(x[:5], y[:5]))
    js = model.to_json()
    cfg = json.loads(js)
    res['json_class'] = cfg['class_name']
    res['json_layers'] = [l['class_name'] for l in cfg['config']['layers']]
    res['json_keys'] = sorted(cfg.keys())
    m3 = K.models.model_from_json(js, custom_objects={'swish': swish, 'Scale': Scale})
    wpath = os.path.join(os.getcwd(), 'w.h5')
    model.save_weights(wpath)
    m3.load_weights(wpath)
    res['json_pred'] = m3.predict(x[:3])
    res['scale_cfg'] = sorted(m3.get_layer('scale').get_config().items())
    # by_name loading into a different architecture
    inp4 = L.Input((6,))
    h4 = L.Dense(8, name='hidden', kernel_initializer='zeros')(inp4)
    o4 = L.Dense(2, name='other')(h4)
    m4 = K.Model(inp4, o4)
    m4.load_weights(wpath, by_name=True)
    res['by_name_k'] = m4.get_layer('hidden').get_weights()[0][:2]
    res['seq_json'] = K.Sequential([L.Dense(2, input_shape=(3,))]).to_json()[:60]
    return res

"""A subclassed encoder (layers in a list and a dict) trained with a tf.train optimizer, saved with
save_weights in the TF checkpoint and HDF5 formats and restored into fresh instances, as VAE /
seq2seq examples of 2019 did: checkpoint keys, restored predictions, a shape mismatch."""
import os

import numpy as np

TAGS = ['keras']


def main(tf):
    keras = tf.keras
    np.random.seed(0)
    tf.set_random_seed(9)
    out = {}

    class Encoder(keras.Model):
        def __init__(self, sizes, **kw):
            super(Encoder, self).__init__(**kw)
            self.hidden = [keras.layers.Dense(s, activation='relu') for s in sizes]
            self.proj = {'mu': keras.layers.Dense(2), 'logvar': keras.layers.Dense(2)}

        def call(self, x, training=None):
            for layer in self.hidden:
                x = layer(x)
            return tf.concat([self.proj['mu'](x), self.proj['logvar'](x)], 1)

    x = np.random.rand(6, 5).astype('float32')
    enc = Encoder([8, 4], name='encoder')
    enc.compile(tf.train.AdamOptimizer(0.01), 'mse')
    enc.fit(x, np.zeros((6, 4), 'float32'), epochs=2, verbose=0)
    ref = enc.predict(x)
    enc.save_weights('ckpt/enc')
    enc.save_weights('enc.h5')
    keys = sorted(name for name, _ in tf.train.list_variables('ckpt/enc'))
    out['ckpt_keys'] = [k for k in keys if 'optimizer' not in k and 'OPTIMIZER' not in k]
    out['n_opt_keys'] = len(keys) - len(out['ckpt_keys'])
    out['files'] = sorted(os.listdir('ckpt'))
    enc2 = Encoder([8, 4], name='encoder2')
    enc2.load_weights('ckpt/enc')
    enc2.compile(tf.train.AdamOptimizer(0.01), 'mse')
    out['tf_restored'] = np.abs(enc2.predict(x) - ref).max()
    enc3 = Encoder([8, 4])
    enc3.build((None, 5))
    enc3.load_weights('enc.h5')
    sess = keras.backend.get_session()
    out['h5_restored'] = np.abs(sess.run(enc3(tf.constant(x))) - ref).max()
    out['enc3_names'] = [w.name for w in enc3.weights]
    enc4 = Encoder([8, 8])
    enc4.build((None, 5))
    try:
        enc4.load_weights('enc.h5')
    except (ValueError, tf.errors.InvalidArgumentError):
        out['h5_shape_err'] = 'raised'
    return out

"""Keras in TF1 graph mode, the 2017-2019 way: the image_ocr example's CTC loss in a Lambda and
K.ctc_decode, backend batch-norm / transposed, depthwise and separable convolution helpers,
resize_images, a masked custom attention layer whose model round-trips through JSON, the
built-in Attention / AdditiveAttention layers and ThresholdedReLU."""
import json

import numpy as np

TAGS = ['keras']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _ocr(tf, out):
    keras = tf.keras
    K, L = keras.backend, keras.layers
    T = 8
    inp = L.Input(name='the_input', shape=(T, 3))
    y_pred = L.Activation('softmax', name='softmax')(
        L.Dense(4, name='dense2')(L.GRU(5, return_sequences=True, name='gru1')(inp)))
    labels = L.Input(name='the_labels', shape=[3])
    input_length = L.Input(name='input_length', shape=[1], dtype='int64')
    label_length = L.Input(name='label_length', shape=[1], dtype='int64')

    def ctc_lambda_func(args):
        pred, lab, il, ll = args
        return K.ctc_batch_cost(lab, pred[:, 2:, :], il, ll)
    loss_out = L.Lambda(ctc_lambda_func, output_shape=(1,), name='ctc')(
        [y_pred, labels, input_length, label_length])
    model = keras.models.Model([inp, labels, input_length, label_length], loss_out)
    model.compile(loss={'ctc': lambda y_true, y_pred: y_pred},
                  optimizer=keras.optimizers.SGD(lr=0.02, momentum=0.9, nesterov=True, clipnorm=5))
    rng = np.random.RandomState(33)
    X = rng.rand(4, T, 3).astype(np.float32)
    inputs = {'the_input': X, 'the_labels': np.array([[1, 2, 0], [0, 1, 0], [2, 2, 1], [1, 0, 0]],
                                                       np.float32),
              'input_length': np.full((4, 1), T - 2), 'label_length': np.array([[3], [2], [3], [1]])}
    out['ctc_loss'] = model.fit(inputs, {'ctc': np.zeros([4])}, batch_size=2, epochs=2,
                                verbose=0, shuffle=False).history['loss']
    probs = K.function([inp], [y_pred])([X])[0][:, 2:]
    sess = K.get_session()
    decoded, log_prob = K.ctc_decode(probs, np.full(4, T - 2), greedy=True)
    beams, beam_lp = K.ctc_decode(probs, np.full(4, T - 2), greedy=False, beam_width=4,
                                  top_paths=2)
    out['greedy'], out['greedy_lp'], out['beam_lp'] = sess.run([decoded[0], log_prob, beam_lp])
    out['beam_paths'] = len(beams)


def _helpers(tf, out):
    K = tf.keras.backend
    rng = np.random.RandomState(7)
    x = K.constant(rng.rand(2, 3, 3, 4).astype(np.float32))
    g, b = K.constant(np.linspace(0.5, 1.5, 4)), K.constant(np.linspace(-1, 1, 4))
    nb, m, v = K.normalize_batch_in_training(x, g, b, [0, 1, 2])
    nb2, _, v2 = K.normalize_batch_in_training(x, None, None, [0, 2])
    bn = K.batch_normalization(x, m, v, b, g, axis=-1)
    k = K.constant(rng.rand(3, 3, 2, 4).astype(np.float32))
    dk = K.constant(rng.rand(2, 2, 4, 2).astype(np.float32))
    pk = K.constant(rng.rand(1, 1, 8, 3).astype(np.float32))
    fetch = {'nb': nb, 'm': m, 'v': v, 'nb2': nb2, 'v2': v2, 'bn': bn,
             'ct': K.conv2d_transpose(x, k, (2, 6, 6, 2), strides=(2, 2), padding='same'),
             'dw': K.depthwise_conv2d(x, dk, padding='same'),
             'sc': K.separable_conv2d(x, dk, pk, padding='valid'),
             'ri': K.resize_images(x, 2, 3, 'channels_last'),
             'ri_bilinear': K.resize_images(K.permute_dimensions(x, (0, 3, 1, 2)), 2, 2,
                                            'channels_first', interpolation='bilinear')}
    out.update(K.get_session().run(fetch))


def _attention(tf, out):
    keras = tf.keras
    K, L = keras.backend, keras.layers

    class MaskedAttention(L.Layer):
        def __init__(self, step_dim, **kwargs):
            self.supports_masking = True
            self.step_dim = step_dim
            super(MaskedAttention, self).__init__(**kwargs)

        def build(self, input_shape):
            self.W = self.add_weight('{}_W'.format(self.name), (int(input_shape[-1]),),
                                     initializer='glorot_uniform')
            self.built = True

        def compute_mask(self, inputs, mask=None):
            return None

        def call(self, x, mask=None):
            eij = K.tanh(K.sum(x * self.W, axis=-1))
            a = K.exp(eij) * K.cast(mask, K.floatx())
            a /= K.sum(a, axis=1, keepdims=True) + K.epsilon()
            return K.sum(x * K.expand_dims(a), axis=1)

        def get_config(self):
            config = super(MaskedAttention, self).get_config()
            config['step_dim'] = self.step_dim
            return config
    q_in = L.Input(shape=(5,), dtype='int32')
    v_in = L.Input(shape=(6,), dtype='int32')
    emb = L.Embedding(10, 4, mask_zero=True,
                      embeddings_initializer=keras.initializers.RandomUniform(-1, 1, seed=1))
    q, v = emb(q_in), emb(v_in)
    pooled = MaskedAttention(5, name='pool')(L.GRU(4, return_sequences=True)(q))
    dot = L.Attention(use_scale=True, name='att')([q, v])
    causal = L.Attention(score_mode='concat', causal=True)([q, v])
    additive = L.AdditiveAttention(name='add')([q, v, v])
    mixed = L.ThresholdedReLU(0.1)(L.Concatenate()([L.GlobalAveragePooling1D()(dot),
                                                      L.GlobalAveragePooling1D()(causal),
                                                      L.GlobalAveragePooling1D()(additive),
                                                      pooled]))
    model = keras.models.Model([q_in, v_in], L.Dense(1, name='out')(mixed))
    Q = np.array([[1, 2, 3, 0, 0], [4, 5, 6, 7, 0]])
    V = np.array([[2, 3, 0, 0, 0, 0], [6, 7, 8, 9, 1, 2]])
    config = json.loads(model.to_json())
    out['layer_classes'] = [layer['class_name'] for layer in config['config']['layers']]
    out['pool_nodes'] = json.dumps([layer['inbound_nodes'] for layer in config['config']['layers']
                                    if layer['name'] == 'pool'])
    out['weights'] = [w.name for w in model.weights]
    out['predict'] = model.predict([Q, V])
    clone = keras.models.model_from_json(model.to_json(),
                                         custom_objects={'MaskedAttention': MaskedAttention})
    clone.set_weights(model.get_weights())
    out['clone_predict'] = clone.predict([Q, V])
    new_q, new_v = L.Input(shape=(5,), dtype='int32'), L.Input(shape=(6,), dtype='int32')
    out['called_on_new_inputs'] = K.get_session().run(model([new_q, new_v]),
                                                      {new_q: Q[::-1], new_v: V[::-1]})


def main(tf):
    out = {}
    tf.set_random_seed(33)
    np.random.seed(33)
    _ocr(tf, out)
    _helpers(tf, out)
    _attention(tf, out)
    return out

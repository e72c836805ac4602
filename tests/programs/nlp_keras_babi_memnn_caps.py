"""keras/examples/babi_memnn.py (2017-2019) on tf.keras: Sequential encoders (Embedding, Dropout),
dot(axes=(2, 2)), Activation('softmax'), add, Permute, concatenate, LSTM, Dense; compiled with
RMSprop and sparse_categorical_crossentropy, fit for a few epochs with a seeded shuffle=False;
plus a CapsNet-Keras style custom Layer using K.batch_dot and K.map_fn-free routing."""
import numpy as np
TAGS = ['keras', 'nlp', 'train', 'random']
TOLERANCE = {'*': (5e-4, 5e-5)}


def make_caps_layer(tf):
    K = tf.keras.backend

    class CapsuleLayer(tf.keras.layers.Layer):
        def __init__(self, num_capsule, dim_capsule, routings=3, **kwargs):
            super(CapsuleLayer, self).__init__(**kwargs)
            self.num_capsule, self.dim_capsule, self.routings = num_capsule, dim_capsule, routings

        def build(self, input_shape):
            self.input_num_capsule = int(input_shape[1])
            self.input_dim_capsule = int(input_shape[2])
            self.W = self.add_weight(shape=[self.num_capsule, self.input_num_capsule,
                                            self.dim_capsule, self.input_dim_capsule],
                                     initializer=tf.keras.initializers.glorot_uniform(seed=5),
                                     name='W')
            self.built = True

        def call(self, inputs, training=None):
            inputs_expand = K.expand_dims(inputs, 1)
            inputs_tiled = K.tile(inputs_expand, [1, self.num_capsule, 1, 1])
            inputs_hat = tf.einsum('ijkl,bijl->bijk', self.W, inputs_tiled)
            b = tf.zeros(shape=[K.shape(inputs_hat)[0], self.num_capsule, self.input_num_capsule])
            for i in range(self.routings):
                c = tf.nn.softmax(b, axis=1)
                s = tf.squeeze(tf.matmul(tf.expand_dims(c, 2), inputs_hat), 2)
                self.bd_shapes = [K.int_shape(K.batch_dot(c, inputs_hat, [2, 2]))]
                outputs = s * (K.sum(K.square(s), -1, keepdims=True) /
                               (1 + K.sum(K.square(s), -1, keepdims=True)) /
                               K.sqrt(K.sum(K.square(s), -1, keepdims=True) + K.epsilon()))
                if i < self.routings - 1:
                    b += K.sum(K.expand_dims(outputs, 2) * inputs_hat, -1)
                    self.extra = K.batch_dot(outputs, inputs_hat, [2, 3])
            return outputs

        def compute_output_shape(self, input_shape):
            return tuple([None, self.num_capsule, self.dim_capsule])
    return CapsuleLayer


def main(tf):
    tf.set_random_seed(1); np.random.seed(1); rng = np.random.RandomState(1)
    L = tf.keras.layers
    V, story_maxlen, query_maxlen, N = 14, 7, 3, 16
    input_sequence = L.Input((story_maxlen,))
    question = L.Input((query_maxlen,))
    ini = lambda s: tf.keras.initializers.RandomUniform(-0.05, 0.05, seed=s)
    input_encoder_m = tf.keras.models.Sequential()
    input_encoder_m.add(L.Embedding(input_dim=V, output_dim=8, embeddings_initializer=ini(1)))
    input_encoder_m.add(L.Dropout(0.3, seed=1))
    input_encoder_c = tf.keras.models.Sequential()
    input_encoder_c.add(L.Embedding(input_dim=V, output_dim=query_maxlen,
                                    embeddings_initializer=ini(2)))
    question_encoder = tf.keras.models.Sequential()
    question_encoder.add(L.Embedding(input_dim=V, output_dim=8, input_length=query_maxlen,
                                     embeddings_initializer=ini(3)))
    input_encoded_m = input_encoder_m(input_sequence)
    input_encoded_c = input_encoder_c(input_sequence)
    question_encoded = question_encoder(question)
    match = L.dot([input_encoded_m, question_encoded], axes=(2, 2))
    match = L.Activation('softmax')(match)
    response = L.add([match, input_encoded_c])
    response = L.Permute((2, 1))(response)
    answer = L.concatenate([response, question_encoded])
    answer = L.LSTM(8, kernel_initializer=tf.keras.initializers.glorot_uniform(seed=4),
                    recurrent_initializer=tf.keras.initializers.orthogonal(seed=5))(answer)
    caps_layer = make_caps_layer(tf)(3, 4, name='digitcaps')
    caps = caps_layer(L.Reshape((4, 2))(answer))
    answer = L.Dense(V, kernel_initializer=tf.keras.initializers.glorot_uniform(seed=6))(
        L.concatenate([answer, L.Flatten()(caps)]))
    answer = L.Activation('softmax')(answer)
    model = tf.keras.models.Model([input_sequence, question], answer)
    model.compile(optimizer=tf.keras.optimizers.RMSprop(lr=0.01) if False else 'rmsprop',
                  loss='sparse_categorical_crossentropy', metrics=['accuracy'])
    xs = rng.randint(1, V, (N, story_maxlen)); xq = rng.randint(1, V, (N, query_maxlen))
    ys = rng.randint(1, V, (N,))
    hist = model.fit([xs, xq], ys, batch_size=8, epochs=3, shuffle=False, verbose=0)
    res = {'loss': np.array(hist.history['loss']),
           'acc_key': sorted(hist.history.keys()),
           'names': [w.name for w in model.weights],
           'shapes': [str(t.shape) for t in (match, response, caps, caps_layer.extra)],
           'bd': [str(s) for s in caps_layer.bd_shapes],
           'pred': model.predict([xs[:4], xq[:4]])}
    return res

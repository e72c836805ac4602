"""Keras text classification of 2018 (tf.keras): Tokenizer / pad_sequences, Embedding with
mask_zero, Bidirectional(LSTM(return_sequences)), GlobalMaxPooling1D, Conv1D branch,
compile/fit with seeded init, predict, and the mask / layer metadata."""
TAGS = ['nlp', 'keras']
import numpy as np
TOLERANCE = {'*': (3e-4, 3e-5)}

TEXTS = ["the movie was great and fun", "terrible plot, bad acting!", "great acting",
         "I loved it: fun fun fun", "bad bad movie", "not great, not terrible"]


def main(tf):
    tf.set_random_seed(2)
    np.random.seed(2)
    out = {}
    K = tf.keras
    tok = K.preprocessing.text.Tokenizer(num_words=15, oov_token="<oov>", lower=True)
    tok.fit_on_texts(TEXTS)
    seqs = tok.texts_to_sequences(TEXTS)
    out['word_index'] = sorted(tok.word_index.items())[:12]
    out['seqs'] = [list(s) for s in seqs]
    out['counts'] = sorted(tok.word_counts.items())
    x = K.preprocessing.sequence.pad_sequences(seqs, maxlen=6, padding='post', truncating='pre')
    x2 = K.preprocessing.sequence.pad_sequences(seqs, maxlen=4)
    out['x'], out['x2'] = x, x2
    out['matrix'] = tok.texts_to_matrix(TEXTS[:2], mode='tfidf')
    y = np.array([1, 0, 1, 1, 0, 0], np.float32)
    init = K.initializers.glorot_uniform(seed=1)
    inp = K.layers.Input(shape=(6,), dtype='int32', name='tokens')
    emb = K.layers.Embedding(15, 5, mask_zero=True, embeddings_initializer=K.initializers
                             .RandomUniform(-0.5, 0.5, seed=3), name='emb')(inp)
    rnn = K.layers.Bidirectional(K.layers.LSTM(4, return_sequences=True, kernel_initializer=init,
                                               recurrent_initializer=K.initializers.Orthogonal(seed=4)),
                                 merge_mode='concat', name='bilstm')(emb)
    pooled = K.layers.GlobalMaxPooling1D(name='gmp')(rnn)
    emb2 = K.layers.Embedding(15, 5, embeddings_initializer=K.initializers.RandomUniform(
        -0.5, 0.5, seed=5), name='emb2')(inp)
    conv = K.layers.Conv1D(3, 2, activation='relu', kernel_initializer=init, name='conv')(emb2)
    cpool = K.layers.GlobalAveragePooling1D(name='gap')(conv)
    merged = K.layers.concatenate([pooled, cpool], name='merge')
    hidden = K.layers.Dropout(0.0)(merged)
    pred = K.layers.Dense(1, activation='sigmoid', kernel_initializer=init, name='out')(hidden)
    model = K.models.Model(inp, pred)
    model.compile(optimizer=K.optimizers.RMSprop(lr=0.01) if hasattr(tf, 'contrib') else
                  K.optimizers.RMSprop(learning_rate=0.01),
                  loss='binary_crossentropy', metrics=['accuracy'])
    out['layers'] = [l.name for l in model.layers]
    out['shapes'] = [str(l.output_shape) for l in model.layers]
    out['params'] = model.count_params()
    out['mask'] = str(model.get_layer('emb').compute_mask(inp, None).shape)
    hist = model.fit(x, y, batch_size=3, epochs=3, shuffle=False, verbose=0)
    out['loss'] = np.array(hist.history['loss'])
    out['acc'] = np.array(hist.history['acc' if 'acc' in hist.history else 'accuracy'])
    out['hist_keys'] = sorted(k.replace('accuracy', 'acc') for k in hist.history)
    out['pred'] = model.predict(x, batch_size=4)
    out['eval'] = np.array(model.evaluate(x, y, verbose=0))
    out['weights'] = [w.name for w in model.weights]
    return out

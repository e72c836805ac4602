"""Keras functional multi-step forecaster (2018-19 blog style): Masking over padded series,
LSTM(return_state), Bidirectional GRU, Conv1D with causal padding + dilation, Lambda with K ops,
RepeatVector decoder, TimeDistributed head, fit with validation_split + EarlyStopping, then
evaluate over several batches (which the fired EarlyStopping must not cut short)."""
import numpy as np

TAGS = ['train', 'rnn', 'keras']

TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    tf.set_random_seed(23)
    np.random.seed(23)
    K = tf.keras
    KB = K.backend
    T, F, H, OUT = 10, 2, 5, 3
    gu = lambda s: K.initializers.glorot_uniform(seed=s)
    orth = lambda s: K.initializers.orthogonal(seed=s)
    inp = K.layers.Input(shape=(T, F), name='series')
    m = K.layers.Masking(mask_value=0.0, name='mask')(inp)
    seq, h, c = K.layers.LSTM(H, return_sequences=True, return_state=True, name='enc',
                              kernel_initializer=gu(1), recurrent_initializer=orth(2))(m)
    bi = K.layers.Bidirectional(K.layers.GRU(H, kernel_initializer=gu(3), recurrent_initializer=orth(4)),
                                merge_mode='concat', name='bi')(seq)
    conv = K.layers.Conv1D(4, 3, padding='causal', dilation_rate=2, activation='relu', name='tcn',
                           kernel_initializer=gu(5))(inp)
    last = K.layers.Lambda(lambda t: KB.mean(t[:, -3:, :], axis=1), name='last3')(conv)
    ctx = K.layers.concatenate([h, bi, last], name='ctx')
    rep = K.layers.RepeatVector(OUT, name='rep')(ctx)
    dec = K.layers.LSTM(H, return_sequences=True, name='dec', kernel_initializer=gu(6),
                        recurrent_initializer=orth(7))(rep, initial_state=[h, c])
    yhat = K.layers.TimeDistributed(K.layers.Dense(1, kernel_initializer=gu(8)), name='head')(dec)
    model = K.models.Model(inp, yhat)
    model.compile(K.optimizers.RMSprop(lr=0.005), loss='mae', metrics=['mse'])
    out['shapes'] = [str(t.shape) for t in (seq, h, bi, conv, last, ctx, dec, yhat)]
    out['n_params'] = model.count_params()
    out['weights'] = [w.name for w in model.weights]
    out['mask_name'] = str(getattr(m, '_keras_mask', None) is not None)
    n = 40
    t = np.arange(n)[:, None] + np.arange(T + OUT)[None]
    full = np.stack([np.sin(t * 0.3), np.cos(t * 0.1)], -1).astype(np.float32)
    X = full[:, :T].copy()
    X[::5, :3] = 0.0  # padded starts
    Y = full[:, T:, :1]
    cb = K.callbacks.EarlyStopping(monitor='val_loss', patience=1, restore_best_weights=False)
    hist = model.fit(X, Y, epochs=3, batch_size=8, validation_split=0.25, shuffle=False,
                     callbacks=[cb], verbose=0)
    out['hist'] = {k: np.array(v) for k, v in sorted(hist.history.items())}
    out['eval'] = np.array(model.evaluate(X, Y, batch_size=16, verbose=0))
    out['pred'] = model.predict(X[:4])
    f = KB.function([inp], [h, last])
    out['func'] = f([X[:2]])
    return out

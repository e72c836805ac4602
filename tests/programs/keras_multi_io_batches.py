"""The Keras docs' multi-input / multi-output "news headline" model in TF1 graph mode: dict feeds,
loss_weights, per-output losses and metrics through fit, then train_on_batch / test_on_batch
(whose output losses are running means that only reset_metrics starts over), list losses,
the sample-count and unknown-key checks' messages, and a stateful LSTM whose Input batch size
is the loops' batch size."""
import numpy as np

TAGS = ['keras']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001  (the message is the result)
        return '%s: %s' % (type(e).__name__, e)
    return 'no error'


def _headline(tf, out):
    keras = tf.keras
    L = keras.layers
    main_input = L.Input(shape=(6,), dtype='int32', name='main_input')
    lstm_out = L.LSTM(4)(L.Embedding(output_dim=8, input_dim=20, input_length=6)(main_input))
    auxiliary_output = L.Dense(1, activation='sigmoid', name='aux_output')(lstm_out)
    auxiliary_input = L.Input(shape=(3,), name='aux_input')
    x = L.Dense(8, activation='relu')(L.concatenate([lstm_out, auxiliary_input]))
    main_output = L.Dense(1, activation='sigmoid', name='main_output')(x)
    model = keras.models.Model(inputs=[main_input, auxiliary_input],
                               outputs=[main_output, auxiliary_output])
    model.compile(optimizer='rmsprop',
                  loss={'main_output': 'binary_crossentropy', 'aux_output': 'binary_crossentropy'},
                  loss_weights={'main_output': 1., 'aux_output': 0.2}, metrics=['accuracy'])
    out['metrics_names'] = model.metrics_names
    headline = np.random.randint(1, 20, size=(40, 6))
    add = np.random.rand(40, 3).astype('float32')
    labels = np.random.randint(0, 2, size=(40, 1)).astype('float32')
    history = model.fit({'main_input': headline, 'aux_input': add},
                        {'main_output': labels, 'aux_output': labels}, epochs=2, batch_size=10,
                        verbose=0)
    out['history'] = {k: v for k, v in sorted(history.history.items())}
    out['train_on_batch'] = [model.train_on_batch([headline[:10], add[:10]],
                                                  [labels[:10], labels[:10]]) for _ in range(2)]
    out['test_on_batch_kept'] = model.test_on_batch([headline, add], [labels, labels],
                                                    reset_metrics=False)
    out['test_on_batch'] = model.test_on_batch([headline[:10], add[:10]],
                                               [labels[:10], labels[:10]])
    out['evaluate'] = model.evaluate([headline, add], [labels, labels], batch_size=40, verbose=0)
    model2 = keras.models.Model([main_input, auxiliary_input], [main_output, auxiliary_output])
    model2.compile('adam', ['binary_crossentropy', 'mse'], loss_weights=[0.5, 2.0])
    out['list_losses'] = model2.evaluate([headline, add], [labels, labels], verbose=0)
    out['sample_counts'] = _error(lambda: model2.fit([headline, add[:30]], [labels, labels],
                                                     verbose=0))
    out['unknown_key'] = _error(lambda: model.compile('sgd', loss={'main_outpt': 'mse'}))


def _stateful(tf, out):
    keras = tf.keras
    model = keras.Sequential([keras.layers.LSTM(4, batch_input_shape=(4, 1, 1), stateful=True),
                              keras.layers.Dense(1)])
    model.compile(loss='mean_squared_error', optimizer='adam')
    series = np.sin(np.arange(45) / 4.0).astype('float32')
    x, y = series[:-1].reshape(-1, 1, 1), series[1:].reshape(-1, 1)
    losses = []
    for _ in range(2):
        losses.append(model.fit(x, y, epochs=1, batch_size=4, verbose=0,
                                shuffle=False).history['loss'][0])
        model.reset_states()
    out['stateful_losses'] = losses
    out['stateful_predict'] = model.predict(x[:8])
    out['stateful_bad_batch'] = _error(lambda: model.predict(x[:6], batch_size=3))


def main(tf):
    out = {}
    tf.set_random_seed(2)
    np.random.seed(2)
    _headline(tf, out)
    _stateful(tf, out)
    return out

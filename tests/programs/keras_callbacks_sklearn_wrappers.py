"""keras-team/keras examples' callbacks and wrappers (2017-2019) in TF1 graph mode: CSVLogger,
TerminateOnNaN, EarlyStopping, History, TensorBoard (TF1 summaries), ModelCheckpoint
(save_weights_only, period), a custom Callback with on_batch_end, and mnist_sklearn_wrapper.py's
KerasClassifier/KerasRegressor (TF 1.x only: under TF 2.21 the program takes the wrapper's steps
by hand)."""
import os
import numpy as np

TAGS = ['keras']
TOLERANCE = {'*': (5e-4, 5e-5)}


def main(tf):
    tf.set_random_seed(19)
    np.random.seed(19)
    K = tf.keras
    L = K.layers
    gi = K.initializers.glorot_uniform
    rng = np.random.RandomState(13)
    x = rng.rand(24, 5).astype('float32')
    y = (x.sum(1) > 2.5).astype('float32')
    model = K.Sequential([L.Dense(6, activation='tanh', input_shape=(5,), kernel_initializer=gi(seed=1)),
                          L.Dense(1, activation='sigmoid', kernel_initializer=gi(seed=2))])
    model.compile(K.optimizers.SGD(lr=0.5), 'binary_crossentropy', metrics=['accuracy'])

    class LossHistory(K.callbacks.Callback):
        def on_train_begin(self, logs={}):
            self.losses = []
            self.params_seen = sorted(self.params.keys())

        def on_batch_end(self, batch, logs={}):
            self.losses.append(logs.get('loss'))
            self.batch_keys = sorted(logs.keys())

    history = LossHistory()
    csv = os.path.join(os.getcwd(), 'log.csv')
    ck = os.path.join(os.getcwd(), 'w.{epoch:02d}-{val_loss:.2f}.h5')
    cbs = [history, K.callbacks.CSVLogger(csv, separator=';'), K.callbacks.TerminateOnNaN(),
           K.callbacks.EarlyStopping(monitor='val_loss', patience=0, min_delta=10.0, verbose=0),
           K.callbacks.ModelCheckpoint(ck, save_weights_only=True, period=1),
           K.callbacks.TensorBoard(log_dir=os.path.join(os.getcwd(), 'tb'), histogram_freq=0,
                                   write_graph=False)]
    h = model.fit(x, y, batch_size=6, epochs=4, validation_split=0.25, callbacks=cbs, verbose=0,
                  shuffle=False)
    res = {'batch_losses': np.array(history.losses), 'batch_keys': history.batch_keys,
           'epochs_run': h.epoch, 'loss': np.array(h.history['loss']),
           'csv_header': open(csv).read().splitlines()[0],
           'csv_rows': len(open(csv).read().splitlines()),
           'ckpts': sorted(f for f in os.listdir('.') if f.endswith('.h5')),
           'tb_files': len(os.listdir('tb')) > 0,
           'stopped': cbs[3].stopped_epoch}
    # NaN termination
    bad = K.Sequential([L.Dense(1, input_shape=(5,), kernel_initializer=gi(seed=3))])
    bad.compile(K.optimizers.SGD(lr=1e30), 'mse')
    hb = bad.fit(x, y * 1e30, batch_size=6, epochs=3, verbose=0, shuffle=False,
                 callbacks=[K.callbacks.TerminateOnNaN()])
    res['nan_epochs'] = len(hb.history['loss'])
    # sklearn wrappers (TF 1.x; TF 2.21's Keras has none, so there the same steps by hand)
    def make_model(dense_layer_sizes=(4,), lr=0.1):
        m = K.Sequential()
        m.add(L.Dense(dense_layer_sizes[0], activation='relu', input_shape=(5,), kernel_initializer=gi(seed=4)))
        m.add(L.Dense(3, activation='softmax', kernel_initializer=gi(seed=5)))
        m.compile(loss='categorical_crossentropy', optimizer=K.optimizers.Adam(lr), metrics=['accuracy'])
        return m

    def make_reg():
        m = K.Sequential([L.Dense(1, input_shape=(5,), kernel_initializer=gi(seed=6))])
        m.compile('sgd', 'mse')
        return m

    yc = (x[:, 0] * 3).astype(int).clip(0, 2) * 2 + 1
    wrappers = getattr(K, 'wrappers', None)
    if wrappers is not None:
        clf = wrappers.scikit_learn.KerasClassifier(make_model, dense_layer_sizes=(6,), epochs=2,
                                                    batch_size=6, verbose=0, shuffle=False)
        clf.fit(x, yc)
        res['clf_pred'] = clf.predict(x[:6])
        res['clf_proba'] = clf.predict_proba(x[:3])
        res['clf_score'] = clf.score(x, yc)
        res['classes'] = clf.classes_
        try:
            clf.set_params(epohcs=3)
        except ValueError as e:
            res['bad_param'] = str(e)
        reg = wrappers.scikit_learn.KerasRegressor(build_fn=make_reg, epochs=1, batch_size=8,
                                                   verbose=0, shuffle=False)
        reg.fit(x, y)
        res['reg_pred'] = reg.predict(x[:3])
        res['reg_score'] = reg.score(x, y)
    else:
        classes = np.unique(yc)
        m = make_model(dense_layer_sizes=(6,))
        m.fit(x, K.utils.to_categorical(np.searchsorted(classes, yc)), epochs=2, batch_size=6,
              verbose=0, shuffle=False)
        res['clf_pred'] = classes[m.predict(x[:6], batch_size=32).argmax(-1)]
        res['clf_proba'] = m.predict(x[:3], batch_size=32)
        res['clf_score'] = m.evaluate(x, K.utils.to_categorical(np.searchsorted(classes, yc)),
                                      verbose=0)[1]
        res['classes'] = classes
        res['bad_param'] = 'epohcs is not a legal parameter'
        r = make_reg()
        r.fit(x, y, epochs=1, batch_size=8, verbose=0, shuffle=False)
        res['reg_pred'] = r.predict(x[:3])[:, 0]
        res['reg_score'] = -r.evaluate(x, y, verbose=0)
    return res

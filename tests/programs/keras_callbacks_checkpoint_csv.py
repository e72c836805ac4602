"""Keras callbacks as tutorials of 2018-2019 combined them: ModelCheckpoint with formatted file
names (save_best_only, save_weights_only, period), ReduceLROnPlateau, CSVLogger, TerminateOnNaN,
LambdaCallback reading the learning rate, EarlyStopping(restore_best_weights) with a
LearningRateScheduler; files written, history keys and values."""
import os

import numpy as np

TAGS = ['keras']

TOLERANCE = {'*': (1e-4, 1e-6)}


def main(tf):
    keras = tf.keras
    K = keras.backend
    np.random.seed(0)
    tf.set_random_seed(5)
    out = {}
    x = np.random.rand(60, 4).astype('float32')
    y = (x @ np.array([1.0, -2.0, 0.5, 3.0]) + 0.3).reshape(-1, 1).astype('float32')
    init = keras.initializers.RandomUniform(-0.1, 0.1, seed=3)
    model = keras.Sequential([keras.layers.Dense(8, activation='relu', input_shape=(4,), kernel_initializer=init),
                              keras.layers.Dense(1, kernel_initializer=init)])
    model.compile(optimizer=keras.optimizers.SGD(lr=0.05), loss='mse', metrics=['mae'])
    os.makedirs('ckpt', exist_ok=True)
    lrs = []
    cbs = [
        keras.callbacks.ModelCheckpoint('ckpt/weights.{epoch:02d}-{val_loss:.2f}.hdf5', monitor='val_loss',
                                        save_best_only=True, save_weights_only=True, verbose=0),
        keras.callbacks.ModelCheckpoint('ckpt/model_{epoch}.h5', period=2),
        keras.callbacks.ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=1, min_lr=0.001,
                                          verbose=0),
        keras.callbacks.CSVLogger('log.csv', separator=',', append=False),
        keras.callbacks.TerminateOnNaN(),
        keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: lrs.append(
            float(K.get_value(model.optimizer.lr)))),
    ]
    h = model.fit(x, y, epochs=6, batch_size=10, validation_split=0.25, shuffle=False, verbose=0,
                  callbacks=cbs)
    out['files'] = sorted(os.listdir('ckpt'))
    out['lrs'] = np.array(lrs)
    out['hist_lr'] = np.array(h.history.get('lr', []))
    out['keys'] = sorted(h.history.keys())
    out['val_loss'] = np.array(h.history['val_loss'])
    with open('log.csv') as f:
        rows = f.read().splitlines()
    out['csv_header'] = rows[0]
    out['csv_rows'] = len(rows)
    out['csv_first_epoch'] = rows[1].split(',')[0]

    # EarlyStopping with restore_best_weights + LearningRateScheduler
    model2 = keras.Sequential([keras.layers.Dense(1, input_shape=(4,), kernel_initializer=init)])
    model2.compile(keras.optimizers.SGD(lr=0.5), 'mse')
    sched = keras.callbacks.LearningRateScheduler(lambda epoch: 0.5 if epoch < 2 else 2.0)
    es = keras.callbacks.EarlyStopping(monitor='loss', patience=1, restore_best_weights=True,
                                       min_delta=0.0, mode='min')
    h2 = model2.fit(x, y, epochs=10, batch_size=60, verbose=0, callbacks=[sched, es], shuffle=False)
    out['es_stopped'] = es.stopped_epoch
    out['es_epochs'] = h2.epoch
    out['es_losses'] = np.array(h2.history['loss'])
    out['es_best'] = np.array(es.best)
    out['restored_loss'] = np.array(model2.evaluate(x, y, verbose=0, batch_size=60))

    # TerminateOnNaN
    model3 = keras.Sequential([keras.layers.Dense(1, input_shape=(4,), kernel_initializer=init)])
    model3.compile(keras.optimizers.SGD(lr=1e6), 'mse')
    h3 = model3.fit(x * 1000, y, epochs=3, batch_size=10, verbose=0, callbacks=[keras.callbacks.TerminateOnNaN()])
    out['nan_epochs'] = h3.epoch
    out['nan_n'] = len(h3.history['loss'])
    return out

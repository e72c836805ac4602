"""Keras training loops of the TF 1.13-1.15 era: a custom Callback reading params and logs,
stop_training from a batch hook, EarlyStopping(restore_best_weights) with ReduceLROnPlateau,
LearningRateScheduler, fit_generator over a Python generator and a keras.utils.Sequence,
evaluate_generator / predict_generator, class_weight and custom metric functions."""
import math

import numpy as np

TAGS = ['keras']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _callbacks(tf, out):
    keras = tf.keras
    K = keras.backend
    seen = []

    class LossHistory(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.losses = []
            seen.append(sorted(self.params))

        def on_batch_end(self, batch, logs=None):
            self.losses.append(logs.get('loss'))

        def on_epoch_end(self, epoch, logs=None):
            seen.append(sorted(logs))

    class StopEarly(keras.callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            if batch == 1:
                self.model.stop_training = True

    class Spike(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                K.set_value(self.model.optimizer.lr, 0.05)
    x = np.random.rand(64, 5).astype('float32')
    y = x.dot(np.arange(5.0)).reshape(-1, 1).astype('float32')
    model = keras.Sequential([keras.layers.Dense(4, input_dim=5, activation='relu'),
                              keras.layers.Dense(1)])
    model.compile(loss='mean_squared_error', optimizer=keras.optimizers.SGD(lr=0.01))
    history = LossHistory()
    model.fit(x, y, batch_size=16, epochs=2, verbose=0, callbacks=[history],
              validation_split=0.25)
    out['batch_losses'] = history.losses
    out['callback_seen'] = seen
    out['stopped_steps'] = len(model.fit(x, y, batch_size=16, epochs=3, verbose=0,
                                         callbacks=[StopEarly()]).epoch)
    es = keras.callbacks.EarlyStopping(monitor='val_loss', patience=1,
                                       restore_best_weights=True)
    rl = keras.callbacks.ReduceLROnPlateau(monitor='val_loss', factor=0.2, patience=1,
                                           min_lr=0.0001)
    fitted = model.fit(x, y, batch_size=32, epochs=8, validation_data=(x[:16], y[:16]),
                       verbose=0, callbacks=[Spike(), es, rl])
    out['early_stop'] = [len(fitted.epoch), es.stopped_epoch, es.best]
    out['early_stop_history'] = {k: v for k, v in sorted(fitted.history.items())}
    out['restored_eval'] = model.evaluate(x[:16], y[:16], verbose=0)
    scheduled = model.fit(x, y, batch_size=32, epochs=3, verbose=0, callbacks=[
        keras.callbacks.LearningRateScheduler(lambda epoch: 0.01 * 0.5 ** epoch)])
    out['scheduled_lr'] = scheduled.history['lr']


def _generators(tf, out):
    keras = tf.keras
    x = np.random.rand(50, 4).astype('float32')
    y = (x[:, :1] * 2 - x[:, 1:2]).astype('float32')

    def gen(batch_size=10):
        while True:
            for i in range(0, len(x), batch_size):
                yield x[i:i + batch_size], y[i:i + batch_size]

    class DataSeq(keras.utils.Sequence):
        def __init__(self, xs, ys, batch_size):
            self.x, self.y, self.batch_size = xs, ys, batch_size

        def __len__(self):
            return int(math.ceil(len(self.x) / float(self.batch_size)))

        def __getitem__(self, idx):
            window = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
            return self.x[window], self.y[window]
    model = keras.Sequential([keras.layers.Dense(8, activation='tanh', input_shape=(4,)),
                              keras.layers.Dense(1)])
    model.compile(optimizer=tf.train.AdamOptimizer(0.01), loss='mse', metrics=['mae'])
    fitted = model.fit_generator(gen(), steps_per_epoch=5, epochs=3, verbose=0,
                                 validation_data=DataSeq(x[:20], y[:20], 10),
                                 validation_steps=2)
    out['generator_history'] = {k: v for k, v in sorted(fitted.history.items())}
    fitted = model.fit_generator(DataSeq(x, y, 16), epochs=2, verbose=0, shuffle=False,
                                 validation_data=(x[:10], y[:10]))
    out['sequence_history'] = {k: v for k, v in sorted(fitted.history.items())}
    out['evaluate_generator'] = model.evaluate_generator(DataSeq(x, y, 25), steps=2)
    out['predict_generator'] = model.predict_generator(DataSeq(x, y, 20), steps=3)


def _weighted(tf, out):
    keras = tf.keras
    K = keras.backend
    x = np.random.randn(60, 6).astype('float32')
    y = (x[:, 0] + 0.3 * x[:, 1] > 0.8).astype('int32')

    def recall_m(y_true, y_pred):
        true_positives = K.sum(K.round(K.clip(y_true * y_pred, 0, 1)))
        return true_positives / (K.sum(K.round(K.clip(y_true, 0, 1))) + K.epsilon())
    model = keras.Sequential([keras.layers.Dense(8, activation='relu', input_shape=(6,)),
                              keras.layers.Dense(1, activation='sigmoid')])
    model.compile(optimizer=keras.optimizers.Adam(lr=0.01), loss='binary_crossentropy',
                  metrics=['acc', recall_m])
    class_weight = {0: 1., 1: float((y == 0).sum()) / (y == 1).sum()}
    fitted = model.fit(x, y, epochs=3, batch_size=20, class_weight=class_weight, verbose=0)
    out['class_weight_history'] = {k: v for k, v in sorted(fitted.history.items())}
    out['weighted_evaluate'] = model.evaluate(x, y, verbose=0)


def main(tf):
    out = {}
    tf.set_random_seed(15)
    np.random.seed(15)
    # NOTE: the class-weight model first: a variable's op-level seed follows the graph's op
    # count, and TF's training ops are not counted op for op
    _weighted(tf, out)
    _callbacks(tf, out)
    _generators(tf, out)
    return out

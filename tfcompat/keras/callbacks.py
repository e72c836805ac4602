"""`tf.keras.callbacks`: the hooks `Model.fit` calls (on_train_begin/end, on_epoch_begin/end,
on_batch_begin/end, ...) and Keras' callbacks: History, BaseLogger, TerminateOnNaN,
EarlyStopping, ModelCheckpoint, LearningRateScheduler, ReduceLROnPlateau, CSVLogger,
LambdaCallback and TensorBoard (the TF1 one: epoch scalars through tf.summary.FileWriter).
The engine imports this module, so nothing here imports the engine at import time
(`ProgbarLogger` is the engine's, loaded on first use).
"""
from __future__ import annotations

import collections
import csv
import os

import numpy as np

import tfcompat as tf
from tfcompat import _unsupported
from tfcompat._lazy import lazy_module
from tfcompat.keras import backend

_progbar = lazy_module("tfcompat.keras.engine.progbar")


def _warn(message, *args):
    tf.logging.warning(message, *args)


class Callback:
    """Base class: every hook does nothing; `model` and `params` are set by `fit`."""

    def __init__(self):
        self.validation_data = None
        self.model = None
        self.params = {}

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    def on_batch_begin(self, batch, logs=None):
        pass

    def on_batch_end(self, batch, logs=None):
        pass

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch, logs=None):
        pass

    def on_test_batch_end(self, batch, logs=None):
        pass

    def on_predict_batch_begin(self, batch, logs=None):
        pass

    def on_predict_batch_end(self, batch, logs=None):
        pass

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_test_begin(self, logs=None):
        pass

    def on_test_end(self, logs=None):
        pass

    def on_predict_begin(self, logs=None):
        pass

    def on_predict_end(self, logs=None):
        pass


class CallbackList:
    """Calls each hook on a list of callbacks (for loops written against Keras' API)."""

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None,
                 **params):
        self.callbacks = list(callbacks or [])
        if add_progbar:
            self.callbacks.insert(0, _progbar.ProgbarLogger())
        if add_history:
            self.callbacks.append(History())
        self.model = None
        self.params = {}
        if model is not None:
            self.set_model(model)
        if params:
            self.set_params(params)

    def append(self, callback):
        self.callbacks.append(callback)

    def set_params(self, params):
        self.params = params
        for callback in self.callbacks:
            callback.set_params(params)

    def set_model(self, model):
        self.model = model
        for callback in self.callbacks:
            callback.set_model(model)

    def _call(self, hook, *args):
        for callback in self.callbacks:
            method = getattr(callback, hook, None)
            if method is not None:
                method(*args)

    def __getattr__(self, hook):
        if hook.startswith("on_"):
            return lambda *args, **kwargs: self._call(
                hook, *args, *([kwargs["logs"]] if "logs" in kwargs else []))
        raise AttributeError("'CallbackList' object has no attribute '%s'" % hook)

    def __iter__(self):
        return iter(self.callbacks)


class History(Callback):
    """Records the epoch logs: `history.history['loss']`, ... (what `fit` returns)."""

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(v)
        if self.model is not None:
            self.model.history = self


class BaseLogger(Callback):
    """Averages the batch logs over each epoch's samples into the epoch logs."""

    def __init__(self, stateful_metrics=None):
        super().__init__()
        self.stateful_metrics = set(stateful_metrics or [])

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.totals = {}

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        batch_size = logs.get("size", 0)
        self.seen += batch_size * logs.get("num_steps", 1)
        for k, v in logs.items():
            if k in self.stateful_metrics:
                self.totals[k] = v
            else:
                self.totals[k] = self.totals.get(k, 0) + v * batch_size

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            for k in self.params.get("metrics", ()):
                if k in self.totals:
                    logs[k] = (self.totals[k] if k in self.stateful_metrics
                               else self.totals[k] / self.seen)


class TerminateOnNaN(Callback):
    """Stops training when a batch loss is NaN or infinite."""

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and (np.isnan(loss) or np.isinf(loss)):
            print("Batch %d: Invalid loss, terminating training" % batch)
            self.model.stop_training = True


def _monitor_op(mode, monitor, default_greater):
    if mode not in ("auto", "min", "max"):
        _warn("mode %s is unknown, fallback to auto mode.", mode)
        mode = "auto"
    if mode == "min":
        return np.less
    if mode == "max" or default_greater(monitor):
        return np.greater
    return np.less


class EarlyStopping(Callback):
    """Stops training when `monitor` stops improving for `patience` epochs."""

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0):
        super().__init__()
        self.monitor, self.patience, self.verbose = monitor, patience, verbose
        self.baseline, self.restore_best_weights = baseline, restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = self.stopped_epoch = 0
        self.best_weights = None
        self.monitor_op = _monitor_op(mode, monitor, lambda m: m.endswith(
            ("acc", "accuracy", "auc")))
        self.min_delta = abs(min_delta) * (1 if self.monitor_op == np.greater else -1)

    def on_train_begin(self, logs=None):
        self.wait = self.stopped_epoch = self.best_epoch = 0
        self.best = np.inf if self.monitor_op == np.less else -np.inf
        self.best_weights = None

    def on_epoch_end(self, epoch, logs=None):
        current = (logs or {}).get(self.monitor)
        if current is None:
            _warn("Early stopping conditioned on metric `%s` which is not available. "
                  "Available metrics are: %s", self.monitor, ",".join(list((logs or {}))))
            return
        if epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights, self.best_epoch = self.model.get_weights(), epoch
        self.wait += 1
        if self.monitor_op(current - self.min_delta, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self.monitor_op(current - self.min_delta, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print("Epoch %d: early stopping" % (self.stopped_epoch + 1))
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print("Restoring model weights from the end of the best epoch: %d."
                      % (self.best_epoch + 1))
            self.model.set_weights(self.best_weights)


class ModelCheckpoint(Callback):
    """Saves the model (`model.save`) or its weights (`model.save_weights`) after each epoch
    (or every `save_freq` batches) to `filepath` formatted with the epoch and the logs."""

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch", options=None,
                 initial_value_threshold=None, period=1, **kwargs):
        super().__init__()
        self.monitor, self.verbose, self.filepath = monitor, verbose, os.fspath(filepath)
        self.save_best_only, self.save_weights_only = save_best_only, save_weights_only
        self.save_freq, self.period = save_freq, kwargs.pop("period", period)
        self.epochs_since_last_save = self._batches_since_save = 0
        self._last_batch_seen, self._current_epoch = -1, 0
        self.monitor_op = _monitor_op(mode, monitor,
                                      lambda m: "acc" in m or m.startswith("fmeasure"))
        self.best = initial_value_threshold
        if self.best is None:
            self.best = np.inf if self.monitor_op == np.less else -np.inf
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError('Unrecognized save_freq: %s. Expected save_freq are "epoch" or '
                             "integer" % (save_freq,))

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        added = batch + 1 if batch <= self._last_batch_seen else batch - self._last_batch_seen
        self._batches_since_save += added
        self._last_batch_seen = batch
        if self._batches_since_save >= self.save_freq:
            self._batches_since_save = 0
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self.epochs_since_last_save += 1
        if self.save_freq == "epoch":
            self._save_model(epoch, None, logs)

    def _file_path(self, epoch, batch, logs):
        try:
            if batch is None or "batch" in logs:
                return self.filepath.format(epoch=epoch + 1, **logs)
            return self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as e:
            raise KeyError('Failed to format this callback filepath: "%s". Reason: %s'
                           % (self.filepath, e))

    def _save_model(self, epoch, batch, logs):
        logs = dict(logs or {})
        if not (isinstance(self.save_freq, int) or self.epochs_since_last_save >= self.period):
            return
        self.epochs_since_last_save = 0
        filepath = self._file_path(epoch, batch, logs)
        dirname = os.path.dirname(filepath)
        if dirname and not os.path.exists(dirname):
            os.makedirs(dirname)
        if os.path.isdir(filepath):
            raise IOError("Please specify a non-directory filepath for ModelCheckpoint. Filepath "
                          "used is an existing directory: %s" % filepath)
        if not self.save_best_only:
            if self.verbose > 0:
                print("\nEpoch %d: saving model to %s" % (epoch + 1, filepath))
            return self._save(filepath)
        current = logs.get(self.monitor)
        if current is None:
            _warn("Can save best model only with %s available, skipping.", self.monitor)
        elif self.monitor_op(current, self.best):
            if self.verbose > 0:
                print("\nEpoch %d: %s improved from %.5f to %.5f, saving model to %s"
                      % (epoch + 1, self.monitor, self.best, current, filepath))
            self.best = current
            self._save(filepath)
        elif self.verbose > 0:
            print("\nEpoch %d: %s did not improve from %.5f" % (epoch + 1, self.monitor,
                                                                self.best))

    def _save(self, filepath):
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)


class LearningRateScheduler(Callback):
    """Sets the optimizer's learning rate to `schedule(epoch[, lr])` at each epoch begin."""

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule, self.verbose = schedule, verbose

    def on_epoch_begin(self, epoch, logs=None):
        if not hasattr(self.model.optimizer, "lr"):
            raise ValueError('Optimizer must have a "lr" attribute.')
        try:
            lr = self.schedule(epoch, float(backend.get_value(self.model.optimizer.lr)))
        except TypeError:  # a schedule of the epoch alone
            lr = self.schedule(epoch)
        if not isinstance(lr, (float, np.float32, np.float64)) and not tf.is_tensor(lr):
            raise ValueError('The output of the "schedule" function should be float. Got: %s'
                             % (lr,))
        if tf.is_tensor(lr):
            if not lr.dtype.is_floating:
                raise ValueError("The dtype of `lr` Tensor should be float. Got: %s" % lr.dtype)
            lr = backend.get_value(lr)
        backend.set_value(self.model.optimizer.lr, lr)
        if self.verbose > 0:
            print("\nEpoch %d: LearningRateScheduler setting learning rate to %s."
                  % (epoch + 1, lr))

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["lr"] = backend.get_value(self.model.optimizer.lr)


class ReduceLROnPlateau(Callback):
    """Multiplies the learning rate by `factor` when `monitor` stops improving."""

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
                 min_delta=1e-4, cooldown=0, min_lr=0, **kwargs):
        super().__init__()
        if factor >= 1.0:
            raise ValueError("ReduceLROnPlateau does not support a factor >= 1.0. Got %s"
                             % factor)
        if "epsilon" in kwargs:
            min_delta = kwargs.pop("epsilon")
            _warn("`epsilon` argument is deprecated and will be removed, use `min_delta` "
                  "instead.")
        self.monitor, self.factor, self.min_lr, self.min_delta = monitor, factor, min_lr, \
            min_delta
        self.patience, self.verbose, self.cooldown, self.mode = patience, verbose, cooldown, mode
        self._reset()

    def _reset(self):
        if self.mode not in ("auto", "min", "max"):
            _warn("Learning rate reduction mode %s is unknown, fallback to auto mode.",
                  self.mode)
            self.mode = "auto"
        if self.mode == "min" or (self.mode == "auto" and "acc" not in self.monitor):
            self.monitor_op = lambda a, b: np.less(a, b - self.min_delta)
            self.best = np.inf
        else:
            self.monitor_op = lambda a, b: np.greater(a, b + self.min_delta)
            self.best = -np.inf
        self.cooldown_counter = self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs["lr"] = backend.get_value(self.model.optimizer.lr)
        current = logs.get(self.monitor)
        if current is None:
            _warn("Learning rate reduction is conditioned on metric `%s` which is not "
                  "available. Available metrics are: %s", self.monitor, ",".join(list(logs)))
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self.monitor_op(current, self.best):
            self.best, self.wait = current, 0
        elif self.cooldown_counter <= 0:
            self.wait += 1
            if self.wait >= self.patience:
                old_lr = backend.get_value(self.model.optimizer.lr)
                if old_lr > np.float32(self.min_lr):
                    new_lr = max(old_lr * self.factor, self.min_lr)
                    backend.set_value(self.model.optimizer.lr, new_lr)
                    if self.verbose > 0:
                        # NOTE: formatted as TF's f-string: a float32 shows its float64 digits
                        print("\nEpoch {}: ReduceLROnPlateau reducing learning rate to {}."
                              .format(epoch + 1, new_lr))
                    self.cooldown_counter, self.wait = self.cooldown, 0

    def in_cooldown(self):
        return self.cooldown_counter > 0


class CSVLogger(Callback):
    """Writes each epoch's logs as a CSV row (columns `epoch` and the sorted log keys)."""

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep, self.filename, self.append = separator, os.fspath(filename), append
        self.writer, self.keys, self.append_header = None, None, True

    def on_train_begin(self, logs=None):
        if self.append and os.path.exists(self.filename):
            with open(self.filename) as f:
                self.append_header = not bool(len(f.readline()))
        self.csv_file = open(self.filename, "a" if self.append else "w", newline="")

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs.keys())
            if not any(key.startswith("val_") for key in self.keys):
                self.keys.extend(["val_" + k for k in self.keys])
        if not self.writer:
            dialect = type("CustomDialect", (csv.excel,), {"delimiter": self.sep})
            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + self.keys,
                                         dialect=dialect)
            if self.append_header:
                self.writer.writeheader()
        row = collections.OrderedDict({"epoch": epoch})
        row.update((key, _csv_value(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        self.csv_file.close()
        self.writer = None


def _csv_value(k):
    if isinstance(k, str):
        return k
    if isinstance(k, collections.abc.Iterable) and not (isinstance(k, np.ndarray)
                                                        and k.ndim == 0):
        return '"[%s]"' % ", ".join(map(str, k))
    return k


class LambdaCallback(Callback):
    """A callback made of the given functions."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None,
                 on_batch_end=None, on_train_begin=None, on_train_end=None, **kwargs):
        super().__init__()
        self.__dict__.update(kwargs)
        for name, fn in (("on_epoch_begin", on_epoch_begin), ("on_epoch_end", on_epoch_end),
                         ("on_batch_begin", on_batch_begin), ("on_batch_end", on_batch_end),
                         ("on_train_begin", on_train_begin), ("on_train_end", on_train_end)):
            if fn is not None:
                setattr(self, name, fn)


class TensorBoard(Callback):
    """TF1's Keras TensorBoard callback: the graph (write_graph), each epoch's logs as scalar
    summaries and, every `histogram_freq` epochs, histograms of the layers' weights (tag
    `<weight name with _ for :>`), in `log_dir` through tf.summary.FileWriter. TF also
    histograms the layer outputs on the validation data, and writes gradients, images and
    embeddings on request: tfcompat does not (it warns once)."""

    def __init__(self, log_dir="./logs", histogram_freq=0, batch_size=32, write_graph=True,
                 write_grads=False, write_images=False, embeddings_freq=0, update_freq="epoch",
                 profile_batch=2, **kwargs):
        super().__init__()
        if embeddings_freq or write_grads or write_images:
            raise NotImplementedError("TensorBoard(embeddings_freq / write_grads / "
                                      "write_images): tfcompat writes the graph, scalars and "
                                      "weight histograms only")
        self.log_dir, self.write_graph = os.fspath(log_dir), write_graph
        self.histogram_freq, self.batch_size = histogram_freq, batch_size
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.writer = self.merged = None
        self._samples_seen = self._samples_seen_at_last_write = self._total_batches_seen = 0

    def set_model(self, model):
        self.model = model
        graph = backend.get_graph() if self.write_graph else None
        self.writer = tf.summary.FileWriter(self.log_dir, graph)
        if self.histogram_freq and self.merged is None:
            histograms = [tf.summary.histogram(weight.name.replace(":", "_"), weight)
                          for layer in model.layers for weight in layer.weights]
            if histograms:
                self.merged = tf.summary.merge(histograms)
            _warn("TensorBoard(histogram_freq=%s): tfcompat writes the weight histograms, not "
                  "the layer outputs' on the validation data", self.histogram_freq)

    def _write_histograms(self, epoch):
        if self.merged is not None and epoch % self.histogram_freq == 0:
            self.writer.add_summary(backend.get_session().run(self.merged), epoch)

    def _write_custom_summaries(self, step, logs):
        for name, value in (logs or {}).items():
            if isinstance(value, np.ndarray):
                value = value.item()
            summary = tf.Summary(value=[tf.Summary.Value(tag=name, simple_value=value)])
            self.writer.add_summary(summary, step)
        self.writer.flush()

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        self._samples_seen += logs.get("size", 1)
        since = self._samples_seen - self._samples_seen_at_last_write
        if self.update_freq != "epoch" and since >= self.update_freq:
            self._write_custom_summaries(self._total_batches_seen, {
                "batch_" + k: v for k, v in logs.items()
                if k not in ("batch", "size", "num_steps")})
            self._samples_seen_at_last_write = self._samples_seen
        self._total_batches_seen += 1

    def on_epoch_end(self, epoch, logs=None):
        logs = {"epoch_" + k: v for k, v in (logs or {}).items()
                if k not in ("batch", "size", "num_steps")}
        if self.histogram_freq:
            self._write_histograms(epoch)
        self._write_custom_summaries(epoch if self.update_freq == "epoch" else
                                     self._samples_seen, logs)

    def on_train_end(self, logs=None):
        if self.writer is not None:
            self.writer.close()


_missing = _unsupported.missing_attr("keras.callbacks", __name__)


def __getattr__(name):
    if name == "ProgbarLogger":   # the engine's (it imports this module)
        return _progbar.ProgbarLogger
    return _missing(name)

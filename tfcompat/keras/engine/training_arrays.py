"""The numpy-array loops of `fit`, `evaluate`, `predict` and `*_on_batch` (tf_keras's
training_arrays_v1): arrays checked against the model's placeholders with Keras' messages,
batches of `batch_size` (32) in a shuffled order each epoch, the learning phase fed 1 while
training, callbacks called with Keras' logs, and epoch values averaged over samples."""
from __future__ import annotations

import numpy as np

from tfcompat.keras import callbacks as callbacks_mod
from tfcompat.keras import losses as losses_mod
from tfcompat.keras.engine import data_adapter
from tfcompat.keras.engine.progbar import ProgbarLogger


def _as_list(data, names):
    if data is None:
        return []
    if isinstance(data, data_adapter.SparseRows):
        return [data]
    if isinstance(data, dict):
        missing = [n for n in names if n not in data]
        if missing:
            raise ValueError("No data provided for \"%s\". Need data for each key in: %s"
                             % (missing[0], names))
        return [np.asarray(data[n]) for n in names]
    if isinstance(data, (list, tuple)) and len(names) == 1 and data and \
            not hasattr(data[0], "shape") and not isinstance(data[0], data_adapter.SparseRows):
        return [np.asarray(data)]
    if isinstance(data, (list, tuple)):
        return [d if isinstance(d, data_adapter.SparseRows) else np.asarray(d) for d in data]
    return [np.asarray(data)]


def standardize(tensors, data, kind, names=None):
    """Arrays for the placeholders `tensors`, checked as Keras' `standardize_input_data`
    ('Error when checking input: expected dense_input to have shape (4,) ...')."""
    names = names or [t._keras_history[0].name if hasattr(t, "_keras_history") else
                      t.op.name for t in tensors]
    arrays = _as_list(data, names)
    if len(arrays) != len(tensors):
        raise ValueError("Error when checking model %s: the list of Numpy arrays that you are "
                         "passing to your model is not the size the model expected. Expected "
                         "to see %d array(s), for inputs %s but instead got the following list "
                         "of %d arrays: %s..." % (kind, len(tensors), names, len(arrays),
                                                  str(arrays)[:200]))
    out = []
    for array, tensor, name in zip(arrays, tensors, names):
        if isinstance(array, data_adapter.SparseRows):    # a sparse input's batch
            out.append(array)
            continue
        if array.ndim == 1 and tensor.shape.ndims == 2:
            array = np.expand_dims(array, 1)
        shape = tensor.shape.as_list() if tensor.shape.ndims is not None else None
        if shape is not None:
            if array.ndim != len(shape):
                raise ValueError("Error when checking %s: expected %s to have %d dimensions, but "
                                 "got array with shape %s" % (kind, name, len(shape),
                                                              array.shape))
            for dim, size in zip(shape[1:], array.shape[1:]):
                if dim is not None and dim != size:
                    raise ValueError("Error when checking %s: expected %s to have shape %s but "
                                     "got array with shape %s" % (kind, name, tuple(shape[1:]),
                                                                  tuple(array.shape[1:])))
        out.append(array)
    return out


def _class_weights(y, class_weight):
    """Keras' `standardize_weights`: each sample weighted by its class's weight."""
    if y.ndim > 2:
        raise ValueError("`class_weight` not supported for 3+ dimensional targets.")
    classes = y.argmax(axis=1) if y.ndim == 2 and y.shape[1] > 1 else \
        np.reshape(y, y.shape[0]).astype(np.int64)
    missing = set(classes) - set(class_weight)
    if missing:
        raise ValueError("`class_weight` must contain all classes in the data. The classes %s "
                         "exist in the data but not in `class_weight`." % missing)
    return np.asarray([class_weight[c] for c in classes.tolist()], np.float32)


def _per_output_weights(names, sample_weight):
    """Keras' `standardize_sample_or_class_weights`: one weight array (or None) per output,
    from a list (one per output) or a dict keyed by output name."""
    if sample_weight is None or (isinstance(sample_weight, (list, tuple)) and
                                 not sample_weight):
        return [None] * len(names)
    if len(names) == 1:
        if isinstance(sample_weight, (list, tuple)) and len(sample_weight) == 1:
            return list(sample_weight)
        if isinstance(sample_weight, dict) and names[0] in sample_weight:
            return [sample_weight[names[0]]]
        return [sample_weight]
    if isinstance(sample_weight, (list, tuple)):
        if len(sample_weight) != len(names):
            raise ValueError("Provided `sample_weight` was a list of %d elements, but the "
                             "model has %d outputs. You should provide one `sample_weight`"
                             "array per model output." % (len(sample_weight), len(names)))
        return list(sample_weight)
    if isinstance(sample_weight, dict):
        return [sample_weight.get(name) for name in names]
    raise TypeError("The model has multiple outputs, so `sample_weight` should be either a "
                    "list or a dict. Provided `sample_weight` type not understood: %s"
                    % (sample_weight,))


def _sample_weights(model, targets, n, sample_weight, class_weight):
    """One weight array per target (the outputs with a loss)."""
    weights = []
    kept = _with_loss(model)
    names = [model.output_names[i] for i in kept]
    per_output = _per_output_weights(names, sample_weight)
    modes = getattr(model, "sample_weight_modes", None)
    modes = [modes[i] for i in kept] if modes else [None] * len(targets)
    for i, y in enumerate(targets):
        if modes[i] == "temporal":
            weights.append(_temporal_weights(y, per_output[i]))
            continue
        w = np.ones(n, np.float32) if per_output[i] is None else \
            np.asarray(per_output[i], np.float32)
        if w.ndim != 1:
            raise ValueError("Found a sample_weight array with shape %s. In order to use "
                             "timestep-wise sample weights, you should specify "
                             'sample_weight_mode="temporal" in compile(); founssd "None" '
                             "instead. If you just mean to use sample-wise weights, make sure "
                             "your sample_weight array is 1D." % (w.shape,))
        cw = class_weight.get(names[i], class_weight) if isinstance(
            class_weight, dict) and names[i] in class_weight else class_weight
        if cw is not None:
            w = w * _class_weights(y, cw)
        weights.append(w)
    return weights


def _temporal_weights(y, sample_weight):
    """Keras' `standardize_weights` for sample_weight_mode="temporal": [samples, time]."""
    if y.ndim < 3:
        raise ValueError("Found a sample_weight array for an input with shape %s. Timestep-wise "
                         'sample weighting (use of sample_weight_mode="temporal") is '
                         "restricted to outputs that are at least 3D, i.e. that have a time "
                         "dimension." % (y.shape,))
    if sample_weight is None:
        return np.ones(y.shape[:2], np.float32)
    sample_weight = np.asarray(sample_weight, np.float32)
    if sample_weight.ndim != 2:
        raise ValueError("Found a sample_weight array with shape %s. In order to use "
                         "timestep-wise sample weighting, you should pass a 2D sample_weight "
                         "array." % (sample_weight.shape,))
    return sample_weight


_SHAPE_CHECKED = ("mean_squared_error", "binary_crossentropy", "categorical_crossentropy")


def _check_targets(model, targets):
    """Keras' `check_loss_and_target_compatibility`: the common target mistakes, named (for
    graph networks only, as TF: a subclassed model's targets are not checked)."""
    if not getattr(model, "_is_graph_network", True):
        return
    kept = _with_loss(model)
    for y, i in zip(targets, kept):
        fn, output = model.loss_functions[i], model.outputs[i]
        if losses_mod.is_categorical_crossentropy(fn) and y.shape[-1] == 1:
            raise ValueError(
                "You are passing a target array of shape %s while using as loss "
                "`categorical_crossentropy`. `categorical_crossentropy` expects targets to be "
                "binary matrices (1s and 0s) of shape (samples, classes). If your targets are "
                "integer classes, you can convert them to the expected format via:\n```\n"
                "from tf_keras.src.utils import to_categorical\ny_binary = to_categorical("
                "y_int)\n```\n\nAlternatively, you can use the loss function "
                "`sparse_categorical_crossentropy` instead, which does expect integer targets."
                % (y.shape,))
        name = getattr(getattr(fn, "fn", fn), "__name__", None)
        if name not in _SHAPE_CHECKED or output.shape.ndims is None:
            continue
        for target_dim, out_dim in zip(y.shape[1:], output.shape.as_list()[1:]):
            if out_dim is not None and target_dim != out_dim:
                raise ValueError("A target array with shape %s was passed for an output of "
                                 "shape %s while using as loss `%s`. This loss expects targets "
                                 "to have the same shape as the output."
                                 % (y.shape, tuple(output.shape.as_list()),
                                    getattr(fn, "name", None) or name))


def _check_array_lengths(inputs, targets):
    """Keras' `check_array_lengths`: every input, then every target, then both, hold the
    same number of samples."""
    for arrays, what in ((inputs, "input arrays (x)"), (targets, "target arrays (y)")):
        if len({len(a) for a in arrays}) > 1:
            raise ValueError("All %s should have the same number of samples. Got array "
                             "shapes: %s" % (what, [np.shape(a) for a in arrays]))
    if inputs and targets and len(inputs[0]) != len(targets[0]):
        raise ValueError("Input arrays should have the same number of samples as target "
                         "arrays. Found %d input samples and %d target samples."
                         % (len(inputs[0]), len(targets[0])))


def _with_loss(model):
    """Indices of the outputs that have a loss: only they take targets and sample weights."""
    functions = getattr(model, "loss_functions", None) or []
    return [i for i, fn in enumerate(functions) if fn is not None]


def _data(model, x, y, sample_weight, class_weight=None):
    inputs = standardize(model.inputs, x, "input")
    kept = _with_loss(model)
    targets = standardize([model.targets[i] for i in kept], y, "target",
                          names=[model.output_names[i] for i in kept])
    _check_targets(model, targets)
    _check_array_lengths(inputs, targets)
    n = len(inputs[0])
    return inputs + targets + _sample_weights(model, targets, n, sample_weight,
                                              class_weight), n


class _Callbacks:
    """Calls a hook on every callback that has it."""

    def __init__(self, callbacks, model, params):
        self.callbacks = list(callbacks)
        for callback in self.callbacks:
            callback.set_model(model)
            callback.set_params(dict(params))

    def __call__(self, hook, *args):
        for callback in self.callbacks:
            method = getattr(callback, hook, None)
            if method is not None:
                method(*args)


def _run_batches(fn, batches, labels, callbacks, model, feed_phase, count_steps=False,
                 mode="train"):
    """Runs `fn` on each `(arrays, size)` batch after resetting the metrics; the epoch's loss
    averaged over samples (over steps for a dataset), the stateful metrics' last values."""
    model.reset_metrics()
    first_metric = len(labels) - len(model.metrics)
    # NOTE: as TF's MetricsAggregator: the batch values are Python floats, so the loss sum
    # (batch loss * batch size, or per step) is a float64; each output's loss is a Keras Mean
    # metric (float32 total / count of batches)
    loss_sum, seen = 0.0, 0
    output_means = []
    outs, steps = None, 0
    for batch_index, (arrays, size) in enumerate(batches):
        weight = 1 if count_steps else size
        # NOTE: TF's v1 loop logs size 1 per step for datasets (its progress bar shows it)
        logs = {"batch": batch_index, "size": weight}
        callbacks("on_%s_batch_begin" % mode, batch_index, logs)
        outs = fn(list(arrays) + ([True] if feed_phase else []))
        loss_sum = loss_sum + _log_value(outs[0]) * weight
        output_means = _output_loss_means(model, outs[1:first_metric])
        seen, steps = seen + weight, batch_index + 1
        for i, label in enumerate(labels):
            # NOTE: Python floats, as TF's batch logs
            logs[label] = _log_value(output_means[i - 1] if 0 < i < first_metric else outs[i])
        callbacks("on_%s_batch_end" % mode, batch_index, logs)
        if model.stop_training:
            break
    if outs is None:
        return [0.0] * len(labels)
    return [loss_sum / max(seen, 1)] + list(output_means) + list(outs[first_metric:])


def _log_value(value):
    """A batch output as TF's loops log it: a Python float, or the array itself where the loss
    is not reduced (a loss built with `reduction=NONE` gives one value per sample; TF's
    aggregator then averages those vectors elementwise over the batches)."""
    return float(value) if np.ndim(value) == 0 else np.asarray(value)


def _output_loss_means(model, batch_losses):
    """Each output's loss as TF's v1 Keras keeps it: a Mean metric (float32 total / count of
    batches) that only `reset_metrics` starts over, so a `train_on_batch` right after `fit`
    still averages in the last epoch's batches."""
    values = np.asarray(batch_losses, np.float32)
    state = getattr(model, "_output_loss_state", None)
    if state is None or state[0].shape != values.shape:
        state = (np.zeros_like(values), 0)
    state = (state[0] + values, state[1] + 1)
    model._output_loss_state = state
    return state[0] / np.float32(state[1])


class _TensorSteps:
    """The steps of a loop whose model reads its data from tensors (no feed)."""

    announce = False

    def __init__(self, steps):
        self.steps = steps


class _Source:
    """Where a loop's batches come from: arrays (`ins`, `n` rows) or a dataset feed."""

    def __init__(self, model, x, y, sample_weight, class_weight=None, steps=None,
                 steps_name="steps_per_epoch", shuffle=False):
        self.feed = data_adapter.feed_for(x, steps, steps_name, shuffle)
        # NOTE: TF's params show a generator's first batch size when that batch built the
        # model
        self.first_batch = None
        if x is None and y is None and model._reads_tensors():
            # keras/examples/mnist_tfrecord.py: Input(tensor=...) and target_tensors; each
            # step feeds nothing
            if steps is None:
                raise ValueError("When using data tensors as input to a model, you should "
                                 "specify the `%s` argument." % steps_name)
            model._ensure_compiled()
            self.feed, self.n = _TensorSteps(steps), steps
        elif self.feed is not None:
            unbuilt = not model.outputs
            first = self.feed.peek()
            model._ensure_compiled(first[0])
            if unbuilt and isinstance(self.feed, data_adapter.GeneratorFeed):
                self.first_batch = len(_first(first[0]))
            self.n = self.feed.steps
            self._model, self._class_weight = model, class_weight
        else:
            model._ensure_compiled(x)
            self.ins, self.n = _data(model, x, y, sample_weight, class_weight)

    def batches(self, batch_size, index_array=None):
        if isinstance(self.feed, _TensorSteps):
            return (([], 1) for _ in range(self.n))
        if self.feed is None:
            # NOTE: TF's sample-wise loop does not slice when the arrays make one batch, so a
            # shuffled order (drawn all the same) does not reach that batch
            if index_array is None or self.n <= batch_size:
                index_array = np.arange(self.n)
            return data_adapter.array_batches(self.ins, index_array, batch_size)
        self.feed.start()
        return ((_data(self._model, x, y, w, self._class_weight)[0], len(_first(x)))
                for x, y, w in self.feed.elements())

    def split(self, validation_split):
        """A `_Source` for the last `validation_split` of the rows (arrays only)."""
        if self.feed is not None or not validation_split or not 0.0 < validation_split < 1.0:
            return None
        split_at = int(self.n * (1.0 - validation_split))
        held = object.__new__(_Source)
        held.feed, held.ins, held.n = None, [a[split_at:] for a in self.ins], self.n - split_at
        self.ins, self.n = [a[:split_at] for a in self.ins], split_at
        return held


def _batch_size(model, batch_size):
    """Keras' `_validate_or_infer_batch_size`: an input with a static batch size (a stateful
    RNN's `batch_input_shape`) sets the batch size, and refuses another; else 32."""
    inputs = getattr(model, "inputs", None) or []
    static = inputs[0].shape.as_list()[0] if inputs and inputs[0].shape.ndims else None
    if static is not None:
        if batch_size is not None and batch_size != static:
            raise ValueError("The `batch_size` argument value {} is incompatible with the "
                             "specified batch size of your Input Layer: {}"
                             .format(batch_size, static))
        return static
    return batch_size or 32


def _first(x):
    return x[0] if isinstance(x, (list, tuple)) and \
        not isinstance(x, data_adapter.SparseRows) else x


def fit(model, x, y, batch_size=None, epochs=1, verbose=1, callbacks=None, validation_split=0.0,
        validation_data=None, shuffle=True, sample_weight=None, initial_epoch=0,
        validation_freq=1, class_weight=None, steps_per_epoch=None, validation_steps=None):
    source = _Source(model, x, y, sample_weight, class_weight, steps_per_epoch,
                     shuffle=shuffle)
    val = source.split(validation_split)
    if validation_data is not None:
        if data_adapter.is_dataset(validation_data) or \
                data_adapter.is_generator(validation_data):
            val = _Source(model, validation_data, None, None, steps=validation_steps,
                          steps_name="validation_steps")
            if isinstance(val.feed, data_adapter.DatasetFeed):
                # TF makes a new iterator for each validation run: every one starts over
                val.feed.reinitialize = True
        else:
            parts = list(validation_data) + [None]
            val = _Source(model, parts[0], parts[1], parts[2])
    steps_mode = source.feed is not None
    batch_size = source.first_batch if steps_mode else _batch_size(model, batch_size)
    labels = model.metrics_names
    fn = model._function("train")
    feed_phase = len(fn.inputs) > len(model._feeds(None))
    model.history = callbacks_mod.History()
    callback_metrics = labels + (["val_" + n_ for n_ in labels] if val else [])
    user = list(callbacks or [])
    logger = [] if not verbose or any(isinstance(c, ProgbarLogger) for c in user) else [
        ProgbarLogger(count_mode="steps" if steps_mode else "samples",
                      stateful_metrics=labels[1:])]
    params = {"batch_size": batch_size, "epochs": epochs, "steps": source.n if steps_mode
              else None, "samples": source.n, "verbose": verbose, "do_validation": bool(val),
              "metrics": callback_metrics}
    # Keras' order: the user's callbacks, History, then the progress bar
    hooks = _Callbacks(user + [model.history] + logger, model, params)
    if verbose and (source.feed is None or source.feed.announce):
        unit = "steps" if steps_mode else "samples"
        print("Train on %d %s" % (source.n, unit) + (", validate on %d %s" % (val.n, unit)
                                                      if val else ""))
    model.stop_training = False
    hooks("on_train_begin", {})
    for epoch in range(initial_epoch, epochs):
        hooks("on_epoch_begin", epoch, {})
        index_array = None
        if not steps_mode:
            index_array = np.arange(source.n)
            if shuffle == "batch":
                index_array = _batch_shuffle(index_array, batch_size)
            elif shuffle:
                np.random.shuffle(index_array)
        # NOTE: as TF's v1 loops: a dataset's epoch loss is the mean over steps, a generator's
        # the mean weighted by batch sizes (its BaseLogger weighs each step by the batch's
        # 'size', which TF's generator loop logs as the real batch size)
        per_step = steps_mode and not isinstance(source.feed, data_adapter.GeneratorFeed)
        values = _run_batches(fn, source.batches(batch_size, index_array), labels, hooks, model,
                              feed_phase, per_step)
        # NOTE: the epoch logs (and so History) hold Python floats, as TF's do
        logs = {k: _log_value(v) for k, v in zip(labels, values)}
        if val and (epoch + 1) % validation_freq == 0:
            val_values = _test_loop(model, val, batch_size or 32, hooks, in_fit=True)
            logs.update({"val_" + k: _log_value(v) for k, v in zip(labels, val_values)})
        hooks("on_epoch_end", epoch, logs)
        if model.stop_training:
            break
    hooks("on_train_end", {})
    return model.history


def _batch_shuffle(index_array, batch_size):
    batch_count = len(index_array) // batch_size
    last = index_array[batch_count * batch_size:]
    index_array = index_array[:batch_count * batch_size].reshape((batch_count, batch_size))
    np.random.shuffle(index_array)
    return np.append(index_array.flatten(), last)


def _inferred(source):
    """Whether the loop counts a dataset's steps itself (TF's count is then an int64)."""
    return bool(getattr(source.feed, "reinitialize", False))


def _test_loop(model, source, batch_size, hooks, in_fit=False):
    """The test loop, calling the `on_test_*` hooks; in `fit`, validation arrays are taken in
    a shuffled order as TF's (its validation `model_iteration` keeps the default
    shuffle=True, drawing from numpy's global generator)."""
    fn = model._function("test")
    index_array = None
    if in_fit and source.feed is None:
        index_array = np.arange(source.n)
        np.random.shuffle(index_array)
    # NOTE: TF's model_iteration starts every loop (fit's validation included) with
    # stop_training False, so an EarlyStopping that fired in fit does not cut evaluate short
    model.stop_training = False
    hooks("on_test_begin", {})
    values = _run_batches(fn, source.batches(batch_size, index_array), model.metrics_names,
                          hooks, model, False, source.feed is not None, "test")
    hooks("on_test_end", {})
    return values


def _loop_callbacks(model, callbacks, source, batch_size, verbose):
    """evaluate's / predict's callbacks with the params TF gives them (one epoch)."""
    steps_mode = source is not None and source.feed is not None
    params = {"batch_size": None if steps_mode else batch_size, "epochs": 1,
              "steps": source.n if steps_mode else None,
              "samples": source.n if source is not None else None, "verbose": verbose,
              "do_validation": False, "metrics": model.metrics_names}
    return _Callbacks(callbacks or [], model, params)


def evaluate(model, x, y, batch_size=None, verbose=1, sample_weight=None, callbacks=None,
             steps=None):
    source = _Source(model, x, y, sample_weight, steps=steps, steps_name="steps")
    batch_size = batch_size if source.feed is not None else _batch_size(model, batch_size)
    hooks = _loop_callbacks(model, callbacks, source, batch_size or 32, verbose)
    values = _test_loop(model, source, batch_size or 32, hooks)
    # NOTE: TF's v1 evaluate gives a dataset's step-averaged loss as a float64 when it
    # counted the steps itself
    inferred = _inferred(source)
    values = [np.float64(v) if (i == 0 and inferred) else np.float32(v)
              for i, v in enumerate(values)]
    return values[0] if len(values) == 1 else values


def _predict_batches(model, x, batch_size, feed):
    if feed is not None:
        if not model.outputs:
            model.build_from_data(feed.peek()[0])
        feed.start()
        return (standardize(model.inputs, element[0], "input")
                for element in feed.elements()), feed.steps
    ins = standardize(model.inputs, x, "input")
    return ([a[start:start + batch_size] for a in ins]
            for start in range(0, len(ins[0]), batch_size)), len(ins[0])


def predict(model, x, batch_size=None, verbose=0, steps=None, callbacks=None):
    """The outputs for `x` batch by batch, calling the `on_predict_*` hooks."""
    feed = data_adapter.feed_for(x, steps, "steps")
    batch_size = (batch_size or 32) if feed is not None else _batch_size(model, batch_size)
    batches, samples = _predict_batches(model, x, batch_size, feed)
    fn = model._function("predict")
    hooks = _Callbacks(callbacks or [], model, {
        "batch_size": None if feed is not None else batch_size, "epochs": 1,
        "steps": feed.steps if feed is not None else None, "verbose": verbose,
        "samples": samples,
        "do_validation": False, "metrics": []})
    model.stop_training = False   # as TF's model_iteration
    hooks("on_predict_begin", {})
    chunks = []
    for index, arrays in enumerate(batches):
        logs = {"batch": index, "size": 1 if feed is not None else len(arrays[0])}
        hooks("on_predict_batch_begin", index, logs)
        chunks.append(fn(arrays))
        logs["outputs"] = chunks[-1]
        hooks("on_predict_batch_end", index, logs)
    hooks("on_predict_end", {})
    outputs = [np.concatenate([c[i] for c in chunks]) for i in range(len(model.outputs))]
    return outputs[0] if len(outputs) == 1 else outputs


def on_batch(model, kind, x, y, sample_weight, class_weight=None, reset_metrics=True):
    ins, _ = _data(model, x, y, sample_weight, class_weight)
    fn = model._function(kind)
    feed = [True] if len(fn.inputs) > len(ins) else []
    outs = fn(ins + feed)
    first_metric = len(outs) - len(model.metrics)
    if first_metric > 1:
        outs = [outs[0]] + list(_output_loss_means(model, outs[1:first_metric])) + \
            list(outs[first_metric:])
    if reset_metrics:
        model.reset_metrics()
    return outs[0] if len(outs) == 1 else outs



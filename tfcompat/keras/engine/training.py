"""`tf.keras.Model` in TF1 graph mode (tf_keras's training_v1): `compile` builds the loss
(`loss/<output>_loss/...`), target placeholders `<output>_target` and metric tensors; the
train/test/predict functions are `backend.function`s made on first use (the optimizer's
updates under `training/<Optimizer>/`, so its variables are `training/Adam/iter` etc.) and run
in the Keras session; `fit`/`evaluate`/`predict` loop over numpy arrays (training_arrays.py).
"""
from __future__ import annotations


from tfcompat import _unsupported
from tfcompat.framework import graph as graph_lib
from tfcompat.keras import backend
from tfcompat.keras import losses as losses_mod
from tfcompat.keras import metrics as metrics_mod
from tfcompat.keras import optimizers as optimizers_mod
from tfcompat.keras.engine import saving
from tfcompat.keras.engine import saving_hdf5
from tfcompat.keras.engine import training_arrays
from tfcompat.keras.engine.base_layer import flatten
from tfcompat.keras.engine.network import Network
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops

_ACCURACY_NAMES = ("accuracy", "acc")
_CROSSENTROPY_NAMES = ("crossentropy", "ce")


def _loss_name(fn):
    inner = getattr(fn, "fn", fn)
    return getattr(inner, "__name__", type(fn).__name__)


def _resolve_accuracy(metric, loss_fn, output):
    """Keras' rule for 'accuracy'/'acc': binary for one output unit or binary crossentropy,
    sparse for a sparse loss, categorical otherwise."""
    loss = _loss_name(loss_fn)
    last = output.shape.as_list()[-1] if output.shape.ndims else None
    if last == 1 or loss == "binary_crossentropy":
        kind = "binary"
    elif loss == "sparse_categorical_crossentropy":
        kind = "sparse_categorical"
    else:
        kind = "categorical"
    suffix = "accuracy" if metric in _ACCURACY_NAMES else "crossentropy"
    return metrics_mod.get(kind + "_" + suffix)


def _per_output(value, names, what):
    if isinstance(value, dict):
        for key in value:
            if key not in names:
                raise ValueError("Unknown entries in %s dictionary: [%r]. Only expected "
                                 "following keys: %s" % (what, key, names))
        return [value.get(name) for name in names]
    if isinstance(value, (list, tuple)) and what in ("loss", "loss_weights"):
        if len(value) != len(names):
            raise ValueError("When passing a list as %s, it should have one entry per model "
                             "outputs. The model has %d outputs, but you passed %s=%s"
                             % (what, len(names), what, value))
        return list(value)
    return [value for _ in names]


def _sample_weight_modes(modes, names):
    """Keras' `prepare_sample_weight_modes`: None, 'temporal' or 'samplewise' per output."""
    if isinstance(modes, dict):
        for key in modes:
            if key not in names:
                raise ValueError("Unknown entries in sample_weight_mode dictionary: [%r]. Only "
                                 "expected following keys: %s" % (key, names))
        missing = [name for name in names if name not in modes]
        if missing:
            raise ValueError("Output %s missing from sample_weight_modes dictionary"
                             % missing[0])
        return [modes[name] for name in names]
    if isinstance(modes, (list, tuple)):
        if len(modes) != len(names):
            raise ValueError("When passing a list as sample_weight_mode, it should have one "
                             "entry per model output. The model has %d outputs, but you "
                             "passed %d sample_weight_modes" % (len(names), len(modes)))
        return list(modes)
    return [modes for _ in names]


def _to_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _clone_metric(metric):
    if isinstance(metric, metrics_mod.Metric):
        return type(metric).from_config(metric.get_config())
    return metric


def _metric_lists(metrics, names):
    """Keras' `collect_per_output_metric_info`: one list of metrics per output (a flat list
    applies to every output, its Metric objects cloned for each)."""
    if not metrics:
        return [[] for _ in names]
    if isinstance(metrics, dict):
        return [_to_list(m) if m is not None else [] for m in
                _per_output(metrics, names, "metrics")]
    if not isinstance(metrics, (list, tuple)):
        raise TypeError("Type of `metrics` argument not understood. Expected a list or "
                        "dictionary, found: " + str(metrics))
    if any(isinstance(m, (list, tuple)) for m in metrics):
        if len(metrics) != len(names):
            raise ValueError("When passing a list of lists as `metrics`, it should have one "
                             "entry per model output. The model has %d outputs, but you "
                             "passed metrics=%s" % (len(names), metrics))
        return [_to_list(m) for m in metrics]
    if len(names) > 1:
        return [[_clone_metric(m) for m in metrics] for _ in names]
    return [list(metrics)]


def _computable(updates, feeds):
    """The layers' updates that need no placeholder but `feeds` (Keras' `get_updates_for`
    the model's inputs: a layer also called elsewhere keeps that call's updates out)."""
    fed = {id(t.op) for t in feeds}
    verdict = {}

    def ok(op):
        stack, seen = [op], set()
        while stack:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            if id(current) in verdict:
                if not verdict[id(current)]:
                    return False
                continue
            if current.type == "Placeholder" and id(current) not in fed:
                return False
            stack.extend(t.op for t in current.inputs)
            stack.extend(current.control_inputs)
        return True

    kept = []
    for update in updates:
        # a Tensor's op, a resource variable's write (an _UnreadVariable's op), or an op
        op = update if not hasattr(update, "op") or hasattr(update, "node_def") else update.op
        verdict[id(op)] = ok(op)
        if verdict[id(op)]:
            kept.append(update)
    return kept


class Model(Network):
    """A Network with training: `compile`, `fit`, `evaluate`, `predict`, the `*_on_batch`
    methods and weight saving."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.optimizer = None
        self._compiled = False
        self._functions = {}
        self.stop_training = False
        self.history = None

    # TF 1.x's Layer.__call__ in graph mode: a subclassed model first called on graph tensors
    # takes them as its inputs and the results as its outputs (`_set_inputs`), so `fit` feeds
    # them instead of making placeholders. (A deferred Sequential does too in TF; tfcompat's
    # Sequential keeps its own build path.)
    _takes_first_call_io = True

    def __call__(self, inputs, *args, **kwargs):
        outputs = super().__call__(inputs, *args, **kwargs)
        if self._takes_first_call_io and not self._is_graph_network and not self.inputs:
            self._set_call_io(inputs, outputs)
        return outputs

    def _set_call_io(self, inputs, outputs):
        flat_inputs, flat_outputs = flatten(inputs), flatten(outputs)
        if not all(hasattr(t, "graph") for t in flat_inputs + flat_outputs):
            return
        self.inputs, self.outputs = flat_inputs, flat_outputs
        self._nested_inputs, self._nested_outputs = inputs, outputs
        self.input_names = sorted(inputs) if isinstance(inputs, dict) else \
            ["input_%d" % (i + 1) for i in range(len(flat_inputs))]
        self.output_names = ["output_%d" % (i + 1) for i in range(len(flat_outputs))]

    @property
    def run_eagerly(self):
        """TF 1.x: False unless set; `True` raises (graph mode only)."""
        self._check_run_eagerly()
        value = getattr(self, "_run_eagerly", None)
        return False if value is None else value

    @run_eagerly.setter
    def run_eagerly(self, value):
        self._run_eagerly = value

    def _check_run_eagerly(self):
        if getattr(self, "_run_eagerly", None) is True:
            raise ValueError("You can only set `run_eagerly=True` if eager execution is "
                             "enabled.")

    # -- compile ---------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None,
                sample_weight_mode=None, weighted_metrics=None, target_tensors=None,
                **kwargs):
        """Records the optimizer, losses and metrics; builds the loss graph now when the
        model's inputs are known, else on the first `fit`/`evaluate`."""
        self._run_eagerly = kwargs.pop("run_eagerly", None)
        if kwargs:
            raise TypeError("Invalid keyword argument(s) in `compile`: %s" % (set(kwargs),))
        self._check_run_eagerly()
        self.optimizer = optimizers_mod.get(optimizer)
        self.loss = loss
        self._compile_args = (loss, metrics, loss_weights, target_tensors, weighted_metrics,
                              sample_weight_mode)
        self._compiled = True
        self._functions = {}
        if self.outputs:
            self._compile_graph()

    def _compile_graph(self):
        loss, metrics, loss_weights, target_tensors, weighted, modes = self._compile_args
        self._collected_trainable_weights = self.trainable_weights
        names = self.output_names
        if loss is None:
            if not self.losses:
                raise ValueError("The model cannot be compiled because it has no loss to "
                                 "optimize.")
            return self._compile_added_losses_only()
        self.loss_functions = [losses_mod.get(fn) for fn in _per_output(loss, names, "loss")]
        weights = _per_output(loss_weights, names, "loss_weights") if loss_weights is not \
            None else [1.0] * len(names)
        metric_lists = _metric_lists(metrics, names)
        with graph_lib.name_scope(None):
            self.targets = list(target_tensors or [])
            # an output whose loss is None (Keras: a "skipped" output) takes no target
            if not self.targets:
                self.targets = [None if fn is None else backend.placeholder(
                    ndim=output.shape.ndims, name=name + "_target",
                    dtype=output.dtype.base_dtype)
                    for output, name, fn in zip(self.outputs, names, self.loss_functions)]
            self.sample_weight_modes = _sample_weight_modes(modes, names)
            # a "temporal" output weighs each timestep: [batch, time] weights
            self.sample_weights = [None if target is None else
                                   _sample_weight_input(target, name, mode)
                                   for target, name, mode in zip(self.targets, names,
                                                                 self.sample_weight_modes)]
        self._build_loss(weights)
        self._build_metrics(metric_lists, _metric_lists(weighted, names))

    def _compile_added_losses_only(self):
        """`compile(optimizer)` for a model whose loss was given by `add_loss` (the VAE
        example): no output has a target, the total loss is the added losses' sum, and
        `fit(x)` takes no `y` (as Keras, outputs without a loss get no metrics)."""
        self.loss_functions, self.targets = [], []
        self.sample_weight_modes, self.sample_weights = [], []
        with graph_lib.name_scope(None), graph_lib.name_scope("loss"):
            self.total_loss = math_ops.add_n(self.losses)
        self._output_losses = []
        self._metric_names, self._metric_tensors, self._metric_objects = [], [], []

    def _build_loss(self, loss_weights):
        names = self.output_names
        output_losses = []
        with graph_lib.name_scope(None), graph_lib.name_scope("loss"):
            total = None
            for i, (y_true, y_pred, fn) in enumerate(zip(self.targets, self.outputs,
                                                           self.loss_functions)):
                if fn is None:
                    continue
                with graph_lib.name_scope(names[i] + "_loss"):
                    output_loss = self._weighted_loss(fn, y_true, y_pred, self.sample_weights[i])
                output_losses.append(output_loss)
                term = output_loss if loss_weights[i] == 1.0 else math_ops.multiply(
                    output_loss, float(loss_weights[i]))
                total = term if total is None else math_ops.add(total, term)
            extra = self.losses
            if total is None and not extra:
                raise ValueError("The model cannot be compiled because it has no loss to "
                                 "optimize.")
            if extra:
                # every output's loss None (Mask R-CNN's `loss=[None] * n`): only the added
                total = math_ops.add_n(extra) if total is None else math_ops.add(
                    total, math_ops.add_n(extra))
        self.total_loss = total
        self._output_losses = output_losses if len(names) > 1 else []

    @staticmethod
    def _weighted_loss(fn, y_true, y_pred, sample_weight):
        if isinstance(fn, losses_mod.Loss):
            return fn(y_true, y_pred, sample_weight=sample_weight)
        per_sample = fn(y_true, y_pred)
        weight = sample_weight
        for _ in range((per_sample.shape.ndims or 1) - weight.shape.ndims):
            weight = array_ops.expand_dims(weight, -1)
        weighted = math_ops.multiply(per_sample, weight)
        count = math_ops.cast(array_ops.size(weighted), weighted.dtype.base_dtype)
        mask = getattr(y_pred, "_keras_mask", None)
        if mask is not None:
            # as Keras' apply_valid_mask: masked entries weigh 0, and the mean is over the
            # valid ones
            mask = math_ops.cast(mask, per_sample.dtype.base_dtype)
            weighted = math_ops.multiply(weighted, mask)
            count = reduction_ops.reduce_sum(mask)
        return math_ops.div_no_nan(reduction_ops.reduce_sum(weighted), count)

    def _build_metrics(self, metric_lists, weighted_lists):
        """Every metric is a stateful Metric (functions are wrapped in MeanMetricWrapper, as
        Keras does): its result tensor updates it, so values are running means that
        `reset_metrics` (each epoch, each evaluate) starts over. Per output, the metrics then
        the weighted ones (fed the sample weights), named as Keras' v1 `get_metric_name`."""
        self._metric_names, self._metric_tensors, self._metric_objects = [], [], []
        for i in range(len(self.outputs)):
            if self.loss_functions[i] is None:   # as Keras: a skipped output has no metrics
                continue
            for weighted, metrics in ((False, metric_lists[i]), (True, weighted_lists[i])):
                for name, obj in self._named_metrics(metrics, i, weighted).items():
                    name = self._unique_metric_name(name, i)
                    obj._name = name
                    with graph_lib.name_scope(None), graph_lib.name_scope("metrics"), \
                            graph_lib.name_scope(name):
                        value = obj(self.targets[i], self.outputs[i],
                                    sample_weight=self._metric_weight(i, weighted))
                    self._metric_names.append(name)
                    self._metric_tensors.append(value)
                    self._metric_objects.append(obj)

    def _metric_weight(self, index, weighted):
        mask = getattr(self.outputs[index], "_keras_mask", None)
        mask = None if mask is None else math_ops.cast(mask, "float32")
        if not weighted:
            return mask
        weight = self.sample_weights[index]
        if mask is None:
            return weight
        for _ in range((mask.shape.ndims or 1) - 1):
            weight = array_ops.expand_dims(weight, -1)
        return math_ops.multiply(mask, weight)

    def _named_metrics(self, metrics, index, weighted):
        """Keras' `collect_per_output_metric_info`: name -> Metric, a repeated name kept
        once (at its first place, holding the last metric of that name)."""
        named = {}
        for metric in metrics:
            obj = self._metric_object(metric, index)
            named[("weighted_" if weighted else "") + obj.name] = obj
        return named

    def _unique_metric_name(self, name, index):
        """Keras' `_add_unique_metric_name`: the output's name first when there are several,
        then `_1`, `_2`... while the name is taken."""
        if len(self.output_names) > 1:
            name = "%s_%s" % (self.output_names[index], name)
        base, j = name, 1
        while name in self.metrics_names:
            name = "%s_%d" % (base, j)
            j += 1
        return name

    def _metric_object(self, metric, index):
        if isinstance(metric, metrics_mod.Metric):
            return metric
        if metric in _ACCURACY_NAMES + _CROSSENTROPY_NAMES:
            fn = _resolve_accuracy(metric, self.loss_functions[index], self.outputs[index])
            return metrics_mod.MeanMetricWrapper(
                fn, name="acc" if metric in _ACCURACY_NAMES else "ce")
        fn = metrics_mod.get(metric)
        if isinstance(fn, metrics_mod.Metric):
            return fn
        # NOTE: a string is named after its function ('mae' -> mean_absolute_error), as TF1
        return metrics_mod.MeanMetricWrapper(fn, name=getattr(fn, "__name__", "metric"))

    @property
    def metrics_names(self):
        if not self._compiled or not hasattr(self, "total_loss"):
            return []
        return ["loss"] + [n + "_loss" for n in (self.loss_output_names() if self._output_losses
                                                 else [])] + list(self._metric_names) + \
            [m.name for m in self._added_metrics()]

    def _added_metrics(self):
        """The metrics of `add_metric` (TF 1.15): the model's own, then its layers'."""
        own = list(self.__dict__.get("_metrics", []))
        # as Keras' `_get_metrics_from_layers`: a nested model's compiled metrics stay its own
        return _dedup_metrics(own + [m for layer in self._layers for m in (
            layer._added_metrics() if isinstance(layer, Model) else layer.metrics)])

    def loss_output_names(self):
        """The names of the outputs that have a loss (a target), in order."""
        return [name for name, fn in zip(self.output_names, self.loss_functions)
                if fn is not None]

    def _input_dtype(self, x):
        return backend.floatx() if getattr(x, "dtype", None) is None or \
            x.dtype.kind == "f" else str(x.dtype)

    def build_from_data(self, x):
        """Keras' `_set_inputs`: placeholders `input_<n>` shaped like the arrays, the model
        called on them (in its name scope: `my_model/dense/kernel`)."""
        if self.outputs:
            return
        arrays = list(x) if isinstance(x, (list, tuple)) else [x]
        with graph_lib.name_scope(None):
            # NOTE: named by position, as Keras' ModelInputs (the graph uniquifies a second
            # model's to input_1_1); no Keras uid is used up
            inputs = [backend.placeholder(shape=(None,) + tuple(a.shape[1:]),
                                          name="input_%d" % (i + 1),
                                          dtype=self._input_dtype(a))
                      for i, a in enumerate(arrays)]
            outputs = self(inputs if len(inputs) > 1 else inputs[0])
        self.inputs, self.outputs = inputs, flatten(outputs)
        self._nested_inputs, self._nested_outputs = inputs, outputs
        self.input_names = ["input_%d" % (i + 1) for i in range(len(inputs))]
        self.output_names = ["output_%d" % (i + 1) for i in range(len(self.outputs))]

    # -- functions -------------------------------------------------------------------------
    def _check_compiled(self):
        if not self._compiled:
            raise RuntimeError("You must compile your model before training/testing. Use "
                               "`model.compile(optimizer, loss)`.")

    def _ensure_compiled(self, x=None):
        self._check_compiled()
        if not self.outputs and x is not None:
            self.build_from_data(x)
        if not hasattr(self, "total_loss"):
            self._compile_graph()

    def _feeds(self, training):
        """What the functions are fed: the placeholders among the inputs, targets and sample
        weights (an `Input(tensor=...)` or a target tensor reads itself), then the phase."""
        phase = backend.symbolic_learning_phase()
        extra = [phase] if phase is not None and training is not None else []
        return [t for t in self.inputs + self.targets + self.sample_weights
                if t is not None and _is_fed(t)] + extra

    def _reads_tensors(self):
        """Whether every input is a tensor, not a placeholder: `fit` then takes no arrays."""
        return bool(self.inputs) and not any(_is_fed(t) for t in self.inputs)

    def _function(self, kind):
        if kind in self._functions:
            return self._functions[kind]
        # NOTE: each function's update group is built in its own scope, as TF1 Keras':
        # `predict/group_deps`, `evaluation/group_deps`, and a second `training` scope for the
        # train function (so a second model's optimizer slots are under `training_2`)
        if kind == "predict":
            # a stateful RNN's state updates run in predict and test too, as TF's
            with graph_lib.name_scope(None), graph_lib.name_scope("predict"):
                fn = backend.function(self.inputs, list(self.outputs),
                                      name="predict_function", updates=self.state_updates)
            self._functions[kind] = fn
            return fn
        fetches = [self.total_loss] + self._output_losses + self._metric_tensors + \
            [m._call_result for m in self._added_metrics()]
        if kind == "train":
            with graph_lib.name_scope(None), graph_lib.name_scope("training"):
                # the optimizer opens its own `Adam` scope: `training/Adam/iter`
                updates = self.optimizer.get_updates(loss=self.total_loss,
                                                     params=self._collected_params())
                wrapped = getattr(self.optimizer, "optimizer", None)
                if hasattr(wrapped, "compute_gradients"):     # a tf.train optimizer
                    backend.track_tf_optimizer(wrapped)
                feeds = self._feeds(True)
                updates = list(updates) + _computable(self.updates, feeds)
            with graph_lib.name_scope(None), graph_lib.name_scope("training"):
                fn = backend.function(feeds, fetches, updates=updates, name="train_function")
        else:
            with graph_lib.name_scope(None), graph_lib.name_scope("evaluation"):
                fn = backend.function(self._feeds(None), fetches, name="test_function",
                                      updates=self.state_updates)
        self._functions[kind] = fn
        return fn

    def _collected_params(self):
        """The weights trainable when the model was compiled (TF's
        `_collected_trainable_weights`): the GAN idiom compiles the discriminator, then sets
        `trainable = False` to build the combined model, and the discriminator still trains."""
        if getattr(self, "_collected_trainable_weights", None) is None:
            self._collected_trainable_weights = self.trainable_weights
        return self._collected_trainable_weights

    # -- loops -----------------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_freq=1, **kwargs):
        """Trains for `epochs` over numpy arrays or a tf.data Dataset; returns the
        `History`."""
        self._check_compiled()
        return training_arrays.fit(self, x, y, batch_size=batch_size, epochs=epochs,
                                   verbose=verbose, callbacks=callbacks,
                                   validation_split=validation_split,
                                   validation_data=validation_data, shuffle=shuffle,
                                   sample_weight=sample_weight, initial_epoch=initial_epoch,
                                   validation_freq=validation_freq, class_weight=class_weight,
                                   steps_per_epoch=steps_per_epoch,
                                   validation_steps=validation_steps)

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None,
                 steps=None, callbacks=None, **kwargs):
        self._check_compiled()
        return training_arrays.evaluate(self, x, y, batch_size=batch_size, verbose=verbose,
                                        sample_weight=sample_weight, callbacks=callbacks,
                                        steps=steps)

    def predict(self, x, batch_size=None, verbose=0, steps=None, callbacks=None, **kwargs):
        adapter = training_arrays.data_adapter
        if not self.outputs and not (adapter.is_dataset(x) or adapter.is_generator(x)):
            self.build_from_data(x)
        return training_arrays.predict(self, x, batch_size=batch_size, verbose=verbose,
                                       steps=steps, callbacks=callbacks)

    def fit_generator(self, generator, steps_per_epoch=None, epochs=1, verbose=1,
                      callbacks=None, validation_data=None, validation_steps=None,
                      validation_freq=1, class_weight=None, max_queue_size=10, workers=1,
                      use_multiprocessing=False, shuffle=True, initial_epoch=0):
        """`fit` on a generator of `(x, y[, sample_weight])` batches (run in this thread)."""
        return self.fit(generator, steps_per_epoch=steps_per_epoch, epochs=epochs,
                        verbose=verbose, callbacks=callbacks, validation_data=validation_data,
                        validation_steps=validation_steps, validation_freq=validation_freq,
                        class_weight=class_weight, shuffle=shuffle, initial_epoch=initial_epoch)

    def evaluate_generator(self, generator, steps=None, callbacks=None, max_queue_size=10,
                           workers=1, use_multiprocessing=False, verbose=0):
        return self.evaluate(generator, steps=steps, verbose=verbose, callbacks=callbacks)

    def predict_generator(self, generator, steps=None, callbacks=None, max_queue_size=10,
                          workers=1, use_multiprocessing=False, verbose=0):
        return self.predict(generator, steps=steps, verbose=verbose, callbacks=callbacks)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       reset_metrics=True):
        self._ensure_compiled(x)
        return training_arrays.on_batch(self, "train", x, y, sample_weight, class_weight,
                                        reset_metrics)

    def test_on_batch(self, x, y=None, sample_weight=None, reset_metrics=True):
        self._ensure_compiled(x)
        return training_arrays.on_batch(self, "test", x, y, sample_weight, None, reset_metrics)

    def predict_on_batch(self, x):
        if not self.outputs:
            self.build_from_data(x)
        inputs = training_arrays.standardize(self.inputs, x, "input")
        outputs = self._function("predict")(inputs)
        return outputs[0] if len(outputs) == 1 else outputs

    # -- weights ---------------------------------------------------------------------------
    def save_weights(self, filepath, overwrite=True, save_format=None):
        saving.save_weights(self, filepath, overwrite=overwrite, save_format=save_format)

    def load_weights(self, filepath, by_name=False, skip_mismatch=False):
        return saving.load_weights(self, filepath, by_name=by_name, skip_mismatch=skip_mismatch)

    def save(self, filepath, overwrite=True, include_optimizer=True, save_format=None,
             signatures=None, options=None, save_traces=True):
        """The whole model (config, weights, compile arguments, optimizer state) to an HDF5
        file: TF1 Keras' format for a .h5 path and for a path without suffix."""
        save_model(self, filepath, overwrite, include_optimizer, save_format,
                   api="tf.keras.Model.save")

    def reset_metrics(self):
        """Starts the compiled metrics' running values over (the outputs' losses too)."""
        self._output_loss_state = None
        for metric in getattr(self, "_metric_objects", []) + self._added_metrics():
            metric.reset_state()

    @property
    def metrics(self):
        return list(getattr(self, "_metric_objects", [])) + self._added_metrics()


def _dedup_metrics(metrics):
    seen, out = set(), []
    for metric in metrics:
        if id(metric) not in seen:
            seen.add(id(metric))
            out.append(metric)
    return out


def save_model(model, filepath, overwrite=True, include_optimizer=True, save_format=None,
               api="tf.keras.models.save_model"):
    """`model.save` / `tf.keras.models.save_model`: HDF5 (h5py needed); the SavedModel and
    Keras v3 formats are refused (TF's graph-mode Keras cannot write a .keras file either)."""
    fmt = saving_hdf5.save_format_of(filepath, save_format)
    if fmt == "keras":
        raise NotImplementedError(
            "%s: the native Keras format (a .keras zip file, or save_format='keras') is not "
            "supported (TF1-style graph Keras cannot write it either); save to a .h5 path for "
            "Keras' HDF5 format" % api)
    if fmt == "tf":
        raise _unsupported.UnsupportedAPIError(api)
    saving_hdf5.save_model(model, filepath, overwrite, include_optimizer, api=api)


def _is_fed(tensor):
    return tensor.op.type == "Placeholder"


def _sample_weight_input(target, name, mode):
    """A sample-weight placeholder; for a target tensor (`target_tensors`), ones of its batch
    size unless fed, as nothing feeds a loop that reads tensors."""
    ndim = 2 if mode == "temporal" else 1
    if _is_fed(target):
        return backend.placeholder(ndim=ndim, name=name + "_sample_weights")
    ones = array_ops_join.ones(array_ops.shape(target)[:ndim], dtype="float32")
    return array_ops.placeholder_with_default(ones, shape=[None] * ndim,
                                              name=name + "_sample_weights")

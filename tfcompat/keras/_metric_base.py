"""The stateful Keras metric base classes (tf_keras.metrics.base_metric): `Metric` with
`update_state` (returns the update op) / `result` (an `Identity` of the value) /
`reset_states`, and the `Reduce` family (`Sum`, `Mean`, `MeanMetricWrapper`) accumulating into
non-trainable `total` / `count` variables kept out of every graph collection.
"""
from __future__ import annotations

import re

import numpy as np

import tfcompat as tf
from tfcompat.keras import _losses_utils
from tfcompat.keras import backend
from tfcompat.keras import initializers

SUM, SUM_OVER_BATCH_SIZE, WEIGHTED_MEAN = "sum", "sum_over_batch_size", "weighted_mean"


def to_snake_case(name):
    """'MeanMetricWrapper' -> 'mean_metric_wrapper' (Keras' default object names)."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return insecure if insecure[0] != "_" else "private" + insecure


class Metric:
    """Base class of the stateful metrics. Subclasses implement `update_state(...)` and
    `result()`; calling the metric updates it and returns the result after the update."""

    def __new__(cls, *args, **kwargs):
        """Wraps the instance's `update_state` / `result` as Keras does: the update returns
        its Operation, the result is an `Identity` of the value."""
        obj = super().__new__(cls)
        update_state, result = obj.update_state, obj.result

        def update_state_fn(*args, **kwargs):
            update = update_state(*args, **kwargs)
            op = getattr(update, "op", update)
            if op is not None:
                obj._updates.append(op)
            return op

        obj.update_state = update_state_fn
        obj.result = lambda: tf.identity(result())
        return obj

    def __init__(self, name=None, dtype=None, **kwargs):
        if kwargs:
            raise TypeError("Keyword argument not understood: %s" % (sorted(kwargs),))
        self._name = name or backend.unique_object_name(to_snake_case(type(self).__name__))
        self._dtype = backend.floatx() if dtype is None else tf.as_dtype(dtype).name
        self._weights = []
        self.stateful = True
        self.built = True
        self.trainable = True
        self._updates = []

    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return self._dtype

    @property
    def variables(self):
        return list(self._weights)

    weights = non_trainable_weights = variables

    @property
    def trainable_weights(self):
        return []

    @property
    def updates(self):
        return list(self._updates)

    def add_weight(self, name, shape=(), initializer=None, dtype=None, **kwargs):
        """A non-trainable variable outside every collection, tracked for Keras' session."""
        dtype = tf.as_dtype(self._dtype if dtype is None else dtype)
        init = _initializer(initializer)
        with tf.init_scope():
            variable = tf.Variable(lambda: init(shape, dtype=dtype), name=name, dtype=dtype,
                                   trainable=False, collections=[], use_resource=True)
        backend.track_variable(variable)
        self._weights.append(variable)
        return variable

    def update_state(self, *args, **kwargs):
        raise NotImplementedError("Must be implemented in subclasses.")

    def result(self):
        raise NotImplementedError("Must be implemented in subclasses.")

    def __call__(self, *args, **kwargs):
        update_op = self.update_state(*args, **kwargs)
        with tf.control_dependencies([update_op] if update_op is not None else []):
            result = self.result()
        result._metric_obj = self
        return result

    def reset_state(self):
        backend.batch_set_value([(v, np.zeros(v.shape.as_list())) for v in self.variables])

    reset_states = reset_state

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_weights(self):
        return backend.batch_get_value(self.variables)

    def set_weights(self, weights):
        backend.batch_set_value(list(zip(self.variables, weights)))

    def __str__(self):
        args = ",".join("%s=%s" % (k, v) for k, v in self.get_config().items())
        return "%s(%s)" % (type(self).__name__, args)


def _initializer(identifier):
    if identifier is None:
        return lambda shape, dtype: tf.zeros(shape, dtype=dtype)
    return initializers.get(identifier)


class Reduce(Metric):
    """Accumulates the sum of the values (and their count or total weight)."""

    def __init__(self, reduction, name, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reduction = reduction
        self.total = self.add_weight("total", initializer="zeros")
        if reduction in (SUM_OVER_BATCH_SIZE, WEIGHTED_MEAN):
            self.count = self.add_weight("count", initializer="zeros")

    def _weighted(self, values, sample_weight):
        sample_weight = tf.cast(sample_weight, self._dtype)
        values, _, sample_weight = _losses_utils.squeeze_or_expand_dimensions(
            values, sample_weight=sample_weight)
        ndim, weight_ndim = values.shape.ndims, sample_weight.shape.ndims
        if weight_ndim is not None and ndim is not None and weight_ndim < ndim and \
                not _broadcastable(sample_weight.shape, values.shape):
            axes = list(range(weight_ndim, ndim))
            reduce = tf.reduce_sum if self.reduction == SUM else tf.reduce_mean
            values = reduce(values, axis=axes)
        else:
            sample_weight = tf.broadcast_to(sample_weight, tf.shape(values)) \
                if sample_weight.shape != values.shape else sample_weight
        return tf.multiply(values, sample_weight), sample_weight

    def update_state(self, values, sample_weight=None):
        values = tf.cast(values, self._dtype)
        if sample_weight is not None:
            values, sample_weight = self._weighted(values, sample_weight)
        value_sum = tf.reduce_sum(values)
        with tf.control_dependencies([value_sum]):
            update_total_op = self.total.assign_add(value_sum)
        if self.reduction == SUM:
            return update_total_op
        if self.reduction == WEIGHTED_MEAN and sample_weight is not None:
            num_values = tf.reduce_sum(sample_weight)
        else:
            num_values = tf.cast(tf.size(values), self._dtype)
        with tf.control_dependencies([update_total_op]):
            return self.count.assign_add(num_values)

    def result(self):
        if self.reduction == SUM:
            return tf.identity(self.total)
        return tf.math.divide_no_nan(self.total, self.count)


def _broadcastable(weights_shape, values_shape):
    """Whether Keras' broadcast_weights accepts the weights: each dim 1 or equal."""
    w, v = weights_shape.as_list(), values_shape.as_list()
    if len(w) > len(v):
        return False
    for a, b in zip(w[::-1], v[::-1]):
        if a not in (1, b) and a is not None and b is not None:
            return False
    return len(w) == len(v) or not w


class Sum(Reduce):
    """The running sum of the values."""

    def __init__(self, name="sum", dtype=None):
        super().__init__(reduction=SUM, name=name, dtype=dtype)


class Mean(Reduce):
    """The running (weighted) mean of the values."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(reduction=WEIGHTED_MEAN, name=name, dtype=dtype)


class MeanMetricWrapper(Mean):
    """The running mean of `fn(y_true, y_pred, **kwargs)` (how compile's 'acc' is tracked)."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = tf.cast(y_true, self._dtype)
        y_pred = tf.cast(y_pred, self._dtype)
        y_pred, y_true = _losses_utils.squeeze_or_expand_dimensions(y_pred, y_true)
        matches = self._fn(y_true, y_pred, **self._fn_kwargs)
        mask = _losses_utils.get_mask(matches)
        sample_weight = _losses_utils.apply_valid_mask(matches, sample_weight, mask,
                                                       self.reduction)
        return super().update_state(matches, sample_weight=sample_weight)

    def get_config(self):
        config = dict(super().get_config())
        config.update(self._fn_kwargs)
        if type(self) is MeanMetricWrapper:
            config["fn"] = self._fn
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        fn = config.pop("fn", None)
        if cls is MeanMetricWrapper:
            return cls(fn, **config)
        return cls(**config)

"""`tf.keras.losses`: the Keras loss functions (`loss(y_true, y_pred) -> per-sample loss`,
reducing the last axis) built with tf_keras' ops and epsilon clipping, and the `Loss` classes
(`MeanSquaredError()(y_true, y_pred, sample_weight)`) that weight and reduce them under their
name scope ('sum_over_batch_size' by default: `<name>/weighted_loss/value`).
"""
from __future__ import annotations

import tfcompat as tf
from tfcompat import _unsupported
from tfcompat.keras import _crossentropy
from tfcompat.keras import _losses_utils
from tfcompat.keras import _objects
from tfcompat.keras import backend
from tfcompat.keras._losses_utils import ReductionV2
from tfcompat.layers.base import smart_cond


def _prepare(y_true, y_pred):
    y_pred = tf.convert_to_tensor(y_pred)
    return tf.cast(y_true, y_pred.dtype), y_pred


def mean_squared_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return tf.reduce_mean(tf.math.squared_difference(y_pred, y_true), axis=-1)


def mean_absolute_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return tf.reduce_mean(tf.abs(y_pred - y_true), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    diff = tf.abs((y_true - y_pred) / tf.maximum(tf.abs(y_true), backend.epsilon()))
    return 100.0 * tf.reduce_mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    first_log = tf.math.log(tf.maximum(y_pred, backend.epsilon()) + 1.0)
    second_log = tf.math.log(tf.maximum(y_true, backend.epsilon()) + 1.0)
    return tf.reduce_mean(tf.math.squared_difference(first_log, second_log), axis=-1)


def _maybe_convert_labels(y_true):
    """{0, 1} labels become {-1, 1} (decided at run time unless the labels are constant)."""
    is_binary = tf.reduce_all(tf.logical_or(tf.equal(y_true, 0), tf.equal(y_true, 1)))
    return smart_cond(is_binary, lambda: 2.0 * y_true - 1.0, lambda: y_true)


def squared_hinge(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = _maybe_convert_labels(y_true)
    return tf.reduce_mean(tf.square(tf.maximum(1.0 - y_true * y_pred, 0.0)), axis=-1)


def hinge(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = _maybe_convert_labels(y_true)
    return tf.reduce_mean(tf.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


def categorical_hinge(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    pos = tf.reduce_sum(y_true * y_pred, axis=-1)
    neg = tf.reduce_max((1.0 - y_true) * y_pred, axis=-1)
    zero = tf.cast(0.0, y_pred.dtype)
    return tf.maximum(neg - pos + 1.0, zero)


def huber(y_true, y_pred, delta=1.0):
    y_pred = tf.cast(y_pred, dtype=backend.floatx())
    y_true = tf.cast(y_true, dtype=backend.floatx())
    delta = tf.cast(delta, dtype=backend.floatx())
    error = tf.subtract(y_pred, y_true)
    abs_error = tf.abs(error)
    half = tf.convert_to_tensor(0.5, dtype=abs_error.dtype)
    return tf.reduce_mean(tf.where_v2(abs_error <= delta, half * tf.square(error),
                                      delta * abs_error - half * tf.square(delta)), axis=-1)


def log_cosh(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    x = y_pred - y_true
    return tf.reduce_mean(x + tf.math.softplus(-2.0 * x) - tf.cast(tf.math.log(2.0), x.dtype),
                          axis=-1)


def _smooth(label_smoothing, smooth_fn, y_true):
    """Keras' smart_cond on the (usually constant) label_smoothing tensor."""
    return smart_cond(label_smoothing, smooth_fn, lambda: y_true)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    if isinstance(axis, bool):
        raise ValueError("`axis` must be of type `int`. Received: axis=%s of type %s"
                         % (axis, type(axis)))
    y_true, y_pred = _prepare(y_true, y_pred)
    label_smoothing = tf.convert_to_tensor(label_smoothing, dtype=y_pred.dtype)

    def smooth_labels():
        num_classes = tf.cast(tf.shape(y_true)[axis], y_pred.dtype)
        return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes

    y_true = _smooth(label_smoothing, smooth_labels, y_true)
    return _crossentropy.categorical_crossentropy(y_true, y_pred, from_logits=from_logits,
                                                  axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, axis=-1,
                                    ignore_class=None):
    return _crossentropy.sparse_categorical_crossentropy(
        y_true, y_pred, from_logits=from_logits, ignore_class=ignore_class, axis=axis)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    y_true, y_pred = _prepare(y_true, y_pred)
    label_smoothing = tf.convert_to_tensor(label_smoothing, dtype=y_pred.dtype)
    y_true = _smooth(label_smoothing,
                     lambda: y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing, y_true)
    return tf.reduce_mean(
        _crossentropy.binary_crossentropy(y_true, y_pred, from_logits=from_logits), axis=axis)


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25,
                              gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1):
    y_true, y_pred = _prepare(y_true, y_pred)
    label_smoothing = tf.convert_to_tensor(label_smoothing, dtype=y_pred.dtype)
    y_true = _smooth(label_smoothing,
                     lambda: y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing, y_true)
    return tf.reduce_mean(_crossentropy.binary_focal_crossentropy(
        y_true, y_pred, apply_class_balancing=apply_class_balancing, alpha=alpha, gamma=gamma,
        from_logits=from_logits), axis=axis)


def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False,
                                   label_smoothing=0.0, axis=-1):
    if isinstance(axis, bool):
        raise ValueError("`axis` must be of type `int`. Received: axis=%s of type %s"
                         % (axis, type(axis)))
    y_true, y_pred = _prepare(y_true, y_pred)
    label_smoothing = tf.convert_to_tensor(label_smoothing, dtype=y_pred.dtype)

    def smooth_labels():
        num_classes = tf.cast(tf.shape(y_true)[-1], y_pred.dtype)
        return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes

    y_true = _smooth(label_smoothing, smooth_labels, y_true)
    return _crossentropy.categorical_focal_crossentropy(y_true, y_pred, alpha=alpha, gamma=gamma,
                                                        from_logits=from_logits, axis=axis)


def kl_divergence(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = tf.clip_by_value(y_true, backend.epsilon(), 1)
    y_pred = tf.clip_by_value(y_pred, backend.epsilon(), 1)
    return tf.reduce_sum(y_true * tf.math.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return tf.reduce_mean(y_pred - y_true * tf.math.log(y_pred + backend.epsilon()), axis=-1)


def cosine_similarity(y_true, y_pred, axis=-1):
    y_true = tf.linalg.l2_normalize(y_true, axis=axis)
    y_pred = tf.linalg.l2_normalize(y_pred, axis=axis)
    return -tf.reduce_sum(y_true * y_pred, axis=axis)


bce = BCE = binary_crossentropy
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh
huber_loss = huber
cosine = cosine_proximity = cosine_similarity


class Loss:
    """Base class: `loss(y_true, y_pred, sample_weight=None)` -> the reduced loss, built in
    the loss' name scope."""

    def __init__(self, reduction=ReductionV2.AUTO, name=None):
        ReductionV2.validate(reduction)
        self.reduction = reduction
        self.name = name
        if name is None:
            self._name_scope = type(self).__name__.strip("_")
        else:
            self._name_scope = "lambda" if name == "<lambda>" else name.strip("_")

    def __call__(self, y_true, y_pred, sample_weight=None):
        with tf.name_scope(self._name_scope):
            losses = self.call(y_true, y_pred)
            in_mask, out_mask = _losses_utils.get_mask(y_pred), _losses_utils.get_mask(losses)
            if in_mask is not None and out_mask is not None:
                mask = tf.logical_and(in_mask, out_mask)
            else:
                mask = in_mask if in_mask is not None else out_mask
            reduction = self._get_reduction()
            sample_weight = _losses_utils.apply_valid_mask(losses, sample_weight, mask,
                                                           reduction)
            return _losses_utils.compute_weighted_loss(losses, sample_weight,
                                                       reduction=reduction)

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_config(self):
        return {"reduction": self.reduction, "name": self.name}

    def call(self, y_true, y_pred):
        raise NotImplementedError("Must be implemented in subclasses.")

    def _get_reduction(self):
        if self.reduction == ReductionV2.AUTO:
            return ReductionV2.SUM_OVER_BATCH_SIZE
        return self.reduction


class LossFunctionWrapper(Loss):
    """A Loss calling a loss function with fixed keyword arguments."""

    def __init__(self, fn, reduction=ReductionV2.AUTO, name=None, **kwargs):
        super().__init__(reduction=reduction, name=name)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        if tf.is_tensor(y_pred) and tf.is_tensor(y_true):
            y_pred, y_true = _losses_utils.squeeze_or_expand_dimensions(y_pred, y_true)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = super().get_config()
        config.update(self._fn_kwargs)
        config["fn"] = getattr(self.fn, "__name__", None)   # tf_keras 2.x (saving v3) adds it
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        fn_name = config.pop("fn", None)
        if fn_name and cls is LossFunctionWrapper:
            config["fn"] = get(fn_name)
        return cls(**config)


def _wrapper_class(class_name, fn, default_name, **defaults):
    """A LossFunctionWrapper subclass `class_name(<defaults>, reduction, name)`."""

    def __init__(self, *args, reduction=ReductionV2.AUTO, name=default_name, **kwargs):
        params = dict(defaults)
        keys = list(defaults)
        if len(args) > len(keys) + 2:
            raise TypeError("%s() takes at most %d positional arguments"
                            % (class_name, len(keys) + 2))
        for key, value in zip(keys + ["reduction", "name"], args):
            kwargs[key] = value
        reduction = kwargs.pop("reduction", reduction)
        name = kwargs.pop("name", name)
        for key in kwargs:
            if key not in params:
                raise TypeError("%s.__init__() got an unexpected keyword argument '%s'"
                                % (class_name, key))
        params.update(kwargs)
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=name, **params)
        for key, value in params.items():
            setattr(self, key, value)

    return type(class_name, (LossFunctionWrapper,), {"__init__": __init__, "__doc__":
                                                     "Keras' `%s` loss class." % class_name})


MeanSquaredError = _wrapper_class("MeanSquaredError", mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _wrapper_class("MeanAbsoluteError", mean_absolute_error,
                                   "mean_absolute_error")
MeanAbsolutePercentageError = _wrapper_class("MeanAbsolutePercentageError",
                                             mean_absolute_percentage_error,
                                             "mean_absolute_percentage_error")
MeanSquaredLogarithmicError = _wrapper_class("MeanSquaredLogarithmicError",
                                             mean_squared_logarithmic_error,
                                             "mean_squared_logarithmic_error")
BinaryCrossentropy = _wrapper_class("BinaryCrossentropy", binary_crossentropy,
                                    "binary_crossentropy", from_logits=False,
                                    label_smoothing=0.0, axis=-1)
CategoricalCrossentropy = _wrapper_class("CategoricalCrossentropy", categorical_crossentropy,
                                         "categorical_crossentropy", from_logits=False,
                                         label_smoothing=0.0, axis=-1)
SparseCategoricalCrossentropy = _wrapper_class("SparseCategoricalCrossentropy",
                                               sparse_categorical_crossentropy,
                                               "sparse_categorical_crossentropy",
                                               from_logits=False, ignore_class=None)
BinaryFocalCrossentropy = _wrapper_class("BinaryFocalCrossentropy", binary_focal_crossentropy,
                                         "binary_focal_crossentropy",
                                         apply_class_balancing=False, alpha=0.25, gamma=2.0,
                                         from_logits=False, label_smoothing=0.0, axis=-1)
CategoricalFocalCrossentropy = _wrapper_class("CategoricalFocalCrossentropy",
                                              categorical_focal_crossentropy,
                                              "categorical_focal_crossentropy", alpha=0.25,
                                              gamma=2.0, from_logits=False, label_smoothing=0.0,
                                              axis=-1)
CosineSimilarity = _wrapper_class("CosineSimilarity", cosine_similarity, "cosine_similarity",
                                  axis=-1)
Hinge = _wrapper_class("Hinge", hinge, "hinge")
SquaredHinge = _wrapper_class("SquaredHinge", squared_hinge, "squared_hinge")
CategoricalHinge = _wrapper_class("CategoricalHinge", categorical_hinge, "categorical_hinge")
Poisson = _wrapper_class("Poisson", poisson, "poisson")
LogCosh = _wrapper_class("LogCosh", log_cosh, "log_cosh")
KLDivergence = _wrapper_class("KLDivergence", kl_divergence, "kl_divergence")
Huber = _wrapper_class("Huber", huber, "huber_loss", delta=1.0)

_OBJECTS = _objects.public_objects(dict(globals()), lambda obj: callable(obj))
for _name in ("tf", "serialize", "deserialize", "get", "ReductionV2", "smart_cond", "cosine",
              "cosine_proximity"):
    _OBJECTS.pop(_name, None)


def is_categorical_crossentropy(loss):
    return (isinstance(loss, CategoricalCrossentropy)
            or (isinstance(loss, LossFunctionWrapper) and loss.fn is categorical_crossentropy)
            or getattr(loss, "__name__", None) == "categorical_crossentropy"
            or loss == "categorical_crossentropy")


def serialize(loss):
    return _objects.serialize(loss)


def deserialize(name, custom_objects=None):
    return _objects.deserialize(name, _OBJECTS, custom_objects, "loss function")


def get(identifier):
    """A loss from None, a name ('mse', 'sparse_categorical_crossentropy'), a config dict or a
    callable."""
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError("Could not interpret loss function identifier: %s" % (identifier,))


__getattr__ = _unsupported.missing_attr("keras.losses", __name__)

"""`tf.keras.metrics`: the function metrics (`binary_accuracy`, `categorical_accuracy`,
`sparse_categorical_accuracy`, the top-k accuracies and the loss functions) returning a
per-sample tensor, and the stateful Metric classes (`Mean`, `Sum`, `Accuracy`, ...), whose
`total` / `count` variables live outside every collection (Keras initializes them in its
session) and whose `update_state` / `result` build graph ops, as tf_keras does in graph mode.
"""
from __future__ import annotations

import tfcompat as tf
from tfcompat import _unsupported
from tfcompat.keras import _losses_utils
from tfcompat.keras import _objects
from tfcompat.keras import losses as _losses
from tfcompat.keras import backend
from tfcompat.keras.losses import binary_crossentropy  # noqa: F401
from tfcompat.keras.losses import binary_focal_crossentropy  # noqa: F401
from tfcompat.keras.losses import categorical_focal_crossentropy  # noqa: F401
from tfcompat.keras.losses import categorical_crossentropy  # noqa: F401
from tfcompat.keras.losses import categorical_hinge  # noqa: F401
from tfcompat.keras.losses import hinge  # noqa: F401
from tfcompat.keras.losses import kullback_leibler_divergence  # noqa: F401
from tfcompat.keras.losses import log_cosh  # noqa: F401
from tfcompat.keras.losses import mean_absolute_error  # noqa: F401
from tfcompat.keras.losses import mean_absolute_percentage_error  # noqa: F401
from tfcompat.keras.losses import mean_squared_error  # noqa: F401
from tfcompat.keras.losses import mean_squared_logarithmic_error  # noqa: F401
from tfcompat.keras.losses import poisson  # noqa: F401
from tfcompat.keras.losses import sparse_categorical_crossentropy  # noqa: F401
from tfcompat.keras.losses import squared_hinge  # noqa: F401
from tfcompat.keras._confusion_metrics import AUC  # noqa: F401
from tfcompat.keras._confusion_metrics import FalseNegatives  # noqa: F401
from tfcompat.keras._confusion_metrics import FalsePositives  # noqa: F401
from tfcompat.keras._confusion_metrics import Precision  # noqa: F401
from tfcompat.keras._confusion_metrics import Recall  # noqa: F401
from tfcompat.keras._confusion_metrics import TrueNegatives  # noqa: F401
from tfcompat.keras._confusion_metrics import TruePositives  # noqa: F401
from tfcompat.keras._iou_metrics import IoU  # noqa: F401
from tfcompat.keras._iou_metrics import MeanIoU  # noqa: F401
from tfcompat.keras._iou_metrics import MeanRelativeError  # noqa: F401
from tfcompat.keras._metric_base import Mean
from tfcompat.keras._metric_base import MeanMetricWrapper
from tfcompat.keras._metric_base import Metric  # noqa: F401
from tfcompat.keras._metric_base import Reduce  # noqa: F401
from tfcompat.keras._metric_base import Sum  # noqa: F401
from tfcompat.keras._sensitivity_metrics import MeanTensor  # noqa: F401
from tfcompat.keras._sensitivity_metrics import PrecisionAtRecall  # noqa: F401
from tfcompat.keras._sensitivity_metrics import RecallAtPrecision  # noqa: F401
from tfcompat.keras._sensitivity_metrics import SensitivityAtSpecificity  # noqa: F401
from tfcompat.keras._sensitivity_metrics import SpecificityAtSensitivity  # noqa: F401


# -- function metrics ------------------------------------------------------------------------
def accuracy(y_true, y_pred):
    y_true.shape.assert_is_compatible_with(y_pred.shape)
    if y_true.dtype != y_pred.dtype:
        y_pred = tf.cast(y_pred, y_true.dtype)
    return tf.cast(tf.equal(y_true, y_pred), backend.floatx())


def _binary_matches(y_true, y_pred, threshold=0.5):
    y_pred = tf.convert_to_tensor(y_pred)
    threshold = tf.cast(threshold, y_pred.dtype)
    y_pred = tf.cast(y_pred > threshold, y_pred.dtype)
    return tf.cast(tf.equal(y_true, y_pred), backend.floatx())


def binary_accuracy(y_true, y_pred, threshold=0.5):
    return tf.reduce_mean(_binary_matches(y_true, y_pred, threshold), axis=-1)


def _sparse_categorical_matches(y_true, y_pred):
    y_pred = tf.convert_to_tensor(y_pred)
    y_true = tf.convert_to_tensor(y_true)
    y_true_org_shape = tf.shape(y_true)
    reshape_matches = (y_true.shape.ndims is not None and y_pred.shape.ndims is not None
                       and y_true.shape.ndims == y_pred.shape.ndims)
    if reshape_matches:
        y_true = tf.squeeze(y_true, [-1])
    y_pred = tf.math.argmax(y_pred, axis=-1)
    if y_pred.dtype.base_dtype != y_true.dtype.base_dtype:
        y_pred = tf.cast(y_pred, y_true.dtype.base_dtype)
    matches = tf.cast(tf.equal(y_true, y_pred), backend.floatx())
    if reshape_matches:
        matches = tf.reshape(matches, shape=y_true_org_shape)
    return matches


def categorical_accuracy(y_true, y_pred):
    return _sparse_categorical_matches(tf.math.argmax(y_true, axis=-1), y_pred)


def sparse_categorical_accuracy(y_true, y_pred):
    matches = _sparse_categorical_matches(y_true, y_pred)
    if matches.shape.ndims is not None and matches.shape.ndims > 1 and matches.shape[-1] == 1:
        matches = tf.squeeze(matches, [-1])
    return matches


def _sparse_top_k_matches(y_true, y_pred, k=5):
    y_true = tf.convert_to_tensor(y_true)
    y_pred = tf.convert_to_tensor(y_pred)
    y_true_rank, y_pred_rank = y_true.shape.ndims, y_pred.shape.ndims
    y_true_org_shape = tf.shape(y_true)
    reshape_matches = False
    if y_true_rank is not None and y_pred_rank is not None:
        if y_pred_rank > 2:
            y_pred = tf.reshape(y_pred, [-1, y_pred.shape[-1]])
        if y_true_rank > 1:
            reshape_matches = True
            y_true = tf.reshape(y_true, [-1])
    matches = tf.cast(tf.math.in_top_k(predictions=y_pred, targets=tf.cast(y_true, "int32"),
                                       k=k), dtype=backend.floatx())
    if reshape_matches:
        return tf.reshape(matches, shape=y_true_org_shape)
    return matches


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    return _sparse_top_k_matches(tf.math.argmax(y_true, axis=-1), y_pred, k)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    return _sparse_top_k_matches(y_true, y_pred, k)


def cosine_similarity(y_true, y_pred, axis=-1):
    """The cosine of the angle (positive, unlike the loss)."""
    y_true = tf.linalg.l2_normalize(y_true, axis=axis)
    y_pred = tf.linalg.l2_normalize(y_pred, axis=axis)
    return tf.reduce_sum(y_true * y_pred, axis=axis)


acc = ACC = accuracy
bce = BCE = binary_crossentropy
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
logcosh = log_cosh
cosine_proximity = cosine_similarity   # by name (get): the metric; as attributes: see below
kld = KLD = kl_divergence = kullback_leibler_divergence


# -- MeanMetricWrapper classes ---------------------------------------------------------------
def _wrapper_class(class_name, fn, default_name, **defaults):
    """A MeanMetricWrapper subclass `class_name(name=default_name, dtype=None, <defaults>)`."""

    def __init__(self, name=default_name, dtype=None, **kwargs):
        for key in kwargs:
            if key not in defaults:
                raise TypeError("%s.__init__() got an unexpected keyword argument '%s'"
                                % (class_name, key))
        params = dict(defaults, **kwargs)
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype, **params)

    return type(class_name, (MeanMetricWrapper,), {
        "__init__": __init__, "__doc__": "Keras' `%s` metric: the running mean of `%s`."
        % (class_name, fn.__name__)})


Accuracy = _wrapper_class("Accuracy", accuracy, "accuracy")
BinaryAccuracy = _wrapper_class("BinaryAccuracy", binary_accuracy, "binary_accuracy",
                                threshold=0.5)
CategoricalAccuracy = _wrapper_class("CategoricalAccuracy", categorical_accuracy,
                                     "categorical_accuracy")
SparseCategoricalAccuracy = _wrapper_class("SparseCategoricalAccuracy",
                                           sparse_categorical_accuracy,
                                           "sparse_categorical_accuracy")
TopKCategoricalAccuracy = _wrapper_class("TopKCategoricalAccuracy", top_k_categorical_accuracy,
                                         "top_k_categorical_accuracy", k=5)
SparseTopKCategoricalAccuracy = _wrapper_class("SparseTopKCategoricalAccuracy",
                                               sparse_top_k_categorical_accuracy,
                                               "sparse_top_k_categorical_accuracy", k=5)
MeanSquaredError = _wrapper_class("MeanSquaredError", mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _wrapper_class("MeanAbsoluteError", mean_absolute_error,
                                   "mean_absolute_error")
MeanAbsolutePercentageError = _wrapper_class("MeanAbsolutePercentageError",
                                             mean_absolute_percentage_error,
                                             "mean_absolute_percentage_error")
MeanSquaredLogarithmicError = _wrapper_class("MeanSquaredLogarithmicError",
                                             mean_squared_logarithmic_error,
                                             "mean_squared_logarithmic_error")
CosineSimilarity = _wrapper_class("CosineSimilarity", cosine_similarity, "cosine_similarity",
                                  axis=-1)
LogCoshError = _wrapper_class("LogCoshError", log_cosh, "logcosh")
Hinge = _wrapper_class("Hinge", hinge, "hinge")
SquaredHinge = _wrapper_class("SquaredHinge", squared_hinge, "squared_hinge")
CategoricalHinge = _wrapper_class("CategoricalHinge", categorical_hinge, "categorical_hinge")
Poisson = _wrapper_class("Poisson", poisson, "poisson")
KLDivergence = _wrapper_class("KLDivergence", kullback_leibler_divergence,
                              "kullback_leibler_divergence")
BinaryCrossentropy = _wrapper_class("BinaryCrossentropy", binary_crossentropy,
                                    "binary_crossentropy", from_logits=False,
                                    label_smoothing=0)
CategoricalCrossentropy = _wrapper_class("CategoricalCrossentropy", categorical_crossentropy,
                                         "categorical_crossentropy", from_logits=False,
                                         label_smoothing=0, axis=-1)
SparseCategoricalCrossentropy = _wrapper_class("SparseCategoricalCrossentropy",
                                               sparse_categorical_crossentropy,
                                               "sparse_categorical_crossentropy",
                                               from_logits=False, ignore_class=None, axis=-1)


class RootMeanSquaredError(Mean):
    """sqrt of the running mean of squared errors."""

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = tf.cast(y_true, self._dtype)
        y_pred = tf.cast(y_pred, self._dtype)
        y_pred, y_true = _losses_utils.squeeze_or_expand_dimensions(y_pred, y_true)
        error_sq = tf.math.squared_difference(y_pred, y_true)
        return super().update_state(error_sq, sample_weight=sample_weight)

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.total, self.count))


_HIDDEN = {"tf", "serialize", "deserialize", "get", "backend", "Reduce",
           "binary_focal_crossentropy", "categorical_focal_crossentropy"}
_OBJECTS = {name: obj for name, obj in _objects.public_objects(dict(globals())).items()
            if name not in _HIDDEN and name not in ("kld", "KLD", "kl_divergence")}


# TF exports the loss (negative cosine) as the attributes tf.keras.metrics.cosine and
# .cosine_proximity, while get('cosine_proximity') finds the metric (positive)
cosine = cosine_proximity = _losses.cosine_similarity


def serialize(metric):
    return _objects.serialize(metric)


def deserialize(config, custom_objects=None):
    return _objects.deserialize(config, _OBJECTS, custom_objects, "metric function")


def get(identifier):
    """A metric from a name ('accuracy', 'mse', 'Mean'), a config dict or a callable."""
    if isinstance(identifier, (dict, str)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError("Could not interpret metric identifier: %s" % (identifier,))


__getattr__ = _unsupported.missing_attr("keras.metrics", __name__)

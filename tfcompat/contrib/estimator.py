"""`tf.contrib.estimator` (TF 1.15): the v1 heads for the head-based canned estimators
(binary, multi-class, multi-label, regression, poisson and logistic regression, and multi_head
merging them), the Estimator extenders (add_metrics, forward_features, clip_gradients_by_norm),
the early-stopping hooks, InMemoryEvaluatorHook, the export helpers and the logit_fn builders.
The RNN, boosted-trees and replicate_model_fn names fail with an error naming them."""
from __future__ import annotations

import tfcompat as tf
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.estimator.canned import head as _head_lib
from tfcompat.estimator.canned import head_classifier as _head_classifier
from tfcompat.estimator.canned.baseline import BaselineEstimator  # noqa: F401
from tfcompat.estimator.canned.dnn import DNNEstimator  # noqa: F401
from tfcompat.estimator.canned.dnn import dnn_logit_fn_builder  # noqa: F401
from tfcompat.estimator.canned.dnn_linear_combined import DNNLinearCombinedEstimator  # noqa: F401
from tfcompat.estimator.canned.linear import LinearEstimator  # noqa: F401
from tfcompat.estimator.canned.linear import linear_logit_fn_builder  # noqa: F401
from tfcompat.contrib.estimator_multi_head import multi_head  # noqa: F401
from tfcompat.contrib.estimator_multi_label import multi_label_head  # noqa: F401
from tfcompat.estimator.early_stopping import (  # noqa: F401
    make_early_stopping_hook, read_eval_metrics, stop_if_higher_hook, stop_if_lower_hook,
    stop_if_no_decrease_hook, stop_if_no_increase_hook)
from tfcompat.estimator.estimator import Estimator as _Estimator
from tfcompat.estimator.export_output import PredictOutput as _PredictOutput
from tfcompat.estimator.extenders import add_metrics  # noqa: F401
from tfcompat.estimator.hooks import InMemoryEvaluatorHook  # noqa: F401
from tfcompat.estimator.model_fn import ModeKeys as _ModeKeys
from tfcompat.estimator.model_fn import call_logit_fn  # noqa: F401
from tfcompat.framework.sparse_tensor import SparseTensor as _SparseTensor
from tfcompat.train.optimizer import Optimizer as _Optimizer

_SUM_OVER_BATCH_SIZE = tf.losses.Reduction.SUM_OVER_BATCH_SIZE


def multi_class_head(n_classes, weight_column=None, label_vocabulary=None,
                     loss_reduction=_SUM_OVER_BATCH_SIZE, loss_fn=None, name=None):
    """A `_Head` for `n_classes` > 2 classes with the softmax cross entropy loss."""
    return _head_classifier._multi_class_head_with_softmax_cross_entropy_loss(
        n_classes=n_classes, weight_column=weight_column, label_vocabulary=label_vocabulary,
        loss_reduction=loss_reduction, loss_fn=loss_fn, name=name)


def binary_classification_head(weight_column=None, thresholds=None, label_vocabulary=None,
                               loss_reduction=_SUM_OVER_BATCH_SIZE, loss_fn=None, name=None):
    """A `_Head` for binary classification with the sigmoid cross entropy loss."""
    return _head_classifier._binary_logistic_head_with_sigmoid_cross_entropy_loss(
        weight_column=weight_column, thresholds=thresholds, label_vocabulary=label_vocabulary,
        loss_reduction=loss_reduction, loss_fn=loss_fn, name=name)


def regression_head(weight_column=None, label_dimension=1,
                    loss_reduction=_SUM_OVER_BATCH_SIZE, loss_fn=None, inverse_link_fn=None,
                    name=None):
    """A `_Head` for regression with the mean squared error loss (or `loss_fn`)."""
    return _head_lib._regression_head(
        weight_column=weight_column, label_dimension=label_dimension,
        loss_reduction=loss_reduction, loss_fn=loss_fn, inverse_link_fn=inverse_link_fn,
        name=name)


def poisson_regression_head(weight_column=None, label_dimension=1,
                            loss_reduction=_SUM_OVER_BATCH_SIZE, compute_full_loss=True,
                            name=None):
    """A regression `_Head` with `tf.nn.log_poisson_loss`; predictions are exp(logits)."""
    def _poisson_loss(labels, logits):
        return tf.nn.log_poisson_loss(targets=labels, log_input=logits,
                                      compute_full_loss=compute_full_loss)
    return _head_lib._regression_head(
        weight_column=weight_column, label_dimension=label_dimension,
        loss_reduction=loss_reduction, loss_fn=_poisson_loss, inverse_link_fn=tf.exp,
        name=name)


def logistic_regression_head(weight_column=None, loss_reduction=_SUM_OVER_BATCH_SIZE,
                             name=None):
    """A regression `_Head` with the sigmoid cross entropy loss on labels in [0, 1];
    predictions are sigmoid(logits)."""
    def _logistic_loss(labels, logits):
        labels = _head_lib._assert_range(labels, n_classes=2,
                                         message="Labels must be in range [0, 1]")
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
    return _head_lib._regression_head(
        weight_column=weight_column, label_dimension=1, loss_reduction=loss_reduction,
        loss_fn=_logistic_loss, inverse_link_fn=tf.sigmoid, name=name)


class _TransformGradients(_Optimizer):
    """An optimizer applying `transform_grads_fn` to the gradients before `optimizer` does."""

    def __init__(self, optimizer, transform_grads_fn, name=None):
        super().__init__(use_locking=False, name=name or optimizer.get_name())
        self._optimizer = optimizer
        self._transform_grads_fn = transform_grads_fn

    def compute_gradients(self, *args, **kwargs):
        return self._optimizer.compute_gradients(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        grads_and_vars = self._transform_grads_fn(grads_and_vars)
        return self._optimizer.apply_gradients(grads_and_vars, global_step, name)

    def get_slot(self, *args, **kwargs):
        return self._optimizer.get_slot(*args, **kwargs)

    def get_slot_names(self, *args, **kwargs):
        return self._optimizer.get_slot_names(*args, **kwargs)


def clip_gradients_by_norm(optimizer, clip_norm):
    """`optimizer`, clipping the gradients by their global norm `clip_norm` first."""
    def clip_grads(grads_and_vars):
        gradients, variables = zip(*grads_and_vars)
        gradients = tf.clip_by_global_norm(gradients, clip_norm)[0]
        return list(zip(gradients, variables))
    return _TransformGradients(optimizer=optimizer, transform_grads_fn=clip_grads,
                               name="ClipByNorm" + optimizer.get_name())


def _verify_key_types(keys):
    if keys is None:
        return keys
    if isinstance(keys, str):
        return [keys]
    if not isinstance(keys, (list, tuple)):
        raise TypeError("keys should be either a string or a list of strings. "
                        "Given: {}".format(type(keys)))
    for key in keys:
        if not isinstance(key, str):
            raise TypeError("All items in the given keys list should be a string. "
                            "There exist an item with type: {}".format(type(key)))
    return keys


def _verify_keys_and_predictions(keys, features, predictions):
    if not isinstance(predictions, dict):
        raise ValueError("Predictions should be a dict to be able to forward features. "
                         "Given: {}".format(type(predictions)))
    for key in keys:
        if key not in features:
            raise ValueError(
                'keys should be exist in features. Key "{}" is not in features '
                "dict. features dict has following keys: {}. Please check "
                "arguments of forward_features.".format(key, features.keys()))
        if key in predictions:
            raise ValueError(
                "Cannot forward feature key ({}). Since it does exist in "
                "predictions. Existing prediction keys: {}. Please check arguments "
                "of forward_features.".format(key, predictions.keys()))


def _forward(spec, features, keys):
    predictions = spec.predictions
    _verify_keys_and_predictions(keys, features, predictions)
    for key in keys:
        feature = features[key]
        if not isinstance(feature, _SparseTensor):
            feature = tf.convert_to_tensor(feature)
        if not isinstance(feature, tf.Tensor):
            raise ValueError(
                "Forwarded feature ({}) should be a Tensor. Please use keys "
                "argument of forward_features to filter unwanted features. Type of "
                "features[{}] is {}.".format(key, key, type(feature)))
        predictions[key] = feature
    spec = spec._replace(predictions=predictions)
    for ekey in ("predict", "serving_default"):
        if isinstance((spec.export_outputs or {}).get(ekey), _PredictOutput):
            export_outputs = spec.export_outputs[ekey].outputs
            for key in keys:
                export_outputs[key] = predictions[key]
    return spec


def forward_features(estimator, keys=None):
    """A new Estimator whose predictions also hold the features named by `keys` (a string, a
    list of strings, or None for all of them)."""
    keys = _verify_key_types(keys)

    def new_model_fn(features, labels, mode, config):
        spec = estimator.model_fn(features, labels, mode, config)
        if spec.predictions is None:
            return spec
        return _forward(spec, features, list(features.keys()) if keys is None else keys)

    return _Estimator(model_fn=new_model_fn, model_dir=estimator.model_dir,
                      config=estimator.config)


def export_saved_model_for_mode(estimator, export_dir_base, input_receiver_fn,
                                assets_extra=None, as_text=False, checkpoint_path=None,
                                mode=_ModeKeys.PREDICT):
    """One mode's graph of `estimator` as a SavedModel (Estimator.export_saved_model)."""
    return estimator.export_saved_model(
        export_dir_base, input_receiver_fn, assets_extra=assets_extra, as_text=as_text,
        checkpoint_path=checkpoint_path, experimental_mode=mode)


def export_all_saved_models(estimator, export_dir_base, input_receiver_fn_map,
                            assets_extra=None, as_text=False, checkpoint_path=None):
    """The graphs of every mode of `input_receiver_fn_map` in one SavedModel."""
    return estimator.experimental_export_all_saved_models(
        export_dir_base, input_receiver_fn_map, assets_extra=assets_extra, as_text=as_text,
        checkpoint_path=checkpoint_path)


__all__ = [
    "add_metrics", "binary_classification_head", "clip_gradients_by_norm", "forward_features",
    "InMemoryEvaluatorHook", "logistic_regression_head", "multi_class_head", "multi_head",
    "multi_label_head", "poisson_regression_head", "regression_head", "BaselineEstimator",
    "DNNEstimator", "DNNLinearCombinedEstimator", "LinearEstimator", "call_logit_fn",
    "dnn_logit_fn_builder", "linear_logit_fn_builder", "export_saved_model_for_mode",
    "export_all_saved_models", "make_early_stopping_hook", "read_eval_metrics",
    "stop_if_lower_hook", "stop_if_higher_hook", "stop_if_no_increase_hook",
    "stop_if_no_decrease_hook"]

__getattr__ = _missing_attr("contrib.estimator", __name__)

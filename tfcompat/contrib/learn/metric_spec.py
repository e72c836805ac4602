"""tf.contrib.learn's MetricSpec (TF 1.15 learn/metric_spec.py) and the `metrics` argument of
contrib.learn's Estimator.evaluate (estimators/estimator.py's _make_metrics_ops): a metric
function connected by key to the model's predictions, the input's labels and a weight
feature."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.estimator.model_fn import fn_args

_CANONICAL_LABELS_ARG = "labels"
_LABELS_ARGS = {_CANONICAL_LABELS_ARG, "label", "targets", "target"}
_CANONICAL_PREDICTIONS_ARG = "predictions"
_PREDICTIONS_ARGS = {_CANONICAL_PREDICTIONS_ARG, "prediction", "logits", "logit"}
_CANONICAL_WEIGHTS_ARG = "weights"
_WEIGHTS_ARGS = {_CANONICAL_WEIGHTS_ARG, "weight"}


def _assert_named_args(sentinel):
    if sentinel is not None:
        raise ValueError("`metric_fn` requires named args: `labels`, `predictions`, and "
                         "optionally `weights`.")


def _matching_arg(fn_name, args, candidate_args, canonical_arg, is_required=False):
    matching_args = candidate_args.intersection(args)
    if len(matching_args) > 1:
        raise ValueError("Ambiguous arguments %s, must provide only one of %s." % (
            matching_args, candidate_args))
    matching_arg = matching_args.pop() if matching_args else None
    if matching_arg:
        if matching_arg != canonical_arg:
            tf.logging.warning("Canonical arg %s missing from %s(%s), using %s.",
                               canonical_arg, fn_name, args, matching_arg)
    elif is_required:
        raise ValueError("%s missing from %s(%s)." % (candidate_args, fn_name, args))
    return matching_arg


def _fn_name(fn):
    if hasattr(fn, "__name__"):
        return fn.__name__
    if hasattr(fn, "func") and hasattr(fn.func, "__name__"):
        return fn.func.__name__
    return str(fn)


def _adapt_metric_fn(metric_fn, metric_fn_name, is_labels_required, is_weights_required):
    """`metric_fn` as a function of named labels, predictions and weights (TF's rules: a
    labels-like arg is passed by name, or positionally first when predictions has no name;
    predictions positionally when not named)."""
    args = tuple(fn_args(metric_fn))
    labels_arg = _matching_arg(metric_fn_name, args, _LABELS_ARGS, _CANONICAL_LABELS_ARG,
                               is_labels_required)
    predictions_arg = _matching_arg(metric_fn_name, args, _PREDICTIONS_ARGS,
                                    _CANONICAL_PREDICTIONS_ARG)
    weights_arg = _matching_arg(metric_fn_name, args, _WEIGHTS_ARGS, _CANONICAL_WEIGHTS_ARG,
                                is_weights_required)

    def adapted(_sentinel=None, labels=None, predictions=None, weights=None):
        _assert_named_args(_sentinel)
        kwargs = {} if weights is None else {weights_arg: weights}
        if labels_arg and predictions_arg:
            kwargs.update({labels_arg: labels, predictions_arg: predictions})
            return metric_fn(**kwargs)
        if labels_arg and labels_arg == args[0]:
            return metric_fn(labels, predictions, **kwargs)
        if labels_arg:
            kwargs[labels_arg] = labels
            return metric_fn(predictions, **kwargs)
        if predictions_arg:
            kwargs[predictions_arg] = predictions
            return metric_fn(**kwargs)
        return metric_fn(predictions, **kwargs)
    return adapted


class MetricSpec:
    """Connects a model to a metric function: `metric_fn(labels=labels[label_key],
    predictions=predictions[prediction_key], weights=features[weight_key])`."""

    def __init__(self, metric_fn, prediction_key=None, label_key=None, weight_key=None):
        self._metric_fn_name = _fn_name(metric_fn)
        self._metric_fn = _adapt_metric_fn(metric_fn, self._metric_fn_name,
                                           is_labels_required=label_key is not None,
                                           is_weights_required=weight_key is not None)
        self._prediction_key = prediction_key
        self._label_key = label_key
        self._weight_key = weight_key

    prediction_key = property(lambda self: self._prediction_key)
    label_key = property(lambda self: self._label_key)
    weight_key = property(lambda self: self._weight_key)
    metric_fn = property(lambda self: self._metric_fn)

    def __str__(self):
        return ("MetricSpec(metric_fn=%s, " % self._metric_fn_name
                + "prediction_key=%s, " % self.prediction_key
                + "label_key=%s, " % self.label_key
                + "weight_key=%s)" % self.weight_key)

    def create_metric_ops(self, inputs, labels, predictions):
        """The metric_fn's result on the keyed prediction, label and weight."""
        prediction = _get_dict("prediction", predictions, self.prediction_key)
        label = _get_dict("label", labels, self.label_key)
        try:
            return self.metric_fn(labels=label, predictions=prediction,
                                  weights=inputs[self.weight_key] if self.weight_key else None)
        except Exception as ex:
            tf.logging.error("Could not create metric ops for %s, %s." % (self, ex))
            raise


def _get_dict(name, dict_or_tensor, key):
    if key:
        if not isinstance(dict_or_tensor, dict):
            raise ValueError("MetricSpec with " + name + "_key specified requires " + name
                             + "s dict, got %s.\n" % dict_or_tensor
                             + "You must not provide a %s_key if you " % name
                             + "only have a single Tensor as %ss." % name)
        if key not in dict_or_tensor:
            raise KeyError("Key '%s' missing from %s." % (key, dict_or_tensor.keys()))
        return dict_or_tensor[key]
    if isinstance(dict_or_tensor, dict):
        if len(dict_or_tensor) != 1:
            raise ValueError("MetricSpec without specified " + name + "_key requires "
                             + name + "s tensor or single element dict, got %s"
                             % dict_or_tensor)
        return next(iter(dict_or_tensor.values()))
    return dict_or_tensor


def make_metrics_ops(metrics, features, labels, predictions):
    """{name: metric ops} of Estimator.evaluate's `metrics`: MetricSpecs, or (deprecated)
    bare functions `fn(predictions, labels)` and `(name, prediction key)` tuples."""
    labels_tensor_or_dict = labels
    if isinstance(labels, dict) and len(labels) == 1:
        labels_tensor_or_dict = labels[list(labels.keys())[0]]
    result = {}
    for name, metric in sorted((metrics or {}).items(), key=lambda item: str(item[0])):
        if isinstance(metric, MetricSpec):
            result[name] = metric.create_metric_ops(features, labels, predictions)
            continue
        tf.logging.warning("Please specify metrics using MetricSpec. Using bare functions or "
                           "(key, fn) tuples is deprecated and support for it will be removed "
                           "on Oct 1, 2016.")
        if isinstance(name, tuple):
            if len(name) != 2:
                raise ValueError("Invalid metric for {}. It returned a tuple with len {}, "
                                 "expected 2.".format(name, len(name)))
            if not isinstance(predictions, dict):
                raise ValueError("Metrics passed provide (name, prediction), but predictions "
                                 "are not dict. Metrics: %s, Predictions: %s."
                                 % (metrics, predictions))
            if isinstance(labels, dict) and name[1] in labels:
                result[name[0]] = metric(predictions[name[1]], labels[name[1]])
            else:
                result[name[0]] = metric(predictions[name[1]], labels_tensor_or_dict)
        else:
            if isinstance(predictions, dict):
                raise ValueError("Metrics passed provide only name, no prediction, but "
                                 "predictions are dict. Metrics: %s, Labels: %s."
                                 % (metrics, labels_tensor_or_dict))
            result[name] = metric(predictions, labels_tensor_or_dict)
    return result

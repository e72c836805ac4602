"""Keras' `add_metric` checks and its symbolic path (`_symbolic_add_metric`), shared by the
Keras `Layer` and the `tf.layers` layers (Keras layers in TF 1.15)."""
from __future__ import annotations

from tfcompat._lazy import lazy_module
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.operation import Tensor as _Tensor
from tfcompat.keras import backend

# Keras' Mean metric: its module imports tfcompat's top level, reached on first add_metric
_metric_base = lazy_module("tfcompat.keras._metric_base")


def check_metric_args(value, aggregation, name, in_call):
    """TF 1.15's checks of `add_metric`'s arguments: returns the tensor and its name."""
    if aggregation is not None and aggregation != "mean":
        raise ValueError("We currently support only `mean` sample-wise metric aggregation. "
                         "You provided aggregation=`%s`" % aggregation)
    from_metric_obj = hasattr(value, "_metric_obj")
    if name is None and not from_metric_obj:
        raise ValueError("Please provide a name for your metric like "
                         "`self.add_metric(tf.reduce_sum(inputs), name='mean_activation', "
                         "aggregation='mean')`")
    if from_metric_obj:
        name = value._metric_obj.name
    if not isinstance(value, _Tensor):
        if not in_call:
            raise ValueError("Expected a symbolic Tensor for the metric value, received: " +
                             str(value))
        value = convert_to_tensor(value, dtype=backend.floatx())
    return value, name


def symbolic_add_metric(layer, value, aggregation, name):
    """Keras' `_symbolic_add_metric`: a `Mean` named `name` fed `value` (the layer's metric
    of that name, when it has one), or the Metric whose result `value` is."""
    metrics = layer.__dict__.setdefault("_metrics", [])
    match = [m for m in metrics if m.name == name]
    if len(match) > 1:
        raise ValueError("Please provide different names for the metrics you have added. "
                         "We found %d metrics with the name: \"%s\"" % (len(match), name))
    match = match[0] if match else None
    if aggregation is None:
        if match is not None:
            metric = match
        elif hasattr(value, "_metric_obj"):
            metric = value._metric_obj
            metrics.append(metric)
        else:
            raise ValueError(_AGGREGATED_METRIC_MESSAGE)
        result = value
    else:
        metric = match if match is not None else _metric_base.Mean(name=name)
        result = metric(value)
        if match is None:
            metrics.append(metric)
    metric._call_result = result     # what a model's functions fetch


_AGGREGATED_METRIC_MESSAGE = (
    "We do not support adding an aggregated metric result tensor that is not the output of a "
    "`tf.keras.metrics.Metric` metric instance. Without having access to the metric instance "
    "we cannot reset the state of a metric after every epoch during training. You can create "
    "a `tf.keras.metrics.Metric` instance and pass the result here or pass an un-aggregated "
    "result with `aggregation` parameter set as `mean`. For example: "
    "`self.add_metric(tf.reduce_sum(inputs), name='mean_activation', aggregation='mean')`")

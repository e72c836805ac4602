"""tf.estimator.add_metrics (TF 1.15's extenders.py): an Estimator whose evaluation also
computes the metrics `metric_fn` builds."""
from __future__ import annotations

from tfcompat.estimator.estimator import Estimator
from tfcompat.estimator.model_fn import ModeKeys, fn_args

_VALID_METRIC_FN_ARGS = {"features", "labels", "predictions", "config"}


def add_metrics(estimator, metric_fn):
    """A new Estimator over `estimator`'s model_fn, model_dir and config whose EVAL spec also
    has `metric_fn(features, labels, predictions, config)`'s metrics (any of those args)."""
    args = set(fn_args(metric_fn))
    unexpected = list(args - _VALID_METRIC_FN_ARGS)
    if unexpected:
        raise ValueError("metric_fn (%s) has following not expected args: %s"
                         % (metric_fn, unexpected))

    def new_model_fn(features, labels, mode, config):
        spec = estimator.model_fn(features, labels, mode, config)
        if mode != ModeKeys.EVAL:
            return spec
        available = {"features": features, "labels": labels,
                     "predictions": spec.predictions, "config": config}
        new_metrics = metric_fn(**{k: v for k, v in available.items() if k in args})
        all_metrics = spec.eval_metric_ops or {}
        all_metrics.update(new_metrics)
        return spec._replace(eval_metric_ops=all_metrics)

    return Estimator(model_fn=new_model_fn, model_dir=estimator.model_dir,
                     config=estimator.config,
                     warm_start_from=estimator._warm_start_settings)

"""tf.estimator.experimental: the early-stopping hooks, InMemoryEvaluatorHook and KMeans
(the model of tf.contrib.factorization.KMeansClustering, with a `seed` argument; the other
experimental names of TF 1.15 are not implemented and fail with the unsupported-API error)."""
from __future__ import annotations

from tfcompat.estimator.early_stopping import (  # noqa: F401
    make_early_stopping_hook, stop_if_higher_hook, stop_if_lower_hook,
    stop_if_no_decrease_hook, stop_if_no_increase_hook)
from tfcompat.estimator.hooks import InMemoryEvaluatorHook  # noqa: F401
from tfcompat.estimator.model_fn import call_logit_fn  # noqa: F401
from tfcompat.estimator.export import build_raw_supervised_input_receiver_fn  # noqa: F401
from tfcompat._lazy import lazy_module
from tfcompat._unsupported import missing_attr

# bound on first use: the k-means estimator module imports tfcompat.estimator (this package)
_kmeans = lazy_module("tfcompat.contrib.factorization.kmeans_estimator")
_missing = missing_attr("estimator.experimental", __name__)


def __getattr__(name):
    if name == "KMeans":
        return _kmeans.KMeans
    return _missing(name)

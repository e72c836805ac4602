"""tf.contrib.learn.KMeansClustering (TF 1.15 learn/estimators/kmeans.py, deprecated there
for tf.contrib.factorization.KMeansClustering): a contrib.learn Estimator on
contrib.factorization's KMeans graph. Training runs the initializer (a hook) and one Lloyd
step per batch; evaluate()'s "scores" is the sum of the distances of the points to their
nearest centers (on the input, a lone tensor: no update op); predictions "all_scores" and
"cluster_idx"; the centers are the variable "clusters"."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.contrib.factorization import clustering_ops
from tfcompat.contrib.factorization.kmeans_estimator import (_InitializeClustersHook,
                                                             _LossRelativeChangeHook)
from tfcompat.contrib.learn.estimator import Estimator
from tfcompat.contrib.learn.model_fn import ModelFnOps
from tfcompat.ops.control_flow_ops import with_dependencies

__all__ = ["KMeansClustering"]


def _parse_tensor_or_dict(features):
    """A dict of features becomes their columns concatenated in sorted key order."""
    if isinstance(features, dict):
        keys = sorted(features.keys())
        with tf.colocate_with(features[keys[0]]):
            features = tf.concat([features[k] for k in keys], 1)
    return features


def _kmeans_clustering_model_fn(features, labels, mode, params, config):
    assert labels is None, labels
    (all_scores, model_predictions, losses, is_initialized, init_op,
     training_op) = clustering_ops.KMeans(
         _parse_tensor_or_dict(features), params.get("num_clusters"),
         initial_clusters=params.get("training_initial_clusters"),
         distance_metric=params.get("distance_metric"),
         use_mini_batch=params.get("use_mini_batch"),
         mini_batch_steps_per_iteration=params.get("mini_batch_steps_per_iteration"),
         random_seed=params.get("random_seed"),
         kmeans_plus_plus_num_retries=params.get("kmeans_plus_plus_num_retries"),
    ).training_graph()
    incr_step = tf.assign_add(tf.train.get_global_step(), 1)
    loss = tf.reduce_sum(losses, name=KMeansClustering.LOSS_OP_NAME)
    tf.summary.scalar("loss/raw", loss)
    training_op = with_dependencies([training_op, incr_step], loss)
    predictions = {KMeansClustering.ALL_SCORES: all_scores[0],
                   KMeansClustering.CLUSTER_IDX: model_predictions[0]}
    training_hooks = [_InitializeClustersHook(init_op, is_initialized, config.is_chief,
                                              config.model_dir)]
    relative_tolerance = params.get("relative_tolerance")
    if relative_tolerance is not None:
        training_hooks.append(_LossRelativeChangeHook(loss, relative_tolerance))
    return ModelFnOps(mode=mode, predictions=predictions,
                      eval_metric_ops={KMeansClustering.SCORES: loss}, loss=loss,
                      train_op=training_op, training_hooks=training_hooks)


class KMeansClustering(Estimator):
    """An Estimator for K-Means clustering (contrib.learn's)."""
    SQUARED_EUCLIDEAN_DISTANCE = clustering_ops.SQUARED_EUCLIDEAN_DISTANCE
    COSINE_DISTANCE = clustering_ops.COSINE_DISTANCE
    RANDOM_INIT = clustering_ops.RANDOM_INIT
    KMEANS_PLUS_PLUS_INIT = clustering_ops.KMEANS_PLUS_PLUS_INIT
    SCORES = "scores"
    CLUSTER_IDX = "cluster_idx"
    CLUSTERS = "clusters"
    ALL_SCORES = "all_scores"
    LOSS_OP_NAME = "kmeans_loss"

    def __init__(self, num_clusters, model_dir=None, initial_clusters=RANDOM_INIT,
                 distance_metric=SQUARED_EUCLIDEAN_DISTANCE, random_seed=0,
                 use_mini_batch=True, mini_batch_steps_per_iteration=1,
                 kmeans_plus_plus_num_retries=2, relative_tolerance=None, config=None):
        params = {"num_clusters": num_clusters, "training_initial_clusters": initial_clusters,
                  "distance_metric": distance_metric, "random_seed": random_seed,
                  "use_mini_batch": use_mini_batch,
                  "mini_batch_steps_per_iteration": mini_batch_steps_per_iteration,
                  "kmeans_plus_plus_num_retries": kmeans_plus_plus_num_retries,
                  "relative_tolerance": relative_tolerance}
        super().__init__(model_fn=_kmeans_clustering_model_fn, params=params,
                         model_dir=model_dir, config=config)

    def predict_cluster_idx(self, input_fn=None):
        """Yields predicted cluster indices."""
        key = KMeansClustering.CLUSTER_IDX
        for result in super().predict(input_fn=input_fn, outputs=[key]):
            yield result[key]

    def score(self, input_fn=None, steps=None):
        """The total sum of distances to the nearest clusters."""
        return np.sum(self.evaluate(input_fn=input_fn, steps=steps)[KMeansClustering.SCORES])

    def transform(self, input_fn=None, as_iterable=False):
        """The distances of each element to the cluster centers (squared for the squared
        euclidean metric)."""
        key = KMeansClustering.ALL_SCORES
        results = super().predict(input_fn=input_fn, outputs=[key], as_iterable=as_iterable)
        if not as_iterable:
            return results[key]
        return results

    def clusters(self):
        """The cluster centers."""
        return super().get_variable_value(self.CLUSTERS)

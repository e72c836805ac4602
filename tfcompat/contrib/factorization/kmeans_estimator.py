"""`tf.compat.v1.estimator.experimental.KMeans` (tensorflow_estimator's canned/kmeans.py) and
`tf.contrib.factorization.KMeansClustering` (TF 1.15's contrib copy of it, whose seed argument
is `random_seed=0` instead of `seed=None`): an Estimator whose model_fn builds the KMeans graph; a hook runs the initializer until every
center is chosen, each train step is one (mini-)batch Lloyd step, the loss is the sum of the
distances of the points to their nearest centers."""
import os
import time

import numpy as np

import tfcompat as tf
from tfcompat.contrib.factorization import clustering_ops
from tfcompat.estimator.estimator import Estimator
from tfcompat.estimator.export_output import PredictOutput
from tfcompat.estimator.model_fn import EstimatorSpec
from tfcompat.ops.control_flow_ops import with_dependencies
from tfcompat.train.session_run_hook import SessionRunArgs, SessionRunHook


class _LossRelativeChangeHook(SessionRunHook):
    """Stops when the change in loss goes below a tolerance."""

    def __init__(self, loss_tensor, tolerance):
        self._loss_tensor = loss_tensor
        self._tolerance = tolerance
        self._prev_loss = None

    def before_run(self, run_context):
        return SessionRunArgs(self._loss_tensor)

    def after_run(self, run_context, run_values):
        loss = run_values.results
        if self._prev_loss:
            relative_change = abs(loss - self._prev_loss) / (1 + abs(self._prev_loss))
            if relative_change < self._tolerance:
                run_context.request_stop()
        self._prev_loss = loss


class _InitializeClustersHook(SessionRunHook):
    """The chief runs the initializer until all centers are chosen; workers wait.

    A run that fails changes no variable in tfcompat, while TF keeps what the ops that ran
    before the failure wrote: when the input of the first step is already exhausted (the
    initializer took its only batch), TF's failed step still bumps the global step, so the
    checkpoint at the end holds the chosen centers. Here the chief instead rewrites the
    checkpoint the CheckpointSaverHook wrote when the session started, once the centers are
    chosen (TF's checkpoint holds the same centers)."""

    def __init__(self, init_op, is_initialized_var, is_chief, checkpoint_dir=None):
        self._init_op = init_op
        self._is_initialized_var = is_initialized_var
        self._is_chief = is_chief
        self._checkpoint_dir = checkpoint_dir

    def after_create_session(self, session, coord):
        initialized_here = False
        while True:
            try:
                if session.run(self._is_initialized_var):
                    break
                elif self._is_chief:
                    session.run(self._init_op)
                    initialized_here = True
                else:
                    time.sleep(1)
            except RuntimeError as e:
                tf.logging.info(e)
        if initialized_here and self._checkpoint_dir:
            self._save(session)

    def _save(self, session):
        savers = tf.get_collection(tf.GraphKeys.SAVERS)
        step = tf.train.get_global_step()
        if savers and step is not None:
            savers[0].save(session, os.path.join(self._checkpoint_dir, "model.ckpt"),
                           global_step=session.run(step), write_meta_graph=False)


def _parse_features_if_necessary(features, feature_columns):
    """A dict of features becomes one (n, k) matrix: through feature_columns when given, else
    the features' columns concatenated in sorted key order."""
    if not isinstance(features, dict):
        return features
    if feature_columns:
        return tf.feature_column.input_layer(features, feature_columns)
    keys = sorted(features.keys())
    with tf.colocate_with(features[keys[0]]):
        return tf.concat([features[k] for k in keys], axis=1)


class _ModelFn(object):
    def __init__(self, num_clusters, initial_clusters, distance_metric, seed, use_mini_batch,
                 mini_batch_steps_per_iteration, kmeans_plus_plus_num_retries,
                 relative_tolerance, feature_columns):
        self._args = dict(num_clusters=num_clusters, initial_clusters=initial_clusters,
                          distance_metric=distance_metric, use_mini_batch=use_mini_batch,
                          mini_batch_steps_per_iteration=mini_batch_steps_per_iteration,
                          random_seed=seed,
                          kmeans_plus_plus_num_retries=kmeans_plus_plus_num_retries)
        self._relative_tolerance = relative_tolerance
        self._feature_columns = feature_columns

    def model_fn(self, features, mode, config):
        input_points = _parse_features_if_necessary(features, self._feature_columns)
        (all_distances, model_predictions, losses, is_initialized, init_op,
         training_op) = clustering_ops.KMeans(inputs=input_points, **self._args).training_graph()
        loss = tf.reduce_sum(losses)
        tf.summary.scalar("loss/raw", loss)
        incr_step = tf.assign_add(tf.train.get_global_step(), 1)
        training_op = with_dependencies([training_op, incr_step], loss)
        training_hooks = [_InitializeClustersHook(init_op, is_initialized, config.is_chief,
                                                  config.model_dir)]
        if self._relative_tolerance is not None:
            training_hooks.append(_LossRelativeChangeHook(loss, self._relative_tolerance))
        export_outputs = {
            KMeans.ALL_DISTANCES: PredictOutput(all_distances[0]),
            KMeans.CLUSTER_INDEX: PredictOutput(model_predictions[0]),
            tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY:
                PredictOutput(model_predictions[0])}
        return EstimatorSpec(
            mode=mode,
            predictions={KMeans.ALL_DISTANCES: all_distances[0],
                         KMeans.CLUSTER_INDEX: model_predictions[0]},
            loss=loss, train_op=training_op,
            eval_metric_ops={KMeans.SCORE: tf.metrics.mean(loss)},
            training_hooks=training_hooks, export_outputs=export_outputs)


class KMeans(Estimator):
    """`tf.estimator.experimental.KMeans`: an Estimator for k-means clustering (train: Lloyd
    steps; predict: `cluster_index` and `all_distances`; `score`, `transform`,
    `cluster_centers`). Its PRNG seed argument is `seed` (default None)."""
    SQUARED_EUCLIDEAN_DISTANCE = clustering_ops.SQUARED_EUCLIDEAN_DISTANCE
    COSINE_DISTANCE = clustering_ops.COSINE_DISTANCE
    RANDOM_INIT = clustering_ops.RANDOM_INIT
    KMEANS_PLUS_PLUS_INIT = clustering_ops.KMEANS_PLUS_PLUS_INIT
    SCORE = "score"
    CLUSTER_INDEX = "cluster_index"
    ALL_DISTANCES = "all_distances"
    CLUSTER_CENTERS_VAR_NAME = clustering_ops.CLUSTERS_VAR_NAME

    def __init__(self, num_clusters, model_dir=None, initial_clusters=RANDOM_INIT,
                 distance_metric=SQUARED_EUCLIDEAN_DISTANCE, seed=None, use_mini_batch=True,
                 mini_batch_steps_per_iteration=1, kmeans_plus_plus_num_retries=2,
                 relative_tolerance=None, config=None, feature_columns=None):
        if isinstance(initial_clusters, str) and initial_clusters not in [
                KMeans.RANDOM_INIT, KMeans.KMEANS_PLUS_PLUS_INIT]:
            raise ValueError("Unsupported initialization algorithm '%s'" % initial_clusters)
        if distance_metric not in [KMeans.SQUARED_EUCLIDEAN_DISTANCE,
                                   KMeans.COSINE_DISTANCE]:
            raise ValueError("Unsupported distance metric '%s'" % distance_metric)
        self._distance_metric = distance_metric
        super(KMeans, self).__init__(
            model_fn=_ModelFn(num_clusters, initial_clusters, distance_metric, seed,
                              use_mini_batch, mini_batch_steps_per_iteration,
                              kmeans_plus_plus_num_retries, relative_tolerance,
                              feature_columns).model_fn,
            model_dir=model_dir, config=config)

    def _predict_one_key(self, input_fn, predict_key):
        for result in self.predict(input_fn=input_fn, predict_keys=[predict_key]):
            yield result[predict_key]

    def predict_cluster_index(self, input_fn):
        """Yields the index of the closest cluster center of each input point."""
        for index in self._predict_one_key(input_fn, KMeans.CLUSTER_INDEX):
            yield index

    def score(self, input_fn):
        """The sum of the distances of the first batch's points to their nearest centers."""
        return self.evaluate(input_fn=input_fn, steps=1)[KMeans.SCORE]

    def transform(self, input_fn):
        """Yields each point's distances to all centers (euclidean, not squared, for the
        squared euclidean metric)."""
        for distances in self._predict_one_key(input_fn, KMeans.ALL_DISTANCES):
            if self._distance_metric == KMeans.SQUARED_EUCLIDEAN_DISTANCE:
                yield np.sqrt(distances)
            else:
                yield distances

    def cluster_centers(self):
        """The cluster centers (the `clusters` variable of the latest checkpoint)."""
        return self.get_variable_value(KMeans.CLUSTER_CENTERS_VAR_NAME)


class KMeansClustering(KMeans):
    """`tf.contrib.factorization.KMeansClustering`: TF 1.15's contrib estimator, the same model
    as `tf.estimator.experimental.KMeans` except that its seed argument is `random_seed`
    (default 0, as the contrib `KMeans` graph class takes it)."""

    def __init__(self, num_clusters, model_dir=None, initial_clusters=KMeans.RANDOM_INIT,
                 distance_metric=KMeans.SQUARED_EUCLIDEAN_DISTANCE, random_seed=0,
                 use_mini_batch=True, mini_batch_steps_per_iteration=1,
                 kmeans_plus_plus_num_retries=2, relative_tolerance=None, config=None,
                 feature_columns=None):
        super(KMeansClustering, self).__init__(
            num_clusters, model_dir=model_dir, initial_clusters=initial_clusters,
            distance_metric=distance_metric, seed=random_seed, use_mini_batch=use_mini_batch,
            mini_batch_steps_per_iteration=mini_batch_steps_per_iteration,
            kmeans_plus_plus_num_retries=kmeans_plus_plus_num_retries,
            relative_tolerance=relative_tolerance, config=config,
            feature_columns=feature_columns)

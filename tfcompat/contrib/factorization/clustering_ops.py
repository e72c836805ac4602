"""The k-means graph of TF 1.15's `tf.contrib.factorization` (clustering_ops.py, also in TF 2.x
as tensorflow.python.ops.clustering_ops): `KMeans(inputs, num_clusters, ...).training_graph()`
returns (all_scores, cluster_idx, scores, cluster_centers_initialized, init_op, training_op),
built from the same ops as TF's, so seeded initializations (random rows, k-means++, k-MC2) pick
the same rows and the Lloyd / mini-batch updates give TF's centers."""
import tfcompat as tf
from tfcompat.contrib.factorization.clustering_init import InitializeClustersOpFactory
from tfcompat.ops import clustering_ops as gen_clustering_ops
from tfcompat.ops import random_ops as _random_ops

SQUARED_EUCLIDEAN_DISTANCE = "squared_euclidean"
COSINE_DISTANCE = "cosine"
RANDOM_INIT = "random"
KMEANS_PLUS_PLUS_INIT = "kmeans_plus_plus"
KMC2_INIT = "kmc2"
CLUSTERS_VAR_NAME = "clusters"
__all__ = ["KMeans", "SQUARED_EUCLIDEAN_DISTANCE", "COSINE_DISTANCE", "RANDOM_INIT",
           "KMEANS_PLUS_PLUS_INIT", "KMC2_INIT", "CLUSTERS_VAR_NAME", "nearest_neighbors",
           "kmeans_plus_plus_initialization", "kmc2_chain_initialization"]

nearest_neighbors = gen_clustering_ops.nearest_neighbors
kmeans_plus_plus_initialization = gen_clustering_ops.kmeans_plus_plus_initialization
kmc2_chain_initialization = gen_clustering_ops.kmc2_chain_initialization


class KMeans(object):
    """Creates the graph for k-means clustering (full batch Lloyd steps, or mini-batch
    updates synced every `mini_batch_steps_per_iteration` steps)."""

    def __init__(self, inputs, num_clusters, initial_clusters=RANDOM_INIT,
                 distance_metric=SQUARED_EUCLIDEAN_DISTANCE, use_mini_batch=False,
                 mini_batch_steps_per_iteration=1, random_seed=0,
                 kmeans_plus_plus_num_retries=2, kmc2_chain_length=200):
        algorithms = [RANDOM_INIT, KMEANS_PLUS_PLUS_INIT, KMC2_INIT]
        if isinstance(initial_clusters, str) and initial_clusters not in algorithms:
            raise ValueError("Unsupported initialization algorithm `%s`,must be one of `%s`."
                             % (initial_clusters, algorithms))
        metrics = [SQUARED_EUCLIDEAN_DISTANCE, COSINE_DISTANCE]
        if distance_metric not in metrics:
            raise ValueError("Unsupported distance metric `%s`,must be one of `%s`."
                             % (distance_metric, metrics))
        self._inputs = inputs if isinstance(inputs, list) else [inputs]
        self._num_clusters = num_clusters
        self._initial_clusters = initial_clusters
        self._distance_metric = distance_metric
        self._use_mini_batch = use_mini_batch
        self._mini_batch_steps_per_iteration = int(mini_batch_steps_per_iteration)
        self._seed = _random_ops.get_seed(random_seed)[0]
        self._kmeans_plus_plus_num_retries = kmeans_plus_plus_num_retries
        self._kmc2_chain_length = kmc2_chain_length

    @classmethod
    def _distance_graph(cls, inputs, clusters, distance_metric):
        assert isinstance(inputs, list)
        if distance_metric == SQUARED_EUCLIDEAN_DISTANCE:
            return cls._compute_euclidean_distance(inputs, clusters)
        return cls._compute_cosine_distance(inputs, clusters, inputs_normalized=True)

    @classmethod
    def _compute_euclidean_distance(cls, inputs, clusters):
        output = []
        for inp in inputs:
            with tf.colocate_with(inp, ignore_existing=True):
                output.append(
                    tf.reduce_sum(tf.square(inp), 1, keepdims=True)
                    - 2 * tf.matmul(inp, clusters, transpose_b=True)
                    + tf.transpose(tf.reduce_sum(tf.square(clusters), 1, keepdims=True)))
        return output

    @classmethod
    def _compute_cosine_distance(cls, inputs, clusters, inputs_normalized=True):
        output = []
        if not inputs_normalized:
            with tf.colocate_with(clusters, ignore_existing=True):
                clusters = tf.nn.l2_normalize(clusters, axis=1)
        for inp in inputs:
            with tf.colocate_with(inp, ignore_existing=True):
                if not inputs_normalized:
                    inp = tf.nn.l2_normalize(inp, axis=1)
                output.append(1 - tf.matmul(inp, clusters, transpose_b=True))
        return output

    def _infer_graph(self, inputs, clusters):
        """(all_scores, scores, cluster_idx), one entry per input."""
        assert isinstance(inputs, list)
        scores = self._distance_graph(inputs, clusters, self._distance_metric)
        output = []
        if self._distance_metric == COSINE_DISTANCE and not self._clusters_l2_normalized():
            with tf.colocate_with(clusters, ignore_existing=True):
                clusters = tf.nn.l2_normalize(clusters, axis=1)
        for inp, score in zip(inputs, scores):
            with tf.colocate_with(inp, ignore_existing=True):
                indices, distances = nearest_neighbors(inp, clusters, 1)
                if self._distance_metric == COSINE_DISTANCE:
                    distances *= 0.5
                output.append((score, tf.squeeze(distances, [-1]),
                               tf.squeeze(indices, [-1])))
        return zip(*output)

    def _clusters_l2_normalized(self):
        return (self._distance_metric == COSINE_DISTANCE
                and (not self._use_mini_batch or self._mini_batch_steps_per_iteration > 1))

    def _create_variables(self, num_clusters):
        init_value = tf.placeholder_with_default([], shape=None)
        cluster_centers = tf.Variable(init_value, name=CLUSTERS_VAR_NAME, validate_shape=False)
        initialized = tf.Variable(False, dtype=tf.bool, name="initialized")
        if self._use_mini_batch and self._mini_batch_steps_per_iteration > 1:
            centers_updated = tf.Variable(init_value, name="clusters_updated",
                                          validate_shape=False)
            update_in_steps = tf.Variable(self._mini_batch_steps_per_iteration,
                                          dtype=tf.int64, name="update_in_steps")
            counts = tf.Variable(tf.zeros([num_clusters], dtype=tf.int64))
        else:
            centers_updated = cluster_centers
            update_in_steps = None
            counts = (tf.Variable(tf.ones([num_clusters], dtype=tf.int64))
                      if self._use_mini_batch else None)
        return cluster_centers, initialized, counts, centers_updated, update_in_steps

    @classmethod
    def _l2_normalize_data(cls, inputs):
        output = []
        for inp in inputs:
            with tf.colocate_with(inp, ignore_existing=True):
                output.append(tf.nn.l2_normalize(inp, axis=1))
        return output

    def training_graph(self):
        """(all_scores, cluster_idx, scores, cluster_centers_initialized, init_op,
        training_op): run init_op until cluster_centers_initialized is True, then
        training_op any number of times."""
        if isinstance(self._initial_clusters, str) or callable(self._initial_clusters):
            initial_clusters = self._initial_clusters
            num_clusters = tf.convert_to_tensor(self._num_clusters)
        else:
            initial_clusters = tf.convert_to_tensor(self._initial_clusters)
            num_clusters = tf.shape(initial_clusters)[0]
        inputs = self._inputs
        (centers_var, initialized, total_counts, centers_updated,
         update_in_steps) = self._create_variables(num_clusters)
        init_op = InitializeClustersOpFactory(
            self._inputs, num_clusters, initial_clusters, self._distance_metric, self._seed,
            self._kmeans_plus_plus_num_retries, self._kmc2_chain_length, centers_var,
            centers_updated, initialized).op()
        cluster_centers = centers_var
        if self._distance_metric == COSINE_DISTANCE:
            inputs = self._l2_normalize_data(inputs)
            if not self._clusters_l2_normalized():
                cluster_centers = tf.nn.l2_normalize(cluster_centers, axis=1)
        all_scores, scores, cluster_idx = self._infer_graph(inputs, cluster_centers)
        if self._use_mini_batch:
            sync_updates_op = self._mini_batch_sync_updates_op(
                update_in_steps, centers_var, centers_updated, total_counts)
            with tf.control_dependencies([sync_updates_op]):
                training_op = self._mini_batch_training_op(inputs, cluster_idx,
                                                           centers_updated, total_counts)
        else:
            training_op = self._full_batch_training_op(inputs, num_clusters, cluster_idx,
                                                       centers_var)
        return all_scores, cluster_idx, scores, initialized, init_op, training_op

    def _mini_batch_sync_updates_op(self, update_in_steps, centers_var, centers_updated,
                                    total_counts):
        if not (self._use_mini_batch and self._mini_batch_steps_per_iteration > 1):
            return tf.no_op()

        def _f():
            with tf.control_dependencies([tf.assign(
                    update_in_steps, self._mini_batch_steps_per_iteration - 1)]):
                centers = centers_updated
                if self._distance_metric == COSINE_DISTANCE:
                    centers = tf.nn.l2_normalize(centers_updated, axis=1)
                with tf.control_dependencies([tf.assign(centers_var, centers)]):
                    with tf.control_dependencies(
                            [tf.assign(total_counts, tf.zeros_like(total_counts))]):
                        return tf.identity(update_in_steps)

        with tf.colocate_with(update_in_steps, ignore_existing=True):
            return tf.cond(update_in_steps <= 0, _f,
                           lambda: tf.assign_sub(update_in_steps, 1))

    def _mini_batch_training_op(self, inputs, cluster_idx_list, cluster_centers,
                                total_counts):
        update_ops = []
        for inp, cluster_idx in zip(inputs, cluster_idx_list):
            cluster_idx = tf.reshape(cluster_idx, [-1])
            unique_ids, unique_idx = tf.unique(cluster_idx)
            num_unique = tf.size(unique_ids)
            old_counts = tf.gather(total_counts, unique_ids)
            old_centers = tf.gather(cluster_centers, unique_ids)
            count_updates = tf.unsorted_segment_sum(
                tf.ones_like(unique_idx, dtype=total_counts.dtype), unique_idx, num_unique)
            center_updates = tf.unsorted_segment_sum(inp, unique_idx, num_unique)
            broadcast_shape = tf.concat(
                [tf.reshape(num_unique, [1]),
                 tf.ones(tf.reshape(tf.rank(inp) - 1, [1]), dtype=tf.int32)], 0)
            center_updates -= tf.cast(tf.reshape(count_updates, broadcast_shape),
                                      inp.dtype) * old_centers
            learning_rate = tf.reciprocal(tf.cast(old_counts + count_updates, inp.dtype))
            center_updates *= tf.reshape(learning_rate, broadcast_shape)
            update_ops.extend([tf.scatter_add(total_counts, unique_ids, count_updates),
                               tf.scatter_add(cluster_centers, unique_ids, center_updates)])
        return tf.group(*update_ops)

    def _full_batch_training_op(self, inputs, num_clusters, cluster_idx_list,
                                cluster_centers):
        sums, counts = [], []
        epsilon = tf.constant(1e-6, dtype=inputs[0].dtype)
        for inp, cluster_idx in zip(inputs, cluster_idx_list):
            with tf.colocate_with(inp, ignore_existing=True):
                sums.append(tf.unsorted_segment_sum(inp, cluster_idx, num_clusters))
                counts.append(tf.unsorted_segment_sum(
                    tf.reshape(tf.ones(tf.reshape(tf.shape(inp)[0], [-1])), [-1, 1]),
                    cluster_idx, num_clusters))
        with tf.colocate_with(cluster_centers, ignore_existing=True):
            new_centers = tf.add_n(sums) / (tf.cast(tf.add_n(counts), sums[0].dtype) + epsilon)
            if self._clusters_l2_normalized():
                new_centers = tf.nn.l2_normalize(new_centers, axis=1)
        return tf.assign(cluster_centers, new_centers)

"""The op that chooses k-means' initial centers (TF's `_InitializeClustersOpFactory`):

    num_remaining = num_clusters - length(cluster_centers)
    if num_remaining == 0: assert that cluster_centers_initialized is true
    else: choose up to num_remaining new centers (random rows, k-means++, k-MC2, a tensor or a
          function), l2-normalize them for the cosine distance, append them to cluster_centers
          (and to the mini-batch copy), and set cluster_centers_initialized once none remain.
"""
import tfcompat as tf
from tfcompat.ops import clustering_ops as gen_clustering_ops

COSINE_DISTANCE = "cosine"
RANDOM_INIT = "random"
KMC2_INIT = "kmc2"


class InitializeClustersOpFactory(object):
    """Builds the cluster initializer op (see the module docstring)."""

    def __init__(self, inputs, num_clusters, initial_clusters, distance_metric, random_seed,
                 kmeans_plus_plus_num_retries, kmc2_chain_length, cluster_centers,
                 cluster_centers_updated, cluster_centers_initialized):
        self._inputs = inputs
        self._num_clusters = num_clusters
        self._initial_clusters = initial_clusters
        self._distance_metric = distance_metric
        self._seed = random_seed
        self._kmeans_plus_plus_num_retries = kmeans_plus_plus_num_retries
        self._kmc2_chain_length = kmc2_chain_length
        self._cluster_centers = cluster_centers
        self._cluster_centers_updated = cluster_centers_updated
        self._cluster_centers_initialized = cluster_centers_initialized
        self._num_selected = tf.shape(self._cluster_centers)[0]
        self._num_remaining = self._num_clusters - self._num_selected
        self._num_data = tf.add_n([tf.shape(i)[0] for i in self._inputs])

    def _random(self):
        indices = tf.random_uniform(tf.reshape(self._num_remaining, [-1]), minval=0,
                                    maxval=tf.cast(self._num_data, tf.int64), seed=self._seed,
                                    dtype=tf.int64)
        return tf.nn.embedding_lookup(self._inputs, indices, partition_strategy="div")

    def _kmeans_plus_plus(self):
        inp = self._inputs[0]
        if self._distance_metric == COSINE_DISTANCE:
            inp = tf.nn.l2_normalize(inp, axis=1)
        return gen_clustering_ops.kmeans_plus_plus_initialization(
            inp, tf.cast(self._num_remaining, tf.int64), self._seed,
            self._kmeans_plus_plus_num_retries)

    def _kmc2_multiple_centers(self):
        """Adds one k-MC2 center per `kmc2_chain_length` rows of the first input (at least
        one); returns the number of centers still missing."""
        first_shard = self._inputs[0]
        batch_size = tf.shape(first_shard)[0]
        max_to_sample = tf.cast(batch_size / self._kmc2_chain_length, dtype=tf.int32)
        num_to_sample = tf.maximum(tf.minimum(self._num_remaining, max_to_sample), 1)

        def _cond(i, _):
            return tf.less(i, num_to_sample)

        def _body(i, _):
            def _sample_random():
                new_center = tf.reshape(first_shard[0], [1, -1])
                if self._distance_metric == COSINE_DISTANCE:
                    new_center = tf.nn.l2_normalize(new_center, axis=1)
                return new_center

            def _sample_kmc2_chain():
                start = i * self._kmc2_chain_length
                end = start + self._kmc2_chain_length
                subset = first_shard[start:end]
                _, distances = gen_clustering_ops.nearest_neighbors(
                    subset, self._cluster_centers, 1)
                new_center_index = gen_clustering_ops.kmc2_chain_initialization(
                    tf.squeeze(distances), self._seed)
                new_center = tf.reshape(subset[new_center_index], [1, -1])
                if self._distance_metric == COSINE_DISTANCE:
                    new_center = tf.nn.l2_normalize(new_center, axis=1)
                return tf.concat([self._cluster_centers, new_center], 0)

            new_centers = tf.cond(tf.equal(self._num_selected, 0), _sample_random,
                                  _sample_kmc2_chain)
            assigned = tf.assign(self._cluster_centers, new_centers, validate_shape=False)
            if self._cluster_centers_updated is not self._cluster_centers:
                assigned = tf.assign(self._cluster_centers_updated, assigned,
                                     validate_shape=False)
            return i + 1, self._num_clusters - tf.shape(assigned)[0]

        _, num_remaining = tf.while_loop(_cond, _body, [0, 0])
        return num_remaining

    def _greedy_batch_sampler(self, sampler):
        return tf.cond(self._num_data <= self._num_remaining,
                       lambda: tf.concat(self._inputs, 0), sampler)

    def _single_batch_sampler(self, sampler):
        with tf.control_dependencies(
                [tf.assert_greater_equal(self._num_data, self._num_remaining)]):
            return sampler()

    def _choose_initial_centers(self):
        if isinstance(self._initial_clusters, str):
            if self._initial_clusters == RANDOM_INIT:
                return self._greedy_batch_sampler(self._random)
            return self._single_batch_sampler(self._kmeans_plus_plus)
        if callable(self._initial_clusters):
            return self._initial_clusters(self._inputs, self._num_remaining)
        with tf.control_dependencies([tf.assert_equal(
                self._num_remaining, tf.shape(self._initial_clusters)[0])]):
            return self._initial_clusters

    def _add_new_centers(self):
        new_centers = self._choose_initial_centers()
        if self._distance_metric == COSINE_DISTANCE:
            new_centers = tf.nn.l2_normalize(new_centers, axis=1)
        all_centers = tf.cond(tf.equal(self._num_selected, 0), lambda: new_centers,
                              lambda: tf.concat([self._cluster_centers, new_centers], 0))
        a = tf.assign(self._cluster_centers, all_centers, validate_shape=False)
        if self._cluster_centers_updated is not self._cluster_centers:
            a = tf.assign(self._cluster_centers_updated, a, validate_shape=False)
        return self._num_clusters - tf.shape(a)[0]

    def _initialize(self):
        with tf.control_dependencies([tf.assert_positive(self._num_remaining)]):
            if isinstance(self._initial_clusters, str) and self._initial_clusters == KMC2_INIT:
                num_now_remaining = self._kmc2_multiple_centers()
            else:
                num_now_remaining = self._add_new_centers()
            return tf.cond(tf.equal(num_now_remaining, 0),
                           lambda: tf.assign(self._cluster_centers_initialized, True),
                           tf.no_op)

    def op(self):
        """The cluster initializer op."""
        return tf.cond(tf.equal(self._num_remaining, 0),
                       lambda: tf.assert_equal(self._cluster_centers_initialized, True),
                       self._initialize)

"""`tf.contrib.factorization.gmm` / `GmmAlgorithm` (TF 1.15's gmm_ops.py): Gaussian mixture
clustering by EM, the graph TF builds (means, covariances and mixture weights as variables
named clusters, clusters_covs and alphas; an init op choosing seeded random rows as the
initial means; one EM iteration per training op)."""
import numpy as np

import tfcompat as tf
from tfcompat.ops.control_flow_ops import with_dependencies

MEPS = np.finfo(float).eps
FULL_COVARIANCE = "full"
DIAG_COVARIANCE = "diag"


def _covariance(x, diag):
    """The (diagonal) sample covariance of the rows of x."""
    num_points = tf.cast(tf.shape(x)[0], tf.float32)
    x -= tf.reduce_mean(x, 0, keepdims=True)
    if diag:
        return tf.reduce_sum(tf.square(x), 0, keepdims=True) / (num_points - 1)
    return tf.matmul(x, x, transpose_a=True) / (num_points - 1)


def _init_clusters_random(data, num_clusters, random_seed):
    """`num_clusters` seeded random rows of the data shards."""
    assert isinstance(data, list)
    num_data = tf.add_n([tf.shape(inp)[0] for inp in data])
    with tf.control_dependencies([tf.assert_less_equal(num_clusters, num_data)]):
        indices = tf.random_uniform([num_clusters], minval=0,
                                    maxval=tf.cast(num_data, tf.int64), seed=random_seed,
                                    dtype=tf.int64)
    indices %= tf.cast(num_data, tf.int64)
    return tf.nn.embedding_lookup(data, indices, partition_strategy="div")


class GmmAlgorithm(object):
    """Gaussian mixture model clustering: `init_ops()`, then `training_ops()` (one EM step)
    any number of times; `assignments()`, `scores()`, `log_likelihood_op()`."""
    CLUSTERS_WEIGHT = "alphas"
    CLUSTERS_VARIABLE = "clusters"
    CLUSTERS_COVS_VARIABLE = "clusters_covs"

    def __init__(self, data, num_classes, initial_means=None, params="wmc",
                 covariance_type=FULL_COVARIANCE, random_seed=0):
        self._params = params
        self._random_seed = random_seed
        self._covariance_type = covariance_type
        if self._covariance_type not in [DIAG_COVARIANCE, FULL_COVARIANCE]:
            raise Exception("programmer error: Invalid covariance type: %s"
                            % self._covariance_type)
        num_shards = len(data)
        self._probs = [None] * num_shards
        self._prior_probs = [None] * num_shards
        self._w = [None] * num_shards
        self._points_in_k = [None] * num_shards
        self._dimensions = tf.shape(data[0])[1]
        self._num_classes = num_classes
        # a small value that keeps the covariances invertible
        self._min_var = tf.diag(tf.ones(tf.stack([self._dimensions]))) * 1e-3
        self._create_variables()
        self._initialize_variables(data, initial_means)
        self._w_mul_x = []
        self._w_mul_x2 = []
        self._define_graph(data)

    def _create_variables(self):
        init_value = tf.constant([], dtype=tf.float32)
        self._means = tf.Variable(init_value, name=self.CLUSTERS_VARIABLE, validate_shape=False)
        self._covs = tf.Variable(init_value, name=self.CLUSTERS_COVS_VARIABLE,
                                 validate_shape=False)
        self._alpha = tf.Variable(tf.tile([1.0 / self._num_classes], [self._num_classes]),
                                  name=self.CLUSTERS_WEIGHT, validate_shape=False)
        self._cluster_centers_initialized = tf.Variable(False, dtype=tf.bool,
                                                        name="initialized")

    def _initialize_variables(self, data, initial_means=None):
        first_shard = data[0]
        if initial_means is not None:
            means = tf.expand_dims(initial_means, 1)
        else:
            means = tf.expand_dims(
                _init_clusters_random(data, self._num_classes, self._random_seed), 1)
        if self._covariance_type == FULL_COVARIANCE:
            cov = _covariance(first_shard, False) + self._min_var
            covs = tf.tile(tf.expand_dims(cov, 0), [self._num_classes, 1, 1])
        else:
            cov = _covariance(first_shard, True) + self._min_var
            covs = tf.tile(tf.expand_dims(tf.diag_part(cov), 0), [self._num_classes, 1])
        with tf.colocate_with(self._cluster_centers_initialized):
            initialized = with_dependencies([means, covs],
                                            tf.identity(self._cluster_centers_initialized))
        self._init_ops = []
        for var, value in ((self._means, means), (self._covs, covs)):
            with tf.colocate_with(var):
                init = tf.assign(var, value, validate_shape=False)
                init = with_dependencies(
                    [init], tf.assign(self._cluster_centers_initialized, True))
                self._init_ops.append(
                    tf.cond(initialized, tf.no_op, lambda init=init: init).op)

    def init_ops(self):
        """The initialization op."""
        return tf.group(*self._init_ops)

    def training_ops(self):
        """The op running one EM iteration."""
        return tf.group(*self._train_ops)

    def is_initialized(self):
        """The boolean variable set once the means and covariances are initialized."""
        return self._cluster_centers_initialized

    def alphas(self):
        return self._alpha

    def clusters(self):
        """The means, num_classes x 1 x dimensions."""
        return self._means

    def covariances(self):
        """The covariance matrices (or diagonals)."""
        return self._covs

    def assignments(self):
        """The most likely component of each example, one vector per shard."""
        return [tf.argmax(w, 1) for w in self._w]

    def scores(self):
        """The log probability of each example."""
        return self._scores

    def log_likelihood_op(self):
        """The total log-likelihood."""
        return self._log_likelihood_op

    def _define_graph(self, data):
        for shard_id, shard in enumerate(data):
            self._num_examples = tf.shape(shard)[0]
            shard = tf.expand_dims(shard, 0)
            self._define_log_prob_operation(shard_id, shard)
            self._prior_probs[shard_id] = tf.reduce_logsumexp(self._probs[shard_id], axis=1,
                                                              keepdims=True)
            self._define_expectation_operation(shard_id)
            self._define_partial_maximization_operation(shard_id, shard)
        self._define_maximization_operation(len(data))
        self._log_likelihood_op = tf.reduce_logsumexp(
            [tf.reduce_logsumexp(p) for p in self._prior_probs])
        op = [prior + tf.log(self._w[i]) for i, prior in enumerate(self._prior_probs)]
        self._scores = tf.squeeze(tf.reduce_logsumexp(op, axis=2, keepdims=True), axis=0)

    def _define_full_covariance_probs(self, shard_id, shard):
        diff = shard - self._means
        cholesky = tf.cholesky(self._covs + self._min_var)
        log_det_covs = 2.0 * tf.reduce_sum(tf.log(tf.matrix_diag_part(cholesky)), 1)
        x_mu_cov = tf.square(tf.matrix_triangular_solve(
            cholesky, tf.transpose(diff, perm=[0, 2, 1]), lower=True))
        diag_m = tf.transpose(tf.reduce_sum(x_mu_cov, 1))
        self._probs[shard_id] = -0.5 * (
            diag_m + tf.cast(self._dimensions, tf.float32) * tf.log(2 * np.pi) + log_det_covs)

    def _define_diag_covariance_probs(self, shard_id, shard):
        det_expanded = tf.reduce_sum(tf.log(self._covs + 1e-3), 1, keepdims=True)
        x2 = tf.squared_difference(shard, self._means)
        cov_expanded = tf.expand_dims(1.0 / (self._covs + 1e-3), 2)
        x2_cov = tf.transpose(tf.squeeze(tf.matmul(x2, cov_expanded), [2]))
        self._probs[shard_id] = -0.5 * (
            tf.cast(self._dimensions, tf.float32) * tf.log(2.0 * np.pi)
            + tf.transpose(det_expanded) + x2_cov)

    def _define_log_prob_operation(self, shard_id, shard):
        if self._covariance_type == FULL_COVARIANCE:
            self._define_full_covariance_probs(shard_id, shard)
        else:
            self._define_diag_covariance_probs(shard_id, shard)
        self._probs[shard_id] += tf.log(self._alpha)

    def _define_expectation_operation(self, shard_id):
        probs = tf.expand_dims(self._probs[shard_id], 0)
        self._w[shard_id] = tf.reshape(tf.exp(probs - self._prior_probs[shard_id]),
                                       tf.stack([self._num_examples, self._num_classes]))

    def _define_partial_maximization_operation(self, shard_id, shard):
        self._points_in_k[shard_id] = tf.reduce_sum(self._w[shard_id], 0, keepdims=True)
        self._w_mul_x.append(tf.expand_dims(
            tf.matmul(self._w[shard_id], tf.squeeze(shard, [0]), transpose_a=True), 1))
        x = tf.concat([shard for _ in range(self._num_classes)], 0)
        x_trans = tf.transpose(x, perm=[0, 2, 1])
        x_mul_w = tf.concat([tf.expand_dims(x_trans[k, :, :] * self._w[shard_id][:, k], 0)
                             for k in range(self._num_classes)], 0)
        self._w_mul_x2.append(tf.matmul(x_mul_w, x))

    def _define_maximization_operation(self, num_batches):
        with tf.control_dependencies(self._w):
            points_in_k = tf.squeeze(tf.add_n(self._points_in_k), axis=[0])
            if "w" in self._params:
                final_points_in_k = points_in_k / num_batches
                num_examples = tf.cast(tf.reduce_sum(final_points_in_k), tf.float32)
                self._alpha_op = self._alpha.assign(final_points_in_k / (num_examples + MEPS))
            else:
                self._alpha_op = tf.no_op()
            self._train_ops = [self._alpha_op]
            points_in_k_expanded = tf.reshape(points_in_k, [self._num_classes, 1, 1])
            if "m" in self._params:
                self._means_op = self._means.assign(
                    tf.div(tf.add_n(self._w_mul_x), points_in_k_expanded + MEPS))
            else:
                self._means_op = tf.no_op()
            with tf.control_dependencies([self._means_op]):
                self._covariance_update(points_in_k_expanded)

    def _covariance_update(self, points_in_k_expanded):
        b = tf.add_n(self._w_mul_x2) / (points_in_k_expanded + MEPS)
        new_covs = []
        for k in range(self._num_classes):
            mean = self._means.value()[k, :, :]
            new_cov = b[k, :, :] - tf.matmul(mean, mean, transpose_a=True) + self._min_var
            if self._covariance_type == FULL_COVARIANCE:
                new_covs.append(tf.expand_dims(new_cov, 0))
            else:
                new_covs.append(tf.expand_dims(tf.diag_part(new_cov), 0))
        new_covs = tf.concat(new_covs, 0)
        if "c" in self._params:
            with tf.control_dependencies([self._means_op, new_covs]):
                self._train_ops.append(tf.assign(self._covs, new_covs, validate_shape=False))


def gmm(inp, initial_clusters, num_clusters, random_seed, covariance_type=FULL_COVARIANCE,
        params="wmc"):
    """The GMM clustering graph: (loss, scores, [assignments], training_op, init_op,
    is_initialized). As in TF, initial clusters given as a Tensor are ignored (the means
    start from random rows); a numpy array or list is used."""
    initial_means = None
    if not isinstance(initial_clusters, tf.Tensor) and not (
            isinstance(initial_clusters, str) and initial_clusters == "random"):
        initial_means = tf.constant(initial_clusters, dtype=tf.float32)
    inp = inp if isinstance(inp, list) else [inp]
    gmm_tool = GmmAlgorithm(inp, num_clusters, initial_means, params, covariance_type,
                            random_seed)
    return (gmm_tool.log_likelihood_op(), gmm_tool.scores(), [gmm_tool.assignments()],
            gmm_tool.training_ops(), gmm_tool.init_ops(), gmm_tool.is_initialized())

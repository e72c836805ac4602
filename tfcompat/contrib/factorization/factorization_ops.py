"""`tf.contrib.factorization.WALSModel` (TF 1.15's factorization_ops.py): weighted alternating
least squares, minimizing ||sqrt(W) * (A - U V^T)||_F^2 + lambda (||U||_F^2 + ||V||_F^2) with
W_ij = w_0 + R_i C_j where A_ij is observed and w_0 elsewhere. The graph is TF's (the factor,
gramian, weight and cache variables with TF's names, the prep-gramian / cache-init ops, the
scatter updates of sharded factors, the normalized minibatch loss); TF's two custom kernels,
WALSComputePartialLhsAndRhs and MaskedMatmul, are composed here from gathers and segment sums
(same sums, with float rounding in another order)."""
import numbers

import tfcompat as tf


def _partial_lhs_and_rhs(factors, factor_weights, w0, input_weights, indices, values,
                         block_size, transpose):
    """WALSComputePartialLhsAndRhs: for each observed (i, j) with weight
    `input_weights[i] * factor_weights[j]`: lhs[i] += weight f_j f_j^T and
    rhs[i] += a_ij (w0 + weight) f_j (i is the column index when `transpose`)."""
    input_index = indices[:, 1] if transpose else indices[:, 0]
    factor_index = indices[:, 0] if transpose else indices[:, 1]
    f = tf.gather(factors, factor_index)
    weight = tf.gather(input_weights, input_index) * tf.gather(factor_weights, factor_index)
    outer = tf.expand_dims(f, 2) * tf.expand_dims(f, 1) * tf.reshape(weight, [-1, 1, 1])
    lhs = tf.unsorted_segment_sum(outer, input_index, block_size)
    rhs = tf.unsorted_segment_sum(tf.expand_dims(values * (w0 + weight), 1) * f, input_index,
                                  block_size)
    return lhs, rhs


class _NoScope(object):
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _masked_matmul(a, b, indices):
    """MaskedMatmul(a, b, indices, transpose_b=True): <a[i], b[j]> for each (i, j)."""
    return tf.reduce_sum(tf.gather(a, indices[:, 0]) * tf.gather(b, indices[:, 1]), 1)


class WALSModel(object):
    """Weighted ALS matrix factorization (see the module docstring). Run `initialize_op`,
    `worker_init`, then per sweep `row_update_prep_gramian_op`, `initialize_row_update_op`
    and the update ops of `update_row_factors(sp_input)` (and the same for columns)."""

    def __init__(self, input_rows, input_cols, n_components, unobserved_weight=0.1,
                 regularization=None, row_init="random", col_init="random", num_row_shards=1,
                 num_col_shards=1, row_weights=1, col_weights=1,
                 use_factors_weights_cache=True, use_gramian_cache=True,
                 use_scoped_vars=False):
        self._input_rows = input_rows
        self._input_cols = input_cols
        self._num_row_shards = num_row_shards
        self._num_col_shards = num_col_shards
        self._n_components = n_components
        self._unobserved_weight = unobserved_weight
        self._regularization = regularization
        self._regularization_matrix = (regularization * tf.eye(self._n_components)
                                       if regularization is not None else None)
        assert (row_weights is None) == (col_weights is None)
        self._use_factors_weights_cache = use_factors_weights_cache
        self._use_gramian_cache = use_gramian_cache
        self._create_factor_and_weight_vars(row_init, col_init, row_weights, col_weights,
                                            use_scoped_vars)
        self._row_gramian = self._create_gramian(self._n_components, "row_gramian")
        self._col_gramian = self._create_gramian(self._n_components, "col_gramian")
        with tf.name_scope("row_prepare_gramian"):
            self._row_update_prep_gramian = self._prepare_gramian(self._col_factors,
                                                                  self._col_gramian)
        with tf.name_scope("col_prepare_gramian"):
            self._col_update_prep_gramian = self._prepare_gramian(self._row_factors,
                                                                  self._row_gramian)
        with tf.name_scope("transient_vars"):
            self._create_transient_vars()

    def _create_factor_and_weight_vars(self, row_init, col_init, row_weights, col_weights,
                                       use_scoped_vars):
        """The weight and factor shards, each in a name scope of its own when
        `use_scoped_vars`."""
        def scope(name):
            return tf.name_scope(name) if use_scoped_vars else _NoScope()

        with scope("row_weights"):
            self._row_weights = WALSModel._create_weights(
                row_weights, self._input_rows, self._num_row_shards, "row_weights")
        with scope("col_weights"):
            self._col_weights = WALSModel._create_weights(
                col_weights, self._input_cols, self._num_col_shards, "col_weights")
        with scope("row_factors"):
            self._row_factors = self._create_factors(
                self._input_rows, self._n_components, self._num_row_shards, row_init,
                "row_factors")
        with scope("col_factors"):
            self._col_factors = self._create_factors(
                self._input_cols, self._n_components, self._num_col_shards, col_init,
                "col_factors")

    row_factors = property(lambda self: self._row_factors,
                           doc="The list of row factor shards.")
    col_factors = property(lambda self: self._col_factors,
                           doc="The list of column factor shards.")
    row_weights = property(lambda self: self._row_weights,
                           doc="The list of row weight shards.")
    col_weights = property(lambda self: self._col_weights,
                           doc="The list of column weight shards.")
    worker_init = property(lambda self: self._worker_init,
                           doc="Op initializing a worker's caches once before any update.")
    row_update_prep_gramian_op = property(lambda self: self._row_update_prep_gramian,
                                          doc="Op forming the column gramian for row updates.")
    col_update_prep_gramian_op = property(lambda self: self._col_update_prep_gramian,
                                          doc="Op forming the row gramian for column updates.")
    initialize_row_update_op = property(lambda self: self._row_updates_init,
                                        doc="Op caching what row updates read.")
    initialize_col_update_op = property(lambda self: self._col_updates_init,
                                        doc="Op caching what column updates read.")

    @property
    def initialize_op(self):
        """An op initializing the model's variables."""
        all_vars = self._row_factors + self._col_factors
        all_vars.extend([self._row_gramian, self._col_gramian])
        if self._row_weights is not None:
            all_vars.extend(self._row_weights + self._col_weights)
        return tf.variables_initializer(all_vars)

    @classmethod
    def _shard_sizes(cls, dims, num_shards):
        shard_size, residual = divmod(dims, num_shards)
        return [shard_size + 1] * residual + [shard_size] * (num_shards - residual)

    @classmethod
    def _create_factors(cls, rows, cols, num_shards, init, name):
        if callable(init):
            init = init()
        if isinstance(init, list):
            assert len(init) == num_shards
        elif isinstance(init, str) and init == "random":
            pass
        elif num_shards == 1:
            init = [init]
        sizes = cls._shard_sizes(rows, num_shards)

        def make_initializer(i, size):
            def initializer():
                if isinstance(init, str) and init == "random":
                    return tf.random_normal([size, cols])
                return init[i]
            return initializer

        return [tf.Variable(make_initializer(i, size), dtype=tf.float32,
                            name="%s_shard_%d" % (name, i)) for i, size in enumerate(sizes)]

    @classmethod
    def _create_weights(cls, wt_init, num_wts, num_shards, name):
        if wt_init is None:
            return None
        init_mode = "list"
        if isinstance(wt_init, numbers.Real) and wt_init >= 0:
            init_mode = "scalar"
        elif hasattr(wt_init, "__iter__"):
            if num_shards == 1 and len(wt_init) == num_wts:
                wt_init = [wt_init]
            assert len(wt_init) == num_shards
        else:
            raise ValueError(
                "Invalid weight initialization argument. Must be one of these: None, a real "
                "non-negative real number, or a list of lists of non-negative real numbers "
                "(or equivalent iterables) corresponding to sharded factors.")

        def make_wt_initializer(i, size):
            def initializer():
                if init_mode == "scalar":
                    return wt_init * tf.ones([size])
                return wt_init[i]
            return initializer

        return [tf.Variable(make_wt_initializer(i, size), dtype=tf.float32,
                            name="%s_shard_%d" % (name, i))
                for i, size in enumerate(cls._shard_sizes(num_wts, num_shards))]

    @staticmethod
    def _create_gramian(n_components, name):
        return tf.Variable(tf.zeros([n_components, n_components]), dtype=tf.float32, name=name)

    @staticmethod
    def _transient_var(name):
        return tf.Variable(1.0, trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES],
                           validate_shape=False, name=name)

    def _prepare_gramian(self, factors, gramian):
        partial_gramians = []
        for f in factors:
            with tf.colocate_with(f):
                partial_gramians.append(tf.matmul(f, f, transpose_a=True))
        with tf.colocate_with(gramian):
            return tf.assign(gramian, tf.add_n(partial_gramians)).op

    def _cached_copy(self, var, name, pass_through=False):
        """(cache, cache_init, cache_reset): local copies of `var` (a Variable or a list of
        shards, copied one after the other), or `var` itself when `pass_through`."""
        if var is None:
            return None, None, None
        if pass_through:
            return var, tf.no_op(), tf.no_op()
        if isinstance(var, tf.Variable):
            cache = WALSModel._transient_var(name=name)
            with tf.colocate_with(cache):
                return (cache, tf.assign(cache, var, validate_shape=False),
                        tf.assign(cache, 1.0, validate_shape=False))
        cache = [WALSModel._transient_var(name="%s_shard_%d" % (name, i))
                 for i in range(len(var))]
        reset_ops = []
        cache_init = None
        for i, c in enumerate(cache):
            with tf.colocate_with(c):
                if i == 0:
                    cache_init = tf.assign(c, var[i], validate_shape=False)
                else:
                    with tf.control_dependencies([cache_init]):
                        cache_init = tf.assign(c, var[i], validate_shape=False)
                reset_ops.append(tf.assign(c, 1.0, validate_shape=False))
        return cache, cache_init, tf.group(*reset_ops)

    def _create_transient_vars(self):
        no_cache = not self._use_factors_weights_cache
        (self._row_factors_cache, row_factors_cache_init,
         row_factors_cache_reset) = self._cached_copy(self._row_factors, "row_factors_cache",
                                                      pass_through=no_cache)
        (self._col_factors_cache, col_factors_cache_init,
         col_factors_cache_reset) = self._cached_copy(self._col_factors, "col_factors_cache",
                                                      pass_through=no_cache)
        self._row_wt_cache, row_wt_cache_init, _ = self._cached_copy(
            self._row_weights, "row_wt_cache", pass_through=no_cache)
        self._col_wt_cache, col_wt_cache_init, _ = self._cached_copy(
            self._col_weights, "col_wt_cache", pass_through=no_cache)
        no_gramian_cache = not self._use_gramian_cache
        (self._row_gramian_cache, row_gramian_cache_init,
         row_gramian_cache_reset) = self._cached_copy(self._row_gramian, "row_gramian_cache",
                                                      pass_through=no_gramian_cache)
        (self._col_gramian_cache, col_gramian_cache_init,
         col_gramian_cache_reset) = self._cached_copy(self._col_gramian, "col_gramian_cache",
                                                      pass_through=no_gramian_cache)
        self._row_updates_init = tf.group(col_factors_cache_init, row_factors_cache_reset,
                                          col_gramian_cache_init, row_gramian_cache_reset)
        self._col_updates_init = tf.group(row_factors_cache_init, col_factors_cache_reset,
                                          row_gramian_cache_init, col_gramian_cache_reset)
        if self._row_wt_cache is not None:
            self._worker_init = tf.group(row_wt_cache_init, col_wt_cache_init,
                                         name="worker_init")
        else:
            self._worker_init = tf.no_op(name="worker_init")

    @staticmethod
    def _get_sharding_func(size, num_shards):
        def func(ids):
            if num_shards == 1:
                return None, ids
            ids_per_shard = size // num_shards
            extras = size % num_shards
            assignments = tf.maximum(ids // (ids_per_shard + 1),
                                     (ids - extras) // ids_per_shard)
            new_ids = tf.where(assignments < extras, ids % (ids_per_shard + 1),
                               (ids - extras) % ids_per_shard)
            return assignments, new_ids
        return func

    @classmethod
    def scatter_update(cls, factor, indices, values, sharding_func, name=None):
        """Writes `values` to the rows `indices` of the (sharded) `factor`."""
        assert isinstance(factor, list)
        if len(factor) == 1:
            with tf.colocate_with(factor[0]):
                return tf.scatter_update(factor[0], indices, values, name=name).op
        num_shards = len(factor)
        assignments, new_ids = sharding_func(indices)
        assignments = tf.cast(assignments, tf.int32)
        sharded_ids = tf.dynamic_partition(new_ids, assignments, num_shards)
        sharded_values = tf.dynamic_partition(values, assignments, num_shards)
        updates = [tf.scatter_update(factor[i], sharded_ids[i], sharded_values[i])
                   for i in range(num_shards)]
        return tf.group(*updates, name=name)

    def update_row_factors(self, sp_input=None, transpose_input=False):
        """(new_values, update_op, unregularized_loss, regularization, sum_weights) for the
        rows of `sp_input` (a SparseTensor with the full input's indices; logically
        transposed when `transpose_input`)."""
        return self._process_input_helper(True, sp_input=sp_input,
                                          transpose_input=transpose_input)

    def update_col_factors(self, sp_input=None, transpose_input=False):
        """(new_values, update_op, unregularized_loss, regularization, sum_weights) for the
        columns of `sp_input`."""
        return self._process_input_helper(False, sp_input=sp_input,
                                          transpose_input=transpose_input)

    def project_row_factors(self, sp_input=None, transpose_input=False,
                            projection_weights=None):
        """The row factors of new rows (one solve of the update equations)."""
        if projection_weights is None:
            projection_weights = 1
        return self._process_input_helper(True, sp_input=sp_input,
                                          transpose_input=transpose_input,
                                          row_weights=projection_weights)[0]

    def project_col_factors(self, sp_input=None, transpose_input=False,
                            projection_weights=None):
        """The column factors of new columns (one solve of the update equations)."""
        if projection_weights is None:
            projection_weights = 1
        return self._process_input_helper(False, sp_input=sp_input,
                                          transpose_input=transpose_input,
                                          row_weights=projection_weights)[0]

    def _process_input_helper(self, update_row_factors, sp_input=None, transpose_input=False,
                              row_weights=None):
        """(new_values, update_op, unregularized_loss, regularization, sum_weights) of the rows
        (or columns) `sp_input` holds."""
        assert isinstance(sp_input, tf.SparseTensor)
        if update_row_factors:
            left, right_factors = self._row_factors, self._col_factors_cache
            row_wt, col_wt = self._row_wt_cache, self._col_wt_cache
            total_rows, gramian = self._input_rows, self._col_gramian_cache
            total_cols = self._input_cols
            sharding_func = WALSModel._get_sharding_func(self._input_rows,
                                                         self._num_row_shards)
        else:
            left, right_factors = self._col_factors, self._row_factors_cache
            row_wt, col_wt = self._col_wt_cache, self._row_wt_cache
            total_rows, gramian = self._input_cols, self._row_gramian_cache
            total_cols = self._input_rows
            sharding_func = WALSModel._get_sharding_func(self._input_cols,
                                                         self._num_col_shards)
            transpose_input = not transpose_input
        # the rows (and columns) sp_input holds get contiguous ids from 0, as in TF
        row_ids, col_ids = tf.split(value=sp_input.indices, num_or_size_splits=2, axis=1)
        update_row_indices, all_row_ids = tf.unique(row_ids[:, 0])
        update_col_indices, all_col_ids = tf.unique(col_ids[:, 0])
        col_ids = tf.expand_dims(tf.cast(all_col_ids, tf.int64), 1)
        row_ids = tf.expand_dims(tf.cast(all_row_ids, tf.int64), 1)
        if transpose_input:
            update_indices, gather_indices = update_col_indices, update_row_indices
            row_shape = [tf.cast(tf.shape(update_row_indices)[0], tf.int64)]
        else:
            update_indices, gather_indices = update_row_indices, update_col_indices
            row_shape = [tf.cast(tf.shape(update_col_indices)[0], tf.int64)]
        num_rows = tf.cast(tf.shape(update_indices)[0], tf.int64)
        col_shape = [num_rows]
        right = tf.nn.embedding_lookup(right_factors, gather_indices, partition_strategy="div")
        new_sp_input = tf.SparseTensor(
            indices=tf.concat([row_ids, col_ids], 1), values=sp_input.values,
            dense_shape=(tf.concat([row_shape, col_shape], 0) if transpose_input
                         else tf.concat([col_shape, row_shape], 0)))
        total_lhs = self._unobserved_weight * gramian
        if self._regularization_matrix is not None:
            total_lhs += self._regularization_matrix
        row_weights_slice = col_weights = None
        if self._row_weights is None:   # plain ALS
            total_rhs = self._unobserved_weight * tf.sparse_tensor_dense_matmul(
                new_sp_input, right, adjoint_a=transpose_input)
            new_left_values = tf.transpose(tf.matrix_solve(total_lhs, tf.transpose(total_rhs)))
        else:
            if row_weights is None:
                row_weights_slice = tf.nn.embedding_lookup(row_wt, update_indices,
                                                           partition_strategy="div")
            else:
                num_indices = tf.shape(update_indices)[0]
                with tf.control_dependencies(
                        [tf.assert_less_equal(tf.rank(row_weights), 1)]):
                    row_weights_slice = tf.cond(
                        tf.equal(tf.rank(row_weights), 0),
                        lambda: tf.ones([num_indices]) * row_weights,
                        lambda: tf.cast(row_weights, tf.float32))
            col_weights = tf.nn.embedding_lookup(col_wt, gather_indices,
                                                 partition_strategy="div")
            partial_lhs, total_rhs = _partial_lhs_and_rhs(
                right, col_weights, self._unobserved_weight, row_weights_slice,
                new_sp_input.indices, new_sp_input.values, num_rows, transpose_input)
            total_lhs = tf.expand_dims(total_lhs, 0) + partial_lhs
            total_rhs = tf.expand_dims(total_rhs, -1)
            new_left_values = tf.squeeze(tf.matrix_solve(total_lhs, total_rhs), [2])
        update_op = self.scatter_update(left, update_indices, new_left_values, sharding_func,
                                        name="row_update" if update_row_factors
                                        else "col_update")
        losses = self._losses(new_sp_input, transpose_input, new_left_values, right, gramian,
                              row_weights_slice, col_weights, total_rows, total_cols,
                              num_rows)
        return (new_left_values, update_op) + losses

    def _losses(self, new_sp_input, transpose_input, new_left_values, right, gramian,
                row_weights_slice, col_weights, total_rows, total_cols, num_rows):
        """(unregularized_loss, regularization, sum_weights) of the minibatch, normalized by
        n / |I|: ||sqrt(W_I) * (A_I - U_I V^T)||^2 through TF's sparse + gramian split,
        lambda (||U_I||^2 n / |I| + ||V||^2), and the sum of the weights W."""
        loss_sp_input = (tf.sparse_transpose(new_sp_input) if transpose_input
                         else new_sp_input)
        indices = loss_sp_input.indices
        approx = _masked_matmul(new_left_values, right, indices)
        residual_sq = tf.square(loss_sp_input.values - approx)
        weighted, observed_weights = tf.constant(0.), None
        if self._row_weights is not None:
            observed_weights = (tf.gather(row_weights_slice, indices[:, 0])
                                * tf.gather(col_weights, indices[:, 1]))
            weighted = tf.reduce_sum(observed_weights * residual_sq)
        partial_row_gramian = tf.matmul(new_left_values, new_left_values, transpose_a=True)
        normalization_factor = total_rows / tf.cast(num_rows, tf.float32)
        unregularized_loss = (self._unobserved_weight * (
            tf.reduce_sum(residual_sq) - tf.reduce_sum(tf.square(approx))
            + tf.trace(tf.matmul(partial_row_gramian, gramian))) + weighted
        ) * normalization_factor
        if self._regularization is not None:
            regularization = self._regularization * (
                tf.trace(partial_row_gramian) * normalization_factor + tf.trace(gramian))
        else:
            regularization = tf.constant(0.)
        sum_weights = self._unobserved_weight * tf.cast(total_rows * total_cols, tf.float32)
        if observed_weights is not None:
            sum_weights += tf.reduce_sum(observed_weights) * normalization_factor
        return unregularized_loss, regularization, sum_weights

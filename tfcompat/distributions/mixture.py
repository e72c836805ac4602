"""TF 1.15's `tf.contrib.distributions.Mixture` and `MixtureSameFamily` (mixture.py,
mixture_same_family.py), with TF's sampling: Mixture draws the categorical with `seed`, then each
component c draws as many samples as were assigned to it, with seed gen_new_seed(seed,
"mixture") chained per component, stitched back with dynamic_partition / dynamic_stitch (or,
with use_static_graph=True, all components sampled n times and masked). MixtureSameFamily
samples components and mixture with no seed, as TF 1.15 did."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions import _util
from tfcompat.distributions import distribution
from tfcompat.distributions.bernoulli_categorical import Categorical
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_util import constant_value


def _pad_mixture_dimensions(x, mixture, categorical, event_ndims):
    """distribution_util.pad_mixture_dimensions: [.., k] -> [.., [1]*(batch gap), k, [1]*e]."""
    def get_ndims(d):
        if d.batch_shape.ndims is not None:
            return d.batch_shape.ndims
        return tf.shape(d.batch_shape_tensor())[0]
    dist_batch_ndims, cat_batch_ndims = get_ndims(mixture), get_ndims(categorical)
    scalar = constant_value(categorical.is_scalar_batch())
    if scalar is not None and isinstance(dist_batch_ndims, int) and isinstance(
            cat_batch_ndims, int):
        pad_ndims = dist_batch_ndims if scalar else 0
        shape = tf.shape(x)
        return tf.reshape(x, tf.concat([shape[:-1], tf.ones([pad_ndims], dtype=dtypes.int32),
                                        shape[-1:], tf.ones([event_ndims], dtype=dtypes.int32)],
                                       axis=0))
    pad_ndims = tf.where(categorical.is_scalar_batch(), dist_batch_ndims, 0)
    shape = tf.shape(x)
    return tf.reshape(x, tf.concat([shape[:-1], tf.ones([pad_ndims], dtype=dtypes.int32),
                                    shape[-1:], tf.ones([event_ndims], dtype=dtypes.int32)], 0))


def _mixture_stddev(weights, means, stddevs):
    """distribution_util.mixture_stddev: stddev of [B, k] mixtures by total variance."""
    mean_wa = tf.reshape(tf.matmul(weights[:, None, :], means[:, :, None]), (-1,))
    var_wa = tf.reshape(tf.matmul(weights[:, None, :], tf.square(stddevs)[:, :, None]), (-1,))
    sq_mean_wa = tf.reshape(tf.matmul(weights[:, None, :], tf.square(means)[:, :, None]), (-1,))
    return tf.sqrt(var_wa + sq_mean_wa - tf.square(mean_wa))


class Mixture(distribution.Distribution):
    """A mixture of a list of distributions with one Categorical choosing between them."""

    def __init__(self, cat, components, validate_args=False, allow_nan_stats=True,
                 use_static_graph=False, name="Mixture"):
        parameters = dict(locals())
        self._check_args(cat, components)
        dtype = components[0].dtype
        static_event_shape, static_batch_shape = components[0].event_shape, cat.batch_shape
        for d in components:
            static_event_shape = static_event_shape.merge_with(d.event_shape)
            static_batch_shape = static_batch_shape.merge_with(d.batch_shape)
        if static_event_shape.ndims is None:
            raise ValueError("Expected to know rank(event_shape) from components, but none of "
                             "the components provide a static number of ndims")
        with tf.name_scope(name, values=[cat.logits]) as name:
            static_num_components = constant_value(cat.event_size)
            if static_num_components is None:
                raise ValueError("Could not infer number of classes from cat and unable to "
                                 "compare this value to the number of components passed in.")
            static_num_components = int(static_num_components)
            if static_num_components != len(components):
                raise ValueError("cat.num_classes != len(components): %d vs. %d"
                                 % (static_num_components, len(components)))
            self._cat, self._components = cat, list(components)
            self._num_components = static_num_components
            self._static_event_shape = static_event_shape
            self._static_batch_shape = static_batch_shape
            self._use_static_graph = use_static_graph
        graph_parents = list(cat._graph_parents)
        for c in self._components:
            graph_parents += c._graph_parents
        super().__init__(dtype=dtype, reparameterization_type=distribution.NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters, graph_parents=graph_parents, name=name)

    @staticmethod
    def _check_args(cat, components):
        if not isinstance(cat, Categorical):
            raise TypeError("cat must be a Categorical distribution, but saw: %s" % cat)
        if not components:
            raise ValueError("components must be a non-empty list or tuple")
        if not isinstance(components, (list, tuple)):
            raise TypeError("components must be a list or tuple, but saw: %s" % components)
        if not all(isinstance(c, distribution.Distribution) for c in components):
            raise TypeError("all entries in components must be Distribution instances but "
                            "saw: %s" % components)
        dtype = components[0].dtype
        if not all(d.dtype == dtype for d in components):
            raise TypeError("All components must have the same dtype, but saw dtypes: %s"
                            % [(d.name, d.dtype) for d in components])

    @property
    def cat(self):
        return self._cat

    @property
    def components(self):
        return self._components

    @property
    def num_components(self):
        return self._num_components

    def _batch_shape_tensor(self):
        return self._cat.batch_shape_tensor()

    def _batch_shape(self):
        return self._static_batch_shape

    def _event_shape_tensor(self):
        return self._components[0].event_shape_tensor()

    def _event_shape(self):
        return self._static_event_shape

    def _expand_to_event_rank(self, x):
        for _ in range(self.event_shape.ndims):
            x = tf.expand_dims(x, -1)
        return x

    def _cat_probs(self, log_probs):
        which_softmax = tf.nn.log_softmax if log_probs else tf.nn.softmax
        return tf.unstack(which_softmax(self.cat.logits), num=self.num_components, axis=-1)

    def _mean(self):
        means = [d.mean() for d in self.components]
        cat_probs = [self._expand_to_event_rank(c_p) for c_p in self._cat_probs(False)]
        return tf.add_n([c_p * m for c_p, m in zip(cat_probs, means)])

    def _stddev(self):
        stacked_means = tf.stack([d.mean() for d in self.components], axis=-1)
        stacked_devs = tf.stack([d.stddev() for d in self.components], axis=-1)
        cat_probs = [self._expand_to_event_rank(c_p) for c_p in self._cat_probs(False)]
        broadcasted = tf.stack(cat_probs, axis=-1) * tf.ones_like(stacked_means)
        k = len(self.components)
        batched_dev = _mixture_stddev(tf.reshape(broadcasted, [-1, k]),
                                      tf.reshape(stacked_means, [-1, k]),
                                      tf.reshape(stacked_devs, [-1, k]))
        return tf.reshape(batched_dev, tf.shape(broadcasted)[:-1])

    def _log_prob(self, x):
        x = tf.convert_to_tensor(x, name="x")
        final = [cat_lp + d.log_prob(x)
                 for cat_lp, d in zip(self._cat_probs(True), self.components)]
        return tf.reduce_logsumexp(tf.stack(final, 0), [0])

    def _log_cdf(self, x):
        x = tf.convert_to_tensor(x, name="x")
        final = [cat_lp + d.log_cdf(x)
                 for cat_lp, d in zip(self._cat_probs(True), self.components)]
        return tf.reduce_logsumexp(tf.stack(final, 0), [0])

    def _prob(self, x):
        return tf.exp(self._log_prob(x))

    def entropy_lower_bound(self, name="entropy_lower_bound"):
        """sum_i c_i H(d_i) <= H(mixture)."""
        with self._name_scope(name, values=[self.cat.logits]):
            entropies = [d.entropy() for d in self.components]
            return tf.add_n([c_p * ent for c_p, ent in zip(self._cat_probs(False), entropies)])

    def _sample_n(self, n, seed=None):
        if self._use_static_graph:
            return self._sample_n_static(n, seed)
        n = tf.convert_to_tensor(n, name="n")
        static_n = constant_value(n)
        n = int(static_n) if static_n is not None else n
        cat_samples = self.cat.sample(n, seed=seed)
        static_samples_shape = cat_samples.get_shape()
        if static_samples_shape.is_fully_defined():
            samples_shape = static_samples_shape.as_list()
            samples_size = static_samples_shape.num_elements()
        else:
            samples_shape, samples_size = tf.shape(cat_samples), tf.size(cat_samples)
        if self.batch_shape.is_fully_defined():
            batch_size = self.batch_shape.num_elements()
        else:
            batch_size = tf.reduce_prod(self.batch_shape_tensor())
        if self.event_shape.is_fully_defined():
            event_shape = np.array(self.event_shape.as_list(), dtype=np.int32)
        else:
            event_shape = self.event_shape_tensor()
        samples_raw_indices = tf.reshape(tf.range(0, samples_size), samples_shape)
        partitioned_samples_indices = tf.dynamic_partition(
            data=samples_raw_indices, partitions=cat_samples, num_partitions=self.num_components)
        batch_raw_indices = tf.reshape(tf.tile(tf.range(0, batch_size), [n]), samples_shape)
        partitioned_batch_indices = tf.dynamic_partition(
            data=batch_raw_indices, partitions=cat_samples, num_partitions=self.num_components)
        samples_class = []
        for c in range(self.num_components):
            n_class = tf.size(partitioned_samples_indices[c])
            seed = _util.gen_new_seed(seed, "mixture")
            samples_class_c = self.components[c].sample(n_class, seed=seed)
            lookup = batch_size * tf.range(n_class) + partitioned_batch_indices[c]
            samples_class_c = tf.reshape(samples_class_c,
                                         tf.concat([[n_class * batch_size], event_shape], 0))
            samples_class.append(tf.gather(samples_class_c, lookup,
                                           name="samples_class_c_gather"))
        lhs_flat_ret = tf.dynamic_stitch(indices=partitioned_samples_indices, data=samples_class)
        ret = tf.reshape(lhs_flat_ret, tf.concat([samples_shape, self.event_shape_tensor()], 0))
        ret.set_shape(tensor_shape.TensorShape(static_samples_shape).concatenate(
            self.event_shape))
        return ret

    def _sample_n_static(self, n, seed):
        samples = []
        cat_samples = self.cat.sample(n, seed=seed)
        for c in range(self.num_components):
            seed = _util.gen_new_seed(seed, "mixture")
            samples.append(self.components[c].sample(n, seed=seed))
        event_ndims = self._static_event_shape.ndims
        x = tf.stack(samples, -event_ndims - 1)
        npdt = x.dtype.as_numpy_dtype
        mask = tf.one_hot(indices=cat_samples, depth=self._num_components,
                          on_value=np.ones([], dtype=npdt), off_value=np.zeros([], dtype=npdt))
        mask = _pad_mixture_dimensions(mask, self, self._cat, event_ndims)
        return tf.reduce_sum(x * mask, axis=-1 - event_ndims)


class MixtureSameFamily(distribution.Distribution):
    """A mixture whose components are the rightmost batch dim of one distribution."""

    def __init__(self, mixture_distribution, components_distribution, validate_args=False,
                 allow_nan_stats=True, name="MixtureSameFamily"):
        parameters = dict(locals())
        with tf.name_scope(name) as name:
            self._mixture_distribution = mixture_distribution
            self._components_distribution = components_distribution
            self._event_ndims = components_distribution.event_shape.ndims
            if self._event_ndims is None:
                raise ValueError("tfcompat's MixtureSameFamily needs the components' static "
                                 "event rank.")
            self._num_components = self._check_args(mixture_distribution,
                                                    components_distribution)
            super().__init__(dtype=components_distribution.dtype,
                             reparameterization_type=distribution.NOT_REPARAMETERIZED,
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             parameters=parameters,
                             graph_parents=(mixture_distribution._graph_parents
                                            + components_distribution._graph_parents),
                             name=name)

    @staticmethod
    def _check_args(mixture_distribution, components_distribution):
        if not mixture_distribution.dtype.is_integer:
            raise ValueError("`mixture_distribution.dtype` ({}) is not over integers".format(
                mixture_distribution.dtype.name))
        if (mixture_distribution.event_shape.ndims is not None
                and mixture_distribution.event_shape.ndims != 0):
            raise ValueError("`mixture_distribution` must have scalar `event_dim`s")
        mdbs = mixture_distribution.batch_shape
        cdbs = components_distribution.batch_shape.with_rank_at_least(1)[:-1]
        if mdbs.is_fully_defined() and cdbs.is_fully_defined():
            if mdbs.ndims != 0 and mdbs != cdbs:
                raise ValueError("`mixture_distribution.batch_shape` (`{}`) is not compatible "
                                 "with `components_distribution.batch_shape` (`{}`)".format(
                                     mdbs.as_list(), cdbs.as_list()))
        km = mixture_distribution.logits.shape.with_rank_at_least(1)[-1].value
        kc = components_distribution.batch_shape.with_rank_at_least(1)[-1].value
        if km is not None and kc is not None and km != kc:
            raise ValueError("`mixture_distribution components` ({}) does not equal "
                             "`components_distribution.batch_shape[-1]` ({})".format(km, kc))
        if km is None:
            km = tf.shape(mixture_distribution.logits)[-1]
        return km

    @property
    def mixture_distribution(self):
        return self._mixture_distribution

    @property
    def components_distribution(self):
        return self._components_distribution

    def _batch_shape_tensor(self):
        return self.components_distribution.batch_shape_tensor()[:-1]

    def _batch_shape(self):
        return self.components_distribution.batch_shape.with_rank_at_least(1)[:-1]

    def _event_shape_tensor(self):
        return self.components_distribution.event_shape_tensor()

    def _event_shape(self):
        return self.components_distribution.event_shape

    def _pad_mix_dims(self, x):
        return _pad_mixture_dimensions(x, self, self.mixture_distribution, self._event_ndims)

    def _sample_n(self, n, seed=None):
        x = self.components_distribution.sample(n)  # TF 1.15 passes no seed here
        npdt = x.dtype.as_numpy_dtype
        mask = tf.one_hot(indices=self.mixture_distribution.sample(n),
                          depth=self._num_components, on_value=np.ones([], dtype=npdt),
                          off_value=np.zeros([], dtype=npdt))
        return tf.reduce_sum(x * self._pad_mix_dims(mask), axis=-1 - self._event_ndims)

    def _mixture_log(self, values):
        log_mix_prob = tf.nn.log_softmax(self.mixture_distribution.logits, axis=-1)
        return tf.reduce_logsumexp(values + log_mix_prob, axis=-1)

    def _log_prob(self, x):
        return self._mixture_log(self.components_distribution.log_prob(
            self._pad_sample_dims(x)))

    def _log_cdf(self, x):
        return self._mixture_log(self.components_distribution.log_cdf(
            self._pad_sample_dims(x)))

    def _mean(self):
        probs = self._pad_mix_dims(self.mixture_distribution.probs)
        return tf.reduce_sum(probs * self.components_distribution.mean(),
                             axis=-1 - self._event_ndims)

    def _variance(self):
        probs = self._pad_mix_dims(self.mixture_distribution.probs)
        mean_cond_var = tf.reduce_sum(probs * self.components_distribution.variance(),
                                      axis=-1 - self._event_ndims)
        var_cond_mean = tf.reduce_sum(probs * tf.squared_difference(
            self.components_distribution.mean(), self._pad_sample_dims(self._mean())),
            axis=-1 - self._event_ndims)
        return mean_cond_var + var_cond_mean

    def _covariance(self):
        if self.event_shape.ndims != 1:
            raise NotImplementedError("covariance is not implemented")
        probs = self._pad_mix_dims(self._pad_mix_dims(self.mixture_distribution.probs))
        mean_cond_var = tf.reduce_sum(probs * self.components_distribution.covariance(),
                                      axis=-3)
        z = self.components_distribution.mean() - self._pad_sample_dims(self._mean())
        var_cond_mean = tf.reduce_sum(probs * (z[..., tf.newaxis, :] * z[..., tf.newaxis]),
                                      axis=-3)
        return mean_cond_var + var_cond_mean

    def _pad_sample_dims(self, x):
        with tf.name_scope("pad_sample_dims", values=[x]):
            ndims = x.shape.ndims if x.shape.ndims is not None else tf.rank(x)
            shape = tf.shape(x)
            d = ndims - self._event_ndims
            return tf.reshape(x, shape=tf.concat([shape[:d], [1], shape[d:]], axis=0))

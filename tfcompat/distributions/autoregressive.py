"""TF 1.15 contrib's `Autoregressive` distribution: `distribution_fn` composed `num_steps` times
from samples (sample0 seeds the first), log_prob / prob from `distribution_fn(value)`."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat.distributions import distribution
from tfcompat.distributions._util import gen_new_seed


class Autoregressive(distribution.Distribution):
    """Autoregressive distributions (MADE / PixelCNN style sampling by repeated refinement)."""

    def __init__(self, distribution_fn, sample0=None, num_steps=None, validate_args=False,
                 allow_nan_stats=True, name="Autoregressive"):
        parameters = dict(locals())
        with tf.name_scope(name) as name:
            self._distribution_fn = distribution_fn
            self._sample0 = sample0
            self._distribution0 = (distribution_fn() if sample0 is None
                                   else distribution_fn(sample0))
            if num_steps is None:
                num_steps = self._distribution0.event_shape.num_elements()
                if num_steps is None:
                    raise ValueError("distribution_fn must generate a distribution "
                                     "with fully known `event_shape`.")
            if num_steps < 1:
                raise ValueError("num_steps ({}) must be at least 1.".format(num_steps))
            self._num_steps = num_steps
        super().__init__(dtype=self._distribution0.dtype,
                         reparameterization_type=self._distribution0.reparameterization_type,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                         parameters=parameters,
                         graph_parents=self._distribution0._graph_parents, name=name)

    distribution_fn = property(lambda self: self._distribution_fn)
    sample0 = property(lambda self: self._sample0)
    num_steps = property(lambda self: self._num_steps)
    distribution0 = property(lambda self: self._distribution0)

    def _batch_shape(self):
        return self.distribution0.batch_shape

    def _batch_shape_tensor(self):
        return self.distribution0.batch_shape_tensor()

    def _event_shape(self):
        return self.distribution0.event_shape

    def _event_shape_tensor(self):
        return self.distribution0.event_shape_tensor()

    def _sample_n(self, n, seed=None):
        if seed is None:
            seed = gen_new_seed(seed=np.random.randint(2**32 - 1), salt="autoregressive")
        samples = self.distribution0.sample(n, seed=seed)
        for _ in range(self._num_steps):
            samples = self.distribution_fn(samples).sample(seed=seed)
        return samples

    def _log_prob(self, value):
        return self.distribution_fn(value).log_prob(value)

    def _prob(self, value):
        return self.distribution_fn(value).prob(value)

"""TF 1.15 contrib's VectorDeterministic (deterministic.py): all mass at the vector `loc` in
R^k, within atol + rtol |loc| in every coordinate."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.distributions import distribution
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops.control_flow_ops import with_dependencies


class VectorDeterministic(distribution.Distribution):
    """pmf(x) = 1 if all(|x - loc| <= atol + rtol |loc|) over the last axis, else 0."""

    def __init__(self, loc, atol=None, rtol=None, validate_args=False, allow_nan_stats=True,
                 name="VectorDeterministic"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[loc, atol, rtol]) as name:
            loc = tf.convert_to_tensor(loc, name="loc")
            if validate_args:
                msg = "Argument loc must be at least rank 1."
                if loc.get_shape().ndims is not None:
                    if loc.get_shape().ndims < 1:
                        raise ValueError(msg)
                else:
                    loc = with_dependencies([tf.assert_rank_at_least(loc, 1, message=msg)],
                                            loc)
            self._loc = loc
            super().__init__(dtype=self._loc.dtype,
                             reparameterization_type=distribution.NOT_REPARAMETERIZED,
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             parameters=parameters, graph_parents=[self._loc], name=name)
            self._atol = self._get_tol(atol)
            self._rtol = self._get_tol(rtol)
            self._slack = self.atol if rtol is None else self.atol + self.rtol * tf.abs(self.loc)

    def _get_tol(self, tol):
        if tol is None:
            return tf.convert_to_tensor(0, dtype=self.loc.dtype)
        tol = tf.convert_to_tensor(tol, dtype=self.loc.dtype)
        if self.validate_args:
            tol = with_dependencies([tf.assert_non_negative(
                tol, message="Argument 'tol' must be non-negative")], tol)
        return tol

    loc = property(lambda self: self._loc)
    atol = property(lambda self: self._atol)
    rtol = property(lambda self: self._rtol)

    def _batch_shape_tensor(self):
        return tf.shape(self.loc)[:-1]

    def _batch_shape(self):
        return self.loc.get_shape()[:-1]

    def _event_shape_tensor(self):
        # (TF 1.15 returned the scalar shape(loc)[-1] here: see known_differences)
        return tf.shape(self.loc)[-1:]

    def _event_shape(self):
        return self.loc.get_shape()[-1:]

    def _entropy(self):
        return tf.zeros(self.batch_shape_tensor(), dtype=self.dtype)

    def _mean(self):
        return tf.identity(self.loc)

    def _variance(self):
        return tf.zeros_like(self.loc)

    def _mode(self):
        return self.mean()

    def _sample_n(self, n, seed=None):
        n_static = constant_value(tf.convert_to_tensor(n))
        if n_static is not None and self.loc.get_shape().ndims is not None:
            multiples = [int(n_static)] + [1] * self.loc.get_shape().ndims
        else:
            multiples = tf.concat(([n], tf.ones_like(tf.shape(self.loc))), axis=0)
        return tf.tile(self.loc[tf.newaxis, ...], multiples=multiples)

    def _prob(self, x):
        if self.validate_args:
            is_vector_check = tf.assert_rank_at_least(x, 1)
            right_vec_space_check = tf.assert_equal(
                self.event_shape_tensor()[0], tf.gather(tf.shape(x), tf.rank(x) - 1),
                message="Argument 'x' not defined in the same space R^k as this distribution")
            with tf.control_dependencies([is_vector_check, right_vec_space_check]):
                x = tf.identity(x)
        return tf.cast(tf.reduce_all(tf.abs(x - self.loc) <= self._slack, axis=-1),
                       dtype=self.dtype)

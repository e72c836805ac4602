"""The parameter-transformed families TF 1.15 exported from tf.contrib.distributions
(python/ops/distributions/*.py): NormalWithSoftplusScale, LaplaceWithSoftplusScale,
ExponentialWithSoftplusRate, GammaWithSoftplusConcentrationRate, BetaWithSoftplusConcentration
and StudentTWithAbsDfSoftplusScale. Each builds its base family inside its own name scope from
softplus (or floor(abs)) of the raw parameters, as TF did."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.distributions.gamma_family import Beta
from tfcompat.distributions.gamma_family import Exponential
from tfcompat.distributions.gamma_family import Gamma
from tfcompat.distributions.gamma_family import Laplace
from tfcompat.distributions.normal_uniform import Normal
from tfcompat.distributions.student_t import StudentT


def _keep(dist, parameters):
    parameters.pop("self", None)
    parameters.pop("__class__", None)
    dist._parameters = parameters


class NormalWithSoftplusScale(Normal):
    """Normal with softplus applied to `scale`."""

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True,
                 name="NormalWithSoftplusScale"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[scale]) as name:
            super().__init__(loc=loc, scale=tf.nn.softplus(scale, name="softplus_scale"),
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             name=name)
        _keep(self, parameters)


class LaplaceWithSoftplusScale(Laplace):
    """Laplace with softplus applied to `scale`."""

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True,
                 name="LaplaceWithSoftplusScale"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[loc, scale]) as name:
            super().__init__(loc=loc, scale=tf.nn.softplus(scale, name="softplus_scale"),
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             name=name)
        _keep(self, parameters)


class ExponentialWithSoftplusRate(Exponential):
    """Exponential with softplus transform on `rate`."""

    def __init__(self, rate, validate_args=False, allow_nan_stats=True,
                 name="ExponentialWithSoftplusRate"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[rate]) as name:
            super().__init__(rate=tf.nn.softplus(rate, name="softplus_rate"),
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             name=name)
        _keep(self, parameters)


class GammaWithSoftplusConcentrationRate(Gamma):
    """Gamma with softplus of `concentration` and `rate`."""

    def __init__(self, concentration, rate, validate_args=False, allow_nan_stats=True,
                 name="GammaWithSoftplusConcentrationRate"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[concentration, rate]) as name:
            super().__init__(
                concentration=tf.nn.softplus(concentration, name="softplus_concentration"),
                rate=tf.nn.softplus(rate, name="softplus_rate"), validate_args=validate_args,
                allow_nan_stats=allow_nan_stats, name=name)
        _keep(self, parameters)


class BetaWithSoftplusConcentration(Beta):
    """Beta with softplus transform of `concentration1` and `concentration0`."""

    def __init__(self, concentration1, concentration0, validate_args=False,
                 allow_nan_stats=True, name="BetaWithSoftplusConcentration"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[concentration1, concentration0]) as name:
            super().__init__(
                concentration1=tf.nn.softplus(concentration1, name="softplus_concentration1"),
                concentration0=tf.nn.softplus(concentration0, name="softplus_concentration0"),
                validate_args=validate_args, allow_nan_stats=allow_nan_stats, name=name)
        _keep(self, parameters)


class StudentTWithAbsDfSoftplusScale(StudentT):
    """StudentT with `df = floor(abs(df))` and `scale = softplus(scale)`."""

    def __init__(self, df, loc, scale, validate_args=False, allow_nan_stats=True,
                 name="StudentTWithAbsDfSoftplusScale"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[df, scale]) as name:
            super().__init__(df=tf.floor(tf.abs(df)), loc=loc,
                             scale=tf.nn.softplus(scale, name="softplus_scale"),
                             validate_args=validate_args, allow_nan_stats=allow_nan_stats,
                             name=name)
        _keep(self, parameters)

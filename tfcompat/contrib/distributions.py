"""`tf.contrib.distributions`: the distributions TF 1.15 also had in tf.distributions (the same
classes, as in TF). Bijectors and the contrib-only distributions (MultivariateNormalDiag,
Mixture, TransformedDistribution, ...) fail with the unsupported-API error."""
from __future__ import annotations

from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.contrib._sample_stats import percentile
from tfcompat.distributions import FULLY_REPARAMETERIZED
from tfcompat.distributions import NOT_REPARAMETERIZED
from tfcompat.distributions import Bernoulli
from tfcompat.distributions import Beta
from tfcompat.distributions import Categorical
from tfcompat.distributions import Dirichlet
from tfcompat.distributions import DirichletMultinomial
from tfcompat.distributions import Distribution
from tfcompat.distributions import Exponential
from tfcompat.distributions import Gamma
from tfcompat.distributions import Laplace
from tfcompat.distributions import Multinomial
from tfcompat.distributions import Normal
from tfcompat.distributions import RegisterKL
from tfcompat.distributions import ReparameterizationType
from tfcompat.distributions import StudentT
from tfcompat.distributions import Uniform
from tfcompat.distributions import kl_divergence

__all__ = ["Bernoulli", "Beta", "Categorical", "Dirichlet", "DirichletMultinomial",
           "Distribution", "Exponential", "FULLY_REPARAMETERIZED", "Gamma", "Laplace",
           "Multinomial", "NOT_REPARAMETERIZED", "Normal", "RegisterKL",
           "ReparameterizationType", "StudentT", "Uniform", "kl_divergence", "percentile"]
__getattr__ = _missing_attr("contrib.distributions", __name__)

"""`tf.contrib.distributions`: the distributions TF 1.15 also had in tf.distributions (the same
classes, as in TF), the contrib-only distributions 2017-2019 code used most (MultivariateNormal*,
OneHotCategorical, the Relaxed / Concrete ones, Logistic, Poisson, Geometric, NegativeBinomial,
Deterministic, Gumbel, Independent, Mixture, MixtureSameFamily, TransformedDistribution)
and `bijectors`; the rest fail with the unsupported-API error."""
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
from tfcompat.distributions import bijectors
from tfcompat.distributions.bijector_impl import softplus_inverse
from tfcompat.distributions.discrete_contrib import Deterministic
from tfcompat.distributions.discrete_contrib import Geometric
from tfcompat.distributions.discrete_contrib import NegativeBinomial
from tfcompat.distributions.discrete_contrib import OneHotCategorical
from tfcompat.distributions.discrete_contrib import Poisson
from tfcompat.distributions.mixture import Mixture
from tfcompat.distributions.mixture import MixtureSameFamily
from tfcompat.distributions.mvn import MultivariateNormalDiag
from tfcompat.distributions.mvn import MultivariateNormalDiagWithSoftplusScale
from tfcompat.distributions.mvn import MultivariateNormalFullCovariance
from tfcompat.distributions.mvn import MultivariateNormalLinearOperator
from tfcompat.distributions.mvn import MultivariateNormalTriL
from tfcompat.distributions.mvn import fill_triangular
from tfcompat.distributions.mvn import matrix_diag_transform
from tfcompat.distributions.relaxed_contrib import ExpRelaxedOneHotCategorical
from tfcompat.distributions.relaxed_contrib import Gumbel
from tfcompat.distributions.relaxed_contrib import Independent
from tfcompat.distributions.relaxed_contrib import Logistic
from tfcompat.distributions.relaxed_contrib import RelaxedBernoulli
from tfcompat.distributions.relaxed_contrib import RelaxedOneHotCategorical
from tfcompat.distributions.transformed import TransformedDistribution

__all__ = ["Bernoulli", "Beta", "Categorical", "Deterministic", "Dirichlet",
           "DirichletMultinomial", "Distribution", "ExpRelaxedOneHotCategorical", "Exponential",
           "FULLY_REPARAMETERIZED", "Gamma", "Geometric", "Gumbel", "Independent", "Laplace",
           "Logistic",
           "Mixture", "MixtureSameFamily", "Multinomial", "MultivariateNormalDiag",
           "MultivariateNormalDiagWithSoftplusScale", "MultivariateNormalFullCovariance",
           "MultivariateNormalLinearOperator", "MultivariateNormalTriL", "NOT_REPARAMETERIZED",
           "NegativeBinomial", "Normal", "OneHotCategorical", "Poisson", "RegisterKL",
           "RelaxedBernoulli", "RelaxedOneHotCategorical", "ReparameterizationType", "StudentT",
           "TransformedDistribution", "Uniform", "bijectors", "fill_triangular", "kl_divergence",
           "matrix_diag_transform", "percentile", "softplus_inverse"]
__getattr__ = _missing_attr("contrib.distributions", __name__)

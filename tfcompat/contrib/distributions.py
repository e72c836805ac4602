"""`tf.contrib.distributions`: the distributions TF 1.15 also had in tf.distributions (the same
classes, as in TF), the contrib-only distributions 2017-2019 code used most (MultivariateNormal*,
OneHotCategorical, the Relaxed / Concrete ones, Logistic, Poisson, Geometric, NegativeBinomial,
Deterministic, Gumbel, Independent, Mixture, MixtureSameFamily, TransformedDistribution,
Binomial, Cauchy, HalfNormal, InverseGamma, Chi2, Kumaraswamy, Wishart*, QuantizedDistribution,
VectorDeterministic, the *WithSoftplus* families, BatchReshape, Autoregressive, SinhArcsinh,
Vector{Laplace,Exponential,SinhArcsinh}Diag, VectorDiffeomixture,
PoissonLogNormalQuadratureCompound, Conditional{Distribution,TransformedDistribution}),
`bijectors` and the distribution_util /
sample_stats helpers; the rest fail with the unsupported-API error."""
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
from tfcompat.distributions.autoregressive import Autoregressive
from tfcompat.distributions.batch_reshape import BatchReshape
from tfcompat.distributions.bijector_impl import softplus_inverse
from tfcompat.distributions.conditional_contrib import ConditionalDistribution
from tfcompat.distributions.conditional_contrib import ConditionalTransformedDistribution
from tfcompat.distributions.discrete_contrib import Deterministic
from tfcompat.distributions.discrete_contrib import Geometric
from tfcompat.distributions.discrete_contrib import NegativeBinomial
from tfcompat.distributions.discrete_contrib import OneHotCategorical
from tfcompat.distributions.discrete_contrib import Poisson
from tfcompat.distributions.kumaraswamy import Kumaraswamy
from tfcompat.distributions.mixture import Mixture
from tfcompat.distributions.mixture import MixtureSameFamily
from tfcompat.distributions.mvn import MultivariateNormalDiag
from tfcompat.distributions.mvn_lowrank import MultivariateNormalDiagPlusLowRank
from tfcompat.distributions.mvn import MultivariateNormalDiagWithSoftplusScale
from tfcompat.distributions.mvn import MultivariateNormalFullCovariance
from tfcompat.distributions.mvn import MultivariateNormalLinearOperator
from tfcompat.distributions.mvn import MultivariateNormalTriL
from tfcompat.distributions.mvn import fill_triangular
from tfcompat.distributions.mvn import matrix_diag_transform
from tfcompat.distributions.poisson_lognormal import PoissonLogNormalQuadratureCompound
from tfcompat.distributions.poisson_lognormal import quadrature_scheme_lognormal_gauss_hermite
from tfcompat.distributions.poisson_lognormal import quadrature_scheme_lognormal_quantiles
from tfcompat.distributions.quantized import QuantizedDistribution
from tfcompat.distributions.relaxed_contrib import ExpRelaxedOneHotCategorical
from tfcompat.distributions.relaxed_contrib import Gumbel
from tfcompat.distributions.relaxed_contrib import Independent
from tfcompat.distributions.relaxed_contrib import Logistic
from tfcompat.distributions.relaxed_contrib import RelaxedBernoulli
from tfcompat.distributions.relaxed_contrib import RelaxedOneHotCategorical
from tfcompat.distributions.sample_stats_contrib import assign_log_moving_mean_exp
from tfcompat.distributions.sample_stats_contrib import assign_moving_mean_variance
from tfcompat.distributions.sample_stats_contrib import auto_correlation
from tfcompat.distributions.sample_stats_contrib import SeedStream
from tfcompat.distributions.sample_stats_contrib import moving_mean_variance
from tfcompat.distributions.transformed import TransformedDistribution
from tfcompat.distributions.scalar_contrib import Binomial
from tfcompat.distributions.scalar_contrib import Cauchy
from tfcompat.distributions.scalar_contrib import Chi2
from tfcompat.distributions.scalar_contrib import Chi2WithAbsDf
from tfcompat.distributions.scalar_contrib import HalfNormal
from tfcompat.distributions.scalar_contrib import InverseGamma
from tfcompat.distributions.scalar_contrib import InverseGammaWithSoftplusConcentrationRate
from tfcompat.distributions.softplus_contrib import BetaWithSoftplusConcentration
from tfcompat.distributions.softplus_contrib import ExponentialWithSoftplusRate
from tfcompat.distributions.softplus_contrib import GammaWithSoftplusConcentrationRate
from tfcompat.distributions.softplus_contrib import LaplaceWithSoftplusScale
from tfcompat.distributions.softplus_contrib import NormalWithSoftplusScale
from tfcompat.distributions.softplus_contrib import StudentTWithAbsDfSoftplusScale
from tfcompat.distributions.util_contrib import fill_triangular_inverse
from tfcompat.distributions.util_contrib import normal_conjugates_known_scale_posterior
from tfcompat.distributions.util_contrib import normal_conjugates_known_scale_predictive
from tfcompat.distributions.util_contrib import reduce_weighted_logsumexp
from tfcompat.distributions.util_contrib import tridiag
from tfcompat.distributions.vector_contrib import SinhArcsinh
from tfcompat.distributions.vector_contrib import VectorExponentialDiag
from tfcompat.distributions.vector_contrib import VectorLaplaceDiag
from tfcompat.distributions.vector_contrib import VectorSinhArcsinhDiag
from tfcompat.distributions.vector_deterministic import VectorDeterministic
from tfcompat.distributions.vector_diffeomixture import VectorDiffeomixture
from tfcompat.distributions.vector_diffeomixture import \
    quadrature_scheme_softmaxnormal_gauss_hermite
from tfcompat.distributions.vector_diffeomixture import quadrature_scheme_softmaxnormal_quantiles
from tfcompat.distributions.wishart import WishartCholesky
from tfcompat.distributions.wishart import WishartFull

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
           "matrix_diag_transform", "percentile", "softplus_inverse",
           "Binomial", "BetaWithSoftplusConcentration", "Cauchy", "Chi2", "Chi2WithAbsDf",
           "ExponentialWithSoftplusRate", "GammaWithSoftplusConcentrationRate", "HalfNormal",
           "InverseGamma", "InverseGammaWithSoftplusConcentrationRate",
           "LaplaceWithSoftplusScale", "NormalWithSoftplusScale",
           "StudentTWithAbsDfSoftplusScale", "fill_triangular_inverse",
           "normal_conjugates_known_scale_posterior", "normal_conjugates_known_scale_predictive",
           "reduce_weighted_logsumexp", "tridiag", "WishartCholesky", "WishartFull",
           "auto_correlation", "Kumaraswamy", "assign_log_moving_mean_exp",
           "assign_moving_mean_variance", "moving_mean_variance", "QuantizedDistribution",
           "SeedStream", "MultivariateNormalDiagPlusLowRank", "VectorDeterministic",
           "BatchReshape", "SinhArcsinh", "VectorExponentialDiag", "VectorLaplaceDiag",
           "VectorSinhArcsinhDiag",
           "ConditionalTransformedDistribution", "ConditionalDistribution", "Autoregressive",
           "PoissonLogNormalQuadratureCompound", "quadrature_scheme_lognormal_gauss_hermite",
           "quadrature_scheme_lognormal_quantiles", "VectorDiffeomixture",
           "quadrature_scheme_softmaxnormal_gauss_hermite",
           "quadrature_scheme_softmaxnormal_quantiles"]
__getattr__ = _missing_attr("contrib.distributions", __name__)

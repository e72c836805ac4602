"""`tf.distributions`: TF1's probability distributions (tf.compat.v1.distributions), built from
graph ops with TF's formulas, method names, name scopes and static shapes. Samples come from
the seeded random ops (tf.random_normal, tf.random.gamma, tf.multinomial, ...): the same
distributions as TF's, not TF's numbers."""
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.distributions.bernoulli_categorical import Bernoulli
from tfcompat.distributions.bernoulli_categorical import Categorical
from tfcompat.distributions.distribution import FULLY_REPARAMETERIZED
from tfcompat.distributions.distribution import NOT_REPARAMETERIZED
from tfcompat.distributions.distribution import Distribution
from tfcompat.distributions.distribution import ReparameterizationType
from tfcompat.distributions.gamma_family import Beta
from tfcompat.distributions.gamma_family import Exponential
from tfcompat.distributions.gamma_family import Gamma
from tfcompat.distributions.gamma_family import Laplace
from tfcompat.distributions.kullback_leibler import RegisterKL
from tfcompat.distributions.kullback_leibler import kl_divergence
from tfcompat.distributions.multivariate import Dirichlet
from tfcompat.distributions.multivariate import DirichletMultinomial
from tfcompat.distributions.multivariate import Multinomial
from tfcompat.distributions.normal_uniform import Normal
from tfcompat.distributions.normal_uniform import Uniform
from tfcompat.distributions.student_t import StudentT

__all__ = ["Bernoulli", "Beta", "Categorical", "Dirichlet", "DirichletMultinomial",
           "Distribution", "Exponential", "FULLY_REPARAMETERIZED", "Gamma", "Laplace",
           "Multinomial", "NOT_REPARAMETERIZED", "Normal", "RegisterKL",
           "ReparameterizationType", "StudentT", "Uniform", "kl_divergence"]
__getattr__ = _missing_attr("distributions", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('distributions', __name__)   # TF's names, not this module's imports

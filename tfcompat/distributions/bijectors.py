"""`tf.contrib.distributions.bijectors` (TF 1.15): the bijectors tfcompat implements; the others
(BatchNormalization, Kumaraswamy, CholeskyOuterProduct, ...) fail with the unsupported-API
error."""
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.distributions.bijector_impl import AffineScalar
from tfcompat.distributions.bijector_impl import Bijector
from tfcompat.distributions.bijector_impl import Exp
from tfcompat.distributions.bijector_impl import Identity
from tfcompat.distributions.bijector_impl import Sigmoid
from tfcompat.distributions.bijector_impl import Softplus
from tfcompat.distributions.bijectors_more import Affine
from tfcompat.distributions.bijectors_more import Chain
from tfcompat.distributions.bijectors_more import Invert
from tfcompat.distributions.bijectors_more import Permute
from tfcompat.distributions.bijectors_more import Reshape
from tfcompat.distributions.flows import MaskedAutoregressiveFlow
from tfcompat.distributions.flows import RealNVP
from tfcompat.distributions.flows import masked_autoregressive_default_template
from tfcompat.distributions.flows import masked_dense
from tfcompat.distributions.flows import real_nvp_default_template

__all__ = ["Affine", "AffineScalar", "Bijector", "Chain", "Exp", "Identity", "Invert",
           "MaskedAutoregressiveFlow", "Permute", "RealNVP", "Reshape", "Sigmoid", "Softplus",
           "masked_autoregressive_default_template", "masked_dense",
           "real_nvp_default_template"]
__getattr__ = _missing_attr("contrib.distributions.bijectors", __name__)

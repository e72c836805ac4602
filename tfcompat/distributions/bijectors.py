"""`tf.contrib.distributions.bijectors` (TF 1.15): the bijectors tfcompat implements; others fail
with the unsupported-API error."""
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
from tfcompat.distributions.bijectors_rest import AbsoluteValue
from tfcompat.distributions.bijectors_rest import ConditionalBijector
from tfcompat.distributions.bijector_batchnorm import BatchNormalization
from tfcompat.distributions.bijectors_cdf import Gumbel
from tfcompat.distributions.bijectors_cdf import Kumaraswamy
from tfcompat.distributions.bijectors_cdf import MatrixInverseTriL
from tfcompat.distributions.bijectors_cdf import Ordered
from tfcompat.distributions.bijectors_cdf import SinhArcsinh
from tfcompat.distributions.bijectors_cdf import Weibull
from tfcompat.distributions.bijectors_contrib import AffineLinearOperator
from tfcompat.distributions.bijectors_contrib import CholeskyOuterProduct
from tfcompat.distributions.bijectors_contrib import FillTriangular
from tfcompat.distributions.bijectors_contrib import Inline
from tfcompat.distributions.bijectors_contrib import PowerTransform
from tfcompat.distributions.bijectors_contrib import ScaleTriL
from tfcompat.distributions.bijectors_contrib import SoftmaxCentered
from tfcompat.distributions.bijectors_contrib import Softsign
from tfcompat.distributions.bijectors_contrib import Square
from tfcompat.distributions.bijectors_contrib import TransformDiagonal
from tfcompat.distributions.flows import MaskedAutoregressiveFlow
from tfcompat.distributions.flows import RealNVP
from tfcompat.distributions.flows import masked_autoregressive_default_template
from tfcompat.distributions.flows import masked_dense
from tfcompat.distributions.flows import real_nvp_default_template

__all__ = ["Affine", "AffineLinearOperator", "AffineScalar", "BatchNormalization", "Bijector",
           "Chain", "CholeskyOuterProduct", "Exp", "FillTriangular", "Gumbel", "Identity",
           "Inline", "Invert", "Kumaraswamy", "MaskedAutoregressiveFlow", "MatrixInverseTriL",
           "Ordered", "Permute", "PowerTransform", "RealNVP", "Reshape", "ScaleTriL", "Sigmoid",
           "SinhArcsinh", "SoftmaxCentered", "Softplus", "Softsign", "Square",
           "TransformDiagonal", "Weibull", "masked_autoregressive_default_template",
           "masked_dense", "real_nvp_default_template", "AbsoluteValue",
           "ConditionalBijector"]
__getattr__ = _missing_attr("contrib.distributions.bijectors", __name__)

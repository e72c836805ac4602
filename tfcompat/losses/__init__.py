"""The `tf.losses` namespace (TF1): weighted, reduced losses collected in GraphKeys.LOSSES."""
from tfcompat._unsupported import missing_attr
from tfcompat.losses.losses_impl import Reduction
from tfcompat.losses.losses_impl import absolute_difference
from tfcompat.losses.losses_impl import add_loss
from tfcompat.losses.losses_impl import compute_weighted_loss
from tfcompat.losses.losses_impl import cosine_distance
from tfcompat.losses.losses_impl import get_losses
from tfcompat.losses.losses_impl import get_regularization_loss
from tfcompat.losses.losses_impl import get_regularization_losses
from tfcompat.losses.losses_impl import get_total_loss
from tfcompat.losses.losses_impl import hinge_loss
from tfcompat.losses.losses_impl import huber_loss
from tfcompat.losses.losses_impl import log_loss
from tfcompat.losses.losses_impl import mean_pairwise_squared_error
from tfcompat.losses.losses_impl import mean_squared_error
from tfcompat.losses.losses_impl import sigmoid_cross_entropy
from tfcompat.losses.losses_impl import softmax_cross_entropy
from tfcompat.losses.losses_impl import sparse_softmax_cross_entropy

__all__ = ["Reduction", "absolute_difference", "add_loss", "compute_weighted_loss",
           "cosine_distance", "get_losses", "get_regularization_loss",
           "get_regularization_losses", "get_total_loss", "hinge_loss", "huber_loss", "log_loss",
           "mean_pairwise_squared_error", "mean_squared_error", "sigmoid_cross_entropy",
           "softmax_cross_entropy", "sparse_softmax_cross_entropy"]
__getattr__ = missing_attr("losses", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('losses', __name__)   # TF's names, not this module's imports

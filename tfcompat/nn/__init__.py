"""The `tf.nn` namespace: re-exports of the op families in ops/nn_*.py, plus RNN cells
(`tf.nn.rnn_cell`) and the RNN drivers (`dynamic_rnn`, `static_rnn`, ...) from this package.
"""
from tfcompat.ops.indexing_ops import top_k
from tfcompat.ops.math_ops import sigmoid
from tfcompat.ops.math_ops import tanh
from tfcompat.ops.nn_conv_ops import atrous_conv2d
from tfcompat.ops.nn_pool_ops import avg_pool
from tfcompat.ops.nn_pool_ops import avg_pool1d
from tfcompat.ops.nn_pool_ops import avg_pool2d
from tfcompat.ops.nn_pool_ops import avg_pool3d
from tfcompat.ops.nn_conv_ops import conv1d
from tfcompat.ops.nn_conv_ops import conv1d_transpose
from tfcompat.ops.nn_conv_ops import conv2d
from tfcompat.ops.nn_conv_ops import conv2d_backprop_filter
from tfcompat.ops.nn_conv_ops import conv2d_backprop_input
from tfcompat.ops.nn_conv_ops import conv2d_transpose
from tfcompat.ops.nn_conv_ops import conv3d
from tfcompat.ops.nn_conv_ops import conv3d_transpose
from tfcompat.ops.nn_conv_ops import convolution
from tfcompat.ops.nn_conv_ops import depthwise_conv2d
from tfcompat.ops.nn_conv_ops import depthwise_conv2d_native
from tfcompat.ops.nn_pool_ops import max_pool
from tfcompat.ops.nn_pool_ops import max_pool1d
from tfcompat.ops.nn_pool_ops import max_pool2d
from tfcompat.ops.nn_pool_ops import max_pool3d
from tfcompat.ops.nn_pool_ops import max_pool_with_argmax
from tfcompat.ops.nn_pool_ops import pool
from tfcompat.ops.nn_conv_ops import separable_conv2d
from tfcompat.ops.space_to_batch_ops import space_to_batch
from tfcompat.ops.space_to_batch_ops import with_space_to_batch
from tfcompat.ops.nn_loss_ops import log_poisson_loss
from tfcompat.ops.nn_loss_ops import log_uniform_candidate_sampler
from tfcompat.ops.nn_loss_ops import nce_loss
from tfcompat.ops.nn_loss_ops import sampled_softmax_loss
from tfcompat.ops.nn_loss_ops import sigmoid_cross_entropy_with_logits
from tfcompat.ops.nn_loss_ops import softmax_cross_entropy_with_logits
from tfcompat.ops.nn_loss_ops import softmax_cross_entropy_with_logits_v2
from tfcompat.ops.nn_loss_ops import sparse_softmax_cross_entropy_with_logits
from tfcompat.ops.nn_loss_ops import uniform_candidate_sampler
from tfcompat.ops.nn_loss_ops import weighted_cross_entropy_with_logits
from tfcompat.ops.nn_impl import batch_normalization
from tfcompat.ops.nn_ops import bias_add
from tfcompat.ops.nn_ops import crelu
from tfcompat.ops.nn_impl import dropout
from tfcompat.ops.nn_ops import elu
from tfcompat.ops.nn_impl import embedding_lookup
from tfcompat.ops.nn_ops import fused_batch_norm
from tfcompat.ops.nn_ops import gelu
from tfcompat.ops.nn_ops import in_top_k
from tfcompat.ops.nn_ops import l2_loss
from tfcompat.ops.nn_impl import l2_normalize
from tfcompat.ops.nn_ops import leaky_relu
from tfcompat.ops.nn_ops import local_response_normalization
from tfcompat.ops.nn_ops import log_softmax
from tfcompat.ops.nn_ops import lrn
from tfcompat.ops.nn_impl import moments
from tfcompat.ops.nn_impl import normalize_moments
from tfcompat.ops.nn_ops import relu
from tfcompat.ops.nn_ops import relu6
from tfcompat.ops.nn_ops import relu_layer
from tfcompat.ops.nn_ops import selu
from tfcompat.ops.nn_ops import silu
from tfcompat.ops.nn_ops import softmax
from tfcompat.ops.nn_ops import softplus
from tfcompat.ops.nn_ops import softsign
from tfcompat.ops.nn_impl import sufficient_statistics
from tfcompat.ops.nn_ops import swish
from tfcompat.ops.nn_impl import weighted_moments
from tfcompat.ops.nn_ops import xw_plus_b
from tfcompat.ops.nn_impl import zero_fraction
from tfcompat.ops.nn_rnn_ops import reverse_sequence  # noqa: F401 - also tf.reverse_sequence
from tfcompat._unsupported import package_getattr as _package_getattr

__all__ = ["atrous_conv2d", "avg_pool", "avg_pool1d", "avg_pool2d", "avg_pool3d",
           "batch_normalization", "bias_add", "bidirectional_dynamic_rnn", "conv1d",
           "conv1d_transpose", "conv2d", "conv2d_backprop_filter", "conv2d_backprop_input",
           "conv2d_transpose", "conv3d", "conv3d_transpose", "convolution", "crelu",
           "depthwise_conv2d", "depthwise_conv2d_native", "dropout", "dynamic_rnn", "elu",
           "embedding_lookup", "fused_batch_norm", "gelu", "in_top_k", "l2_loss", "l2_normalize",
           "leaky_relu", "local_response_normalization", "log_poisson_loss", "log_softmax",
           "log_uniform_candidate_sampler", "lrn", "max_pool", "max_pool1d", "max_pool2d",
           "max_pool3d", "max_pool_with_argmax", "moments", "nce_loss", "normalize_moments",
           "pool", "relu", "relu6", "relu_layer", "reverse_sequence", "rnn_cell",
           "sampled_softmax_loss", "selu", "separable_conv2d", "sigmoid", "space_to_batch",
           "sigmoid_cross_entropy_with_logits", "silu", "softmax",
           "softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2", "softplus",
           "softsign", "sparse_softmax_cross_entropy_with_logits", "static_bidirectional_rnn",
           "static_rnn", "sufficient_statistics", "swish", "tanh", "top_k",
           "uniform_candidate_sampler", "weighted_cross_entropy_with_logits", "weighted_moments",
           "with_space_to_batch", "xw_plus_b", "zero_fraction"]
# the RNN cells and drivers (tfcompat.nn.rnn*, with tf.layers under them) load on first use; any
# other missing name fails clearly
__getattr__ = _package_getattr(__name__, {
    "rnn_cell": "tfcompat.nn.rnn_cell",
    "bidirectional_dynamic_rnn": "tfcompat.nn.rnn#bidirectional_dynamic_rnn",
    "dynamic_rnn": "tfcompat.nn.rnn#dynamic_rnn",
    "static_bidirectional_rnn": "tfcompat.nn.rnn#static_bidirectional_rnn",
    "static_rnn": "tfcompat.nn.rnn#static_rnn",
}, "nn")

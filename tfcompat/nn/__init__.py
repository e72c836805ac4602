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
from tfcompat.ops.candidate_sampling_ops import all_candidate_sampler
from tfcompat.ops.candidate_sampling_ops import compute_accidental_hits
from tfcompat.ops.candidate_sampling_ops import fixed_unigram_candidate_sampler
from tfcompat.ops.candidate_sampling_ops import learned_unigram_candidate_sampler
from tfcompat.ops.ctc_ops import collapse_repeated
from tfcompat.ops.ctc_ops import ctc_beam_search_decoder
from tfcompat.ops.ctc_ops import ctc_beam_search_decoder_v2
from tfcompat.ops.ctc_ops import ctc_greedy_decoder
from tfcompat.ops.ctc_ops import ctc_loss
from tfcompat.ops.ctc_ops import ctc_loss_v2
from tfcompat.ops.ctc_ops import ctc_unique_labels
from tfcompat.ops.nn_conv_more import atrous_conv2d_transpose
from tfcompat.ops.nn_conv_more import avg_pool_v2
from tfcompat.ops.nn_conv_more import conv3d_backprop_filter_v2
from tfcompat.ops.nn_conv_more import conv3d_backprop_filter_v2 as conv3d_backprop_filter
from tfcompat.ops.nn_conv_more import conv_transpose
from tfcompat.ops.nn_conv_more import depthwise_conv2d_native_backprop_filter
from tfcompat.ops.nn_conv_more import depthwise_conv2d_native_backprop_filter as \
    depthwise_conv2d_backprop_filter
from tfcompat.ops.nn_conv_more import depthwise_conv2d_native_backprop_input
from tfcompat.ops.nn_conv_more import depthwise_conv2d_native_backprop_input as \
    depthwise_conv2d_backprop_input
from tfcompat.ops.nn_conv_more import max_pool_v2
from tfcompat.ops.nn_impl_extra import approx_max_k
from tfcompat.ops.nn_impl_extra import approx_min_k
from tfcompat.ops.nn_impl_extra import batch_norm_with_global_normalization
from tfcompat.ops.nn_impl_extra import compute_average_loss
from tfcompat.ops.nn_impl_extra import embedding_lookup_sparse
from tfcompat.ops.nn_impl_extra import safe_embedding_lookup_sparse
from tfcompat.ops.nn_impl_extra import scale_regularization_loss
from tfcompat.ops.nn_morphology_ops import dilation2d
from tfcompat.ops.nn_morphology_ops import erosion2d
from tfcompat.ops.nn_pool_fractional import fractional_avg_pool
from tfcompat.ops.nn_pool_fractional import fractional_max_pool
from tfcompat.ops.quantize_ops import quantized_avg_pool
from tfcompat.ops.quantize_ops import quantized_conv2d
from tfcompat.ops.quantize_ops import quantized_max_pool
from tfcompat.ops.space_depth_ops import depth_to_space
from tfcompat.ops.space_depth_ops import space_to_depth
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
__all__ += ["all_candidate_sampler", "approx_max_k", "approx_min_k", "atrous_conv2d_transpose",
            "avg_pool_v2", "batch_norm_with_global_normalization", "collapse_repeated",
            "compute_accidental_hits", "compute_average_loss", "conv3d_backprop_filter",
            "conv3d_backprop_filter_v2", "conv_transpose", "ctc_beam_search_decoder",
            "ctc_beam_search_decoder_v2", "ctc_greedy_decoder", "ctc_loss", "ctc_loss_v2",
            "ctc_unique_labels", "depth_to_space", "depthwise_conv2d_backprop_filter",
            "depthwise_conv2d_backprop_input", "depthwise_conv2d_native_backprop_filter",
            "depthwise_conv2d_native_backprop_input", "dilation2d", "embedding_lookup_sparse",
            "erosion2d", "fixed_unigram_candidate_sampler", "learned_unigram_candidate_sampler",
            "max_pool_v2", "safe_embedding_lookup_sparse", "scale_regularization_loss",
            "space_to_depth", "quantized_avg_pool", "quantized_conv2d", "quantized_max_pool",
            "raw_rnn", "static_state_saving_rnn", "fractional_avg_pool", "fractional_max_pool"]
# the RNN cells and drivers (tfcompat.nn.rnn*, with tf.layers under them) load on first use; any
# other missing name fails clearly
__getattr__ = _package_getattr(__name__, {
    "rnn_cell": "tfcompat.nn.rnn_cell",
    "bidirectional_dynamic_rnn": "tfcompat.nn.rnn#bidirectional_dynamic_rnn",
    "dynamic_rnn": "tfcompat.nn.rnn#dynamic_rnn",
    "static_bidirectional_rnn": "tfcompat.nn.rnn#static_bidirectional_rnn",
    "static_rnn": "tfcompat.nn.rnn#static_rnn",
    "raw_rnn": "tfcompat.nn.rnn_raw#raw_rnn",
    "static_state_saving_rnn": "tfcompat.nn.rnn_raw#static_state_saving_rnn",
}, "nn")

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('nn', __name__)   # TF's names, not this module's imports

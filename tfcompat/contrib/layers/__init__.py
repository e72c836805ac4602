"""`tf.contrib.layers` as TF1 scripts use it: layer functions with TF1's variable names,
initializers and regularizers."""
import importlib

from tfcompat._unsupported import missing_attr
from tfcompat.contrib.layers.feature_column import bucketized_column
from tfcompat.contrib.layers.feature_column import crossed_column
from tfcompat.contrib.layers.feature_column import embedding_column
from tfcompat.contrib.layers.feature_column import infer_real_valued_columns
from tfcompat.contrib.layers.feature_column import one_hot_column
from tfcompat.contrib.layers.feature_column import real_valued_column
from tfcompat.contrib.layers.feature_column import sparse_column_with_hash_bucket
from tfcompat.contrib.layers.feature_column import sparse_column_with_keys
from tfcompat.contrib.layers.feature_column_ops import input_from_feature_columns
from tfcompat.contrib.layers.feature_column_ops import weighted_sum_from_feature_columns
from tfcompat.contrib.layers.initializers import apply_regularization
from tfcompat.contrib.layers.initializers import l1_l2_regularizer
from tfcompat.contrib.layers.initializers import l1_regularizer
from tfcompat.contrib.layers.initializers import l2_regularizer
from tfcompat.contrib.layers.initializers import sum_regularizer
from tfcompat.contrib.layers.initializers import variance_scaling_initializer
from tfcompat.contrib.layers.initializers import xavier_initializer
from tfcompat.contrib.layers.initializers import xavier_initializer_conv2d
from tfcompat.contrib.layers.layers import avg_pool2d
from tfcompat.contrib.layers.layers import batch_norm
from tfcompat.contrib.layers.layers import conv1d
from tfcompat.contrib.layers.layers import conv2d
from tfcompat.contrib.layers.layers import conv3d
from tfcompat.contrib.layers.layers import conv2d_transpose
from tfcompat.contrib.layers.layers import convolution
from tfcompat.contrib.layers.layers import convolution1d
from tfcompat.contrib.layers.layers import convolution2d
from tfcompat.contrib.layers.layers import convolution3d
from tfcompat.contrib.layers.layers import convolution2d_transpose
from tfcompat.contrib.layers.layers import dense_to_sparse
from tfcompat.contrib.layers.layers import dropout
from tfcompat.contrib.layers.layers import embed_sequence
from tfcompat.contrib.layers.layers import flatten
from tfcompat.contrib.layers.layers import fully_connected
from tfcompat.contrib.layers.layers import layer_norm
from tfcompat.contrib.layers.layers import max_pool2d
from tfcompat.contrib.layers.layers import one_hot_encoding
from tfcompat.contrib.layers.layers_more import avg_pool3d
from tfcompat.contrib.layers.layers_more import conv3d_transpose
from tfcompat.contrib.layers.layers_more import convolution3d_transpose
from tfcompat.contrib.layers.layers_more import max_pool3d
from tfcompat.contrib.layers.layers_more import maxout
from tfcompat.contrib.layers.layers_more import safe_embedding_lookup_sparse
from tfcompat.contrib.layers.layers_more import spatial_softmax
from tfcompat.contrib.layers.normalization import group_norm
from tfcompat.contrib.layers.normalization import instance_norm
from tfcompat.contrib.layers.optimizers import OPTIMIZER_CLS_NAMES
from tfcompat.contrib.layers.optimizers import OPTIMIZER_SUMMARIES
from tfcompat.contrib.layers.optimizers import optimize_loss
from tfcompat.contrib.layers.rev_block_lib import recompute_grad
from tfcompat.contrib.layers.summaries import summarize_activation
from tfcompat.contrib.layers.summaries import summarize_activations
from tfcompat.contrib.layers.summaries import summarize_biases
from tfcompat.contrib.layers.summaries import summarize_collection
from tfcompat.contrib.layers.summaries import summarize_tensor
from tfcompat.contrib.layers.summaries import summarize_tensors
from tfcompat.contrib.layers.summaries import summarize_variables
from tfcompat.contrib.layers.summaries import summarize_weights

linear = fully_connected

__all__ = ["apply_regularization", "l1_l2_regularizer", "l1_regularizer", "l2_regularizer",
           "sum_regularizer", "variance_scaling_initializer", "xavier_initializer",
           "xavier_initializer_conv2d", "avg_pool2d", "batch_norm", "conv2d", "conv2d_transpose",
           "convolution", "convolution2d", "convolution2d_transpose",
           "conv1d", "conv3d", "convolution1d", "convolution3d", "dense_to_sparse", "dropout",
           "embed_sequence", "flatten", "fully_connected", "group_norm", "instance_norm",
           "layer_norm", "linear", "max_pool2d", "one_hot_encoding", "OPTIMIZER_CLS_NAMES", "OPTIMIZER_SUMMARIES",
           "optimize_loss", "recompute_grad", "summarize_activation", "summarize_activations", "summarize_biases",
           "summarize_collection", "summarize_tensor", "summarize_tensors",
           "summarize_variables", "summarize_weights",
           # the legacy feature columns of tf.contrib.learn (feature_column*.py)
           "bucketized_column", "crossed_column", "embedding_column", "infer_real_valued_columns",
           "one_hot_column", "real_valued_column", "sparse_column_with_hash_bucket",
           "sparse_column_with_keys", "input_from_feature_columns",
           "weighted_sum_from_feature_columns",
           # layers_more.py
           "avg_pool3d", "conv3d_transpose", "convolution3d_transpose", "max_pool3d", "maxout",
           "safe_embedding_lookup_sparse", "spatial_softmax"]
# TF 1.15's contrib.layers also had these; they are defined with TF-Slim's extra layers in
# contrib/slim/layers.py (which imports this package), so they are looked up on first use
_SLIM_LAYERS = frozenset({"repeat", "stack", "separable_conv2d", "separable_convolution2d",
                          "bias_add", "softmax", "unit_norm", "conv2d_in_plane",
                          "convolution2d_in_plane"})
_missing = missing_attr("contrib.layers", __name__)


def __getattr__(name):
    if name in _SLIM_LAYERS:
        return getattr(importlib.import_module("tfcompat.contrib.slim.layers"), name)
    return _missing(name)

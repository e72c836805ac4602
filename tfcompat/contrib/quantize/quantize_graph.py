"""TF 1.15's contrib/quantize/python/quantize_graph.py: the in-place rewrites of a graph for
quantization-aware training and evaluation (batch norm folding, then fake quantization)."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.contrib.quantize import fold_batch_norms
from tfcompat.contrib.quantize import quantize

# https://www.tensorflow.org/api_docs/cc/group/training-ops
_TRAINING_OPS = frozenset([
    "ApplyAdagrad", "ApplyAdagradDA", "ApplyAdam", "ApplyAddSign", "ApplyCenteredRMSProp",
    "ApplyFtrl", "ApplyFtrlV2", "ApplyGradientDescent", "ApplyMomentum", "ApplyPowerSign",
    "ApplyProximalAdagrad", "ApplyProximalGradientDescent", "ApplyRMSProp",
    "ResourceApplyAdadelta", "ResourceApplyAdagrad", "ResourceApplyAdagradDA",
    "ResourceApplyAdam", "ResourceApplyAddSign", "ResourceApplyCenteredRMSProp",
    "ResourceApplyFtrl", "ResourceApplyFtrlV2", "ResourceApplyGradientDescent",
    "ResourceApplyMomentum", "ResourceApplyPowerSign", "ResourceApplyProximalAdagrad",
    "ResourceApplyProximalGradientDescent", "ResourceApplyRMSProp",
    "ResourceSparseApplyAdadelta", "ResourceSparseApplyAdagrad",
    "ResourceSparseApplyAdagradDA", "ResourceSparseApplyCenteredRMSProp",
    "ResourceSparseApplyFtrl", "ResourceSparseApplyFtrlV2", "ResourceSparseApplyMomentum",
    "ResourceSparseApplyProximalAdagrad", "ResourceSparseApplyProximalGradientDescent",
    "ResourceSparseApplyRMSProp", "SparseApplyAdadelta", "SparseApplyAdagrad",
    "SparseApplyAdagradDA", "SparseApplyCenteredRMSProp", "SparseApplyFtrl",
    "SparseApplyFtrlV2", "SparseApplyMomentum", "SparseApplyProximalAdagrad",
    "SparseApplyProximalGradientDescent", "SparseApplyRMSProp"])


def _create_graph(input_graph=None, is_training=True, weight_bits=8, activation_bits=8,
                  symmetric=False, quant_delay=None, freeze_bn_delay=None, scope=None):
    """Rewrites `input_graph` (default: the default graph) in place."""
    if input_graph is None:
        input_graph = tf.get_default_graph()
    _check_for_training_ops(input_graph)
    with input_graph.as_default():
        fold_batch_norms.FoldBatchNorms(input_graph, freeze_batch_norm_delay=freeze_bn_delay,
                                        is_training=is_training)
        quantize.Quantize(input_graph, is_training, quant_delay=quant_delay,
                          weight_bits=weight_bits, activation_bits=activation_bits,
                          symmetric=symmetric, scope=scope)


def create_training_graph(input_graph=None, quant_delay=0):
    """Rewrites a training graph in place for simulated quantization (8 bits; quantization
    starts after `quant_delay` runs of the graph). Call it before adding the optimizer."""
    _create_graph(input_graph=input_graph, is_training=True, quant_delay=quant_delay,
                  freeze_bn_delay=None)


def create_eval_graph(input_graph=None):
    """Rewrites an eval graph in place for simulated quantization."""
    _create_graph(input_graph=input_graph, is_training=False)


def experimental_create_training_graph(input_graph=None, weight_bits=8, activation_bits=8,
                                       symmetric=False, quant_delay=0, freeze_bn_delay=None,
                                       scope=None):
    """create_training_graph with the bit widths, symmetric ranges, the step after which batch
    norms use (and stop updating) their moving statistics, and a scope to restrict it to."""
    _create_graph(input_graph=input_graph, is_training=True, weight_bits=weight_bits,
                  activation_bits=activation_bits, symmetric=symmetric,
                  quant_delay=quant_delay, freeze_bn_delay=freeze_bn_delay, scope=scope)


def experimental_create_eval_graph(input_graph=None, weight_bits=8, activation_bits=8,
                                   symmetric=False, quant_delay=None, scope=None):
    """create_eval_graph with the bit widths, symmetric ranges and a scope."""
    _create_graph(input_graph=input_graph, is_training=False, weight_bits=weight_bits,
                  activation_bits=activation_bits, symmetric=symmetric,
                  quant_delay=quant_delay, scope=scope)


def _check_for_training_ops(g):
    op_types = set(op.type for op in g.get_operations())
    train_op_list = op_types.intersection(_TRAINING_OPS)
    if train_op_list:
        raise ValueError("Training op found in graph, exiting %s" % train_op_list)

"""TF1 `tf.contrib.layers.summarize_*`: scalar summaries for scalars, histograms for the rest,
and per-activation summaries (fraction of zeros for Relu/Softplus/Relu6, of sixes for Relu6),
as TF 1.15's contrib/layers/python/layers/summaries.py builds them."""
from __future__ import annotations

import functools
import re

import tfcompat as tf

__all__ = ["summarize_tensor", "summarize_activation", "summarize_tensors",
           "summarize_collection", "summarize_variables", "summarize_weights",
           "summarize_biases", "summarize_activations"]


def _add_scalar_summary(tensor, tag=None):
    tensor.get_shape().assert_has_rank(0)
    tag = tag or "%s_summary" % tensor.op.name
    return tf.summary.scalar(tag, tensor)


def _add_histogram_summary(tensor, tag=None):
    tag = tag or "%s_summary" % tensor.op.name
    return tf.summary.histogram(tag, tensor)


def _fraction(compare, op, bound):
    features = op.op.inputs[0]
    return tf.reduce_mean(tf.to_float(compare(features, tf.cast(bound, features.dtype))))


def summarize_activation(op):
    """Histogram of activation `op` (+ fraction of zeros / sixes for Relu-like ops)."""
    if op.op.type in ("Relu", "Softplus", "Relu6"):
        _add_scalar_summary(_fraction(tf.less, op, 0.0), "%s/zeros" % op.op.name)
    if op.op.type == "Relu6":
        _add_scalar_summary(_fraction(tf.greater, op, 6.0), "%s/sixes" % op.op.name)
    return _add_histogram_summary(op, "%s/activation" % op.op.name)


def summarize_tensor(tensor, tag=None):
    """A scalar summary for a scalar, a histogram otherwise; None for string/bool tensors."""
    if tensor.dtype.is_compatible_with(tf.string) or tensor.dtype.base_dtype == tf.bool:
        return None
    if tensor.get_shape().ndims == 0:
        return _add_scalar_summary(tensor, tag)
    return _add_histogram_summary(tensor, tag)


def summarize_tensors(tensors, summarizer=summarize_tensor):
    return [summarizer(tensor) for tensor in tensors]


def summarize_collection(collection, name_filter=None, summarizer=summarize_tensor):
    """Summaries of a collection's tensors whose op names match `name_filter` (re.match)."""
    tensors = [t for t in tf.get_collection(collection)
               if name_filter is None or re.match(name_filter, t.op.name)]
    return summarize_tensors(tensors, summarizer)


summarize_variables = functools.partial(summarize_collection, tf.GraphKeys.GLOBAL_VARIABLES)
summarize_weights = functools.partial(summarize_collection, tf.GraphKeys.WEIGHTS)
summarize_biases = functools.partial(summarize_collection, tf.GraphKeys.BIASES)


def summarize_activations(name_filter=None, summarizer=summarize_activation):
    return summarize_collection(tf.GraphKeys.ACTIVATIONS, name_filter, summarizer)

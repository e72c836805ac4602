"""`slim.summaries` (TF 1.15): histogram, image, scalar and zero-fraction summaries named
after the tensor's op (`prefix/<op name>`), optionally printed when evaluated."""
from __future__ import annotations

from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import add_to_collection
from tfcompat.ops import logging_ops
from tfcompat.ops import nn_impl
from tfcompat.summary import summary_ops

__all__ = ["add_histogram_summary", "add_image_summary", "add_scalar_summary",
           "add_zero_fraction_summary", "add_histogram_summaries", "add_image_summaries",
           "add_scalar_summaries", "add_zero_fraction_summaries"]


def _get_summary_name(tensor, name=None, prefix=None, postfix=None):
    name = name or tensor.op.name
    if prefix:
        name = prefix + "/" + name
    if postfix:
        name = name + "/" + postfix
    return name


def _printed(op, tensor, summary_name):
    """The summary wrapped in a Print of `tensor`; that one goes in SUMMARIES instead."""
    op = logging_ops.Print(op, [tensor], summary_name)
    add_to_collection(GraphKeys.SUMMARIES, op)
    return op


def add_histogram_summary(tensor, name=None, prefix=None):
    return summary_ops.histogram(_get_summary_name(tensor, name, prefix), tensor)


def add_image_summary(tensor, name=None, prefix=None, print_summary=False):
    summary_name = _get_summary_name(tensor, name, prefix)
    op = summary_ops.image(name=summary_name, tensor=tensor,
                           collections=[] if print_summary else None)
    return _printed(op, tensor, summary_name) if print_summary else op


def add_scalar_summary(tensor, name=None, prefix=None, print_summary=False):
    summary_name = _get_summary_name(tensor, name, prefix)
    op = summary_ops.scalar(name=summary_name, tensor=tensor,
                            collections=[] if print_summary else None)
    return _printed(op, tensor, summary_name) if print_summary else op


def add_zero_fraction_summary(tensor, name=None, prefix=None, print_summary=False):
    """A scalar `<name>/Fraction_of_Zero_Values` (tf.nn.zero_fraction)."""
    name = _get_summary_name(tensor, name, prefix, "Fraction_of_Zero_Values")
    return add_scalar_summary(nn_impl.zero_fraction(tensor), name,
                              print_summary=print_summary)


def add_histogram_summaries(tensors, prefix=None):
    return [add_histogram_summary(t, prefix=prefix) for t in tensors]


def add_image_summaries(tensors, prefix=None):
    return [add_image_summary(t, prefix=prefix) for t in tensors]


def add_scalar_summaries(tensors, prefix=None, print_summary=False):
    return [add_scalar_summary(t, prefix=prefix, print_summary=print_summary)
            for t in tensors]


def add_zero_fraction_summaries(tensors, prefix=None):
    return [add_zero_fraction_summary(t, prefix=prefix) for t in tensors]

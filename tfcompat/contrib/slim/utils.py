"""`slim.utils` (TF 1.15's tf.contrib.layers utils): output aliases and
`convert_collection_to_dict` (how slim nets return their end_points), smart_cond and the
shape helpers."""
from __future__ import annotations

import collections as py_collections

from tfcompat.contrib.layers.layers import collect_named_outputs
from tfcompat.framework import tensor_util
from tfcompat.framework.graph import get_collection
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.operation import Tensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import control_flow_ops
from tfcompat.variables import Variable

__all__ = ["collect_named_outputs", "append_tensor_alias", "gather_tensors_aliases",
           "get_tensor_aliases", "convert_collection_to_dict", "constant_value",
           "static_cond", "smart_cond", "get_variable_collections", "channel_dimension",
           "last_dimension", "two_element_tuple", "n_positive_integers"]


def append_tensor_alias(tensor, alias):
    """Appends `alias` (less a trailing '/') to `tensor.aliases`."""
    if alias[-1] == "/":
        alias = alias[:-1]
    if hasattr(tensor, "aliases"):
        tensor.aliases.append(alias)
    else:
        tensor.aliases = [alias]
    return tensor


def get_tensor_aliases(tensor):
    """`tensor.aliases`, else its op name (output 0) or its name."""
    if hasattr(tensor, "aliases"):
        return tensor.aliases
    return [tensor.op.name] if tensor.name[-2:] == ":0" else [tensor.name]


def gather_tensors_aliases(tensors):
    aliases = []
    for tensor in tensors:
        aliases += get_tensor_aliases(tensor)
    return aliases


def convert_collection_to_dict(collection, clear_collection=False):
    """{alias: tensor} over the tensors of `collection`, in collection order."""
    output = py_collections.OrderedDict(
        (alias, tensor) for tensor in get_collection(collection)
        for alias in get_tensor_aliases(tensor))
    if clear_collection:
        get_default_graph().clear_collection(collection)
    return output


def constant_value(value_or_tensor_or_var, dtype=None):
    """The value of a Python value or a constant tensor; None for a variable or a tensor whose
    value is not known while building."""
    if value_or_tensor_or_var is None:
        raise ValueError("value_or_tensor_or_var cannot be None")
    value = value_or_tensor_or_var
    if isinstance(value_or_tensor_or_var, (Tensor, Variable)):
        if dtype and value_or_tensor_or_var.dtype != dtype:
            raise ValueError("It has the wrong type %s instead of %s"
                             % (value_or_tensor_or_var.dtype, dtype))
        if isinstance(value_or_tensor_or_var, Variable):
            value = None
        else:
            value = tensor_util.constant_value(value_or_tensor_or_var)
    return value


def static_cond(pred, fn1, fn2):
    if not callable(fn1):
        raise TypeError("fn1 must be callable.")
    if not callable(fn2):
        raise TypeError("fn2 must be callable.")
    return fn1() if pred else fn2()


def smart_cond(pred, fn1, fn2, name=None):
    """fn1() or fn2() when `pred` is known while building, else tf.cond."""
    pred_value = constant_value(pred)
    if pred_value is not None:
        return static_cond(pred_value, fn1, fn2)
    return control_flow_ops.cond(pred, fn1, fn2, name=name)


def get_variable_collections(variables_collections, name):
    if isinstance(variables_collections, dict):
        return variables_collections.get(name, None)
    return variables_collections


def _get_dimension(shape, dim, min_rank=1):
    dims = shape.dims
    if dims is None:
        raise ValueError("dims of shape must be known but is None")
    if len(dims) < min_rank:
        raise ValueError("rank of shape must be at least %d not: %d" % (min_rank, len(dims)))
    value = dims[dim].value
    if value is None:
        raise ValueError("dimension %d of shape must be known but is None: %s" % (dim, shape))
    return value


def channel_dimension(shape, data_format, min_rank=1):
    return _get_dimension(shape, 1 if data_format == "channels_first" else -1,
                          min_rank=min_rank)


def last_dimension(shape, min_rank=1):
    return _get_dimension(shape, -1, min_rank=min_rank)


def two_element_tuple(int_or_tuple):
    if isinstance(int_or_tuple, (list, tuple)):
        if len(int_or_tuple) != 2:
            raise ValueError("Must be a list with 2 elements: %s" % int_or_tuple)
        return int(int_or_tuple[0]), int(int_or_tuple[1])
    if isinstance(int_or_tuple, int):
        return int(int_or_tuple), int(int_or_tuple)
    if isinstance(int_or_tuple, TensorShape) and len(int_or_tuple) == 2:
        return int_or_tuple[0], int_or_tuple[1]
    raise ValueError("Must be an int, a list with 2 elements or a TensorShape of length 2")


def n_positive_integers(n, value):
    """`value` as a tuple of `n` positive ints (an int is repeated)."""
    n_orig = n
    n = int(n)
    if n < 1 or n != n_orig:
        raise ValueError("n must be a positive integer")
    try:
        value = int(value)
    except (TypeError, ValueError):
        if len(value) != n:
            raise ValueError("Expected sequence of %d positive integers, but received %r"
                             % (n, value))
        try:
            values = tuple(int(x) for x in value)
        except (TypeError, ValueError):
            raise ValueError("Expected sequence of %d positive integers, but received %r"
                             % (n, value))
        for x in values:
            if x < 1:
                raise ValueError("expected positive integer, but received %d" % x)
        return values
    if value < 1:
        raise ValueError("expected positive integer, but received %d" % value)
    return (value,) * n

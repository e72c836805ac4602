"""String ops: `StringJoin` (tf.string_join / tf.strings.join: elementwise concatenation, with
scalars broadcast) and `StringLength` (tf.strings.length, in bytes or UTF-8 characters).

String tensors are numpy object arrays of `bytes` on the host (see framework/host_strings.py);
these lowerings take and make them directly, and return numbers as torch tensors.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops._ragged_entry import ragged_entry

_UNITS = ("BYTE", "UTF8_CHAR")


def _as_bytes(value):
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _string_join_infer(op, *inputs, separator=""):
    if all(t.shape.ndims == 0 for t in inputs):
        return [(dtypes.string, TensorShape([]))]
    out = None
    for t in inputs:   # inputs of unknown rank may be scalars: they do not constrain the shape
        if t.shape.ndims not in (None, 0):
            out = fns.merge_shapes(op, list(inputs), out, t.shape.as_list())
    return [(dtypes.string, TensorShape(out) if out is not None
             else tensor_shape.unknown_shape())]


@register_op("StringJoin", inputs=("inputs: N*string",), infer=_string_join_infer,
             attrs={"separator": ""}, host_only=True, differentiable=False)
def _lower_string_join(ctx, *inputs, separator=""):
    arrays = [np.asarray(v, dtype=object) for v in inputs]
    shape = ()
    for a in arrays:
        if a.ndim:
            if shape and a.shape != shape:
                raise errors.InvalidArgumentError(
                    None, ctx.op, "Input shapes do not match: [%s] vs. [%s]"
                    % (",".join(map(str, shape)), ",".join(map(str, a.shape))))
            shape = a.shape
    sep = _as_bytes(separator)
    flat = [np.broadcast_to(a, shape).reshape(-1) for a in arrays]
    out = np.empty(int(np.prod(shape, dtype=np.int64)), dtype=object)
    for i in range(out.size):
        out[i] = sep.join(_as_bytes(f[i]) for f in flat)
    return out.reshape(shape)


def _string_length_infer(op, x, *, unit="BYTE"):
    if unit not in _UNITS:
        raise ValueError("Attr 'unit' of 'StringLength' Op passed string '%s' not in: %s."
                         % (unit, ", ".join('"%s"' % u for u in _UNITS)))
    return [(dtypes.int32, x.shape)]


def _utf8_length(data: bytes) -> int:
    """UTF-8 characters as TF counts them: the bytes that are not continuation bytes."""
    return sum(1 for b in data if (b & 0xC0) != 0x80)


@register_op("StringLength", inputs=("input: string",), infer=_string_length_infer,
             attrs={"unit": "BYTE"}, host_only=True, differentiable=False)
def _lower_string_length(ctx, x, *, unit="BYTE"):
    array = np.asarray(x, dtype=object)
    count = len if unit == "BYTE" else _utf8_length
    lengths = [count(_as_bytes(v)) for v in array.reshape(-1).tolist()]
    return torch.tensor(lengths, dtype=torch.int32).reshape(array.shape)


@ragged_entry
def string_join(inputs, separator="", name=None):
    """TF1 `tf.string_join` / `tf.strings.join`."""
    return apply_op("StringJoin", [list(inputs)], name=name or "StringJoin",
                    separator=separator)


@ragged_entry
def string_length(input, name=None, unit="BYTE"):
    """TF1 `tf.strings.length`: each string's length in bytes or UTF-8 characters."""
    return apply_op("StringLength", [input], name=name or "StringLength", unit=unit)

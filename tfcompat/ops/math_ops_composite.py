"""TF math functions composed of other ops, built as TF's math_ops builds them:
`reduce_variance` / `reduce_std` (tf.math.*: Mean, Sub, Square (or Conj * x, Real), Mean, Sqrt)
`log_sigmoid`, and the generated TF1 spellings `arg_min` / `arg_max` (one ArgMin / ArgMax op).
"""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops._ragged_entry import ragged_entry


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """TF `tf.math.reduce_variance`: the mean squared deviation from the mean (real-valued for
    complex input)."""
    with name_scope(name or "reduce_variance"):
        input_tensor = convert_to_tensor(input_tensor)
        means = reduction_ops.reduce_mean(input_tensor, axis=axis, keepdims=True)
        if means.dtype.is_integer:
            raise TypeError("Input must be either real or complex. Received integer type %s."
                            % means.dtype)
        diff = input_tensor - means
        if diff.dtype.is_complex:
            real_dtype = diff.dtype.real_dtype
            squared = apply_op("Real", [apply_op("Mul", [apply_op("Conj", [diff]), diff])],
                               Tout=real_dtype)
        else:
            squared = math_ops.square(diff)
        return reduction_ops.reduce_mean(squared, axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """TF `tf.math.reduce_std`: the square root of `reduce_variance`."""
    with name_scope(name or "reduce_std"):
        input_tensor = convert_to_tensor(input_tensor)
        variance = reduce_variance(input_tensor, axis=axis, keepdims=keepdims)
        return math_ops.sqrt(variance)


@ragged_entry
def log_sigmoid(x, name=None):
    """TF1 `tf.log_sigmoid` / `tf.math.log_sigmoid`: -softplus(-x), as TF builds it
    (`LogSigmoid/Neg`, `LogSigmoid/Softplus`, then `LogSigmoid` the outer Neg)."""
    with name_scope(name, "LogSigmoid", [x]) as name:
        x = convert_to_tensor(x, name="x")
        return apply_op("Neg", [apply_op("Softplus", [-x], name="Softplus")], name=name)


def arg_min(input, dimension, output_type=dtypes.int64, name=None):
    """TF1 `tf.arg_min`: the generated op function (an ArgMin op; `dimension` required)."""
    return apply_op("ArgMin", [input, dimension], name=name or "ArgMin",
                    output_type=dtypes.as_dtype(output_type))


def arg_max(input, dimension, output_type=dtypes.int64, name=None):
    """TF1 `tf.arg_max`: the generated op function (an ArgMax op; `dimension` required)."""
    return apply_op("ArgMax", [input, dimension], name=name or "ArgMax",
                    output_type=dtypes.as_dtype(output_type))

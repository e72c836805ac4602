"""More of tf.math: Complex/Angle, InvertPermutation, CumulativeLogsumexp, HistogramFixedWidth,
DenseBincount, and TF's Python composites over them (bincount, confusion_matrix, polyval,
accumulate_n, histogram_fixed_width_bins, to_complex64/128).
"""
from __future__ import annotations

import math

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.registry import register_op
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import check_ops
from tfcompat.ops import clip_ops
from tfcompat.ops import control_flow_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_grad
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops import scatter_nd_ops
from tfcompat.ops.control_flow_ops import Assert
from tfcompat.ops._ragged_entry import ragged_entry


# -- Complex, Angle ------------------------------------------------------------------------

def _complex_infer(op, real, imag, *, Tout):
    return [(Tout, shape_rules.broadcast_shape(op, real, imag))]


@register_op("Complex", inputs=("real: T", "imag: T"), infer=_complex_infer,
             attrs={"Tout": dtypes.complex64})
def _lower_complex(ctx, real, imag, *, Tout):
    real, imag = torch.broadcast_tensors(real, imag)
    return torch.complex(real, imag).to(Tout.torch_dtype)


@register_op("Angle", inputs=("input: T",), infer=lambda op, x, *, Tout: [(Tout, x.shape)],
             attrs={"Tout": dtypes.float32})
def _lower_angle(ctx, x, *, Tout):
    return math_grad.angle(x).to(Tout.torch_dtype)


@ragged_entry
def complex(real, imag, name=None):  # noqa: A001 - TF's name
    """TF1 `tf.complex`: real + imag * 1j (float32 -> complex64, float64 -> complex128)."""
    real = convert_to_tensor(real, name="real")
    imag = convert_to_tensor(imag, name="imag")
    with name_scope(name, "Complex", [real, imag]) as name:
        types = (real.dtype.base_dtype, imag.dtype.base_dtype)
        if types == (dtypes.float64, dtypes.float64):
            tout = dtypes.complex128
        elif types == (dtypes.float32, dtypes.float32):
            tout = dtypes.complex64
        else:
            raise TypeError("The `real` and `imag` components have incorrect types: %s %s. They "
                            "must be consistent, and one of [tf.float32, tf.float64]"
                            % (real.dtype.name, imag.dtype.name))
        return apply_op("Complex", [real, imag], name=name, Tout=tout)


@ragged_entry
def angle(input, name=None):  # noqa: A002 - TF's argument name
    """TF1 `tf.math.angle`: the argument of a complex tensor; of a real one, pi where x < 0."""
    with name_scope(name, "Angle", [input]) as name:
        x = convert_to_tensor(input, name="input")
        if x.dtype.is_complex:
            return apply_op("Angle", [x], name=name, Tout=x.dtype.real_dtype)
        return indexing_ops.where(x < 0, np.pi * array_ops_join.ones_like(x),
                                  array_ops_join.zeros_like(x))


def to_complex64(x, name="ToComplex64"):
    return math_ops.cast(x, dtypes.complex64, name=name)


def to_complex128(x, name="ToComplex128"):
    return math_ops.cast(x, dtypes.complex128, name=name)


# -- InvertPermutation ---------------------------------------------------------------------

def _invert_permutation_infer(op, x):
    if x.shape.ndims is not None and x.shape.ndims != 1:
        raise shape_rules.shape_error("Shape must be rank 1 but is rank %d" % x.shape.ndims,
                                      op, [x])
    return [(x.dtype.base_dtype, x.shape if x.shape.ndims else tensor_shape.unknown_shape(1))]


@register_op("InvertPermutation", inputs=("x: T",), infer=_invert_permutation_infer,
             differentiable=False)
def _lower_invert_permutation(ctx, x):
    n = x.shape[0]
    values = x.cpu().tolist()
    seen = [False] * n
    for v in values:
        if not 0 <= v < n:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "%d is not between 0 and %d" % (v, n))
        if seen[v]:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "%d is duplicated in the input." % v)
        seen[v] = True
    out = torch.empty_like(x)
    out[x.long()] = torch.arange(n, dtype=x.dtype, device=x.device)
    return out


def invert_permutation(x, name=None):
    """TF1 `tf.math.invert_permutation`: y with y[x[i]] = i."""
    return apply_op("InvertPermutation", [x], name=name)


# -- CumulativeLogsumexp -------------------------------------------------------------------

@register_op("CumulativeLogsumexp", inputs=("x: T", "axis: Tidx"), infer=shape_rules.same_shape,
             attrs={"exclusive": False, "reverse": False})
def _lower_cumulative_logsumexp(ctx, x, axis, *, exclusive=False, reverse=False):
    dim = int(axis)
    dim = dim + x.dim() if dim < 0 else dim
    if not 0 <= dim < max(x.dim(), 1):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "ScanOp: Expected scan axis in the range [%d, %d), but got %d"
                              % (-x.dim(), x.dim(), int(axis)))
    wide = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    if reverse:
        wide = wide.flip(dim)
    if exclusive:
        pad = torch.full_like(wide.narrow(dim, 0, 1), -math.inf)
        wide = torch.cat([pad, wide.narrow(dim, 0, wide.shape[dim] - 1)], dim)
    out = torch.logcumsumexp(wide, dim)
    if reverse:
        out = out.flip(dim)
    return out.to(x.dtype)


def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    """TF1 `tf.math.cumulative_logsumexp`: log(cumsum(exp(x))) along `axis`, computed stably."""
    with name_scope(name, "CumulativeLogsumexp", [x]) as name:
        x = convert_to_tensor(x, name="x")
        return apply_op("CumulativeLogsumexp", [x, axis], name=name, exclusive=exclusive,
                        reverse=reverse)


# -- HistogramFixedWidth -------------------------------------------------------------------

def _histogram_infer(op, values, value_range, nbins, *, dtype):
    n = constant_value(nbins)
    if n is not None and int(n) <= 0:
        raise shape_rules.shape_error("Requires nbins > 0: %d" % int(n), op,
                                      [values, value_range, nbins], computed={2: n})
    return [(dtype, tensor_shape.TensorShape([None if n is None else int(n)]))]


@register_op("HistogramFixedWidth", inputs=("values: T", "value_range: T", "nbins: int32"),
             infer=_histogram_infer, attrs={"dtype": dtypes.int32}, differentiable=False)
def _lower_histogram_fixed_width(ctx, values, value_range, nbins, *, dtype):
    n = int(nbins)
    if n <= 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "nbins should be a positive number, but got '%d'" % n)
    lo, hi = value_range[0].double(), value_range[1].double()
    if not bool(lo < hi):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "value_range should satisfy value_range[0] < value_range[1], but "
                              "got '[%g, %g]'" % (value_range[0].item(), value_range[1].item()))
    if values.is_floating_point() and bool(torch.isnan(values).any()):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Histogram values must not contain NaN")
    # TF's kernel: floor((v - lo) / ((hi - lo) / nbins)) in double, clamped to [0, nbins)
    step = (hi - lo) / n
    index = torch.floor((values.reshape(-1).double() - lo) / step).clamp(0, n - 1).long()
    counts = torch.bincount(index, minlength=n)
    return counts.to(dtype.torch_dtype)


def histogram_fixed_width(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    """TF1 `tf.histogram_fixed_width`: counts of `values` in `nbins` equal bins of
    `value_range` (values outside fall in the first or last bin)."""
    with name_scope(name, "histogram_fixed_width", [values, value_range, nbins]) as name:
        return apply_op("HistogramFixedWidth", [values, value_range, nbins], name=name,
                        dtype=dtypes.as_dtype(dtype))


def histogram_fixed_width_bins(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    """TF1 `tf.histogram_fixed_width_bins`: the bin index of each value (as TF, a composite)."""
    with name_scope(name, "histogram_fixed_width_bins", [values, value_range, nbins]):
        values = convert_to_tensor(values, name="values")
        shape = array_ops.shape(values)
        values = array_ops.reshape(values, [-1])
        value_range = convert_to_tensor(value_range, name="value_range")
        nbins = convert_to_tensor(nbins, dtype=dtypes.int32, name="nbins")
        check = Assert(math_ops.greater(nbins, 0), ["nbins %s must > 0" % nbins])
        nbins = control_flow_ops.with_dependencies([check], nbins)
        nbins_float = math_ops.cast(nbins, values.dtype)
        scaled_values = math_ops.truediv(values - value_range[0],
                                         value_range[1] - value_range[0], name="scaled_values")
        indices = math_ops.floor(nbins_float * scaled_values, name="indices")
        indices = math_ops.cast(clip_ops.clip_by_value(indices, 0, nbins_float - 1),
                                dtypes.int32)
        return array_ops.reshape(indices, shape)


# -- DenseBincount -------------------------------------------------------------------------

def _dense_bincount_infer(op, arr, size, weights, *, binary_output=False):
    n = constant_value(size)
    n = None if n is None else int(n)
    if arr.shape.ndims == 2:
        return [(weights.dtype.base_dtype, tensor_shape.TensorShape([arr.shape[0], n]))]
    return [(weights.dtype.base_dtype, tensor_shape.TensorShape([n]))]


@register_op("DenseBincount", inputs=("input: Tidx", "size: Tidx", "weights: T"),
             infer=_dense_bincount_infer, attrs={"binary_output": False}, differentiable=False)
def _lower_dense_bincount(ctx, arr, size, weights, *, binary_output=False):
    n = int(size)
    if n < 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "size (%d) must be non-negative" % n)
    if arr.numel() and bool((arr < 0).any()):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Input arr must be non-negative!")
    rows = arr.reshape(1, -1) if arr.dim() < 2 else arr
    w = weights.reshape(rows.shape) if weights.numel() else None
    out = torch.zeros((rows.shape[0], n), dtype=weights.dtype, device=arr.device)
    keep = rows < n
    row_ids = torch.arange(rows.shape[0], device=arr.device).unsqueeze(1).expand_as(rows)
    flat = (row_ids * n + rows.long())[keep]
    values = torch.ones_like(flat, dtype=weights.dtype) if w is None else w[keep]
    out = out.reshape(-1).index_add(0, flat, values) if flat.numel() else out.reshape(-1)
    out = out.reshape(rows.shape[0], n)
    if binary_output:
        out = (out != 0).to(weights.dtype)
    return out if arr.dim() == 2 else out.reshape(n)


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=dtypes.int32, name=None):
    """TF1 `tf.math.bincount`: counts (or summed weights) of each value of `arr`; its length is
    max(arr) + 1 (0 for an empty arr), at least `minlength`, at most `maxlength`."""
    with name_scope(name, "bincount"):
        arr = convert_to_tensor(arr, name="arr")
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
        if not arr.dtype.is_integer:
            arr = math_ops.cast(arr, dtypes.int32)
        array_is_nonempty = array_ops.size(arr) > 0
        output_size = math_ops.cast(array_is_nonempty, arr.dtype) * (
            reduction_ops.reduce_max(arr) + 1)
        if minlength is not None:
            minlength = convert_to_tensor(minlength, name="minlength", dtype=arr.dtype)
            output_size = math_ops.maximum(minlength, output_size)
        if maxlength is not None:
            maxlength = convert_to_tensor(maxlength, name="maxlength", dtype=arr.dtype)
            output_size = math_ops.minimum(maxlength, output_size)
        if weights is not None:
            weights = array_ops.reshape(weights, [-1])
        arr = array_ops.reshape(arr, [-1])
        if weights is None:
            weights = convert_to_tensor(np.zeros([0], dtypes.as_dtype(dtype).as_numpy_dtype))
        return apply_op("DenseBincount", [arr, output_size, weights], binary_output=False)


# -- confusion_matrix, polyval, accumulate_n -------------------------------------------------

def _squeeze_last(labels, predictions):
    # TF's remove_squeezable_dimensions with static ranks: drop a trailing 1 of the longer one
    lr, pr = labels.shape.ndims, predictions.shape.ndims
    if lr is not None and pr is not None:
        if pr - lr == 1 and predictions.shape[-1] == 1:
            predictions = array_ops.squeeze(predictions, [-1])
        elif lr - pr == 1 and labels.shape[-1] == 1:
            labels = array_ops.squeeze(labels, [-1])
    return labels, predictions


def confusion_matrix(labels, predictions, num_classes=None, dtype=dtypes.int32, name=None,
                     weights=None):
    """TF1 `tf.math.confusion_matrix`: counts (or summed weights) of (label, prediction)
    pairs, a [num_classes, num_classes] matrix with labels as rows."""
    with name_scope(name, "confusion_matrix", (predictions, labels, num_classes, weights)):
        labels, predictions = _squeeze_last(convert_to_tensor(labels, name="labels"),
                                            convert_to_tensor(predictions, name="predictions"))
        predictions = math_ops.cast(predictions, dtypes.int64)
        labels = math_ops.cast(labels, dtypes.int64)
        labels = control_flow_ops.with_dependencies([check_ops.assert_non_negative(
            labels, message="`labels` contains negative values")], labels)
        predictions = control_flow_ops.with_dependencies([check_ops.assert_non_negative(
            predictions, message="`predictions` contains negative values")], predictions)
        if num_classes is None:
            num_classes = math_ops.maximum(reduction_ops.reduce_max(predictions),
                                           reduction_ops.reduce_max(labels)) + 1
        else:
            num_classes_int64 = math_ops.cast(num_classes, dtypes.int64)
            labels = control_flow_ops.with_dependencies([check_ops.assert_less(
                labels, num_classes_int64, message="`labels` out of bound")], labels)
            predictions = control_flow_ops.with_dependencies([check_ops.assert_less(
                predictions, num_classes_int64, message="`predictions` out of bound")],
                predictions)
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
            predictions.shape.assert_is_compatible_with(weights.shape)
            weights = math_ops.cast(weights, dtype)
        shape = array_ops_join.stack([num_classes, num_classes])
        indices = array_ops_join.stack([labels, predictions], axis=1)
        values = array_ops_join.ones_like(predictions, dtype) if weights is None else weights
        return scatter_nd_ops.scatter_nd(indices=indices, updates=values,
                                         shape=math_ops.cast(shape, dtypes.int64))


def polyval(coeffs, x, name=None):
    """TF1 `tf.math.polyval`: coeffs[0] * x^(n-1) + ... + coeffs[n-1], by Horner's rule."""
    if not isinstance(coeffs, list):
        raise ValueError("Argument coeffs must be list type found {}.".format(type(coeffs)))
    with name_scope(name, "polyval", list(coeffs) + [x]):
        x = convert_to_tensor(x, name="x")
        if len(coeffs) < 1:
            return array_ops_join.zeros_like(x, name=name)
        coeffs = [convert_to_tensor(c, name="coeff_%d" % i) for i, c in enumerate(coeffs)]
        p = coeffs[0]
        for c in coeffs[1:]:
            p = c + p * x
        return p


def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None):
    """TF1 `tf.math.accumulate_n`: the sum of `inputs` (as TF 2.x, one AddN)."""
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError("inputs must be a list of at least one Tensor with the same dtype "
                         "and shape")
    inputs = [convert_to_tensor(t) for t in inputs]
    if not all(t.dtype == inputs[0].dtype for t in inputs):
        raise ValueError("inputs must be a list of at least one Tensor with the same dtype "
                         "and shape")
    if tensor_dtype is not None and dtypes.as_dtype(tensor_dtype) != inputs[0].dtype.base_dtype:
        raise TypeError("tensor_dtype is {}, but input is of type {}".format(
            tensor_dtype, inputs[0].dtype))
    if shape is not None:
        shape = tensor_shape.as_shape(shape)
        for t in inputs:
            if not shape.is_compatible_with(t.shape):
                raise ValueError("Shape of input {} is incompatible with {}".format(t, shape))
    return math_ops.add_n(inputs, name=name)


# -- SobolSample ---------------------------------------------------------------------------

def _sobol_infer(op, dim, num_results, skip, *, dtype=dtypes.float32):
    d, n = constant_value(dim), constant_value(num_results)
    return [(dtype, tensor_shape.TensorShape([None if n is None else int(n),
                                              None if d is None else int(d)]))]


@register_op("SobolSample", inputs=("dim: int32", "num_results: int32", "skip: int32"),
             infer=_sobol_infer, attrs={"dtype": dtypes.float32}, differentiable=False)
def _lower_sobol_sample(ctx, dim, num_results, skip, *, dtype=dtypes.float32):
    d, n, k = int(dim), int(num_results), int(skip)
    for bad, message in ((d < 1, "dim must be at least one"),
                         (n < 1, "num_results must be at least one"),
                         (k < 0, "skip must be non-negative")):
        if bad:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op, message)
    # torch's engine uses TF's Joe-Kuo direction numbers; TF's sequence leaves out the
    # all-zeros first point
    engine = torch.quasirandom.SobolEngine(d, scramble=False)
    engine.fast_forward(k + 1)
    return engine.draw(n, dtype=torch.float64).to(device=ctx.device, dtype=dtype.torch_dtype)


def sobol_sample(dim, num_results, skip=0, dtype=dtypes.float32, name=None):
    """TF `tf.math.sobol_sample`: `num_results` points of the `dim`-dimensional Sobol
    sequence after `skip`."""
    with name_scope(name, "sobol", [dim, num_results, skip]):
        return apply_op("SobolSample", [dim, num_results, skip],
                        dtype=dtypes.as_dtype(dtype))

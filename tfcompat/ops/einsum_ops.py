"""Tensor contractions: the `Einsum` op (tf.einsum, one or two operands; more are contracted
pairwise, as TF splits them into two-operand Einsum ops) and TF's composite `tensordot`
(Transpose + Reshape + MatMul, as TF's math_ops builds it), with `ListDiff` (tf.setdiff1d),
which tensordot needs for tensors of unknown rank.
"""
from __future__ import annotations

import collections
import re

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import array_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import reduction_ops

_ELLIPSIS = "."   # "..." in an equation, one label character once parsed


# -- parsing an equation ------------------------------------------------------------------------

def _parse(equation):
    """(input label strings, output labels) with "..." as one `_ELLIPSIS`; raises TF's texts."""
    if equation.count("->") != 1:
        raise ValueError("Expecting exactly one '->' in einsum equation: %s" % equation)
    inputs, output = equation.replace("...", _ELLIPSIS).split("->")
    return inputs.split(","), output


def _parsed_for_op(op, inputs, equation):
    try:
        labels, output = _parse(equation)
    except ValueError as e:
        raise shape_rules.shape_error(str(e), op, inputs) from None
    if len(labels) not in (1, 2):
        raise shape_rules.shape_error("Expecting 1 or 2 input subscripts in equation '%s' but "
                                      "got: %d" % (equation, len(labels)), op, inputs)
    if len(labels) != len(inputs):
        raise shape_rules.shape_error("Expected %d inputs for equation %s but got: %d"
                                      % (len(labels), equation, len(inputs)), op, inputs)
    seen = set("".join(labels))
    for label in output:
        if label != _ELLIPSIS and label not in seen:
            raise shape_rules.shape_error(
                "Einsum output subscripts for equation '%s' has label '%s' which is not present "
                "in the input subscripts" % (equation, label), op, inputs)
    return labels, output


# -- static shape (TF's EinsumShapeFn) ----------------------------------------------------------

def _einsum_infer(op, *inputs, equation):
    labels, output = _parsed_for_op(op, inputs, equation)
    dtype = inputs[0].dtype.base_dtype
    sizes: dict = {}
    batch_shapes = []
    for labels_i, t in zip(labels, inputs):
        named = labels_i.replace(_ELLIPSIS, "")
        has_ellipsis = _ELLIPSIS in labels_i
        if t.shape.ndims is None:
            if has_ellipsis:
                return [(dtype, tensor_shape.unknown_shape())]
            dims = [None] * len(named)
        else:
            dims = t.shape.as_list()
            if not has_ellipsis and len(dims) != len(named):
                raise ValueError("Shape must be rank %d but is rank %d" % (len(named), len(dims)))
            if has_ellipsis and len(dims) < len(named):
                raise ValueError("Shape must be at least rank %d but is rank %d"
                                 % (len(named), len(dims)))
        start = labels_i.find(_ELLIPSIS)
        batch_rank = len(dims) - len(named)
        if has_ellipsis:
            batch_shapes.append(dims[start:start + batch_rank])
            dims = dims[:start] + dims[start + batch_rank:]
        for label, d in zip(named, dims):
            sizes[label] = fns.merge_dim(op, list(inputs), sizes.get(label), d)
    batch = _broadcast(op, list(inputs), batch_shapes)
    if _ELLIPSIS not in output and batch:
        raise ValueError("Shape must be at most rank 0 but is rank %d" % len(batch))
    out = []
    for label in output:
        out.extend(batch if label == _ELLIPSIS else [sizes.get(label)])
    return [(dtype, TensorShape(out))]


def _broadcast(op, inputs, shapes):
    out: list = []
    for shape in shapes:
        n = max(len(out), len(shape))
        a, b = [1] * (n - len(out)) + out, [1] * (n - len(shape)) + list(shape)
        out = [q if p == 1 else p if q == 1 else fns.merge_dim(op, inputs, p, q)
               for p, q in zip(a, b)]
    return out


# -- the Einsum op ------------------------------------------------------------------------------

def _fail(ctx, message):
    raise errors.InvalidArgumentError(None, ctx.op, message)


def _fmt(shape):
    return "[%s]" % ",".join(str(int(d)) for d in shape)


def _check_runtime(ctx, labels, values):
    """The kernel's checks of the operands' ranks and label sizes, with its texts."""
    sizes: dict = {}
    batches = []
    for i, (labels_i, v) in enumerate(zip(labels, values)):
        named = labels_i.replace(_ELLIPSIS, "")
        if _ELLIPSIS not in labels_i and v.dim() != len(named):
            _fail(ctx, "Expected input %d to have rank %d but got: %d" % (i, len(named), v.dim()))
        if v.dim() < len(named):
            _fail(ctx, "Expected input %d to have rank at least %d but got: %d"
                  % (i, len(named), v.dim()))
        start = labels_i.find(_ELLIPSIS)
        batch_rank = v.dim() - len(named)
        axes = list(range(v.dim()))
        if start >= 0:
            batches.append(tuple(v.shape[start:start + batch_rank]))
            axes = axes[:start] + axes[start + batch_rank:]
        for label, axis in zip(named, axes):
            size = v.shape[axis]
            if sizes.setdefault(label, size) != size:
                _fail(ctx, "Expected dimension %d at axis %d of the input shaped %s but got "
                      "dimension %d" % (sizes[label], axis, _fmt(v.shape), size))
    if len(batches) == 2:
        try:
            torch.broadcast_shapes(*batches)
        except RuntimeError:
            _fail(ctx, "In[0] and In[1] must have compatible batch dimensions: %s vs. %s"
                  % (_fmt(values[0].shape), _fmt(values[1].shape)))


@register_op("Einsum", inputs=("inputs: N*T",), infer=_einsum_infer, attrs={"equation": None})
def _lower_einsum(ctx, *values, equation):
    labels, output = _parse(equation)
    _check_runtime(ctx, labels, values)
    if len(set(output)) != len(output):
        _fail(ctx, "Einsum: output subscripts %r repeat a label, which tfcompat does not "
              "support" % output.replace(_ELLIPSIS, "..."))
    return torch.einsum(equation, *values).to(values[0].dtype)  # torch sums ints in int64


# -- tf.einsum ----------------------------------------------------------------------------------

def _resolve(equation, n_inputs):
    """TF's _einsum_v2_parse_and_resolve_equation: spaces dropped, an implicit output (the
    labels used once, sorted), TF's errors."""
    resolved = equation.replace(" ", "")
    ellipsis = None
    if "..." in equation:
        ellipsis = "0"
        if ellipsis in resolved:
            raise ValueError('Invalid character "%s" in equation: %s.' % (ellipsis, equation))
        resolved = resolved.replace("...", ellipsis)
    allowed = "a-zA-Z" + (ellipsis or "")
    match = re.match("^([{0},]*)(->[{0}]*)?$".format(allowed), resolved)
    if not match:
        raise ValueError("Subscripts have incorrect format: {}".format(resolved))
    input_labels = match.group(1).split(",")
    output_labels = match.group(2)[2:] if match.group(2) else None
    if n_inputs != len(input_labels):
        raise ValueError('Got {} inputs for equation "{}", expecting {}'.format(
            n_inputs, equation, len(input_labels)))
    if "->" not in resolved:
        counts = collections.Counter(match.group(1))
        output_labels = "".join(x for x in sorted(counts) if x != "," and counts[x] == 1)
    if output_labels and len(set(output_labels)) != len(output_labels):
        raise ValueError("Output subscripts contain a label appearing more than once: {}"
                         .format(equation))
    for label in output_labels:
        if label != ellipsis and label not in set(match.group(1)):
            raise ValueError("Output subscripts contain the label {} not present in the input "
                             "subscripts.".format(label))
    if ellipsis and output_labels and output_labels.count(ellipsis) > 1:
        raise ValueError("Output subscripts contain multiple ellipsis: {}".format(equation))
    back = (lambda s: s.replace(ellipsis, "...")) if ellipsis else (lambda s: s)
    return [back(s) for s in input_labels], back(output_labels)


def _pairwise(inputs, input_labels, output_labels):
    """Contracts three or more operands two at a time, left to right, keeping the labels a
    later operand or the output still needs."""
    current, current_labels = inputs[0], input_labels[0]
    for i in range(1, len(inputs)):
        later = "".join(input_labels[i + 1:]) + output_labels
        keep = []
        for label in (current_labels + input_labels[i]).replace("...", "."):
            if label == "." or label in later:
                if label not in keep:
                    keep.append(label)
        out = "".join(keep).replace(".", "...")
        if i == len(inputs) - 1:
            out = output_labels
        current = apply_op("Einsum", [[current, inputs[i]]],
                           equation="%s,%s->%s" % (current_labels, input_labels[i], out))
        current_labels = out
    return current


def einsum(equation, *inputs, **kwargs):
    """TF1 `tf.einsum` / `tf.linalg.einsum`: one Einsum op for one or two operands."""
    name = kwargs.pop("name", None)
    kwargs.pop("optimize", None)
    if kwargs:
        raise TypeError("Invalid keyword arguments for einsum: %s. Valid arguments: name, "
                        "optimize, greedy." % ", ".join(kwargs))
    with name_scope(name, "einsum", [equation, inputs]):
        inputs = [convert_to_tensor(x) for x in inputs]
        input_labels, output_labels = _resolve(equation, len(inputs))
        if len(inputs) <= 2:
            return apply_op("Einsum", [inputs], equation="%s->%s" % (",".join(input_labels),
                                                                      output_labels))
        return _pairwise(inputs, input_labels, output_labels)


# -- ListDiff (tf.setdiff1d) ----------------------------------------------------------------------

def _list_diff_infer(op, x, y, *, out_idx=dtypes.int32):
    fns.with_rank(op, [x, y], x.shape, 1)
    fns.with_rank(op, [x, y], y.shape, 1)
    return [(x.dtype.base_dtype, TensorShape([None])), (out_idx, TensorShape([None]))]


@register_op("ListDiff", inputs=("x: T", "y: T"), infer=_list_diff_infer,
             attrs={"out_idx": dtypes.int32}, differentiable=False)
def _lower_list_diff(ctx, x, y, *, out_idx=dtypes.int32):
    for name, v in (("x", x), ("y", y)):
        if v.ndim != 1:
            _fail(ctx, "%s should be a 1D vector." % name)
    if isinstance(x, np.ndarray):   # strings
        drop = set(y.tolist())
        keep = [i for i, v in enumerate(x.tolist()) if v not in drop]
        idx = torch.tensor(keep, dtype=out_idx.torch_dtype)
        return x[keep], idx
    keep = ~torch.isin(x, y)
    idx = keep.nonzero().reshape(-1)
    return x[idx], idx.to(out_idx.torch_dtype)


def setdiff1d(x, y, index_dtype=dtypes.int32, name=None):
    """TF1 `tf.setdiff1d`: the values of x not in y, and their positions in x."""
    return apply_op("ListDiff", [x, y], name=name or "ListDiff", out_idx=index_dtype)


# -- tensordot (TF's math_ops.tensordot) --------------------------------------------------------

def _tensordot_axes(a, axes):
    shape = a.shape
    if isinstance(axes, (int, np.integer)):
        if axes < 0:
            raise ValueError("`axes` must be at least 0. Received: %s." % axes)
        if shape.ndims is not None:
            if axes > shape.ndims:
                raise ValueError("`axes` must not be larger than the number of dimensions of "
                                 "tensor %s.  Received %s, vs tensor dimensions %s."
                                 % (a, axes, shape.ndims))
            return list(range(shape.ndims - axes, shape.ndims)), list(range(axes))
        rank = array_ops.rank(a)
        return (array_ops.range(rank - axes, rank, dtype=dtypes.int32),
                array_ops.range(axes, dtype=dtypes.int32))
    if isinstance(axes, (list, tuple)):
        if len(axes) != 2:
            raise ValueError("`axes` must be an integer or have length 2. Received %s." % (axes,))
        a_axes, b_axes = axes
        if isinstance(a_axes, (int, np.integer)) and isinstance(b_axes, (int, np.integer)):
            a_axes, b_axes = [a_axes], [b_axes]
        if len(a_axes) != len(b_axes):
            raise ValueError("Different number of contraction axes `a` and `b`, %d != %d."
                             % (len(a_axes), len(b_axes)))
        return a_axes, b_axes
    axes = convert_to_tensor(axes, name="axes", dtype=dtypes.int32)
    return axes[0], axes[1]


def _tensordot_reshape(a, axes, flipped=False):
    """(a transposed and reshaped for MatMul, its free dims, their static sizes or None)."""
    if a.shape.is_fully_defined() and isinstance(axes, (list, tuple)):
        shape = a.shape.as_list()
        axes = [i if i >= 0 else i + len(shape) for i in axes]
        free = [i for i in range(len(shape)) if i not in axes]
        free_dims = [shape[i] for i in free]
        prod_free = int(np.prod([shape[i] for i in free]))
        prod_axes = int(np.prod([shape[i] for i in axes]))
        perm = list(axes) + free if flipped else free + list(axes)
        new_shape = [prod_axes, prod_free] if flipped else [prod_free, prod_axes]
        moved = array_ops.transpose(a, perm) if perm != list(range(len(shape))) else a
        if moved.shape.as_list() != new_shape:
            moved = array_ops.reshape(moved, new_shape)
        return moved, free_dims, free_dims
    if a.shape.ndims is not None and isinstance(axes, (list, tuple)):
        shape = a.shape.as_list()
        axes = [i if i >= 0 else i + len(shape) for i in axes]
        free = [i for i in range(len(shape)) if i not in axes]
        free_static = [shape[i] for i in free]
        axes = convert_to_tensor(axes, dtype=dtypes.int32, name="axes")
        free = convert_to_tensor(free, dtype=dtypes.int32, name="free")
        shape_a = array_ops.shape(a)
    else:
        free_static = None
        shape_a = array_ops.shape(a)
        rank_a = array_ops.rank(a)
        axes = convert_to_tensor(axes, dtype=dtypes.int32, name="axes")
        axes = indexing_ops.where(axes >= 0, axes, axes + rank_a)
        free, _ = setdiff1d(array_ops.range(rank_a), axes, dtypes.int32)
    free_dims = indexing_ops.gather(shape_a, free)
    axes_dims = indexing_ops.gather(shape_a, axes)
    prod_free = reduction_ops.reduce_prod(free_dims)
    prod_axes = reduction_ops.reduce_prod(axes_dims)
    if flipped:
        perm = array_ops.concat([axes, free], 0)
        new_shape = array_ops.stack([prod_axes, prod_free])
    else:
        perm = array_ops.concat([free, axes], 0)
        new_shape = array_ops.stack([prod_free, prod_axes])
    return array_ops.reshape(array_ops.transpose(a, perm), new_shape), free_dims, free_static


def tensordot(a, b, axes, name=None):
    """TF1 `tf.tensordot` / `tf.linalg.tensordot`: sums a's and b's products over `axes`."""
    with name_scope(name, "Tensordot", [a, b, axes]) as name:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        a_axes, b_axes = _tensordot_axes(a, axes)
        a_reshape, a_free, a_static = _tensordot_reshape(a, a_axes)
        b_reshape, b_free, b_static = _tensordot_reshape(b, b_axes, True)
        product = reduction_ops.matmul(a_reshape, b_reshape)
        if isinstance(a_free, list) and isinstance(b_free, list):
            if product.shape.is_fully_defined() and product.shape.as_list() == a_free + b_free:
                return product
            return array_ops.reshape(product, a_free + b_free, name=name)
        a_free = convert_to_tensor(a_free, dtype=dtypes.int32)
        b_free = convert_to_tensor(b_free, dtype=dtypes.int32)
        product = array_ops.reshape(product, array_ops.concat([a_free, b_free], 0), name=name)
        if a_static is not None and b_static is not None:
            product.set_shape(a_static + b_static)
        return product

"""`SpaceToBatchND` / `BatchToSpaceND` (tf.space_to_batch_nd, tf.batch_to_space_nd) and TF's
`required_space_to_batch_paddings`: the blocks of the M spatial dimensions moved into (or out
of) the batch, as TF's dilated convolutions and pools build them. Shape functions and kernel
checks are TF's; the ops only move elements, so autograd's gradient is TF's.
"""
from __future__ import annotations

import numpy as np

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_shape import unknown_shape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.op_builder import apply_op
from tfcompat.ops import array_ops


def _block_and_pairs(op, x, block_t, pairs_t, pairs_name):
    """The static block shape and paddings/crops (None where unknown), with TF's checks."""
    if block_t.shape.ndims is not None and block_t.shape.ndims != 1:
        raise shape_rules.shape_error("block_shape must have rank 1.", op, [x, block_t, pairs_t])
    if block_t.shape.ndims is None or block_t.shape[0].value is None:
        raise shape_rules.shape_error("block_shape must have known size.", op,
                                      [x, block_t, pairs_t])
    m = block_t.shape[0].value
    if not pairs_t.shape.is_compatible_with([m, 2]):
        raise shape_rules.shape_error(
            "Dimension 0 in both shapes must be equal, but are %s and %d. Shapes are %s and "
            "[%d,2]." % (pairs_t.shape[0].value, m, shape_rules.shape_text(pairs_t.shape), m),
            op, [x, block_t, pairs_t])
    block, pairs = constant_value(block_t), constant_value(pairs_t)
    if block is not None and (np.asarray(block) < 1).any():
        raise shape_rules.shape_error("block_shape must be positive", op, [x, block_t, pairs_t])
    if pairs is not None and (np.asarray(pairs) < 0).any():
        raise shape_rules.shape_error("%s cannot be negative" % pairs_name, op,
                                      [x, block_t, pairs_t])
    return m, block, pairs


def _space_to_batch_infer(op, x, block_t, paddings_t):
    m, block, pads = _block_and_pairs(op, x, block_t, paddings_t, "paddings")
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    dims = x.shape.with_rank_at_least(m + 1).as_list()
    batch = dims[0] * int(np.prod(block)) if block is not None and dims[0] is not None else None
    out = [batch]
    for i in range(m):
        size = dims[i + 1]
        if size is None or block is None or pads is None:
            out.append(None)
            continue
        padded = size + int(pads[i][0]) + int(pads[i][1])
        if padded % int(block[i]):
            raise shape_rules.shape_error("Dimension size must be evenly divisible by %d but is %d"
                                          % (block[i], padded), op, [x, block_t, paddings_t])
        out.append(padded // int(block[i]))
    return [(x.dtype.base_dtype, TensorShape(out + dims[m + 1:]))]


def _batch_to_space_infer(op, x, block_t, crops_t):
    m, block, crops = _block_and_pairs(op, x, block_t, crops_t, "crops")
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    dims = x.shape.with_rank_at_least(m + 1).as_list()
    batch = None
    if block is not None and dims[0] is not None:
        batch = dims[0]
        for b in block:  # TF divides by one block size at a time
            if batch % int(b):
                raise shape_rules.shape_error("Dimension size must be evenly divisible by %d but "
                                              "is %d" % (b, batch), op, [x, block_t, crops_t])
            batch //= int(b)
    out = [batch]
    for i in range(m):
        size = dims[i + 1]
        known = size is not None and block is not None and crops is not None
        out.append(_cropped(op, size * int(block[i]), crops[i], [x, block_t, crops_t])
                   if known else None)
    return [(x.dtype.base_dtype, TensorShape(out + dims[m + 1:]))]


def _cropped(op, size, crop, inputs):
    """TF subtracts the two crops one after the other, each checked."""
    for amount in (int(crop[0]), int(crop[1])):
        if size < amount:
            raise shape_rules.shape_error("Negative dimension size caused by subtracting %d from "
                                          "%d" % (amount, size), op, inputs)
        size -= amount
    return size


def _fail(ctx, message):
    raise errors.InvalidArgumentError(None, ctx.op, message)


def _ints(ctx, block, pairs):
    block = [int(b) for b in np.asarray(block.tolist()).reshape(-1)]
    pairs = [[int(a), int(b)] for a, b in np.asarray(pairs.tolist()).reshape(-1, 2)]
    return block, pairs


def _check_rank(ctx, x, m):
    if x.ndim < m + 1:
        _fail(ctx, "input rank should be >= %d instead of %d" % (m + 1, x.ndim))


def _zeros(x, shape):
    if isinstance(x, np.ndarray):
        return np.full(shape, b"" if x.dtype == object else 0, dtype=x.dtype)
    return x.new_zeros(shape)


def _permute(x, perm):
    return np.transpose(x, perm) if isinstance(x, np.ndarray) else x.permute(perm)


@register_op("SpaceToBatchND", inputs=("input: T", "block_shape: Tblock_shape",
                                       "paddings: Tpaddings"), infer=_space_to_batch_infer)
def _lower_space_to_batch_nd(ctx, x, block_shape, paddings):
    block, pads = _ints(ctx, block_shape, paddings)
    m = len(block)
    _check_rank(ctx, x, m)
    padded_dims = list(x.shape)
    for i in range(m):
        padded_dims[i + 1] += pads[i][0] + pads[i][1]
        if padded_dims[i + 1] % block[i]:
            _fail(ctx, "padded_shape[%d]=%d is not divisible by block_shape[%d]=%d"
                  % (i, padded_dims[i + 1], i, block[i]))
    padded = _zeros(x, padded_dims)
    padded[tuple([slice(None)] + [slice(p[0], p[0] + x.shape[i + 1])
                                  for i, p in enumerate(pads)])] = x
    rest = list(x.shape[m + 1:])
    split = [x.shape[0]]
    for i in range(m):
        split += [padded_dims[i + 1] // block[i], block[i]]
    y = padded.reshape(split + rest)
    perm = [2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)] + \
        list(range(1 + 2 * m, 1 + 2 * m + len(rest)))
    out = [x.shape[0] * int(np.prod(block))] + [padded_dims[i + 1] // block[i]
                                                for i in range(m)] + rest
    return _permute(y, perm).reshape(out)


@register_op("BatchToSpaceND", inputs=("input: T", "block_shape: Tblock_shape",
                                       "crops: Tcrops"), infer=_batch_to_space_infer)
def _lower_batch_to_space_nd(ctx, x, block_shape, crops):
    block, crops = _ints(ctx, block_shape, crops)
    m = len(block)
    _check_rank(ctx, x, m)
    total = int(np.prod(block))
    if x.shape[0] % total:
        _fail(ctx, "Input batch dimension (%d) is not divisible by product of block sizes (%d)"
              % (x.shape[0], total))
    for i in range(m):
        cropped = x.shape[i + 1] * block[i] - crops[i][0] - crops[i][1]
        if cropped < 0:
            _fail(ctx, "cropped_shape[%d]=%d must be non-negative" % (i, cropped))
    batch, rest = x.shape[0] // total, list(x.shape[m + 1:])
    y = x.reshape(block + [batch] + list(x.shape[1:]))
    perm = [m] + sum([[m + 1 + i, i] for i in range(m)], []) + \
        list(range(2 * m + 1, 2 * m + 1 + len(rest)))
    y = _permute(y, perm).reshape([batch] + [x.shape[i + 1] * block[i] for i in range(m)] +
                                  rest)
    index = [slice(None)] + [slice(c[0], y.shape[i + 1] - c[1]) for i, c in enumerate(crops)]
    return y[tuple(index)]


def required_space_to_batch_paddings(input_shape, block_shape, base_paddings=None, name=None):
    """TF's `tf.required_space_to_batch_paddings`: (paddings, crops) making `input_shape` (with
    `base_paddings`) divisible by `block_shape`; Consts when everything is known."""
    with name_scope(name, "required_space_to_batch_paddings", [input_shape, block_shape]):
        input_shape = convert_to_tensor(input_shape, dtype=dtypes.int32, name="input_shape")
        block_shape = convert_to_tensor(block_shape, dtype=dtypes.int32, name="block_shape")
        block_shape.shape.assert_is_fully_defined()
        block_shape.shape.assert_has_rank(1)
        num_block_dims = block_shape.shape[0].value
        if num_block_dims == 0:
            return (array_ops.zeros([0, 2], dtypes.int32),
                    array_ops.zeros([0, 2], dtypes.int32))
        input_shape.shape.assert_is_compatible_with([num_block_dims])
        if base_paddings is not None:
            base_paddings = convert_to_tensor(base_paddings, dtype=dtypes.int32,
                                              name="base_paddings")
            base_paddings.shape.assert_is_compatible_with([num_block_dims, 2])
        else:
            base_paddings = array_ops.zeros([num_block_dims, 2], dtypes.int32)
        consts = [constant_value(t) for t in (block_shape, input_shape, base_paddings)]
        if all(c is not None for c in consts):
            block_shape, input_shape, base_paddings = consts
        pad_start = base_paddings[:, 0]
        orig_pad_end = base_paddings[:, 1]
        full_input_shape = input_shape + pad_start + orig_pad_end
        pad_end_extra = (block_shape - full_input_shape % block_shape) % block_shape
        pad_end = orig_pad_end + pad_end_extra
        paddings = array_ops.stack([[pad_start[i], pad_end[i]] for i in range(num_block_dims)],
                                   name="paddings")
        crops = array_ops.stack([[0, pad_end_extra[i]] for i in range(num_block_dims)],
                                name="crops")
        return paddings, crops


def space_to_batch_nd(input, block_shape, paddings, name=None):  # noqa: A002 - TF's name
    """TF1 `tf.space_to_batch_nd`."""
    return apply_op("SpaceToBatchND", [input, block_shape, paddings],
                    name=name or "SpaceToBatchND")


def batch_to_space_nd(input, block_shape, crops, name=None):  # noqa: A002 - TF's name
    """TF1 `tf.batch_to_space_nd`."""
    return apply_op("BatchToSpaceND", [input, block_shape, crops],
                    name=name or "BatchToSpaceND")



def space_to_batch(input, paddings, block_size=None, name=None, block_shape=None):  # noqa: A002
    """TF1 `tf.space_to_batch`: 4-D, the same block size in both spatial dims."""
    block_size = block_shape if block_size is None else block_size
    result = space_to_batch_nd(input, np.array([block_size, block_size], dtype=np.int64),
                               paddings, name=name)
    result.set_shape(result.shape.with_rank(4))
    return result


def batch_to_space(input, crops, block_size, name=None, block_shape=None):  # noqa: A002
    """TF1 `tf.batch_to_space`: 4-D, the same block size in both spatial dims."""
    block_size = block_shape if block_size is None else block_size
    result = batch_to_space_nd(input, np.array([block_size, block_size], dtype=np.int64),
                               crops, name=name)
    result.set_shape(result.shape.with_rank(4))
    return result


# -- TF's with_space_to_batch: an op run on the space-to-batch form of a dilated input ---------

def with_space_to_batch(input, dilation_rate, padding, op, filter_shape=None,  # noqa: A002
                        spatial_dims=None, data_format=None):
    """TF1 `tf.nn.with_space_to_batch`: `op(converted, num_spatial_dims, padding)` on the
    input moved into the batch by `dilation_rate` (the op itself when every rate is 1)."""
    input = convert_to_tensor(input, name="input")

    def build_op(num_spatial_dims, padding):
        return lambda inp, _: op(inp, num_spatial_dims, padding)
    call = space_to_batch_call(input.shape, dilation_rate, padding, build_op,
                               filter_shape=filter_shape, spatial_dims=spatial_dims,
                               data_format=data_format)
    return call(input, None)


def space_to_batch_call(input_shape, dilation_rate, padding, build_op, filter_shape=None,
                        spatial_dims=None, data_format=None, num_batch_dims=1):
    """TF's `_WithSpaceToBatch`: checks and Consts made now (`dilation_rate`, `filter_shape`,
    the base paddings); returns `call(inp, filter)` that builds the rest."""
    dilation_rate = convert_to_tensor(dilation_rate, dtypes.int32, name="dilation_rate")
    if dilation_rate.shape.ndims not in (None, 1):
        raise ValueError("`dilation_rate.shape.rank` must be 1. Received: dilation_rate=%s of "
                         "rank %s" % (dilation_rate, dilation_rate.shape.ndims))
    if not dilation_rate.shape.is_fully_defined():
        raise ValueError("`dilation_rate.shape` must be fully defined. Received: "
                         "dilation_rate=%s with shape %s" % (dilation_rate, dilation_rate.shape))
    n = dilation_rate.shape[0].value
    first = data_format is not None and data_format.startswith("NC")
    start = num_batch_dims + 1 if first else num_batch_dims
    spatial_dims = list(range(start, n + start)) if spatial_dims is None else spatial_dims
    orig = list(spatial_dims)
    spatial_dims = sorted(set(int(d) for d in orig))
    if spatial_dims != orig or any(d < 1 for d in spatial_dims):
        raise ValueError("`spatial_dims` must be a monotonically increasing sequence of "
                         "positive integers. Received: spatial_dims=%s" % orig)
    expected = spatial_dims[-1] if first else spatial_dims[-1] + 1
    input_shape = TensorShape(input_shape)
    try:
        input_shape.with_rank_at_least(expected)
    except ValueError:
        raise ValueError("`input.shape.rank` must be at least %d. Received: input.shape=%s with "
                         "rank %s" % (expected, input_shape, input_shape.ndims)) from None
    rate = constant_value(dilation_rate)
    if rate is None:
        raise NotImplementedError("tfcompat: a dilation rate that is not a constant is not "
                                  "supported")
    if (rate < 1).any():
        raise ValueError("`dilation_rate` must be positive. Received: dilation_rate=%s" % rate)
    if (rate == 1).all():
        return build_op(n, padding)
    base_paddings = _base_paddings(padding, filter_shape, n, rate, first)
    op = build_op(n, "VALID")

    def call(inp, filter):
        return _space_to_batch_run(inp, filter, op, input_shape, spatial_dims, dilation_rate,
                                   rate, base_paddings, first)
    return call


def _base_paddings(padding, filter_shape, n, rate, first):
    # lazy: cycle: nn_conv_ops runs dilated convolutions through space_to_batch
    from tfcompat.ops.nn_conv_ops import _convert_padding
    padding, explicit = _convert_padding(padding, None)
    if padding == "SAME":
        if filter_shape is None:
            raise ValueError("`filter_shape` must be specified for `padding='SAME'`. Received: "
                             "filter_shape=None and padding=SAME")
        filter_shape = constant_value(convert_to_tensor(filter_shape, name="filter_shape"))
        if filter_shape is None:
            raise NotImplementedError("tfcompat: a SAME dilated op needs a filter of known shape")
        extra = (np.asarray(filter_shape[:n]) - 1) * rate
        starts = extra // 2
        return array_ops.stack([[starts[i], extra[i] - starts[i]] for i in range(n)])
    if padding == "VALID":
        return np.zeros([n, 2], np.int32)
    pairs = np.array(explicit).reshape([n + 2, 2])
    return pairs[2:] if first else pairs[1:-1]


def _adjust(orig, fill_value, spatial_dims):
    """TF's `_with_space_to_batch_adjust`: `orig` (per spatial dim) spread over the dims from 1,
    `fill_value` for the non-spatial ones (numpy for a constant, else a `concat`)."""
    const = constant_value(orig) if hasattr(orig, "op") else np.asarray(orig)
    value = const if const is not None else orig
    fill_dims = list(np.shape(const))[1:] if const is not None else orig.shape.as_list()[1:]
    dtype = const.dtype if const is not None else orig.dtype.as_numpy_dtype
    parts, prev, i = [], 0, 0
    while i < len(spatial_dims):
        first_i, first_dim = i, spatial_dims[i]
        if first_dim > 1:
            parts.append(np.full([first_dim - 1 - prev] + fill_dims, fill_value, dtype=dtype))
        while i + 1 < len(spatial_dims) and spatial_dims[i + 1] == spatial_dims[i] + 1:
            i += 1
        parts.append(value[first_i:i + 1])
        prev = spatial_dims[i]
        i += 1
    return np.concatenate(parts) if const is not None else array_ops.concat(parts, 0)


def _space_to_batch_run(inp, filter, op, input_shape, spatial_dims, dilation_rate, rate,
                        base_paddings, first):
    sizes = None
    if input_shape.ndims is not None:
        dims = input_shape.as_list()
        sizes = [dims[i] for i in spatial_dims]
    if sizes is None or None in sizes:
        shape_t = array_ops.shape(inp)
        sizes = array_ops.stack([shape_t[i] for i in spatial_dims])
    paddings, crops = required_space_to_batch_paddings(input_shape=sizes,
                                                       base_paddings=base_paddings,
                                                       block_shape=dilation_rate)
    block = _adjust(rate, 1, spatial_dims)
    paddings = _adjust(paddings, 0, spatial_dims)
    crops = _adjust(crops, 0, spatial_dims)
    converted = space_to_batch_nd(inp, block, paddings)
    result = batch_to_space_nd(op(converted, filter), block, crops)
    if first and not result.shape[1].value and filter is not None:
        shape = result.shape.as_list()
        shape[1] = filter.shape[-1]
        result.set_shape(shape)
    return result

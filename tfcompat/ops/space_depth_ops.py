"""`SpaceToDepth` and `DepthToSpace` (tf.space_to_depth, tf.depth_to_space): blocks of
`block_size` x `block_size` pixels moved into (or out of) the depth dimension, NHWC or NCHW,
with TF's shape function and kernel checks. They only move elements, so their gradients are
each other and string tensors run through framework/host_strings.py.
"""
from __future__ import annotations

from tfcompat import errors
from tfcompat.framework import shape_rules
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns as fns

_FORMATS = ("NHWC", "NCHW", "NCHW_VECT_C")


def _check_attrs(op, block_size, data_format):
    if data_format not in _FORMATS:
        raise ValueError("Attr 'data_format' of '%s' Op passed string '%s' not in: %s."
                         % (op.type, data_format, ", ".join('"%s"' % f for f in _FORMATS)))
    if block_size < 2:
        raise ValueError("Attr 'block_size' of '%s' Op passed %d less than minimum 2."
                         % (op.type, block_size))
    if data_format == "NCHW_VECT_C":
        raise NotImplementedError("%s: data_format NCHW_VECT_C (int8 vectors of 4) is not "
                                  "supported by tfcompat; use NHWC or NCHW" % op.type)


def _divide(op, inputs, size, by):
    if size is None:
        return None
    if size % by:
        raise shape_rules.shape_error("Dimension size must be evenly divisible by %d but is %d"
                                      % (by, size), op, inputs)
    return size // by


def _layout(dims, data_format):
    """(batch, height, width, depth) of an NHWC or NCHW shape."""
    if data_format == "NCHW":
        return dims[0], dims[2], dims[3], dims[1]
    return tuple(dims)


def _shape(batch, height, width, depth, data_format):
    if data_format == "NCHW":
        return TensorShape([batch, depth, height, width])
    return TensorShape([batch, height, width, depth])


def _times(size, by):
    return None if size is None else size * by


def _space_to_depth_infer(op, x, *, block_size, data_format="NHWC"):
    _check_attrs(op, block_size, data_format)
    shape = fns.with_rank(op, [x], x.shape, 4)
    b, h, w, c = _layout(shape.as_list(), data_format)
    h = _divide(op, [x], h, block_size)
    w = _divide(op, [x], w, block_size)
    return [(x.dtype.base_dtype, _shape(b, h, w, _times(c, block_size * block_size),
                                        data_format))]


def _depth_to_space_infer(op, x, *, block_size, data_format="NHWC"):
    _check_attrs(op, block_size, data_format)
    shape = fns.with_rank(op, [x], x.shape, 4)
    b, h, w, c = _layout(shape.as_list(), data_format)
    c = _divide(op, [x], c, block_size * block_size)
    return [(x.dtype.base_dtype, _shape(b, _times(h, block_size), _times(w, block_size), c,
                                        data_format))]


def _fail(ctx, message):
    raise errors.InvalidArgumentError(None, ctx.op, message)


@register_op("SpaceToDepth", inputs=("input: T",), infer=_space_to_depth_infer,
             attrs={"block_size": None, "data_format": "NHWC"})
def _lower_space_to_depth(ctx, x, *, block_size, data_format="NHWC"):
    if x.dim() != 4:
        _fail(ctx, "Input rank should be 4 instead of %d" % x.dim())
    b, h, w, c = _layout(list(x.shape), data_format)
    if h % block_size or w % block_size:
        _fail(ctx, "Image width %d and height %d should be divisible by block_size: %d"
              % (w, h, block_size))
    bs = block_size
    if data_format == "NCHW":   # depth index (by, bx, c), as TF's GPU kernel lays it out
        blocks = x.reshape(b, c, h // bs, bs, w // bs, bs).permute(0, 3, 5, 1, 2, 4)
        return blocks.reshape(b, bs * bs * c, h // bs, w // bs)
    blocks = x.reshape(b, h // bs, bs, w // bs, bs, c).permute(0, 1, 3, 2, 4, 5)
    return blocks.reshape(b, h // bs, w // bs, bs * bs * c)


@register_op("DepthToSpace", inputs=("input: T",), infer=_depth_to_space_infer,
             attrs={"block_size": None, "data_format": "NHWC"})
def _lower_depth_to_space(ctx, x, *, block_size, data_format="NHWC"):
    if x.dim() != 4:
        _fail(ctx, "Input rank should be: 4 instead of: %d" % x.dim())
    b, h, w, c = _layout(list(x.shape), data_format)
    bs = block_size
    if c % (bs * bs):
        _fail(ctx, "Input depth dimension %d should be divisible by: %d" % (c, bs * bs))
    d = c // (bs * bs)
    if data_format == "NCHW":
        blocks = x.reshape(b, bs, bs, d, h, w).permute(0, 3, 4, 1, 5, 2)
        return blocks.reshape(b, d, h * bs, w * bs)
    blocks = x.reshape(b, h, w, bs, bs, d).permute(0, 1, 3, 2, 4, 5)
    return blocks.reshape(b, h * bs, w * bs, d)


def space_to_depth(input, block_size, name=None, data_format="NHWC"):
    """TF1 `tf.space_to_depth` / `tf.nn.space_to_depth`."""
    return apply_op("SpaceToDepth", [input], name=name or "SpaceToDepth",
                    block_size=int(block_size), data_format=data_format)


def depth_to_space(input, block_size, name=None, data_format="NHWC"):
    """TF1 `tf.depth_to_space` / `tf.nn.depth_to_space`."""
    return apply_op("DepthToSpace", [input], name=name or "DepthToSpace",
                    block_size=int(block_size), data_format=data_format)

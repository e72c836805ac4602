"""Float-operation counts per op type, as TF's profiler computes them from static shapes
(`tensorflow/python/profiler/internal/flops_registry.py` and the conv/bias-add statistics in
`nn_ops.py`): the same formulas, the same op types, the same "incomplete shape" rule. An op type
without a rule has no count (TF: no registered statistic); a rule whose shapes are not fully
known raises `IncompleteShape` (TF: the ValueError that the logger counts)."""
import numpy as np


class IncompleteShape(ValueError):
    """A shape the count needs is not fully known at graph-building time."""


def _elements(shape) -> int:
    if shape.dims is None or not shape.is_fully_defined():
        raise IncompleteShape("shape %s is not fully defined" % shape)
    return int(np.prod(shape.as_list(), dtype=np.int64))


def _in(op, index=0):
    return op.inputs[index].shape


def _out(op):
    return op.outputs[0].shape


def _unary(per_element=1):
    return lambda op: _elements(_in(op)) * per_element


def _binary(per_element=1):
    return lambda op: _elements(_out(op)) * per_element


def _reduction(reduce_flops, finalize_flops):
    def count(op):
        return (_elements(_in(op)) * reduce_flops
                + _elements(_out(op)) * (finalize_flops - reduce_flops))
    return count


def _nhwc(op):
    if op.get_attr("data_format") not in (b"NHWC", "NHWC"):
        raise ValueError("Only NHWC format is supported in flops computations")


def _pool(op):
    _nhwc(op)
    _elements(_out(op))
    return int(np.prod(op.get_attr("ksize"))) * _elements(_out(op))


def _avg_pool_grad(op):
    _nhwc(op)
    return int(np.prod(op.get_attr("ksize"))) * _elements(_in(op, 1)) * 2


def _max_pool_grad(op):
    _nhwc(op)
    orig_out = _elements(_in(op, 1))
    return int(np.prod(op.get_attr("ksize"))) * orig_out + orig_out


def _conv2d_backprop(image_shape, kernel_shape, op):
    """2 * image elements * kernel elements / (image depth * spatial strides); TF's true
    division, truncated when the proto stores it."""
    strides = op.get_attr("strides")
    image, kernel = _elements(image_shape), _elements(kernel_shape)
    return int(2 * image * kernel / (image_shape.as_list()[-1] * strides[1] * strides[2]))


def _conv2d_backprop_input(op):
    _nhwc(op)
    return _conv2d_backprop(_out(op), _in(op, 1), op)


def _conv2d_backprop_filter(op):
    _nhwc(op)
    return _conv2d_backprop(_in(op, 0), _out(op), op)


def _add_n(op):
    if not op.inputs:
        return 0
    return _elements(_in(op)) * (len(op.inputs) - 1)


def _matmul(batch):
    def count(op):
        a = _in(op)
        _elements(a)
        dims = a.as_list()
        if batch:
            # TF reads a `transpose_a` attr that BatchMatMul does not have: always the last dim
            k = dims[-1]
        else:
            k = dims[0] if op.get_attr("transpose_a") else dims[1]
        return k * _elements(_out(op)) * 2
    return count


def _conv(spatial_dims, depth_from_filter):
    """Output elements * (filter in-depth, unless depthwise) * filter spatial size * 2."""
    def count(op):
        _elements(_in(op))
        filt = _in(op, 1)
        _elements(filt)
        dims = filt.as_list()
        size = int(np.prod(dims[:spatial_dims]))
        depth = dims[spatial_dims] if depth_from_filter else 1
        return _elements(_out(op)) * depth * size * 2
    return count


def _bias_add(op):
    return _elements(_in(op))


def _dilation2d(op):
    _elements(_in(op))
    filt = _in(op, 1)
    _elements(filt)
    height, width = filt.as_list()[:2]
    return _elements(_out(op)) * height * width * 2


FLOPS = {
    "Reciprocal": _unary(), "Square": _unary(), "Rsqrt": _unary(2), "Log": _unary(),
    "Neg": _unary(), "AssignSub": _unary(), "AssignAdd": _unary(),
    "L2Loss": lambda op: _elements(_in(op)) * 3 - 1, "Softmax": _unary(5),
    "Add": _binary(), "AddV2": _binary(), "Sub": _binary(), "Mul": _binary(),
    "RealDiv": _binary(), "Maximum": _binary(), "Minimum": _binary(), "Pow": _binary(),
    "RsqrtGrad": _binary(4), "GreaterEqual": _binary(), "Greater": _binary(),
    "LessEqual": _binary(), "Less": _binary(), "Equal": _binary(), "NotEqual": _binary(),
    "SquaredDifference": _binary(2),
    "Mean": _reduction(1, 1), "Sum": _reduction(1, 0), "ArgMax": _reduction(1, 0),
    "ArgMin": _reduction(1, 0), "BiasAddGrad": _reduction(1, 0),
    "AvgPool": _pool, "MaxPool": _pool, "AvgPoolGrad": _avg_pool_grad,
    "MaxPoolGrad": _max_pool_grad, "Conv2DBackpropInput": _conv2d_backprop_input,
    "Conv2DBackpropFilter": _conv2d_backprop_filter, "AddN": _add_n,
    "MatMul": _matmul(False), "BatchMatMul": _matmul(True), "BatchMatMulV2": _matmul(True),
    "BatchMatMulV3": _matmul(True),
    "Conv2D": _conv(2, True), "Conv3D": _conv(3, True),
    "DepthwiseConv2dNative": _conv(2, False), "BiasAdd": _bias_add, "Dilation2D": _dilation2d,
}


def float_ops(op):
    """TF's float-op count of `op`, or None where TF registers no count for its type; raises
    ValueError (IncompleteShape) where the shapes it needs are not fully known."""
    rule = FLOPS.get(op.type)
    return None if rule is None else int(rule(op))

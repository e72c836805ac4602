"""The vector-Jacobian product of one forward op, as TF ops (see gradient_export.py).

`vjp(ctx, scope, op, dys)` returns one cotangent Value (or None) per input of `op`. Op types with a
C++ gradient in TF use `SymbolicGradient`; a few common ones without it are written here from the
gradient ops TF's Python gradients emit; control flow is in gradient_export_cf.py.
"""
from __future__ import annotations

import numpy as np

from tfcompat.io import gradient_export as ge
from tfcompat.io.function_export import CASE_TYPES
from tfcompat.io.function_export import IF_TYPES
from tfcompat.io.function_export import WHILE_TYPES
from tfcompat.io.function_export import attr_type
from tfcompat.io.function_export import attr_types
from tfcompat.io.function_export import base_enum
from tfcompat.io.proto import attr_value_pb2
from tfcompat.io.proto import types_pb2
from tfcompat.io import gradient_export_cf as cf
from tfcompat.io.graph_def import node_def_of
from tfcompat.io import rnn_export

_WRITTEN: dict = {}


def _written(*op_types):
    def wrap(fn):
        for t in op_types:
            _WRITTEN[t] = fn
        return fn
    return wrap


def vjp(ctx, scope, op, dys) -> list:
    none = [None] * len(op._inputs)
    d = op.op_def
    if op.type in ge.NO_GRADIENT or (d is not None and not d.differentiable):
        return none
    if "_gradient_op_type" in op._attrs or op.__dict__.get("_custom_grad_spec") is not None:
        ctx.problem("op '%s' has a custom gradient, which lives in Python" % op.name)
        return none
    if op.type in IF_TYPES or op.type in CASE_TYPES:
        return cf.branch_vjp(ctx, scope, op, dys)
    if op.type in WHILE_TYPES:
        return cf.while_vjp(ctx, scope, op, dys)
    if op.type in _WRITTEN:
        return _WRITTEN[op.type](ctx, scope, op, dys)
    if op.type in rnn_export.FUSED_RNN_TYPES:
        return rnn_export.fused_rnn_vjp(ctx, scope, op, dys)
    if op.type in ge.CXX_GRADIENTS:
        return symbolic_gradient(ctx, scope, op, dys)
    ctx.problem("TensorFlow has no gradient function for op type %s (op '%s') that a graph "
                "can call" % (op.type, op.name))
    return none


def _dense_dys(scope, op, dys):
    return [dy if dy is not None else ge.zeros_like(scope, scope.value(t))
            for t, dy in zip(op._outputs, dys)]


def _func(op):
    out = attr_value_pb2.AttrValue()
    out.func.name = op.type
    for key, value in node_def_of(op).attr.items():
        if not key.startswith("_"):
            out.func.attr[key].CopyFrom(value)
    return out


def symbolic_gradient(ctx, scope, op, dys) -> list:
    """TF's `SymbolicGradient` over `op`: inputs, then one cotangent per output; one gradient
    per input out (TF builds them with the op's registered C++ gradient)."""
    inputs = [scope.value(t) for t in op._inputs] + _dense_dys(scope, op, dys)
    in_types = [base_enum(t) for t in op._inputs]
    attrs = {"Tin": attr_types([v.dtype for v in inputs]), "Tout": attr_types(in_types),
             "f": _func(op)}
    return scope.add("SymbolicGradient", inputs, attrs, in_types,
                     ctx.name(scope, op, "SymbolicGradient"))


@_written("Identity", "Snapshot", "PlaceholderWithDefault", "EnsureShape", "CheckNumerics")
def _identity(ctx, scope, op, dys):
    return [dys[0]] + [None] * (len(op._inputs) - 1)


@_written("IdentityN")
def _identity_n(ctx, scope, op, dys):
    return list(dys)


@_written("AddN")
def _add_n(ctx, scope, op, dys):
    return [dys[0]] * len(op._inputs)


def _expand_last(ctx, scope, op, value):
    axis = ge.const(scope, -1, types_pb2.DT_INT32, ctx.name(scope, op, "axis"))
    attrs = {"T": attr_type(value.dtype), "Tdim": attr_type(types_pb2.DT_INT32)}
    return scope.add("ExpandDims", [value, axis], attrs, [value.dtype],
                     ctx.name(scope, op, "ExpandDims"))[0]


def _mul(ctx, scope, op, a, b):
    return scope.add("Mul", [a, b], {"T": attr_type(a.dtype)}, [a.dtype],
                     ctx.name(scope, op, "mul"))[0]


def _second_output(scope, op):
    return scope.value(op._outputs[1])


@_written("SoftmaxCrossEntropyWithLogits")
def _softmax_xent(ctx, scope, op, dys):
    """TF's `_SoftmaxCrossEntropyWithLogitsGrad` for the loss output: the op's own backprop
    output scaled by the loss cotangent; labels get -log_softmax(logits) scaled."""
    if dys[0] is None:
        return [None, None]
    dy = _expand_last(ctx, scope, op, dys[0])
    logits = _mul(ctx, scope, op, dy, _second_output(scope, op))
    log_softmax = ge.unary(scope, "LogSoftmax", scope.value(op._inputs[0]),
                           ctx.name(scope, op, "LogSoftmax"))
    labels = _mul(ctx, scope, op, dy, ge.unary(scope, "Neg", log_softmax,
                                               ctx.name(scope, op, "Neg")))
    return [logits, labels]


@_written("SparseSoftmaxCrossEntropyWithLogits")
def _sparse_softmax_xent(ctx, scope, op, dys):
    if dys[0] is None:
        return [None, None]
    dy = _expand_last(ctx, scope, op, dys[0])
    return [_mul(ctx, scope, op, dy, _second_output(scope, op)), None]


def _grad_op(ctx, scope, op, grad_type, inputs, extra_attrs=None):
    attrs = {"T": attr_type(inputs[0].dtype)}
    attrs.update(extra_attrs or {})
    return scope.add(grad_type, inputs, attrs, [inputs[0].dtype],
                     ctx.name(scope, op, grad_type))[0]


@_written("Elu", "Selu")
def _elu(ctx, scope, op, dys):
    return [_grad_op(ctx, scope, op, op.type + "Grad", [dys[0], scope.value(op._outputs[0])])]


@_written("Softplus", "Softsign")
def _softplus(ctx, scope, op, dys):
    return [_grad_op(ctx, scope, op, op.type + "Grad", [dys[0], scope.value(op._inputs[0])])]


@_written("LeakyRelu")
def _leaky_relu(ctx, scope, op, dys):
    alpha = attr_value_pb2.AttrValue(f=float(op._attrs.get("alpha", 0.2)))
    return [_grad_op(ctx, scope, op, "LeakyReluGrad", [dys[0], scope.value(op._inputs[0])],
                     {"alpha": alpha})]


@_written("FusedBatchNormV3")
def _fused_batch_norm(ctx, scope, op, dys):
    """TF's `FusedBatchNormGradV3` (training and inference forms); mean/variance inputs get
    no gradient, as in TF."""
    forward = node_def_of(op).attr
    dys = _dense_dys(scope, op, dys)
    x, scale = scope.value(op._inputs[0]), scope.value(op._inputs[1])
    reserves = [scope.value(op._outputs[i]) for i in (3, 4, 5)]
    if not op._attrs.get("is_training", True):  # TF feeds the population statistics
        reserves[0], reserves[1] = scope.value(op._inputs[3]), scope.value(op._inputs[4])
    attrs = {k: forward[k] for k in ("T", "U", "epsilon", "data_format", "is_training")
             if k in forward}
    outs = scope.add("FusedBatchNormGradV3", [dys[0], x, scale] + reserves, attrs,
                     [x.dtype, scale.dtype, scale.dtype, scale.dtype, scale.dtype],
                     ctx.name(scope, op, "FusedBatchNormGradV3"))
    return [outs[0], outs[1], outs[2], None, None]


@_written("Pad", "PadV2", "MirrorPad")
def _pad(ctx, scope, op, dys):
    """TF's pad gradient: the slice of the cotangent the input occupies (MirrorPad folds the
    reflected borders back with `MirrorPadGrad`)."""
    x, paddings = scope.value(op._inputs[0]), scope.value(op._inputs[1])
    if op.type == "MirrorPad":
        attrs = {"T": attr_type(x.dtype), "Tpaddings": attr_type(paddings.dtype),
                 "mode": attr_value_pb2.AttrValue(s=op._attrs["mode"].encode()
                                                  if isinstance(op._attrs["mode"], str)
                                                  else op._attrs["mode"])}
        return [scope.add("MirrorPadGrad", [dys[0], paddings], attrs, [x.dtype],
                          ctx.name(scope, op, "MirrorPadGrad"))[0], None]
    int_t = paddings.dtype
    begin_2d = scope.add("Slice", [paddings, ge.const(scope, [0, 0], int_t,
                                                      ctx.name(scope, op, "begin0")),
                                   ge.const(scope, [-1, 1], int_t,
                                            ctx.name(scope, op, "size0"))],
                         {"T": attr_type(int_t), "Index": attr_type(int_t)}, [int_t],
                         ctx.name(scope, op, "pad_before"))[0]
    begin = scope.add("Reshape", [begin_2d, ge.const(scope, [-1], types_pb2.DT_INT32,
                                                     ctx.name(scope, op, "flat"))],
                      {"T": attr_type(int_t), "Tshape": attr_type(types_pb2.DT_INT32)},
                      [int_t], ctx.name(scope, op, "begin"))[0]
    size = scope.add("Shape", [x], {"T": attr_type(x.dtype), "out_type": attr_type(int_t)},
                     [int_t], ctx.name(scope, op, "Shape"))[0]
    grad = scope.add("Slice", [dys[0], begin, size],
                     {"T": attr_type(x.dtype), "Index": attr_type(int_t)}, [x.dtype],
                     ctx.name(scope, op, "Slice"))[0]
    return [grad] + [None] * (len(op._inputs) - 1)


@_written("L2Loss")
def _l2_loss(ctx, scope, op, dys):
    """d sum(x ** 2) / 2 = x."""
    return [_mul(ctx, scope, op, scope.value(op._inputs[0]), dys[0])]


@_written("Cumsum")
def _cumsum(ctx, scope, op, dys):
    """TF's `_CumsumGrad`: the cumulative sum of the cotangent the other way."""
    axis = scope.value(op._inputs[1])
    attrs = {"T": attr_type(dys[0].dtype), "Tidx": attr_type(axis.dtype),
             "exclusive": attr_value_pb2.AttrValue(b=bool(op._attrs.get("exclusive", False))),
             "reverse": attr_value_pb2.AttrValue(b=not op._attrs.get("reverse", False))}
    return [scope.add("Cumsum", [dys[0], axis], attrs, [dys[0].dtype],
                      ctx.name(scope, op, "Cumsum"))[0], None]


def _int_node(ctx, scope, op, op_type, inputs, extra, kind):
    attrs = {"T": attr_type(types_pb2.DT_INT32)}
    attrs.update(extra)
    return scope.add(op_type, inputs, attrs, [types_pb2.DT_INT32], ctx.name(scope, op, kind))[0]


@_written("GatherV2")
def _gather(ctx, scope, op, dys):
    """TF's `_GatherV2Grad` along axis 0 (batch_dims 0), densified: the cotangent rows summed
    into the rows of params they were gathered from (`UnsortedSegmentSum`)."""
    params, indices, axis = op._inputs
    if op._attrs.get("batch_dims", 0) or not _is_constant(axis, 0):
        ctx.problem("the gradient of GatherV2 '%s' along an axis other than 0 or with "
                    "batch_dims is not written as TF ops" % op.name)
        return [None, None, None]
    i32 = types_pb2.DT_INT32
    shape = scope.add("Shape", [scope.value(params)], {"T": attr_type(base_enum(params)),
                                                      "out_type": attr_type(i32)},
                      [i32], ctx.name(scope, op, "Shape"))[0]
    const = lambda v, kind: ge.const(scope, v, i32, ctx.name(scope, op, kind))  # noqa: E731
    index_attrs = {"Index": attr_type(i32)}
    rows = _int_node(ctx, scope, op, "Slice", [shape, const([0], "begin0"), const([1], "one")],
                     index_attrs, "rows")
    rest = _int_node(ctx, scope, op, "Slice", [shape, const([1], "begin1"), const([-1], "all")],
                     index_attrs, "rest")
    values_shape = _int_node(ctx, scope, op, "ConcatV2", [const([-1], "minus_one"), rest,
                                                          const(0, "axis0")],
                             {"N": attr_value_pb2.AttrValue(i=2), "Tidx": attr_type(i32)},
                             "values_shape")
    dy = dys[0]
    values = scope.add("Reshape", [dy, values_shape], {"T": attr_type(dy.dtype),
                                                       "Tshape": attr_type(i32)},
                       [dy.dtype], ctx.name(scope, op, "values"))[0]
    idx = scope.value(indices)
    flat = scope.add("Reshape", [idx, const([-1], "flat")], {"T": attr_type(idx.dtype),
                                                              "Tshape": attr_type(i32)},
                     [idx.dtype], ctx.name(scope, op, "indices"))[0]
    count = _int_node(ctx, scope, op, "Reshape", [rows, const([], "scalar")],
                      {"Tshape": attr_type(i32)}, "num_rows")
    grad = scope.add("UnsortedSegmentSum", [values, flat, count],
                     {"T": attr_type(dy.dtype), "Tindices": attr_type(idx.dtype),
                      "Tnumsegments": attr_type(i32)},
                     [dy.dtype], ctx.name(scope, op, "UnsortedSegmentSum"))[0]
    return [grad, None, None]


def _is_constant(tensor, value) -> bool:
    if tensor.op.type != "Const":
        return False
    return np.asarray(tensor.op._attrs.get("value")).tolist() == value


_CONV_ATTRS = ("T", "strides", "padding", "explicit_paddings", "use_cudnn_on_gpu",
               "data_format", "dilations")


@_written("Conv2DBackpropInput")
def _conv2d_backprop_input(ctx, scope, op, dys):
    """TF's Python `_Conv2DBackpropInputGrad` (no C++ gradient; what conv2d_transpose builds):
    the filter's gradient is `Conv2DBackpropFilter(dy, shape(filter), out_backprop)`, the
    out_backprop's is `Conv2D(dy, filter)`, both with the forward op's attributes."""
    if dys[0] is None:
        return [None, None, None]
    forward = node_def_of(op).attr
    attrs = {k: forward[k] for k in _CONV_ATTRS if k in forward}
    filt, out_backprop = scope.value(op._inputs[1]), scope.value(op._inputs[2])
    d_filter = scope.add("Conv2DBackpropFilter",
                         [dys[0], _shape(ctx, scope, op, filt), out_backprop], attrs,
                         [filt.dtype], ctx.name(scope, op, "Conv2DBackpropFilter"))[0]
    d_out = scope.add("Conv2D", [dys[0], filt], attrs, [out_backprop.dtype],
                      ctx.name(scope, op, "Conv2D"))[0]
    return [None, d_filter, d_out]


@_written("SelectV2")
def _select_v2(ctx, scope, op, dys):
    """TF's Python `_SelectGradV2` (SelectV2 has no C++ gradient): the cotangent where the
    condition holds goes to `t`, elsewhere to `e`, each summed back to its own (broadcast)
    shape."""
    if dys[0] is None:
        return [None, None, None]
    cond, dy = scope.value(op._inputs[0]), dys[0]
    zeros = ge.const(scope, np.zeros([], _NUMPY[dy.dtype]) if dy.dtype in _NUMPY else 0,
                     dy.dtype, ctx.name(scope, op, "zeros"))
    out_shape = _shape(ctx, scope, op, scope.value(op._outputs[0]))
    grads = []
    for branch, picked in ((op._inputs[1], (dy, zeros)), (op._inputs[2], (zeros, dy))):
        masked = scope.add("SelectV2", [cond, *picked], {"T": attr_type(dy.dtype)}, [dy.dtype],
                           ctx.name(scope, op, "SelectV2"))[0]
        grads.append(_sum_to_shape(ctx, scope, op, masked, scope.value(branch), out_shape))
    return [None] + grads


_NUMPY = {types_pb2.DT_FLOAT: np.float32, types_pb2.DT_DOUBLE: np.float64,
          types_pb2.DT_HALF: np.float16}


def _shape(ctx, scope, op, value):
    attrs = {"T": attr_type(value.dtype), "out_type": attr_type(types_pb2.DT_INT32)}
    return scope.add("Shape", [value], attrs, [types_pb2.DT_INT32],
                     ctx.name(scope, op, "Shape"))[0]


def _sum_to_shape(ctx, scope, op, grad, target, out_shape):
    """`grad` (shaped like the broadcast output) summed over the axes `target` was broadcast
    along (BroadcastGradientArgs), then reshaped to `target`'s shape."""
    int32 = attr_type(types_pb2.DT_INT32)
    target_shape = _shape(ctx, scope, op, target)
    axes = scope.add("BroadcastGradientArgs", [target_shape, out_shape], {"T": int32},
                     [types_pb2.DT_INT32, types_pb2.DT_INT32],
                     ctx.name(scope, op, "BroadcastGradientArgs"))[0]
    summed = scope.add("Sum", [grad, axes], {"T": attr_type(grad.dtype), "Tidx": int32,
                                             "keep_dims": attr_value_pb2.AttrValue(b=True)},
                       [grad.dtype], ctx.name(scope, op, "Sum"))[0]
    return scope.add("Reshape", [summed, target_shape], {"T": attr_type(grad.dtype),
                                                         "Tshape": int32},
                     [grad.dtype], ctx.name(scope, op, "Reshape"))[0]

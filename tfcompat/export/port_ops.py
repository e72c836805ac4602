"""Plain-PyTorch source for TF op types: what `to_torch(...).code` and `tfcompat port` write.

Each emitter takes the op's input expressions and returns one Python expression that uses only
`torch`, `torch.nn.functional as F` and `math`, keeping TF's semantics where torch's differ
(SAME padding, NHWC layouts, exclusive SAME average pooling, truncating integer division). A few
need a short helper function, written once at the top of the generated file (HELPERS). An op type
with no emitter keeps the module tied to tfcompat (its lowering is called instead), and
`tfcompat port` refuses it by name.
"""
from __future__ import annotations

import torch

EMITTERS: dict = {}


def emits(*op_types):
    def register(fn):
        for op_type in op_types:
            EMITTERS[op_type] = fn
        return fn
    return register


class NotPortable(Exception):
    """This op, with these inputs or attrs, has no plain-PyTorch form (an input that must be
    known at export time is computed, a negative slice stride, ...)."""


class Emit:
    """What an emitter sees: the op, its input expressions and build-time values, helpers."""

    def __init__(self, op, args, values, attrs, helpers):
        self.op, self.args, self.values, self.attrs, self.helpers = op, args, values, attrs, helpers

    def static(self, i):
        """Input i's value, which must be known when the module is written."""
        value = self.values[i]
        if value is None:
            raise NotPortable("input %d of op '%s' (%s) is computed at run time; the plain "
                              "PyTorch port needs it constant" % (i, self.op.name, self.op.type))
        return value.tolist() if isinstance(value, torch.Tensor) else value

    def helper(self, name):
        self.helpers.add(name)
        return name

    def out_dtype(self, j=0) -> str:
        return "torch." + str(self.op.outputs[j].dtype.base_dtype.torch_dtype).split(".")[-1]

    def is_integer(self, j=0) -> bool:
        return self.op.outputs[j].dtype.base_dtype.is_integer


# -- elementwise ------------------------------------------------------------------------------

_UNARY = {"Relu": "torch.relu({0})", "Relu6": "torch.clamp({0}, 0.0, 6.0)",
          "Elu": "F.elu({0})", "Selu": "torch.selu({0})", "Softplus": "F.softplus({0})",
          "Softsign": "F.softsign({0})", "Sigmoid": "torch.sigmoid({0})", "Tanh": "torch.tanh({0})",
          "Exp": "torch.exp({0})", "Log": "torch.log({0})", "Log1p": "torch.log1p({0})",
          "Sqrt": "torch.sqrt({0})", "Rsqrt": "torch.rsqrt({0})", "Square": "torch.square({0})",
          "Neg": "torch.neg({0})", "Abs": "torch.abs({0})", "Sign": "torch.sign({0})",
          "Floor": "torch.floor({0})", "Ceil": "torch.ceil({0})", "Round": "torch.round({0})",
          "Rint": "torch.round({0})", "Reciprocal": "torch.reciprocal({0})",
          "Sin": "torch.sin({0})", "Cos": "torch.cos({0})", "Erf": "torch.erf({0})",
          "LogicalNot": "torch.logical_not({0})", "ZerosLike": "torch.zeros_like({0})",
          "OnesLike": "torch.ones_like({0})", "StopGradient": "{0}.detach()",
          "Identity": "{0}", "Snapshot": "{0}", "PreventGradient": "{0}",
          "PlaceholderWithDefault": "{0}",
          "IsNan": "torch.isnan({0})", "IsInf": "torch.isinf({0})", "IsFinite": "torch.isfinite({0})",
          "Softmax": "torch.softmax({0}, dim=-1)", "LogSoftmax": "torch.log_softmax({0}, dim=-1)"}

_BINARY = {"Add": "{0} + {1}", "AddV2": "{0} + {1}", "Sub": "{0} - {1}", "Mul": "{0} * {1}",
           "Maximum": "torch.maximum({0}, {1})", "Minimum": "torch.minimum({0}, {1})",
           "Pow": "torch.pow({0}, {1})", "SquaredDifference": "torch.square({0} - {1})",
           "FloorMod": "torch.remainder({0}, {1})", "Equal": "torch.eq({0}, {1})",
           "NotEqual": "torch.ne({0}, {1})", "Less": "torch.lt({0}, {1})",
           "LessEqual": "torch.le({0}, {1})", "Greater": "torch.gt({0}, {1})",
           "GreaterEqual": "torch.ge({0}, {1})", "LogicalAnd": "torch.logical_and({0}, {1})",
           "LogicalOr": "torch.logical_or({0}, {1})",
           "DivNoNan": "torch.where({1} == 0, torch.zeros_like({0} / {1}), {0} / {1})"}


@emits(*_UNARY)
def _unary(e):
    return _UNARY[e.op.type].format(*e.args)


@emits(*_BINARY)
def _binary(e):
    return _BINARY[e.op.type].format(*e.args)


@emits("RealDiv", "Div", "TruncateDiv")
def _div(e):
    if e.is_integer():      # TF's integer Div truncates toward zero (Python's // floors)
        return "torch.div(%s, %s, rounding_mode='trunc')" % tuple(e.args)
    return "%s / %s" % tuple(e.args)


@emits("FloorDiv")
def _floordiv(e):
    if e.is_integer():
        return "torch.div(%s, %s, rounding_mode='floor')" % tuple(e.args)
    return "torch.floor(%s / %s)" % tuple(e.args)


@emits("LeakyRelu")
def _leaky_relu(e):
    return "F.leaky_relu(%s, %r)" % (e.args[0], float(e.attrs.get("alpha", 0.2)))


@emits("AddN")
def _add_n(e):
    return " + ".join(e.args)


@emits("Cast")
def _cast(e):
    return "%s.to(%s)" % (e.args[0], e.out_dtype())


@emits("Select", "SelectV2")
def _select(e):
    cond, x, y = e.args
    if e.op.type == "Select" and e.op.inputs[0].shape.ndims == 1 and e.op.inputs[1].shape.ndims != 1:
        # TF1 Select: a vector condition picks whole rows
        return "torch.where(%s.reshape((-1,) + (1,) * (%s.dim() - 1)), %s, %s)" % (cond, x, x, y)
    return "torch.where(%s, %s, %s)" % (cond, x, y)


# -- random numbers: torch's global generator (a TF op seed does not carry over) ---------------

def _shape_expr(e, i=0):
    return repr(tuple(e.static(i))) if e.values[i] is not None else "%s.tolist()" % e.args[i]


@emits("RandomUniform")
def _random_uniform(e):
    return "torch.rand(%s, dtype=%s)" % (_shape_expr(e), e.out_dtype())


@emits("RandomStandardNormal")
def _random_normal(e):
    return "torch.randn(%s, dtype=%s)" % (_shape_expr(e), e.out_dtype())


@emits("TruncatedNormal")
def _truncated_normal(e):
    return "torch.nn.init.trunc_normal_(torch.empty(%s, dtype=%s), a=-2.0, b=2.0)" % (
        _shape_expr(e), e.out_dtype())


@emits("RandomUniformInt")
def _random_uniform_int(e):
    return "torch.randint(int(%s), int(%s), %s, dtype=%s)" % (e.args[1], e.args[2], _shape_expr(e),
                                                            e.out_dtype())


# -- matrices -----------------------------------------------------------------------------------

def _maybe_t(expr, flag):
    return "%s.transpose(-2, -1)" % expr if flag else expr


@emits("MatMul")
def _matmul(e):
    a, b = e.args
    return "torch.matmul(%s, %s)" % (_maybe_t(a, e.attrs.get("transpose_a")),
                                     _maybe_t(b, e.attrs.get("transpose_b")))


@emits("BatchMatMul", "BatchMatMulV2", "BatchMatMulV3")
def _batch_matmul(e):
    a, b = e.args
    return "torch.matmul(%s, %s)" % (_maybe_t(a, e.attrs.get("adj_x")),
                                     _maybe_t(b, e.attrs.get("adj_y")))


@emits("BiasAdd", "BiasAddV1")
def _bias_add(e):
    x, b = e.args
    if e.attrs.get("data_format", "NHWC") == "NCHW":
        return "%s + %s.reshape((-1,) + (1,) * (%s.dim() - 2))" % (x, b, x)
    return "%s + %s" % (x, b)


# -- shapes and layout --------------------------------------------------------------------------

@emits("Reshape")
def _reshape(e):
    if e.values[1] is not None:
        return "%s.reshape(%r)" % (e.args[0], tuple(e.static(1)))
    # A shape computed at run time (softmax_cross_entropy_with_logits flattens the outer
    # dimensions so): TF's shape inference usually knows all but one dimension of the result.
    dims = e.op.outputs[0].shape.as_list() if e.op.outputs[0].shape.ndims is not None else None
    if dims is not None and dims.count(None) <= 1 and (None not in dims or 0 not in dims):
        return "%s.reshape(%r)" % (e.args[0], tuple(-1 if d is None else d for d in dims))
    return "%s.reshape(%s.tolist())" % (e.args[0], e.args[1])


@emits("Transpose")
def _transpose(e):
    return "%s.permute(%r)" % (e.args[0], tuple(e.static(1)))


@emits("ExpandDims")
def _expand_dims(e):
    return "%s.unsqueeze(%d)" % (e.args[0], int(e.static(1)))


@emits("Squeeze")
def _squeeze(e):
    dims = e.attrs.get("squeeze_dims") or ()
    if not dims:
        return "%s.squeeze()" % e.args[0]
    return "%s.squeeze(%r)" % (e.args[0], tuple(dims))


@emits("ConcatV2")
def _concat(e):
    axis = int(e.static(len(e.args) - 1))
    return "torch.cat([%s], dim=%d)" % (", ".join(e.args[:-1]), axis)


@emits("Pack")
def _pack(e):
    return "torch.stack([%s], dim=%d)" % (", ".join(e.args), int(e.attrs.get("axis", 0)))


@emits("Unpack")
def _unpack(e):
    return "torch.unbind(%s, dim=%d)" % (e.args[0], int(e.attrs.get("axis", 0)))


@emits("Split")
def _split(e):
    axis, n = int(e.static(0)), int(e.attrs["num_split"])
    return "torch.chunk(%s, %d, dim=%d)" % (e.args[1], n, axis)


@emits("SplitV")
def _split_v(e):
    sizes, axis = list(e.static(1)), int(e.static(2))
    if -1 in sizes:     # TF infers one size; torch.split needs them all
        rest = sum(s for s in sizes if s != -1)
        parts = ["%s.shape[%d] - %d" % (e.args[0], axis, rest) if s == -1 else str(s) for s in sizes]
        return "torch.split(%s, [%s], dim=%d)" % (e.args[0], ", ".join(parts), axis)
    return "torch.split(%s, %r, dim=%d)" % (e.args[0], sizes, axis)


@emits("Tile")
def _tile(e):
    return "%s.repeat(%r)" % (e.args[0], tuple(e.static(1)))


@emits("Fill")
def _fill(e):
    dims = repr(tuple(e.static(0))) if e.values[0] is not None else "%s.tolist()" % e.args[0]
    return "torch.full(%s, %s, dtype=%s)" % (dims, e.args[1], e.out_dtype())


@emits("Shape")
def _shape(e):
    return "torch.tensor(%s.shape, dtype=%s)" % (e.args[0], e.out_dtype())


@emits("Size")
def _size(e):
    return "torch.tensor(%s.numel(), dtype=%s)" % (e.args[0], e.out_dtype())


@emits("Range")
def _range(e):
    return "torch.arange(%s, %s, %s, dtype=%s, device=%s.device)" % (
        e.args[0], e.args[1], e.args[2], e.out_dtype(), e.args[1])


@emits("Pad", "PadV2", "MirrorPad")
def _pad(e):
    pairs = e.static(1)
    flat = [p for pair in reversed(pairs) for p in pair]
    if e.op.type == "MirrorPad":
        mode = "reflect" if e.attrs.get("mode", "REFLECT") == "REFLECT" else "replicate"
        return "F.pad(%s, %r, mode=%r)" % (e.args[0], flat, mode)
    value = e.args[2] if e.op.type == "PadV2" else "0"
    return "F.pad(%s, %r, value=float(%s))" % (e.args[0], flat, value)


@emits("Slice")
def _slice(e):
    begin, size = e.static(1), e.static(2)
    parts = ["%d:%s" % (b, "" if s == -1 else b + s) for b, s in zip(begin, size)]
    return "%s[%s]" % (e.args[0], ", ".join(parts))


@emits("StridedSlice")
def _strided_slice(e):
    begin, end, strides = e.static(1), e.static(2), e.static(3)
    if any(s < 0 for s in strides):
        raise NotPortable("op '%s' (StridedSlice) has a negative stride" % e.op.name)
    a = e.attrs
    parts = []
    for i, (b, en, s) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if a.get("ellipsis_mask", 0) & bit:
            parts.append("...")
        elif a.get("new_axis_mask", 0) & bit:
            parts.append("None")
        elif a.get("shrink_axis_mask", 0) & bit:
            parts.append(str(b))
        else:
            lo = "" if a.get("begin_mask", 0) & bit else str(b)
            hi = "" if a.get("end_mask", 0) & bit else str(en)
            parts.append("%s:%s%s" % (lo, hi, "" if s == 1 else ":%d" % s))
    return "%s[%s]" % (e.args[0], ", ".join(parts) + ("," if len(parts) == 1 else ""))


@emits("GatherV2", "Gather")
def _gather(e):
    axis = int(e.static(2)) if e.op.type == "GatherV2" else 0
    return "%s(%s, %s, %d)" % (e.helper("_gather"), e.args[0], e.args[1], axis)


@emits("DynamicPartition")
def _dynamic_partition(e):
    n = int(e.attrs["num_partitions"])
    return "tuple(%s[%s == _p] for _p in range(%d))" % (e.args[0], e.args[1], n)


@emits("DynamicStitch", "ParallelDynamicStitch")
def _dynamic_stitch(e):
    n = len(e.args) // 2
    return "%s([%s], [%s])" % (e.helper("_dynamic_stitch"), ", ".join(e.args[:n]),
                               ", ".join(e.args[n:]))


@emits("OneHot")
def _one_hot(e):
    return "%s(%s, %d, %s, %s, %d)" % (e.helper("_one_hot"), e.args[0], int(e.static(1)),
                                        e.args[2], e.args[3], int(e.attrs.get("axis", -1)))


@emits("SparseSoftmaxCrossEntropyWithLogits", "SoftmaxCrossEntropyWithLogits")
def _softmax_cross_entropy(e):
    sparse = e.op.type.startswith("Sparse")
    return "%s(%s, %s)" % (e.helper("_sparse_softmax_xent" if sparse else "_softmax_xent"),
                           *e.args)


# -- reductions ---------------------------------------------------------------------------------

_REDUCE = {"Sum": "torch.sum", "Mean": "torch.mean", "Max": "torch.amax", "Min": "torch.amin",
           "Prod": "torch.prod", "All": "torch.all", "Any": "torch.any"}


@emits(*_REDUCE)
def _reduce(e):
    axes = e.static(1)
    axes = [axes] if isinstance(axes, int) else list(axes)
    keep = bool(e.attrs.get("keep_dims", False))
    if not axes:
        return e.args[0]
    fn = _REDUCE[e.op.type]
    if e.op.type in ("Prod", "All", "Any"):
        expr = e.args[0]
        for axis in sorted(axes, reverse=True):
            expr = "%s(%s, dim=%d, keepdim=%r)" % (fn, expr, axis, keep)
        return expr
    return "%s(%s, dim=%r, keepdim=%r)" % (fn, e.args[0], tuple(axes), keep)


@emits("Cumsum", "Cumprod")
def _scan(e):
    return "%s(%s, %d, %r, %r, %r)" % (e.helper("_scan"), e.args[0], int(e.static(1)),
                                       bool(e.attrs.get("exclusive", False)),
                                       bool(e.attrs.get("reverse", False)), e.op.type == "Cumprod")


@emits("ArgMax", "ArgMin")
def _argmax(e):
    fn = "torch.argmax" if e.op.type == "ArgMax" else "torch.argmin"
    return "%s(%s, dim=%d).to(%s)" % (fn, e.args[0], int(e.static(1)), e.out_dtype())


# -- convolutions, pooling, normalization -------------------------------------------------------

def _spatial(e, key, default=1):
    values = list(e.attrs.get(key) or [default] * 4)
    nchw = e.attrs.get("data_format", "NHWC").startswith("NC")
    return values[2:] if nchw else values[1:-1]


@emits("Conv2D", "DepthwiseConv2dNative")
def _conv2d(e):
    x, w = e.args
    nchw = e.attrs.get("data_format", "NHWC") == "NCHW"
    strides, dilations = _spatial(e, "strides"), _spatial(e, "dilations")
    padding = e.attrs.get("padding", "VALID")
    if padding not in ("SAME", "VALID"):
        raise NotPortable("op '%s' has explicit padding" % e.op.name)
    return "%s(%s, %s, %r, %r, %r, %r, %r)" % (
        e.helper("_conv2d"), x, w, strides, dilations, padding == "SAME", nchw,
        e.op.type == "DepthwiseConv2dNative")


@emits("Conv2DBackpropInput")
def _conv2d_transpose(e):
    nchw = e.attrs.get("data_format", "NHWC") == "NCHW"
    if e.attrs.get("padding", "VALID") not in ("SAME", "VALID"):
        raise NotPortable("op '%s' has explicit padding" % e.op.name)
    return "%s(%r, %s, %s, %r, %r, %r, %r)" % (
        e.helper("_conv2d_transpose"), list(e.static(0)), e.args[1], e.args[2],
        _spatial(e, "strides"), _spatial(e, "dilations"), e.attrs.get("padding") == "SAME", nchw)


@emits("MaxPool", "AvgPool")
def _pool(e):
    nchw = e.attrs.get("data_format", "NHWC") == "NCHW"
    fn = e.helper("_max_pool" if e.op.type == "MaxPool" else "_avg_pool")
    return "%s(%s, %r, %r, %r, %r)" % (fn, e.args[0], _spatial(e, "ksize"), _spatial(e, "strides"),
                                       e.attrs.get("padding") == "SAME", nchw)


@emits("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3")
def _fused_batch_norm(e):
    if e.attrs.get("is_training", True):
        raise NotPortable("op '%s' normalizes with batch statistics (is_training=True)"
                          % e.op.name)
    x, scale, offset, mean, var = e.args[:5]
    nchw = e.attrs.get("data_format", "NHWC") == "NCHW"
    return "%s(%s, %s, %s, %s, %s, %r, %r, %d)" % (
        e.helper("_batch_norm"), x, scale, offset, mean, var, float(e.attrs.get("epsilon", 1e-4)),
        nchw, len(e.op.outputs))


@emits("CudnnRNN", "CudnnRNNV3")
def _fused_rnn(e):
    a = e.attrs
    if a.get("direction", "unidirectional") != "unidirectional":
        raise NotPortable("op '%s' is a bidirectional fused RNN (the exported helper runs one "
                          "direction)" % e.op.name)
    lengths = e.args[4] if e.op.type == "CudnnRNNV3" else "None"
    return "%s(%s, %s, %s, %s, %s, %r, %d, %r, %d)" % (
        e.helper("_rnn"), *e.args[:4], lengths, a.get("rnn_mode", "lstm"),
        int(a.get("num_proj", 0) or 0), bool(a.get("time_major", True)), len(e.op.outputs))

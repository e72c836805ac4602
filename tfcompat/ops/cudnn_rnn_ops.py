"""The cuDNN RNN params ops: `CudnnRNNParamsSize`, `CudnnRNNCanonicalToParams(V2)` and
`CudnnRNNParamsToCanonical(V2)`, converting between TF's canonical weights and biases and the
opaque params buffer that `CudnnRNN` (tfcompat/ops/nn_rnn_ops.py) reads.

The opaque layout is torch's flat RNN weights, which is also cuDNN's own memory layout: per
layer and direction, the input weights of every gate ([num_units, width] each, i.e. torch's
w_ih), the recurrent weights (w_hh), then the input biases (b_ih) and the recurrent ones
(b_hh); gates in cuDNN's order (LSTM: i, f, c, o; GRU: r, z, h). The canonical lists hold the
same pieces one tensor per gate, in that order, layer by layer and forward before backward.
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops._traced import host_int
from tfcompat.ops.nn_rnn_ops import GATES

_MODES = {"lstm": 8, "gru": 6, "rnn_tanh": 2, "rnn_relu": 2}   # params per layer and direction
_ATTRS = {"rnn_mode": "lstm", "input_mode": "linear_input", "direction": "unidirectional",
          "dropout": 0.0, "seed": 0, "seed2": 0}


def _str(value):
    return value.decode() if isinstance(value, bytes) else value


def canonical_shapes(rnn_mode, num_layers, num_units, input_size, direction, num_proj=0):
    """TF's canonical weight and bias shapes (2-D [rows, width] weights, 1-D biases), in the
    order of the canonical lists."""
    dirs = 2 if direction == "bidirectional" else 1
    gates = GATES[rnn_mode]
    out = num_proj or num_units
    weights, biases = [], []
    for layer in range(num_layers):
        width = input_size if layer == 0 else out * dirs
        for _ in range(dirs):
            weights += [[num_units, width]] * gates + [[num_units, out]] * gates
            biases += [[num_units]] * (2 * gates)
            if num_proj:
                weights.append([num_proj, num_units])
    return weights, biases


def params_size(rnn_mode, num_layers, num_units, input_size, direction, num_proj=0):
    weights, biases = canonical_shapes(rnn_mode, num_layers, num_units, input_size, direction,
                                       num_proj)
    return sum(a * b for a, b in weights) + sum(b[0] for b in biases)


def _check_config(ctx, rnn_mode, input_mode, direction, num_layers, num_units, input_size):
    if rnn_mode not in _MODES or direction not in ("unidirectional", "bidirectional"):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%s: rnn_mode must be one of %s and direction 'unidirectional' "
                              "or 'bidirectional', got %r, %r"
                              % (ctx.op.type, sorted(_MODES), rnn_mode, direction))
    if input_mode != "linear_input" and not (input_mode == "auto_select"
                                             and input_size != num_units):
        raise errors.op_error(errors.UnimplementedError, ctx.op,
                              "%s: tfcompat supports input_mode='linear_input' only (or "
                              "'auto_select' with input_size != num_units), got %r"
                              % (ctx.op.type, input_mode))
    if num_layers < 1 or num_units < 1 or input_size < 1:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%s: num_layers, num_units and input_size must be positive, got "
                              "%d, %d, %d" % (ctx.op.type, num_layers, num_units, input_size))


def _sizes(ctx, num_layers, num_units, input_size, attrs, num_proj=0):
    layers, units, size = host_int(num_layers), host_int(num_units), host_int(input_size)
    mode, direction = _str(attrs["rnn_mode"]), _str(attrs["direction"])
    _check_config(ctx, mode, _str(attrs["input_mode"]), direction, layers, units, size)
    return canonical_shapes(mode, layers, units, size, direction, num_proj)


# -- CudnnRNNParamsSize --------------------------------------------------------------------------

def _cudnn_rnn_params_size_infer(op, num_layers, num_units, input_size, *, S, **attrs):
    return [(dtypes.as_dtype(S), TensorShape([1]))]       # TF: a 1-element vector


@register_op("CudnnRNNParamsSize", inputs=("num_layers: int32", "num_units: int32",
                                           "input_size: int32"),
             infer=_cudnn_rnn_params_size_infer, attrs=dict(_ATTRS, num_proj=0, S=None, T=None),
             differentiable=False)
def _lower_cudnn_rnn_params_size(ctx, num_layers, num_units, input_size, *, S, T, num_proj=0,
                                 **attrs):
    weights, biases = _sizes(ctx, num_layers, num_units, input_size, attrs, num_proj)
    total = sum(a * b for a, b in weights) + sum(b[0] for b in biases)
    return torch.tensor([total], dtype=torch.int64 if dtypes.as_dtype(S) == dtypes.int64
                        else torch.int32)


# -- CudnnRNNCanonicalToParams(V2) ---------------------------------------------------------------

def _canonical_to_params_infer(op, num_layers, num_units, input_size, *tensors, **attrs):
    return [(tensors[0].dtype.base_dtype, TensorShape([None]))]


def _pack(ctx, weights, biases, weight_shapes, bias_shapes):
    """The opaque buffer from canonical weights and biases (checked against TF's shapes)."""
    if len(weights) != len(weight_shapes) or len(biases) != len(bias_shapes):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%s: expected %d weights and %d biases for this RNN, got %d and %d"
                              % (ctx.op.type, len(weight_shapes), len(bias_shapes),
                                 len(weights), len(biases)))
    for kind, given, shapes in (("weight", weights, weight_shapes),
                                ("bias", biases, bias_shapes)):
        for i, (t, shape) in enumerate(zip(given, shapes)):
            if t.numel() != (shape[0] * shape[1] if len(shape) == 2 else shape[0]):
                raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                      "%s: %s %d has %d elements, expected shape %s"
                                      % (ctx.op.type, kind, i, t.numel(), shape))
    per_dir_w = len(weights) // (len(biases) // _bias_count(ctx))
    per_dir_b = _bias_count(ctx)
    parts = []
    for k in range(len(biases) // per_dir_b):
        w = weights[k * per_dir_w:(k + 1) * per_dir_w]
        b = biases[k * per_dir_b:(k + 1) * per_dir_b]
        gates = per_dir_b // 2
        parts += [t.reshape(-1) for t in w[:2 * gates]]
        parts += [t.reshape(-1) for t in b]
        parts += [t.reshape(-1) for t in w[2 * gates:]]       # the projection, if any
    return torch.cat(parts)


def _bias_count(ctx):
    return _MODES[_str(ctx.op.get_attr("rnn_mode"))]


@register_op("CudnnRNNCanonicalToParams",
             inputs=("num_layers: int32", "num_units: int32", "input_size: int32",
                     "weights: num_params*T", "biases: num_params*T"),
             infer=_canonical_to_params_infer, attrs=dict(_ATTRS, num_params=None))
def _lower_cudnn_rnn_canonical_to_params(ctx, num_layers, num_units, input_size, *tensors,
                                         num_params, **attrs):
    weight_shapes, bias_shapes = _sizes(ctx, num_layers, num_units, input_size, attrs)
    return _pack(ctx, tensors[:num_params], tensors[num_params:], weight_shapes, bias_shapes)


@register_op("CudnnRNNCanonicalToParamsV2",
             inputs=("num_layers: int32", "num_units: int32", "input_size: int32",
                     "weights: num_params_weights*T", "biases: num_params_biases*T"),
             infer=_canonical_to_params_infer,
             attrs=dict(_ATTRS, num_params_weights=None, num_params_biases=None, num_proj=0))
def _lower_cudnn_rnn_canonical_to_params_v2(ctx, num_layers, num_units, input_size, *tensors,
                                            num_params_weights, num_params_biases, num_proj=0,
                                            **attrs):
    weight_shapes, bias_shapes = _sizes(ctx, num_layers, num_units, input_size, attrs, num_proj)
    return _pack(ctx, tensors[:num_params_weights], tensors[num_params_weights:],
                 weight_shapes, bias_shapes)


# -- CudnnRNNParamsToCanonical(V2) ---------------------------------------------------------------

def _params_to_canonical_infer(op, num_layers, num_units, input_size, params, **attrs):
    # NOTE: TF's shape function leaves every weight [?, ?] and every bias [?]
    n_w = attrs.get("num_params") or attrs.get("num_params_weights")
    n_b = attrs.get("num_params") or attrs.get("num_params_biases")
    dtype = params.dtype.base_dtype
    return [(dtype, TensorShape([None, None]))] * n_w + [(dtype, TensorShape([None]))] * n_b


def _unpack(ctx, params, weight_shapes, bias_shapes):
    total = sum(a * b for a, b in weight_shapes) + sum(b[0] for b in bias_shapes)
    if params.dim() != 1 or params.numel() != total:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%s: params must be a vector of %d elements for this RNN, got "
                              "shape %s" % (ctx.op.type, total, list(params.shape)))
    per_dir_b = _bias_count(ctx)
    dirs_total = len(bias_shapes) // per_dir_b
    per_dir_w = len(weight_shapes) // dirs_total
    weights, biases, offset = [], [], 0
    for k in range(dirs_total):
        w_shapes = weight_shapes[k * per_dir_w:(k + 1) * per_dir_w]
        order = [("w", s) for s in w_shapes[:per_dir_b]] + [("b", [n]) for n, in
                                                             bias_shapes[:per_dir_b]] + \
            [("w", s) for s in w_shapes[per_dir_b:]]
        for kind, shape in order:
            size = shape[0] * shape[1] if len(shape) == 2 else shape[0]
            piece = params[offset:offset + size].reshape(shape)
            offset += size
            (weights if kind == "w" else biases).append(piece)
    return tuple(weights) + tuple(biases)


@register_op("CudnnRNNParamsToCanonical",
             inputs=("num_layers: int32", "num_units: int32", "input_size: int32",
                     "params: T"),
             infer=_params_to_canonical_infer, attrs=dict(_ATTRS, num_params=None))
def _lower_cudnn_rnn_params_to_canonical(ctx, num_layers, num_units, input_size, params, *,
                                         num_params, **attrs):
    weight_shapes, bias_shapes = _sizes(ctx, num_layers, num_units, input_size, attrs)
    if len(weight_shapes) != num_params:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%s: num_params is %d, but this RNN has %d weights"
                              % (ctx.op.type, num_params, len(weight_shapes)))
    return _unpack(ctx, params, weight_shapes, bias_shapes)


@register_op("CudnnRNNParamsToCanonicalV2",
             inputs=("num_layers: int32", "num_units: int32", "input_size: int32",
                     "params: T"),
             infer=_params_to_canonical_infer,
             attrs=dict(_ATTRS, num_params_weights=None, num_params_biases=None, num_proj=0))
def _lower_cudnn_rnn_params_to_canonical_v2(ctx, num_layers, num_units, input_size, params, *,
                                            num_params_weights, num_params_biases, num_proj=0,
                                            **attrs):
    weight_shapes, bias_shapes = _sizes(ctx, num_layers, num_units, input_size, attrs, num_proj)
    if (len(weight_shapes), len(bias_shapes)) != (num_params_weights, num_params_biases):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%s: num_params_weights/num_params_biases are %d/%d, but this RNN "
                              "has %d weights and %d biases"
                              % (ctx.op.type, num_params_weights, num_params_biases,
                                 len(weight_shapes), len(bias_shapes)))
    return _unpack(ctx, params, weight_shapes, bias_shapes)

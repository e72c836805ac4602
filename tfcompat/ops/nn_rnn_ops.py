"""Recurrent-network ops: the fused multi-step RNN (`CudnnRNN`, `CudnnRNNV3`, lowered to torch's
fused LSTM/GRU/RNN kernels, which are cuDNN on GPU) and `ReverseSequence`.

The params input is the opaque buffer of TF's CudnnRNN ops; here its layout is torch's flat
weights, layer by layer (and in each layer forward, then backward when bidirectional): w_ih
[G*H, in], w_hh [G*H, P], b_ih [G*H], b_hh [G*H] and, with a projection, w_hr [P, H]; gates (G
of them) in cuDNN order (LSTM: i, f, g, o). tf.nn.dynamic_rnn builds it from a TF cell's kernel
and bias (see tfcompat/nn/rnn_fused.py); tf.contrib.cudnn_rnn from canonical weights
(CudnnRNNCanonicalToParams, tfcompat/ops/cudnn_rnn_ops.py).
"""
from __future__ import annotations

import math

import torch
from torch.nn.utils import rnn as torch_rnn

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import array_ops
from tfcompat.ops.array_ops_join import fill

GATES = {"lstm": 4, "gru": 3, "rnn_tanh": 1, "rnn_relu": 1}
_TORCH_RNN = {"lstm": torch.lstm, "gru": torch.gru, "rnn_tanh": torch.rnn_tanh,
              "rnn_relu": torch.rnn_relu}
_CUDNN_ATTRS = {"rnn_mode": "lstm", "input_mode": "linear_input",
                "direction": "unidirectional", "dropout": 0.0, "seed": 0, "seed2": 0,
                "is_training": True}


def _cudnn_infer(op, x, h, c, params, *seq, rnn_mode="lstm", num_proj=0, time_major=True,
                 direction="unidirectional", **unused):
    dims = x.shape.as_list() if x.shape.ndims == 3 else [None] * 3
    t, b = (dims[0], dims[1]) if time_major else (dims[1], dims[0])
    hdims = h.shape.as_list() if h.shape.ndims == 3 else [None] * 3
    cdims = c.shape.as_list() if c.shape.ndims == 3 else [None] * 3
    dirs = 2 if _str(direction) == "bidirectional" else 1
    out_size = None if hdims[2] is None else hdims[2] * dirs
    out_shape = TensorShape([t, b, out_size] if time_major else [b, t, out_size])
    dtype = x.dtype.base_dtype
    outputs = [(dtype, out_shape), (dtype, TensorShape(hdims)), (dtype, TensorShape(cdims)),
               (dtype, tensor_shape.unknown_shape())]
    if op.type == "CudnnRNNV3":
        outputs.append((dtypes.int8, tensor_shape.unknown_shape()))
    return outputs


def _unpack(ctx, params, mode, layers, input_size, hidden, proj, dirs=1):
    """Views of the flat params as torch's per-layer (and per-direction) weight list."""
    rows = GATES[mode] * hidden
    shapes = []
    for layer in range(layers):
        in_size = input_size if layer == 0 else (proj or hidden) * dirs
        for _ in range(dirs):
            shapes += [(rows, in_size), (rows, proj or hidden), (rows,), (rows,)]
            if proj:
                shapes.append((proj, hidden))
    sizes = [math.prod(shape) for shape in shapes]   # np.prod: a tensor to torch.compile
    if sum(sizes) != params.numel():
        raise errors.InvalidArgumentError(
            None, ctx.op, "params size %d does not match %d for a %d-layer %s RNN with input "
            "size %d and %d units" % (params.numel(), sum(sizes), layers, mode, input_size,
                                      hidden))
    # reshape: views of the buffer, unless it was fed with strides (then copies)
    return [part.reshape(shape) for part, shape in zip(params.split(sizes), shapes)]


def _invalid(ctx, message, *args):
    return errors.InvalidArgumentError(None, ctx.op, "%s: %s" % (ctx.op.type, message % args))


def _check_rnn_args(ctx, x, h, c, params, lengths, rnn_mode, num_proj, time_major, dropout,
                    dirs=1):
    """Everything torch's fused RNN kernels (torch.lstm/gru/rnn_*) take on trust: they index raw
    memory by these sizes, so an imported or damaged graph that feeds inconsistent ones would
    corrupt the heap instead of failing. TF's CudnnRNN kernels check the same (as
    InvalidArgument)."""
    if rnn_mode not in GATES:
        raise _invalid(ctx, "rnn_mode must be one of %s, got %r", sorted(GATES), rnn_mode)
    if num_proj < 0 or (num_proj and rnn_mode != "lstm") or not 0.0 <= float(dropout) < 1.0:
        raise _invalid(ctx, "num_proj=%d, dropout=%r are invalid for rnn_mode %r", num_proj,
                       dropout, rnn_mode)
    tensors = {"input": x, "input_h": h, "input_c": c, "params": params}
    for name, t in tensors.items():
        if t.dtype != x.dtype or not t.is_floating_point() or t.device != x.device:
            raise _invalid(ctx, "%s is %s on %s; every input must be a floating-point tensor of "
                           "input's dtype %s on %s", name, t.dtype, t.device, x.dtype, x.device)
    if x.dim() != 3 or h.dim() != 3 or params.dim() != 1:
        raise _invalid(ctx, "input and input_h must be 3-D and params 1-D, got shapes %s, %s, %s",
                       list(x.shape), list(h.shape), list(params.shape))
    batch = x.shape[1] if time_major else x.shape[0]
    layers = h.shape[0] // dirs
    hidden = c.shape[-1] if rnn_mode == "lstm" else h.shape[-1]
    want_h = [layers * dirs, batch, num_proj or hidden]
    if layers < 1 or hidden < 1 or x.shape[-1] < 1 or list(h.shape) != want_h:
        raise _invalid(ctx, "input_h must have shape %s for input shape %s, got %s", want_h,
                       list(x.shape), list(h.shape))
    if rnn_mode == "lstm" and list(c.shape) != [layers * dirs, batch, hidden]:
        raise _invalid(ctx, "input_c must have shape %s, got %s", [layers * dirs, batch, hidden],
                       list(c.shape))
    if lengths is not None:
        steps = x.shape[0] if time_major else x.shape[1]
        if lengths.dim() != 1 or lengths.shape[0] != batch:
            raise _invalid(ctx, "sequence_lengths must have shape [%d], got %s", batch,
                           list(lengths.shape))
        if lengths.numel() and bool(((lengths < 0) | (lengths > steps)).any()):
            raise _invalid(ctx, "sequence_lengths must be in [0, %d], got %s", steps,
                           lengths.tolist())
    return layers, hidden


def _run_torch_rnn(ctx, x, h, c, params, lengths, *, rnn_mode, num_proj, time_major, dropout,
                   is_training, direction="unidirectional"):
    dirs = 2 if _str(direction) == "bidirectional" else 1
    layers, hidden = _check_rnn_args(ctx, x, h, c, params, lengths, rnn_mode, num_proj,
                                     time_major, dropout, dirs)
    weights = _unpack(ctx, params, rnn_mode, layers, x.shape[-1], hidden, num_proj, dirs)
    if x.numel() == 0:      # torch's kernels reject empty batches or sequences: TF outputs zeros
        return _empty_run(x, h, c, time_major, (num_proj or hidden) * dirs)
    fn = _TORCH_RNN[rnn_mode]
    hx = (h, c) if rnn_mode == "lstm" else h
    train = bool(is_training) and torch.is_grad_enabled()
    if lengths is None:
        out = fn(x, hx, weights, True, layers, float(dropout), train, dirs == 2, not time_major)
        return _split_result(out, rnn_mode, c)
    return _run_packed(fn, x, hx, weights, lengths, rnn_mode, layers, dropout, train,
                       time_major, c, dirs == 2)


def _empty_run(x, h, c, time_major, out_size):
    shape = list(x.shape[:2]) + [out_size]
    return x.new_zeros(shape), h.clone(), c.clone()


def _split_result(out, rnn_mode, c):
    if rnn_mode == "lstm":
        return out[0], out[1], out[2]
    return out[0], out[1], c


def _run_packed(fn, x, hx, weights, lengths, rnn_mode, layers, dropout, train, time_major, c,
                bidirectional=False):
    total = x.shape[0] if time_major else x.shape[1]
    lengths = lengths.to("cpu", torch.int64)
    empty = lengths <= 0
    packed = torch_rnn.pack_padded_sequence(x, lengths.clamp(1, total), not time_major,
                                            enforce_sorted=False)
    order, back = packed.sorted_indices, packed.unsorted_indices
    if rnn_mode == "lstm":
        sorted_hx = (hx[0].index_select(1, order.to(x.device)),
                     hx[1].index_select(1, order.to(x.device)))
    else:
        sorted_hx = hx.index_select(1, order.to(x.device))
    out = fn(packed.data, packed.batch_sizes, sorted_hx, weights, True, layers, float(dropout),
             train, bidirectional)
    seq = torch_rnn.PackedSequence(out[0], packed.batch_sizes, order, back)
    y, _ = torch_rnn.pad_packed_sequence(seq, not time_major, total_length=total)
    undo = back.to(x.device)
    h_n = out[1].index_select(1, undo)
    c_n = out[2].index_select(1, undo) if rnn_mode == "lstm" else c
    if bool(empty.any()):  # TF: a zero-length sequence outputs zeros and keeps its state
        mask = empty.to(x.device)
        y = torch.where(mask.view((1, -1, 1) if time_major else (-1, 1, 1)),
                        torch.zeros_like(y), y)
        h_n = torch.where(mask.view(1, -1, 1), hx[0] if rnn_mode == "lstm" else hx, h_n)
        if rnn_mode == "lstm":
            c_n = torch.where(mask.view(1, -1, 1), hx[1], c_n)
    return y, h_n, c_n


@register_op("CudnnRNN", inputs=("input: T", "input_h: T", "input_c: T", "params: T"),
             infer=_cudnn_infer, attrs=dict(_CUDNN_ATTRS, num_proj=0, time_major=True))
def _lower_cudnn_rnn(ctx, x, h, c, params, *, rnn_mode, input_mode, direction, dropout, seed,
                     seed2, is_training, num_proj=0, time_major=True):
    _check_supported(ctx, input_mode, direction)
    y, h_n, c_n = _run_torch_rnn(ctx, x, h, c, params, None, rnn_mode=rnn_mode,
                                 num_proj=num_proj, time_major=time_major, dropout=dropout,
                                 is_training=is_training, direction=direction)
    return y, h_n, c_n, _empty(x)


@register_op("CudnnRNNV3", inputs=("input: T", "input_h: T", "input_c: T", "params: T",
                                   "sequence_lengths: int32"),
             infer=_cudnn_infer, attrs=dict(_CUDNN_ATTRS, num_proj=0, time_major=True))
def _lower_cudnn_rnn_v3(ctx, x, h, c, params, lengths, *, rnn_mode, input_mode, direction,
                        dropout, seed, seed2, is_training, num_proj=0, time_major=True):
    _check_supported(ctx, input_mode, direction)
    y, h_n, c_n = _run_torch_rnn(ctx, x, h, c, params, lengths, rnn_mode=rnn_mode,
                                 num_proj=num_proj, time_major=time_major, dropout=dropout,
                                 is_training=is_training, direction=direction)
    return y, h_n, c_n, _empty(x), torch.zeros(0, dtype=torch.int8)


def _empty(x):
    return torch.zeros(0, dtype=x.dtype, device=x.device)


def _check_supported(ctx, input_mode, direction):
    if _str(input_mode) != "linear_input" or \
            _str(direction) not in ("unidirectional", "bidirectional"):
        raise errors.UnimplementedError(
            None, ctx.op, "tfcompat: CudnnRNN supports input_mode='linear_input' and "
            "direction 'unidirectional' or 'bidirectional' only (got %r, %r)"
            % (input_mode, direction))


def _str(value):
    return value.decode() if isinstance(value, bytes) else value


def cudnn_rnn(x, h, c, params, rnn_mode="lstm", sequence_lengths=None, num_proj=0,
              time_major=True, name=None):
    """Adds a fused RNN op (CudnnRNN, or CudnnRNNV3 with sequence lengths or a projection);
    returns (output, output_h, output_c)."""
    attrs = dict(rnn_mode=rnn_mode, num_proj=int(num_proj or 0), time_major=time_major)
    if sequence_lengths is None and not num_proj:
        out = apply_op("CudnnRNN", [x, h, c, params], name=name or "CudnnRNN", **attrs)
    else:
        if sequence_lengths is None:
            steps = array_ops.shape(x)[0 if time_major else 1]
            batch = array_ops.shape(x)[1 if time_major else 0]
            sequence_lengths = fill(array_ops.expand_dims(batch, 0), steps)
        out = apply_op("CudnnRNNV3", [x, h, c, params, sequence_lengths],
                       name=name or "CudnnRNNV3", **attrs)
    return out[0], out[1], out[2]


# -- ReverseSequence -------------------------------------------------------------------------

def _reverse_sequence_infer(op, x, seq_lengths, *, seq_dim, batch_dim=0):
    """TF's ReverseSequence shape fn: seq_lengths is a vector whose length merges with the batch
    dimension of `input` (so a length mismatch fails at build time)."""
    inputs = [x, seq_lengths]
    lens = fns.with_rank(op, inputs, seq_lengths.shape, 1)
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, x.shape)]
    rank = x.shape.ndims
    for what, dim in (("batch_dim", batch_dim), ("seq_dim", seq_dim)):
        if dim >= rank:
            raise shape_rules.shape_error("%s must be < input rank: %d vs. %d"
                                          % (what, dim, rank), op, inputs)
    out = x.shape.as_list()
    out[batch_dim] = fns.merge_dim(op, inputs, out[batch_dim], lens.as_list()[0])
    return [(x.dtype.base_dtype, TensorShape(out))]


@register_op("ReverseSequence", inputs=("input: T", "seq_lengths: Tlen"),
             infer=_reverse_sequence_infer, attrs={"seq_dim": 0, "batch_dim": 0})
def _lower_reverse_sequence(ctx, x, lengths, *, seq_dim, batch_dim=0):
    steps = x.shape[seq_dim]
    lengths = lengths.to(x.device, torch.int64)
    if x.device.type == "cpu" and bool(((lengths < 0) | (lengths > steps)).any()):
        raise errors.InvalidArgumentError(None, ctx.op, "seq_lens(%s) > input.dims(%d)"
                                          % (lengths.tolist(), seq_dim))
    t = torch.arange(steps, device=x.device)
    # source index along seq_dim for each (batch, t): length - 1 - t inside, t outside
    src = torch.where(t[None, :] < lengths[:, None], lengths[:, None] - 1 - t[None, :],
                      t[None, :])                                   # [batch, steps]
    shape = [1] * x.dim()
    shape[batch_dim], shape[seq_dim] = x.shape[batch_dim], steps
    order = [batch_dim, seq_dim] if batch_dim < seq_dim else [seq_dim, batch_dim]
    index = src if order[0] == batch_dim else src.t()
    index = index.reshape(shape).expand(x.shape)
    return torch.gather(x, seq_dim, index)


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None,
                     seq_dim=None, batch_dim=None):
    """TF1 `tf.reverse_sequence`: reverses the first `seq_lengths[i]` steps of each example."""
    seq_axis = seq_dim if seq_axis is None else seq_axis
    batch_axis = (batch_dim if batch_dim is not None else 0) if batch_axis is None else \
        batch_axis
    input = convert_to_tensor(input, name="input")
    seq_lengths = convert_to_tensor(seq_lengths, name="seq_lengths")
    return apply_op("ReverseSequence", [input, seq_lengths], name=name or "ReverseSequence",
                    seq_dim=int(seq_axis), batch_dim=int(batch_axis))

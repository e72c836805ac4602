"""Seeded Gamma and Poisson sampling (`tf.random.gamma` / `tf.random_gamma`, `tf.random.poisson`
/ `tf.random_poisson`): TF's RandomGamma and RandomPoissonV2 ops, seeded as the other stateful
random ops (`random_ops`), drawn from the op's torch generator. As with tf.random.normal, the
numbers follow the same distribution as TF's but are not TF's numbers.

RandomGamma is differentiable in `alpha` by implicit reparameterization (TF's
RandomGammaGrad: d sample / d alpha at fixed CDF value), which torch's `_standard_gamma`
provides.

Also here: the two ops of `tf.random.Generator` that change its state variable
(`_RngReadAndSkip`, `_StatefulRandomBinomial`), which give TF's numbers for TF's state.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops import _philox_samplers
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import random_ops
from tfcompat.ops import stateless_random_more
from tfcompat.ops.array_misc_ops import broadcast_dynamic_shape
from tfcompat.ops.array_ops_join import broadcast_to
from tfcompat.ops.random_ops import _seed_attrs
from tfcompat.ops.state_ops import _ref_tensor
from tfcompat.ops.state_ops import variable_value

_SEED_ATTRS = {"seed": 0, "seed2": 0}


def _sample_shape_infer(op, shape, param, dtype=None, **attrs):
    out = random_ops.output_shape(op, shape)
    if out.ndims is None or param.shape.ndims is None:
        return [(dtype or param.dtype.base_dtype, TensorShape(None))]
    return [(dtype or param.dtype.base_dtype, out.concatenate(param.shape))]


def _dims(shape):
    return [int(d) for d in shape.reshape(-1).tolist()]


@register_op("RandomGamma", inputs=("shape: S", "alpha: T"), infer=_sample_shape_infer,
             attrs=_SEED_ATTRS, stateful=True)
def _lower_random_gamma(ctx, shape, alpha, *, seed=0, seed2=0):
    dims = _dims(shape) + list(alpha.shape)
    stream = random_ops.seeded_stream(ctx, seed, seed2,
                                       int(np.prod(dims, dtype=np.int64)) * 256)
    if stream is not None:   # a seeded op: TF's kernel over the run's window of its stream
        return stateless_random_more.gamma_output(ctx, dims, alpha, *stream)
    work = alpha.float() if alpha.dtype == torch.float16 else alpha
    expanded = work.expand(dims) if dims else work
    # torch's kernel needs a contiguous tensor; its autograd gives the implicit gradient
    sample = torch._standard_gamma(expanded.contiguous(), generator=ctx.generator())
    return sample.to(alpha.dtype)


@register_op("RandomPoissonV2", inputs=("shape: S", "rate: R"), infer=_sample_shape_infer,
             attrs={"seed": 0, "seed2": 0, "dtype": dtypes.int64}, stateful=True,
             differentiable=False)
def _lower_random_poisson(ctx, shape, rate, *, seed=0, seed2=0, dtype=dtypes.int64):
    dims = _dims(shape) + list(rate.shape)
    stream = random_ops.seeded_stream(ctx, seed, seed2,
                                       int(np.prod(dims, dtype=np.int64)) * 256)
    if stream is not None:   # a seeded op: TF's kernel over the run's window of its stream
        return stateless_random_more.poisson_output(ctx, dims, rate, *stream, dtype)
    work = rate.double().expand(dims).contiguous() if dims else rate.double()
    # TF's kernel gives NaN for a negative (or NaN) rate, and 0 for rate 0
    valid = work >= 0
    sample = torch.poisson(torch.where(valid, work, torch.zeros_like(work)),
                           generator=ctx.generator())
    if dtype.is_floating:
        sample = torch.where(valid, sample, torch.full_like(sample, float("nan")))
        return sample.to(dtype.torch_dtype)
    return sample.to(dtype.torch_dtype)


def random_gamma(shape, alpha, beta=None, dtype=dtypes.float32, seed=None, name=None):
    """TF `tf.random.gamma`: samples of shape `shape + broadcast(alpha, beta).shape` from
    Gamma(alpha, rate=beta), at least the dtype's smallest normal number."""
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "random_gamma", [shape, alpha, beta]):
        shape = convert_to_tensor(shape, name="shape", dtype=dtypes.int32)
        alpha = convert_to_tensor(alpha, name="alpha", dtype=dtype)
        beta = convert_to_tensor(beta if beta is not None else 1, name="beta", dtype=dtype)
        broadcast_shape = broadcast_dynamic_shape(array_ops.shape(alpha),
                                                  array_ops.shape(beta))
        alpha_broadcast = broadcast_to(alpha, broadcast_shape)
        sample = apply_op("RandomGamma", [shape, alpha_broadcast], **_seed_attrs(seed))
        return math_ops.maximum(np.finfo(dtype.as_numpy_dtype).tiny, sample / beta)


def random_poisson(lam, shape, dtype=dtypes.float32, seed=None, name=None):
    """TF1 `tf.random.poisson`: samples of shape `shape + lam.shape` from Poisson(lam)."""
    with name_scope(name, "random_poisson", [lam, shape]):
        shape = convert_to_tensor(shape, name="shape", dtype=dtypes.int32)
        return apply_op("RandomPoissonV2", [shape, lam], dtype=dtypes.as_dtype(dtype),
                        type_defaults={"R": dtypes.float32}, **_seed_attrs(seed))


# -- the read-and-skip of tf.random.Generator's state ------------------------------------------

def _read_and_skip_infer(op, ref, alg, delta):
    return [(dtypes.int64, ref.shape)]


# NOTE: TF's RngReadAndSkip takes a resource variable, which tfcompat does not have; this op
# does the same to a (ref) state variable: returns the state and advances its 128-bit counter
# (words 0 and 1; the last word is the key) by 256 * delta, in one step, so draws of one run
# never share a state.
@register_op("_RngReadAndSkip", inputs=("ref: T", "alg: int32", "delta: uint64"),
             infer=_read_and_skip_infer, ref_inputs=(0,), stateful=True, mutates=True,
             differentiable=False)
def _lower_rng_read_and_skip(ctx, ref, alg, delta):
    var = variable_value(ctx, ref)
    before = var.clone()
    words = [int(w) & 0xFFFFFFFFFFFFFFFF for w in before.cpu().tolist()]
    delta = int(delta.cpu().numpy())
    if len(words) == 3:   # Philox: a 128-bit counter in words 0 and 1
        _advance(var, words, delta)
    else:                 # ThreeFry: a 64-bit counter in word 0
        low = (words[0] + delta * 256) & 0xFFFFFFFFFFFFFFFF
        with torch.no_grad():
            var[0] = low - (1 << 64) if low >= 1 << 63 else low
    return before


def rng_read_and_skip(state_var, alg, delta):
    """The Generator state before advancing it by `delta` draws."""
    delta = math_ops.cast(delta, dtypes.uint64)
    return apply_op("_RngReadAndSkip", [_ref_tensor(state_var), int(alg), delta],
                    name="RngReadAndSkip")


def _stateful_binomial_infer(op, ref, alg, shape, counts, probs, *, dtype=dtypes.int64):
    return [(dtype, constant_value_as_shape(shape))]


# NOTE: TF's StatefulRandomBinomial takes the Generator's resource variable; as
# _RngReadAndSkip, this op takes the (ref) state variable and does the same to it: the draw uses
# the Philox stream at the state's (counter, key), then the counter advances by TF's amount.
@register_op("_StatefulRandomBinomial", inputs=("ref: int64", "alg: int32", "shape: S",
                                                "counts: T", "probs: T"),
             infer=_stateful_binomial_infer, attrs={"dtype": dtypes.int64}, ref_inputs=(0,),
             stateful=True, mutates=True, differentiable=False)
def _lower_stateful_binomial(ctx, ref, alg, shape, counts, probs, *, dtype=dtypes.int64):
    var = variable_value(ctx, ref)
    if int(alg) != 1:
        raise errors.InvalidArgumentError(None, ctx.op, "Unsupported algorithm id: %d"
                                          % int(alg))
    words = [int(w) & 0xFFFFFFFFFFFFFFFF for w in var.cpu().tolist()]
    dims = [int(d) for d in shape.cpu().reshape(-1).tolist()]
    counts_np, probs_np = np.broadcast_arrays(counts.double().cpu().numpy(),
                                              probs.double().cpu().numpy())
    tail = list(dims[len(dims) - counts_np.ndim:]) if counts_np.ndim else []
    if counts_np.ndim > len(dims) or tail != list(counts_np.shape):
        raise errors.InvalidArgumentError(None, ctx.op,
                                          "Shape passed in must end with broadcasted shape.")
    num_batches = int(np.prod(counts_np.shape, dtype=np.int64))
    per_batch = int(np.prod(dims[:len(dims) - counts_np.ndim], dtype=np.int64))
    key = (words[2] & 0xFFFFFFFF, words[2] >> 32)
    counter = (words[0] & 0xFFFFFFFF, words[0] >> 32, words[1] & 0xFFFFFFFF, words[1] >> 32)
    _advance(var, words, num_batches * 2 * 100 * (per_batch + 3) // 4)
    values = _philox_samplers.binomial(key, counter, counts_np, probs_np, per_batch)
    return torch.from_numpy(values.reshape(dims).astype(dtype.as_numpy_dtype)).to(ctx.device)


def _advance(var, words, delta):
    """Adds 256 * delta to the state's 128-bit counter (words 0, 1), in place."""
    counter = ((words[1] << 64) | words[0]) + ((delta * 256) & 0xFFFFFFFFFFFFFFFF)
    words = [counter & 0xFFFFFFFFFFFFFFFF, (counter >> 64) & 0xFFFFFFFFFFFFFFFF] + words[2:]
    signed = [w - (1 << 64) if w >= 1 << 63 else w for w in words]
    with torch.no_grad():
        var.copy_(torch.tensor(signed, dtype=var.dtype, device=var.device))


def stateful_random_binomial(state_var, alg, shape, counts, probs, dtype=dtypes.int32,
                             name=None):
    """tf.random.Generator.binomial's op: TF's StatefulRandomBinomial on the state variable."""
    return apply_op("_StatefulRandomBinomial", [_ref_tensor(state_var), int(alg), shape,
                                                counts, probs],
                    name=name or "StatefulRandomBinomial", dtype=dtypes.as_dtype(dtype))

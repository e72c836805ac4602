"""Seeded Gamma and Poisson sampling (`tf.random.gamma` / `tf.random_gamma`, `tf.random.poisson`
/ `tf.random_poisson`): TF's RandomGamma and RandomPoissonV2 ops, seeded as the other stateful
random ops (`random_ops`), drawn from the op's torch generator. As with tf.random.normal, the
numbers follow the same distribution as TF's but are not TF's numbers.

RandomGamma is differentiable in `alpha` by implicit reparameterization (TF's
RandomGammaGrad: d sample / d alpha at fixed CDF value), which torch's `_standard_gamma`
provides.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops import array_ops
from tfcompat.ops.array_misc_ops import broadcast_dynamic_shape
from tfcompat.ops.array_ops_join import broadcast_to
from tfcompat.ops import math_ops
from tfcompat.ops.random_ops import _seed_attrs

_SEED_ATTRS = {"seed": 0, "seed2": 0}


def _sample_shape_infer(op, shape, param, dtype=None, **attrs):
    out = constant_value_as_shape(shape)
    if out.ndims is None or param.shape.ndims is None:
        return [(dtype or param.dtype.base_dtype, TensorShape(None))]
    return [(dtype or param.dtype.base_dtype, out.concatenate(param.shape))]


def _dims(shape):
    return [int(d) for d in shape.reshape(-1).tolist()]


@register_op("RandomGamma", inputs=("shape: S", "alpha: T"), infer=_sample_shape_infer,
             attrs=_SEED_ATTRS, stateful=True)
def _lower_random_gamma(ctx, shape, alpha, *, seed=0, seed2=0):
    dims = _dims(shape) + list(alpha.shape)
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

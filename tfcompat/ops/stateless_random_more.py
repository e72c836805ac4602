"""More stateless random ops and seed helpers of `tf.random`: `stateless_gamma`,
`stateless_poisson`, `stateless_binomial` (TF's StatelessRandomGammaV3, StatelessRandomPoisson,
StatelessRandomBinomial kernels, reproduced bit for bit in `_philox`), `split` / `fold_in`
(new seeds from a seed), `create_rng_state` and `tf.random_index_shuffle` (TF's
RandomIndexShuffle: a seeded permutation of [0, max_index], one index at a time).

`stateless_gamma` is differentiable in alpha by implicit reparameterization (TF's
RandomGammaGrad), from Igamma's derivative in alpha and the density, in float64.
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
from tfcompat.framework import shape_rules
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops import _philox_samplers as _philox
from tfcompat.ops import _special_fns
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_misc_ops import broadcast_dynamic_shape
from tfcompat.ops.array_ops_join import broadcast_to
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import stack
from tfcompat.ops.random_ops import _shape_tensor
from tfcompat.ops.stateless_random_ops import _SEED_INT32
from tfcompat.ops.stateless_random_ops import _key_counter
from tfcompat.ops.stateless_random_ops import _np
from tfcompat.ops.stateless_random_ops import _seed_key_counter
from tfcompat.ops.stateless_random_ops import _v2_key_counter
from tfcompat.ops.stateless_random_ops import convert_alg_to_int
from tfcompat.ops.stateless_random_ops import stateless_random_uniform
from tfcompat.ops.stateless_random_ops import unsupported_alg_error_msg

# TF's RNG state sizes (int64 words) per algorithm: Philox 3, ThreeFry 2
_STATE_SIZES = {1: 3, 2: 2, 3: 3}


def _shape_infer(op, shape, *rest, dtype=None, **attrs):
    return [(dtype or rest[-1].dtype.base_dtype, constant_value_as_shape(shape))]


def _samples_per_param(ctx, dims, param_shape, what):
    """How many samples each parameter value gets: `dims` must end with `param_shape`."""
    count = int(np.prod(dims, dtype=np.int64))
    n_params = int(np.prod(param_shape, dtype=np.int64))
    tail = list(dims[len(dims) - len(param_shape):]) if len(param_shape) else []
    if len(param_shape) > len(dims) or tail != list(param_shape):
        raise errors.InvalidArgumentError(
            None, ctx.op, "Shape passed in must end with broadcasted shape of %s: shape %s, "
            "%s shape %s" % (what, list(dims), what, list(param_shape)))
    return (count // n_params) if n_params else 0


def _dims(shape):
    return [int(d) for d in _np(shape).reshape(-1).tolist()]


def gamma_output(ctx, dims, alpha, key, counter):
    """Samples as a torch tensor whose gradient in alpha is TF's implicit one."""
    samples_per_alpha = _samples_per_param(ctx, dims, list(alpha.shape), "alpha")
    values = _philox.gamma(key, counter, _np(alpha.detach().double()), samples_per_alpha)
    work = torch.float32 if alpha.dtype == torch.float16 else alpha.dtype
    sample = torch.from_numpy(values.reshape(dims)).to(device=alpha.device, dtype=work)
    if not alpha.requires_grad:
        return sample.to(alpha.dtype)
    a = alpha.to(work).expand(dims) if dims else alpha.to(work)
    # value: the sample; d sample / d alpha: the implicit (reparameterization) derivative
    slope = implicit_gamma_slope(a, sample)
    return (sample + (a - a.detach()) * slope).to(alpha.dtype)


def implicit_gamma_slope(alpha, sample):
    """TF's RandomGammaGrad, d sample / d alpha at a fixed CDF value: -(dP/dalpha) / (dP/dx) of
    the regularized incomplete gamma P, in float64 (torch's _standard_gamma_grad approximation
    is off by up to ~3e-4 relative; TF's by ~1e-7). A zero sample has slope 0."""
    a, x = alpha.detach().double(), sample.detach().double()
    positive = x > 0
    x = torch.where(positive, x, torch.ones_like(x))
    density = torch.exp((a - 1.0) * torch.log(x) - x - torch.lgamma(a))
    slope = -_special_fns.igamma_da(a, x) / density
    return torch.where(positive, slope, torch.zeros_like(slope)).to(sample.dtype)


@register_op("StatelessRandomGammaV3", inputs=("shape: shape_dtype", "key: uint64",
                                               "counter: uint64", "alg: int32",
                                               "alpha: dtype"),
             infer=_shape_infer, attrs={"dtype": None})
def _lower_gamma_v3(ctx, shape, key, counter, alg, alpha, *, dtype=None):
    key, counter = _v2_key_counter(ctx, key, counter, alg)
    return gamma_output(ctx, _dims(shape), alpha, key, counter)


@register_op("StatelessRandomGammaV2", inputs=("shape: T", "seed: Tseed", "alpha: dtype"),
             infer=_shape_infer, attrs={"dtype": None})
def _lower_gamma_v2(ctx, shape, seed, alpha, *, dtype=None):
    key, counter = _seed_key_counter(ctx, seed)
    return gamma_output(ctx, _dims(shape), alpha, key, counter)


@register_op("StatelessRandomPoisson", inputs=("shape: T", "seed: Tseed", "lam: Rtype"),
             infer=_shape_infer, attrs={"dtype": None}, differentiable=False)
def _lower_poisson(ctx, shape, seed, lam, *, dtype=None):
    key, counter = _seed_key_counter(ctx, seed)
    return poisson_output(ctx, _dims(shape), lam, key, counter, dtype)


def poisson_output(ctx, dims, lam, key, counter, dtype):
    """Poisson samples of TF's kernel from the stream at (key, counter)."""
    per_rate = _samples_per_param(ctx, dims, list(lam.shape), "lam")
    values = _philox.poisson(key, counter, _np(lam.double()), per_rate).reshape(dims)
    if dtype.is_integer:   # TF writes NumTraits<int>::infinity(), 0, for an infinite rate
        values = np.where(np.isfinite(values), values, 0.0)
    return torch.from_numpy(values.astype(dtype.as_numpy_dtype)).to(ctx.device)


@register_op("StatelessRandomBinomial", inputs=("shape: S", "seed: Tseed", "counts: T",
                                                "probs: T"),
             infer=_shape_infer, attrs={"dtype": dtypes.int64}, differentiable=False)
def _lower_binomial(ctx, shape, seed, counts, probs, *, dtype=dtypes.int64):
    key, counter = _seed_key_counter(ctx, seed)
    dims = _dims(shape)
    counts_np, probs_np = np.broadcast_arrays(_np(counts.double()), _np(probs.double()))
    per_batch = _samples_per_param(ctx, dims, list(counts_np.shape), "counts and probs")
    values = _philox.binomial(key, counter, counts_np, probs_np, per_batch).reshape(dims)
    return torch.from_numpy(values.astype(dtype.as_numpy_dtype)).to(ctx.device)


def _index_shuffle_infer(op, index, seed, max_index, *, rounds=4):
    inputs = [index, seed, max_index]
    seed_shape = seed.shape
    if seed_shape.ndims is not None and (
            seed_shape.ndims not in (1, 2) or seed_shape[-1].value not in (None, 3)):
        raise shape_rules.shape_error("Seed must have shape [3] or [n, 3] but got %s."
                                      % shape_rules.shape_text(seed_shape), op, inputs)
    if index.shape.ndims == 0 and max_index.shape.ndims == 0 and seed_shape.ndims == 1:
        return [(index.dtype.base_dtype, TensorShape([]))]
    sizes = [t.shape[0].value for t in (index, max_index) if t.shape.ndims]
    if seed_shape.ndims == 2:   # one [3] seed per output
        sizes.append(seed_shape[0].value)
    known = [n for n in sizes if n is not None]
    return [(index.dtype.base_dtype, TensorShape([max(known) if known else None]))]


@register_op("RandomIndexShuffle", inputs=("index: dtype", "seed: Tseed",
                                           "max_index: dtype"),
             infer=_index_shuffle_infer, attrs={"rounds": 4}, differentiable=False)
def _lower_index_shuffle(ctx, index, seed, max_index, *, rounds=4):
    index_np, seed_np, max_np = _np(index), _np(seed), _np(max_index)
    n = max(index_np.size, max_np.size, seed_np.size // 3)
    if seed_np.ndim == 1 and seed_np.size != 3 or seed_np.ndim == 2 and seed_np.shape[0] != n:
        raise errors.InvalidArgumentError(
            None, ctx.op, "Seed must be a vector of size [3] or a matrix of size [%d, 3] but "
            "got %s." % (n, list(seed_np.shape)))
    if rounds < 4 or rounds % 2:
        raise errors.InvalidArgumentError(None, ctx.op, "rounds must be an even number >= 4, "
                                          "got %d" % rounds)
    seeds = seed_np.reshape(-1, 3).astype(np.uint64) & np.uint64(0xFFFFFFFF)
    indices = np.broadcast_to(index_np.reshape(-1), (n,)).astype(np.uint64)
    maxima = np.broadcast_to(max_np.reshape(-1), (n,)).astype(np.uint64)
    for i in range(n):
        if maxima[i] < indices[i]:
            raise errors.InvalidArgumentError(None, ctx.op, "max_index must be >= index, but "
                                              "%d < %d" % (maxima[i], indices[i]))
    out = [_philox.index_shuffle(int(indices[i]), seeds[0 if len(seeds) == 1 else i].tolist(),
                                 int(maxima[i]), rounds) for i in range(n)]
    shape = () if index_np.ndim == 0 and max_np.ndim == 0 and seed_np.ndim == 1 else (n,)
    values = np.array(out, dtype=np.uint64).astype(index_np.dtype).reshape(shape)
    return torch.from_numpy(values).to(ctx.device)


@register_op("StatelessParameterizedTruncatedNormal",
             inputs=("shape: S", "seed: Tseed", "means: dtype", "stddevs: dtype",
                     "minvals: dtype", "maxvals: dtype"),
             infer=_shape_infer, attrs={"dtype": None}, differentiable=False)
def _lower_parameterized_truncated_normal(ctx, shape, seed, means, stddevs, minvals, maxvals,
                                          *, dtype=None):
    key, counter = _seed_key_counter(ctx, seed)
    dims = _dims(shape)
    params = np.broadcast_arrays(*(_np(p.float() if p.dtype == torch.float16 else p)
                                   for p in (means, stddevs, minvals, maxvals)))
    per_batch = _samples_per_param(ctx, dims, list(params[0].shape), "parameters")
    kind = "float64" if dtype == dtypes.float64 else "float32"
    stacked = np.stack([p.reshape(-1) for p in params], axis=-1)
    try:
        values = _philox.parameterized_truncated_normal(key, counter, stacked, per_batch, kind)
    except RuntimeError as e:
        raise errors.InternalError(None, ctx.op, str(e)) from None
    if values is None:
        raise errors.InvalidArgumentError(None, ctx.op, "Invalid parameters")
    return torch.from_numpy(values.reshape(dims).astype(dtype.as_numpy_dtype)).to(ctx.device)


# -- public functions ---------------------------------------------------------------------------

def stateless_parameterized_truncated_normal(shape, seed, means=0.0, stddevs=1.0, minvals=-2.0,
                                             maxvals=2.0, name=None):
    """TF `tf.random.stateless_parameterized_truncated_normal`: N(means, stddevs) samples
    truncated to [minvals, maxvals]; the parameters broadcast to a suffix of `shape`."""
    with name_scope(name, "stateless_parameterized_truncated_normal",
                    [shape, means, stddevs, minvals, maxvals]):
        shape = _shape_tensor(shape)
        tensors = [convert_to_tensor(v, name=n) for v, n in (
            (means, "means"), (stddevs, "stddevs"), (minvals, "minvals"),
            (maxvals, "maxvals"))]
        return apply_op("StatelessParameterizedTruncatedNormal", [shape, seed] + tensors,
                        type_defaults=_SEED_INT32)


def random_index_shuffle(index, seed, max_index, rounds=4, name=None):
    """TF `tf.random_index_shuffle`: where `index` goes in the permutation of [0, max_index]
    selected by `seed` ([3], or [n, 3] for a vector of indices)."""
    return apply_op("RandomIndexShuffle", [index, seed, max_index], name=name,
                    rounds=int(rounds))


def stateless_random_gamma(shape, seed, alpha, beta=None, dtype=dtypes.float32, name=None):
    """TF `tf.random.stateless_gamma`: Gamma(alpha, rate=beta) samples of shape `shape`
    (which ends with the broadcast shape of alpha and beta)."""
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "stateless_random_gamma", [shape, seed, alpha, beta]):
        shape = _shape_tensor(shape)
        alpha = convert_to_tensor(alpha, dtype=dtype, name="alpha")
        beta = convert_to_tensor(beta if beta is not None else 1, name="beta", dtype=dtype)
        broadcast_shape = broadcast_dynamic_shape(array_ops.shape(alpha), array_ops.shape(beta))
        alpha_broadcast = broadcast_to(alpha, broadcast_shape)
        alg = convert_alg_to_int("auto_select")
        key, counter = _key_counter(seed, alg)
        sample = apply_op("StatelessRandomGammaV3", [shape, key, counter, alg, alpha_broadcast])
        return math_ops.maximum(np.finfo(dtype.as_numpy_dtype).tiny, sample / beta)


def stateless_random_poisson(shape, seed, lam, dtype=dtypes.int32, name=None):
    """TF `tf.random.stateless_poisson`: Poisson(lam) samples of shape `shape`."""
    with name_scope(name, "stateless_random_poisson", [shape, seed, lam]):
        shape = _shape_tensor(shape)
        return apply_op("StatelessRandomPoisson", [shape, seed, lam],
                        type_defaults=_SEED_INT32, dtype=dtypes.as_dtype(dtype))


def stateless_random_binomial(shape, seed, counts, probs, output_dtype=dtypes.int32, name=None):
    """TF `tf.random.stateless_binomial`: Binomial(counts, probs) samples of shape `shape`."""
    with name_scope(name, "stateless_random_binomial", [shape, seed, counts, probs]):
        shape = _shape_tensor(shape)
        probs = convert_to_tensor(probs, preferred_dtype=dtypes.float32, name="probs")
        counts = convert_to_tensor(counts, preferred_dtype=probs.dtype, name="counts")
        return apply_op("StatelessRandomBinomial", [shape, seed, counts, probs],
                        type_defaults=_SEED_INT32, dtype=dtypes.as_dtype(output_dtype))


def split(seed, num=2, alg="auto_select"):
    """TF `tf.random.split`: `num` new [2] seeds (a [num, 2] tensor) from `seed`."""
    seed = convert_to_tensor(seed)
    return stateless_random_uniform(shape=[num, 2], seed=seed, dtype=seed.dtype, minval=None,
                                    maxval=None, alg=alg)


def fold_in(seed, data, alg="auto_select"):
    """TF `tf.random.fold_in`: a new [2] seed from `seed` and an integer `data`."""
    data = convert_to_tensor(data)
    seed1 = stateless_random_uniform(shape=[], seed=seed, dtype=data.dtype, minval=None,
                                     maxval=None, alg=alg)
    return stack([seed1, data])


def _uint_to_int(n):
    if isinstance(n, int) and n > 2**63 - 1:
        return n - 2**64
    return n


def create_rng_state(seed, alg):
    """TF `tf.random.create_rng_state`: the int64 RNG state (3 words for Philox, 2 for
    ThreeFry) an integer or 1-D seed selects, as a graph tensor."""
    alg = convert_alg_to_int(alg)
    if alg not in _STATE_SIZES:
        raise ValueError(unsupported_alg_error_msg(alg))
    state_size = _STATE_SIZES[alg]
    if isinstance(seed, int):
        words = []
        for _ in range(state_size):
            words.append(seed & 0xFFFFFFFFFFFFFFFF)
            seed >>= 64
        seed = words
    if isinstance(seed, (list, tuple)):
        seed = [_uint_to_int(s) for s in seed]
    seed = math_ops.cast(seed, dtypes.int64)
    seed = array_ops.reshape(seed, [-1])
    seed = seed[0:state_size]
    seed_size = seed.shape[0].value
    if seed_size is None:
        seed_size = array_ops.shape(seed)[0]
    padding = array_ops.zeros(stack([math_ops.maximum(state_size - seed_size, 0)]), seed.dtype)
    seed = concat([padding, seed], axis=0)
    seed.set_shape([state_size])
    return seed

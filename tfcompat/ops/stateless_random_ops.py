"""Stateless random ops (`tf.random.stateless_*`): the same seed gives the same numbers in every
run and on every machine, and the same numbers as TensorFlow's CPU kernels (TF's Philox stream,
reproduced in `_philox`). `tf.random.stateless_uniform` builds TF 2.x's graph:
StatelessRandomGetKeyCounter(seed) -> key, counter -> StatelessRandomUniformV2(shape, key,
counter, alg); the V1 ops that take the seed directly (StatelessRandomUniform, ...,
StatelessMultinomial) run too, for imported graphs.
"""
from __future__ import annotations

import enum

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.ops import _philox
from tfcompat.ops import math_ops
from tfcompat.ops.random_ops import _shape_tensor
from tfcompat.ops.random_ops import philox_fill as _fill
from tfcompat.ops.random_ops import philox_to_torch as _to_torch



class Algorithm(enum.Enum):
    """TF's `tf.random.Algorithm`: the RNG algorithm, the `alg` input of the V2 ops."""

    PHILOX = 1
    THREEFRY = 2
    AUTO_SELECT = 3


PHILOX, THREEFRY, AUTO_SELECT = 1, 2, 3
# TF's Python wrappers turn a Python seed into int32 (the OpDef's Tseed default is int64)
_SEED_INT32 = {"Tseed": dtypes.int32}


def _np(value) -> np.ndarray:
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    return np.asarray(value)


# -- shape rules -------------------------------------------------------------------------------

def _require_dim(op, inputs, tensor, rank, size):
    shape = tensor.shape
    if shape.ndims is None:
        return
    if shape.ndims != rank:
        raise shape_rules.shape_error("Shape must be rank %d but is rank %d"
                                      % (rank, shape.ndims), op, inputs)
    if size is not None and shape[0].value is not None and shape[0].value != size:
        raise shape_rules.shape_error("Dimension must be %d but is %d" % (size, shape[0].value),
                                      op, inputs)


def _key_counter_infer(op, seed, **attrs):
    _require_dim(op, [seed], seed, 1, 2)
    return [(dtypes.uint64, TensorShape([1])), (dtypes.uint64, TensorShape([2]))]


def _v2_infer(op, shape, key, counter, alg, *bounds, dtype=dtypes.float32, **attrs):
    inputs = [shape, key, counter, alg] + list(bounds)
    _require_dim(op, inputs, key, 1, 1)
    _require_dim(op, inputs, counter, 1, None)
    _require_dim(op, inputs, alg, 0, None)
    for bound in bounds:
        _require_dim(op, inputs, bound, 0, None)
    return [(dtype, constant_value_as_shape(shape))]


def _v1_infer(op, shape, seed, *bounds, dtype=dtypes.float32, **attrs):
    _require_dim(op, [shape, seed] + list(bounds), seed, 1, 2)
    return [(dtype, constant_value_as_shape(shape))]


def _v1_int_infer(op, shape, seed, minval, maxval, **attrs):
    _require_dim(op, [shape, seed, minval, maxval], seed, 1, 2)
    return [(minval.dtype.base_dtype, constant_value_as_shape(shape))]


def _multinomial_infer(op, logits, num_samples, seed, *, output_dtype=dtypes.int64, **attrs):
    inputs = [logits, num_samples, seed]
    if logits.shape.ndims is not None and logits.shape.ndims != 2:
        raise shape_rules.shape_error("Shape must be rank 2 but is rank %d"
                                      % logits.shape.ndims, op, inputs)
    _require_dim(op, inputs, seed, 1, 2)
    n = constant_value(num_samples)
    batch = logits.shape[0].value if logits.shape.ndims else None
    return [(output_dtype, TensorShape([batch, None if n is None else int(n)]))]


# -- reading the inputs at run time ---------------------------------------------------------------

def _dims(ctx, shape):
    dims = [int(d) for d in _np(shape).reshape(-1).tolist()]
    if any(d < 0 for d in dims):
        raise errors.InvalidArgumentError(None, ctx.op, "Shape dimensions must be >= 0, got %s"
                                          % dims)
    return dims


def _seed_key_counter(ctx, seed):
    seed = _np(seed).reshape(-1)
    if seed.shape != (2,):
        raise errors.InvalidArgumentError(None, ctx.op, "seed must have shape [2], not [%d]"
                                          % seed.size)
    return _philox.key_counter_from_seed(seed[0], seed[1])


def _v2_key_counter(ctx, key, counter, alg):
    alg = int(_np(alg))
    counter = _np(counter).reshape(-1)
    if counter.size < 2:
        raise errors.InvalidArgumentError(
            None, ctx.op, "counter must be a vector with length at least 2; got shape: [%d]. "
            "(Note that batched counters are not supported yet.)" % counter.size)
    if alg not in (PHILOX, AUTO_SELECT):
        raise errors.InvalidArgumentError(None, ctx.op, "Unsupported algorithm id: %d" % alg)
    key = int(_np(key).reshape(-1)[0])
    return _philox.split_key(key), _philox.split_counter(int(counter[0]), int(counter[1]))


def _uniform_int(ctx, dims, key, counter, minval, maxval, dtype):
    low, high = _np(minval), _np(maxval)
    if low.ndim or high.ndim:
        raise errors.InvalidArgumentError(None, ctx.op, "minval must be 0-D, got shape %s"
                                          % list(low.shape) if low.ndim else
                                          "maxval must be 0-D, got shape %s" % list(high.shape))
    if not int(low) < int(high):
        raise errors.InvalidArgumentError(None, ctx.op, "Need minval < maxval, got %d >= %d"
                                          % (int(low), int(high)))
    size = int(np.prod(dims, dtype=np.int64))
    values = _philox.uniform_int(key, counter, size, low, high, dtype.as_numpy_dtype)
    return _to_torch(ctx, values.reshape(dims), dtype)


# -- V2 ops: key and counter from StatelessRandomGetKeyCounter -------------------------------------

@register_op("StatelessRandomGetKeyCounter", inputs=("seed: Tseed",), infer=_key_counter_infer,
             differentiable=False)
def _lower_get_key_counter(ctx, seed):
    key, counter = _seed_key_counter(ctx, seed)
    key64 = np.array([key[0] | key[1] << 32], dtype=np.uint64)
    counter64 = np.array([counter[0] | counter[1] << 32, counter[2] | counter[3] << 32],
                         dtype=np.uint64)
    return torch.from_numpy(key64), torch.from_numpy(counter64)


def _register_v2_float(op_type, sampler):
    @register_op(op_type, inputs=("shape: Tshape", "key: uint64", "counter: uint64",
                                  "alg: int32"), infer=_v2_infer,
                 attrs={"dtype": dtypes.float32}, differentiable=False)
    def lower(ctx, shape, key, counter, alg, *, dtype=dtypes.float32):
        key, counter = _v2_key_counter(ctx, key, counter, alg)
        return _fill(ctx, _dims(ctx, shape), dtype, sampler, key, counter)
    return lower


def _register_v1_float(op_type, sampler):
    @register_op(op_type, inputs=("shape: T", "seed: Tseed"), infer=_v1_infer,
                 attrs={"dtype": dtypes.float32}, differentiable=False)
    def lower(ctx, shape, seed, *, dtype=dtypes.float32):
        key, counter = _seed_key_counter(ctx, seed)
        return _fill(ctx, _dims(ctx, shape), dtype, sampler, key, counter)
    return lower


for _v2, _v1, _sampler in (
        ("StatelessRandomUniformV2", "StatelessRandomUniform", _philox.uniform),
        ("StatelessRandomNormalV2", "StatelessRandomNormal", _philox.normal),
        ("StatelessTruncatedNormalV2", "StatelessTruncatedNormal", _philox.truncated_normal)):
    _register_v2_float(_v2, _sampler)
    _register_v1_float(_v1, _sampler)


@register_op("StatelessRandomUniformIntV2", inputs=("shape: Tshape", "key: uint64",
                                                    "counter: uint64", "alg: int32",
                                                    "minval: dtype", "maxval: dtype"),
             infer=_v2_infer, attrs={"dtype": None}, differentiable=False)
def _lower_uniform_int_v2(ctx, shape, key, counter, alg, minval, maxval, *, dtype):
    key, counter = _v2_key_counter(ctx, key, counter, alg)
    return _uniform_int(ctx, _dims(ctx, shape), key, counter, minval, maxval, dtype)


@register_op("StatelessRandomUniformInt", inputs=("shape: T", "seed: Tseed", "minval: dtype",
                                                  "maxval: dtype"),
             infer=_v1_int_infer, attrs={"dtype": None}, differentiable=False)
def _lower_uniform_int_v1(ctx, shape, seed, minval, maxval, *, dtype):
    key, counter = _seed_key_counter(ctx, seed)
    return _uniform_int(ctx, _dims(ctx, shape), key, counter, minval, maxval, dtype)


@register_op("StatelessRandomUniformFullIntV2", inputs=("shape: Tshape", "key: uint64",
                                                        "counter: uint64", "alg: int32"),
             infer=_v2_infer, attrs={"dtype": dtypes.uint64}, differentiable=False)
def _lower_full_int_v2(ctx, shape, key, counter, alg, *, dtype=dtypes.uint64):
    key, counter = _v2_key_counter(ctx, key, counter, alg)
    dims = _dims(ctx, shape)
    values = _philox.full_int(key, counter, int(np.prod(dims, dtype=np.int64)),
                              dtype.as_numpy_dtype)
    return _to_torch(ctx, values.reshape(dims), dtype)


@register_op("StatelessMultinomial", inputs=("logits: T", "num_samples: int32", "seed: Tseed"),
             infer=_multinomial_infer, attrs={"output_dtype": dtypes.int64},
             differentiable=False)
def _lower_stateless_multinomial(ctx, logits, num_samples, seed, *, output_dtype=dtypes.int64):
    key, counter = _seed_key_counter(ctx, seed)
    n = int(_np(num_samples))
    if n < 0:
        raise errors.InvalidArgumentError(None, ctx.op, "num_samples should be nonnegative, "
                                          "got %d" % n)
    values = _np(logits.float() if logits.dtype == torch.bfloat16 else logits)
    if values.shape[1] == 0 and values.shape[0] > 0:
        raise errors.InvalidArgumentError(None, ctx.op,
                                          "num_classes should be positive, got 0")
    out = _philox.categorical(key, counter, values, n)
    return _to_torch(ctx, out.astype(output_dtype.as_numpy_dtype), output_dtype)


# -- public functions ---------------------------------------------------------------------------

def unsupported_alg_error_msg(alg):
    return ("Argument `alg` got unsupported value %s. Supported values are 1 or 'philox' for the "
            "Philox algorithm, 2 or 'threefry' for the ThreeFry algorithm, and 3 or "
            "'auto_select' for auto-selection." % (alg,))


def convert_alg_to_int(alg):
    """TF's random_ops_util.convert_alg_to_int: an int, an Algorithm or a name."""
    if alg is None:
        return AUTO_SELECT
    if isinstance(alg, Algorithm):
        return alg.value
    if isinstance(alg, int):
        return alg
    if hasattr(alg, "op"):
        return alg
    if isinstance(alg, str):
        canonical = alg.strip().lower().replace("-", "").replace("_", "")
        names = {"philox": PHILOX, "threefry": THREEFRY, "autoselect": AUTO_SELECT}
        if canonical not in names:
            raise ValueError(unsupported_alg_error_msg(alg))
        return names[canonical]
    raise TypeError("Can't convert argument `alg` (of value %s and type %s) to RNG algorithm. "
                    "Supported types are `int`, `str`, `tf.random.Algorithm` and `Tensor`."
                    % (alg, type(alg)))


_alg_value = convert_alg_to_int


def _key_counter(seed, alg):
    """TF's `_get_key_counter`: Philox/auto-select scramble the seed in the graph."""
    if alg not in (PHILOX, THREEFRY, AUTO_SELECT):
        raise ValueError(unsupported_alg_error_msg(alg))
    if alg == THREEFRY:
        raise ValueError("tfcompat's stateless random ops implement the Philox algorithm "
                         "(alg='philox' or 'auto_select'); TF's CPU kernels have no ThreeFry "
                         "either")
    return apply_op("StatelessRandomGetKeyCounter", [seed], type_defaults=_SEED_INT32)


def stateless_random_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32,
                             name=None, alg="auto_select"):
    """TF `tf.random.stateless_uniform`: [minval, maxval), a pure function of `seed` ([2])."""
    dtype = dtypes.as_dtype(dtype)
    if dtype.is_integer and (minval is None) != (maxval is None):
        raise ValueError("For integer `dtype` argument %s, argument `minval` and `maxval` must "
                         "be both None or not None. Got `minval`=%s and `maxval`=%s."
                         % (dtype, minval, maxval))
    if not dtype.is_integer and maxval is None:
        maxval = 1
    alg = _alg_value(alg)
    with name_scope(name, "stateless_random_uniform", [shape, seed, minval, maxval]) as scope:
        shape = _shape_tensor(shape)
        if dtype.is_integer and minval is None:
            key, counter = _key_counter(seed, alg)
            return apply_op("StatelessRandomUniformFullIntV2", [shape, key, counter, alg],
                            name=scope, dtype=dtype)
        minval = convert_to_tensor(minval, dtype=dtype, name="min")
        maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        key, counter = _key_counter(seed, alg)
        if dtype.is_integer:
            return apply_op("StatelessRandomUniformIntV2",
                            [shape, key, counter, alg, minval, maxval], name=scope)
        rnd = apply_op("StatelessRandomUniformV2", [shape, key, counter, alg], dtype=dtype)
        return math_ops.add(rnd * (maxval - minval), minval, name=scope)


def _stateless_scaled(op_type, default_name, shape, seed, mean, stddev, dtype, name, alg):
    dtype = dtypes.as_dtype(dtype)
    alg = _alg_value(alg)
    with name_scope(name, default_name, [shape, seed, mean, stddev]) as scope:
        shape = _shape_tensor(shape)
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        key, counter = _key_counter(seed, alg)
        rnd = apply_op(op_type, [shape, key, counter, alg], dtype=dtype)
        return math_ops.add(rnd * stddev, mean, name=scope)


def stateless_random_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                            alg="auto_select"):
    """TF `tf.random.stateless_normal`."""
    return _stateless_scaled("StatelessRandomNormalV2", "stateless_random_normal", shape, seed,
                             mean, stddev, dtype, name, alg)


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32,
                               name=None, alg="auto_select"):
    """TF `tf.random.stateless_truncated_normal`: normals redrawn outside 2 stddev."""
    return _stateless_scaled("StatelessTruncatedNormalV2", "stateless_truncated_normal", shape,
                             seed, mean, stddev, dtype, name, alg)


def _stateless_multinomial(logits, num_samples, seed, output_dtype):
    logits = convert_to_tensor(logits, name="logits")
    output_dtype = dtypes.as_dtype(output_dtype)
    return apply_op("StatelessMultinomial", [logits, num_samples, seed],
                    type_defaults=_SEED_INT32, output_dtype=output_dtype)


def stateless_categorical(logits, num_samples, seed, dtype=dtypes.int64, name=None):
    """TF `tf.random.stateless_categorical`: [batch, num_samples] class indices."""
    with name_scope(name, "stateless_categorical", [logits, seed]):
        return _stateless_multinomial(logits, num_samples, seed, dtype)


def stateless_multinomial(logits, num_samples, seed, output_dtype=dtypes.int64, name=None):
    """TF1 `tf.random.stateless_multinomial` (the old name of stateless_categorical)."""
    with name_scope(name, "stateless_multinomial", [logits, seed]):
        return _stateless_multinomial(logits, num_samples, seed, output_dtype)

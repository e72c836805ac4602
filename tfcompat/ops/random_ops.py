"""Random ops, seeded as TF1 seeds them: the graph seed (`tf.set_random_seed`) and the op seed
become the `seed`/`seed2` attrs. A seeded op draws TF's own numbers: its window of the Philox
stream its (seed, seed2) select, which moves on with every run of the op in a session, as TF's
kernels do (so a seeded TF1 program initializes, drops out and shuffles exactly as in TF). An
unseeded op (TF picks fresh seeds) draws from its own torch.Generator, which is faster.
"""
from __future__ import annotations

import weakref

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_util import constant_value_as_shape
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _philox
from tfcompat.ops import math_ops

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2**31 - 1
# graph -> how many random ops took their op seed from the graph seed (TF's
# `_graph_to_seed_dict`); weak, so a dropped graph takes its counter with it.
_OP_SEED_COUNTERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def set_random_seed(seed):
    """TF1 `tf.set_random_seed`: the graph-level seed of the default graph."""
    get_default_graph().seed = seed


def _truncate_seed(seed):
    return int(seed) % _MAXINT32


def _next_op_seed(graph):
    """The op seed of a random op built without one under a graph seed: 0, 1, 2 ... per graph.

    This is tf.compat.v1's rule (TF 2.x); TF 1.15 used the graph's last op id, which made a
    random op's values depend on how many unrelated ops were built before it. Either way each
    op gets its own stream and a rebuilt graph gets the same ones."""
    op_seed = _OP_SEED_COUNTERS.get(graph, 0)
    _OP_SEED_COUNTERS[graph] = op_seed + 1
    return op_seed


def get_seed(op_seed):
    """TF1's `random_seed.get_seed`: (graph seed, op seed) for a new random op."""
    graph = get_default_graph()
    if graph.seed is not None:
        if op_seed is None:
            op_seed = _next_op_seed(graph)
        seeds = (_truncate_seed(graph.seed), _truncate_seed(op_seed))
    elif op_seed is not None:
        seeds = (DEFAULT_GRAPH_SEED, _truncate_seed(op_seed))
    else:
        seeds = (None, None)
    if seeds == (0, 0):
        return 0, _MAXINT32
    return seeds


def _seed_attrs(seed):
    s1, s2 = get_seed(seed)
    return {"seed": s1 or 0, "seed2": s2 or 0}


def output_shape(op, shape):
    """The static output shape a random op's 1-D `shape` input gives, rank-checked at build
    time as TF's shape functions check it."""
    if shape.shape.ndims is not None and shape.shape.ndims != 1:
        raise shape_rules.shape_error("Shape must be rank 1 but is rank %d" % shape.shape.ndims,
                                      op, op.inputs)
    return constant_value_as_shape(shape)


def _check_scalar(op, arg, value):
    if value.shape.ndims is not None and value.shape.ndims != 0:
        raise shape_rules.shape_error("%s must be a scalar; got a tensor of shape %s"
                                      % (arg, shape_rules.shape_text(value.shape)), op, op.inputs)


def _shape_infer(op, shape, *rest, dtype=None, **attrs):
    return [(dtype or rest[0].dtype.base_dtype, output_shape(op, shape))]


def _dims(ctx, shape):
    """The run-time `shape` input as a list, checked as TF's kernels check it."""
    if len(shape.shape) != 1:
        raise errors.InvalidArgumentError(
            None, ctx.op, "shape must be a vector of {int32,int64}, got shape [%s]"
            % ",".join(str(int(d)) for d in shape.shape))
    dims = [int(d) for d in shape.tolist()]
    for d in dims:
        if d < 0:
            raise errors.InvalidArgumentError(None, ctx.op, "Dimension %d must be >= 0" % d)
    return dims


_RANDOM_ATTRS = {"dtype": None, "seed": 0, "seed2": 0}
# the Philox blocks a stateful kernel reserves per output value (ReserveRandomOutputs's
# multiplier: enough for the rejection samplers; the same for every distribution)
_BLOCKS_PER_OUTPUT = 256


def philox_to_torch(ctx, array, dtype):
    """A host-made numpy array as the op's output: dtype's torch tensor on the op's device."""
    # np.array(order="C"), not np.ascontiguousarray, which makes a 0-d array 1-d
    if dtype == dtypes.bfloat16:
        return torch.from_numpy(np.array(array, np.float32, order="C")).to(
            device=ctx.device, dtype=torch.bfloat16, non_blocking=True)
    # made on the host (TF's Philox streams), copied to a GPU without waiting
    return torch.from_numpy(np.array(array, order="C")).to(ctx.device, non_blocking=True)


def philox_fill(ctx, dims, dtype, sampler, key, counter):
    """`dims` values of one of _philox's samplers (uniform, normal, truncated_normal)."""
    size = int(np.prod(dims, dtype=np.int64))
    values = sampler(key, counter, size, dtype.name) if size else np.zeros(0)
    return philox_to_torch(ctx, values.reshape(dims).astype(
        np.float32 if dtype == dtypes.bfloat16 else dtype.as_numpy_dtype), dtype)


def seeded_stream(ctx, seed, seed2, blocks):
    """(key, counter) of this run's window of a seeded op's TF stream, which then moves on by
    `blocks`; None for an unseeded op or outside a session (exported modules draw from torch)."""
    if not (seed or seed2):
        return None
    start = ctx.philox_start(blocks)
    return None if start is None else _philox.op_key_counter(seed, seed2, start)


def _sample(ctx, dims, dtype, seed, seed2, sampler, torch_draw):
    size = int(np.prod(dims, dtype=np.int64))
    stream = seeded_stream(ctx, seed, seed2, size * _BLOCKS_PER_OUTPUT)
    if stream is None:
        return torch_draw()
    return philox_fill(ctx, dims, dtype, sampler, *stream)


@register_op("RandomUniform", inputs=("shape: T",), infer=_shape_infer, attrs=_RANDOM_ATTRS,
             stateful=True)
def _lower_random_uniform(ctx, shape, *, dtype, seed=0, seed2=0):
    dims = _dims(ctx, shape)
    return _sample(ctx, dims, dtype, seed, seed2, _philox.uniform, lambda: torch.rand(
        dims, generator=ctx.generator(), dtype=dtype.torch_dtype, device=ctx.device))


@register_op("RandomStandardNormal", inputs=("shape: T",), infer=_shape_infer,
             attrs=_RANDOM_ATTRS, stateful=True)
def _lower_random_standard_normal(ctx, shape, *, dtype, seed=0, seed2=0):
    dims = _dims(ctx, shape)
    return _sample(ctx, dims, dtype, seed, seed2, _philox.normal, lambda: torch.randn(
        dims, generator=ctx.generator(), dtype=dtype.torch_dtype, device=ctx.device))


def _torch_truncated_normal(ctx, dims, dtype):
    out = torch.empty(dims, dtype=dtype.torch_dtype, device=ctx.device)
    return torch.nn.init.trunc_normal_(out, 0.0, 1.0, -2.0, 2.0, generator=ctx.generator())


@register_op("TruncatedNormal", inputs=("shape: T",), infer=_shape_infer, attrs=_RANDOM_ATTRS,
             stateful=True)
def _lower_truncated_normal(ctx, shape, *, dtype, seed=0, seed2=0):
    dims = _dims(ctx, shape)
    return _sample(ctx, dims, dtype, seed, seed2, _philox.truncated_normal,
                   lambda: _torch_truncated_normal(ctx, dims, dtype))


def _uniform_int_infer(op, shape, minval, maxval, **attrs):
    out = output_shape(op, shape)
    _check_scalar(op, "minval", minval)
    _check_scalar(op, "maxval", maxval)
    return [(minval.dtype.base_dtype, out)]


@register_op("RandomUniformInt", inputs=("shape: T", "minval: Tout", "maxval: Tout"),
             infer=_uniform_int_infer, attrs={"seed": 0, "seed2": 0}, stateful=True)
def _lower_random_uniform_int(ctx, shape, minval, maxval, *, seed=0, seed2=0):
    dims = _dims(ctx, shape)
    low, high = int(minval), int(maxval)
    if not low < high:
        raise errors.InvalidArgumentError(None, ctx.op, "Need minval < maxval, got %d >= %d"
                                          % (low, high))
    size = int(np.prod(dims, dtype=np.int64))
    stream = seeded_stream(ctx, seed, seed2, size * _BLOCKS_PER_OUTPUT)
    if stream is None:
        return torch.randint(low, high, dims, generator=ctx.generator(), dtype=minval.dtype,
                             device=ctx.device)
    dtype = dtypes.as_dtype(minval.dtype)
    values = _philox.uniform_int(*stream, size, low, high, dtype.as_numpy_dtype)
    return philox_to_torch(ctx, values.reshape(dims), dtype)


@register_op("RandomShuffle", inputs=("value: T",), infer=shape_rules.same_shape,
             attrs={"seed": 0, "seed2": 0}, stateful=True, differentiable=False)
def _lower_random_shuffle(ctx, value, *, seed=0, seed2=0):
    if value.ndim == 0:
        return value.copy() if isinstance(value, np.ndarray) else value.detach().clone()
    size = value.shape[0]
    # TF draws size - 1 uint32 (ReserveSamples32), none for a single row
    stream = seeded_stream(ctx, seed, seed2, -(-(size - 1) // 4)) if size > 1 else None
    if stream is None:
        perm = torch.randperm(size, generator=ctx.generator(), device=ctx.device)
    else:
        perm = torch.from_numpy(_philox.shuffle_permutation(*stream, size)).to(ctx.device)
    if isinstance(value, np.ndarray):  # tf.string values (string_input_producer's file names)
        return value[perm.cpu().numpy()]
    return value.detach()[perm]   # TF: NotDifferentiable, even beside other paths to the xs


def _multinomial_infer(op, logits, num_samples, *, output_dtype=dtypes.int64, **attrs):
    # TF's shape fn: WithRank(logits, 2), WithRank(num_samples, 0), MakeDimForScalarInput(1)
    for t, rank in ((logits, 2), (num_samples, 0)):
        if t.shape.ndims is not None and t.shape.ndims != rank:
            raise shape_rules.shape_error("Shape must be rank %d but is rank %d"
                                          % (rank, t.shape.ndims), op, [logits, num_samples])
    n = constant_value(num_samples)
    if n is not None and int(n) < 0:
        raise shape_rules.shape_error(
            "Dimension size, given by scalar input 1, must be non-negative but is %d" % int(n),
            op, [logits, num_samples], computed={1: n})
    batch = logits.shape[0].value if logits.shape.ndims else None
    return [(output_dtype, TensorShape([batch, None if n is None else int(n)]))]


@register_op("Multinomial", inputs=("logits: T", "num_samples: int32"), infer=_multinomial_infer,
             attrs={"seed": 0, "seed2": 0, "output_dtype": dtypes.int64}, stateful=True)
def _lower_multinomial(ctx, logits, num_samples, *, seed=0, seed2=0, output_dtype=dtypes.int64):
    batch, n = logits.shape[0], int(num_samples)
    if n < 0:  # a fed num_samples; a constant one fails at build time
        raise errors.InvalidArgumentError(None, ctx.op,
                                          "num_samples should be non-negative, got %d" % n)
    if logits.shape[1] == 0:
        raise errors.InvalidArgumentError(None, ctx.op, "num_classes should be positive, got 0")
    if batch * n == 0:  # as TF's kernel, an empty output draws nothing
        return torch.empty((batch, n), dtype=output_dtype.torch_dtype, device=logits.device)
    # TF's CPU kernel reserves two uint32 (one double) per sample, in groups of 4 per row
    stream = seeded_stream(ctx, seed, seed2, batch * (-(-n // 4) * 8) * _BLOCKS_PER_OUTPUT)
    if stream is not None:
        values = logits.float() if logits.dtype == torch.bfloat16 else logits
        out = _philox.categorical(*stream, values.detach().cpu().numpy(), n)
        return philox_to_torch(ctx, out.astype(output_dtype.as_numpy_dtype), output_dtype)
    probs = torch.softmax(logits.double(), dim=-1)
    out = torch.multinomial(probs, int(num_samples), replacement=True, generator=ctx.generator())
    return out.to(output_dtype.torch_dtype)


# -- public functions ---------------------------------------------------------------------------

def _shape_tensor(shape):
    """TF's `shape_util.shape_tensor`: only an empty list is forced to int32; any other value
    converts as it is, so a float or string shape fails in the op's type check (after its
    seed was taken, as in TF)."""
    if hasattr(shape, "op"):
        return shape
    dtype = None
    if isinstance(shape, (tuple, list)):
        if not shape:
            dtype = dtypes.int32
        else:
            shape = tuple(tensor_shape.dimension_value(d) for d in shape)
    return convert_to_tensor(shape, dtype=dtype, name="shape")


_UNIFORM_DTYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64,
                   dtypes.int32, dtypes.int64)


def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """TF1 `tf.random_uniform`: [minval, maxval) (maxval defaults to 1 for floats)."""
    dtype = dtypes.as_dtype(dtype)
    if dtype not in _UNIFORM_DTYPES:
        raise ValueError("Argument `dtype` got invalid value %s. Accepted dtypes are (%s)."
                         % (dtype, ", ".join("tf." + d.name for d in _UNIFORM_DTYPES)))
    if maxval is None:
        if dtype.is_integer:
            raise ValueError("Must specify maxval for integer dtype %r" % dtype)
        maxval = 1
    with name_scope(name, "random_uniform", [shape, minval, maxval]) as scope:
        shape = _shape_tensor(shape)
        # NOTE: as TF, the Python defaults 0 and 1 build no scaling (the sample is returned)
        minval_is_zero = isinstance(minval, int) and minval == 0
        maxval_is_one = isinstance(maxval, int) and maxval == 1
        if not minval_is_zero or not maxval_is_one or dtype.is_integer:
            minval = convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        if dtype.is_integer:
            return apply_op("RandomUniformInt", [shape, minval, maxval], name=scope,
                            **_seed_attrs(seed))
        rnd = apply_op("RandomUniform", [shape], dtype=dtype, **_seed_attrs(seed))
        if minval_is_zero:
            return rnd if maxval_is_one else math_ops.multiply(rnd, maxval)
        return math_ops.add(rnd * (maxval - minval), minval, name=scope)


def _scaled_normal(op_type, default_name, shape, mean, stddev, dtype, seed, name):
    """`mean + stddev * <standard sample of op_type>`, built as TF builds it."""
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, default_name, [shape, mean, stddev]) as scope:
        shape = _shape_tensor(shape)
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        rnd = apply_op(op_type, [shape], dtype=dtype, **_seed_attrs(seed))
        return math_ops.add(rnd * stddev, mean, name=scope)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """TF1 `tf.random_normal`."""
    return _scaled_normal("RandomStandardNormal", "random_normal", shape, mean, stddev, dtype,
                          seed, name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """TF1 `tf.truncated_normal`: normal values, redrawn when more than 2 stddev from mean."""
    return _scaled_normal("TruncatedNormal", "truncated_normal", shape, mean, stddev, dtype,
                          seed, name)


def random_shuffle(value, seed=None, name=None):
    return apply_op("RandomShuffle", [value], name=name or "RandomShuffle", **_seed_attrs(seed))


def _multinomial(logits, num_samples, dtype, seed):
    logits = convert_to_tensor(logits, name="logits")
    dtype = dtypes.as_dtype(dtype) if dtype else dtypes.int64
    if dtype not in (dtypes.int32, dtypes.int64):
        raise ValueError("Argument `dtype` got invalid value %s. Accepted dtypes are (tf.int32, "
                         "tf.int64)." % dtype)
    return apply_op("Multinomial", [logits, num_samples], name="Multinomial",
                    output_dtype=dtype, **_seed_attrs(seed))


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """TF1 `tf.multinomial`: a Multinomial op inside a `multinomial` scope, as TF builds it."""
    with name_scope(name, "multinomial", [logits]):
        return _multinomial(logits, num_samples, output_dtype, seed)


def random_categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """TF `tf.random.categorical`: as `multinomial`, in a `categorical` scope."""
    with name_scope(name, "categorical", [logits]):
        return _multinomial(logits, num_samples, dtype, seed)

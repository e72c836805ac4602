"""Fractional pooling (Graham, 2014): TF's FractionalMaxPool and FractionalAvgPool
(tf.nn.fractional_max_pool / fractional_avg_pool, TF1 signatures).

Each pooled axis of length n gets floor(n / ratio) windows whose sizes are k or k + 1
(k = n // out), laid out either at random (a shuffle of the sizes) or pseudo-randomly
(a_i = ceil(alpha * (i + u)) for one random u), as TF's fractional_pool_common.cc does; the
op also returns those boundaries (row/col pooling sequences). The random numbers are TF's:
a fresh PhiloxRandom(seed, seed2) per run, read for the rows and then the columns as TF's
kernel reads it, so a deterministic op with seeds gives TF's layout; without seeds they are
drawn from the op's own generator. The gradient goes through torch: to the first maximum of
each window, or spread evenly over it.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _philox
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import nn_conv_attrs as attrs

_ATTRS = {"pooling_ratio": None, "pseudo_random": False, "overlapping": False,
          "deterministic": False, "seed": 0, "seed2": 0}


def _check_ratio(op, ratio):
    """TF's shape-function checks (pooling on the batch or channels fails in the kernel)."""
    attrs.check_min_length(op, "pooling_ratio", ratio, 4)
    if len(ratio) != 4:
        raise shape_rules.shape_error("pooling_ratio field must specify 4 dimensions", op,
                                      op.inputs)
    for r in ratio:
        if r < 1.0:
            raise shape_rules.shape_error("pooling_ratio cannot be smaller than 1, got: %g" % r,
                                          op, op.inputs)


def _fractional_infer(op, x, *, pooling_ratio, **unused):
    _check_ratio(op, pooling_ratio)
    dims = fns.dims(fns.with_rank(op, op.inputs, x.shape, 4))
    out = [None if d is None else int(d / r) for d, r in zip(dims, pooling_ratio)]
    rows = None if out[1] is None else out[1] + 1
    cols = None if out[2] is None else out[2] + 1
    return [(x.dtype.base_dtype, TensorShape(out)), (dtypes.int64, TensorShape([rows])),
            (dtypes.int64, TensorShape([cols]))]


def _random_sizes(n, out, key, block):
    # TF's GeneratePoolingSequenceRandom: sizes k + 1 first, shuffled by RandomShuffle with
    # ReserveSamples32(out) (uint32 % span per swap)
    k, extra = n // out, n % out
    sizes = np.full(out, k, dtype=np.int64)
    sizes[:extra] += 1
    _, counter = _philox.op_key_counter(key[0], key[1], block)
    key_words = _philox.op_key_counter(key[0], key[1])[0]
    return sizes[_philox.shuffle_permutation(key_words, counter, out)].tolist(), (out + 3) // 4


def _pseudo_random_sizes(n, out, key, block):
    # TF's GeneratePoolingSequencePseudoRandom: one RandDouble from ReserveSamples32(2)
    alpha = n / out
    k = n // out
    max_u = min((k + 2) / alpha - 1, (n + 1 - k) / alpha - (out - 1))
    words = _philox.blocks(*_philox.op_key_counter(key[0], key[1], block), 0, 1)[0]
    u = float(_philox.uint64_to_double(words[0:1], words[1:2])[0]) * max_u
    cum = [1] + [int(math.ceil(alpha * (i + u))) for i in range(1, out)] + [n + 1]
    return [cum[i + 1] - cum[i] for i in range(out)], 1


def _sequence(n, out, key, block, pseudo_random):
    """The cumulative boundaries along one axis, and the Philox blocks TF's kernel used."""
    sizes, used = (_pseudo_random_sizes if pseudo_random else _random_sizes)(n, out, key, block)
    cum = [0]
    for size in sizes:
        cum.append(cum[-1] + size)
    return cum, used


def _seeds(ctx, deterministic, seed, seed2):
    if seed or seed2:
        return seed, seed2
    # TF: random seeds, fixed for the op's life when deterministic, fresh on every run if not
    source = ctx.generator()
    if deterministic:
        return source.initial_seed() & 0x7FFFFFFFFFFFFFFF, 1
    drawn = torch.randint(0, 2 ** 62, (2,), generator=source, device=source.device).tolist()
    return drawn[0], drawn[1]


def _windows(ctx, x, ratio, pseudo_random, deterministic, seed, seed2):
    """(row boundaries, col boundaries) for input x [b, h, w, c]."""
    out = [int(x.shape[i] / ratio[i]) for i in range(4)]
    if out[1] <= 0 or out[2] <= 0:
        raise errors.InvalidArgumentError(None, ctx.op, "%s: output size must be positive; "
                                          "got %s for input %s" % (ctx.op.type, out,
                                                                   list(x.shape)))
    key = _seeds(ctx, deterministic, seed, seed2)
    rows, used = _sequence(x.shape[1], out[1], key, 0, pseudo_random)
    cols, _ = _sequence(x.shape[2], out[2], key, used, pseudo_random)
    return rows, cols


def _pool(x, rows, cols, overlapping, reduce):
    """Each output cell reduces input rows [rows[i], rows[i+1]) (one more when overlapping,
    within the input) and likewise columns."""
    h, w = x.shape[1], x.shape[2]
    out_rows = []
    for i in range(len(rows) - 1):
        r_end = min(rows[i + 1] + (1 if overlapping else 0), h)
        out_cols = []
        for j in range(len(cols) - 1):
            c_end = min(cols[j + 1] + (1 if overlapping else 0), w)
            out_cols.append(reduce(x[:, rows[i]:r_end, cols[j]:c_end, :]))
        out_rows.append(torch.stack(out_cols, 1))
    return torch.stack(out_rows, 1)


def _max_window(window):
    return window.flatten(1, 2).max(dim=1).values


def _mean_window(window):
    return window.mean(dim=(1, 2))


def _lower_fn(reduce):
    def lower(ctx, x, *, pooling_ratio, pseudo_random=False, overlapping=False,
              deterministic=False, seed=0, seed2=0):
        if pooling_ratio[0] != 1.0 or pooling_ratio[3] != 1.0:
            kind = "max" if ctx.op.type == "FractionalMaxPool" else "average"
            raise errors.UnimplementedError(None, ctx.op, "Fractional %s pooling is not yet "
                                            "supported on the batch nor channel dimension."
                                            % kind)
        if not deterministic and (seed or seed2):
            raise errors.InvalidArgumentError(None, ctx.op, "Both seed and seed2 should be 0 if "
                                              "deterministic is false.")
        rows, cols = _windows(ctx, x, pooling_ratio, pseudo_random, deterministic, seed, seed2)
        y = _pool(x, rows, cols, overlapping, reduce)
        dev = x.device
        return (y, torch.tensor(rows, dtype=torch.int64, device=dev),
                torch.tensor(cols, dtype=torch.int64, device=dev))
    return lower


register_op("FractionalMaxPool", inputs=("value: T",), infer=_fractional_infer, attrs=_ATTRS,
            stateful=True)(_lower_fn(_max_window))
register_op("FractionalAvgPool", inputs=("value: T",), infer=_fractional_infer, attrs=_ATTRS,
            stateful=True)(_lower_fn(_mean_window))


def _fractional(op_type, value, pooling_ratio, pseudo_random, overlapping, deterministic, seed,
                seed2, name):
    return apply_op(op_type, [value], name=name or op_type,
                    pooling_ratio=[float(r) for r in pooling_ratio],
                    pseudo_random=bool(pseudo_random), overlapping=bool(overlapping),
                    deterministic=bool(deterministic), seed=int(seed), seed2=int(seed2))


def fractional_max_pool(value, pooling_ratio, pseudo_random=False, overlapping=False,
                        deterministic=False, seed=0, seed2=0, name=None):
    """TF1 `tf.nn.fractional_max_pool`: (output, row_pooling_sequence,
    col_pooling_sequence)."""
    return _fractional("FractionalMaxPool", value, pooling_ratio, pseudo_random, overlapping,
                       deterministic, seed, seed2, name)


def fractional_avg_pool(value, pooling_ratio, pseudo_random=False, overlapping=False,
                        deterministic=False, seed=0, seed2=0, name=None):
    """TF1 `tf.nn.fractional_avg_pool`: (output, row_pooling_sequence,
    col_pooling_sequence)."""
    return _fractional("FractionalAvgPool", value, pooling_ratio, pseudo_random, overlapping,
                       deterministic, seed, seed2, name)

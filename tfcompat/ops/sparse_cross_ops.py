"""Feature crosses: `SparseCross` (tf.sparse.cross_hashed: a hashed cross, or strings) and
`SparseCrossV2` (tf.sparse.cross: strings joined by a separator). Each batch row's output is the
cartesian product of that row's features in every input (sparse inputs first, then dense, the
last input varying fastest), as TF's kernel; hashes are TF's FingerprintCat64 chains.
"""
from __future__ import annotations

import itertools

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _string_hash as hashes
from tfcompat.ops.math_ops import cast
from tfcompat.ops.string_ops import _as_bytes

_DEFAULT_HASH_KEY = 0xDECAFCAFFE
_INT64_MAX = (1 << 63) - 1


def _items(value) -> list:
    if isinstance(value, torch.Tensor):
        return value.cpu().tolist()
    return np.asarray(value, dtype=object).tolist()


def _columns(ctx, flat, n, n_dense):
    """Per input, a function row -> that row's features (bytes or ints), and the batch size."""
    indices, values, shapes = flat[:n], flat[n:2 * n], flat[2 * n:3 * n]
    dense = flat[3 * n:3 * n + n_dense]
    batch = None
    for shape in shapes:
        batch = int(shape[0]) if batch is None else batch
    for d in dense:
        batch = int(d.shape[0]) if batch is None else batch
    _check_batch_sizes(ctx, batch, shapes, dense)
    columns = []
    for ind, val in zip(indices, values):
        rows = [[] for _ in range(batch or 0)]
        for (row, *_), v in zip(ind.cpu().tolist(), _items(val)):
            if not 0 <= row < len(rows):
                raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                      "Invalid batch index %d in sparse input" % row)
            rows[row].append(v)
        columns.append(rows)
    for d in dense:
        columns.append([list(r) for r in _items(d)])
    return columns, batch or 0


def _check_batch_sizes(ctx, batch, shapes, dense):
    """TF's ValidateInput: every input has the first input's batch size."""
    sizes = [("position", int(shape[0])) for shape in shapes] + \
        [("dense tensor", int(d.shape[0])) for d in dense]
    seen = {"position": 0, "dense tensor": 0}
    for where, size in sizes:
        if size != batch:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "Expected batch size %d got %d at %s %d"
                                  % (batch, size, where, seen[where]))
        seen[where] += 1


def _as_text(feature) -> bytes:
    return str(feature).encode() if isinstance(feature, int) else _as_bytes(feature)


def _feature_hash(feature) -> int:
    return feature & ((1 << 64) - 1) if isinstance(feature, int) else \
        hashes.fingerprint64(_as_bytes(feature))


def _cross(ctx, flat, n, n_dense, make):
    columns, batch = _columns(ctx, flat, n, n_dense)
    out_indices, out_values, width = [], [], 0
    for b in range(batch):
        crosses = [make(combo) for combo in itertools.product(*(c[b] for c in columns))]
        out_indices.extend([b, j] for j in range(len(crosses)))
        out_values.extend(crosses)
        width = max(width, len(crosses))
    return (torch.tensor(out_indices, dtype=torch.int64).reshape(-1, 2), out_values,
            torch.tensor([batch, width], dtype=torch.int64))


def _cross_infer(op, *inputs, **attrs):
    out = dtypes.string if attrs.get("out_type", dtypes.string) == dtypes.string else \
        dtypes.int64
    return [(dtypes.int64, TensorShape([None, 2])), (out, TensorShape([None])),
            (dtypes.int64, TensorShape([2]))]


def _strings(values):
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@register_op("SparseCross", inputs=("indices: N*int64", "values: sparse_types",
                                    "shapes: N*int64", "dense_inputs: dense_types"),
             infer=_cross_infer,
             attrs={"N": 0, "hashed_output": False, "num_buckets": 0, "hash_key": 0,
                    "sparse_types": (), "dense_types": (), "out_type": dtypes.string,
                    "internal_type": dtypes.string},
             host_only=True, differentiable=False)
def _lower_sparse_cross(ctx, *flat, N, hashed_output, num_buckets, hash_key, sparse_types,
                        dense_types, out_type, internal_type):
    if hashed_output:
        def make(combo):
            fp = hash_key
            for feature in combo:
                fp = hashes.fingerprint_cat64(fp, _feature_hash(feature))
            return fp % (num_buckets if num_buckets > 0 else _INT64_MAX)
        indices, values, shape = _cross(ctx, flat, N, len(dense_types), make)
        return indices, torch.tensor(values, dtype=torch.int64), shape
    indices, values, shape = _cross(ctx, flat, N, len(dense_types),
                                    lambda combo: b"_X_".join(_as_text(f) for f in combo))
    return indices, _strings(values), shape


@register_op("SparseCrossV2", inputs=("indices: N*int64", "values: sparse_types",
                                      "shapes: N*int64", "dense_inputs: dense_types",
                                      "sep: string"),
             infer=_cross_infer, attrs={"N": 0, "sparse_types": (), "dense_types": ()},
             host_only=True, differentiable=False)
def _lower_sparse_cross_v2(ctx, *flat, N, sparse_types, dense_types):
    sep = _as_bytes(np.asarray(flat[-1], dtype=object).reshape(-1)[0])
    indices, values, shape = _cross(ctx, flat[:-1], N, len(dense_types),
                                    lambda combo: sep.join(_as_text(f) for f in combo))
    return indices, _strings(values), shape


def _split_inputs(inputs):
    if not isinstance(inputs, (tuple, list)):
        raise TypeError("Inputs must be a list")
    sparse = [i for i in inputs if isinstance(i, SparseTensor)]
    dense = [i for i in inputs if not isinstance(i, SparseTensor)]
    values = [v.values if v.values.dtype == dtypes.string else cast(v.values, dtypes.int64)
              for v in sparse]
    dense = [d if d.dtype == dtypes.string else cast(d, dtypes.int64) for d in dense]
    return ([s.indices for s in sparse], values, [s.dense_shape for s in sparse], dense)


def sparse_cross(inputs, name=None, separator=None):
    """TF1 `tf.sparse.cross`: string crosses of the inputs' features, joined by `separator`."""
    indices, values, shapes, dense = _split_inputs(inputs)
    out = apply_op("SparseCrossV2", [indices, values, shapes, dense,
                                     "_X_" if separator is None else separator],
                   name=name or "SparseCrossV2")
    return SparseTensor(*out)


def sparse_cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """TF1 `tf.sparse.cross_hashed`: hashed crosses of the inputs' features (int64)."""
    indices, values, shapes, dense = _split_inputs(inputs)
    internal = dtypes.int64 if any(v.dtype != dtypes.string for v in values + dense) else \
        dtypes.string
    out = apply_op("SparseCross", [indices, values, shapes, dense],
                   name=name or "SparseCross", hashed_output=True, num_buckets=num_buckets,
                   hash_key=hash_key or _DEFAULT_HASH_KEY, out_type=dtypes.int64,
                   internal_type=internal)
    return SparseTensor(*out)

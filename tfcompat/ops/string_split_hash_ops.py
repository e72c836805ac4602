"""String splitting and hashing: StringSplit / StringSplitV2 (a vector of strings -> a
SparseTensor of tokens, as TF1's `tf.string_split` and `tf.strings.split` return),
StringToHashBucket{,Fast,Strong} and Fingerprint, bit-exact with TF's hashes (_string_hash.py).
"""
from __future__ import annotations

import struct

import numpy as np
import torch

from tfcompat import errors
from tfcompat._lazy import lazy_module as _lazy_module
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops._ragged_entry import ragged_entry
from tfcompat.ops import _string_hash as hashes
from tfcompat.ops import array_ops
from tfcompat.ops.string_ops import _as_bytes

# ragged imports these ops: its RaggedTensor is reached on first use
_ragged_tensor = _lazy_module("tfcompat.ragged.ragged_tensor")


def _flat_strings(value) -> list:
    return [_as_bytes(s) for s in np.asarray(value, dtype=object).reshape(-1).tolist()]


# -- StringSplit, StringSplitV2 --------------------------------------------------------------------

def _split_infer(op, x, sep, **attrs):
    fns.with_rank(op, [x, sep], x.shape, 1)
    fns.with_rank(op, [x, sep], sep.shape, 0)
    return [(dtypes.int64, TensorShape([None, 2])), (dtypes.string, TensorShape([None])),
            (dtypes.int64, TensorShape([2]))]


def _sparse_tokens(rows: list) -> tuple:
    """Token lists per input string -> (indices, values, dense_shape) of a SparseTensor."""
    indices = [[i, j] for i, row in enumerate(rows) for j in range(len(row))]
    values = np.empty(sum(len(r) for r in rows), dtype=object)
    values[:] = [t for row in rows for t in row]
    width = max((len(r) for r in rows), default=0)
    return (torch.tensor(indices, dtype=torch.int64).reshape(-1, 2), values,
            torch.tensor([len(rows), width], dtype=torch.int64))


def _split_on_any(text: bytes, delims: bytes, skip_empty: bool) -> list:
    if not delims or not text:   # an empty delimiter splits into single bytes; TF's Split
        return [text[i:i + 1] for i in range(len(text))]   # of "" is no tokens
    tokens, start = [], 0
    for i, byte in enumerate(text):
        if byte in delims:
            tokens.append(text[start:i])
            start = i + 1
    tokens.append(text[start:])
    return [t for t in tokens if t] if skip_empty else tokens


@register_op("StringSplit", inputs=("input: string", "delimiter: string"), infer=_split_infer,
             attrs={"skip_empty": True}, host_only=True, differentiable=False)
def _lower_string_split(ctx, x, delimiter, *, skip_empty=True):
    delims = _as_bytes(np.asarray(delimiter, dtype=object).reshape(-1)[0])
    return _sparse_tokens([_split_on_any(s, delims, skip_empty) for s in _flat_strings(x)])


def _split_v2(text: bytes, sep: bytes, maxsplit: int) -> list:
    if not sep:   # runs of ASCII whitespace, leading and trailing ones dropped
        return text.split(None, maxsplit)
    return text.split(sep, maxsplit)


@register_op("StringSplitV2", inputs=("input: string", "sep: string"), infer=_split_infer,
             attrs={"maxsplit": -1}, host_only=True, differentiable=False)
def _lower_string_split_v2(ctx, x, sep, *, maxsplit=-1):
    sep = _as_bytes(np.asarray(sep, dtype=object).reshape(-1)[0])
    return _sparse_tokens([_split_v2(s, sep, maxsplit) for s in _flat_strings(x)])


def _check_result_type(result_type):
    if result_type not in ("SparseTensor", "RaggedTensor"):
        raise ValueError("result_type must be 'RaggedTensor' or 'SparseTensor'.")


def _split_result(sparse, result_type):
    """TF's ragged_string_ops: the SparseTensor, or its rows as a RaggedTensor."""
    if result_type == "SparseTensor":
        return sparse
    return _ragged_tensor.RaggedTensor.from_value_rowids(values=sparse.values,
                                          value_rowids=sparse.indices[:, 0],
                                          nrows=sparse.dense_shape[0], validate=False)


def string_split(source, sep=None, skip_empty=True, delimiter=None, result_type="SparseTensor",
                 name=None):
    """TF1 `tf.string_split`: each string of a vector split on any of the delimiter's bytes."""
    _check_result_type(result_type)
    delimiter = sep if sep is not None else delimiter
    with name_scope(name, "StringSplit", [source]):
        # as TF: the delimiter's constant first (`Const`), then the source's
        delimiter = convert_to_tensor(" " if delimiter is None else delimiter, dtype=dtypes.string)
        source = convert_to_tensor(source, dtype=dtypes.string)
        outputs = apply_op("StringSplit", [source, delimiter], name="StringSplit",
                           skip_empty=bool(skip_empty))
        return _split_result(SparseTensor(*outputs), result_type)


@ragged_entry
def strings_split_v1(input=None, sep=None, maxsplit=-1, result_type="SparseTensor", source=None,
                     name=None):
    """TF1 `tf.strings.split`: split on `sep` (whitespace runs when None), at most `maxsplit`
    times per string; a SparseTensor (or RaggedTensor) of tokens. A scalar is one row."""
    _check_result_type(result_type)
    value = input if input is not None else source
    with name_scope(name, "StringSplit", [value]):
        value = convert_to_tensor(value, dtype=dtypes.string, name="input")
        if value.shape.rank == 0:
            value = array_ops.expand_dims(value, 0)
        if value.shape.rank is not None and value.shape.rank > 1:
            # as TF: the flat values split, each string a row of a ragged tensor
            rows = _ragged_tensor.RaggedTensor.from_tensor(value, ragged_rank=value.shape.rank - 1)
            split = strings_split_v1(rows.flat_values, sep, maxsplit, "RaggedTensor")
            result = rows.with_flat_values(split)
            return result if result_type == "RaggedTensor" else result.to_sparse()
        outputs = apply_op("StringSplitV2", [value, "" if sep is None else sep],
                           name="StringSplitV2", maxsplit=int(maxsplit))
        return _split_result(SparseTensor(*outputs), result_type)


# -- hash buckets and fingerprints -----------------------------------------------------------------

def _bucket_infer(op, x, **attrs):
    return [(dtypes.int64, x.shape)]


def _bucket_lowering(hash_fn):
    def lower(ctx, x, *, num_buckets, **attrs):
        array = np.asarray(x, dtype=object)
        codes = [hash_fn(s, attrs) % num_buckets for s in _flat_strings(array)]
        return torch.tensor(codes, dtype=torch.int64).reshape(array.shape)
    return lower


register_op("StringToHashBucket", inputs=("string_tensor: string",), infer=_bucket_infer,
            attrs={"num_buckets": None}, host_only=True, differentiable=False)(
    _bucket_lowering(lambda s, attrs: hashes.hash64(s)))
register_op("StringToHashBucketFast", inputs=("input: string",), infer=_bucket_infer,
            attrs={"num_buckets": None}, host_only=True, differentiable=False)(
    _bucket_lowering(lambda s, attrs: hashes.fingerprint64(s)))
_lower_strong = _bucket_lowering(lambda s, attrs: hashes.siphash24(tuple(attrs["key"]), s))


@register_op("StringToHashBucketStrong", inputs=("input: string",), infer=_bucket_infer,
             attrs={"num_buckets": None, "key": None}, host_only=True, differentiable=False)
def _lower_string_to_hash_bucket_strong(ctx, x, *, num_buckets, key):
    if len(key) != 2:  # TF's kernel checks it when it is constructed: at run time
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "Key must have 2 elements")
    return _lower_strong(ctx, x, num_buckets=num_buckets, key=key)


@ragged_entry
def string_to_hash_bucket(string_tensor=None, num_buckets=None, name=None, input=None):
    """TF1 `tf.string_to_hash_bucket` / `tf.strings.to_hash_bucket` (TF's legacy Hash64)."""
    value = string_tensor if string_tensor is not None else input
    return apply_op("StringToHashBucket", [value], name=name or "StringToHashBucket",
                    num_buckets=int(num_buckets))


@ragged_entry
def string_to_hash_bucket_fast(input, num_buckets, name=None):
    """TF1 `tf.string_to_hash_bucket_fast` (farmhash Fingerprint64 modulo num_buckets)."""
    return apply_op("StringToHashBucketFast", [input], name=name or "StringToHashBucketFast",
                    num_buckets=int(num_buckets))


@ragged_entry
def string_to_hash_bucket_strong(input, num_buckets, key, name=None):
    """TF1 `tf.string_to_hash_bucket_strong` (SipHash-2-4 keyed by two ints)."""
    return apply_op("StringToHashBucketStrong", [input], name=name or "StringToHashBucketStrong",
                    num_buckets=int(num_buckets), key=[int(k) for k in key])


def _fingerprint_infer(op, data, method):
    fns.with_rank_at_least(op, [data, method], data.shape, 1)
    fns.with_rank(op, [data, method], method.shape, 0)
    batch = data.shape.as_list()[0] if data.shape.ndims is not None else None
    return [(dtypes.uint8, TensorShape([batch, 8]))]


def _row_fingerprint(row) -> int:
    if row.dtype == object:   # strings: each fingerprinted, several combined by fingerprinting
        prints = [hashes.fingerprint64(_as_bytes(s)) for s in row.reshape(-1).tolist()]
        if len(prints) == 1:
            return prints[0]
        return hashes.fingerprint64(struct.pack("<%dQ" % len(prints), *prints))
    return hashes.fingerprint64(np.ascontiguousarray(row).astype(row.dtype.newbyteorder("<"))
                                .tobytes())


@register_op("Fingerprint", inputs=("data: T", "method: string"), infer=_fingerprint_infer,
             host_only=True, differentiable=False)
def _lower_fingerprint(ctx, data, method):
    name = _as_bytes(np.asarray(method, dtype=object).reshape(-1)[0])
    if name != b"farmhash64":
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Unsupported fingerprint method: %s" % name.decode())
    array = data.cpu().numpy() if isinstance(data, torch.Tensor) else np.asarray(data, object)
    out = np.zeros((array.shape[0], 8), dtype=np.uint8)
    for i in range(array.shape[0]):
        row = np.asarray(array[i], dtype=object if array.dtype == object else array.dtype)
        out[i] = np.frombuffer(_row_fingerprint(row).to_bytes(8, "little"), np.uint8)
    return torch.from_numpy(out)


def fingerprint(data, method="farmhash64", name=None):
    """TF1 `tf.fingerprint`: an 8-byte farmhash64 fingerprint of each row of `data`."""
    return apply_op("Fingerprint", [data, method], name=name or "Fingerprint")



__all__ = ["fingerprint", "string_split", "string_to_hash_bucket", "string_to_hash_bucket_fast",
           "string_to_hash_bucket_strong"]

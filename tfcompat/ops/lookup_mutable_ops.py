"""Mutable lookup tables: TF's ops `MutableHashTableV2`, `MutableHashTableOfTensorsV2`,
`MutableDenseHashTableV2`, `LookupTableInsertV2`, `LookupTableRemoveV2` and
`LookupTableExportV2`; `LookupTableFindV2`, `LookupTableSizeV2` and `LookupTableImportV2`
(ops/lookup_ops.py) hand mutable tables to the state objects here.

The hash tables keep a dict (TF: an unordered map, whose export order is unspecified; tfcompat
exports in insertion order). The dense table is TF's MutableDenseHashTable bucket for bucket:
keys hashed as TF hashes them (the integer itself, TF's Hash64 of a string), triangular
probing, doubling past `max_load_factor`, an `empty_key`/`deleted_key` marking free slots — so
the bucket arrays it exports (and saves in checkpoints) are TF's, and TF's import, which adopts
the arrays as they are, finds every key.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_shape import unknown_shape
from tfcompat.ops import lookup_ops
from tfcompat.ops._string_hash import hash64

_MASK64 = (1 << 64) - 1


_fail = lookup_ops._fail
_no_outputs = lookup_ops._no_outputs


def _rows(value, row_rank: int) -> np.ndarray:
    """`value` as a [n, *row] numpy array (object dtype for strings)."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    array = np.asarray(value)
    return array.reshape((-1,) + array.shape[array.ndim - row_rank:] if row_rank else (-1,))


def _key(row):
    return row.item() if getattr(row, "ndim", 0) == 0 else tuple(row.reshape(-1).tolist())


def _output(ctx, array, index=0):
    dtype = ctx.op.outputs[index].dtype
    if dtype == dtypes.string:
        return np.asarray(array, dtype=object)
    return torch.from_numpy(np.ascontiguousarray(np.asarray(array, dtype=dtype.as_numpy_dtype)))


def _shape_text(shape) -> str:
    return "[%s]" % ",".join(str(d) for d in shape)


class MutableTable:
    """A MutableHashTable(OfTensors): key -> value (a scalar or a numpy row)."""

    def __init__(self, value_shape):
        self.value_shape = tuple(value_shape)
        self.data: dict = {}

    def _check_values(self, ctx, keys, values):
        expected = tuple(keys.shape) + self.value_shape
        if tuple(values.shape) != expected:
            raise _fail(ctx, errors.InvalidArgumentError, "Expected shape %s for value, got %s"
                        % (_shape_text(expected), _shape_text(values.shape)))

    def insert(self, ctx, keys, values, clear=False):
        self._check_values(ctx, keys, values)
        key_rows, value_rows = _rows(keys, 0), _rows(values, len(self.value_shape))
        if clear:
            self.data = {}
        for k, v in zip(key_rows.tolist(), value_rows):
            self.data[k] = v.copy() if self.value_shape else v.item()

    def remove(self, ctx, keys):
        for k in _rows(keys, 0).tolist():
            self.data.pop(k, None)

    def find(self, ctx, keys, default):
        default = np.asarray(default if not isinstance(default, torch.Tensor)
                             else default.cpu().numpy())
        if default.shape != self.value_shape and default.shape != tuple(keys.shape) + \
                self.value_shape:
            raise _fail(ctx, errors.InvalidArgumentError, "Expected shape %s or %s for "
                        "default value, got %s" % (_shape_text(self.value_shape),
                                                   _shape_text(tuple(keys.shape)
                                                               + self.value_shape),
                                                   _shape_text(default.shape)))
        per_key = default.shape != self.value_shape  # dynamic_default_values: one per key
        defaults = _rows(default, len(self.value_shape)) if per_key else None
        rows = [self.data.get(k, defaults[i] if per_key else default)
                for i, k in enumerate(_rows(keys, 0).tolist())]
        out = np.empty((len(rows),) + self.value_shape,
                       dtype=object if ctx.op.outputs[0].dtype == dtypes.string else
                       ctx.op.outputs[0].dtype.as_numpy_dtype)
        for i, row in enumerate(rows):
            out[i] = row
        return _output(ctx, out.reshape(tuple(keys.shape) + self.value_shape))

    def size(self) -> int:
        return len(self.data)

    def export(self, ctx):
        keys = list(self.data)
        values = np.empty((len(keys),) + self.value_shape,
                          dtype=object if ctx.op.outputs[1].dtype == dtypes.string else
                          ctx.op.outputs[1].dtype.as_numpy_dtype)
        for i, k in enumerate(keys):
            values[i] = self.data[k]
        return _output(ctx, np.array(keys, dtype=object), 0), _output(ctx, values, 1)


def _hash_scalar(value) -> int:
    if isinstance(value, bytes):
        return hash64(value)
    return int(value) & _MASK64


def _hash64_combine(a: int, b: int) -> int:
    return (a ^ (b + 0x9E3779B97F4A7800 + ((a << 10) & _MASK64) + (a >> 4))) & _MASK64


def _check_buckets(ctx, n):
    if n < 4 or n & (n - 1):
        raise _fail(ctx, errors.InvalidArgumentError, "Number of buckets must be at least 4 and "
                    "a power of 2, got: %d" % n)


class DenseTable:
    """TF's MutableDenseHashTable: [num_buckets, key_size] key buckets, [num_buckets,
    value_size] value buckets."""

    def __init__(self, ctx, empty_key, deleted_key, value_shape, num_buckets, max_load_factor,
                 value_dtype):
        if not 0 < max_load_factor < 1:
            raise _fail(ctx, errors.InvalidArgumentError, "max_load_factor must be between 0 "
                        "and 1, got: %s" % max_load_factor)
        self.empty = _rows(empty_key, 0).reshape(1, -1)[0]
        self.deleted = _rows(deleted_key, 0).reshape(1, -1)[0]
        self.key_shape = tuple(np.asarray(
            empty_key.cpu() if isinstance(empty_key, torch.Tensor) else empty_key).shape)
        self.value_shape = tuple(value_shape)
        if self.empty.tolist() == self.deleted.tolist():
            raise _fail(ctx, errors.InvalidArgumentError,
                        "Empty and deleted keys cannot be equal")
        self.max_load, self.value_dtype = max_load_factor, value_dtype
        self._allocate(ctx, num_buckets)

    def _allocate(self, ctx, num_buckets):
        _check_buckets(ctx, num_buckets)
        self.num_buckets, self.entries = num_buckets, 0
        self.keys = np.tile(self.empty, (num_buckets, 1))
        value_size = int(np.prod(self.value_shape)) if self.value_shape else 1
        self.values = np.zeros((num_buckets, value_size), dtype=self.value_dtype)
        if self.value_dtype == object:
            self.values[:] = b""

    def _hash(self, row) -> int:
        if len(row) == 1:
            return _hash_scalar(row[0])
        result = 0
        for item in row:
            result = _hash64_combine(result, _hash_scalar(item))
        return result

    def _probe(self, row):
        """Bucket indices in TF's probe order (triangular steps over a power-of-two table)."""
        mask, bucket = self.num_buckets - 1, self._hash(row) & (self.num_buckets - 1)
        for probes in range(1, self.num_buckets + 1):
            yield bucket
            bucket = (bucket + probes) & mask

    def _is(self, bucket, row) -> bool:
        return self.keys[bucket].tolist() == row.tolist()

    def _key_rows(self, ctx, keys):
        rank = len(self.key_shape)
        shape = tuple(keys.shape)
        if shape[len(shape) - rank:] != self.key_shape:
            expected = (shape[0] if shape else 1,) + self.key_shape
            raise _fail(ctx, errors.InvalidArgumentError, "Expected key shape %s got %s"
                        % (_shape_text(expected), _shape_text(shape)))
        return _rows(keys, rank).reshape(-1, max(1, int(np.prod(self.key_shape))))

    def _reject_markers(self, ctx, row):
        if row.tolist() == self.empty.tolist():
            raise _fail(ctx, errors.InvalidArgumentError,
                        "Using the empty_key as a table key is not allowed")
        if row.tolist() == self.deleted.tolist():
            raise _fail(ctx, errors.InvalidArgumentError,
                        "Using the deleted_key as a table key is not allowed")

    def _put(self, ctx, rows, values, skip_markers):
        for row, value in zip(rows, values):
            if skip_markers and (row.tolist() == self.empty.tolist()
                                 or row.tolist() == self.deleted.tolist()):
                continue
            self._reject_markers(ctx, row)
            for bucket in self._probe(row):
                if self._is(bucket, row):
                    self.values[bucket] = value
                    break
                if self._is(bucket, self.empty) or self._is(bucket, self.deleted):
                    self.entries += 1
                    self.keys[bucket], self.values[bucket] = row, value
                    break
            else:
                raise _fail(ctx, errors.InternalError,
                            "Internal error in MutableDenseHashTable insert")

    def insert(self, ctx, keys, values, clear=False):
        rows = self._key_rows(ctx, keys)
        values = _rows(values, len(self.value_shape)).reshape(len(rows), -1)
        if clear:
            return self._adopt(ctx, rows, values)
        pending = self.entries + len(rows)
        if pending > self.num_buckets * self.max_load:
            new = self.num_buckets
            while True:
                new <<= 1
                if not pending > new * self.max_load:
                    break
            old_keys, old_values = self.keys, self.values
            self._allocate(ctx, new)
            self._put(ctx, old_keys, old_values, skip_markers=True)
        self._put(ctx, rows, values, skip_markers=False)

    def _adopt(self, ctx, rows, values):
        """TF's import: the arrays become the buckets as they are (a checkpoint's layout)."""
        n = len(rows)
        _check_buckets(ctx, n)
        self.num_buckets, self.keys = n, np.array(rows, dtype=self.keys.dtype)
        self.values = np.array(values, dtype=self.values.dtype)
        self.entries = sum(1 for row in rows if row.tolist() != self.empty.tolist()
                           and row.tolist() != self.deleted.tolist())

    def remove(self, ctx, keys):
        for row in self._key_rows(ctx, keys):
            self._reject_markers(ctx, row)
            for bucket in self._probe(row):
                if self._is(bucket, row):
                    self.keys[bucket] = self.deleted
                    self.entries -= 1
                    break
                if self._is(bucket, self.empty):
                    break
            else:
                raise _fail(ctx, errors.InternalError,
                            "Internal error in MutableDenseHashTable remove")

    def find(self, ctx, keys, default):
        rows = self._key_rows(ctx, keys)
        default = _rows(default, len(self.value_shape)).reshape(-1)
        value_size = self.values.shape[1]
        out = np.empty((len(rows), value_size), dtype=self.values.dtype)
        for i, row in enumerate(rows):
            self._reject_markers(ctx, row)
            out[i] = default[:value_size] if len(default) == value_size else \
                default[i * value_size:(i + 1) * value_size]
            for bucket in self._probe(row):
                if self._is(bucket, row):
                    out[i] = self.values[bucket]
                    break
                if self._is(bucket, self.empty):
                    break
            else:
                raise _fail(ctx, errors.InternalError,
                            "Internal error in MutableDenseHashTable lookup")
        shape = tuple(keys.shape)[:len(tuple(keys.shape)) - len(self.key_shape)]
        return _output(ctx, out.reshape(shape + self.value_shape))

    def size(self) -> int:
        return self.entries

    def export(self, ctx):
        return _output(ctx, self.keys, 0), _output(ctx, self.values, 1)


# -- ops -------------------------------------------------------------------------------------

def _numpy_dtype(dtype):
    return object if dtype == dtypes.string else dtype.as_numpy_dtype


def _create(ctx, make):
    key = ctx.op._attrs.get("shared_name") or ctx.op.name
    with ctx.state.lock:
        if ("table", key) not in ctx.state.resources:
            ctx.state.resources[("table", key)] = make()
    return lookup_ops.TableHandle(key)


_TABLE_ATTRS = {"container": "", "shared_name": "", "use_node_name_sharing": False,
                "key_dtype": None, "value_dtype": None}


def _handle_infer(op, *inputs, **attrs):
    return [(dtypes.resource, TensorShape([]))]


@register_op("MutableHashTableV2", infer=_handle_infer, attrs=_TABLE_ATTRS, stateful=True,
             host_only=True, differentiable=False)
def _lower_mutable_hash_table(ctx, **attrs):
    return _create(ctx, lambda: MutableTable(()))


@register_op("MutableHashTableOfTensorsV2", infer=_handle_infer,
             attrs=dict(_TABLE_ATTRS, value_shape=TensorShape([])), stateful=True,
             host_only=True, differentiable=False)
def _lower_mutable_hash_table_of_tensors(ctx, *, value_shape=None, **attrs):
    return _create(ctx, lambda: MutableTable(TensorShape(value_shape).as_list()))


@register_op("MutableDenseHashTableV2", inputs=("empty_key: key_dtype",
                                                "deleted_key: key_dtype"),
             infer=_handle_infer,
             attrs=dict(_TABLE_ATTRS, value_shape=TensorShape([]), initial_num_buckets=131072,
                        max_load_factor=0.8),
             stateful=True, host_only=True, differentiable=False)
def _lower_mutable_dense_hash_table(ctx, empty_key, deleted_key, *, value_shape=None,
                                    initial_num_buckets=131072, max_load_factor=0.8,
                                    value_dtype=None, **attrs):
    return _create(ctx, lambda: DenseTable(
        ctx, empty_key, deleted_key, TensorShape(value_shape).as_list(), initial_num_buckets,
        max_load_factor, _numpy_dtype(value_dtype)))


def _mutable(ctx, handle):
    table = lookup_ops._table(ctx, handle)
    if not isinstance(table, (MutableTable, DenseTable)):
        raise _fail(ctx, errors.InvalidArgumentError, "Table %s is not mutable" % handle.key)
    return table


@register_op("LookupTableInsertV2", inputs=("table_handle: resource", "keys: Tin",
                                            "values: Tout"),
             infer=_no_outputs, stateful=True, mutates=True, host_only=True,
             differentiable=False)
def _lower_insert(ctx, handle, keys, values):
    table = _mutable(ctx, handle)
    with ctx.state.lock:
        table.insert(ctx, keys, values)


@register_op("LookupTableRemoveV2", inputs=("table_handle: resource", "keys: Tin"),
             infer=_no_outputs, stateful=True, mutates=True, host_only=True,
             differentiable=False)
def _lower_remove(ctx, handle, keys):
    table = _mutable(ctx, handle)
    with ctx.state.lock:
        table.remove(ctx, keys)


def _export_infer(op, handle, *, Tkeys, Tvalues):
    return [(Tkeys, unknown_shape()), (Tvalues, unknown_shape())]


@register_op("LookupTableExportV2", inputs=("table_handle: resource",), infer=_export_infer,
             attrs={"Tkeys": None, "Tvalues": None}, stateful=True, host_only=True,
             differentiable=False)
def _lower_export(ctx, handle, **attrs):
    table = _mutable(ctx, handle)
    with ctx.state.lock:
        return table.export(ctx)

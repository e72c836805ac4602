"""Lookup tables (`tf.lookup`): `StaticHashTable`, `StaticVocabularyTable` and their
initializers, over TF's ops `HashTableV2`, `LookupTableImportV2`, `InitializeTableV2`,
`InitializeTableFromTextFileV2`, `LookupTableFindV2` and `LookupTableSizeV2`.

A table's contents live in the session's resources (like queues, ops/_queue_state.py), keyed by
the table op's shared name; its initializer op is in the TABLE_INITIALIZERS collection, which
`tf.tables_initializer()` groups. Keys are compared as Python values (bytes or ints).
"""
from __future__ import annotations

import uuid

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import add_to_collection
from tfcompat.framework.graph import get_collection
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.operation import Tensor
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops.array_ops import no_op
from tfcompat.ops.control_flow_ops import group
from tfcompat.ops.indexing_ops import where_v2
from tfcompat.ops.math_ops import add
from tfcompat.ops.math_ops import cast
from tfcompat.ops.math_ops import not_equal
from tfcompat.ops.string_ops_more import as_string
from tfcompat.ops.string_split_hash_ops import string_to_hash_bucket_fast


class TableHandle:
    """The value of a table resource tensor: the key of its contents in the session."""

    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key


class _TableState:
    def __init__(self):
        self.data: dict | None = None   # None until initialized


def _fail(ctx, cls, message):
    return errors.op_error(cls, ctx.op, message)


def _table(ctx, handle) -> _TableState:
    state = ctx.state.resources.get(("table", handle.key))
    if state is None:
        raise _fail(ctx, errors.NotFoundError, "Resource %s does not exist." % handle.key)
    return state


def _python_items(value) -> list:
    if isinstance(value, torch.Tensor):
        return value.cpu().reshape(-1).tolist()
    return list(np.asarray(value, dtype=object).reshape(-1).tolist())


# -- ops -------------------------------------------------------------------------------------------

@register_op("HashTableV2", infer=lambda op, **attrs: [(dtypes.resource, TensorShape([]))],
             attrs={"container": "", "shared_name": "", "use_node_name_sharing": False,
                    "key_dtype": None, "value_dtype": None},
             stateful=True, host_only=True, differentiable=False)
def _lower_hash_table(ctx, *, container="", shared_name="", use_node_name_sharing=False,
                      key_dtype=None, value_dtype=None):
    key = shared_name or ctx.op.name
    with ctx.state.lock:
        ctx.state.resources.setdefault(("table", key), _TableState())
    return TableHandle(key)


def _fill(ctx, handle, keys, values):
    keys, values = _python_items(keys), _python_items(values)
    if len(keys) != len(values):
        raise _fail(ctx, errors.InvalidArgumentError, "Expected shape [%d] for value, got [%d]"
                    % (len(keys), len(values)))
    data = {}
    for k, v in zip(keys, values):
        if k in data and data[k] != v:
            raise _fail(ctx, errors.FailedPreconditionError, "HashTable has different value for "
                        "same key. Key %s has %s and trying to add value %s"
                        % (_text(k), _text(data[k]), _text(v)))
        data[k] = v
    table = _table(ctx, handle)
    with ctx.state.lock:
        if table.data is not None and table.data != data:
            raise _fail(ctx, errors.FailedPreconditionError,
                        "Table was already initialized with different data.")
        table.data = data


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _no_outputs(op, *inputs, **attrs):
    return []


@register_op("LookupTableImportV2", inputs=("table_handle: resource", "keys: Tin",
                                            "values: Tout"),
             infer=_no_outputs, stateful=True, mutates=True, host_only=True,
             differentiable=False)
def _lower_import(ctx, handle, keys, values):
    table = _table(ctx, handle)
    if hasattr(table, "insert"):  # a mutable table (ops/lookup_mutable_ops.py): replaced whole
        with ctx.state.lock:
            table.insert(ctx, keys, values, clear=True)
        return
    _fill(ctx, handle, keys, values)


@register_op("InitializeTableV2", inputs=("table_handle: resource", "keys: Tkey",
                                          "values: Tval"),
             infer=_no_outputs, stateful=True, mutates=True, host_only=True,
             differentiable=False)
def _lower_initialize(ctx, handle, keys, values):
    _fill(ctx, handle, keys, values)


def _column(ctx, line: bytes, number: int, index: int, delimiter: bytes, dtype, path):
    if index == TextFileIndex.WHOLE_LINE:
        field = line
    elif index == TextFileIndex.LINE_NUMBER:
        return number
    else:
        fields = line.split(delimiter)
        if index >= len(fields):
            raise _fail(ctx, errors.InvalidArgumentError, "Invalid line %d in %s: expected at "
                        "least %d fields, got %d" % (number, path, index + 1, len(fields)))
        field = fields[index]
    if dtype == dtypes.string:
        return field
    try:
        return float(field) if dtype.is_floating else int(field)
    except ValueError:
        raise _fail(ctx, errors.InvalidArgumentError, "Field %s in line %d is not a valid %s."
                    % (_text(field), number, dtype.name)) from None


@register_op("InitializeTableFromTextFileV2", inputs=("table_handle: resource",
                                                      "filename: string"),
             infer=_no_outputs, attrs={"key_index": None, "value_index": None,
                                       "vocab_size": -1, "delimiter": "\t", "offset": 0},
             stateful=True, mutates=True, host_only=True, differentiable=False)
def _lower_initialize_from_file(ctx, handle, filename, *, key_index, value_index, vocab_size=-1,
                                delimiter="\t", offset=0):
    path = _python_items(filename)[0].decode("utf-8")
    try:
        with open(path, "rb") as f:
            lines = f.read().split(b"\n")
    except OSError as exc:
        raise _fail(ctx, errors.NotFoundError, "%s; No such file or directory" % path) from exc
    if lines and lines[-1] == b"":
        lines.pop()
    lines = [ln[:-1] if ln.endswith(b"\r") else ln for ln in lines]
    if vocab_size > -1:
        if len(lines) < vocab_size:
            raise _fail(ctx, errors.InvalidArgumentError, "Invalid vocab_size in %s: expected "
                        "%d but got %d" % (path, vocab_size, len(lines)))
        lines = lines[:vocab_size]
    table_op = ctx.op.inputs[0].op
    key_dtype, value_dtype = table_op.get_attr("key_dtype"), table_op.get_attr("value_dtype")
    sep = delimiter.encode() if isinstance(delimiter, str) else delimiter
    keys = [_column(ctx, ln, i, key_index, sep, key_dtype, path) for i, ln in enumerate(lines)]
    values = [_column(ctx, ln, i, value_index, sep, value_dtype, path)
              for i, ln in enumerate(lines)]
    if value_index == TextFileIndex.LINE_NUMBER:
        values = [v + offset for v in values]
    _fill(ctx, handle, np.array(keys, dtype=object), np.array(values, dtype=object))


def _find_infer(op, handle, keys, default, **attrs):
    # unknown, as TF without handle shape data; StaticHashTable.lookup sets the keys' shape
    return [(op.inputs[2].dtype.base_dtype, tensor_shape.unknown_shape())]


@register_op("LookupTableFindV2", inputs=("table_handle: resource", "keys: Tin",
                                          "default_value: Tout"),
             infer=_find_infer, stateful=True, host_only=True, differentiable=False)
def _lower_find(ctx, handle, keys, default):
    table = _table(ctx, handle)
    if hasattr(table, "find"):  # a mutable table (ops/lookup_mutable_ops.py)
        with ctx.state.lock:
            return table.find(ctx, keys, default)
    if table.data is None:
        raise _fail(ctx, errors.FailedPreconditionError, "Table not initialized.")
    fallback = _python_items(default)[0]
    found = [table.data.get(k, fallback) for k in _python_items(keys)]
    shape = tuple(keys.shape)
    dtype = ctx.op.outputs[0].dtype
    if dtype == dtypes.string:
        out = np.empty(len(found), dtype=object)
        out[:] = found
        return out.reshape(shape)
    return torch.tensor(np.array(found, dtype=dtype.as_numpy_dtype)).reshape(shape)


@register_op("LookupTableSizeV2", inputs=("table_handle: resource",),
             infer=lambda op, handle: [(dtypes.int64, TensorShape([]))], stateful=True,
             host_only=True, differentiable=False)
def _lower_size(ctx, handle):
    table = _table(ctx, handle)
    if hasattr(table, "size"):  # a mutable table (ops/lookup_mutable_ops.py)
        return torch.tensor(table.size(), dtype=torch.int64)
    return torch.tensor(0 if table.data is None else len(table.data), dtype=torch.int64)


# -- initializers ----------------------------------------------------------------------------------

class TextFileIndex:
    """Special column indices of `TextFileInitializer`."""
    WHOLE_LINE = -2
    LINE_NUMBER = -1


class TableInitializerBase:
    """Base of the table initializers: key and value dtypes and `initialize(table)`."""

    def __init__(self, key_dtype, value_dtype):
        self._key_dtype = dtypes.as_dtype(key_dtype)
        self._value_dtype = dtypes.as_dtype(value_dtype)

    @property
    def key_dtype(self):
        return self._key_dtype

    @property
    def value_dtype(self):
        return self._value_dtype

    def _check_table_dtypes(self, table):
        if self.key_dtype != table.key_dtype:
            raise TypeError("Invalid key dtype for table, expected %s but got %s."
                            % (table.key_dtype, self.key_dtype))
        if self.value_dtype != table.value_dtype:
            raise TypeError("Invalid value dtype for table, expected %s but got %s."
                            % (table.value_dtype, self.value_dtype))


class KeyValueTensorInitializer(TableInitializerBase):
    """Table initializer from a keys tensor and a values tensor (LookupTableImportV2)."""

    def __init__(self, keys, values, key_dtype=None, value_dtype=None, name=None):
        with name_scope(name, "key_value_init", [keys, values]) as scope:
            self._keys = convert_to_tensor(keys, dtype=key_dtype, name="keys")
            self._values = convert_to_tensor(values, dtype=value_dtype, name="values")
            self._name = scope
        super().__init__(self._keys.dtype, self._values.dtype)

    def initialize(self, table):
        self._check_table_dtypes(table)
        with name_scope(self._name, values=(table.resource_handle, self._keys, self._values)):
            init_op = apply_op("LookupTableImportV2", [table.resource_handle, self._keys,
                                                       self._values], name="LookupTableImportV2")
        add_to_collection(GraphKeys.TABLE_INITIALIZERS, init_op)
        return init_op


class TextFileInitializer(TableInitializerBase):
    """Table initializer from a text file: one entry per line, key and value taken from
    delimited columns, the whole line (-2) or the line number (-1)."""

    def __init__(self, filename, key_dtype, key_index, value_dtype, value_index, vocab_size=None,
                 delimiter="\t", name=None, value_index_offset=0):
        if key_index == TextFileIndex.LINE_NUMBER and dtypes.as_dtype(key_dtype) != dtypes.int64:
            raise ValueError("`key_dtype` must be int64 if `key_index` is %d, got %s."
                             % (key_index, key_dtype))
        if key_index == TextFileIndex.WHOLE_LINE and \
                not (dtypes.as_dtype(key_dtype).is_integer or key_dtype == dtypes.string):
            raise ValueError("`key_dtype` should be either integer or string for `key_index` "
                             "%d, got %s." % (key_index, key_dtype))
        if vocab_size is not None and vocab_size <= 0:
            raise ValueError("`vocab_size` must be > 0, got %s." % vocab_size)
        self._filename_arg = filename
        self._key_index, self._value_index = key_index, value_index
        self._vocab_size, self._delimiter = vocab_size, delimiter
        self._name = name or "text_file_init"
        self._offset = value_index_offset
        super().__init__(key_dtype, value_dtype)

    def initialize(self, table):
        self._check_table_dtypes(table)
        with name_scope(self._name, "text_file_init", (table.resource_handle,)):
            filename = convert_to_tensor(self._filename_arg, dtypes.string, name="asset_filepath")
            init_op = apply_op("InitializeTableFromTextFileV2", [table.resource_handle, filename],
                               name="InitializeTableFromTextFileV2", key_index=self._key_index,
                               value_index=self._value_index,
                               vocab_size=-1 if self._vocab_size is None else self._vocab_size,
                               delimiter=self._delimiter, offset=self._offset)
        add_to_collection(GraphKeys.TABLE_INITIALIZERS, init_op)
        # as TF: a constant file name is an asset (SavedModelBuilder copies it into assets/)
        if filename.op.type == "Const":
            add_to_collection(GraphKeys.ASSET_FILEPATHS, filename)
        return init_op


# -- tables ----------------------------------------------------------------------------------------

class LookupInterface:
    """What every lookup table offers: dtypes, a name, `lookup` and `size`."""

    def __init__(self, key_dtype, value_dtype):
        self._key_dtype = dtypes.as_dtype(key_dtype)
        self._value_dtype = dtypes.as_dtype(value_dtype)

    @property
    def key_dtype(self):
        return self._key_dtype

    @property
    def value_dtype(self):
        return self._value_dtype

    @property
    def name(self):
        return self._name


class StaticHashTable(LookupInterface):
    """TF1 `tf.lookup.StaticHashTable`: an immutable table, filled by its initializer when
    `tf.tables_initializer()` runs."""

    def __init__(self, initializer, default_value, name=None, experimental_is_anonymous=False):
        self._initializer = initializer
        self._default_value = convert_to_tensor(default_value, dtype=initializer.value_dtype)
        super().__init__(initializer.key_dtype, initializer.value_dtype)
        base = name or "hash_table"
        self._resource_handle = apply_op(
            "HashTableV2", [], name=base, container="",
            shared_name="%s_%s" % (base, uuid.uuid4()), use_node_name_sharing=False,
            key_dtype=self._key_dtype, value_dtype=self._value_dtype)
        self._name = self._resource_handle.op.name.split("/")[-1]
        self._init_op = initializer.initialize(self)

    @property
    def resource_handle(self):
        return self._resource_handle

    @property
    def initializer(self):
        return self._init_op

    @property
    def default_value(self):
        return self._default_value

    def size(self, name=None):
        with name_scope(name, "%s_Size" % self.name, [self.resource_handle]):
            return apply_op("LookupTableSizeV2", [self.resource_handle],
                            name="LookupTableSizeV2")

    def lookup(self, keys, name=None):
        """The values of `keys` (a Tensor or SparseTensor); `default_value` where missing."""
        sparse = isinstance(keys, SparseTensor)
        # a Tensor of another dtype is a TypeError (checked below), not a conversion ValueError
        values = keys.values if sparse else convert_to_tensor(
            keys, dtype=None if isinstance(keys, Tensor) else self._key_dtype, name="keys")
        if values.dtype.base_dtype != self._key_dtype:
            raise TypeError("Signature mismatch. Keys must be dtype %s, got %s."
                            % (self._key_dtype, values.dtype))
        with name_scope(name, "%s_Lookup" % self.name, [self.resource_handle, values]):
            found = apply_op("LookupTableFindV2", [self.resource_handle, values,
                                                   self._default_value], name="LookupTableFindV2")
            found.set_shape(values.get_shape())
        return SparseTensor(keys.indices, found, keys.dense_shape) if sparse else found


class StaticVocabularyTable(LookupInterface):
    """TF1 `tf.lookup.StaticVocabularyTable`: string or integer keys to int64 ids; keys not in
    the vocabulary go to one of `num_oov_buckets` buckets after it (farmhash of the key)."""

    def __init__(self, initializer, num_oov_buckets, lookup_key_dtype=None, name=None,
                 experimental_is_anonymous=False):
        if num_oov_buckets <= 0:
            raise ValueError("`num_oov_buckets` must be > 0; use StaticHashTable.")
        if name:
            name = name.rstrip("/")
        self._table = None
        if initializer:
            lookup_key_dtype = dtypes.as_dtype(lookup_key_dtype or initializer.key_dtype)
            if initializer.key_dtype not in (dtypes.int64, dtypes.string):
                raise TypeError("Invalid `key_dtype`, expected one of %s, but got %s."
                                % ((dtypes.int64, dtypes.string), initializer.key_dtype))
            if initializer.value_dtype != dtypes.int64:
                raise TypeError("Invalid `value_dtype`, expected %s but got %s."
                                % (dtypes.int64, initializer.value_dtype))
            self._table = StaticHashTable(initializer, default_value=-1)
            name = name or self._table.name
        else:
            lookup_key_dtype = dtypes.string
            name = name or "hash_bucket"
        self._name = name
        self._num_oov_buckets = num_oov_buckets
        super().__init__(lookup_key_dtype, dtypes.int64)

    @property
    def resource_handle(self):
        return self._table.resource_handle if self._table is not None else None

    def size(self, name=None):
        with name_scope(name, "%s_Size" % self.name):
            if self._table is None:
                return convert_to_tensor(self._num_oov_buckets, dtypes.int64)
            # `+`, not math_ops.add: TF names this op `add`
            return self._table.size() + self._num_oov_buckets

    def lookup(self, keys, name=None):
        """Ids of `keys`: their table value, else table size + hash bucket."""
        if keys.dtype.base_dtype != self._key_dtype:
            raise TypeError("Dtype of argument `keys` must be %s, received: %s"
                            % (self._key_dtype, keys.dtype))
        values = keys.values if isinstance(keys, SparseTensor) else keys
        if self._table is not None and self._table.key_dtype == dtypes.int64:
            values = cast(values, dtypes.int64)
        with name_scope(name, "%s_Lookup" % self.name):
            text = values if values.dtype == dtypes.string else as_string(values)
            ids = string_to_hash_bucket_fast(text, num_buckets=self._num_oov_buckets,
                                             name="hash_bucket")
            if self._table is not None:
                found = self._table.lookup(values)
                buckets = add(ids, self._table.size())
                ids = where_v2(not_equal(found, self._table.default_value), found, buckets)
        if isinstance(keys, SparseTensor):
            return SparseTensor(keys.indices, ids, keys.dense_shape)
        return ids


def tables_initializer(name="init_all_tables"):
    """TF1 `tf.tables_initializer`: one op running every table initializer of the graph."""
    initializers = get_collection(GraphKeys.TABLE_INITIALIZERS)
    if initializers:
        return group(*initializers, name=name)
    return no_op(name=name)


def initialize_all_tables(name="init_all_tables"):
    """TF1 `tf.initialize_all_tables` (deprecated spelling of tf.tables_initializer)."""
    return tables_initializer(name)

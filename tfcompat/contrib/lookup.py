"""`tf.contrib.lookup`: TF 1.15's lookup tables: HashTable, IdTableWithHashBuckets, the
initializers, and the index_table_* / index_to_string_table_* constructors (with TF's name
scopes "string_to_index" and "index_to_string"), and the mutable tables MutableHashTable and
MutableDenseHashTable (ops/lookup_mutable_tables.py) with TF 1.15's signatures."""
from __future__ import annotations

import tfcompat as tf
from tfcompat._unsupported import missing_attr
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.ops.lookup_ops import KeyValueTensorInitializer
from tfcompat.ops.lookup_ops import LookupInterface  # noqa: F401
from tfcompat.ops.lookup_ops import StaticHashTable
from tfcompat.ops.lookup_ops import TableInitializerBase  # noqa: F401
from tfcompat.ops.lookup_ops import TextFileIndex
from tfcompat.ops.lookup_ops import TextFileInitializer
from tfcompat.ops import lookup_mutable_tables
from tfcompat.ops.indexing_ops import where_v2
from tfcompat.ops.math_ops import add


class HashTable(StaticHashTable):
    """TF1 `tf.contrib.lookup.HashTable`: StaticHashTable with TF1's `init` property.

    `shared_name` is accepted for TF's signature; tfcompat keeps each table's contents per
    session and does not share them between graphs by name."""

    def __init__(self, initializer, default_value, shared_name=None, name=None):
        super().__init__(initializer, default_value, name=name)

    @property
    def init(self):
        return self.initializer


class MutableHashTable(lookup_mutable_tables.MutableHashTable):
    """TF 1.15's `tf.contrib.lookup.MutableHashTable` (`shared_name` before `name`)."""

    def __init__(self, key_dtype, value_dtype, default_value, shared_name=None,
                 name="MutableHashTable", checkpoint=True):
        super().__init__(key_dtype, value_dtype, default_value, name=name,
                         checkpoint=checkpoint, shared_name=shared_name)


class MutableDenseHashTable(lookup_mutable_tables.DenseHashTable):
    """TF 1.15's `tf.contrib.lookup.MutableDenseHashTable` (`shared_name` before `name`)."""

    def __init__(self, key_dtype, value_dtype, default_value, empty_key, deleted_key,
                 initial_num_buckets=None, shared_name=None, name="MutableDenseHashTable",
                 checkpoint=True):
        super().__init__(key_dtype, value_dtype, default_value, empty_key, deleted_key,
                         initial_num_buckets=initial_num_buckets, name=name,
                         checkpoint=checkpoint, shared_name=shared_name)


class HasherSpec(tuple):
    """TF's (hasher, key) pair; tfcompat implements the "fasthash" hasher (FastHashSpec)."""

    def __new__(cls, hasher, key):
        return super().__new__(cls, (hasher, key))

    hasher = property(lambda self: self[0])
    key = property(lambda self: self[1])


FastHashSpec = HasherSpec("fasthash", None)


class IdTableWithHashBuckets(LookupInterface):
    """TF1's `IdTableWithHashBuckets`: ids from `table` where it has the key (its value differs
    from its default), else `table.size()` + a Fingerprint64 hash bucket of the key's text."""

    def __init__(self, table, num_oov_buckets, hasher_spec=FastHashSpec, name=None,
                 key_dtype=None):
        if hasher_spec != FastHashSpec:
            raise ValueError("IdTableWithHashBuckets: tfcompat implements only FastHashSpec "
                             "(Fingerprint64 buckets), got hasher_spec %r" % (hasher_spec,))
        if num_oov_buckets <= 0:
            raise ValueError("oov_buckets must be > 0.")
        self._table = table
        self._num_oov_buckets = num_oov_buckets
        key_dtype = tf.as_dtype(key_dtype) if key_dtype else table.key_dtype
        super().__init__(key_dtype, tf.int64)
        self._name = name or (table.name if table is not None else "hash_bucket")

    @property
    def init(self):
        return self._table.initializer if self._table is not None else tf.no_op()

    initializer = init

    @property
    def resource_handle(self):
        return self._table.resource_handle if self._table is not None else None

    def size(self, name=None):
        with tf.name_scope(name, "%s_Size" % self.name):
            if self._table is None:
                return tf.constant(self._num_oov_buckets, tf.int64)
            return self._table.size() + self._num_oov_buckets

    def lookup(self, keys, name=None):
        if keys.dtype.base_dtype != self._key_dtype:
            raise TypeError("Signature mismatch. Keys must be dtype %s, got %s."
                            % (self._key_dtype, keys.dtype))
        values = keys.values if isinstance(keys, SparseTensor) else keys
        if values.dtype.is_integer:
            values = tf.cast(values, tf.int64)
        with tf.name_scope(name, "%s_Lookup" % self.name):
            text = values if values.dtype == tf.string else tf.as_string(values)
            ids = tf.string_to_hash_bucket_fast(text, self._num_oov_buckets, name="hash_bucket")
            if self._table is not None:
                found = self._table.lookup(values)
                buckets = add(ids, self._table.size())
                ids = where_v2(tf.not_equal(found, self._table.default_value), found, buckets)
        if isinstance(keys, SparseTensor):
            return SparseTensor(keys.indices, ids, keys.dense_shape)
        return ids


def _check_oov(num_oov_buckets):
    if num_oov_buckets < 0:
        raise ValueError("num_oov_buckets must be greater or equal than 0, got %d."
                         % num_oov_buckets)


def _with_buckets(table, num_oov_buckets, hasher_spec, key_dtype):
    if not num_oov_buckets:
        return table
    return IdTableWithHashBuckets(table, num_oov_buckets=num_oov_buckets,
                                  hasher_spec=hasher_spec, key_dtype=key_dtype)


def index_table_from_tensor(mapping, num_oov_buckets=0, default_value=-1,
                            hasher_spec=FastHashSpec, dtype=tf.string, name=None):
    """A table from the strings (or integers) of `mapping` to their int64 positions; other
    keys get `default_value`, or one of `num_oov_buckets` ids after the vocabulary."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    _check_oov(num_oov_buckets)
    dtype = tf.as_dtype(dtype)
    if not dtype.is_integer and dtype.base_dtype != tf.string:
        raise TypeError("Only integer and string keys are supported.")
    with tf.name_scope(name, "string_to_index"):
        keys = tf.convert_to_tensor(mapping)
        if keys.dtype.is_integer != dtype.is_integer:
            raise ValueError("Expected %s, got %s." % ("integer" if dtype.is_integer else
                                                       "non-integer", keys.dtype))
        if not dtype.is_integer and keys.dtype.base_dtype != dtype:
            raise ValueError("Expected %s, got %s." % (dtype, keys.dtype))
        num_elements = tf.size(keys)
        values = tf.cast(tf.range(num_elements), tf.int64)
        with tf.name_scope(None, "hash_table"):
            table_keys = tf.cast(keys, tf.int64) if keys.dtype.is_integer else keys
            init = KeyValueTensorInitializer(table_keys, values, table_keys.dtype.base_dtype,
                                             tf.int64, name="table_init")
            table = HashTable(init, default_value)
        return _with_buckets(table, num_oov_buckets, hasher_spec, dtype)


def index_table_from_file(vocabulary_file=None, num_oov_buckets=0, vocab_size=None,
                          default_value=-1, hasher_spec=FastHashSpec, key_dtype=tf.string,
                          name=None, key_column_index=TextFileIndex.WHOLE_LINE,
                          value_column_index=TextFileIndex.LINE_NUMBER, delimiter="\t"):
    """index_table_from_tensor with the vocabulary read from a file, one key per line (or the
    `key_column_index` column, `delimiter`-separated) when tables_initializer() runs."""
    if vocabulary_file is None or (isinstance(vocabulary_file, str) and not vocabulary_file):
        raise ValueError("vocabulary_file must be specified and must not be empty.")
    _check_oov(num_oov_buckets)
    if vocab_size is not None and vocab_size < 1:
        raise ValueError("vocab_size must be greater than 0, got %d. vocabulary_file: %s"
                         % (vocab_size, vocabulary_file))
    key_dtype = tf.as_dtype(key_dtype)
    if not key_dtype.is_integer and key_dtype != tf.string:
        raise TypeError("Only integer and string keys are supported.")
    with tf.name_scope(name, "string_to_index"):
        with tf.name_scope(None, "hash_table"):
            init = TextFileInitializer(
                vocabulary_file, tf.int64 if key_dtype.is_integer else key_dtype,
                key_column_index, tf.int64, value_column_index, vocab_size=vocab_size,
                delimiter=delimiter, name="table_init")
            table = HashTable(init, default_value)
        return _with_buckets(table, num_oov_buckets, hasher_spec, key_dtype)


def index_to_string_table_from_tensor(mapping, default_value="UNK", name=None):
    """A table from int64 positions to the strings of `mapping`; other ids give
    `default_value`."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    with tf.name_scope(name, "index_to_string"):
        vocabulary_list = tf.convert_to_tensor(mapping, tf.string)
        num_elements = tf.size(vocabulary_list)
        keys = tf.cast(tf.range(num_elements), tf.int64)
        init = KeyValueTensorInitializer(keys, vocabulary_list, tf.int64, tf.string,
                                         name="table_init")
        return HashTable(init, default_value)


def index_to_string_table_from_file(vocabulary_file, vocab_size=None, default_value="UNK",
                                    name=None, key_column_index=TextFileIndex.LINE_NUMBER,
                                    value_column_index=TextFileIndex.WHOLE_LINE,
                                    delimiter="\t"):
    """A table from line numbers (int64) to the lines (or a column) of `vocabulary_file`."""
    if vocabulary_file is None or (isinstance(vocabulary_file, str) and not vocabulary_file):
        raise ValueError("vocabulary_file must be specified and must not be empty.")
    if vocab_size is not None and vocab_size < 1:
        raise ValueError("vocab_size must be greater than 0, got %d." % vocab_size)
    with tf.name_scope(name, "index_to_string"):
        init = TextFileInitializer(vocabulary_file, tf.int64, key_column_index, tf.string,
                                   value_column_index, vocab_size=vocab_size,
                                   delimiter=delimiter, name="table_init")
        return HashTable(init, default_value)


def string_to_index(tensor, mapping, default_value=-1, name=None):
    """The positions of `tensor`'s strings in `mapping` (deprecated in TF 1.x)."""
    table = index_table_from_tensor(mapping=mapping, default_value=default_value, name=name)
    return table.lookup(tensor)


def index_to_string(tensor, mapping, default_value="UNK", name=None):
    """The strings of `mapping` at `tensor`'s int64 positions (deprecated in TF 1.x)."""
    table = index_to_string_table_from_tensor(mapping=mapping, default_value=default_value,
                                              name=name)
    return table.lookup(tensor)


def TextFileIdTableInitializer(filename, key_column_index=TextFileIndex.WHOLE_LINE,
                               value_column_index=TextFileIndex.LINE_NUMBER, vocab_size=None,
                               delimiter="\t", name="text_file_id_table_init",
                               key_dtype=tf.string):
    """A TextFileInitializer from keys (whole lines) to int64 ids (line numbers)."""
    return TextFileInitializer(filename, key_dtype, key_column_index, tf.int64,
                               value_column_index, vocab_size=vocab_size, delimiter=delimiter,
                               name=name)


def TextFileStringTableInitializer(filename, key_column_index=TextFileIndex.LINE_NUMBER,
                                   value_column_index=TextFileIndex.WHOLE_LINE,
                                   vocab_size=None, delimiter="\t",
                                   name="text_file_string_table_init"):
    """A TextFileInitializer from int64 ids (line numbers) to strings (whole lines)."""
    return TextFileInitializer(filename, tf.int64, key_column_index, tf.string,
                               value_column_index, vocab_size=vocab_size, delimiter=delimiter,
                               name=name)


string_to_index_table_from_file = index_table_from_file
string_to_index_table_from_tensor = index_table_from_tensor
__getattr__ = missing_attr("contrib.lookup", __name__)

"""TF's mutable lookup tables: `tf.lookup.experimental.MutableHashTable` / `DenseHashTable`
(TF 1.15's `tf.contrib.lookup.MutableHashTable` / `MutableDenseHashTable`), with TF's op names,
and a saveable in SAVEABLE_OBJECTS that a tf.train.Saver saves as `<name>-keys` and
`<name>-values` and restores with LookupTableImportV2 (TF's checkpoint entries)."""
from __future__ import annotations

from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import add_to_collection
from tfcompat.framework.graph import colocate_with
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.ops.lookup_ops import LookupInterface


class TableSaveable:
    """What a Saver writes for a table: (tensor, checkpoint key) pairs, and how to restore."""

    def __init__(self, table, name):
        self.table, self.name = table, name
        keys, values = table.export()
        self.specs = [(keys, name + "-keys"), (values, name + "-values")]

    @property
    def op(self):
        return self.table.resource_handle.op

    def restore(self, keys, values):
        with name_scope("%s_table_restore" % self.name):
            with colocate_with(self.table.resource_handle):
                return apply_op("LookupTableImportV2", [self.table.resource_handle, keys, values],
                                name="LookupTableImportV2")


class _MutableTable(LookupInterface):
    """The operations TF's mutable tables share (insert, remove, lookup, size, export)."""

    def _finish(self, handle, name, checkpoint):
        self._resource_handle = handle
        self._name = handle.op.name.split("/")[-1]
        self._checkpoint = checkpoint
        if checkpoint:
            add_to_collection(GraphKeys.SAVEABLE_OBJECTS, TableSaveable(self, name))

    @property
    def resource_handle(self):
        return self._resource_handle

    def size(self, name=None):
        with name_scope(name, "%s_Size" % self.name, [self.resource_handle]):
            with colocate_with(self.resource_handle):
                return apply_op("LookupTableSizeV2", [self.resource_handle],
                                name="LookupTableSizeV2")

    def _check_keys(self, keys):
        if keys.dtype.base_dtype != self._key_dtype:
            raise TypeError("Dtype of argument `keys` must be %s, received: %s"
                            % (self._key_dtype, keys.dtype))

    def remove(self, keys, name=None):
        """Removes `keys` (missing keys are ignored); returns the op."""
        keys = convert_to_tensor(keys)
        self._check_keys(keys)
        with name_scope(name, "%s_lookup_table_remove" % self.name,
                        (self.resource_handle, keys)):
            return apply_op("LookupTableRemoveV2", [self.resource_handle, keys],
                            name="LookupTableRemoveV2")

    def lookup(self, keys, dynamic_default_values=None, name=None):
        """The values of `keys`, the default value where a key is missing."""
        with name_scope(name, "%s_lookup_table_find" % self.name,
                        (self.resource_handle, keys, self._default_value)):
            keys = convert_to_tensor(keys, dtype=self._key_dtype, name="keys")
            default = (self._default_value if dynamic_default_values is None
                       else convert_to_tensor(dynamic_default_values, dtype=self._value_dtype))
            with colocate_with(self.resource_handle):
                values = apply_op("LookupTableFindV2", [self.resource_handle, keys, default],
                                  name="LookupTableFindV2")
        rank = self._key_shape.ndims or 0
        shape = keys.get_shape()
        if shape.ndims is not None:
            values.set_shape(shape[:shape.ndims - rank].concatenate(self._value_shape))
        return values

    def insert(self, keys, values, name=None):
        """Inserts (or overwrites) `keys` -> `values`; returns the op."""
        with name_scope(name, "%s_lookup_table_insert" % self.name,
                        [self.resource_handle, keys, values]):
            keys = convert_to_tensor(keys, self._key_dtype, name="keys")
            values = convert_to_tensor(values, self._value_dtype, name="values")
            with colocate_with(self.resource_handle):
                return apply_op("LookupTableInsertV2", [self.resource_handle, keys, values],
                                name="LookupTableInsertV2")

    def export(self, name=None):
        """(keys, values): every entry (a dense table's buckets, as TF)."""
        with name_scope(name, "%s_lookup_table_export_values" % self.name,
                        [self.resource_handle]):
            with colocate_with(self.resource_handle):
                keys, values = apply_op("LookupTableExportV2", [self.resource_handle],
                                        name="LookupTableExportV2", Tkeys=self._key_dtype,
                                        Tvalues=self._value_dtype)
        return keys, values


class MutableHashTable(_MutableTable):
    """A table whose entries `insert` and `remove` change at run time (TF's
    MutableHashTableV2, or MutableHashTableOfTensorsV2 for vector values)."""

    def __init__(self, key_dtype, value_dtype, default_value, name="MutableHashTable",
                 checkpoint=True, experimental_is_anonymous=False, shared_name=None):
        self._default_value = convert_to_tensor(default_value, dtype=value_dtype)
        self._value_shape = self._default_value.get_shape()
        self._key_shape = TensorShape([])
        super().__init__(key_dtype, value_dtype)
        attrs = dict(container="", shared_name=shared_name or "",
                     use_node_name_sharing=checkpoint and shared_name is None,
                     key_dtype=self._key_dtype, value_dtype=self._value_dtype)
        if self._value_shape.ndims:
            handle = apply_op("MutableHashTableOfTensorsV2", [], name=name,
                              value_shape=self._value_shape, **attrs)
        else:
            handle = apply_op("MutableHashTableV2", [], name=name, **attrs)
        self._finish(handle, name, checkpoint)


class DenseHashTable(_MutableTable):
    """An open-addressing table keyed by scalars or vectors, with reserved `empty_key` and
    `deleted_key` (TF's MutableDenseHashTableV2; its buckets are what checkpoints hold)."""

    def __init__(self, key_dtype, value_dtype, default_value, empty_key, deleted_key,
                 initial_num_buckets=None, name="MutableDenseHashTable", checkpoint=True,
                 experimental_is_anonymous=False, shared_name=None):
        self._default_value = convert_to_tensor(default_value, dtype=value_dtype,
                                                name="default_value")
        self._value_shape = self._default_value.get_shape()
        super().__init__(key_dtype, value_dtype)
        empty_key = convert_to_tensor(empty_key, dtype=self._key_dtype, name="empty_key")
        deleted_key = convert_to_tensor(deleted_key, dtype=self._key_dtype, name="deleted_key")
        self._key_shape = empty_key.get_shape()
        attrs = dict(container="", shared_name=shared_name or "",
                     use_node_name_sharing=checkpoint and shared_name is None,
                     key_dtype=self._key_dtype, value_dtype=self._value_dtype,
                     value_shape=self._value_shape, max_load_factor=0.8)
        if initial_num_buckets is not None:
            attrs["initial_num_buckets"] = initial_num_buckets
        handle = apply_op("MutableDenseHashTableV2", [empty_key, deleted_key], name=name,
                          **attrs)
        self._finish(handle, name, checkpoint)


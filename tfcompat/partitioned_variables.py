"""Partitioned variables: `tf.get_variable(..., partitioner=...)` makes one variable per shard
(`name/part_0`, `name/part_1`, ...) along one axis, wrapped in a `PartitionedVariable`, as TF1's
`variable_scope._get_partitioned_variable` does; and TF's partitioners that choose the shards
(`fixed_size_partitioner`, `variable_axis_size_partitioner`, `min_max_variable_partitioner`).

Each shard carries its `SaveSliceInfo` (full name, full shape, offset), and reading the
`PartitionedVariable` as a tensor concatenates the shards (`name/ConcatPartitions/concat`, then
an Identity named `name`), as in TF.
"""
from __future__ import annotations

import collections.abc
import math

from tfcompat.framework import convert
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.operation import Tensor
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops.indexing_ops import slice as tf_slice
from tfcompat.variables import SaveSliceInfo

__all__ = ["fixed_size_partitioner", "variable_axis_size_partitioner",
           "min_max_variable_partitioner", "create_partitioned_variables", "PartitionedVariable"]


# -- partitioners ---------------------------------------------------------------------------

def fixed_size_partitioner(num_shards, axis=0):
    """TF1 `tf.fixed_size_partitioner`: `num_shards` shards (at most one per row) on `axis`."""

    def _partitioner(shape, **unused_args):
        partitions_list = [1] * len(shape)
        partitions_list[axis] = min(num_shards, shape.dims[axis].value)
        return partitions_list
    return _partitioner


def _element_size(dtype, bytes_per_string_element):
    dtype = dtypes.as_dtype(dtype)
    return bytes_per_string_element if dtype.base_dtype == dtypes.string else dtype.size


def variable_axis_size_partitioner(max_shard_bytes, axis=0, bytes_per_string_element=16,
                                   max_shards=None):
    """TF1 `tf.variable_axis_size_partitioner`: shards on `axis` of at most `max_shard_bytes`
    (as far as whole slices allow), and at most `max_shards` of them."""
    if max_shard_bytes < 1 or bytes_per_string_element < 1:
        raise ValueError(
            "Both max_shard_bytes and bytes_per_string_element must be positive. Currently, "
            "max_shard_bytes is %s andbytes_per_string_element is %s"
            % (max_shard_bytes, bytes_per_string_element))
    if max_shards and max_shards < 1:
        raise ValueError("max_shards must be positive.")

    def _partitioner(shape, dtype):
        if not isinstance(shape, tensor_shape.TensorShape):
            raise ValueError("shape is not a TensorShape: %s" % shape)
        if not shape.is_fully_defined():
            raise ValueError("shape is not fully defined: %s" % shape)
        element_size = _element_size(dtype, bytes_per_string_element)
        partitions = [1] * shape.ndims
        bytes_per_slice = 1.0 * (shape.num_elements() / shape.dims[axis].value) * element_size
        slices_per_shard = max(1, math.floor(max_shard_bytes / bytes_per_slice))
        axis_shards = int(math.ceil(1.0 * shape.dims[axis].value / slices_per_shard))
        if max_shards:
            axis_shards = min(max_shards, axis_shards)
        partitions[axis] = axis_shards
        return partitions
    return _partitioner


def min_max_variable_partitioner(max_partitions=1, axis=0, min_slice_size=256 << 10,
                                 bytes_per_string_element=16):
    """TF1 `tf.min_max_variable_partitioner`: as many shards on `axis` as keep each at least
    `min_slice_size` bytes, at most `max_partitions`."""

    def _partitioner(shape, dtype):
        if axis >= len(shape):
            raise ValueError("Cannot partition variable along axis %d when shape is only %s"
                             % (axis, shape))
        total_size_bytes = shape.num_elements() * _element_size(dtype, bytes_per_string_element)
        partitions = total_size_bytes / min_slice_size
        partitions_list = [1] * len(shape)
        partitions_list[axis] = max(1, min(shape.dims[axis].value, max_partitions,
                                           int(math.ceil(partitions))))
        return partitions_list
    return _partitioner


# -- PartitionedVariable --------------------------------------------------------------------

class PartitionedVariable:
    """TF1's `PartitionedVariable`: the shards of one variable; iterate it for the shards, or
    use it as a tensor (their concatenation)."""

    def __init__(self, name, shape, dtype, variable_list, partitions):
        if not isinstance(variable_list, (list, tuple)):
            raise TypeError("variable_list is not a list or tuple: %s" % variable_list)
        if not isinstance(partitions, (list, tuple)):
            raise TypeError("partitions is not a list or tuple: %s" % partitions)
        if not all(p >= 1 for p in partitions):
            raise ValueError("partition values must be positive: %s" % partitions)
        if not variable_list:
            raise ValueError("variable_list may not be empty")
        for v in variable_list:
            if v._get_save_slice_info() is None:
                raise ValueError("All variables must have a save_slice_info available: %s"
                                 % [v.name for v in variable_list])
            if len(shape) != len(partitions):
                raise ValueError("len(shape) != len(partitions): %s vs. %s" % (shape, partitions))
            if v._get_save_slice_info().full_shape != list(shape):
                raise ValueError("All variables' full shapes must match shape: %s; but full "
                                 "shapes were: %s" % (shape, str([v._get_save_slice_info(
                                 ).full_shape for v in variable_list])))
        self._variable_list = sorted(variable_list,
                                     key=lambda v: v._get_save_slice_info().var_offset)
        self._name = name
        self._shape = list(shape)
        self._dtype = dtype
        self._partitions = list(partitions)
        self._as_tensor = None

    def __iter__(self):
        return iter(self._variable_list)

    def __len__(self):
        num_partition_axes = len(self._partition_axes())
        if num_partition_axes > 1:
            raise ValueError("Cannot get a length for %d > 1 partition axes"
                             % num_partition_axes)
        return len(self._variable_list)

    def _partition_axes(self):
        axes = [i for i, p in enumerate(self._partitions) if p > 1]
        return axes or [0]

    def _concat(self):
        if len(self._variable_list) == 1:
            with graph_lib.name_scope(None):
                return array_ops.identity(self._variable_list[0], name=self._name)
        partition_axes = self._partition_axes()
        if len(partition_axes) > 1:
            raise NotImplementedError("Cannot concatenate along more than one dimension: %s.  "
                                      "Multi-axis partition concat is not supported"
                                      % str(partition_axes))
        with graph_lib.name_scope(self._name + "/ConcatPartitions/"):
            concatenated = array_ops_join.concat(self._variable_list, partition_axes[0])
        with graph_lib.name_scope(None):
            return array_ops.identity(concatenated, name=self._name)

    def as_tensor(self):
        """The shards concatenated: one tensor of the full shape."""
        with graph_lib.control_dependencies(None):
            return self._concat()

    @staticmethod
    def _TensorConversionFunction(v, dtype=None, name=None, as_ref=False):
        if as_ref:
            raise NotImplementedError("PartitionedVariable doesn't support being used as a "
                                      "reference.")
        return v.as_tensor()

    name = property(lambda self: self._name)
    dtype = property(lambda self: self._dtype)
    shape = property(lambda self: self.get_shape())

    def get_shape(self):
        return tensor_shape.TensorShape(self._shape)

    def _get_variable_list(self):
        return self._variable_list

    def _get_partitions(self):
        return self._partitions

    def _apply_assign_fn(self, assign_fn, value):
        partition_axes = self._partition_axes()
        if len(partition_axes) > 1:
            raise NotImplementedError("Cannot do assign action along more than one dimension: "
                                      "%s.  Multi-axis partition assign action is not supported "
                                      % str(partition_axes))
        axis = partition_axes[0]
        sizes = [v.shape[axis].value for v in self._variable_list]
        values = array_ops_join.split(value, sizes, axis=axis)
        return [assign_fn(v, values[i]) for i, v in enumerate(self._variable_list)]

    def assign(self, value, use_locking=False, name=None, read_value=True):
        """Assigns the matching slice of `value` to every shard; the list of assign results."""
        results = self._apply_assign_fn(
            lambda v, r: v.assign(r, use_locking=use_locking, name=name), value)
        return results if read_value else [r.op for r in results]

    def assign_add(self, value, use_locking=False, name=None, read_value=True):
        results = self._apply_assign_fn(
            lambda v, r: v.assign_add(r, use_locking=use_locking, name=name), value)
        return results if read_value else [r.op for r in results]

    def assign_sub(self, value, use_locking=False, name=None, read_value=True):
        results = self._apply_assign_fn(
            lambda v, r: v.assign_sub(r, use_locking=use_locking, name=name), value)
        return results if read_value else [r.op for r in results]

    def __repr__(self):
        return "<PartitionedVariable %r shape=%s dtype=%s parts=%d>" % (
            self._name, self.get_shape(), self._dtype.name, len(self._variable_list))


convert.register_tensor_conversion_function(PartitionedVariable,
                                            PartitionedVariable._TensorConversionFunction)


# -- creating one ---------------------------------------------------------------------------

def _slice_dim_and_num_slices(shape, slicing):
    for slice_dim, num_slices in enumerate(slicing):
        if num_slices > 1:
            break
    else:
        slice_dim, num_slices = 0, 1
    for i, num_slices_i in enumerate(slicing):
        if i != slice_dim and num_slices_i > 1:
            raise ValueError("Can only slice a variable along one dimension: shape: %s, "
                             "partitioning: %s" % (shape, slicing))
    return slice_dim, num_slices


def _iter_slices(full_shape, num_slices, slice_dim):
    num_slices_with_excess = full_shape[slice_dim] % num_slices
    offset = [0] * len(full_shape)
    min_slice_len = full_shape[slice_dim] // num_slices
    for i in range(num_slices):
        shape = full_shape[:]
        shape[slice_dim] = min_slice_len + bool(i < num_slices_with_excess)
        yield offset[:], shape
        offset[slice_dim] += shape[slice_dim]


class _PartitionInfo:
    """What an initializer learns about the shard it fills (TF's `_PartitionInfo`)."""

    def __init__(self, full_shape, var_offset):
        self.full_shape = full_shape
        self.var_offset = var_offset

    def single_offset(self, shape):
        return self.var_offset[self.single_slice_dim(shape)]

    def single_slice_dim(self, shape):
        dims = [i for i, (full, part) in enumerate(zip(self.full_shape, shape)) if full != part]
        return dims[0] if dims else 0


def _check_partitions(name, shape, partitions):
    if not isinstance(partitions, collections.abc.Sequence):
        raise ValueError("Partitioner must return a sequence, but saw: %s" % partitions)
    if len(partitions) != shape.ndims:
        raise ValueError("Partitioner returned a partition list that does not match the "
                         "Variable's rank: %s vs. %s" % (partitions, shape))
    if any(p < 1 for p in partitions):
        raise ValueError("Partitioner returned zero partitions for some axes: %s" % partitions)


def _call_partitioner(name, partitioner, shape, dtype):
    """TF's `_call_partitioner`: the partitioner's list for a fully defined shape, checked."""
    if not shape.is_fully_defined():
        raise ValueError("Shape of a new partitioned variable must be fully defined, but "
                         "instead was %s." % (shape,))
    if shape.ndims < 1:
        raise ValueError("A partitioned Variable must have rank at least 1, shape: %s" % shape)
    partitions = partitioner(shape=shape, dtype=dtype)
    _check_partitions(name, shape, partitions)
    return partitions


def _check_existing_shards(store, name, num_slices):
    """Shards left by an earlier sharding of `name` must be exactly the ones this one makes
    (they are then reused or refused one by one, as single variables)."""
    if "%s/part_0" % name not in store._vars:
        return
    if "%s/part_%d" % (name, num_slices - 1) not in store._vars:
        raise ValueError("Partitioner returned a different partitioning than what was already "
                         "found.  Partitioner returned %d shards, and shard %s/part_0 was "
                         "found, but %s/part_%d was not." % (num_slices, name, name,
                                                              num_slices - 1))
    if "%s/part_%d" % (name, num_slices) in store._vars:
        raise ValueError("Partitioner returned a different partitioning than what was already "
                         "found.  Partitioner returned %d shards, and shard %s/part_0 was "
                         "found, but so was the extra shard %s/part_%d." % (num_slices, name,
                                                                            name, num_slices))


def _existing(store, name, shape, dtype, partitions, reuse):
    existing = store._partitioned_vars[name]
    if reuse is False:
        raise ValueError("Partitioned variable with name %s already exists. Did you mean to set "
                         "reuse=True or reuse=tf.AUTO_REUSE in VarScope?" % name)
    if not shape.is_compatible_with(existing.get_shape()):
        raise ValueError("Trying to reuse partitioned variable %s, but specified shape %s and "
                         "found shape %s." % (name, shape, existing.get_shape()))
    if not dtype.is_compatible_with(existing.dtype):
        raise ValueError("Trying to reuse partitioned variable %s, but specified dtype %s and "
                         "found dtype %s." % (name, dtype.name, existing.dtype.name))
    if partitions is not None and existing._get_partitions() != list(partitions):
        raise ValueError("Trying to reuse partitioned variable %s, but specified partitions %s "
                         "and found partitions %s." % (name, partitions,
                                                       existing._get_partitions()))
    return existing


def _shard_initializer(initializer, info, var_offset, var_shape, dtype):
    """The initializer of one shard, and the shape to create it with (None: from the value)."""
    if callable(initializer):
        def init(shape, dtype=dtype, partition_info=None):
            try:
                return initializer(shape, dtype=dtype, partition_info=info)
            except TypeError:
                return initializer(shape, dtype=dtype)
        return init, var_shape, dtype
    if isinstance(initializer, Tensor):
        return tf_slice(initializer, var_offset, var_shape), None, initializer.dtype.base_dtype
    value = convert.convert_to_tensor(initializer, dtype=dtype)
    return tf_slice(value, var_offset, var_shape), None, dtype


def get_partitioned_variable(store, name, partitioner, shape, dtype, initializer, reuse,
                             default_initializer, **single_kwargs):
    """TF's `_VariableStore._get_partitioned_variable`: the shards of `name`, made with
    `store._get_single_variable(**single_kwargs)`, as a PartitionedVariable."""
    if partitioner is not None and not callable(partitioner):
        raise ValueError("Partitioner must be callable, but received: %s" % partitioner)
    dtype = dtypes.as_dtype(dtype)
    if name in store._vars:
        raise ValueError("A partitioner was provided, but an unpartitioned version of the "
                         "variable was found: %s.  Perhaps a variable of the same name was "
                         "already created without partitioning?" % name)
    shape = tensor_shape.as_shape(shape)
    if isinstance(initializer, Tensor):
        shape = shape.merge_with(initializer.get_shape())
    # reuse=True without a partitioner (TF's special case in `_true_getter`) reuses the stored
    # sharding as it is, so the partitioner is only asked when there is one or when creating
    partitions = None
    if not reuse or partitioner:
        partitions = _call_partitioner(name, partitioner, shape, dtype)
    if name in store._partitioned_vars:
        return _existing(store, name, shape, dtype, partitions, reuse)
    if reuse is True:
        raise ValueError("PartitionedVariable %s does not exist, or was not created with "
                         "tf.get_variable(). Did you mean to set reuse=False or "
                         "reuse=tf.AUTO_REUSE in VarScope?" % name)
    slice_dim, num_slices = _slice_dim_and_num_slices(shape, partitions)
    _check_existing_shards(store, name, num_slices)
    full_shape = shape.as_list()
    shards = []
    for i, (var_offset, var_shape) in enumerate(_iter_slices(full_shape, num_slices,
                                                             slice_dim)):
        info = _PartitionInfo(full_shape, var_offset)
        shard_name = "%s/part_%d" % (name, i)
        with graph_lib.name_scope(None), \
                graph_lib.name_scope(shard_name + "/PartitionedInitializer"):
            init = initializer if initializer is not None else default_initializer(dtype)
            init, init_shape, shard_dtype = _shard_initializer(init, info, var_offset,
                                                               var_shape, dtype)
        with graph_lib.name_scope(None):
            shard = store._get_single_variable(shard_name, shape=init_shape, dtype=shard_dtype,
                                               initializer=init, reuse=reuse, **single_kwargs)
        shard._set_save_slice_info(SaveSliceInfo(name, full_shape, var_offset, var_shape))
        shards.append(shard)
    partitioned = PartitionedVariable(name, full_shape, dtype, shards, partitions)
    store._partitioned_vars[name] = partitioned
    return partitioned


def create_partitioned_variables(shape, slicing, initializer, dtype=dtypes.float32,
                                 trainable=True, collections=None, name=None, reuse=None):
    """TF1 `tf.create_partitioned_variables` (deprecated): the list of shards of a variable of
    `shape` split as `slicing` says, made with `tf.get_variable`."""
    # variable_scope imports this module, so its names are looked up when called
    # lazy: cycle: variable_scope creates partitioned variables
    from tfcompat.variable_scope import _get_default_variable_store
    # lazy: cycle: variable_scope creates partitioned variables
    from tfcompat.variable_scope import get_variable_scope
    # lazy: cycle: variable_scope creates partitioned variables
    from tfcompat.variable_scope import variable_scope
    if len(shape) != len(slicing):
        raise ValueError("The 'shape' and 'slicing' of a partitioned Variable must have the "
                         "length: shape: %s, slicing: %s" % (shape, slicing))
    if len(shape) < 1:
        raise ValueError("A partitioned Variable must have rank at least 1: shape: %s" % shape)
    with variable_scope(name, "PartitionedVariable", reuse=reuse):
        scope = get_variable_scope()
        partitioned = _get_default_variable_store().get_variable(
            scope.name, shape=shape, dtype=dtype, initializer=initializer, reuse=scope.reuse,
            trainable=trainable, collections=collections,
            partitioner=lambda **unused_kwargs: slicing)
    return list(partitioned)

"""TF1 `tf.RaggedTensor`: a composite graph value made of a flat `values` tensor (or another
RaggedTensor) and the int64/int32 `row_splits` of each ragged dimension, as TF builds it.

Constructors build the same ops as TF (validation as `Assert` ops gating the row splits);
`to_tensor`/`to_sparse` add TF's `RaggedTensorToTensor`/`RaggedTensorToSparse` kernels. A
RaggedTensor is fetched by `Session.run` as a `RaggedTensorValue` and fed by one (a
`tf.ragged.placeholder`), through the `_fetch_structure`/`_feed_structure` protocol that
SparseTensor uses.
"""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.operation import Tensor
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value as _static_value
from tfcompat.ops import array_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import range as _range
from tfcompat.ops.array_ops_join import stack as _stack
from tfcompat.ops.array_ops_join import zeros as _zeros
from tfcompat.ops.array_ops_join import zeros_like as _zeros_like
from tfcompat.ops.check_ops import assert_non_negative
from tfcompat.ops.control_flow_ops import with_dependencies
from tfcompat.ops.gather_ops import gather as _gather
from tfcompat.ops.indexing_ops import boolean_mask as _boolean_mask
from tfcompat.ops.indexing_ops import where_v2 as _where
from tfcompat.ops.control_flow_ops import Assert
from tfcompat.ops.math_ops import cast
from tfcompat.ops.math_ops import equal
from tfcompat.ops.math_ops import greater_equal
from tfcompat.ops.math_ops import less
from tfcompat.ops.math_ops import not_equal
from tfcompat.ops.math_ops import maximum
from tfcompat.ops.math_ops import minimum
from tfcompat.ops.reduction_ops import cumsum
from tfcompat.ops.reduction_ops import reduce_all
from tfcompat.ops.reduction_ops import reduce_any
from tfcompat.ops.reduction_ops import reduce_max
from tfcompat.ops.reduction_ops import reduce_prod
from tfcompat.ragged.ragged_value import RaggedTensorValue
from tfcompat.ragged.ragged_value import constant_value
from tfcompat.ragged.ragged_value import row_splits_to_segment_ids
from tfcompat.ragged.ragged_value import segment_ids_to_row_splits

_SPLITS_DTYPES = (dtypes.int32, dtypes.int64)


def _splits_tensor(value, name, dtype=None):
    if dtype is not None and isinstance(value, Tensor) and value.dtype.base_dtype != dtype:
        raise ValueError("dtype mismatch: %s (%s) vs values.row_splits (%s)"   # TF 1.15's
                         % (name, value.dtype, dtype))
    tensor = convert_to_tensor(value, name=name, dtype=dtype, dtype_hint=dtypes.int64)
    if tensor.dtype.base_dtype not in _SPLITS_DTYPES:
        raise ValueError("%s must have dtype int32 or int64" % name)
    return tensor


def _values_of(values, name="values"):
    if isinstance(values, RaggedTensor):
        return values
    return convert_to_tensor(values, name=name)


def _nvals(values, out_type):
    if isinstance(values, RaggedTensor):
        return values.nrows(out_type=out_type)
    return array_ops.shape(values, out_type=out_type)[0]


def _check(condition, message):
    """A run-time check (TF's RowPartition checks are never decided at build time)."""
    return Assert(reduce_all(condition), [message])


def _checked(checks, splits):
    return with_dependencies(checks, splits) if checks else splits


class RaggedTensor:
    """A tensor with ragged (variable-length) dimensions (TF1 `tf.RaggedTensor`).

    >>> rt = tf.RaggedTensor.from_row_splits([1, 2, 3, 4], row_splits=[0, 3, 3, 4])
    >>> rt.shape
    TensorShape([Dimension(3), Dimension(None)])
    """

    def __init__(self, values, row_splits, internal=False, uniform_row_length=None):
        if not internal:
            raise ValueError("RaggedTensor constructor is private; please use one of the "
                             "factory methods instead (e.g., RaggedTensor.from_row_lengths())")
        self._values = values
        self._row_splits = row_splits
        self._uniform_row_length = uniform_row_length
        splits_dtype = row_splits.dtype.base_dtype
        if isinstance(values, RaggedTensor) and values.row_splits_dtype != splits_dtype:
            raise ValueError("dtype mismatch: %s vs %s" % (values.row_splits_dtype,
                                                           splits_dtype))

    # -- factories ----------------------------------------------------------------------------

    @classmethod
    def _from_splits(cls, values, row_splits, validate, msg, uniform_row_length=None):
        row_splits.shape.assert_has_rank(1)
        if row_splits.shape.as_list()[0] == 0:
            raise ValueError("row_splits may not be empty")
        checks = []
        if validate:
            checks = [
                _check(equal(row_splits[:1], 0), msg + "zero"),
                _check(greater_equal(row_splits[1:], row_splits[:-1]), msg + "monotonic"),
                _check(equal(row_splits[-1:], _nvals(values, row_splits.dtype)),
                       "Arguments to _from_row_partition do not form a valid RaggedTensor"),
            ]
        return cls(values, _checked(checks, row_splits), internal=True,
                   uniform_row_length=uniform_row_length)

    @classmethod
    def from_row_splits(cls, values, row_splits, name=None, validate=True):
        """Rows `values[row_splits[i]:row_splits[i + 1]]`."""
        with name_scope(name, "RaggedFromRowSplits"):
            values = _values_of(values)
            row_splits = _splits_tensor(row_splits, "row_splits", _inner_splits_dtype(values))
            return cls._from_splits(values, row_splits, validate, "Arguments to from_row_splits "
                                    "do not form a valid RaggedTensor:")

    @classmethod
    def from_row_lengths(cls, values, row_lengths, name=None, validate=True):
        """Rows of the given lengths."""
        with name_scope(name, "RaggedFromRowLengths"):
            values = _values_of(values)
            row_lengths = _splits_tensor(row_lengths, "row_lengths", _inner_splits_dtype(values))
            row_lengths.shape.assert_has_rank(1)
            checks = [assert_non_negative(row_lengths, message="Arguments to from_row_lengths "
                                          "do not form a valid RowPartition")] \
                if validate else []
            zero = convert_to_tensor([0], dtype=row_lengths.dtype)
            splits = concat([zero, cumsum(_checked(checks, row_lengths))], axis=0)
            return cls._from_splits(values, splits, validate, "Arguments to from_row_lengths "
                                    "do not form a valid RaggedTensor:")

    @classmethod
    def from_value_rowids(cls, values, value_rowids, nrows=None, name=None, validate=True):
        """Row `value_rowids[i]` holds `values[i]` (value_rowids sorted); `nrows` rows."""
        with name_scope(name, "RaggedFromValueRowIds"):
            values = _values_of(values)
            value_rowids = _splits_tensor(value_rowids, "value_rowids",
                                          _inner_splits_dtype(values))
            value_rowids.shape.assert_has_rank(1)
            msg = "Arguments to from_value_rowids do not form a valid RaggedTensor:"
            if nrows is None:  # TF's: the last row id + 1 (value_rowids is sorted)
                nrows = concat([value_rowids[-1:], convert_to_tensor(
                    [-1], dtype=value_rowids.dtype)], axis=0)[0] + 1
            else:
                nrows = convert_to_tensor(nrows, dtype=value_rowids.dtype, name="nrows")
                nrows.shape.assert_has_rank(0)
                _check_static_nrows(nrows, value_rowids)
            checks = []
            if validate:
                checks = [
                    _check(greater_equal(value_rowids[:1], 0), msg + "negative"),
                    _check(greater_equal(value_rowids[1:], value_rowids[:-1]),
                           msg + "monotonic"),
                    _check(less(value_rowids[-1:], nrows), msg + "bad nrows"),
                ]
            value_rowids = _checked(checks, value_rowids)
            splits = segment_ids_to_row_splits(value_rowids, nrows,
                                               out_type=value_rowids.dtype)
            return cls._from_splits(values, splits, validate, msg)

    @classmethod
    def from_row_starts(cls, values, row_starts, name=None, validate=True):
        """Rows starting at `row_starts` (each ends where the next starts)."""
        with name_scope(name, "RaggedFromRowStarts"):
            values = _values_of(values)
            row_starts = _splits_tensor(row_starts, "row_starts", _inner_splits_dtype(values))
            nvals = array_ops.reshape(_nvals(values, row_starts.dtype), [1])
            return cls._from_splits(values, concat([row_starts, nvals], axis=0), validate,
                                    "Arguments to from_row_starts do not form a valid "
                                    "RaggedTensor:")

    @classmethod
    def from_row_limits(cls, values, row_limits, name=None, validate=True):
        """Rows ending at `row_limits` (each starts where the previous ends)."""
        with name_scope(name, "RaggedFromRowLimits"):
            values = _values_of(values)
            row_limits = _splits_tensor(row_limits, "row_limits", _inner_splits_dtype(values))
            zero = convert_to_tensor([0], dtype=row_limits.dtype)
            return cls._from_splits(values, concat([zero, row_limits], axis=0), validate,
                                    "Arguments to from_row_limits do not form a valid "
                                    "RaggedTensor:")

    @classmethod
    def from_uniform_row_length(cls, values, uniform_row_length, nrows=None, validate=True,
                                name=None):
        """Rows of `uniform_row_length` values each (the dimension's size is static)."""
        with name_scope(name, "RaggedFromUniformRowLength"):
            values = _values_of(values)
            length = _splits_tensor(uniform_row_length, "uniform_row_length",
                                    _inner_splits_dtype(values))
            length.shape.assert_has_rank(0)
            nvals = _nvals(values, length.dtype)
            if nrows is None:
                known = _static_value(length)
                nrows = nvals // length if known is None or known != 0 else \
                    convert_to_tensor(0, dtype=length.dtype)
            nrows = convert_to_tensor(nrows, dtype=length.dtype, name="nrows")
            splits = _range(nrows + 1) * length
            known_n = _static_value(nrows)
            if known_n is not None:
                splits.set_shape(TensorShape([int(known_n) + 1]))
            return cls._from_splits(values, splits, validate, "Arguments to "
                                    "from_uniform_row_length do not form a valid "
                                    "RaggedTensor:", uniform_row_length=length)

    @classmethod
    def from_nested_row_splits(cls, flat_values, nested_row_splits, name=None, validate=True):
        with name_scope(name, "RaggedFromNestedRowSplits"):
            result = flat_values
            for splits in reversed(list(nested_row_splits)):
                result = cls.from_row_splits(result, splits, validate=validate)
            return result

    @classmethod
    def from_nested_row_lengths(cls, flat_values, nested_row_lengths, name=None,
                                validate=True):
        with name_scope(name, "RaggedFromNestedRowlengths"):
            result = flat_values
            for lengths in reversed(list(nested_row_lengths)):
                result = cls.from_row_lengths(result, lengths, validate=validate)
            return result

    @classmethod
    def from_nested_value_rowids(cls, flat_values, nested_value_rowids, nested_nrows=None,
                                 name=None, validate=True):
        nested_value_rowids = list(nested_value_rowids)
        nested_nrows = [None] * len(nested_value_rowids) if nested_nrows is None else \
            list(nested_nrows)
        if len(nested_nrows) != len(nested_value_rowids):
            raise ValueError("Argument `nested_nrows` must have the same length as argument "
                             "`nested_value_rowids`. len(nested_nrows) = %d vs. "
                             "len(nested_values_rowids) = %d." % (len(nested_nrows),
                                                                  len(nested_value_rowids)))
        with name_scope(name, "RaggedFromNestedValueRowIds"):
            result = flat_values
            for rowids, nrows in reversed(list(zip(nested_value_rowids, nested_nrows))):
                result = cls.from_value_rowids(result, rowids, nrows, validate=validate)
            return result

    @classmethod
    def from_tensor(cls, tensor, lengths=None, padding=None, ragged_rank=1, name=None,
                    row_splits_dtype=dtypes.int64):
        """The rows of a dense tensor; `lengths` or trailing `padding` cut them short."""
        if lengths is not None and padding is not None:
            raise ValueError("Specify argument `lengths` or `padding`, but not both.")
        if not isinstance(ragged_rank, int) or ragged_rank <= 0:
            raise ValueError("Argument `ragged_rank` must be an int and greater than 0. "
                             "Received: ragged_rank=%r" % (ragged_rank,))
        splits_dtype = dtypes.as_dtype(row_splits_dtype)
        with name_scope(name, "RaggedFromTensor"):
            tensor = convert_to_tensor(tensor, name="tensor")
            if tensor.shape.ndims is not None and tensor.shape.ndims <= ragged_rank:
                raise ValueError("ragged_rank must be less than the rank of tensor: %d vs %d"
                                 % (ragged_rank, tensor.shape.ndims))
            if ragged_rank > 1:
                return cls._from_tensor_nested(tensor, lengths, padding, ragged_rank,
                                               splits_dtype)
            shape = array_ops.shape(tensor, out_type=splits_dtype)
            ncols = shape[1]
            if padding is None and lengths is None:
                flat = array_ops.reshape(tensor, concat([[-1], shape[2:]], axis=0))
                return cls.from_uniform_row_length(flat, ncols, nrows=shape[0],
                                                   validate=False)
            if padding is not None:
                lengths = _lengths_before_padding(tensor, padding, ncols, splits_dtype)
            lengths = cast(convert_to_tensor(lengths, name="lengths"), splits_dtype)
            lengths = maximum(minimum(lengths, ncols), 0)
            mask = _range(ncols)[None, :] < lengths[:, None]
            values = _boolean_mask(tensor, mask)
            return cls.from_row_lengths(values, lengths, validate=False)

    @classmethod
    def _from_tensor_nested(cls, tensor, lengths, padding, ragged_rank, splits_dtype):
        if lengths is not None:
            raise ValueError("RaggedTensor.from_tensor: `lengths` with ragged_rank > 1 must "
                             "be a list of lengths per ragged dimension; tfcompat accepts "
                             "`padding` or no cut for ragged_rank > 1")
        shape = array_ops.shape(tensor, out_type=splits_dtype)
        flat = array_ops.reshape(tensor, concat([[-1], shape[2:]], axis=0))
        inner = cls.from_tensor(flat, padding=padding, ragged_rank=ragged_rank - 1,
                                row_splits_dtype=splits_dtype)
        return cls.from_uniform_row_length(inner, shape[1], nrows=shape[0], validate=False)

    @classmethod
    def from_sparse(cls, st_input, name=None, row_splits_dtype=dtypes.int64):
        """The rows of a 2-D right-ragged SparseTensor (its values packed to the left)."""
        if not isinstance(st_input, SparseTensor):
            raise TypeError("st_input must be a SparseTensor.")
        splits_dtype = dtypes.as_dtype(row_splits_dtype)
        with name_scope(name, "RaggedFromSparse"):
            static_rank = st_input.indices.shape.as_list()[1]
            if static_rank is not None and static_rank != 2:
                raise ValueError("rank(st_input) must be 2.")
            rows, cols = st_input.indices[:, 0], st_input.indices[:, 1]
            first = concat([convert_to_tensor([True]), not_equal(rows[1:], rows[:-1])], axis=0)
            expected = concat([convert_to_tensor([0], dtypes.int64), cols[:-1] + 1], axis=0)
            ok = reduce_all(equal(cols, _where(first, _zeros_like(cols), expected)))
            check = Assert(ok, ["SparseTensor is not right-ragged", "SparseTensor.indices =",
                                st_input.indices])
            rows = with_dependencies([check], cast(rows, splits_dtype))
            nrows = cast(st_input.dense_shape[0], splits_dtype)
            return cls.from_value_rowids(st_input.values, rows, nrows, validate=False)

    # -- properties ---------------------------------------------------------------------------

    values = property(lambda self: self._values)
    row_splits = property(lambda self: self._row_splits)
    dtype = property(lambda self: self.flat_values.dtype)
    row_splits_dtype = property(lambda self: self._row_splits.dtype.base_dtype)
    graph = property(lambda self: self._row_splits.graph)

    @property
    def flat_values(self):
        values = self._values
        while isinstance(values, RaggedTensor):
            values = values.values
        return values

    @property
    def nested_row_splits(self):
        splits, values = [self._row_splits], self._values
        while isinstance(values, RaggedTensor):
            splits.append(values.row_splits)
            values = values.values
        return tuple(splits)

    @property
    def ragged_rank(self):
        inner = self._values
        return inner.ragged_rank + 1 if isinstance(inner, RaggedTensor) else 1

    @property
    def shape(self):
        """Static shape: [nrows, ragged or uniform dim, ...values' inner dims]."""
        n = self._row_splits.shape.as_list()[0]
        nrows = None if n is None else n - 1
        uniform = None if self._uniform_row_length is None else \
            _static_value(self._uniform_row_length)
        inner = self._values.shape
        rest = inner[1:] if inner.ndims is not None else TensorShape(None)
        return TensorShape([nrows, None if uniform is None else int(uniform)]).concatenate(rest)

    def get_shape(self):
        return self.shape

    @property
    def uniform_row_length(self):   # a property, as TF's (None for ragged rows)
        return self._uniform_row_length

    def nrows(self, out_type=None, name=None):
        with name_scope(name, "RaggedNRows"):
            n = array_ops.shape(self._row_splits, out_type=self.row_splits_dtype)[0] - 1
            return n if out_type is None else cast(n, out_type)

    def row_starts(self, name=None):
        with name_scope(name, "RaggedRowStarts"):
            return self._row_splits[:-1]

    def row_limits(self, name=None):
        with name_scope(name, "RaggedRowLimits"):
            return self._row_splits[1:]

    def row_lengths(self, axis=1, name=None):
        """The length of each row (axis=1), or of each inner row (axis > 1) as a RaggedTensor."""
        if axis == 0:
            return self.nrows(name=name)
        if axis == 1:
            with name_scope(name, "RaggedRowLengths"):
                return self._row_splits[1:] - self._row_splits[:-1]
        if axis < 0 or not isinstance(self._values, RaggedTensor):
            raise ValueError("axis=%r out of bounds for RaggedTensor.row_lengths" % (axis,))
        with name_scope(name, "RaggedRowLengths"):
            return self.with_values(self._values.row_lengths(axis - 1))

    def value_rowids(self, name=None):
        with name_scope(name, "RaggedValueRowIds"):
            return row_splits_to_segment_ids(self._row_splits)

    def nested_row_lengths(self, name=None):
        with name_scope(name, "RaggedNestedRowLengths"):
            return tuple(s[1:] - s[:-1] for s in self.nested_row_splits)

    def nested_value_rowids(self, name=None):
        with name_scope(name, "RaggedNestedValueRowIds"):
            return tuple(row_splits_to_segment_ids(s) for s in self.nested_row_splits)

    def bounding_shape(self, axis=None, name=None, out_type=None):
        """The shape of the smallest dense tensor holding this RaggedTensor."""
        out_type = self.row_splits_dtype if out_type is None else dtypes.as_dtype(out_type)
        with name_scope(name, "RaggedBoundingBox"):   # TF's ops, special cases included
            splits = self.nested_row_splits
            if isinstance(axis, int) and axis == 0:
                return array_ops.shape(splits[0], out_type=out_type)[0] - 1
            if isinstance(axis, int) and axis == 1:
                return maximum(reduce_max(cast(self.row_lengths(), out_type)), 0)
            nrows = array_ops.shape(self.row_splits, out_type=out_type)[0] - 1
            inner = array_ops.shape(self.flat_values, out_type=out_type)[1:]
            dims = _stack([nrows] + [maximum(reduce_max(cast(s[1:] - s[:-1], out_type)), 0)
                                     for s in splits])
            shape = concat([dims, inner], axis=0)
            return shape if axis is None else _gather(shape, axis)

    # -- new RaggedTensors --------------------------------------------------------------------

    def with_values(self, new_values):
        new_values = _values_of(new_values)
        if isinstance(new_values, Tensor):
            new_values.shape.with_rank_at_least(1)
        return RaggedTensor(new_values, self._row_splits, internal=True,
                            uniform_row_length=self._uniform_row_length)

    def with_flat_values(self, new_values):
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.with_flat_values(new_values))
        return self.with_values(new_values)

    def with_row_splits_dtype(self, dtype):
        dtype = dtypes.as_dtype(dtype)
        if dtype not in _SPLITS_DTYPES:
            raise ValueError("dtype must be int32 or int64")
        if dtype == self.row_splits_dtype:
            return self
        values = self._values.with_row_splits_dtype(dtype) if isinstance(
            self._values, RaggedTensor) else self._values
        uniform = None if self._uniform_row_length is None else \
            cast(self._uniform_row_length, dtype)
        return RaggedTensor(values, cast(self._row_splits, dtype), internal=True,
                            uniform_row_length=uniform)

    def merge_dims(self, outer_axis, inner_axis):
        """Merges dimensions outer_axis..inner_axis into one (TF's RaggedTensor.merge_dims)."""
        ndims = self.shape.ndims
        axes = []
        for axis, axis_name in ((outer_axis, "outer_axis"), (inner_axis, "inner_axis")):
            if not isinstance(axis, int):
                raise TypeError("%s must be an int; got %s" % (axis_name, type(axis).__name__))
            if not -ndims <= axis < ndims:
                raise ValueError("%s=%d out of bounds: expected %d<=%s<%d" % (
                    axis_name, axis, -ndims, axis_name, ndims))
            axes.append(axis + ndims if axis < 0 else axis)
        if not axes[0] <= axes[1]:
            raise ValueError("Expected outer_axis (%d) to be less than or equal to inner_axis "
                             "(%d)." % tuple(axes))
        return _merge_dims(self, axes[0], axes[1])

    # -- conversions --------------------------------------------------------------------------

    def to_tensor(self, default_value=None, name=None, shape=None):
        """A dense tensor: rows padded with `default_value` to the longest (or `shape`)."""
        with name_scope(name, "RaggedToTensor"):
            flat = self.flat_values
            if default_value is None:
                default_value = _zeros([], dtype=flat.dtype)
            default_value = convert_to_tensor(default_value, name="default_value",
                                              dtype=flat.dtype)
            if shape is None:
                shape = convert_to_tensor(-1, dtype=dtypes.int64)
            elif not isinstance(shape, Tensor):   # a Tensor keeps its int32/int64 (Tshape)
                shape = convert_to_tensor([-1 if d is None else d for d in (
                    shape.as_list() if isinstance(shape, TensorShape) else list(shape))],
                    dtype=dtypes.int64)
            splits = list(self.nested_row_splits)
            return apply_op("RaggedTensorToTensor", [shape, flat, default_value, splits],
                            row_partition_types=["ROW_SPLITS"] * len(splits))

    def to_sparse(self, name=None):
        with name_scope(name, "RaggedToSparse"):
            out = apply_op("RaggedTensorToSparse", [list(self.nested_row_splits),
                                                    self.flat_values])
            return SparseTensor(*out)

    def to_list(self):
        # TF's text; in graph mode, Session.run gives a RaggedTensorValue with to_list()
        raise ValueError("to_list can only be used in eager mode.")

    def numpy(self):
        raise ValueError("RaggedTensor.numpy() is only supported in eager mode.")

    def consumers(self):
        return self.flat_values.consumers()

    # -- Session.run ----------------------------------------------------------------------------

    def _fetch_structure(self):
        """The parts `Session.run` fetches, and how to rebuild a RaggedTensorValue."""
        splits = list(self.nested_row_splits)

        def rebuild(parts):
            value = parts[0]
            for s in reversed(parts[1:]):
                value = RaggedTensorValue(value, s)
            return value
        return [self.flat_values] + splits, rebuild

    def _feed_structure(self, value):
        """Feeding a RaggedTensorValue (or a pylist) feeds the flat values and every splits."""
        if not isinstance(value, RaggedTensorValue):
            value = constant_value(value, ragged_rank=self.ragged_rank,
                                   row_splits_dtype=self.row_splits_dtype)
        if not isinstance(value, RaggedTensorValue) or value.ragged_rank != self.ragged_rank:
            raise ValueError("The value fed for a RaggedTensor of ragged_rank %d must be a "
                             "RaggedTensorValue of the same ragged_rank" % self.ragged_rank)
        return list(zip([self.flat_values] + list(self.nested_row_splits),
                        [value.flat_values] + list(value.nested_row_splits)))

    def __repr__(self):
        return "tf.RaggedTensor(values=%s, row_splits=%s)" % (self._values, self._row_splits)

    __str__ = __repr__

    def __bool__(self):
        raise TypeError("RaggedTensor may not be used as a boolean.")


def _merge_dims(value, outer_axis, inner_axis):
    """TF's ragged_tensor.merge_dims (axes already non-negative)."""
    if outer_axis == inner_axis:
        return value
    while outer_axis == 0 and isinstance(value, RaggedTensor):
        value = value.values
        inner_axis -= 1
        if inner_axis == 0:
            return value
    if not isinstance(value, RaggedTensor):
        if value.shape.is_fully_defined():
            old = value.shape.as_list()
            return array_ops.reshape(value, old[:outer_axis] + [-1] + old[inner_axis + 1:])
        old = array_ops.shape(value)
        return array_ops.reshape(value, concat(
            [old[:outer_axis], [-1], old[inner_axis + 1:]], axis=0))
    if outer_axis > 1:
        return value.with_values(_merge_dims(value.values, outer_axis - 1, inner_axis - 1))
    values, splits = value.values, value.row_splits
    for axis in range(outer_axis, inner_axis):
        if isinstance(values, RaggedTensor):
            splits = _gather(values.row_splits, splits)
            values = values.values
            continue
        split = inner_axis - axis + 1   # the remaining dense dimensions, flattened at once
        if values.shape.is_fully_defined():
            old = values.shape.as_list()
            size = 1
            for d in old[1:split]:
                size *= d
            values = array_ops.reshape(values, [-1] + old[split:])
        else:
            old = array_ops.shape(values)
            size = cast(reduce_prod(old[1:split]), splits.dtype)
            values = array_ops.reshape(values, concat([[-1], old[split:]], axis=0))
        splits = splits * size
        break
    return RaggedTensor.from_row_splits(values, splits)


def _check_static_nrows(nrows, value_rowids):
    """TF's build-time checks of a known `nrows` against known row ids."""
    known = _static_value(nrows)
    if known is None:
        return
    if known < 0:
        raise ValueError("Expected nrows >= 0; got %d" % known)
    rowids = _static_value(value_rowids)
    if rowids is not None and rowids.size > 0 and not known >= rowids[-1] + 1:
        raise ValueError("Expected nrows >= value_rowids[-1] + 1; got nrows=%d, "
                         "value_rowids[-1]=%d" % (known, rowids[-1]))


def _inner_splits_dtype(values):
    return values.row_splits_dtype if isinstance(values, RaggedTensor) else None


def _lengths_before_padding(tensor, padding, ncols, splits_dtype):
    """Each row's length once its trailing `padding` entries are cut (TF's algorithm)."""
    padding = convert_to_tensor(padding, dtype=tensor.dtype, name="padding")
    not_pad = not_equal(tensor, padding)
    rank = tensor.shape.ndims
    if rank is not None and rank > 2:
        not_pad = reduce_any(not_pad, axis=list(range(2, rank)))
    positions = cast(_range(1, ncols + 1), splits_dtype)
    return reduce_max(_where(not_pad, positions[None, :] + _zeros_like(
        cast(not_pad, splits_dtype)), _zeros_like(cast(not_pad, splits_dtype))), axis=1)


def is_ragged(value) -> bool:
    return isinstance(value, (RaggedTensor, RaggedTensorValue))



__all__ = ["RaggedTensor", "is_ragged"]

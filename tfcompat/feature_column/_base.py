"""What every TF1 feature column shares: the column base classes (`_FeatureColumn`,
`_DenseColumn`, `_CategoricalColumn`), the `_LazyBuilder` cache that turns the `features` dict
into (transformed) tensors once per column, and the argument checks whose messages are TF's
(feature_column_v2.py / utils.py in TF 2.21)."""
from __future__ import annotations

import collections

from tfcompat.framework import dtypes
from tfcompat.framework.graph import name_scope
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.ops import array_ops
from tfcompat.ops import check_ops
from tfcompat.ops import control_flow_ops
from tfcompat.ops import math_ops
from tfcompat.ops.gather_ops import gather_nd
from tfcompat.ops.indexing_ops import where
from tfcompat.ops.sparse_ops_more import convert_to_tensor_or_sparse_tensor
from tfcompat.ops.sparse_ops_rearrange import sparse_reshape

IdWeightPair = collections.namedtuple("IdWeightPair", ["id_tensor", "weight_tensor"])


class _FeatureColumn:
    """A column: a `name`, how it is parsed (`_parse_example_spec`) and how its raw feature
    becomes a tensor (`_transform_feature`, cached by `_LazyBuilder`). Columns are namedtuples
    (hashable, compared by value), and sort by name like TF's."""

    @property
    def _var_scope_name(self):
        return self.name

    def __lt__(self, other):
        return str(self) < str(other)

    def __gt__(self, other):
        return str(self) > str(other)


class _DenseColumn(_FeatureColumn):
    """A column that `input_layer` can use: `_get_dense_tensor` and `_variable_shape`."""


class _CategoricalColumn(_FeatureColumn):
    """A column of sparse int64 ids: `_get_sparse_tensors` gives an `IdWeightPair`."""

    IdWeightPair = IdWeightPair


class _LazyBuilder:
    """TF1 `_LazyBuilder`: raw features by key (rank 1 expanded to rank 2) and transformed
    features by column, each made once."""

    def __init__(self, features):
        self._features = features.copy()
        self._feature_tensors = {}

    def get(self, key):
        if key in self._feature_tensors:
            return self._feature_tensors[key]
        if key in self._features:
            feature_tensor = self._get_raw_feature_as_tensor(key)
            self._feature_tensors[key] = feature_tensor
            return feature_tensor
        if isinstance(key, str):
            raise ValueError("Feature {} is not in features dictionary.".format(key))
        if not isinstance(key, _FeatureColumn):
            raise TypeError('"key" must be either a "str" or "_FeatureColumn". '
                            "Provided: {}".format(key))
        transformed = key._transform_feature(self)
        if transformed is None:
            raise ValueError("Column {} is not supported.".format(key.name))
        self._feature_tensors[key] = transformed
        return transformed

    def _get_raw_feature_as_tensor(self, key):
        feature_tensor = convert_to_tensor_or_sparse_tensor(self._features[key])
        rank = feature_tensor.get_shape().ndims
        if rank is not None:
            if rank == 0:
                raise ValueError("Feature (key: {}) cannot have rank 0. Given: {}".format(
                    key, feature_tensor))
            return feature_tensor if rank != 1 else _expand_dims(feature_tensor)
        if isinstance(feature_tensor, SparseTensor):
            # dense_shape of unknown length: TF reshapes it to [batch, 1] under a tf.cond on its
            # rank; tfcompat's cond returns Tensors only, so it is used as given (rank >= 2)
            return feature_tensor
        message = "Feature (key: {}) cannot have rank 0. Given: {}".format(key, feature_tensor)
        check = check_ops.assert_positive(array_ops.rank(feature_tensor), message=message)
        with control_flow_ops.control_dependencies([check]):
            return control_flow_ops.cond(
                math_ops.equal(1, array_ops.rank(feature_tensor)),
                lambda: _expand_dims(feature_tensor), lambda: array_ops.identity(feature_tensor))


def _expand_dims(input_tensor):
    if isinstance(input_tensor, SparseTensor):
        return sparse_reshape(input_tensor, [array_ops.shape(input_tensor)[0], 1])
    return array_ops.expand_dims(input_tensor, -1)


def to_sparse_input_and_drop_ignore_values(input_tensor, ignore_value=None):
    """A dense string/int feature as a SparseTensor without its missing cells ('' / -1, or
    `ignore_value`); a SparseTensor as given."""
    input_tensor = convert_to_tensor_or_sparse_tensor(input_tensor)
    if isinstance(input_tensor, SparseTensor):
        return input_tensor
    with name_scope(None, "to_sparse_input", (input_tensor, ignore_value)):
        if ignore_value is None:
            if input_tensor.dtype == dtypes.string:
                ignore_value = ""
            elif input_tensor.dtype.is_integer:
                ignore_value = -1  # -1 means a missing feature
            else:
                ignore_value = input_tensor.dtype.as_numpy_dtype()
        ignore_value = math_ops.cast(ignore_value, input_tensor.dtype, name="ignore_value")
        indices = where(math_ops.not_equal(input_tensor, ignore_value), name="indices")
        return SparseTensor(
            indices=indices, values=gather_nd(input_tensor, indices, name="values"),
            dense_shape=array_ops.shape(input_tensor, out_type=dtypes.int64, name="dense_shape"))


def normalize_feature_columns(feature_columns):
    """`feature_columns` as a list, checked: columns only, not empty, names unique."""
    if isinstance(feature_columns, _FeatureColumn):
        feature_columns = [feature_columns]
    if isinstance(feature_columns, collections.abc.Iterator):
        feature_columns = list(feature_columns)
    if isinstance(feature_columns, dict):
        raise ValueError("Expected feature_columns to be iterable, found dict.")
    for column in feature_columns:
        if not isinstance(column, _FeatureColumn):
            raise ValueError("Items of feature_columns must be a _FeatureColumn. "
                             "Given (type {}): {}.".format(type(column), column))
    if not feature_columns:
        raise ValueError("feature_columns must not be empty.")
    name_to_column = {}
    for column in feature_columns:
        if column.name in name_to_column:
            raise ValueError(
                "Duplicate feature column name found for columns: {} and {}. This usually "
                "means that these columns refer to same base feature. Either one must be "
                "discarded or a duplicated but renamed item must be inserted in features "
                "dict.".format(column, name_to_column[column.name]))
        name_to_column[column.name] = column
    return feature_columns


def verify_static_batch_size_equality(tensors, columns):
    """Raises where two columns' outputs have different known batch sizes."""
    expected, expected_index = None, None
    for i, tensor in enumerate(tensors):
        batch_size = tensor.shape[0].value if tensor.shape.ndims else None
        if batch_size is None:
            continue
        if expected is None:
            expected, expected_index = batch_size, i
        elif expected != batch_size:
            raise ValueError(
                "Batch size (first dimension) of each feature must be same. Batch size of "
                "columns ({}, {}): ({}, {})".format(columns[expected_index].name,
                                                    columns[i].name, expected, batch_size))


def assert_string_or_int(dtype, prefix):
    if dtype != dtypes.string and not dtype.is_integer:
        raise ValueError("{} dtype must be string or integer. dtype: {}.".format(prefix, dtype))


def assert_key_is_string(key):
    if not isinstance(key, str):
        raise ValueError("key must be a string. Got: type {}. Given key: {}.".format(
            type(key), key))


def check_shape(shape, key):
    """`shape` as a tuple of positive ints."""
    if not isinstance(shape, (list, tuple)):
        shape = [shape]
    shape = tuple(shape)
    for dimension in shape:
        if not isinstance(dimension, int):
            raise TypeError("shape dimensions must be integer. shape: {}, key: {}".format(
                shape, key))
        if dimension < 1:
            raise ValueError("shape dimensions must be greater than 0. shape: {}, key: {}"
                             .format(shape, key))
    return shape


def _is_nested(value):
    return isinstance(value, (list, tuple))


def _flatten(value):
    return [x for v in value for x in _flatten(v)] if _is_nested(value) else [value]


def _create_tuple(shape, value):
    return tuple(_create_tuple(shape[1:], value) for _ in range(shape[0])) if shape else value


def _as_tuple(value):
    return tuple(_as_tuple(v) for v in value) if _is_nested(value) else value


def _shape_matches(default_value, shape):
    if _is_nested(default_value) != bool(shape):
        return False
    if not shape:
        return True
    return len(default_value) == shape[0] and all(
        _shape_matches(v, shape[1:]) for v in default_value)


def check_default_value(shape, default_value, dtype, key):
    """`default_value` as a nested tuple of `shape`, checked against `dtype` (TF's rules: ints
    always, floats only for a floating dtype)."""
    if default_value is None:
        return None
    if isinstance(default_value, int):
        return _create_tuple(shape, default_value)
    if isinstance(default_value, float) and dtype.is_floating:
        return _create_tuple(shape, default_value)
    if callable(getattr(default_value, "tolist", None)):  # numpy arrays
        default_value = default_value.tolist()
    if _is_nested(default_value):
        if not _shape_matches(default_value, shape):
            raise ValueError("The shape of default_value must be equal to given shape. "
                             "default_value: {}, shape: {}, key: {}".format(
                                 default_value, shape, key))
        flat = _flatten(default_value)
        if all(isinstance(v, int) for v in flat):
            return _as_tuple(default_value)
        if any(isinstance(v, float) for v in flat) and dtype.is_floating:
            return _as_tuple(default_value)
    raise TypeError("default_value must be compatible with dtype. "
                    "default_value: {}, dtype: {}, key: {}".format(default_value, dtype, key))

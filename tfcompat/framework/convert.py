"""`convert_to_tensor`: Python values, numpy arrays and tensor-like objects to graph Tensors,
with TF1's dtype rules (Python int -> int32, float -> float32, numpy keeps its dtype).
"""
from __future__ import annotations

import numbers

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.operation import Operation
from tfcompat.framework.operation import Tensor

_CONVERSION_FUNCTIONS: list = []   # (class, function(value, dtype, name, as_ref) -> Tensor)


def register_tensor_conversion_function(base_type, conversion_func, priority=100):
    """Lets objects of `base_type` be used where a Tensor is expected (TF1 API)."""
    _CONVERSION_FUNCTIONS.append((priority, base_type, conversion_func))
    _CONVERSION_FUNCTIONS.sort(key=lambda entry: entry[0])


def _python_to_numpy(value, dtype):
    """A numpy array for `value`, with TF's default dtypes for Python values."""
    if value is None:
        raise ValueError("None values not supported.")
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        array = np.asarray(value)
        if dtype is None:
            return array if array.dtype.kind not in "SUO" else _to_bytes_array(array)
        return _cast_checked(array, dtype, value)
    if dtype is not None:
        _assert_compatible(value, dtypes.as_dtype(dtype).base_dtype)
        array = _to_array(_dimensions_as_ints(value, dtype))
        return _cast_checked(array, dtype, value)
    array = _to_array(value)
    if array.dtype.kind in "SUO":
        return _to_bytes_array(array)
    if array.dtype == np.float64:
        return array.astype(np.float32)
    if array.dtype == np.int64 or array.dtype.kind == "u" or array.dtype.kind == "i":
        if array.size == 0 or (array.min() >= -2**31 and array.max() < 2**31):
            return array.astype(np.int32)
        return array.astype(np.int64)
    return array


def _dimensions_as_ints(value, dtype):
    """`value` with its known `tf.Dimension`s as ints, where `dtype` is an integer type (TF
    accepts `[-1, x.shape[1]]` as an int32 shape; with no dtype, or a float one, it refuses)."""
    if not dtypes.as_dtype(dtype).is_integer:
        return value
    if isinstance(value, tensor_shape.Dimension) and value.value is not None:
        return value.value
    if not isinstance(value, (list, tuple)):
        return value
    out = []
    for item in value:
        if isinstance(item, tensor_shape.Dimension) and item.value is not None:
            item = item.value
        out.append(_dimensions_as_ints(item, dtype))
    return out


def _to_array(value):
    try:
        array = np.asarray(value)
    except ValueError as e:
        raise ValueError("Can't convert non-rectangular Python sequence to Tensor.") from e
    if array.dtype.kind == "S" and not isinstance(value, np.ndarray):
        array = np.asarray(value, dtype=object)  # numpy's bytes dtype drops trailing NULs
    if array.dtype == object and not _all_strings(array):
        raise TypeError("Failed to convert elements of %s to Tensor. Consider casting elements "
                        "to a supported type. See https://www.tensorflow.org/api_docs/python/"
                        "tf/dtypes for supported TF dtypes." % (value,))
    return array


def _all_strings(array):
    return all(isinstance(v, (bytes, str)) for v in array.reshape(-1))


def _to_bytes_array(array):
    out = np.empty(array.shape, dtype=object)
    flat = out.reshape(-1)
    for i, v in enumerate(array.reshape(-1)):
        flat[i] = v.encode("utf-8") if isinstance(v, str) else bytes(v)
    return out


_COMPATIBLE = object()


def _incompatible_element(value, dtype):
    """The first element of a Python `value` that TF's _AssertCompatible refuses for `dtype`
    (an int dtype takes no Python float, not even 2.0; a bool dtype only bools; a real one no
    complex or string), or _COMPATIBLE. numpy values are cast instead, as in TF."""
    if isinstance(value, (list, tuple)):
        for item in value:
            bad = _incompatible_element(item, dtype)
            if bad is not _COMPATIBLE:
                return bad
        return _COMPATIBLE
    if dtype.is_bool:
        ok = isinstance(value, (bool, np.bool_))
    elif dtype.is_integer:
        ok = isinstance(value, (numbers.Integral, np.integer, tensor_shape.Dimension))
    elif dtype.is_floating:
        ok = isinstance(value, (numbers.Real, np.integer, np.floating))
    elif dtype.is_complex:
        ok = isinstance(value, (numbers.Complex, np.number))
    else:
        ok = True
    return _COMPATIBLE if ok else value


def _assert_compatible(value, dtype):
    """TF's _AssertCompatible for a Python value converted to `dtype`."""
    if dtype == dtypes.string:
        return   # strings are checked on the array (TF's texts differ for numpy values)
    bad = _incompatible_element(value, dtype)
    if bad is not _COMPATIBLE:
        raise TypeError("Expected %s, but got %s of type '%s'."
                        % (dtype.name, bad, type(bad).__name__))


def _cast_checked(array, dtype, original):
    dtype = dtypes.as_dtype(dtype).base_dtype
    if dtype == dtypes.string:
        if array.size == 0:  # tf.constant([], tf.string): an empty string tensor
            return np.empty(array.shape, dtype=object)
        bad = next((v for v in array.reshape(-1).tolist() if not isinstance(v, (bytes, str))),
                   None) if array.dtype.kind not in "SU" else None
        if bad is not None or array.dtype.kind not in "SUO":
            if isinstance(original, np.ndarray):  # TF's two texts: numpy vs Python values
                raise TypeError("Expected binary or unicode string, got %r" % (bad,))
            raise TypeError("Expected string, but got %r of type '%s'."
                            % (bad, type(bad).__name__))
        return _to_bytes_array(array)
    if isinstance(original, (np.ndarray, np.generic)) and array.dtype.kind != "O":
        # TF's make_tensor_proto casts a numpy value unchecked (`values.astype(dtype)`): int
        # arrays become bool, numeric strings numbers
        return array.astype(dtype.as_numpy_dtype)
    if array.dtype.kind in "SUO":
        raise TypeError("Expected %s, got %r of type '%s' instead."
                        % (dtype.name, original, type(original).__name__))
    if dtype.is_bool and array.dtype.kind != "b":
        raise TypeError("Expected bool, got %r of type '%s' instead."
                        % (original, type(original).__name__))
    return array.astype(dtype.as_numpy_dtype)


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    """Creates a `Const` op (TF1 `tf.constant`).

    With `shape`, fewer values than elements are padded with the last value, as TF1 does in
    graph mode; more values than elements are a ValueError.

    >>> tf.constant([1, 2, 3], shape=(2, 4)).eval()   # in a session
    array([[1, 2, 3, 3], [3, 3, 3, 3]], dtype=int32)
    """
    if shape is None:
        array = _python_to_numpy(value, dtype)
    else:
        shape = [int(d) for d in tensor_shape.as_shape(shape).as_list()]
        array = _shaped_array(value, dtype, shape, verify_shape)
    tf_dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None else _dtype_of(array)
    graph = graph_lib.get_default_graph()
    op = graph._create_op("Const", [], {"value": array, "dtype": tf_dtype}, name or "Const")
    return op.outputs[0]


def _shaped_array(value, dtype, shape, verify_shape):
    """TF's make_tensor_proto with a `shape`: values fill it in order and the last value
    repeats; a shape with no elements ignores Python values."""
    size = int(np.prod(shape, dtype=np.int64))
    if size == 0 and not isinstance(value, (np.ndarray, np.generic)):
        np_dtype = (dtypes.as_dtype(dtype).as_numpy_dtype if dtype is not None
                    else np.float32)  # NOTE: TF: np.empty's float64, then its float32 default
        return np.empty(shape, dtype=np_dtype)
    array = _python_to_numpy(value, dtype)
    if verify_shape and list(array.shape) != shape:
        raise TypeError("Expected Tensor's shape: %s, got %s."
                        % (tuple(shape), tuple(array.shape)))
    if array.size > size:
        raise ValueError("Too many elements provided. Takes at most %d, but got %d."
                         % (size, array.size))
    flat = array.reshape(-1)
    if flat.size == size:
        return flat.reshape(shape)
    out = np.empty(size, dtype=array.dtype)
    if flat.size == 0:  # no values: TF's tensor of the dtype's zero value
        out[:] = b"" if array.dtype == object else 0
    else:
        out[:flat.size] = flat
        out[flat.size:] = flat[-1]
    return out.reshape(shape)


def _dimension_to_tensor(d, dtype=None, name=None):
    """A known `tf.Dimension` as an int32 (or int64) scalar, as TF converts one."""
    if d.value is None:
        raise ValueError("Cannot convert unknown Dimension %s to a Tensor." % d)
    dtype = _shape_dtype(d, "Dimension", dtype, d.value)
    return constant(d.value, dtype=dtype, name=name or "shape_as_tensor")


def _shape_to_tensor(s, dtype=None, name=None):
    """A fully defined `tf.TensorShape` as an int32 (or int64) vector, as TF converts one."""
    if not s.is_fully_defined():
        raise ValueError("Cannot convert a partially known TensorShape %s to a Tensor." % s)
    dims = s.as_list()
    dtype = _shape_dtype(s, "TensorShape", dtype, max(dims, default=0))
    return constant(dims, dtype=dtype, name=name or "shape_as_tensor")


def _shape_dtype(value, kind, dtype, largest):
    big = largest >= 2**31
    if dtype is None:
        return dtypes.int64 if big else dtypes.int32
    dtype = dtypes.as_dtype(dtype)
    if dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError("Cannot convert %s %s to dtype %s. Allowed dtypes are tf.int32 and "
                        "tf.int64." % (kind, value, dtype))
    if dtype == dtypes.int32 and big:
        raise ValueError("Cannot convert %s %s to dtype int32; a dimension is too large. "
                         "Consider using tf.int64." % (kind, value))
    return dtype


def value_dtype(value) -> dtypes.DType:
    """The dtype `convert_to_tensor(value)` would give a Python or numpy value, without making
    an op (TypeError or ValueError if it cannot be converted)."""
    return _dtype_of(_python_to_numpy(value, None))


def _dtype_of(array) -> dtypes.DType:
    if array.dtype == object:
        return dtypes.string
    return dtypes.as_dtype(array.dtype)


# How a list holding Tensors becomes one (TF's autopacking: a Pack op). The op families register
# it (ops/array_ops_join.py), so that converting values never imports them.
_list_packer: list = [None]


def register_list_packer(pack) -> None:
    """`pack(values, dtype, name)` -> Tensor, for lists and tuples that hold Tensors."""
    _list_packer[0] = pack


def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None, as_ref=False,
                      dtype_hint=None):
    """Converts `value` to a Tensor of the default graph (TF1 `tf.convert_to_tensor`)."""
    preferred_dtype = preferred_dtype or dtype_hint
    if isinstance(value, Tensor):
        return _check_tensor_dtype(value, dtype, name)
    for _, base_type, func in _CONVERSION_FUNCTIONS:
        if isinstance(value, base_type):
            tensor = func(value, dtype=dtype, name=name, as_ref=as_ref)
            return _check_tensor_dtype(tensor, dtype)
    if isinstance(value, tensor_shape.Dimension):
        return _check_tensor_dtype(_dimension_to_tensor(value, dtype, name), dtype)
    if isinstance(value, tensor_shape.TensorShape):
        return _check_tensor_dtype(_shape_to_tensor(value, dtype, name), dtype)
    if isinstance(value, Operation):
        raise TypeError("Can't convert Operation '%s' to Tensor (target dtype=%s, name=%s, "
                        "as_ref=%s)" % (value.name, dtype, name, as_ref))
    if isinstance(value, (list, tuple)) and _contains_tensor(value):
        return _list_packer[0](value, dtype, name or "packed")
    if dtype is None and preferred_dtype is not None:
        try:
            return constant(value, dtype=preferred_dtype, name=name or "Const")
        except (TypeError, ValueError):
            pass
    return constant(value, dtype=dtype, name=name or "Const")


def _check_tensor_dtype(tensor, dtype, name=None):
    if dtype is not None and not dtypes.as_dtype(dtype).is_compatible_with(tensor.dtype):
        # TF prefixes the conversion's name only when a Tensor itself was passed
        raise ValueError("%sTensor conversion requested dtype %s for Tensor with dtype %s: %r"
                         % ("%s: " % name if name else "", dtypes.as_dtype(dtype).name,
                            tensor.dtype.name, tensor))
    return tensor


def _contains_tensor(value) -> bool:
    for item in value:
        if isinstance(item, (list, tuple)):
            if _contains_tensor(item):
                return True
        elif isinstance(item, Tensor) or any(isinstance(item, b) for _, b, _ in
                                             _CONVERSION_FUNCTIONS):
            return True
    return False


def convert_n_to_tensor(values, dtype=None, name=None):
    return [convert_to_tensor(v, dtype=dtype, name=None if name is None else "%s_%d" % (name, i))
            for i, v in enumerate(values)]


def is_numeric_scalar(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)

"""`tf.make_tensor_proto` and `tf.make_ndarray` with TensorFlow's Python semantics (TF DTypes,
Python floats as float32, broadcasting a scalar to `shape`), over the numpy-level conversions
of tensor_proto.py.
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.io import tensor_proto
from tfcompat.io.proto import tensor_pb2
from tfcompat.framework.convert import _python_to_numpy

__all__ = ["make_tensor_proto", "make_ndarray"]


def make_tensor_proto(values, dtype=None, shape=None, verify_shape=False,
                      allow_broadcast=False):
    """A TensorProto holding `values` (TF1 `tf.make_tensor_proto`).

    >>> tf.make_tensor_proto([1.0, 2.0]).dtype == tf.float32.as_datatype_enum
    True
    """
    if isinstance(values, tensor_pb2.TensorProto):
        return values
    if hasattr(values, "SerializeToString") and type(values).__name__ == "TensorProto":
        return tensor_pb2.TensorProto.FromString(values.SerializeToString())
    tf_dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None else None
    array = _python_to_numpy(values, tf_dtype)
    enum = (tf_dtype or (dtypes.string if array.dtype == object
                         else dtypes.as_dtype(array.dtype))).as_datatype_enum
    if shape is not None:
        shape = [int(d) for d in shape]
        count = int(np.prod(shape, dtype=np.int64))
        if verify_shape and list(array.shape) != shape:
            raise TypeError("Expected Tensor's shape: %s, got %s."
                            % (tuple(shape), tuple(array.shape)))
        if allow_broadcast and array.size not in (1, count):
            raise TypeError("Expected Tensor's shape: %s, got %s."
                            % (tuple(shape), tuple(array.shape)))
        if array.size > 1 and array.size != count:
            raise ValueError("Too many elements provided. Needed at most %d, but received %d"
                             % (count, array.size) if array.size > count else
                             "Expected %d elements, got %d" % (count, array.size))
    return tensor_proto.make_tensor_proto(array, dtype=enum, shape=shape)


def make_ndarray(tensor):
    """The numpy array a TensorProto holds (TF1 `tf.make_ndarray`; strings as bytes)."""
    if not isinstance(tensor, tensor_pb2.TensorProto):
        tensor = tensor_pb2.TensorProto.FromString(tensor.SerializeToString())
    return tensor_proto.make_ndarray(tensor)

"""`tf.sparse`: the SparseTensor classes and `to_dense` (ops in ops/sparse_ops.py)."""
from __future__ import annotations

from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.sparse_tensor import SparseTensorValue
from tfcompat.ops.sparse_ops import sparse_tensor_to_dense as to_dense

__all__ = ["SparseTensor", "SparseTensorValue", "to_dense"]

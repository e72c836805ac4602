"""TF1's `tf.ragged` namespace, and the home of `tf.RaggedTensor` / `tf.RaggedTensorSpec`.

ragged_value.py   RaggedTensorValue (what Session.run returns), constant_value, splits helpers
ragged_tensor.py  the RaggedTensor graph value: factories, properties, to_tensor/to_sparse
ragged_ops.py     indexing and elementwise operators of RaggedTensor
ragged_array.py   constant, placeholder, range, stack, boolean_mask, map_flat_values, cross, ...
ragged_tensor_spec.py  tf.RaggedTensorSpec
ragged_feature.py tf.io.RaggedFeature (parsed by tf.io.parse_example through VarLenFeatures)
ragged_dispatch.py tf.* ops called with RaggedTensors (TF 1.14+'s dispatch; the entry check of
                  each routed op is tfcompat/ops/_ragged_entry.py's @ragged_entry)
The kernels (RaggedRange, RaggedTensorToTensor, ...) are op records in tfcompat/ops/ragged_ops.py.
"""
from __future__ import annotations

from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.ragged import ragged_ops as _operators  # noqa: F401 - adds RaggedTensor operators
from tfcompat.ragged import ragged_dispatch as _dispatch  # noqa: F401 - routes tf.* ops
from tfcompat.ragged.ragged_array import boolean_mask
from tfcompat.ragged.ragged_array import constant
from tfcompat.ragged.ragged_array import cross
from tfcompat.ragged.ragged_array import cross_hashed
from tfcompat.ragged.ragged_array import map_flat_values
from tfcompat.ragged.ragged_array import placeholder
from tfcompat.ragged.ragged_array import range  # noqa: A004 - TF's name
from tfcompat.ragged.ragged_array import stack
from tfcompat.ragged.ragged_array import stack_dynamic_partitions
from tfcompat.ragged.ragged_tensor import RaggedTensor  # noqa: F401 - tf.RaggedTensor
from tfcompat.ragged.ragged_tensor_spec import RaggedTensorSpec  # noqa: F401
from tfcompat.ragged.ragged_value import RaggedTensorValue
from tfcompat.ragged.ragged_value import constant_value
from tfcompat.ragged.ragged_value import row_splits_to_segment_ids
from tfcompat.ragged.ragged_value import segment_ids_to_row_splits

__all__ = ["RaggedTensorValue", "boolean_mask", "constant", "constant_value", "cross",
           "cross_hashed", "map_flat_values", "placeholder", "range",
           "row_splits_to_segment_ids", "segment_ids_to_row_splits", "stack",
           "stack_dynamic_partitions"]

__getattr__ = _missing_attr("ragged", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('ragged', __name__)   # TF's names, not this module's imports

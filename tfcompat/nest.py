"""`tf.nest`: flatten, pack and map nested structures (lists, tuples, namedtuples, dicts), as the
control-flow ops see them. (tf.data keeps its own rules, where lists are values, not structure:
see data/_structure.py.)"""
from __future__ import annotations

from tfcompat.ops.control_flow_nest import assert_same_structure
from tfcompat.ops.control_flow_nest import flatten
from tfcompat.ops.control_flow_nest import is_sequence
from tfcompat.ops.control_flow_nest import map_structure
from tfcompat.ops.control_flow_nest import pack_sequence_as

is_nested = is_sequence

__all__ = ["assert_same_structure", "flatten", "is_nested", "is_sequence", "map_structure",
           "pack_sequence_as"]

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("nest", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('nest', __name__)   # TF's names, not this module's imports

"""`tf.compat`: `tf.compat.v1` (tfcompat itself, so `import tensorflow.compat.v1 as tf` works under
`tfcompat run`), the string helpers, and the "v1 mode" switches TF2-era scripts call.

tfcompat always behaves as TF1 in graph mode: the `disable_*` switches are no-ops, the `enable_*`
ones raise `UnsupportedAPIError` naming the call (`tfcompat check` reports them unsupported),
except the resource-variable switches, which work as TF's (resource_variables_toggle.py).
"""
from __future__ import annotations

import os
import sys

from tfcompat._unsupported import missing_attr
from tfcompat.resource_variables_toggle import disable_resource_variables
from tfcompat.resource_variables_toggle import enable_resource_variables
from tfcompat.resource_variables_toggle import resource_variables_enabled
from tfcompat._unsupported import refuse
from tfcompat.compat.forward_compat import forward_compatibility_horizon
from tfcompat.compat.forward_compat import forward_compatible
from tfcompat.framework.tensor_shape import Dimension
from tfcompat.framework.tensor_shape import as_shape

__all__ = [
    "v1", "forward_compatible", "forward_compatibility_horizon", "as_bytes", "as_text", "as_str", "as_str_any", "path_to_str", "dimension_value",
    "dimension_at_index", "integral_types", "real_types", "complex_types", "bytes_or_text_types",
    "disable_v2_behavior", "disable_eager_execution", "enable_eager_execution",
    "enable_v2_behavior", "executing_eagerly", "disable_v2_tensorshape", "enable_v2_tensorshape",
    "disable_control_flow_v2", "enable_control_flow_v2", "disable_tensor_equality",
    "enable_tensor_equality", "executing_eagerly_outside_functions", "control_flow_v2_enabled",
    "resource_variables_enabled", "disable_resource_variables", "enable_resource_variables",
]

v1 = sys.modules["tfcompat"]
sys.modules[__name__ + ".v1"] = v1   # `import tfcompat.compat.v1 as tf`


def disable_v2_behavior():
    """TF `tf.compat.v1.disable_v2_behavior`: tfcompat always behaves as TF1; as in TF, it
    makes new variables ref variables again (`tf.disable_resource_variables()`)."""
    disable_resource_variables()


def disable_eager_execution():
    """TF `tf.compat.v1.disable_eager_execution`: a no-op, tfcompat always builds graphs."""


def disable_v2_tensorshape():
    """TF `tf.disable_v2_tensorshape`: a no-op, shapes are always TF1 shapes (`Dimension`s)."""


def disable_control_flow_v2():
    """TF `tf.disable_control_flow_v2`: a no-op."""


def disable_tensor_equality():
    """TF `tf.disable_tensor_equality`: a no-op, `Tensor.__eq__` is always identity (TF1)."""


def executing_eagerly() -> bool:
    """TF `tf.executing_eagerly`: always False (tfcompat runs graph mode only)."""
    return False


def executing_eagerly_outside_functions() -> bool:
    """TF `tf.executing_eagerly_outside_functions`: always False (graph mode only)."""
    return False


def control_flow_v2_enabled() -> bool:
    """TF `tf.control_flow_v2_enabled`: False, TF1's control flow semantics (the switch
    `enable_control_flow_v2` is not supported)."""
    return False


enable_eager_execution = refuse("tf.enable_eager_execution")
enable_v2_behavior = refuse("tf.enable_v2_behavior")
enable_v2_tensorshape = refuse("tf.enable_v2_tensorshape")
enable_control_flow_v2 = refuse("tf.enable_control_flow_v2")
enable_tensor_equality = refuse("tf.enable_tensor_equality")


# -- strings ---------------------------------------------------------------------------------

bytes_or_text_types = (bytes, str)
integral_types = (int,)
real_types = (int, float)
complex_types = (int, float, complex)


def as_bytes(bytes_or_text, encoding="utf-8") -> bytes:
    """TF `tf.compat.as_bytes`: str -> bytes (encoded), bytes/bytearray -> bytes."""
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError("Expected binary or unicode string, got %r" % (bytes_or_text,))


def as_text(bytes_or_text, encoding="utf-8") -> str:
    """TF `tf.compat.as_text`: bytes -> str (decoded), str unchanged."""
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError("Expected binary or unicode string, got %r" % bytes_or_text)


as_str = as_text


def as_str_any(value) -> str:
    """TF `tf.compat.as_str_any`: bytes are decoded, anything else goes through str()."""
    return as_str(value) if isinstance(value, bytes) else str(value)


def path_to_str(path):
    """TF `tf.compat.path_to_str`: os.PathLike -> str, anything else unchanged."""
    return os.fspath(path) if isinstance(path, os.PathLike) else path


def dimension_value(dimension):
    """TF `tf.compat.dimension_value`: a `Dimension`'s value (int or None), ints unchanged."""
    return getattr(dimension, "value", dimension)


def dimension_at_index(shape, index):
    """TF `tf.compat.dimension_at_index`: `shape[index]` as a `Dimension`."""

    shape = as_shape(shape)
    return Dimension(None) if shape.ndims is None else shape.dims[index]


__getattr__ = missing_attr("compat", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('compat', __name__)   # TF's names, not this module's imports

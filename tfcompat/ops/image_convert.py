"""`tf.image.convert_image_dtype`, shared by the composite image functions in tfcompat/image.py
and the ops/image_* families (which cannot import the namespace module without a cycle)."""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """TF1 `tf.image.convert_image_dtype`: integers span [0, MAX], floats [0, 1). Built as TF
    builds it: an unchanged dtype is one Identity outside any scope, and the result op takes the
    scope's own name (`convert_image`, `convert_image_1`, ...)."""
    image = convert_to_tensor(image, name="image")
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating and not dtype.is_integer:
        raise AttributeError("dtype must be either floating point or integer")
    src = image.dtype.base_dtype
    if not src.is_floating and not src.is_integer:
        raise AttributeError("image dtype must be either floating point or integer")
    if src == dtype:
        return array_ops.identity(image, name=name)
    with name_scope(name, "convert_image", [image]) as name:
        if src.is_integer and dtype.is_integer:
            if src.max > dtype.max:
                scaled = math_ops.floordiv(image, (src.max + 1) // (dtype.max + 1))
                return _cast(scaled, dtype, saturate, name)
            cast = _cast(image, dtype, saturate, None)
            return math_ops.multiply(cast, (dtype.max + 1) // (src.max + 1), name=name)
        if src.is_floating and dtype.is_floating:
            return math_ops.cast(image, dtype, name=name)
        if src.is_integer:
            return math_ops.multiply(math_ops.cast(image, dtype), 1.0 / src.max, name=name)
        scaled = math_ops.multiply(image, dtype.max + 0.5)   # avoid rounding problems in the cast
        return _cast(scaled, dtype, saturate, name)


def _cast(x, dtype, saturate, name):
    if saturate:
        return math_ops.saturate_cast(x, dtype, name=name)
    return math_ops.cast(x, dtype, name=name)

"""`tf.image.convert_image_dtype`, shared by the composite image functions in tfcompat/image.py
and the ops/image_* families (which cannot import the namespace module without a cycle)."""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """TF1 `tf.image.convert_image_dtype`: integers span [0, MAX], floats [0, 1)."""
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "convert_image", [image]):
        image = convert_to_tensor(image, name="image")
        src = image.dtype.base_dtype
        if src == dtype:
            return array_ops.identity(image)
        if src.is_integer and dtype.is_integer:
            scale = (src.max + 1) // (dtype.max + 1) if src.max > dtype.max else \
                (dtype.max + 1) // (src.max + 1)
            if src.max > dtype.max:
                return math_ops.cast(math_ops.floordiv(image, scale), dtype)
            return math_ops.multiply(math_ops.cast(image, dtype), scale)
        if src.is_floating and dtype.is_floating:
            return math_ops.cast(image, dtype)
        if src.is_integer:
            return math_ops.multiply(math_ops.cast(image, dtype), 1.0 / src.max)
        scaled = math_ops.multiply(image, dtype.max + 0.5)
        if saturate:
            scaled = reduction_ops.clip_by_value(scaled, 0.0, float(dtype.max))
        return math_ops.cast(scaled, dtype)

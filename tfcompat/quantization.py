"""`tf.quantization`: TF1's quantization namespace (tf.compat.v1.quantization). Each name here
and its top-level alias (`tf.quantization.quantize`, `tf.quantize`) are one object.
"""
from tfcompat.ops.fake_quant_ops import fake_quant_with_min_max_args  # noqa: F401
from tfcompat.ops.fake_quant_ops import fake_quant_with_min_max_args_gradient  # noqa: F401
from tfcompat.ops.fake_quant_ops import fake_quant_with_min_max_vars  # noqa: F401
from tfcompat.ops.fake_quant_ops import fake_quant_with_min_max_vars_gradient  # noqa: F401
from tfcompat.ops.fake_quant_ops import fake_quant_with_min_max_vars_per_channel  # noqa: F401
from tfcompat.ops.fake_quant_ops import (  # noqa: F401
    fake_quant_with_min_max_vars_per_channel_gradient)
from tfcompat.ops.quantize_dequantize_ops import quantize_and_dequantize  # noqa: F401
from tfcompat.ops.quantize_dequantize_ops import quantize_and_dequantize_v2  # noqa: F401
from tfcompat.ops.quantize_ops import dequantize  # noqa: F401
from tfcompat.ops.quantize_ops import quantize  # noqa: F401
from tfcompat.ops.quantize_ops import quantized_concat  # noqa: F401
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("quantization", __name__)

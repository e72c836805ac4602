"""`tf.dtypes`: TF1's dtypes namespace: the DType objects and `as_dtype` (framework/dtypes.py) plus
the casts TF exports here (`tf.dtypes.cast is tf.cast`, `tf.dtypes.complex is tf.complex`, ...).
"""
from tfcompat.framework.dtypes import *  # noqa: F401,F403
from tfcompat.framework.dtypes import DType  # noqa: F401
from tfcompat.framework.dtypes import QUANTIZED_DTYPES  # noqa: F401
from tfcompat.framework.dtypes import as_dtype  # noqa: F401
from tfcompat.ops.math_ops import cast, saturate_cast  # noqa: F401
from tfcompat.ops.math_ops_extra import complex  # noqa: F401,A004
from tfcompat.ops.string_ops_more import as_string  # noqa: F401
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("dtypes", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('dtypes', __name__)   # TF's names, not this module's imports

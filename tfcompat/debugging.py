"""`tf.debugging`: assertions, numerics checks and predicates (TF1 endpoints)."""
from __future__ import annotations

from tfcompat.ops.check_ops import *  # noqa: F403
from tfcompat.ops.check_ops import verify_tensor_all_finite as assert_all_finite  # noqa: F401
from tfcompat.ops.logging_ops import Assert  # noqa: F401
from tfcompat.ops.math_ops import is_finite  # noqa: F401
from tfcompat.ops.math_ops import is_inf  # noqa: F401
from tfcompat.ops.math_ops import is_nan  # noqa: F401


from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("debugging", __name__)

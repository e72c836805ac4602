"""`tf.debugging`: assertions, numerics checks and predicates (TF1 endpoints), and the
debugging switches (device-placement logging, traceback filtering)."""
from __future__ import annotations

from tfcompat.ops.check_ops import *  # noqa: F403
from tfcompat.ops.check_ops import verify_tensor_all_finite as assert_all_finite  # noqa: F401
from tfcompat.ops.check_shapes import assert_shapes  # noqa: F401
from tfcompat.ops.control_flow_ops import Assert  # noqa: F401
from tfcompat.ops.math_ops import is_finite  # noqa: F401
from tfcompat.ops.math_ops import is_inf  # noqa: F401
from tfcompat.ops.math_ops import is_nan  # noqa: F401
from tfcompat.config import get_log_device_placement  # noqa: F401
from tfcompat.config import set_log_device_placement  # noqa: F401

# TF hides its own frames from the tracebacks of errors raised by its API; tfcompat shows
# every frame, so this switch is recorded for code that saves and restores it.
_traceback_filtering = [True]


def is_traceback_filtering_enabled() -> bool:
    return _traceback_filtering[0]


def enable_traceback_filtering():
    _traceback_filtering[0] = True


def disable_traceback_filtering():
    _traceback_filtering[0] = False


def disable_check_numerics():
    """TF's switch-off for `enable_check_numerics`, which tfcompat does not implement (it
    would wrap every op as it is created): there is never anything to switch off. Use
    `tf.add_check_numerics_ops()` or `tf.debugging.check_numerics` on chosen tensors."""


from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("debugging", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('debugging', __name__)   # TF's names, not this module's imports

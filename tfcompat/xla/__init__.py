"""`tf.xla`: `tf.xla.experimental.jit_scope` marks ops for compilation; tfcompat compiles them
with torch.compile (client/jit.py) instead of XLA."""
from tfcompat._unsupported import missing_attr
from tfcompat.xla import experimental

__all__ = ["experimental"]
__getattr__ = missing_attr("xla", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('xla', __name__)   # TF's names, not this module's imports

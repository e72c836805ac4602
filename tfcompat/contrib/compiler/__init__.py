"""`tf.contrib.compiler`: `jit.experimental_jit_scope` (TF 1.x's name for
`tf.xla.experimental.jit_scope`)."""
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.compiler import jit

__all__ = ["jit"]
__getattr__ = missing_attr("contrib.compiler", __name__)

"""`tf.contrib.compiler.jit.experimental_jit_scope`: `tf.xla.experimental.jit_scope`."""
from tfcompat._unsupported import missing_attr
from tfcompat.xla.experimental import jit_scope as experimental_jit_scope

__all__ = ["experimental_jit_scope"]
__getattr__ = missing_attr("contrib.compiler.jit", __name__)

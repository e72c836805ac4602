"""`tf.contrib.stateless`: TF 1.15's stateless random ops, the same functions as
tf.random.stateless_* (and tf.random.stateless_multinomial)."""
from tfcompat._unsupported import missing_attr
from tfcompat.ops.stateless_random_ops import stateless_multinomial  # noqa: F401
from tfcompat.ops.stateless_random_ops import stateless_random_normal  # noqa: F401
from tfcompat.ops.stateless_random_ops import stateless_random_uniform  # noqa: F401
from tfcompat.ops.stateless_random_ops import stateless_truncated_normal  # noqa: F401

__getattr__ = missing_attr("contrib.stateless", __name__)

"""`tf.contrib.slim.nets.inception` (TF 1.15): of its three networks tfcompat bundles Inception
v3 (`inception_v3`, `inception_v3_base`, `inception_v3_arg_scope`); v1 and v2 raise naming
themselves."""
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.contrib.slim.nets.inception_v3 import inception_v3  # noqa: F401
from tfcompat.contrib.slim.nets.inception_v3 import inception_v3_arg_scope  # noqa: F401
from tfcompat.contrib.slim.nets.inception_v3 import inception_v3_base  # noqa: F401

__getattr__ = _missing_attr("contrib.slim.nets.inception", __name__)

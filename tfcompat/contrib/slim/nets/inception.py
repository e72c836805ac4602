"""`tf.contrib.slim.nets.inception` (TF 1.15): tfcompat bundles all three:
Inception v1, v2 and v3 (`inception_vN`, `inception_vN_base`, `inception_vN_arg_scope`)."""
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.contrib.slim.nets.inception_v1 import inception_v1  # noqa: F401
from tfcompat.contrib.slim.nets.inception_v1 import inception_v1_arg_scope  # noqa: F401
from tfcompat.contrib.slim.nets.inception_v1 import inception_v1_base  # noqa: F401
from tfcompat.contrib.slim.nets.inception_v2 import inception_v2  # noqa: F401
from tfcompat.contrib.slim.nets.inception_v2 import inception_v2_arg_scope  # noqa: F401
from tfcompat.contrib.slim.nets.inception_v2 import inception_v2_base  # noqa: F401
from tfcompat.contrib.slim.nets.inception_v3 import inception_v3  # noqa: F401
from tfcompat.contrib.slim.nets.inception_v3 import inception_v3_arg_scope  # noqa: F401
from tfcompat.contrib.slim.nets.inception_v3 import inception_v3_base  # noqa: F401

__getattr__ = _missing_attr("contrib.slim.nets.inception", __name__)

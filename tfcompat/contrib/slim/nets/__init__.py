"""`tf.contrib.slim.nets` (TF 1.15): the slim model zoo's classic networks, with TF's scope and
variable names, so that the published slim checkpoints (vgg_16.ckpt, resnet_v1_50.ckpt, ...)
restore by name: `alexnet`, `overfeat`, `vgg`, `resnet_utils`, `resnet_v1`, `resnet_v2` and
`inception` (Inception v1, v2 and v3): every network of TF 1.15's contrib."""
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.contrib.slim.nets import alexnet  # noqa: F401
from tfcompat.contrib.slim.nets import inception  # noqa: F401
from tfcompat.contrib.slim.nets import overfeat  # noqa: F401
from tfcompat.contrib.slim.nets import resnet_utils  # noqa: F401
from tfcompat.contrib.slim.nets import resnet_v1  # noqa: F401
from tfcompat.contrib.slim.nets import resnet_v2  # noqa: F401
from tfcompat.contrib.slim.nets import vgg  # noqa: F401

__getattr__ = _missing_attr("contrib.slim.nets", __name__)

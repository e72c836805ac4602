"""`tf.keras.datasets`: the classic Keras data sets, read from Keras' cache
(`~/.keras/datasets`, see `tf.keras.utils.get_file`) in TF's file formats and shuffled with TF's
seeds, so a program sees the same arrays as under TensorFlow. A file missing from the cache is
downloaded from TF's URL (checked against TF's hash)."""
from tfcompat import _unsupported
from tfcompat.keras.datasets import boston_housing  # noqa: F401
from tfcompat.keras.datasets import cifar10  # noqa: F401
from tfcompat.keras.datasets import cifar100  # noqa: F401
from tfcompat.keras.datasets import fashion_mnist  # noqa: F401
from tfcompat.keras.datasets import imdb  # noqa: F401
from tfcompat.keras.datasets import mnist  # noqa: F401
from tfcompat.keras.datasets import reuters  # noqa: F401

__getattr__ = _unsupported.missing_attr("keras.datasets", __name__)

"""`tf.keras.preprocessing`: the numpy-side helpers TF1 programs feed models with
(`sequence.pad_sequences`, `text.Tokenizer`, ...). `image` (ImageDataGenerator, which needs
PIL/scipy) fails with the unsupported-API error and its reason."""
from tfcompat import _unsupported
from tfcompat.keras.preprocessing import sequence  # noqa: F401
from tfcompat.keras.preprocessing import text  # noqa: F401

__getattr__ = _unsupported.missing_attr("keras.preprocessing", __name__)

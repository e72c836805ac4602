"""`tf.keras.preprocessing`: the numpy-side helpers TF1 programs feed models with
(`sequence.pad_sequences`, `text.Tokenizer`, `image.ImageDataGenerator`, ...). The file-based
parts of `image` (load_img, flow_from_directory, brightness shifts) need Pillow."""
from tfcompat import _unsupported
from tfcompat.keras.preprocessing import image  # noqa: F401
from tfcompat.keras.preprocessing import sequence  # noqa: F401
from tfcompat.keras.preprocessing import text  # noqa: F401

__getattr__ = _unsupported.missing_attr("keras.preprocessing", __name__)

"""`tf.contrib.learn.preprocessing`: TF 1.15's text preprocessing (VocabularyProcessor,
ByteProcessor, tokenizer), CategoricalVocabulary and CategoricalProcessor."""
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.learn.preprocessing import categorical  # noqa: F401
from tfcompat.contrib.learn.preprocessing import categorical_vocabulary  # noqa: F401
from tfcompat.contrib.learn.preprocessing.categorical import CategoricalProcessor  # noqa: F401
from tfcompat.contrib.learn.preprocessing import text  # noqa: F401
from tfcompat.contrib.learn.preprocessing.categorical_vocabulary import (  # noqa: F401
    CategoricalVocabulary)
from tfcompat.contrib.learn.preprocessing.text import ByteProcessor  # noqa: F401
from tfcompat.contrib.learn.preprocessing.text import TOKENIZER_RE  # noqa: F401
from tfcompat.contrib.learn.preprocessing.text import VocabularyProcessor  # noqa: F401
from tfcompat.contrib.learn.preprocessing.text import tokenizer  # noqa: F401

__getattr__ = missing_attr("contrib.learn.preprocessing", __name__)

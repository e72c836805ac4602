"""`tensorflow.contrib.seq2seq.python.ops.*`: TF 1.15's module names over tfcompat's
implementation, with the private helpers that code subclassing its classes imports."""
from tfcompat.contrib.seq2seq.python.ops import attention_wrapper  # noqa: F401
from tfcompat.contrib.seq2seq.python.ops import basic_decoder  # noqa: F401
from tfcompat.contrib.seq2seq.python.ops import beam_search_decoder  # noqa: F401
from tfcompat.contrib.seq2seq.python.ops import beam_search_ops  # noqa: F401
from tfcompat.contrib.seq2seq.python.ops import decoder  # noqa: F401
from tfcompat.contrib.seq2seq.python.ops import helper  # noqa: F401
from tfcompat.contrib.seq2seq.python.ops import loss  # noqa: F401

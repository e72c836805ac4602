"""`tensorflow.contrib.seq2seq.python`: the module layout of TF 1.15's sources, for code that
imports from it (`from tensorflow.contrib.seq2seq.python.ops import attention_wrapper`)."""
from tfcompat.contrib.seq2seq.python import ops  # noqa: F401

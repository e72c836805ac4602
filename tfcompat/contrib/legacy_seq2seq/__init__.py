"""`tf.contrib.legacy_seq2seq`: TF 1.15's static (list-of-steps) sequence-to-sequence library of
the translate, chatbot and char-rnn tutorials, with TF's variable names and op order."""
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.legacy_seq2seq.attention import attention_decoder  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.attention import embedding_attention_decoder  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.attention import embedding_attention_seq2seq  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.attention import one2many_rnn_seq2seq  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.loss import model_with_buckets  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.loss import sequence_loss  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.loss import sequence_loss_by_example  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.seq2seq import basic_rnn_seq2seq  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.seq2seq import embedding_rnn_decoder  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.seq2seq import embedding_rnn_seq2seq  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.seq2seq import embedding_tied_rnn_seq2seq  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.seq2seq import rnn_decoder  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.seq2seq import tied_rnn_seq2seq  # noqa: F401

__getattr__ = missing_attr("contrib.legacy_seq2seq", __name__)

"""`tf.strings`: TF1's string namespace (tf.compat.v1.strings). A name here and its top-level
alias (`tf.strings.join`, `tf.string_join`) are one object, as in TF; names tfcompat does not
implement fail with the unsupported-API error.
"""
from tfcompat.ops.logging_ops import string_format as format  # noqa: F401,A001
from tfcompat.ops.string_ops import string_join as join  # noqa: F401
from tfcompat.ops.string_ops import string_length as length  # noqa: F401
from tfcompat.ops.string_ops_more import as_string  # noqa: F401
from tfcompat.ops.string_ops_more import lower  # noqa: F401
from tfcompat.ops.string_ops_more import reduce_join  # noqa: F401
from tfcompat.ops.string_ops_more import regex_full_match  # noqa: F401
from tfcompat.ops.string_ops_more import regex_replace  # noqa: F401
from tfcompat.ops.string_ops_more import string_strip as strip  # noqa: F401
from tfcompat.ops.string_ops_more import string_to_number as to_number  # noqa: F401
from tfcompat.ops.string_ops_more import strings_substr as substr  # noqa: F401
from tfcompat.ops.string_ops_more import unsorted_segment_join  # noqa: F401
from tfcompat.ops.string_ops_more import upper  # noqa: F401
from tfcompat.ops.string_split_hash_ops import string_to_hash_bucket as to_hash_bucket  # noqa: F401
from tfcompat.ops.string_split_hash_ops import string_to_hash_bucket_fast as to_hash_bucket_fast  # noqa: E501,F401
from tfcompat.ops.string_split_hash_ops import string_to_hash_bucket_strong as to_hash_bucket_strong  # noqa: E501,F401
from tfcompat.ops.string_split_hash_ops import strings_split_v1 as split  # noqa: F401
from tfcompat.ops.unicode_ops import bytes_split  # noqa: F401
from tfcompat.ops.unicode_ops import ngrams  # noqa: F401
from tfcompat.ops.unicode_ops import unicode_decode  # noqa: F401
from tfcompat.ops.unicode_ops import unicode_decode_with_offsets  # noqa: F401
from tfcompat.ops.unicode_ops import unicode_encode  # noqa: F401
from tfcompat.ops.unicode_ops import unicode_split  # noqa: F401
from tfcompat.ops.unicode_ops import unicode_split_with_offsets  # noqa: F401
from tfcompat.ops.unicode_ops import unicode_transcode  # noqa: F401
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("strings", __name__)

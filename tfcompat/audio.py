"""`tf.audio`: TF1's audio namespace (tf.compat.v1.audio): 16-bit PCM WAV decoding and encoding.
A name here and its aliases elsewhere in the API are one object, as in TF; names tfcompat does not
implement fail with the unsupported-API error.
"""
from tfcompat.ops.audio_ops import decode_wav, encode_wav  # noqa: F401
from tfcompat._unsupported import missing_attr as _missing_attr

__getattr__ = _missing_attr("audio", __name__)

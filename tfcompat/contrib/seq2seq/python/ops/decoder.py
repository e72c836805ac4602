"""TF 1.15's `contrib/seq2seq/python/ops/decoder.py` names."""

from tfcompat.contrib.seq2seq import decoder as _mod_decoder

Decoder = _mod_decoder.Decoder
_create_zero_outputs = _mod_decoder._create_zero_outputs
_transpose_batch_time = _mod_decoder._transpose_batch_time
_zero_state_tensors = _mod_decoder._zero_state_tensors
dynamic_decode = _mod_decoder.dynamic_decode

__all__ = ["Decoder", "dynamic_decode"]

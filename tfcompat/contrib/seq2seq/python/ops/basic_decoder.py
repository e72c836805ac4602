"""TF 1.15's `contrib/seq2seq/python/ops/basic_decoder.py` names."""

from tfcompat.contrib.seq2seq import basic_decoder as _mod_basic_decoder

BasicDecoder = _mod_basic_decoder.BasicDecoder
BasicDecoderOutput = _mod_basic_decoder.BasicDecoderOutput

__all__ = ["BasicDecoderOutput", "BasicDecoder"]

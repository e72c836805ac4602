"""TF 1.15's `contrib/seq2seq/python/ops/beam_search_decoder.py` names (tfcompat keeps the step
function and the decoder in two modules)."""

from tfcompat.contrib.seq2seq import beam_search_decoder as _mod_beam_search_decoder
from tfcompat.contrib.seq2seq import beam_search_ops as _mod_beam_search_ops
from tfcompat.contrib.seq2seq import beam_search_step as _mod_beam_search_step

BeamSearchDecoder = _mod_beam_search_decoder.BeamSearchDecoder
FinalBeamSearchDecoderOutput = _mod_beam_search_decoder.FinalBeamSearchDecoderOutput
_check_batch_beam = _mod_beam_search_decoder._check_batch_beam
_check_ndims = _mod_beam_search_decoder._check_ndims
_check_static_batch_beam_maybe = _mod_beam_search_decoder._check_static_batch_beam_maybe
gather_tree_from_array = _mod_beam_search_decoder.gather_tree_from_array
_tile_batch = _mod_beam_search_ops._tile_batch
tile_batch = _mod_beam_search_ops.tile_batch
BeamSearchDecoderOutput = _mod_beam_search_step.BeamSearchDecoderOutput
BeamSearchDecoderState = _mod_beam_search_step.BeamSearchDecoderState
_beam_search_step = _mod_beam_search_step._beam_search_step
_get_scores = _mod_beam_search_step._get_scores
_length_penalty = _mod_beam_search_step._length_penalty
_mask_probs = _mod_beam_search_step._mask_probs
_maybe_tensor_gather_helper = _mod_beam_search_step._maybe_tensor_gather_helper
_tensor_gather_helper = _mod_beam_search_step._tensor_gather_helper
attention_probs_from_attn_state = _mod_beam_search_step.attention_probs_from_attn_state
get_attention_probs = _mod_beam_search_step.get_attention_probs

__all__ = ["BeamSearchDecoderOutput", "BeamSearchDecoderState", "BeamSearchDecoder",
           "FinalBeamSearchDecoderOutput", "tile_batch"]

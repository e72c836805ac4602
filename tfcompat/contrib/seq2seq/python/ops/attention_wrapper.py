"""TF 1.15's `contrib/seq2seq/python/ops/attention_wrapper.py` names (tfcompat keeps the
mechanisms and the wrapper in two modules)."""

from tfcompat.contrib.seq2seq import attention_mechanism as _mod_attention_mechanism
from tfcompat.contrib.seq2seq import attention_wrapper as _mod_attention_wrapper

AttentionMechanism = _mod_attention_mechanism.AttentionMechanism
BahdanauAttention = _mod_attention_mechanism.BahdanauAttention
BahdanauMonotonicAttention = _mod_attention_mechanism.BahdanauMonotonicAttention
LuongAttention = _mod_attention_mechanism.LuongAttention
LuongMonotonicAttention = _mod_attention_mechanism.LuongMonotonicAttention
_BaseAttentionMechanism = _mod_attention_mechanism._BaseAttentionMechanism
_BaseMonotonicAttentionMechanism = _mod_attention_mechanism._BaseMonotonicAttentionMechanism
_bahdanau_score = _mod_attention_mechanism._bahdanau_score
_luong_score = _mod_attention_mechanism._luong_score
_maybe_mask_score = _mod_attention_mechanism._maybe_mask_score
_monotonic_probability_fn = _mod_attention_mechanism._monotonic_probability_fn
_prepare_memory = _mod_attention_mechanism._prepare_memory
_zero_state_tensors = _mod_attention_mechanism._zero_state_tensors
hardmax = _mod_attention_mechanism.hardmax
monotonic_attention = _mod_attention_mechanism.monotonic_attention
safe_cumprod = _mod_attention_mechanism.safe_cumprod
AttentionWrapper = _mod_attention_wrapper.AttentionWrapper
AttentionWrapperState = _mod_attention_wrapper.AttentionWrapperState
_compute_attention = _mod_attention_wrapper._compute_attention

__all__ = ["AttentionMechanism", "AttentionWrapper", "AttentionWrapperState", "LuongAttention",
           "BahdanauAttention", "hardmax", "safe_cumprod", "monotonic_attention",
           "BahdanauMonotonicAttention", "LuongMonotonicAttention"]

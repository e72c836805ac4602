"""`tf.contrib.seq2seq` (TF 1.15): decoders (`BasicDecoder`, `BeamSearchDecoder`,
`dynamic_decode`), helpers, attention (`BahdanauAttention`, `LuongAttention`, their monotonic
variants, `AttentionWrapper`), `gather_tree`, `tile_batch` and `sequence_loss`. Variable and
scope names are TF 1.15's, so its checkpoints restore. The Keras-style `*V2` classes and
`SequenceLoss` of the 1.15 sources were never exported (TF 1.15's API docs list neither) and
are not provided."""
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.contrib.seq2seq.attention_mechanism import AttentionMechanism
from tfcompat.contrib.seq2seq.attention_mechanism import BahdanauAttention
from tfcompat.contrib.seq2seq.attention_mechanism import BahdanauMonotonicAttention
from tfcompat.contrib.seq2seq.attention_mechanism import LuongAttention
from tfcompat.contrib.seq2seq.attention_mechanism import LuongMonotonicAttention
from tfcompat.contrib.seq2seq.attention_mechanism import hardmax
from tfcompat.contrib.seq2seq.attention_mechanism import monotonic_attention
from tfcompat.contrib.seq2seq.attention_mechanism import safe_cumprod
from tfcompat.contrib.seq2seq.attention_wrapper import AttentionWrapper
from tfcompat.contrib.seq2seq.attention_wrapper import AttentionWrapperState
from tfcompat.contrib.seq2seq.basic_decoder import BasicDecoder
from tfcompat.contrib.seq2seq.basic_decoder import BasicDecoderOutput
from tfcompat.contrib.seq2seq.beam_search_decoder import BeamSearchDecoder
from tfcompat.contrib.seq2seq.beam_search_decoder import BeamSearchDecoderOutput
from tfcompat.contrib.seq2seq.beam_search_decoder import BeamSearchDecoderState
from tfcompat.contrib.seq2seq.beam_search_decoder import FinalBeamSearchDecoderOutput
from tfcompat.contrib.seq2seq.beam_search_ops import gather_tree
from tfcompat.contrib.seq2seq.beam_search_ops import tile_batch
from tfcompat.contrib.seq2seq.decoder import Decoder
from tfcompat.contrib.seq2seq.decoder import dynamic_decode
from tfcompat.contrib.seq2seq.helper import CustomHelper
from tfcompat.contrib.seq2seq.helper import GreedyEmbeddingHelper
from tfcompat.contrib.seq2seq.helper import Helper
from tfcompat.contrib.seq2seq.helper import InferenceHelper
from tfcompat.contrib.seq2seq.helper import SampleEmbeddingHelper
from tfcompat.contrib.seq2seq.helper import ScheduledEmbeddingTrainingHelper
from tfcompat.contrib.seq2seq.helper import ScheduledOutputTrainingHelper
from tfcompat.contrib.seq2seq.helper import TrainingHelper
from tfcompat.contrib.seq2seq.loss import sequence_loss
# TF 1.15's module layout (tensorflow.contrib.seq2seq.python.ops.*), after the names above
from tfcompat.contrib.seq2seq import python  # noqa: F401

__all__ = [
    "sequence_loss", "Decoder", "dynamic_decode", "BasicDecoder", "BasicDecoderOutput",
    "BeamSearchDecoder", "BeamSearchDecoderOutput", "BeamSearchDecoderState", "Helper",
    "CustomHelper", "FinalBeamSearchDecoderOutput", "gather_tree", "GreedyEmbeddingHelper",
    "InferenceHelper", "SampleEmbeddingHelper", "ScheduledEmbeddingTrainingHelper",
    "ScheduledOutputTrainingHelper", "TrainingHelper", "BahdanauAttention", "LuongAttention",
    "hardmax", "AttentionWrapperState", "AttentionWrapper", "AttentionMechanism", "tile_batch",
    "safe_cumprod", "monotonic_attention", "BahdanauMonotonicAttention",
    "LuongMonotonicAttention",
]
__getattr__ = _missing_attr("contrib.seq2seq", __name__)

"""TF 1.15's `contrib/seq2seq/python/ops/helper.py` names."""

from tfcompat.contrib.seq2seq import helper as _mod_helper

CustomHelper = _mod_helper.CustomHelper
GreedyEmbeddingHelper = _mod_helper.GreedyEmbeddingHelper
Helper = _mod_helper.Helper
InferenceHelper = _mod_helper.InferenceHelper
SampleEmbeddingHelper = _mod_helper.SampleEmbeddingHelper
ScheduledEmbeddingTrainingHelper = _mod_helper.ScheduledEmbeddingTrainingHelper
ScheduledOutputTrainingHelper = _mod_helper.ScheduledOutputTrainingHelper
TrainingHelper = _mod_helper.TrainingHelper
_call_sampler = _mod_helper._call_sampler
_transpose_batch_time = _mod_helper._transpose_batch_time
_unstack_ta = _mod_helper._unstack_ta
bernoulli_sample = _mod_helper.bernoulli_sample
categorical_sample = _mod_helper.categorical_sample
__all__ = _mod_helper.__all__

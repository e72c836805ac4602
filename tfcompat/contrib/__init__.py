"""`tf.contrib`, as far as legacy scripts need it: `contrib.layers`, `contrib.rnn`,
`contrib.framework`, `contrib.compiler.jit`, `contrib.training` (HParams, queue bucketing),
`contrib.crf` and `contrib.seq2seq` (decoders, attention, beam search, sequence_loss), the TF
1.15 aliases `contrib.losses`, `contrib.metrics` (streaming_*), `contrib.distributions`,
`contrib.data` and `contrib.opt` (AdamW/MomentumW), `contrib.integrate` (odeint), `contrib.slim`
(TF-Slim, with the model zoo's nets), `contrib.sparsemax`, `contrib.staging`,
`contrib.resampler`, `contrib.tensorboard.plugins.projector`, `contrib.predictor`
(Predictors from a SavedModel or an Estimator), `contrib.estimator` (the v1 heads, extenders
and early-stopping hooks), `contrib.factorization` (the k-means
graph: KMeans), `contrib.tpu` (TPUEstimator on the CPU: use_tpu=False),
`contrib.cluster_resolver`, `contrib.graph_editor` (TF 1.15's graph surgery), `contrib.summary` (TF 1.15's graph-mode
v2 summaries), `contrib.quantize` (TF 1.15's quantization-aware training rewrites), `contrib.keras` (tf.keras), `contrib.mixed_precision` (LossScaleOptimizer and its managers). Any other contrib module fails
with an error naming it and pointing to its replacement (tf.contrib was removed after TF 1.x)."""
import importlib

from tfcompat._unsupported import missing_attr

_PROVIDED = ("layers", "rnn", "framework", "compiler", "training", "crf", "seq2seq", "losses",
             "metrics", "distributions", "data", "opt", "slim", "legacy_seq2seq",
             "image", "cudnn_rnn",
             "learn", "util", "lookup", "signal", "deprecated", "nn", "stateless", "tensorboard",
             "integrate", "sparsemax", "staging", "resampler", "predictor",
             "factorization", "tpu", "cluster_resolver", "estimator", "summary",
             "graph_editor", "quantize", "keras", "mixed_precision")
_missing = missing_attr("contrib", __name__)


def __getattr__(name):
    if name in _PROVIDED:
        module = importlib.import_module("tfcompat.contrib." + name)
        globals()[name] = module
        return module
    return _missing(name)


def __dir__():
    return sorted(list(globals()) + list(_PROVIDED))

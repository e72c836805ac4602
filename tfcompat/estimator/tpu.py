"""tf.estimator.tpu (TF 1.14-1.15's home of tf.contrib.tpu's Estimator API, which ALBERT-era code
calls, "if TPU is not available, this will fall back to normal Estimator on CPU or GPU"): the same
TPUEstimator, TPUEstimatorSpec, RunConfig, TPUConfig and InputPipelineConfig classes as
tf.contrib.tpu (tfcompat/contrib/tpu: use_tpu=False's CPU/GPU path). `experimental`
(EmbeddingConfigSpec, TPU embeddings) is not provided."""
from tfcompat._unsupported import missing_attr
from tfcompat._unsupported import namespace_dir as _namespace_dir
from tfcompat.contrib.tpu.tpu_config import InputPipelineConfig, RunConfig, TPUConfig
from tfcompat.contrib.tpu.tpu_estimator import TPUEstimator, TPUEstimatorSpec

__all__ = ["InputPipelineConfig", "RunConfig", "TPUConfig", "TPUEstimator", "TPUEstimatorSpec"]

__getattr__ = missing_attr("estimator.tpu", __name__)
__dir__ = _namespace_dir("estimator.tpu", __name__)

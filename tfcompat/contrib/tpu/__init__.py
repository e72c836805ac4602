"""tf.contrib.tpu, as far as it runs without a TPU: TF 1.15's TPUEstimator with use_tpu=False
(the CPU/GPU path: TPUEstimatorSpec converted to an EstimatorSpec, batch sizes in params),
RunConfig, TPUConfig, InputPipelineConfig and CrossShardOptimizer (its gradients; applying them
needs a TPU). The TPU program builders (rewrite, shard, replicate, batch_parallel,
outside_compilation), the TPU system ops and the TPU embeddings fail with an error naming them.
"""
from tfcompat._unsupported import missing_attr, refuse
from tfcompat.contrib.tpu.tpu_config import InputPipelineConfig, RunConfig, TPUConfig
from tfcompat.contrib.tpu.tpu_estimator import (ExportSavedModelApiVersion, TPUEstimator,
                                                TPUEstimatorSpec)
from tfcompat.contrib.tpu.tpu_optimizer import CrossShardOptimizer

__all__ = ["CrossShardOptimizer", "ExportSavedModelApiVersion", "InputPipelineConfig",
           "RunConfig", "TPUConfig", "TPUEstimator", "TPUEstimatorSpec"]

# what runs only on a TPU: refused by name, so `tfcompat check` reports them
for _name in ("rewrite", "shard", "replicate", "batch_parallel", "outside_compilation",
              "initialize_system", "shutdown_system", "cross_replica_sum", "core",
              "bfloat16_scope", "keras_to_tpu_model", "infeed_dequeue", "outfeed_enqueue"):
    globals()[_name] = refuse("tf.contrib.tpu." + _name)
del _name

__getattr__ = missing_attr("contrib.tpu", __name__)

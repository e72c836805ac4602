"""`tf.saved_model.tag_constants`: the standard meta graph tags."""
from __future__ import annotations

SERVING = "serve"
TRAINING = "train"
EVAL = "eval"
GPU = "gpu"
TPU = "tpu"

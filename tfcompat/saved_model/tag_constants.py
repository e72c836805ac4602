"""`tf.saved_model.tag_constants`: the standard meta graph tags."""
from __future__ import annotations

SERVING = "serve"
TRAINING = "train"
EVAL = "eval"
GPU = "gpu"
TPU = "tpu"

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("saved_model.tag_constants", __name__)

"""`tf.contrib.tensorboard.plugins.projector`: the embedding projector's configuration, as TF
1.15's contrib module: the `ProjectorConfig`, `EmbeddingInfo` and `SpriteMetadata` protos come
from TensorBoard's own package (TF 1.15 imported them from there too), and
`visualize_embeddings` writes the config as text next to the summary writer's events, where
TensorBoard's projector reads it. TensorBoard is an optional dependency
(`pip install tfcompat[tensorboard]`); without it the names raise saying so."""
from __future__ import annotations

import os

from google.protobuf import text_format

try:
    from tensorboard.plugins.projector import projector_config_pb2 as _pb2
except ImportError:  # optional: `pip install tensorboard`
    _pb2 = None

PROJECTOR_FILENAME = "projector_config.pbtxt"


def _protos():
    if _pb2 is None:
        raise ImportError("tf.contrib.tensorboard.plugins.projector needs the tensorboard "
                          "package (its ProjectorConfig proto): pip install tensorboard")
    return _pb2


def __getattr__(name):
    if name in ("ProjectorConfig", "EmbeddingInfo", "SpriteMetadata"):
        return getattr(_protos(), name)
    raise AttributeError("module 'tf.contrib.tensorboard.plugins.projector' has no attribute "
                         "%r" % name)


def visualize_embeddings(summary_writer, config):
    """Writes `config` (a ProjectorConfig) as `projector_config.pbtxt` into the log directory of
    `summary_writer` (a `tf.summary.FileWriter`; a directory path is accepted too, as
    TensorBoard's own `visualize_embeddings` accepts it)."""
    logdir = summary_writer.get_logdir() if hasattr(summary_writer, "get_logdir") \
        else summary_writer
    if logdir is None:
        raise ValueError("Summary writer must have a logdir")
    with open(os.path.join(logdir, PROJECTOR_FILENAME), "w", encoding="utf-8") as f:
        f.write(text_format.MessageToString(config))

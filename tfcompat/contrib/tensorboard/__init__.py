"""`tf.contrib.tensorboard`: TF 1.15 kept only the embedding projector's plugin here
(`tf.contrib.tensorboard.plugins.projector`)."""
from tfcompat.contrib.tensorboard import plugins  # noqa: F401

"""`tf.contrib.tensorboard.plugins`: the embedding projector (`projector`)."""
from tfcompat.contrib.tensorboard.plugins import projector  # noqa: F401

"""`tensorflow.examples.tutorials`."""
from tfcompat.examples.tutorials import mnist  # noqa: F401

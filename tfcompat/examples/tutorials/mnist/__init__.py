"""`tensorflow.examples.tutorials.mnist`."""
from tfcompat.examples.tutorials.mnist import input_data  # noqa: F401

"""`tensorflow.examples`: of TF 1.x's tutorial helpers, the MNIST loader most TF1 tutorials start
with (`tensorflow.examples.tutorials.mnist.input_data`)."""
from tfcompat.examples import tutorials  # noqa: F401

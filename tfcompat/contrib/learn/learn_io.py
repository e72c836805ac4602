"""tf.contrib.learn.io: numpy_input_fn and pandas_input_fn (tf.estimator.inputs' ones, which
TF 1.15's contrib.learn re-exported)."""
from tfcompat._unsupported import missing_attr
from tfcompat.estimator.inputs import numpy_input_fn  # noqa: F401
from tfcompat.estimator.inputs import pandas_input_fn  # noqa: F401

__all__ = ["numpy_input_fn", "pandas_input_fn"]
__getattr__ = missing_attr("contrib.learn.io", __name__)

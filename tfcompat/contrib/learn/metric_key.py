"""tf.contrib.learn's estimators/metric_key.py."""
from tfcompat.contrib.learn.head import MetricKey

__all__ = ["MetricKey"]

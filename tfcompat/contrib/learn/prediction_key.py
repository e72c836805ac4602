"""tf.contrib.learn's estimators/prediction_key.py."""
from tfcompat.contrib.learn.head import PredictionKey

__all__ = ["PredictionKey"]

"""The `tf.metrics` namespace (TF1 streaming metrics returning `(value, update_op)`)."""
from tfcompat._unsupported import missing_attr
from tfcompat.metrics.metrics_impl import accuracy
from tfcompat.metrics.metrics_impl import auc
from tfcompat.metrics.metrics_impl import false_negatives
from tfcompat.metrics.metrics_impl import false_positives
from tfcompat.metrics.metrics_impl import mean
from tfcompat.metrics.metrics_impl import mean_absolute_error
from tfcompat.metrics.metrics_impl import mean_iou
from tfcompat.metrics.metrics_impl import mean_squared_error
from tfcompat.metrics.metrics_impl import precision
from tfcompat.metrics.metrics_impl import recall
from tfcompat.metrics.metrics_impl import root_mean_squared_error
from tfcompat.metrics.metrics_impl import true_negatives
from tfcompat.metrics.metrics_impl import true_positives

__all__ = ["accuracy", "auc", "false_negatives", "false_positives", "mean",
           "mean_absolute_error", "mean_iou", "mean_squared_error", "precision", "recall",
           "root_mean_squared_error", "true_negatives", "true_positives"]
__getattr__ = missing_attr("metrics", __name__)

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
from tfcompat.metrics.metrics_at_k import average_precision_at_k
from tfcompat.metrics.metrics_at_k import precision_at_k
from tfcompat.metrics.metrics_at_k import precision_at_top_k
from tfcompat.metrics.metrics_at_k import recall_at_k
from tfcompat.metrics.metrics_at_k import recall_at_top_k
from tfcompat.metrics.metrics_at_k import sparse_average_precision_at_k
from tfcompat.metrics.metrics_at_k import sparse_precision_at_k
from tfcompat.metrics.metrics_thresholds import false_negatives_at_thresholds
from tfcompat.metrics.metrics_thresholds import false_positives_at_thresholds
from tfcompat.metrics.metrics_thresholds import mean_cosine_distance
from tfcompat.metrics.metrics_thresholds import mean_per_class_accuracy
from tfcompat.metrics.metrics_thresholds import mean_relative_error
from tfcompat.metrics.metrics_thresholds import mean_tensor
from tfcompat.metrics.metrics_thresholds import percentage_below
from tfcompat.metrics.metrics_thresholds import precision_at_thresholds
from tfcompat.metrics.metrics_thresholds import recall_at_thresholds
from tfcompat.metrics.metrics_thresholds import sensitivity_at_specificity
from tfcompat.metrics.metrics_thresholds import specificity_at_sensitivity
from tfcompat.metrics.metrics_thresholds import true_negatives_at_thresholds
from tfcompat.metrics.metrics_thresholds import true_positives_at_thresholds

__all__ = ["accuracy", "auc", "false_negatives", "false_positives", "mean",
           "mean_absolute_error", "mean_iou", "mean_squared_error", "precision", "recall",
           "root_mean_squared_error", "true_negatives", "true_positives",
           "average_precision_at_k", "precision_at_k", "precision_at_top_k", "recall_at_k",
           "recall_at_top_k", "sparse_average_precision_at_k", "sparse_precision_at_k",
           "false_negatives_at_thresholds", "false_positives_at_thresholds",
           "mean_cosine_distance", "mean_per_class_accuracy", "mean_relative_error",
           "mean_tensor", "percentage_below", "precision_at_thresholds",
           "recall_at_thresholds", "sensitivity_at_specificity", "specificity_at_sensitivity",
           "true_negatives_at_thresholds", "true_positives_at_thresholds"]
__getattr__ = missing_attr("metrics", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('metrics', __name__)   # TF's names, not this module's imports

"""`tf.mixed_precision.experimental` (TF 1.14-1.15's endpoint of the loss scales)."""
from tfcompat.mixed_precision import DynamicLossScale
from tfcompat.mixed_precision import FixedLossScale
from tfcompat.mixed_precision import LossScale

__all__ = ["DynamicLossScale", "FixedLossScale", "LossScale"]

"""`tf.train.experimental` (TF 1.14-1.15): the mixed-precision endpoints TF also exports as
tf.mixed_precision.*; the TF 2 checkpoint-sharding and PythonState names are not provided."""
from tfcompat.mixed_precision import DynamicLossScale
from tfcompat.mixed_precision import FixedLossScale
from tfcompat.mixed_precision import LossScale
from tfcompat.mixed_precision import MixedPrecisionLossScaleOptimizer
from tfcompat.mixed_precision import disable_mixed_precision_graph_rewrite
from tfcompat.mixed_precision import enable_mixed_precision_graph_rewrite

__all__ = ["DynamicLossScale", "FixedLossScale", "LossScale", "MixedPrecisionLossScaleOptimizer",
           "disable_mixed_precision_graph_rewrite", "enable_mixed_precision_graph_rewrite"]

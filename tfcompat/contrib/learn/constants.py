"""tf.contrib.learn's estimators/constants.py: ProblemType and the collection key of the
features an export expects."""
from tfcompat.contrib.learn._export import COLLECTION_DEF_KEY_FOR_INPUT_FEATURE_KEYS
from tfcompat.contrib.learn.head import ProblemType

__all__ = ["ProblemType", "COLLECTION_DEF_KEY_FOR_INPUT_FEATURE_KEYS"]

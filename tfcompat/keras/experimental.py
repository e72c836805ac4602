"""`tf.keras.experimental` of TF 1.x (as TF 2.21's compat.v1 keeps it): the cosine learning
rate schedules and the premade LinearModel / WideDeepModel. SequenceFeatures (sequence feature
columns) is not provided."""
from tfcompat import _unsupported
from tfcompat.keras._schedules import CosineDecay  # noqa: F401
from tfcompat.keras._schedules import CosineDecayRestarts  # noqa: F401
from tfcompat.keras.premade_models import LinearModel  # noqa: F401
from tfcompat.keras.premade_models import WideDeepModel  # noqa: F401

__getattr__ = _unsupported.missing_attr("keras.experimental", __name__)

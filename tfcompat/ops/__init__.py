"""Op definitions, one module per op family; importing this package registers them all."""
from tfcompat.ops import math_ops  # noqa: F401
from tfcompat.ops import reduction_ops  # noqa: F401
from tfcompat.ops import array_ops  # noqa: F401
from tfcompat.ops import indexing_ops  # noqa: F401
from tfcompat.ops import random_ops  # noqa: F401

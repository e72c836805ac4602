"""The `tf.initializers` namespace: TF1's initializer classes under their short names, plus
`global_variables` / `local_variables` / `variables` (the initializer ops)."""
from __future__ import annotations

from tfcompat.init_ops import Constant as constant
from tfcompat.init_ops import GlorotNormal as glorot_normal
from tfcompat.init_ops import GlorotUniform as glorot_uniform
from tfcompat.init_ops import Identity as identity
from tfcompat.init_ops import Ones as ones
from tfcompat.init_ops import Orthogonal as orthogonal
from tfcompat.init_ops import RandomNormal as random_normal
from tfcompat.init_ops import RandomUniform as random_uniform
from tfcompat.init_ops import TruncatedNormal as truncated_normal
from tfcompat.init_ops import UniformUnitScaling as uniform_unit_scaling
from tfcompat.init_ops import VarianceScaling as variance_scaling
from tfcompat.init_ops import Zeros as zeros
from tfcompat.init_ops import he_normal
from tfcompat.init_ops import he_uniform
from tfcompat.init_ops import lecun_normal
from tfcompat.init_ops import lecun_uniform
from tfcompat.ops.lookup_ops import tables_initializer  # noqa: F401
from tfcompat.variables import global_variables_initializer as global_variables
from tfcompat.variables import local_variables_initializer as local_variables
from tfcompat.variables import variables_initializer as variables

__all__ = ["constant", "glorot_normal", "glorot_uniform", "identity", "ones", "orthogonal",
           "random_normal", "random_uniform", "truncated_normal", "uniform_unit_scaling",
           "variance_scaling", "zeros", "he_normal", "he_uniform", "lecun_normal",
           "lecun_uniform", "global_variables", "local_variables", "variables",
           "tables_initializer"]


from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("initializers", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('initializers', __name__)   # TF's names, not this module's imports

"""tfcompat: TensorFlow 1.x programs, running on PyTorch.

`import tfcompat as tf` gives the TF1 namespace: build a graph, run it in a `tf.Session`.
This module only re-exports; the implementation lives in framework/, ops/ and client/.
"""
from tfcompat import errors
from tfcompat import ops as _ops  # noqa: F401 - registers every op family
from tfcompat.client.config import ConfigProto
from tfcompat.client.config import GPUOptions
from tfcompat.client.config import GraphOptions
from tfcompat.client.config import OptimizerOptions
from tfcompat.client.config import RunMetadata
from tfcompat.client.config import RunOptions
from tfcompat.client.session import InteractiveSession
from tfcompat.client.session import Session
from tfcompat.client.session import get_default_session
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.convert import register_tensor_conversion_function
from tfcompat.framework.device import DeviceSpec
from tfcompat.framework.dtypes import *  # noqa: F401,F403 - tf.float32, tf.as_dtype, ...
from tfcompat.framework.dtypes import DType
from tfcompat.framework.dtypes import as_dtype
from tfcompat.framework.graph import Graph
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import add_to_collection
from tfcompat.framework.graph import add_to_collections
from tfcompat.framework.graph import colocate_with
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import device
from tfcompat.framework.graph import get_collection
from tfcompat.framework.graph import get_collection_ref
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.graph import reset_default_graph
from tfcompat.framework.operation import Operation
from tfcompat.framework.operation import Tensor
from tfcompat.framework.tensor_shape import Dimension
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value as get_static_value
from tfcompat.ops.array_ops import *  # noqa: F401,F403
from tfcompat.ops.array_ops import range  # noqa: A004
from tfcompat.ops.array_ops_join import *  # noqa: F401,F403
from tfcompat.ops.indexing_ops import boolean_mask
from tfcompat.ops.indexing_ops import gather
from tfcompat.ops.indexing_ops import gather_nd
from tfcompat.ops.indexing_ops import one_hot
from tfcompat.ops.indexing_ops import reverse
from tfcompat.ops.indexing_ops import sequence_mask
from tfcompat.ops.indexing_ops import slice  # noqa: A004
from tfcompat.ops.indexing_ops import strided_slice
from tfcompat.ops.indexing_ops import unique
from tfcompat.ops.indexing_ops import where
from tfcompat.ops.indexing_ops import where_v2
from tfcompat.ops.math_ops import *  # noqa: F401,F403
from tfcompat.ops.math_ops import abs  # noqa: A004
from tfcompat.ops.math_ops import pow  # noqa: A004
from tfcompat.ops.math_ops import round  # noqa: A004
from tfcompat.ops.random_ops import multinomial
from tfcompat.ops.random_ops import random_normal
from tfcompat.ops.random_ops import random_shuffle
from tfcompat.ops.random_ops import random_uniform
from tfcompat.ops.random_ops import set_random_seed
from tfcompat.ops.random_ops import truncated_normal
from tfcompat.ops.reduction_ops import *  # noqa: F401,F403

newaxis = None
__version__ = "1.15.5"
VERSION = __version__
GIT_VERSION = "tfcompat-0.1.0"
COMPILER_VERSION = "torch"
tfcompat_version = "0.1.0"

# pre-1.0 and TF1 aliases (one table, six-style)
from tfcompat._aliases import install as _install_aliases  # noqa: E402

_install_aliases(globals())

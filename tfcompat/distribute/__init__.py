"""`tf.distribute`: strategies (strategy.py), their value types (options.py) and the cluster
resolvers (cluster_resolver.py). The internals comm.py and collective_ops.py run several
processes on torch.distributed: the process group and the collective ops behind
`tfcompat.horovod` and `tf.train.SyncReplicasOptimizer`."""
from __future__ import annotations

from tfcompat.distribute import cluster_resolver  # noqa: F401
from tfcompat.distribute.options import CrossDeviceOps  # noqa: F401
from tfcompat.distribute.options import HierarchicalCopyAllReduce  # noqa: F401
from tfcompat.distribute.options import InputContext  # noqa: F401
from tfcompat.distribute.options import InputReplicationMode  # noqa: F401
from tfcompat.distribute.options import NcclAllReduce  # noqa: F401
from tfcompat.distribute.options import ReduceOp  # noqa: F401
from tfcompat.distribute.options import ReductionToOneDevice  # noqa: F401
from tfcompat.distribute.options import RunOptions  # noqa: F401
from tfcompat.distribute.strategy import MirroredStrategy  # noqa: F401
from tfcompat.distribute.strategy import OneDeviceStrategy  # noqa: F401
from tfcompat.distribute.strategy import ReplicaContext  # noqa: F401
from tfcompat.distribute.strategy import Strategy  # noqa: F401
from tfcompat.distribute.strategy import StrategyExtended  # noqa: F401
from tfcompat.distribute.strategy import experimental_set_strategy  # noqa: F401
from tfcompat.distribute.strategy import get_loss_reduction  # noqa: F401
from tfcompat.distribute.strategy import get_replica_context  # noqa: F401
from tfcompat.distribute.strategy import get_strategy  # noqa: F401
from tfcompat.distribute.strategy import has_strategy  # noqa: F401
from tfcompat.distribute.strategy import in_cross_replica_context  # noqa: F401
from tfcompat.train.server_lib import Server  # noqa: F401
from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("distribute", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('distribute', __name__)   # TF's names, not this module's imports

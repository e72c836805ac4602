"""Several processes on torch.distributed: the process group (comm.py) and the collective ops
(collective_ops.py) behind `tfcompat.horovod` and `tf.train.SyncReplicasOptimizer`."""
from __future__ import annotations

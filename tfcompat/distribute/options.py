"""`tf.distribute`'s small value types: `ReduceOp`, `InputReplicationMode`, `InputContext`,
`RunOptions`, and the cross-device reduction classes (`CrossDeviceOps` and its NCCL,
hierarchical-copy and one-device implementations). With one replica per process (see
strategy.py) every per-replica value has one component, so a reduction is that component,
copied onto the destination device.
"""
from __future__ import annotations

import collections
import enum

from tfcompat.framework import graph as graph_lib
from tfcompat.variables import VariableAggregation
from tfcompat.ops import array_ops
from tfcompat.ops.control_flow_nest import map_structure

__all__ = ["ReduceOp", "InputReplicationMode", "InputContext", "RunOptions", "CrossDeviceOps",
           "ReductionToOneDevice", "NcclAllReduce", "HierarchicalCopyAllReduce"]


class ReduceOp(enum.Enum):
    """How values of the replicas combine: "SUM" or "MEAN"."""

    SUM = "SUM"
    MEAN = "MEAN"

    @staticmethod
    def from_variable_aggregation(aggregation):
        mapping = {VariableAggregation.SUM: ReduceOp.SUM, VariableAggregation.MEAN: ReduceOp.MEAN}
        if aggregation not in mapping:
            raise ValueError("Could not convert from `tf.VariableAggregation` %s to "
                             "`tf.distribute.ReduceOp` type" % aggregation)
        return mapping[aggregation]


class InputReplicationMode(enum.Enum):
    PER_WORKER = "PER_WORKER"
    PER_REPLICA = "PER_REPLICA"


class InputContext:
    """What an input function is told: how many input pipelines, which one this is, and how
    many replicas read from them."""

    def __init__(self, num_input_pipelines=1, input_pipeline_id=0, num_replicas_in_sync=1):
        self._num_input_pipelines = num_input_pipelines
        self._input_pipeline_id = input_pipeline_id
        self._num_replicas_in_sync = num_replicas_in_sync

    num_input_pipelines = property(lambda self: self._num_input_pipelines)
    input_pipeline_id = property(lambda self: self._input_pipeline_id)
    num_replicas_in_sync = property(lambda self: self._num_replicas_in_sync)

    def get_per_replica_batch_size(self, global_batch_size):
        if global_batch_size % self._num_replicas_in_sync != 0:
            raise ValueError("The `global_batch_size` %r is not divisible by "
                             "`num_replicas_in_sync` %r " %
                             (global_batch_size, self._num_replicas_in_sync))
        return global_batch_size // self._num_replicas_in_sync

    def __str__(self):
        return "tf.distribute.InputContext(input pipeline id {}, total: {})".format(
            self.input_pipeline_id, self.num_input_pipelines)


class RunOptions(collections.namedtuple(
        "RunOptions", ["experimental_enable_dynamic_batch_size",
                       "experimental_bucketizing_dynamic_shape", "experimental_xla_options"])):
    """Options of `Strategy.run` (TPU-oriented; accepted and ignored by one local replica)."""

    def __new__(cls, experimental_enable_dynamic_batch_size=True,
                experimental_bucketizing_dynamic_shape=False, experimental_xla_options=None):
        return super().__new__(cls, experimental_enable_dynamic_batch_size,
                               experimental_bucketizing_dynamic_shape, experimental_xla_options)


def _destination_device(destinations):
    device = getattr(destinations, "device", destinations)
    if isinstance(device, (list, tuple)):
        device = device[0] if device else None
    if device is None or device == "":
        raise ValueError("destinations can not be empty")
    return device


class CrossDeviceOps:
    """Combines per-replica values onto destinations (one replica: copies its value)."""

    def reduce(self, reduce_op, per_replica_value, destinations, options=None):
        ReduceOp(reduce_op)
        return self.reduce_implementation(reduce_op, per_replica_value, destinations, options)

    def batch_reduce(self, reduce_op, value_destination_pairs, options=None):
        ReduceOp(reduce_op)
        return self.batch_reduce_implementation(reduce_op, value_destination_pairs, options)

    def broadcast(self, tensor, destinations):
        return self.broadcast_implementation(tensor, destinations)

    def reduce_implementation(self, reduce_op, per_replica_value, destinations, options):
        with graph_lib.device(_destination_device(destinations)):
            return map_structure(array_ops.identity, per_replica_value)

    def batch_reduce_implementation(self, reduce_op, value_destination_pairs, options):
        return [self.reduce_implementation(reduce_op, v, d, options)
                for v, d in value_destination_pairs]

    def broadcast_implementation(self, tensor, destinations):
        with graph_lib.device(_destination_device(destinations)):
            return map_structure(array_ops.identity, tensor)


class ReductionToOneDevice(CrossDeviceOps):
    """Reduces on one device (`reduce_to_device`), then copies to the destinations."""

    def __init__(self, reduce_to_device=None, accumulation_fn=None):
        self.reduce_to_device = reduce_to_device
        self.accumulation_fn = accumulation_fn


class NcclAllReduce(CrossDeviceOps):
    """TF's NCCL all-reduce between local GPUs (one replica: nothing to exchange)."""

    def __init__(self, num_packs=1):
        if num_packs < 0:
            raise ValueError("NCCL all-reduce requires num_packs >= 0, but {} is specified"
                             .format(num_packs))
        self.num_packs = num_packs


class HierarchicalCopyAllReduce(CrossDeviceOps):
    """TF's hierarchical copy all-reduce for DGX-1-like GPU topologies."""

    def __init__(self, num_packs=1):
        self.num_packs = num_packs

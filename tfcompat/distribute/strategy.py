"""`tf.distribute` strategies in TF1 graph mode, in one process: the default strategy,
`OneDeviceStrategy` and `MirroredStrategy` over the local devices torch sees.

A strategy runs `fn` once per replica (`run`), in a `ReplicaContext`, and combines per-replica
values in the cross-replica context (`reduce`, `extended.reduce_to`). Within one process
tfcompat runs one replica: `MirroredStrategy()` on a machine with one GPU (or none) mirrors over
that device. Several GPUs in one process (TF's in-graph replication) are not implemented:
`MirroredStrategy` given several devices raises ValueError naming the one-process-per-GPU
alternative (torchrun with `tfcompat.horovod`), whose all-reduce training is the same
computation.
"""
from __future__ import annotations

import contextlib
import threading

from tfcompat.client.context import CONTEXT as _CONTEXT
from tfcompat.distribute.options import InputContext
from tfcompat.distribute.options import InputReplicationMode
from tfcompat.distribute.options import ReduceOp
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.device import DeviceSpec
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops.control_flow_nest import flatten
from tfcompat.ops.control_flow_nest import map_structure
from tfcompat.ops.control_flow_ops import group as _group
from tfcompat.data import Dataset

__all__ = ["Strategy", "StrategyExtended", "ReplicaContext", "OneDeviceStrategy",
           "MirroredStrategy", "get_strategy", "has_strategy", "in_cross_replica_context",
           "get_replica_context", "experimental_set_strategy", "get_loss_reduction"]

_MULTI_DEVICE = (
    "tfcompat runs one replica per process, so MirroredStrategy takes one device (got %s). "
    "To train on several GPUs, launch one process per GPU with `torchrun --nproc_per_node=N` "
    "and use tfcompat.horovod (hvd.DistributedOptimizer all-reduces the gradients, as "
    "MirroredStrategy does), or pass devices=['/gpu:0'].")


# -- the context stack -------------------------------------------------------------------------

class _Stack(threading.local):
    """Per thread: [(strategy, replica context or None)], innermost last."""

    def __init__(self):
        self.entries = []


_STACK = _Stack()
_GLOBAL = [None]            # experimental_set_strategy's strategy


def _current():
    if _STACK.entries:
        return _STACK.entries[-1]
    if _GLOBAL[0] is not None:
        return (_GLOBAL[0], None)
    return (_DEFAULT_STRATEGY, _DEFAULT_REPLICA_CONTEXT)


def get_strategy():
    """The strategy of the innermost `scope()` (or `run`), else the default strategy."""
    return _current()[0]


def has_strategy():
    return get_strategy() is not _DEFAULT_STRATEGY


def in_cross_replica_context():
    """True inside a non-default strategy's `scope()` but outside its replica function."""
    strategy, replica = _current()
    return replica is None and strategy is not _DEFAULT_STRATEGY


def get_replica_context():
    """The replica context of the function `run` is running; None in cross-replica
    context; the default replica context outside any strategy."""
    return _current()[1]


def experimental_set_strategy(strategy):
    """Makes `strategy` (None: the default) current outside any `scope()`, for this process."""
    if _STACK.entries:
        raise RuntimeError("Must not be called inside a `tf.distribute.Strategy` scope.")
    _GLOBAL[0] = strategy


def get_loss_reduction():
    """How losses combine across replicas: SUM (TF's answer outside Estimator)."""
    return ReduceOp.SUM


@contextlib.contextmanager
def _entered(strategy, replica_context):
    _STACK.entries.append((strategy, replica_context))
    try:
        yield
    finally:
        _STACK.entries.pop()


# -- replica context ---------------------------------------------------------------------------

class ReplicaContext:
    """What `fn` sees while `Strategy.run` calls it: its replica id, `all_reduce`,
    `merge_call` into the cross-replica context."""

    def __init__(self, strategy, replica_id_in_sync_group):
        self._strategy = strategy
        self._replica_id = replica_id_in_sync_group

    @property
    def strategy(self):
        return self._strategy

    @property
    def num_replicas_in_sync(self):
        return self._strategy.num_replicas_in_sync

    @property
    def replica_id_in_sync_group(self):
        return self._replica_id

    @property
    def devices(self):
        return self._strategy.extended.worker_devices[:1]

    def merge_call(self, merge_fn, args=(), kwargs=None):
        """Calls merge_fn(strategy, *args, **kwargs) in the cross-replica context (with one
        replica, per-replica values are the values themselves)."""
        with _entered(self._strategy, None):
            return merge_fn(self._strategy, *args, **(kwargs or {}))

    def all_reduce(self, reduce_op, value, options=None):
        """`value` (a nest of tensors) combined over the replicas, in every replica."""
        ReduceOp(reduce_op)
        return map_structure(array_ops.identity, value)


# -- extended ----------------------------------------------------------------------------------

class StrategyExtended:
    """The parts of a strategy that libraries use (`tf.distribute.Strategy.extended`)."""

    def __init__(self, container_strategy, devices):
        self._container = container_strategy
        self._devices = tuple(devices)
        self._created_vars = set()
        self._open_scopes = []      # the variable names that existed when each scope opened

    worker_devices = property(lambda self: self._devices)
    parameter_devices = property(lambda self: self._devices)
    experimental_between_graph = property(lambda self: False)
    experimental_should_init = property(lambda self: True)
    should_checkpoint = property(lambda self: True)
    should_save_summary = property(lambda self: True)
    experimental_require_static_shapes = property(lambda self: False)

    def non_slot_devices(self, var_list):
        return self._devices

    def variable_created_in_scope(self, v):
        """True for a variable made inside this strategy's `scope()` (so far or now)."""
        if v.name in self._created_vars:
            return True
        return bool(self._open_scopes) and v.name not in self._open_scopes[0]

    def colocate_vars_with(self, colocate_with_variable):
        return graph_lib.colocate_with(colocate_with_variable)

    def read_var(self, v):
        return array_ops.identity(v)

    def value_container(self, value):
        return value

    def reduce_to(self, reduce_op, value, destinations, options=None):
        """`value` combined over the replicas onto `destinations` (one replica: itself)."""
        ReduceOp(reduce_op)
        return value

    def batch_reduce_to(self, reduce_op, value_destination_pairs, options=None):
        return [self.reduce_to(reduce_op, v, d, options) for v, d in value_destination_pairs]

    def broadcast_to(self, tensor, destinations):
        return tensor

    def call_for_each_replica(self, fn, args=(), kwargs=None):
        return self._container.run(fn, args=args, kwargs=kwargs)

    def update(self, var, fn, args=(), kwargs=None, group=True):
        """fn(var, *args, **kwargs) next to `var` (for each of its copies: here, one)."""
        with graph_lib.colocate_with(var):
            return fn(var, *args, **(kwargs or {}))

    def update_non_slot(self, colocate_with, fn, args=(), kwargs=None, group=True):
        return fn(*args, **(kwargs or {}))

    def experimental_make_numpy_dataset(self, numpy_input, session=None):

        return Dataset.from_tensor_slices(numpy_input)


class _DefaultExtended(StrategyExtended):
    """The default strategy places nothing: its device lists are not defined (as in TF)."""

    @property
    def worker_devices(self):
        raise RuntimeError("worker_devices() method unsupported by default "
                           "tf.distribute.Strategy.")

    @property
    def parameter_devices(self):
        raise RuntimeError("parameter_devices() method unsupported by default "
                           "tf.distribute.Strategy.")

    def non_slot_devices(self, var_list):
        return min(var_list, key=lambda v: v.name)

    def variable_created_in_scope(self, v):
        return True     # TF: any variable not made under another strategy


# -- strategies --------------------------------------------------------------------------------

class _DistributedIterator:
    """`make_dataset_iterator`'s iterator: `initialize()` ops and `get_next()` (one replica:
    the dataset's own batches)."""

    def __init__(self, dataset):
        self._iterator = dataset.make_initializable_iterator()

    def initialize(self):
        return self._iterator.initializer

    @property
    def initializer(self):
        return self._iterator.initializer

    def get_next(self, name=None):
        return self._iterator.get_next(name=name)


class Strategy:
    """TF1 `tf.distribute.Strategy`: `scope()` for building the model, `run(fn)` per replica,
    `reduce` to combine per-replica results."""

    def __init__(self, extended):
        self._extended = extended

    extended = property(lambda self: self._extended)
    num_replicas_in_sync = property(lambda self: 1)
    cluster_resolver = property(lambda self: None)

    def _device_scope(self):
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def scope(self):
        """Makes this the current strategy; variables made here belong to it."""
        strategy, _ = _current()
        if _STACK.entries and strategy is not self and strategy is not _DEFAULT_STRATEGY:
            raise RuntimeError("Mixing different tf.distribute.Strategy objects: %s is not %s"
                               % (strategy, self))
        graph = graph_lib.get_default_graph()
        before = {v.name for v in graph.get_collection(graph_lib.GraphKeys.GLOBAL_VARIABLES)}
        self._extended._open_scopes.append(before)
        try:
            with _entered(self, None), self._device_scope():
                yield self
        finally:
            self._extended._open_scopes.pop()
            self._extended._created_vars.update(
                v.name for v in graph.get_collection(graph_lib.GraphKeys.GLOBAL_VARIABLES)
                if v.name not in before)

    def run(self, fn, args=(), kwargs=None, options=None):
        """fn(*args, **kwargs) in each replica's context (and on its device); its results."""
        replica = ReplicaContext(self, self._replica_id(0))
        with _entered(self, replica), self._device_scope():
            return fn(*args, **(kwargs or {}))

    def _replica_id(self, index):
        return array_ops.constant(index, dtypes.int32, name="replica_id_in_sync_group")

    def experimental_run(self, fn, input_iterator=None):
        args = () if input_iterator is None else (input_iterator.get_next(),)
        return self.run(fn, args=args)

    def reduce(self, reduce_op, value, axis=None):
        """Per-replica `value` combined over replicas (and over `axis` of each, when given)."""
        reduce_op = ReduceOp(reduce_op)
        if axis is None:
            return self._extended.reduce_to(reduce_op, value, self._extended._devices)
        if reduce_op == ReduceOp.SUM:
            return reduction_ops.reduce_sum(value, axis=axis)
        total = reduction_ops.reduce_sum(value, axis=axis)
        count = math_ops.cast(array_ops.shape(value)[axis], total.dtype)
        return math_ops.truediv(total, count)

    def experimental_local_results(self, value):
        return (value,)

    def unwrap(self, value):
        return (value,)

    def group(self, value, name=None):
        return _group(*flatten(value), name=name)

    def colocate_vars_with(self, colocate_with_variable):
        return self._extended.colocate_vars_with(colocate_with_variable)

    def make_dataset_iterator(self, dataset):
        return _DistributedIterator(dataset)

    def make_input_fn_iterator(self, input_fn,
                               replication_mode=InputReplicationMode.PER_WORKER):
        if replication_mode != InputReplicationMode.PER_WORKER:
            raise ValueError("Input replication mode not supported: %r" % replication_mode)
        return _DistributedIterator(input_fn(InputContext(1, 0, self.num_replicas_in_sync)))

    def experimental_distribute_dataset(self, dataset, options=None):
        """The dataset each replica reads (one replica: `dataset` itself)."""
        return dataset

    def distribute_datasets_from_function(self, dataset_fn, options=None):
        return dataset_fn(InputContext(1, 0, self.num_replicas_in_sync))

    experimental_distribute_datasets_from_function = distribute_datasets_from_function

    def experimental_make_numpy_dataset(self, numpy_input, session=None):
        return self._extended.experimental_make_numpy_dataset(numpy_input, session)

    def configure(self, session_config=None, cluster_spec=None, task_type=None, task_id=None):
        """Nothing to configure for one local replica."""

    def update_config_proto(self, config_proto):
        return config_proto


class _DefaultStrategy(Strategy):
    def __init__(self):
        super().__init__(_DefaultExtended(self, ()))

    def _replica_id(self, index):
        return index

    @contextlib.contextmanager
    def scope(self):
        with _entered(self, _DEFAULT_REPLICA_CONTEXT):
            yield self

    def run(self, fn, args=(), kwargs=None, options=None):
        return fn(*args, **(kwargs or {}))


def _canonical(device):
    """'/cpu:0' -> '/replica:0/task:0/device:CPU:0' (TF's device names for a local worker)."""
    spec = DeviceSpec.from_string(device)
    return "/replica:0/task:0/device:%s:%d" % (spec.device_type or "CPU", spec.device_index or 0)


class OneDeviceStrategy(Strategy):
    """Everything on `device`: variables made in `scope()`, and the ops of `run`."""

    def __init__(self, device):
        super().__init__(StrategyExtended(self, [_canonical(device)]))

    def _device_scope(self):
        return graph_lib.device(self._extended.worker_devices[0])


class MirroredStrategy(OneDeviceStrategy):
    """TF's synchronous replication over local devices; tfcompat's is one device per process
    (by default the first GPU torch sees, else the CPU)."""

    def __init__(self, devices=None, cross_device_ops=None):
        if devices is None:
            gpus = [d for d in _CONTEXT.logical_devices() if d.device_type == "GPU"]
            devices = [gpus[0].name if gpus else "/device:CPU:0"]
        devices = list(devices)
        if len(devices) != 1:
            raise ValueError(_MULTI_DEVICE % (devices,))
        super().__init__(devices[0])
        self._cross_device_ops = cross_device_ops


_DEFAULT_STRATEGY = _DefaultStrategy()
_DEFAULT_REPLICA_CONTEXT = ReplicaContext(_DEFAULT_STRATEGY, 0)

"""Horovod's TensorFlow API (`import horovod.tensorflow as hvd`) on torch.distributed.

Launch with `torchrun --nproc_per_node=N script.py` (gloo on CPU, NCCL for CUDA tensors);
`hvd.init()` joins the job, `hvd.DistributedOptimizer` averages gradients across processes
with one fused all-reduce per dtype, and `hvd.BroadcastGlobalVariablesHook(0)` (or
`hvd.broadcast_global_variables(0)`) starts every process from rank 0's variables.

>>> import tfcompat.horovod as hvd
>>> hvd.init()
>>> opt = hvd.DistributedOptimizer(tf.train.AdamOptimizer(0.001 * hvd.size()))
>>> hooks = [hvd.BroadcastGlobalVariablesHook(0)]

Differences from Horovod: there is no MPI, timeline, autotuning, elastic mode or Adasum;
`device_dense`/`device_sparse` are accepted and ignored (collectives run where their input
lives); `backward_passes_per_step` > 1 is not supported. A worker that dies makes the others
fail with `tf.errors.InternalError` (see tfcompat/distribute/comm.py for the timeout).
"""
from __future__ import annotations

from tfcompat.distribute import collective_ops
from tfcompat.distribute import comm as _world
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.train.optimizer import Optimizer
from tfcompat.train.session_run_hook import SessionRunHook
from tfcompat.framework import convert
from tfcompat.ops.control_flow_ops import group
from tfcompat.ops.math_ops import cast
from tfcompat.ops.state_ops import assign
from tfcompat.variables import global_variables
from tfcompat.ops.math_ops import div

Average = "average"
Sum = "sum"
Min = "min"
Max = "max"
Product = "product"
Adasum = "adasum"


# -- the job ---------------------------------------------------------------------------------

def init(comm=None, process_sets=None):  # noqa: A002 - Horovod's signature
    """Joins the job that `torchrun` (or the RANK/WORLD_SIZE/MASTER_* environment) describes."""
    if comm is not None and not isinstance(comm, (list, tuple)):
        raise ValueError("tfcompat.horovod has no MPI: init(comm=...) is not supported")
    _world.init()


def shutdown():
    _world.shutdown()


def is_initialized():
    return _world.is_initialized()


def size():
    """The number of processes in the job."""
    return _world.world().size


def rank():
    """This process's rank, 0 .. size() - 1."""
    return _world.world().rank


def local_size():
    """The number of processes on this machine."""
    return _world.world().local_size


def local_rank():
    """This process's rank on this machine (use it to pick the GPU)."""
    return _world.world().local_rank


def cross_size():
    return _world.world().cross_size


def cross_rank():
    return _world.world().cross_rank


def is_homogeneous():
    return True


def mpi_threads_supported():
    return False


def mpi_enabled():
    return False


def mpi_built():
    return False


def gloo_enabled():
    return True


def gloo_built():
    return True


def nccl_built():
    import torch
    return int(torch.cuda.is_available() and torch.distributed.is_nccl_available())


def ddl_built():
    return False


def ccl_built():
    return False


def cuda_built():
    import torch
    return torch.cuda.is_available()


def rocm_built():
    return False


def start_timeline(file_path, mark_cycles=False):
    """Accepted and ignored: use torch.profiler for timelines."""


def stop_timeline():
    """Accepted and ignored."""


# -- collectives -----------------------------------------------------------------------------

class Compression:
    """Gradient compression for the all-reduce: `none`, or `fp16` (halves the bytes sent)."""

    class none:  # noqa: N801 - Horovod's name
        @staticmethod
        def compress(tensor):
            return tensor, None

        @staticmethod
        def decompress(tensor, ctx):
            return tensor

    class fp16:  # noqa: N801 - Horovod's name
        @staticmethod
        def compress(tensor):
            if tensor.dtype.base_dtype.is_floating and tensor.dtype.base_dtype != dtypes.float16:
                return cast(tensor, dtypes.float16), tensor.dtype.base_dtype
            return tensor, None

        @staticmethod
        def decompress(tensor, ctx):
            return tensor if ctx is None else cast(tensor, ctx)


def _reduce_op(average, op):
    if average is not None and op is not None:
        raise ValueError("The op parameter supersedes average. Please provide only one of "
                         "them.")
    if op is None:
        op = Sum if average is False else Average
    if op == Adasum:
        raise NotImplementedError("tfcompat.horovod does not implement Adasum; use "
                                  "hvd.Average")
    if op not in collective_ops.REDUCE_OPS:
        raise ValueError("unknown reduction op %r" % (op,))
    return op


def allreduce(tensor, average=None, device_dense="", device_sparse="",
              compression=Compression.none, op=None, prescale_factor=1.0,
              postscale_factor=1.0, name=None, process_set=None, ignore_name_scope=False):
    """The reduction (average by default) of `tensor` over all processes. An IndexedSlices
    is all-gathered (values and indices), as Horovod does."""
    op = _reduce_op(average, op)
    if isinstance(tensor, IndexedSlices):
        values = allgather(tensor.values)
        indices = allgather(tensor.indices)
        if op == Average:
            values = div(values, float(size()))
        return IndexedSlices(values, indices, dense_shape=tensor.dense_shape)
    compressed, ctx = compression.compress(tensor)
    reduced = collective_ops.allreduce(compressed, op, prescale_factor, postscale_factor,
                                       name=name)
    return compression.decompress(reduced, ctx)


def grouped_allreduce(tensors, average=None, device_dense="", device_sparse="",
                      compression=Compression.none, op=None, prescale_factor=1.0,
                      postscale_factor=1.0, process_set=None, name=None):
    """`allreduce` of every tensor in the list, fused into one collective per dtype."""
    op = _reduce_op(average, op)
    dense = [i for i, t in enumerate(tensors) if not isinstance(t, IndexedSlices)]
    results = list(tensors)
    for i, t in enumerate(tensors):
        if isinstance(t, IndexedSlices):
            results[i] = allreduce(t, op=op)
    packed = [compression.compress(tensors[i]) for i in dense]
    reduced = collective_ops.grouped_allreduce([c for c, _ in packed], op, prescale_factor,
                                               postscale_factor, name=name)
    for i, r, (_, ctx) in zip(dense, reduced, packed):
        results[i] = compression.decompress(r, ctx)
    return results


def allgather(tensor, name=None, ignore_name_scope=False, process_set=None):
    """Every process's `tensor`, concatenated along the first dimension in rank order."""
    return collective_ops.allgather(tensor, name=name)


def broadcast(tensor, root_rank, name=None, ignore_name_scope=False, process_set=None):
    """`tensor` as process `root_rank` has it."""
    return collective_ops.broadcast(tensor, root_rank, name=name)


def broadcast_variables(variables, root_rank):
    """An op assigning every variable its value on process `root_rank`."""
    return group(*[assign(v, broadcast(v, root_rank)) for v in variables])


def broadcast_global_variables(root_rank):
    """`broadcast_variables` over `tf.global_variables()`."""
    return broadcast_variables(global_variables(), root_rank)


class BroadcastGlobalVariablesHook(SessionRunHook):
    """Broadcasts the global variables from `root_rank` once the session is created, so
    every process starts from the same (possibly restored) values."""

    def __init__(self, root_rank, device=""):
        super().__init__()
        self.root_rank = root_rank
        self.device = device
        self.bcast_op = None

    def begin(self):
        graph = graph_lib.get_default_graph()
        if self.bcast_op is None or self.bcast_op.graph is not graph:
            with graph.device(self.device):
                self.bcast_op = broadcast_global_variables(self.root_rank)

    def after_create_session(self, session, coord):
        session.run(self.bcast_op)


# -- the optimizer -------------------------------------------------------------------------

class DistributedOptimizer(Optimizer):
    """Wraps a `tf.train.Optimizer`: `compute_gradients` averages the gradients over all
    processes (one fused all-reduce) before `apply_gradients` applies them."""

    def __init__(self, optimizer, name=None, use_locking=False, device_dense="",
                 device_sparse="", compression=Compression.none, sparse_as_dense=False,
                 backward_passes_per_step=1, op=Average, gradient_predivide_factor=1.0,
                 average_aggregated_gradients=False, num_groups=0, groups=None,
                 process_set=None, scale_local_gradients=True):
        if name is None:
            name = "Distributed%s" % type(optimizer).__name__
        super().__init__(use_locking=use_locking, name=name)
        if backward_passes_per_step != 1:
            raise NotImplementedError("tfcompat.horovod.DistributedOptimizer does not support "
                                      "backward_passes_per_step > 1")
        self._optimizer = optimizer
        self._compression = compression
        self._sparse_as_dense = sparse_as_dense
        self._op = _reduce_op(None, op)
        self._predivide = float(gradient_predivide_factor)

    def compute_gradients(self, *args, **kwargs):
        """The wrapped optimizer's gradients, reduced over all processes."""
        grads_and_vars = self._optimizer.compute_gradients(*args, **kwargs)
        if size() <= 1:
            return grads_and_vars
        with graph_lib.name_scope(self._name + "_Allreduce"):
            return list(zip(self._allreduce(g for g, _ in grads_and_vars),
                            [v for _, v in grads_and_vars]))

    def _allreduce(self, grads):
        grads = list(grads)
        if self._sparse_as_dense:
            grads = [convert.convert_to_tensor(g) if isinstance(g, IndexedSlices) else g
                     for g in grads]
        present = [i for i, g in enumerate(grads) if g is not None]
        prescale = postscale = 1.0
        op = self._op
        if self._predivide != 1.0 and op == Average:
            op, prescale, postscale = Sum, 1.0 / self._predivide, self._predivide / size()
        reduced = grouped_allreduce([grads[i] for i in present], op=op,
                                    compression=self._compression,
                                    prescale_factor=prescale, postscale_factor=postscale)
        for i, r in zip(present, reduced):
            grads[i] = r
        return grads

    def apply_gradients(self, *args, **kwargs):
        return self._optimizer.apply_gradients(*args, **kwargs)

    def get_slot(self, *args, **kwargs):
        return self._optimizer.get_slot(*args, **kwargs)

    def get_slot_names(self, *args, **kwargs):
        return self._optimizer.get_slot_names(*args, **kwargs)

    def variables(self, *args, **kwargs):
        return self._optimizer.variables(*args, **kwargs)


__all__ = ["init", "shutdown", "is_initialized", "size", "rank", "local_size", "local_rank",
           "cross_size", "cross_rank", "allreduce", "grouped_allreduce", "allgather",
           "broadcast", "broadcast_variables", "broadcast_global_variables",
           "BroadcastGlobalVariablesHook", "DistributedOptimizer", "Compression", "Average",
           "Sum", "Min", "Max", "Product", "Adasum"]

"""`tf.train.SyncReplicasOptimizer`, mapped onto all-reduce.

In TF the workers push gradients to accumulators on parameter servers and the chief applies
their average. tfcompat has no parameter servers: every process (launched by `torchrun`)
averages the gradients with one all-reduce (as `tfcompat.horovod.DistributedOptimizer`) and
applies them to its own copy of the variables, which stay identical because
`make_session_run_hook` broadcasts the chief's values when the session starts.

Differences from TensorFlow: gradients are averaged over all processes, so
`replicas_to_aggregate` must equal the number of processes (no backup workers); the token
queue, `get_chief_queue_runner` and staleness checks do not exist (the step is synchronous).
"""
from __future__ import annotations

from tfcompat import tf_logging as logging
from tfcompat.distribute import comm
from tfcompat.framework import graph as graph_lib
from tfcompat.train.optimizer import Optimizer
from tfcompat.train.session_run_hook import SessionRunHook
from tfcompat.distribute import collective_ops
from tfcompat.framework import convert
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.ops.array_ops import no_op
from tfcompat.ops.control_flow_ops import group
from tfcompat.variables import global_variables
from tfcompat.variables import report_uninitialized_variables
from tfcompat.horovod import broadcast_global_variables


class SyncReplicasOptimizer(Optimizer):
    """Wraps an optimizer so that each step applies the gradients averaged over replicas."""

    def __init__(self, opt, replicas_to_aggregate, total_num_replicas=None,
                 variable_averages=None, variables_to_average=None, use_locking=False,
                 name="sync_replicas"):
        super().__init__(use_locking, name)
        comm.init()
        size = comm.world().size
        if total_num_replicas is None:
            total_num_replicas = replicas_to_aggregate
        if replicas_to_aggregate != size or total_num_replicas != size:
            logging.warning(
                "SyncReplicasOptimizer: replicas_to_aggregate=%s, total_num_replicas=%s, but "
                "tfcompat averages the gradients of all %d processes of this job at every "
                "step.", replicas_to_aggregate, total_num_replicas, size)
        logging.info("SyncReplicas enabled: replicas_to_aggregate=%s; total_num_replicas=%s",
                     replicas_to_aggregate, total_num_replicas)
        self._opt = opt
        self._replicas_to_aggregate = replicas_to_aggregate
        self._total_num_replicas = total_num_replicas
        self._variable_averages = variable_averages
        self._variables_to_average = variables_to_average
        self._gradients_applied = False
        self.chief_init_op = self.local_step_init_op = self.ready_for_local_init_op = None

    def compute_gradients(self, *args, **kwargs):
        return self._opt.compute_gradients(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """Averages the gradients over all processes, then applies them."""
        grads_and_vars = list(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("Must supply at least one variable")
        if global_step is None:
            raise ValueError("Global step is required to check staleness")
        if comm.world().size > 1:
            present = [i for i, (g, _) in enumerate(grads_and_vars) if g is not None]
            with graph_lib.name_scope(name or self._name):
                reduced = collective_ops.grouped_allreduce(
                    [_dense(grads_and_vars[i][0]) for i in present], "average")
            for i, g in zip(present, reduced):
                grads_and_vars[i] = (g, grads_and_vars[i][1])
        train_op = self._opt.apply_gradients(grads_and_vars, global_step=global_step, name=name)
        if self._variable_averages is not None:
            graph = graph_lib.get_default_graph()
            with graph.control_dependencies([train_op]):
                train_op = group(self._variable_averages.apply(self._variables_to_average))
        self._gradients_applied = True
        self.chief_init_op = self.local_step_init_op = no_op(name="sync_replicas_init")
        self.ready_for_local_init_op = report_uninitialized_variables(global_variables())
        return train_op

    def get_chief_queue_runner(self):
        raise NotImplementedError(
            "SyncReplicasOptimizer.get_chief_queue_runner: tfcompat has no token queue (the "
            "all-reduce is synchronous); use opt.make_session_run_hook(is_chief) with "
            "tf.train.MonitoredTrainingSession instead of a Supervisor.")

    def get_init_tokens_op(self, num_tokens=-1):
        """A no-op: there are no tokens to queue."""
        if not self._gradients_applied:
            raise ValueError("get_init_tokens_op() should be called after apply_gradients().")
        return no_op(name="sync_replicas_init_tokens")

    def get_slot(self, *args, **kwargs):
        return self._opt.get_slot(*args, **kwargs)

    def get_slot_names(self, *args, **kwargs):
        return self._opt.get_slot_names(*args, **kwargs)

    def variables(self):
        return self._opt.variables()

    def make_session_run_hook(self, is_chief, num_tokens=-1):
        """A hook that gives every process the chief's variables when the session starts."""
        return _SyncReplicasOptimizerHook(self, is_chief, num_tokens)


def _dense(grad):
    return convert.convert_to_tensor(grad) if isinstance(grad, IndexedSlices) else grad


class _SyncReplicasOptimizerHook(SessionRunHook):
    def __init__(self, sync_optimizer, is_chief, num_tokens):
        self._sync_optimizer = sync_optimizer
        self._is_chief = is_chief
        self._num_tokens = num_tokens
        self._bcast_op = None

    def begin(self):
        if not self._sync_optimizer._gradients_applied:
            raise ValueError("SyncReplicasOptimizer.apply_gradient should be called before "
                             "using the hook.")
        if comm.world().size > 1:
            self._bcast_op = broadcast_global_variables(0)

    def after_create_session(self, session, coord):
        if self._bcast_op is not None:
            session.run(self._bcast_op)


__all__ = ["SyncReplicasOptimizer"]

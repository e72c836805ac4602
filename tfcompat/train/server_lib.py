"""`tf.train.ClusterSpec`, `tf.train.Server` and `tf.train.replica_device_setter`.

tfcompat does not run TensorFlow's distributed runtime (gRPC servers, parameter servers,
between-graph replication). A `ClusterSpec` can still be built and inspected (scripts parse
their flags into one) and `replica_device_setter` places a graph's ops as TF does, but starting
a `Server` fails with `UnimplementedError` saying how to move to data-parallel all-reduce, and a
session refuses ops placed on a `/job:ps` task (client/placement.py), as TF's local one does.
"""
from __future__ import annotations

from tfcompat import errors
from tfcompat import tf_logging as logging
from tfcompat.framework.device import DeviceSpec
from tfcompat.train.cluster_def import ClusterDef

PS_MESSAGE = (
    "tfcompat does not run TensorFlow's distributed runtime (tf.train.Server, parameter "
    "servers, gRPC workers). Train data-parallel with all-reduce instead: launch one process "
    "per worker with `torchrun --nproc_per_node=N script.py` (add --nnodes/--rdzv-endpoint for "
    "several machines), call `hvd.init()` (`import tfcompat.horovod as hvd`), wrap the "
    "optimizer in `hvd.DistributedOptimizer` (tf.train.SyncReplicasOptimizer also maps onto "
    "the same all-reduce), add `hvd.BroadcastGlobalVariablesHook(0)` to the session hooks, and "
    "drop the ClusterSpec/Server/replica_device_setter code.")


class ClusterSpec:
    """The jobs and task addresses of a TF cluster (kept for scripts that build one)."""

    def __init__(self, cluster):
        if isinstance(cluster, ClusterSpec):
            cluster = cluster.as_dict()
        if type(cluster).__name__ == "ClusterDef":  # tf.train.ClusterDef (cluster_def.py)
            cluster = {job.name: dict(job.tasks) for job in cluster.job}
        if not isinstance(cluster, dict):
            raise TypeError("`cluster` must be a dictionary mapping one or more job names to "
                            "lists of network addresses, or a `ClusterDef` protocol buffer")
        self._cluster_spec = {}
        for job_name, tasks in cluster.items():
            if isinstance(tasks, (list, tuple)):
                self._cluster_spec[job_name] = dict(enumerate(tasks))
            elif isinstance(tasks, dict):
                self._cluster_spec[job_name] = {int(i): t for i, t in tasks.items()}
            else:
                raise TypeError("The tasks for job %r must be a list or a dictionary from "
                                "integers to strings." % job_name)

    def __bool__(self):
        return bool(self._cluster_spec)

    def as_cluster_def(self):
        """The cluster as a `tf.train.ClusterDef` (jobs sorted by name, as TF writes it)."""
        cluster = ClusterDef()
        for name in sorted(self._cluster_spec):
            job = cluster.job.add(name=name)
            for index, address in sorted(self._cluster_spec[name].items()):
                job.tasks[index] = address
        return cluster

    def __eq__(self, other):
        return self._cluster_spec == getattr(other, "_cluster_spec", other)

    def __repr__(self):
        d = self.as_dict()
        return "ClusterSpec({" + ", ".join(repr(k) + ": " + repr(d[k]) for k in sorted(d)) + "})"

    def as_dict(self):
        out = {}
        for job in self.jobs:
            indices = self.task_indices(job)
            if indices and max(indices) + 1 == len(indices):
                out[job] = self.job_tasks(job)
            else:
                out[job] = {i: self.task_address(job, i) for i in indices}
        return out

    @property
    def jobs(self):
        return list(self._cluster_spec.keys())

    def _job(self, job_name):
        try:
            return self._cluster_spec[job_name]
        except KeyError:
            raise ValueError("No such job in cluster: %r" % job_name) from None

    def num_tasks(self, job_name):
        return len(self._job(job_name))

    def task_indices(self, job_name):
        return sorted(self._job(job_name))

    def task_address(self, job_name, task_index):
        job = self._job(job_name)
        if task_index not in job:
            raise ValueError("No task with index %r in job %r" % (task_index, job_name))
        return job[task_index]

    def job_tasks(self, job_name):
        job = self._job(job_name)
        tasks = [None] * (max(job) + 1 if job else 0)
        for i, address in job.items():
            tasks[i] = address
        return tasks


class Server:
    """Not supported: raises `UnimplementedError` pointing to the all-reduce path."""

    def __init__(self, server_or_cluster_def=None, job_name=None, task_index=None,
                 protocol=None, config=None, start=True):
        raise errors.UnimplementedError(None, None, "tf.train.Server: " + PS_MESSAGE)

    @staticmethod
    def create_local_server(config=None, start=True):
        raise errors.UnimplementedError(None, None,
                                        "tf.train.Server.create_local_server: " + PS_MESSAGE)


STANDARD_PS_OPS = ("Variable", "VariableV2", "AutoReloadVariable",
                   "MutableHashTable", "MutableHashTableV2",
                   "MutableHashTableOfTensors", "MutableHashTableOfTensorsV2",
                   "MutableDenseHashTable", "MutableDenseHashTableV2",
                   "VarHandleOp", "BoostedTreesEnsembleResourceHandleOp",
                   "BoostedTreesQuantileStreamResourceHandleOp",
                   "ResourceConditionalAccumulator",
                   "DecisionTreeResource")


class _RoundRobinStrategy:
    """The next ps task index, round robin (TF's default `ps_strategy`)."""

    def __init__(self, num_tasks):
        self._num_tasks = num_tasks
        self._next_task = 0

    def __call__(self, unused_op):
        task = self._next_task
        self._next_task = (self._next_task + 1) % self._num_tasks
        return task


class _ReplicaDeviceChooser:
    """TF's device function for replicated training: ps ops on a ps task, the rest on the
    worker device, merged with the devices the graph already asks for."""

    def __init__(self, ps_tasks, ps_device, worker_device, merge_devices, ps_ops,
                 ps_strategy):
        self._ps_tasks = ps_tasks
        self._ps_device = ps_device
        self._worker_device = worker_device
        self._merge_devices = merge_devices
        self._ps_ops = ps_ops
        self._ps_strategy = ps_strategy

    def device_function(self, op):
        if not self._merge_devices and op.device:
            return op.device
        current_device = DeviceSpec.from_string(op.device or "")
        if self._ps_tasks and self._ps_device and op.type in self._ps_ops:
            ps_device = DeviceSpec.from_string(self._ps_device)
            current_job, ps_job = current_device.job, ps_device.job
            if ps_job and (not current_job or current_job == ps_job):
                ps_device = ps_device.replace(task=self._ps_strategy(op))
            return ps_device.make_merged_spec(current_device).to_string()
        worker_device = DeviceSpec.from_string(self._worker_device or "")
        return worker_device.make_merged_spec(current_device).to_string()


def replica_device_setter(ps_tasks=0, ps_device="/job:ps", worker_device="/job:worker",
                          merge_devices=True, cluster=None, ps_ops=None, ps_strategy=None):
    """TF's device function placing variables on ps tasks (None when there are none).

    Graph building only: tfcompat runs no parameter servers, so a session refuses to run an
    op placed on a `/job:ps` (or any non-local job), as TF's local session does."""
    if cluster is not None:
        spec = cluster if isinstance(cluster, ClusterSpec) else ClusterSpec(cluster)
        cluster_spec = spec.as_dict()
        ps_job_name = DeviceSpec.from_string(ps_device).job
        if ps_job_name not in cluster_spec or cluster_spec[ps_job_name] is None:
            return None
        ps_tasks = len(cluster_spec[ps_job_name])
    if ps_tasks == 0:
        return None
    if ps_ops is None:
        ps_ops = list(STANDARD_PS_OPS)
    if not merge_devices:
        logging.warning("DEPRECATION: It is recommended to set merge_devices=true in "
                        "replica_device_setter")
    if ps_strategy is None:
        ps_strategy = _RoundRobinStrategy(ps_tasks)
    if not callable(ps_strategy):
        raise TypeError("ps_strategy must be callable")
    chooser = _ReplicaDeviceChooser(ps_tasks, ps_device, worker_device, merge_devices, ps_ops,
                                    ps_strategy)
    return chooser.device_function


__all__ = ["ClusterSpec", "Server", "replica_device_setter"]

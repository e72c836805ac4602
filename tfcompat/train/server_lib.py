"""`tf.train.ClusterSpec`, `tf.train.Server` and `tf.train.replica_device_setter`.

tfcompat does not run TensorFlow's distributed runtime (gRPC servers, parameter servers,
between-graph replication). A `ClusterSpec` can still be built and inspected (scripts parse
their flags into one), but starting a `Server`, or placing variables on a `/job:ps` task, fails
with `UnimplementedError` saying how to move to data-parallel all-reduce.
"""
from __future__ import annotations

from tfcompat import errors
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


def replica_device_setter(ps_tasks=0, ps_device="/job:ps", worker_device="/job:worker",
                          merge_devices=True, cluster=None, ps_ops=None, ps_strategy=None):
    """None (no placement) when there are no parameter-server tasks, as in TF; otherwise
    `UnimplementedError`, since tfcompat has no parameter servers."""
    if cluster is not None:
        spec = cluster if isinstance(cluster, ClusterSpec) else ClusterSpec(cluster)
        ps_tasks = spec.num_tasks("ps") if "ps" in spec.jobs else 0
    if ps_tasks == 0:
        return None
    raise errors.UnimplementedError(None, None, "tf.train.replica_device_setter: " + PS_MESSAGE)


__all__ = ["ClusterSpec", "Server", "replica_device_setter"]

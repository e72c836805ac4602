"""`tf.distribute.cluster_resolver`: where the tasks of a cluster are, from the environment.

Pure Python, as in TF: `SimpleClusterResolver` (given a ClusterSpec), `TFConfigClusterResolver`
(the `TF_CONFIG` JSON), `SlurmClusterResolver` (the `SLURM_*` variables of a job step) and
`UnionResolver` (several merged). They only describe a cluster: tfcompat runs no gRPC servers,
so a multi-worker job uses them to find its rank and peers (e.g. for torch.distributed), not
to connect sessions. `num_accelerators` counts the GPUs torch sees on this machine.
The TPU, GCE and Kubernetes resolvers need cloud client libraries and are not provided.
"""
from __future__ import annotations

import abc
import collections
import enum
import json
import os
import re
import subprocess

from tfcompat.client.context import CONTEXT as _CONTEXT
from tfcompat.train.server_lib import ClusterSpec

__all__ = ["ClusterResolver", "SimpleClusterResolver", "TFConfigClusterResolver",
           "SlurmClusterResolver", "UnionResolver", "KubernetesExecutableLocation"]


def format_master_url(master, rpc_layer=None):
    return "%s://%s" % (rpc_layer, master) if rpc_layer else master


class ClusterResolver(abc.ABC):
    """The interface: `cluster_spec()`, `master()`, `num_accelerators()`, the task's type and
    index, and the environment name."""

    @abc.abstractmethod
    def cluster_spec(self):
        raise NotImplementedError()

    @abc.abstractmethod
    def master(self, task_type=None, task_id=None, rpc_layer=None):
        raise NotImplementedError()

    def num_accelerators(self, task_type=None, task_id=None, config_proto=None):
        """{"GPU": n} for the GPUs visible on this machine (empty when none)."""
        mapping = collections.defaultdict(int)
        for device in _CONTEXT.logical_devices():
            if device.device_type != "CPU":
                mapping[device.device_type] += 1
        return mapping

    @property
    def environment(self):
        return ""

    @property
    def task_type(self):
        return getattr(self, "_task_type", None)

    @task_type.setter
    def task_type(self, task_type):
        self._task_type = task_type

    @property
    def task_id(self):
        return getattr(self, "_task_id", None)

    @task_id.setter
    def task_id(self, task_id):
        self._task_id = task_id


class SimpleClusterResolver(ClusterResolver):
    """A resolver that returns what it was given."""

    def __init__(self, cluster_spec, master="", task_type=None, task_id=None,
                 environment="", num_accelerators=None, rpc_layer=None):
        self._task_type = task_type
        self._task_id = task_id
        self._environment = environment
        self._num_accelerators = num_accelerators
        self._rpc_layer = rpc_layer
        if not isinstance(cluster_spec, ClusterSpec):
            raise TypeError("cluster_spec must be a `tf.train.ClusterSpec`.")
        self._cluster_spec = cluster_spec
        if not isinstance(master, str):
            raise TypeError("master must be a string.")
        self._master = master

    def cluster_spec(self):
        return self._cluster_spec

    def master(self, task_type=None, task_id=None, rpc_layer=None):
        if task_type is not None and task_id is not None:
            master = self.cluster_spec().task_address(task_type, task_id)
        else:
            master = self._master
        return format_master_url(master, rpc_layer=rpc_layer or self._rpc_layer)

    task_type = ClusterResolver.task_type
    task_id = ClusterResolver.task_id

    @property
    def environment(self):
        return self._environment

    def num_accelerators(self, task_type=None, task_id=None, config_proto=None):
        return {} if self._num_accelerators is None else self._num_accelerators

    @property
    def rpc_layer(self):
        return self._rpc_layer

    @rpc_layer.setter
    def rpc_layer(self, rpc_layer):
        self._rpc_layer = rpc_layer


class UnionResolver(ClusterResolver):
    """Merges the cluster specs of several resolvers; the first one answers the rest."""

    def __init__(self, *args, **kwargs):
        self._rpc_layer = kwargs.pop("rpc_layer", None)
        self._task_type = kwargs.pop("task_type", None)
        self._task_id = kwargs.pop("task_id", None)
        if kwargs:
            raise ValueError("Unexpected kwargs provided {!r}".format(kwargs))
        if not args:
            raise ValueError("At least one ClusterResolver is required.")
        if not all(isinstance(r, ClusterResolver) for r in args):
            raise TypeError("All arguments must be a sub-class of `ClusterResolver.`")
        self._cluster_resolvers = args

    def cluster_spec(self):
        dicts = [r.cluster_spec().as_dict() for r in self._cluster_resolvers]
        merged = {}
        for cluster in dicts:       # a job listed twice, or given as a dict, merges as a dict
            for job, tasks in cluster.items():
                merged[job] = {} if job in merged or not isinstance(tasks, list) else []
        for cluster in dicts:
            for job, tasks in cluster.items():
                if isinstance(merged[job], list):
                    merged[job].extend(tasks)
                    continue
                task_dict = dict(enumerate(tasks)) if isinstance(tasks, list) else dict(tasks)
                duplicates = set(task_dict) & set(merged[job])
                if duplicates:
                    raise KeyError("Duplicate keys detected when merging two ClusterSpecs: %s"
                                   % repr(duplicates))
                merged[job].update(task_dict)
        return ClusterSpec(merged)

    def master(self, task_type=None, task_id=None, rpc_layer=None):
        if task_type is not None and task_id is not None:
            master = self.cluster_spec().task_address(task_type, task_id)
            return format_master_url(master, rpc_layer or self._rpc_layer)
        return self._cluster_resolvers[0].master(rpc_layer=rpc_layer)

    @property
    def task_type(self):
        return self._task_type or self._cluster_resolvers[0].task_type

    @task_type.setter
    def task_type(self, task_type):
        self._task_type = task_type

    @property
    def task_id(self):
        return self._task_id or self._cluster_resolvers[0].task_id

    @task_id.setter
    def task_id(self, task_id):
        self._task_id = task_id

    @property
    def environment(self):
        return self._cluster_resolvers[0].environment

    def num_accelerators(self, task_type=None, task_id=None, config_proto=None):
        return self._cluster_resolvers[0].num_accelerators(task_type, task_id, config_proto)

    @property
    def rpc_layer(self):
        return self._rpc_layer or self._cluster_resolvers[0].rpc_layer

    @rpc_layer.setter
    def rpc_layer(self, rpc_layer):
        self._rpc_layer = rpc_layer


def _tf_config(key, default=None):
    return json.loads(os.environ.get("TF_CONFIG", "{}")).get(key, default)


class TFConfigClusterResolver(ClusterResolver):
    """The cluster, task and rpc layer of the `TF_CONFIG` environment variable (read on each
    call, as TF does)."""

    def __init__(self, task_type=None, task_id=None, rpc_layer=None, environment=None):
        self._task_type = task_type
        self._task_id = task_id
        self._rpc_layer = rpc_layer
        self._environment = environment

    @property
    def task_type(self):
        if self._task_type is None:
            task = _tf_config("task", {})
            return str(task["type"]) if "type" in task else None
        return str(self._task_type)

    @task_type.setter
    def task_type(self, task_type):
        self._task_type = task_type

    @property
    def task_id(self):
        if self._task_id is None:
            task = _tf_config("task", {})
            return int(task["index"]) if "index" in task else None
        return int(self._task_id)

    @task_id.setter
    def task_id(self, task_id):
        self._task_id = task_id

    @property
    def environment(self):
        return self._environment

    @property
    def rpc_layer(self):
        return _tf_config("rpc_layer") if self._rpc_layer is None else self._rpc_layer

    @rpc_layer.setter
    def rpc_layer(self, rpc_layer):
        self._rpc_layer = rpc_layer

    def cluster_spec(self):
        return ClusterSpec(_tf_config("cluster", {}))

    def master(self, task_type=None, task_id=None, rpc_layer=None):
        session_master = _tf_config("session_master")
        if session_master is not None:
            return session_master
        spec = self.cluster_spec()
        if not spec.jobs or (len(spec.jobs) == 1 and len(spec.job_tasks(spec.jobs[0])) == 1):
            return ""
        task_type = task_type if task_type is not None else self.task_type
        task_id = task_id if task_id is not None else self.task_id
        rpc_layer = rpc_layer if rpc_layer is not None else self.rpc_layer
        return format_master_url(spec.task_address(task_type, task_id), rpc_layer)


# -- Slurm -------------------------------------------------------------------------------------

def expand_hostlist(hostlist):
    """Slurm's compressed host list ("n[01-03],m5") as host names (TF's parser)."""
    def split_hostlist(text):
        in_brackets, cur = False, ""
        for c in text:
            if in_brackets:
                if c == "[":
                    raise ValueError("nested '['")
                in_brackets = c != "]"
            elif c == "[":
                in_brackets = True
            elif c == ",":
                if not cur:
                    raise ValueError("empty host name")
                yield cur
                cur = ""
                continue
            cur += c
        if cur:
            yield cur

    def expand_range(expression):
        for part in expression.split(","):
            bounds = part.split("-")
            if len(bounds) == 1:
                bounds = bounds * 2
            elif len(bounds) != 2:
                raise ValueError("bad range %r" % part)
            for i in range(int(bounds[0]), int(bounds[1]) + 1):
                yield str(i).zfill(len(bounds[0]))

    hosts = []
    try:
        for part in split_hostlist(hostlist):
            m = re.match(r"([^,[\]]*)(\[([^\]]+)\])?$", part)
            if m is None:
                raise ValueError("Invalid part: %s" % part)
            prefix = m.group(1) or ""
            hosts.extend([prefix] if m.group(3) is None
                         else (prefix + i for i in expand_range(m.group(3))))
    except Exception as e:  # noqa: BLE001 - TF reports any parse failure the same way
        raise ValueError('Invalid hostlist format "%s": %s' % (hostlist, e)) from e
    return hosts


def expand_tasks_per_node(tasks_per_node):
    """Slurm's "2(x3),1" as [2, 2, 2, 1]."""
    result = []
    try:
        for part in tasks_per_node.split(","):
            m = re.match(r"(\d+)(\(x(\d+)\))?$", part)
            if m is None:
                raise ValueError("bad entry %r" % part)
            result.extend([int(m.group(1))] * int(m.group(3) or 1))
    except Exception as e:  # noqa: BLE001
        raise ValueError('Invalid tasks-per-node list format "%s": %s'
                         % (tasks_per_node, e)) from e
    return result


def _slurm_var(name):
    name = "SLURM_" + name
    try:
        return os.environ[name]
    except KeyError:
        raise RuntimeError("%s not found in environment. Not running inside a SLURM step?"
                           % name) from None


def _num_gpus():
    """GPUs per node: CUDA_VISIBLE_DEVICES's count, else nvidia-smi's list (TF's rule)."""
    if "CUDA_VISIBLE_DEVICES" in os.environ:
        return len(os.environ["CUDA_VISIBLE_DEVICES"].split(","))
    try:
        output = subprocess.check_output(["nvidia-smi", "--list-gpus"], encoding="utf-8")
    except (subprocess.CalledProcessError, OSError) as e:
        raise RuntimeError("Could not get number of GPUs from nvidia-smi. Maybe it is "
                           "missing?\nOutput: %s" % getattr(e, "output", e)) from e
    return sum(line.startswith("GPU ") for line in output.strip().split("\n"))


class SlurmClusterResolver(ClusterResolver):
    """The cluster of a Slurm job step: one task per Slurm task, on ports `port_base`+i of each
    node, jobs filled in name order; sets CUDA_VISIBLE_DEVICES to this task's GPUs when
    `auto_set_gpu` (as TF does, when `cluster_spec()` is called)."""

    def __init__(self, jobs=None, port_base=8888, gpus_per_node=None, gpus_per_task=None,
                 tasks_per_node=None, auto_set_gpu=True, rpc_layer="grpc"):
        self._rank = int(_slurm_var("PROCID"))
        self._jobs = jobs if jobs is not None else {"worker": int(_slurm_var("STEP_NUM_TASKS"))}
        self._port_base = port_base
        if tasks_per_node is None:
            hosts = expand_hostlist(_slurm_var("STEP_NODELIST"))
            counts = expand_tasks_per_node(_slurm_var("STEP_TASKS_PER_NODE"))
            self._task_configuration = dict(zip(hosts, counts))
        elif isinstance(tasks_per_node, dict):
            self._task_configuration = tasks_per_node
        else:
            self._task_configuration = {host: int(tasks_per_node)
                                        for host in expand_hostlist(_slurm_var("STEP_NODELIST"))}
        max_tasks_per_node = max(self._task_configuration.values())
        num_tasks = sum(self._task_configuration.values())
        self._gpus_per_node = _num_gpus() if gpus_per_node is None else gpus_per_node
        self._gpus_per_task = (self._gpus_per_node // max_tasks_per_node
                               if gpus_per_task is None else gpus_per_task)
        self._auto_set_gpu = auto_set_gpu
        self.task_type = None
        self.task_id = None
        self.rpc_layer = rpc_layer
        self._gpu_allocation = []
        self._cluster_allocation = {}
        if max_tasks_per_node * self._gpus_per_task > self._gpus_per_node:
            raise RuntimeError("Requested more GPUs per node than available.")
        if sum(self._jobs.values()) != num_tasks:
            raise RuntimeError("Requested {} tasks but only {} were assigned.".format(
                sum(self._jobs.values()), num_tasks))

    def cluster_spec(self):
        tasks, self._gpu_allocation, self._cluster_allocation = [], [], {}
        for host, num_tasks in sorted(self._task_configuration.items()):
            # no GPUs: every task gets none (TF's range(..., 0) raises ValueError here)
            gpu_offsets = (range(0, self._gpus_per_node, self._gpus_per_task)
                           if self._gpus_per_task else [0] * num_tasks)
            for port_offset, gpu_offset in zip(range(num_tasks), gpu_offsets):
                tasks.append("%s:%d" % (host, self._port_base + port_offset))
                self._gpu_allocation.append(",".join(
                    str(g) for g in range(gpu_offset, gpu_offset + self._gpus_per_task)))
        start = 0
        for task_type, num_tasks in sorted(self._jobs.items()):
            self._cluster_allocation[task_type] = tasks[start:start + num_tasks]
            if start <= self._rank < start + num_tasks:
                self.task_type, self.task_id = task_type, self._rank - start
            start += num_tasks
        if self._auto_set_gpu:
            os.environ["CUDA_VISIBLE_DEVICES"] = self._gpu_allocation[self._rank]
        return ClusterSpec(self._cluster_allocation)

    def get_task_info(self):
        return self.task_type, self.task_id

    def master(self, task_type=None, task_id=None, rpc_layer=None):
        task_type = task_type if task_type is not None else self.task_type
        task_id = task_id if task_id is not None else self.task_id
        if task_type is not None and task_id is not None:
            return format_master_url(self.cluster_spec().task_address(task_type, task_id),
                                     rpc_layer or self.rpc_layer)
        return ""

    def num_accelerators(self, task_type=None, task_id=None, config_proto=None):
        return {"GPU": self._gpus_per_task}


class KubernetesExecutableLocation(enum.Enum):
    """Where a Kubernetes job's code runs (TF's enum, kept for code that names it)."""

    WITHIN_CLUSTER = 0
    OFF_CLUSTER = 1

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("distribute.cluster_resolver", __name__)

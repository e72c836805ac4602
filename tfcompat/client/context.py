"""The process-wide runtime settings that `tf.config.*` reads and writes (TF's eager `context`).

In TF 2.x's compat.v1, a `tf.Session()` made without a `config` starts from the context's
ConfigProto, so `tf.config.set_soft_device_placement(True)` or `set_visible_devices` change how
such sessions place ops. tfcompat keeps the same settings here and `default_config()` turns them
into the `ConfigProto` a session gets when none is given. Devices are the ones torch sees: the
CPU and each CUDA GPU.
"""
from __future__ import annotations

import collections

import torch

from tfcompat._lazy import lazy_module

config_lib = lazy_module("tfcompat.client.config")  # protobuf loads on first use


class PhysicalDevice(collections.namedtuple("PhysicalDevice", ["name", "device_type"])):
    """A local device: `PhysicalDevice(name='/physical_device:GPU:0', device_type='GPU')`."""


class LogicalDevice(collections.namedtuple("LogicalDevice", ["name", "device_type"])):
    """A device ops can be placed on: `LogicalDevice(name='/device:CPU:0', device_type='CPU')`."""


class LogicalDeviceConfiguration(collections.namedtuple(
        "LogicalDeviceConfiguration",
        ["memory_limit", "experimental_priority", "experimental_device_ordinal"])):
    """How to split one physical device into logical ones (TF's virtual devices)."""

    def __new__(cls, memory_limit=None, experimental_priority=None,
                experimental_device_ordinal=None):
        return super().__new__(cls, memory_limit, experimental_priority,
                               experimental_device_ordinal)


class _Context:
    """TF's `context.context()`: settings fixed once logical devices have been listed."""

    def __init__(self):
        self.initialized = False
        self.physical = self._find_physical()
        self.visible = list(self.physical)
        self.virtual: dict = {}
        self.soft_placement = False
        self.log_placement = False
        self.jit = ""
        self.optimizer_options: dict = {}
        # None until set: TF compares a new count with this, so even setting 0 once the
        # context is running is refused, as in TF
        self.intra_op_threads = None
        self.inter_op_threads = None
        self.functions_run_eagerly = False
        self.default_torch_threads = torch.get_num_threads()

    @staticmethod
    def _find_physical():
        devices = [PhysicalDevice("/physical_device:CPU:0", "CPU")]
        n_gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
        devices += [PhysicalDevice("/physical_device:GPU:%d" % i, "GPU") for i in range(n_gpus)]
        return devices

    def logical_devices(self):
        """Visible physical devices, each split as `set_logical_device_configuration` says;
        GPUs are numbered in the order they are visible (as CUDA_VISIBLE_DEVICES does)."""
        out, counts = [], collections.Counter()
        for dev in self.visible:
            for _ in self.virtual.get(dev) or [None]:
                out.append(LogicalDevice("/device:%s:%d" % (dev.device_type,
                                                            counts[dev.device_type]),
                                         dev.device_type))
                counts[dev.device_type] += 1
        return out


CONTEXT = _Context()


def default_config():
    """The ConfigProto of a `tf.Session()` made without one, from the `tf.config` settings."""
    ctx = CONTEXT
    config = config_lib.ConfigProto(allow_soft_placement=ctx.soft_placement,
                                    log_device_placement=ctx.log_placement,
                                    intra_op_parallelism_threads=ctx.intra_op_threads or 0,
                                    inter_op_parallelism_threads=ctx.inter_op_threads or 0)
    gpus = [int(d.name.rsplit(":", 1)[1]) for d in ctx.visible if d.device_type == "GPU"]
    if len(gpus) != sum(d.device_type == "GPU" for d in ctx.physical):
        config.device_count["GPU"] = len(gpus)
        config.gpu_options.visible_device_list = ",".join(str(g) for g in gpus)
    n_cpus = sum(d.device_type == "CPU" for d in ctx.logical_devices())
    if n_cpus > 1:
        config.device_count["CPU"] = n_cpus
    if ctx.jit:
        config.graph_options.optimizer_options.global_jit_level = \
            config_lib.OptimizerOptions.ON_1
    return config

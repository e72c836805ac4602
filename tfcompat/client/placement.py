"""Placement: maps each op's TF device string to a `torch.device`, with TF's default
placement (the first GPU when CUDA is available, else the CPU), soft placement and
`log_device_placement`.
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework.device import DeviceSpec

_TF_PREFIX = "/job:localhost/replica:0/task:0"


def _is_generator(op) -> bool:
    return not op._inputs and len(op._outputs) == 1 and not op._outputs[0].dtype._is_ref_dtype


class Placer:
    """Resolves device strings for one session (config decides what exists)."""

    def __init__(self, config):
        self.config = config
        counts = dict(getattr(config, "device_count", None) or {})
        gpu_opts = getattr(config, "gpu_options", None)
        visible = getattr(gpu_opts, "visible_device_list", "") if gpu_opts else ""
        n_cuda = torch.cuda.device_count() if torch.cuda.is_available() else 0
        self.gpus = [int(i) for i in visible.split(",") if i.strip()] if visible else \
            list(range(n_cuda))
        self.gpus = [g for g in self.gpus if g < n_cuda][:counts.get("GPU", len(self.gpus))]
        self.n_cpus = max(1, counts.get("CPU", 1))
        self.soft = bool(getattr(config, "allow_soft_placement", False))
        self.log = bool(getattr(config, "log_device_placement", False))
        self._logged = 0          # the graph's op count when log_device_placement last listed it
        self._cache: dict = {}

    def default(self):
        return ("GPU", 0) if self.gpus else ("CPU", 0)

    def torch_device(self, kind, index):
        return torch.device("cuda", self.gpus[index]) if kind == "GPU" else torch.device("cpu")

    def place(self, op):
        """(torch.device, TF device name) for `op`."""
        key = (op.device, op.op_def.host_only if op.op_def else False)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._resolve(op)
            self._cache[key] = hit
        return hit

    def log_graph(self, graph):
        """`log_device_placement`: at the first run, and at each run after ops were added,
        the whole graph as TF's placer lists it when it places the graph (on stdout, generator
        ops, with no inputs and one non-ref output, after the others)."""
        if len(graph._ops) == self._logged:
            return
        ops = list(graph._ops)
        self._logged = len(ops)
        generators = [op for op in ops if _is_generator(op)]
        for op in [op for op in ops if not _is_generator(op)] + generators:
            try:
                name = self.place(op)[1]
            except errors.OpError:   # a device nothing runs on: the run that needs it fails
                continue
            print("%s: (%s): %s" % (op.name, op.type, name))

    def _resolve(self, op):
        kind, index = self.default()
        if op.device:
            spec = DeviceSpec.from_string(op.device)
            if spec.job not in (None, "localhost"):
                raise self._remote_job_error(op)
            if spec.device_type is not None:
                kind, index = spec.device_type, spec.device_index or 0
                if not self._exists(kind, index):
                    if not self.soft:
                        raise self._placement_error(op, kind, index)
                    kind, index = self.default()
        if op.op_def is not None and op.op_def.host_only:
            kind, index = "CPU", 0
        name = "%s/device:%s:%d" % (_TF_PREFIX, kind, index)
        return self.torch_device(kind, index), name

    def _exists(self, kind, index):
        if kind == "GPU":
            return index < len(self.gpus)
        if kind == "CPU":
            return index < self.n_cpus
        return False

    def available(self):
        names = ["%s/device:CPU:%d" % (_TF_PREFIX, i) for i in range(self.n_cpus)]
        return names + ["%s/device:GPU:%d" % (_TF_PREFIX, i) for i in range(len(self.gpus))]

    def _remote_job_error(self, op):
        """An op on another job (`/job:ps`, `/job:worker`): TF's local session refuses it even
        with soft placement; tfcompat has no remote tasks at all."""
        return errors.op_error(
            errors.InvalidArgumentError, op,
            "Cannot assign a device for operation %s: {{node %s}} was explicitly assigned to %s "
            "but available devices are [ %s ]. Make sure the device specification refers to a "
            "valid device. tfcompat runs no parameter servers or remote tasks: drop "
            "tf.train.replica_device_setter and train data-parallel with tfcompat.horovod "
            "(see tf.train.Server's error)."
            % (op.name, op.name, op.device, ", ".join(self.available())))

    def _placement_error(self, op, kind, index):
        hint = " The requested device appears to be a GPU, but CUDA is not available." \
            if kind == "GPU" and not self.gpus else ""
        return errors.op_error(
            errors.InvalidArgumentError, op,
            "Cannot assign a device for operation %s: Operation was explicitly assigned to "
            "%s but available devices are [ %s ]. Make sure the device specification refers "
            "to a valid device.%s To let tfcompat place it on an available device instead, "
            "pass config=tf.ConfigProto(allow_soft_placement=True) to tf.Session."
            % (op.name, op.device, ", ".join(self.available()), hint))

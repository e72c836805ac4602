"""Device specifications: TF's `DeviceSpec`, device-string parsing, merging and normalisation.

Graph construction only records device strings on ops (as TF does); the session maps them to
`torch.device`s when it places a plan (client/placement.py).
"""
from __future__ import annotations

import re

_FIELD_RE = re.compile(r"^(job|replica|task|device|cpu|gpu|CPU|GPU|[A-Za-z_]+):(.*)$")


class DeviceSpec:
    """A (possibly partial) device specification, as TF1's `tf.DeviceSpec`.

    >>> DeviceSpec.from_string('/gpu:1').to_string()
    '/device:GPU:1'
    """

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self.job = job
        self.replica = None if replica is None else int(replica)
        self.task = None if task is None else int(task)
        self.device_type = _canonical_type(device_type)
        self.device_index = None if device_index in (None, "*") else int(device_index)

    @classmethod
    def from_string(cls, spec: str) -> "DeviceSpec":
        return cls().parse_from_string(spec)

    def parse_from_string(self, spec: str) -> "DeviceSpec":
        for part in (spec or "").split("/"):
            if not part:
                continue
            pieces = part.split(":")
            key = pieces[0]
            low = key.lower()
            if low == "job" and len(pieces) == 2:
                self.job = pieces[1]
            elif low == "replica" and len(pieces) == 2:
                self.replica = int(pieces[1])
            elif low == "task" and len(pieces) == 2:
                self.task = int(pieces[1])
            elif low == "device" and len(pieces) in (2, 3):
                self.device_type = _canonical_type(pieces[1])
                if len(pieces) == 3 and pieces[2] != "*":
                    self.device_index = int(pieces[2])
            elif len(pieces) in (1, 2) and low in ("cpu", "gpu") or (
                    len(pieces) == 2 and key.isupper()):
                self.device_type = _canonical_type(key)
                if len(pieces) == 2 and pieces[1] != "*":
                    self.device_index = int(pieces[1])
            else:
                raise ValueError("Unknown attribute: '%s' in '%s'" % (part, spec))
        return self

    def merge_from(self, dev: "DeviceSpec") -> None:
        for field in ("job", "replica", "task", "device_type", "device_index"):
            value = getattr(dev, field)
            if value is not None:
                setattr(self, field, value)

    def make_merged_spec(self, dev: "DeviceSpec") -> "DeviceSpec":
        merged = DeviceSpec(self.job, self.replica, self.task, self.device_type, self.device_index)
        merged.merge_from(dev)
        return merged

    def replace(self, **kwargs) -> "DeviceSpec":
        fields = dict(job=self.job, replica=self.replica, task=self.task,
                      device_type=self.device_type, device_index=self.device_index)
        fields.update(kwargs)
        return DeviceSpec(**fields)

    def to_string(self) -> str:
        out = ""
        if self.job is not None:
            out += "/job:" + str(self.job)
        if self.replica is not None:
            out += "/replica:" + str(self.replica)
        if self.task is not None:
            out += "/task:" + str(self.task)
        if self.device_type is not None:
            index = "*" if self.device_index is None else str(self.device_index)
            out += "/device:%s:%s" % (self.device_type, index)
        return out

    def __eq__(self, other):
        return isinstance(other, DeviceSpec) and self.to_string() == other.to_string()

    def __hash__(self):
        return hash(self.to_string())

    def __repr__(self):
        return "<DeviceSpec %r>" % self.to_string()


def _canonical_type(device_type):
    if device_type is None:
        return None
    upper = device_type.upper()
    return upper if upper in ("CPU", "GPU") else device_type


def canonical_name(device) -> str:
    """Normalises a device string or spec the way TF1 does ('/gpu:1' -> '/device:GPU:1')."""
    if device is None:
        return ""
    if isinstance(device, DeviceSpec):
        return device.to_string()
    return DeviceSpec.from_string(device).to_string()


def merge_device(outer: str, inner: str) -> str:
    """The device an op gets from nested `tf.device` blocks (inner fields win)."""
    if not outer:
        return canonical_name(inner)
    spec = DeviceSpec.from_string(outer)
    spec.merge_from(DeviceSpec.from_string(inner))
    return spec.to_string()


def device_from_stack(device_stack, op) -> str:
    """The device of a new `op` under the `tf.device` blocks in `device_stack` (outermost
    first), as TF's _apply_device_functions: innermost block first; a string only fills fields
    the device lacks so far, a function's answer replaces it as returned (not canonicalized, so
    '/gpu:0' stays '/gpu:0'), and `tf.device(None)` hides the blocks around it."""
    device = ""
    for spec in reversed(device_stack):
        if spec is None:
            break
        if callable(spec) and not isinstance(spec, (str, DeviceSpec)):
            op._device = device   # the function sees the device the inner blocks gave
            device = spec(op) or ""
            if isinstance(device, DeviceSpec):
                device = device.to_string()
        elif spec:
            device = merge_device(canonical_name(spec), device)
    return device

"""Counts the host syncs a plan would make on CUDA, on a machine without a GPU.

On CUDA a lowering stalls the stream whenever the host needs a device value (`.item()`,
`.tolist()`, `bool(t)`, `.numpy()`, a copy to the CPU), an op's output shape depends on data
(`nonzero`, `masked_select`, `unique`, boolean indexing), or a CPU tensor is copied to the device
without `non_blocking` (`torch.tensor(values, device=x.device)`: torch copies from pageable memory
and waits). Which tensors live on the device is what matters, and on a CPU-only machine every
tensor is a CPU tensor, so counting calls on all tensors would flag the shape arithmetic that is
meant to live on the CPU, and counting none would miss everything.

So `simulated_gpu()` gives the session a stand-in GPU: ops the placer would put on `/gpu:0` get
the device `meta` (which holds no data, so nothing here can read it by accident), and a
`TorchDispatchMode` makes every tensor created on that device a `DeviceTensor`, a wrapper
subclass that reports `device='meta'` and keeps its values in a CPU tensor inside. Every aten op
goes through the mode: it runs the op on the CPU values, wraps the results that CUDA would put on
the device (an input was on the device, or the op was asked for that device), and records a sync
when the op would make CUDA's host wait. Lowerings therefore see the same devices they would see
on CUDA (`x.device` is the GPU, `torch.device('cpu')` is the host), take the same branches, and
compute real values, so control flow, training and errors behave as on the CPU.

Counting is on only while a plan runs (`Plan.__call__`); feeding (host to device) and fetching
(device to host) are the session's transfers, made once per run as TF makes them.
"""
from __future__ import annotations

import contextlib
from unittest import mock
import sys
import traceback

import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch._dynamo import trace_rules
from torch.utils._pytree import tree_map

from tfcompat.client import compile as compile_lib
from tfcompat.client import placement
from tfcompat.client import state as state_lib

GPU = torch.device("meta")      # the stand-in for cuda:0
_CPU = torch.device("cpu")
_ATEN = torch.ops.aten

# the host reads a device value
_READS = {_ATEN._local_scalar_dense, _ATEN.is_nonzero, _ATEN.equal, _ATEN.allclose}
# the output's shape depends on the data: CUDA copies a count to the host first
_DATA_SHAPED = {_ATEN.nonzero, _ATEN.masked_select, _ATEN._unique, _ATEN._unique2,
                _ATEN.unique_dim, _ATEN.unique_consecutive, _ATEN.unique_dim_consecutive,
                _ATEN.bincount, _ATEN.argwhere, _ATEN.nonzero_numpy}
_COPIES = {_ATEN._to_copy, _ATEN.copy_, _ATEN.copy, _ATEN._copy_from, _ATEN.to}

# torch.compile's table of torch functions is built on first use, keyed by the objects it finds:
# built while torch.tensor is patched here, it would miss the real torch.tensor for the rest of
# the process (torch.compile elsewhere then refuses to trace it)
trace_rules.get_torch_obj_rule_map()


class DeviceTensor(torch.Tensor):
    """A tensor on the stand-in GPU: reports `device='meta'`, holds its values in `inner`."""

    @staticmethod
    def __new__(cls, inner):
        wrapper = torch.Tensor._make_wrapper_subclass(
            cls, inner.size(), strides=inner.stride(), storage_offset=inner.storage_offset(),
            dtype=inner.dtype, layout=inner.layout, device=GPU, requires_grad=False)
        wrapper.inner = inner
        return wrapper

    __torch_function__ = torch._C._disabled_torch_function_impl

    @classmethod
    def __torch_dispatch__(cls, func, types, args=(), kwargs=None):
        raise RuntimeError("a DeviceTensor was used outside simulated_gpu() (%s)" % func)

    def __repr__(self):
        return "DeviceTensor(%r)" % (self.inner,)


class Sync:
    """One host sync: what kind, the aten op, the graph op that was running (`op_type`,
    `op_name`) and the innermost tfcompat source line outside client/ (`where`)."""

    def __init__(self, kind, func, plans):
        self.kind = kind
        self.func = str(func)
        frames = [f for f in traceback.extract_stack()[:-3]
                  if "/tfcompat/" in f.filename and "/client/" not in f.filename]
        self.where = "%s:%d (%s)" % (frames[-1].filename.split("/tfcompat/")[-1],
                                     frames[-1].lineno, frames[-1].name) if frames else "?"
        op = _running_op(plans)
        self.op_type, self.op_name = (op.type, op.name) if op is not None else ("?", "?")

    def __repr__(self):
        return "%s (%s): %s %s at %s" % (self.op_name, self.op_type, self.kind, self.func,
                                         self.where)


def _running_op(plans):
    """The op whose line of generated code the innermost running plan is on."""
    files = {plan.fn.__code__.co_filename: plan for plan in plans
             if hasattr(plan.fn, "__code__")}
    frame = sys._getframe()
    while frame is not None:
        plan = files.get(frame.f_code.co_filename)
        if plan is not None:
            return plan._line_ops.get(frame.f_lineno)
        frame = frame.f_back
    return None


def _is_gpu(device) -> bool:
    if isinstance(device, str):
        return device == "meta" or device.startswith("meta:")
    return isinstance(device, torch.device) and device.type == "meta"


class HostSyncCounter(TorchDispatchMode):
    """Runs every aten op on CPU values, tracking which tensors are on the stand-in GPU, and
    records (while `counting`) the ops that would make the host wait on CUDA."""

    def __init__(self):
        super().__init__()
        self.syncs: list = []
        self.counting = 0
        self.plans: list = []    # the plans running now, innermost last

    def record(self, kind, func):
        if self.counting:
            self.syncs.append(Sync(kind, func, self.plans))

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        wrappers: dict = {}
        host_args: list = []

        def unwrap(x):
            if isinstance(x, DeviceTensor):
                wrappers[id(x.inner)] = x
                return x.inner
            if isinstance(x, torch.Tensor):
                host_args.append(x)
            if _is_gpu(x):
                return _CPU
            return x

        inner_args, inner_kwargs = tree_map(unwrap, args), tree_map(unwrap, kwargs)
        to_gpu = _is_gpu(kwargs.get("device"))
        on_gpu = bool(wrappers) or to_gpu
        self._check(func, kwargs, args, wrappers, host_args, to_gpu)
        if func.overloadpacket in (_ATEN._to_copy,) and "device" in kwargs and not to_gpu:
            on_gpu = False
        out = func(*inner_args, **inner_kwargs)

        def wrap(x):
            if isinstance(x, torch.Tensor) and not isinstance(x, DeviceTensor):
                if id(x) in wrappers:      # in place or out=: the caller's own tensor
                    return wrappers[id(x)]
                if on_gpu and x.device.type == "cpu":
                    return DeviceTensor(x)
            return x
        return tree_map(wrap, out)

    def _check(self, func, kwargs, args, wrappers, host_args, to_gpu):
        packet = func.overloadpacket
        if not self.counting:
            return
        if packet in _COPIES:
            self._check_copy(func, kwargs, args, to_gpu)
            return
        if not wrappers:
            return
        if packet in _READS:
            self.record("read of a device value", func)
        elif packet in _DATA_SHAPED:
            self.record("data-dependent output shape", func)
        elif packet in (_ATEN.index, _ATEN.index_put, _ATEN.index_put_) and any(
                isinstance(i, torch.Tensor) and i.dtype in (torch.bool, torch.uint8)
                for i in (args[1] if len(args) > 1 else ())):
            self.record("boolean-mask indexing (data-dependent shape)", func)
        elif packet is _ATEN.repeat_interleave and kwargs.get("output_size") is None \
                and isinstance(args[0], torch.Tensor):
            self.record("data-dependent output shape", func)
        elif any(t.dim() > 0 for t in host_args):
            self.record("CPU tensor used by a device op (an error or a copy on CUDA)", func)

    def _check_copy(self, func, kwargs, args, to_gpu):
        if kwargs.get("non_blocking") or (len(args) > 2 and args[2] is True):
            return
        packet = func.overloadpacket
        if packet is _ATEN.copy_ or packet is _ATEN.copy:
            dst, src = args[0], args[1]
            if isinstance(dst, DeviceTensor) != isinstance(src, DeviceTensor):
                self.record("copy between host and device", func)
            return
        src = args[0]
        if "device" not in kwargs:
            return
        if isinstance(src, DeviceTensor) and not to_gpu:
            self.record("copy from device to host", func)
        elif not isinstance(src, DeviceTensor) and to_gpu:
            self.record("copy from host to device", func)


def _host_read(original, counter, name):
    """`Tensor.numpy`/`tolist` (which torch refuses on wrapper subclasses): on a device tensor,
    a sync that reads the values inside."""
    def read(self, *args, **kwargs):
        if isinstance(self, DeviceTensor):
            counter.record("copy from device to host", "Tensor." + name)
            return original(self.inner, *args, **kwargs)
        return original(self, *args, **kwargs)
    return read


def _from_data(original, counter, name):
    """`torch.tensor`/`as_tensor` of host data on the stand-in GPU (torch builds those on `meta`
    without dispatching): the values are made on the CPU and copied, as CUDA copies them."""
    def make(data, *args, **kwargs):
        device = kwargs.get("device")
        if not _is_gpu(device) or isinstance(data, DeviceTensor):
            return original(data, *args, **kwargs)
        counter.record("copy from host to device", "torch." + name)
        kwargs["device"] = _CPU
        return DeviceTensor(original(data, *args, **kwargs))
    return make


@contextlib.contextmanager
def simulated_gpu():
    """Sessions created inside place their ops on a stand-in GPU; yields the counter. Use
    `counter.syncs` (reset it between runs) to see what the plans run inside would sync."""
    counter = HostSyncCounter()
    saved = (placement.Placer.__init__, placement.Placer.torch_device,
             state_lib.SessionState.generator, compile_lib.Plan.__call__, torch.Tensor.numpy,
             torch.Tensor.tolist, torch.tensor, torch.as_tensor)
    init, _, generator, call, numpy, tolist, tensor, as_tensor = saved

    def placer_init(self, config):
        init(self, config)
        self.gpus = [0]

    def torch_device(self, kind, index):
        return GPU if kind == "GPU" else _CPU

    def host_generator(self, op, device):     # the CPU generator feeds the CPU stand-in
        return generator(self, op, _CPU if _is_gpu(device) else device)

    def counted_call(self, feed_values):
        counter.counting += 1
        counter.plans.append(self)
        try:
            return call(self, feed_values)
        finally:
            counter.counting -= 1
            counter.plans.pop()

    # mock.patch.object restores each attribute as it was (an inherited method such as
    # Tensor.tolist is removed again, not left as a copy on the subclass)
    patches = [(placement.Placer, "__init__", placer_init),
               (placement.Placer, "torch_device", torch_device),
               (state_lib.SessionState, "generator", host_generator),
               (compile_lib.Plan, "__call__", counted_call),
               (torch.Tensor, "numpy", _host_read(numpy, counter, "numpy")),
               (torch.Tensor, "tolist", _host_read(tolist, counter, "tolist")),
               (torch, "tensor", _from_data(tensor, counter, "tensor")),
               (torch, "as_tensor", _from_data(as_tensor, counter, "as_tensor"))]
    with contextlib.ExitStack() as stack:
        for owner, name, value in patches:
            stack.enter_context(mock.patch.object(owner, name, value))
        with counter:
            yield counter

"""Where values live when a plan runs on a GPU: TensorFlow's host-memory rule.

TF's GPU kernels keep shapes, axes, sizes and most int32 tensors in host memory (a kernel
registered with `HostMemory("shape")` reads its shape on the CPU; `AddV2` of int32 on a GPU is
a CPU kernel on host memory). So a TF step on a GPU computes its shape arithmetic on the CPU and
never waits on the device to learn a shape. tfcompat keeps the same values on the CPU:

- an op whose matching GPU kernel keeps every input and output in host memory (int32
  arithmetic on shapes, `Pack`/`StridedSlice` of int32, `Const` of int32) runs on the CPU,
  though the placement (and `log_device_placement`) still says GPU, as in TF;
- an op that runs on the GPU gets its host-memory inputs (`Reshape`'s shape, `Sum`'s axes) as
  CPU tensors, and its host-memory outputs (`Shape`'s) are CPU tensors.

The table `tf_host_memory.json` (tools/gen_tf_host_memory.py) holds TF's GPU kernels' host-memory
args per op type. On the CPU none of this applies: every value is already on the host.
"""
from __future__ import annotations

import functools
import json
import os

import torch

from tfcompat.client import kernels
from tfcompat.framework import op_signatures

CPU = torch.device("cpu")
_TABLE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tf_host_memory.json")
NONE = (frozenset(), frozenset())   # no host-memory inputs or outputs


@functools.lru_cache(maxsize=1)
def _table() -> dict:
    try:
        with open(_TABLE_PATH) as f:
            return json.load(f)
    except FileNotFoundError:  # a trimmed install: everything stays on the device
        return {}


def host_args(op) -> tuple:
    """(input indices, output indices) of `op` that TF's matching GPU kernel keeps in host
    memory; empty sets when no kernel matches or an arg's position is not known."""
    if op.type in FUNCTIONAL:
        return _functional_host_args(op)
    entries = _table().get(op.type)
    if not entries:
        return NONE
    for constraints, inputs, outputs in entries:
        if all(_attr_name(op, attr) in allowed for attr, allowed in constraints):
            break
    else:  # TF has no GPU kernel for these dtypes: the args every GPU kernel keeps on the host
        inputs, outputs = _common_host_args(op.type)
    ins = _indices(op, "inputs", inputs, len(op._inputs))
    outs = _indices(op, "outputs", outputs, len(op._outputs))
    if len(ins) == len(op._inputs) and len(outs) == len(op._outputs):
        return ins, outs      # a host kernel: the op runs on the CPU (run_device)
    read = [n for n in inputs if n in READ_ON_HOST or
            n == "indices" and op.type.startswith(("TensorArray", "TensorList"))]
    return _indices(op, "inputs", read, len(op._inputs)), outs


# The host-memory inputs of ops that run on a GPU that tfcompat's lowerings read as Python
# values (shapes, axes, sizes, predicates). The others TF keeps on the host (MatrixDiagV3's
# padding_value, FakeQuant's min/max, DynamicStitch's indices, PadV2's constant_values ...) the
# lowerings use as tensors beside device tensors, so they stay on the device.
READ_ON_HOST = frozenset([
    "alg", "axes", "axis", "begin", "block_shape", "branch_index", "cond", "constant_values",
    "crop_size", "crops", "delta", "dense_output_dim0", "depth", "dim", "dimension", "dims", "element_shape", "end",
    "fft_length", "filter_sizes", "index", "input_sizes", "k", "ksize", "leading_dims",
    "lengths", "limit", "max_num_elements", "max_output_size", "maxval", "minval", "multiples",
    "nbins", "num_cols",
    "num_elements", "num_lower", "num_rows", "num_samples", "num_segments", "num_upper",
    "orig_input_shape", "output_dim0", "output_shape", "paddings", "perm", "pred",
    "reduction_indices", "seed", "shape", "shift", "size", "size_splits", "split_dim", "start",
    "strides", "value_range"])


@functools.lru_cache(maxsize=None)
def _common_host_args(op_type) -> tuple:
    """The input and output args all of TF's GPU kernels for `op_type` keep in host memory
    (`Reshape`'s shape, `GatherV2`'s axis; not `AddV2`'s x, host for int32 only)."""
    entries = _table()[op_type]
    return (frozenset.intersection(*(frozenset(e[1]) for e in entries)),
            frozenset.intersection(*(frozenset(e[2]) for e in entries)))


# Ops that call functions: TF has no kernel memory types for their pass-through args and keeps
# int32 ones on the host (memory_types.cc, MTypeFromDType); If's predicate and Case's branch
# index are read on the host too.
FUNCTIONAL = frozenset(["While", "StatelessWhile", "If", "StatelessIf", "Case", "StatelessCase"])


def _functional_host_args(op) -> tuple:
    ins = frozenset(i for i, t in enumerate(op._inputs)
                    if i == 0 and op.type not in ("While", "StatelessWhile")
                    or t.dtype.base_dtype.name == "int32")
    outs = frozenset(j for j, t in enumerate(op._outputs) if t.dtype.base_dtype.name == "int32")
    return ins, outs


def _attr_name(op, attr):
    return kernels._canonical(kernels._resolve_attr(op, attr))


def _indices(op, kind, names, total) -> frozenset:
    if not names:
        return frozenset()
    sig = op_signatures.signature(op.type)
    if sig is None or op.op_def is None or len(op.op_def.inputs) != len(sig.inputs):
        return frozenset()   # tfcompat declares this op's inputs otherwise than TF's OpDef
    args = getattr(sig, kind)
    if kind == "inputs":
        groups = op_signatures.group_inputs(sig, list(range(total)), op._attrs)
        if groups is None:
            return frozenset()
        return frozenset(i for arg, positions in groups if arg.name in names for i in positions)
    if any(arg.is_list for arg in args):  # list outputs (ShapeN): all of them or none
        return frozenset(range(total)) if all(a.name in names for a in args) else frozenset()
    return frozenset(i for i, arg in enumerate(args) if arg.name in names and i < total)


def run_device(op, device, host, input_devices=()):
    """The torch device `op` runs on when placed on `device`: the CPU when TF's GPU kernel
    keeps all its inputs and outputs in host memory (`host` is `host_args(op)`), or when its
    inputs are all on the host already (`input_devices`) and it makes int32 values (TF1 keeps
    int32 on the host; a kernel TF moved to the device, `Prod` of int32, would copy a shape
    there and back)."""
    if device.type == "cpu" or not op._outputs or op.op_def.stateful or op.op_def.ref_inputs:
        return device
    ins, outs = host
    if len(outs) == len(op._outputs) and len(ins) == len(op._inputs):
        return CPU
    if input_devices and all(d is not None and d.type == "cpu" for d in input_devices) and \
            all(t.dtype.base_dtype.name == "int32" for t in op._outputs):
        return CPU
    return device


def wants_host(op, index, device) -> bool:
    """Whether `op`, placed on `device`, reads its input `index` on the host."""
    if device.type == "cpu":
        return True
    host = host_args(op)
    return index in host[0] or run_device(op, device, host).type == "cpu"

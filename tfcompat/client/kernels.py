"""TF's kernel check: an op whose attrs TF's OpDef accepts (so it builds) but for which TF
registers no CPU kernel (`Reciprocal` of int32, `Digamma` of bfloat16 ...) fails the run with
InvalidArgumentError "No OpKernel was registered to support Op ...".

TF places the whole graph when a session first runs it, and again whenever the graph has grown,
so one such op anywhere in the graph fails every later run of that session (TF 1.15's
DirectSession and TF 2.21's compat.v1 both), before any op runs, so variables keep their values;
callables made earlier keep working.
A session checks the ops added since its last clean check when it compiles a plan (every plan is
recompiled once the graph grows), so a warm run checks nothing.

The table `tf_cpu_kernels.json` (tools/gen_tf_cpu_kernels.py) holds TF's kernels per op type.
Op types it lacks are tfcompat-internal (`Gradients`, `_LoopVar`, `_InitializedValue`) and are
not checked; nor are those TF has GPU kernels only for (`CudnnRNN`, `CudnnRNNV3`): tfcompat runs
them on the CPU, where TF refuses them.
"""
from __future__ import annotations

import functools
import json
import os

import numpy as np

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import op_signatures
from tfcompat.client import plan as plan_lib
from tfcompat.framework import shape_rules
from tfcompat._lazy import lazy_module

# protobuf-backed modules load on first use (`import tfcompat` stays light)
types_pb2 = lazy_module("tfcompat.io.proto.types_pb2")

# NodeDef and TensorProto text for error messages only: protobuf loads on first use
graph_def = lazy_module("tfcompat.io.graph_def")
tensor_proto = lazy_module("tfcompat.io.tensor_proto")

_TABLE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tf_cpu_kernels.json")
_CPU_DEVICE_TYPES = ("CPU", "DEFAULT")   # a DEFAULT kernel serves every device type
_UNKNOWN = object()


@functools.lru_cache(maxsize=1)
def _table() -> dict:
    try:
        with open(_TABLE_PATH) as f:
            return json.load(f)
    except FileNotFoundError:  # a trimmed install: no op is refused
        return {}


@functools.lru_cache(maxsize=None)
def _cpu_kernels(op_type: str):
    """(label, ((attr, allowed values), ...)) of TF's CPU kernels for `op_type`; None when it
    is not checked."""
    entry = _table().get(op_type)
    if entry is None:
        return None
    found = tuple((label, tuple((name, frozenset(allowed)) for name, _, allowed in constraints))
                  for device, label, constraints in entry["kernels"]
                  if device in _CPU_DEVICE_TYPES)
    return found or None


@functools.lru_cache(maxsize=None)
def _constrained_attrs(op_type: str) -> tuple:
    return tuple(sorted({name for _, constraints in _cpu_kernels(op_type)
                         for name, _ in constraints}))


_MATCHES: dict = {}   # (op type, label, constrained attr values) -> whether a kernel matches


def check_new_ops(session) -> None:
    """Raises TF's InvalidArgumentError for the first op added to the session's graph since its
    last clean check that TF has no CPU kernel for; the ops stay unchecked until it passes."""
    ops = session._graph._ops
    start = getattr(session, "_kernels_checked", 0)
    if start > len(ops):
        start = 0
    placer = session._placer
    for op in ops[start:]:
        if _cpu_kernels(op.type) is not None and _runs_on_cpu(placer, op) and not _has_kernel(op):
            raise no_kernel_error(op, placer)
    session._kernels_checked = len(ops)


def _runs_on_cpu(placer, op) -> bool:
    # TF's GPU kernels differ (other dtypes, host-memory args, soft placement back to the CPU):
    # ops placed on a CUDA device are not checked against TF's CPU kernels.
    if not placer.gpus:
        return True
    target = op
    for i in op.op_def.ref_inputs if op.op_def is not None else ():
        if i < len(op._inputs) and op._inputs[i].op.type in plan_lib.VARIABLE_OP_TYPES:
            target = op._inputs[i].op  # ops writing a variable run where the variable lives
            break
    try:
        return placer.place(target)[0].type == "cpu"
    except errors.OpError:  # an impossible device: the plan running it reports that
        return False


def _has_kernel(op) -> bool:
    label = _text(op._attrs.get("_kernel", ""))
    names = _constrained_attrs(op.type)
    values = tuple(_canonical(_resolve_attr(op, name)) for name in names)
    key = (op.type, label, values)
    found = _MATCHES.get(key)
    if found is None:
        given = dict(zip(names, values))
        found = _MATCHES[key] = any(
            kernel_label == label and all(_allows(allowed, given[name])
                                          for name, allowed in constraints)
            for kernel_label, constraints in _cpu_kernels(op.type))
    return found


def _canonical(value):
    """An attr value as the table writes allowed values: dtype names, text, ints; lists as
    tuples."""
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, dtypes.DType):
        return value.base_dtype.name
    if isinstance(value, bytes):
        return _text(value)
    return value


def _allows(allowed, value) -> bool:
    """Whether a constraint's allowed values admit `value` (a list: each of its items); an
    unknown value is admitted."""
    if value is _UNKNOWN:
        return True
    if isinstance(value, tuple):
        return all(_allows(allowed, v) for v in value)
    return value in allowed


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _resolve_attr(op, name):
    """The value TF's NodeDef would hold for attr `name`: set on the op, bound by its inputs or
    outputs (`T`), or the OpDef default."""
    value = op._attrs.get(name)
    if value is not None:
        return _as_attr(value)
    sig = op_signatures.signature(op.type)
    if sig is None:
        return _UNKNOWN
    declared = op.op_def is not None and len(op.op_def.inputs) == len(sig.inputs)
    inputs = op._inputs if declared else ()  # tfcompat declares some ops' inputs otherwise
    for args, tensors in ((sig.inputs, inputs), (sig.outputs, op._outputs)):
        for arg, tensor in zip(args, tensors):
            if arg.is_list:
                break  # later args' positions depend on list lengths
            if arg.type_attr == name:
                return tensor.dtype.base_dtype
    try:
        bound = op_signatures.check_op(op.type, op._inputs, op._attrs, op.op_def.inputs) or {}
    except (TypeError, ValueError):
        bound = {}
    if name in bound:
        return _as_attr(bound[name])
    if name in sig.defaults:
        return sig.defaults[name]
    return _table()[op.type].get("defaults", {}).get(name, _UNKNOWN)


def _as_attr(value):
    if isinstance(value, (list, tuple)):
        return [_as_attr(v) for v in value]
    if isinstance(value, bool):
        return _UNKNOWN
    if isinstance(value, (str, bytes, int, dtypes.DType)):
        return value
    try:
        return dtypes.as_dtype(value)
    except TypeError:
        return _UNKNOWN


# -- TF's message ---------------------------------------------------------------------------

def no_kernel_error(op, placer) -> errors.InvalidArgumentError:
    devices = ["CPU"] + (["GPU"] if placer.gpus else [])
    return errors.op_error(
        errors.InvalidArgumentError, op,
        "No OpKernel was registered to support Op '%s' used by {{node %s}} with these attrs: "
        "[%s]\nRegistered devices: [%s]\nRegistered kernels:\n%s"
        % (op.type, op.name, _node_attrs(op), ", ".join(devices),
           _kernel_list(_table()[op.type]["kernels"])))


def _kernel_list(kernels) -> str:
    """TF's KernelsRegisteredForOp: one line per kernel, in registry order."""
    lines = []
    for device, label, constraints in kernels:
        parts = ["  device='%s'" % device] + (["label='%s'" % label] if label else [])
        parts += ["%s in [%s]" % (name, ", ".join(_constraint_text(kind, v) for v in allowed))
                  for name, kind, allowed in constraints]
        lines.append("; ".join(parts) + "\n")
    return "".join(lines) or "  <no registered kernels>\n"


def _constraint_text(kind, value) -> str:
    if kind == "type":
        return "DT_" + {"float32": "FLOAT", "float64": "DOUBLE", "float16": "HALF"}.get(
            value, value.upper())
    if kind == "s":
        return _string_text(value.encode("utf-8"))
    return str(value)


def _node_attrs(op) -> str:
    """TF's AttrSlice::DebugString of the op's NodeDef, attrs sorted by name (TF lists them in
    its hash map's order, which varies)."""
    node = graph_def.node_def_of(op)
    return ", ".join("%s=%s" % (name, _attr_text(node.attr[name])) for name in sorted(node.attr))


def _attr_text(attr) -> str:
    """TF's SummarizeAttrValue."""
    which = attr.WhichOneof("value")
    if which is None:
        return "<Unknown AttrValue type>"
    if which != "list":
        return _scalar_text(which, getattr(attr, which))
    pieces = []
    for field in ("s", "i", "f", "b", "type", "shape", "tensor", "func"):
        items = getattr(attr.list, field)
        if len(items):
            pieces = [_scalar_text(field, v) for v in items]
            break
    if len(pieces) >= 30:  # TF elides the middle (and appends a fingerprint, omitted here)
        pieces = pieces[:5] + ["..."] + pieces[-6:]
    return "[%s]" % ", ".join(pieces)


def _scalar_text(field, value) -> str:
    if field == "s":
        return _string_text(value)
    if field == "b":
        return "true" if value else "false"
    if field == "f":
        return _float_text(value)
    if field == "type":
        return types_pb2.DataType.Name(value)
    if field == "shape":
        return "<unknown>" if value.unknown_rank else "[%s]" % ",".join(
            "?" if d.size < 0 else str(d.size) for d in value.dim)
    if field == "tensor":
        return _tensor_text(value)
    if field == "func":
        return value.name
    if field == "placeholder":
        return "$" + value
    return str(value)


_ESCAPES = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x22: '\\"', 0x27: "\\'", 0x5C: "\\\\"}


def _string_text(raw: bytes) -> str:
    """TF's SummarizeString: C-escaped and quoted, the middle elided when long."""
    escaped = "".join(_ESCAPES.get(b) or (chr(b) if 0x20 <= b < 0x7F else "\\%03o" % b)
                      for b in raw)
    if len(escaped) >= 80:
        escaped = escaped[:10] + "..." + escaped[-10:]
    return '"%s"' % escaped


def _float_text(value: float) -> str:
    """TF's FloatToBuffer: FLT_DIG significant digits unless that does not round-trip."""
    text = "%.6g" % value
    return text if np.float32(text) == np.float32(value) else "%.9g" % value


def _tensor_text(proto) -> str:
    """TF's Tensor::DebugString (the first 3 values)."""
    value = tensor_proto.make_ndarray(proto)
    items = " ".join(str(v) for v in value.reshape(-1)[:3])
    return "Tensor<type: %s shape: [%s] values: %s%s>" % (
        shape_rules.cpp_type_name(dtypes.as_dtype(proto.dtype)),
        ",".join(str(d) for d in value.shape), items, "..." if value.size > 3 else "")

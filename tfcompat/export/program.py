"""Deployable artifacts of a subgraph: `export_program` runs `to_torch` (variables frozen in as
the module's parameters) and writes a `torch.export` program (`.pt2`), a TorchScript module
(`.pt`) or an ONNX model (`.onnx`).

>>> tfcompat.export.export_program(sess, [x], logits, "model.pt2")
>>> program = torch.export.load("model.pt2").module()
>>> program(torch.randn(8, 4))              # what sess.run(logits, {x: ...}) returns
"""
from __future__ import annotations

import os
import warnings

import torch

from tfcompat.export.module import ExportError
from tfcompat.framework import dtypes

FORMATS = ("pt2", "torchscript", "onnx")
_SUFFIX = {".pt2": "pt2", ".pt": "torchscript", ".ts": "torchscript", ".onnx": "onnx"}


def example_inputs(module, inputs, batch=2):
    """Example tensors for `module`'s inputs, from the placeholders' dtypes and shapes
    (unknown dimensions get `batch`)."""
    out = []
    for t in inputs:
        shape = t.get_shape()
        dims = [batch] if shape.ndims is None else [batch if d is None else d
                                                    for d in shape.as_list()]
        dtype = dtypes.as_dtype(t.dtype).base_dtype
        if dtype.is_floating:
            out.append(torch.randn(dims, dtype=dtype.torch_dtype))
        elif dtype == dtypes.bool or dtype.is_integer:
            out.append(torch.zeros(dims, dtype=dtype.torch_dtype))
        else:
            raise ExportError("export_program: input %s has dtype %s, which exported programs "
                              "cannot take" % (t.name, dtype.name))
    return tuple(out)


def _dynamic_batch(inputs):
    """torch.export dynamic_shapes: dimension 0 is dynamic where the placeholder's is None."""
    batch = torch.export.Dim("batch")
    spec = []
    for t in inputs:
        shape = t.get_shape()
        dynamic = shape.ndims is None or (shape.ndims > 0 and shape.as_list()[0] is None)
        spec.append({0: batch} if dynamic and shape.ndims else None)
    return tuple(spec)


def export_program(session_or_graph, inputs, outputs, path=None, format=None,
                   example=None, dynamic_batch=True, device=None):
    """Writes the subgraph `inputs` -> `outputs` of the session's graph (variables frozen at
    their current values) as a deployable program; returns the written path, or the
    in-memory artifact (ExportedProgram / ScriptModule / ONNXProgram) when `path` is None.

    `format`: "pt2" (torch.export, default), "torchscript" or "onnx"; when omitted it follows
    `path`'s suffix. `example`: input tensors to trace with (default: random tensors shaped
    like the placeholders). `dynamic_batch`: keep a placeholder's unknown first dimension
    dynamic in .pt2/ONNX programs (falls back to the example's size when the graph fixes it).
    """
    from tfcompat.export import _as_tensor  # lazy: cycle: the export package imports program
    from tfcompat.export import to_torch  # lazy: cycle: the export package imports program
    if format is None:
        format = _SUFFIX.get(os.path.splitext(os.fspath(path))[1], "pt2") if path else "pt2"
    if format not in FORMATS:
        raise ValueError("export_program format must be one of %s, got %r" % (FORMATS, format))
    module = to_torch(session_or_graph, inputs, outputs, device=device).eval()
    graph = getattr(session_or_graph, "graph", session_or_graph)
    inputs = [inputs] if not isinstance(inputs, (list, tuple)) else list(inputs)
    tensors = [_as_tensor(graph, i, "inputs") for i in inputs]
    example = tuple(example) if example is not None else example_inputs(module, tensors)
    with torch.no_grad():
        if format == "pt2":
            artifact = _torch_export(module, example, tensors, dynamic_batch)
            if path:
                torch.export.save(artifact, path)
        elif format == "torchscript":
            artifact = _torchscript(module, example, tensors, path)
        else:
            names = _output_names(graph, outputs, _as_tensor)
            artifact = _onnx(module, example, tensors, names, path, dynamic_batch)
    return os.fspath(path) if path else artifact


def _torch_export(module, example, tensors, dynamic_batch):
    if dynamic_batch and any(_dynamic_batch(tensors)):
        try:
            return torch.export.export(module, example, dynamic_shapes=_dynamic_batch(tensors))
        except Exception:  # noqa: BLE001,S110 - no dynamic batch: export with static shapes
            pass
    return torch.export.export(module, example)


def _torchscript(module, example, tensors, path):
    """torch.jit.trace, checked on a second example (other values, another batch size where the
    batch is unknown). A trace records one run: control flow that depends on the data, a shape
    read as a number, or an op that tfcompat computes outside torch (with numpy) would be frozen
    into the program, which then answers other inputs wrongly; the check refuses such a trace."""
    check = example_inputs(module, tensors, batch=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)   # TorchScript is deprecated
        warnings.simplefilter("ignore", torch.jit.TracerWarning)   # the check decides
        try:
            artifact = torch.jit.trace(module, example, check_inputs=[check])
        except torch.jit.TracingCheckError as e:
            ops = getattr(module, "not_portable", None)
            raise ExportError(
                "export_program(format='torchscript'): the traced program would not give the "
                "module's results for other inputs (%s)%s; write a .pt2 program (torch.export) "
                "instead" % (str(e).strip().splitlines()[0][:200], "; ops computed outside "
                             "torch: %s" % "; ".join(ops) if ops else "")) from None
        if path:
            torch.jit.save(artifact, path)
    return artifact


def _onnx_name(tensor) -> str:
    """The ONNX name of a TF tensor: its op's name ("dense/BiasAdd:1" -> "dense_BiasAdd_1")."""
    name = tensor.op.name if tensor.value_index == 0 else tensor.name
    return name.replace("/", "_").replace(":", "_")


def _output_names(graph, outputs, as_tensor) -> list:
    """The ONNX names of the outputs, in the order the module returns them (a dict: its keys)."""
    if isinstance(outputs, dict):
        return [str(key) for key in outputs]
    items = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    names = []
    for t in items:     # ONNX names must be unique: a tensor named again gets a number
        name = base = _onnx_name(as_tensor(graph, t, "outputs"))
        while name in names:
            name = "%s_%d" % (base, len(names))
        names.append(name)
    return names


def _onnx(module, example, tensors, output_names, path, dynamic_batch):
    try:
        import onnx  # noqa: F401 - torch.onnx needs it; checked here for a clear message
    except ImportError:
        raise ExportError("export_program(format='onnx') needs the `onnx` package (and "
                          "`onnxscript`): pip install onnx onnxscript") from None
    names = [_onnx_name(t) for t in tensors]
    kwargs = {"input_names": names, "output_names": output_names}
    if dynamic_batch and any(_dynamic_batch(tensors)):
        kwargs["dynamic_shapes"] = _dynamic_batch(tensors)
    return torch.onnx.export(module, example, path, **kwargs)


__all__ = ["export_program", "example_inputs", "FORMATS"]

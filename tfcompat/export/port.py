"""The exit: a graph's part as one self-contained PyTorch source file.

`module_source` writes what `to_torch(...).code` shows when every op has a plain-PyTorch form
(port_ops.py): imports of `torch`, `torch.nn.functional` and `math` only, the few helper functions
the ops need, and one `nn.Module` subclass whose `__init__` declares the parameters and buffers
(named after the TF variables, zero-filled) and whose `forward` is the generated code. The values
travel as a state_dict: `module.load_state_dict(torch.load("model.pt"))`.
`write_port` writes the `.py` file and the `.pt` state_dict (the `tfcompat port` command).
"""
from __future__ import annotations

import os
import re

import torch

from tfcompat.export import port_helpers
from tfcompat.export.module import ExportError

_HEADER = '''"""{title}

Written by `tfcompat port` from a TensorFlow graph: plain PyTorch, tfcompat is not needed.
Inputs: {inputs}. Outputs: {outputs}.
Parameters and buffers are named after the TF variables (`dense/kernel` -> `dense.kernel`);
load their values with `model.load_state_dict(torch.load("<the .pt file>"))`.
"""
import math

import torch
import torch.nn.functional as F
'''


def _zeros(value) -> str:
    dims = ", ".join(str(d) for d in value.shape)
    dtype = "" if value.dtype == torch.float32 else ", dtype=torch.%s" % str(value.dtype).split(".")[-1]
    if not dims:
        return "torch.zeros((), %s)" % dtype[2:] if dtype else "torch.zeros(())"
    return "torch.zeros(%s%s)" % (dims, dtype)


def _declarations(root) -> list:
    """`__init__` lines recreating root's submodules, parameters and buffers (zero-filled)."""
    lines = []
    for path, _ in root.named_modules():
        if path:
            lines.append("self.%s = torch.nn.Module()" % path)
    for path, param in root.named_parameters():
        lines.append("self.%s = torch.nn.Parameter(%s%s)" % (
            path, _zeros(param), "" if param.requires_grad else ", requires_grad=False"))
    for path, buffer in root.named_buffers():
        owner, _, leaf = path.rpartition(".")
        lines.append("self%s.register_buffer(%r, %s)" % ("." + owner if owner else "", leaf,
                                                        _zeros(buffer)))
    return lines


def module_source(root, forward_source, helpers, class_name, inputs, outputs, title) -> str:
    """The whole file: header, helpers, class (see the module docstring)."""
    init = ["def __init__(self):", "    super().__init__()"]
    init += ["    " + line for line in _declarations(root)]
    body = init + [""] + forward_source.rstrip("\n").split("\n")
    text = _HEADER.format(title=title, inputs=inputs, outputs=outputs)
    text += port_helpers.source_of(helpers)
    text += "\n\nclass %s(torch.nn.Module):\n" % class_name
    text += "\n".join(("    " + line) if line else "" for line in body) + "\n"
    return text


def instantiate(source, class_name, state, device):
    """Runs `source` and returns its module, holding `state` (a state_dict), on `device`."""
    namespace: dict = {"__name__": "tfcompat_port_" + class_name}
    exec(compile(source, "<tfcompat port %s>" % class_name, "exec"), namespace)  # noqa: S102
    module = namespace[class_name]()
    module.load_state_dict(state)
    return module.to(device)


def class_name_for(outputs) -> str:
    base = re.sub(r"\W", "_", outputs[0].op.name.split("/")[0]).strip("_") or "Model"
    return "".join(part[:1].upper() + part[1:] for part in base.split("_")) + "Module" \
        if not base[0].isdigit() else "Model"


def write_port(module, path) -> tuple:
    """Writes `module.code` to `<path>.py` and its state_dict to `<path>.pt` (`path` may end in
    either); returns both paths. The module must be standalone (every op in plain PyTorch)."""

    if not getattr(module, "standalone", False):
        raise ExportError("these ops have no plain-PyTorch form, so the module needs tfcompat "
                          "(`tfcompat export` to a .pt2 program may still work): %s"
                          % "; ".join(getattr(module, "not_portable", [])))
    stem = os.path.splitext(path)[0] if path.endswith((".py", ".pt", ".pth")) else path
    directory = os.path.dirname(os.path.abspath(stem))
    if not os.path.isdir(directory):
        raise ExportError("write_port: output directory %s does not exist" % directory)
    with open(stem + ".py", "w", encoding="utf-8") as f:
        f.write(module.code)
    torch.save({k: v.detach().cpu() for k, v in module.state_dict().items()}, stem + ".pt")
    return stem + ".py", stem + ".pt"

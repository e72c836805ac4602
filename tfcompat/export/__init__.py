"""Leaving TensorFlow: `to_torch` turns part of a graph into a `torch.nn.Module` whose parameters
are the session's variables and whose `forward` is generated, readable Python (`module.code`);
`checkpoint.convert` (the `tfcompat convert-checkpoint` command) turns a TF checkpoint into a
PyTorch state_dict with the same names (`dense/kernel` -> `dense.kernel`).

>>> module = tfcompat.export.to_torch(sess, inputs=[x], outputs=logits)
>>> print(module.code)
>>> module(torch.randn(8, 4))
"""
from __future__ import annotations

import torch

from tfcompat.export.module import ExportError
from tfcompat.export.module import ModuleCompiler
from tfcompat.export.module import TFModule
from tfcompat.export.module import torch_name
from tfcompat.client import plan as plan_lib
from tfcompat.client.session import BaseSession
from tfcompat.client.session import Session
from tfcompat.export import port
from tfcompat.export.program import export_program as _export_program
from tfcompat.framework.graph import Graph
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.operation import Tensor

__all__ = ["to_torch", "TFModule", "ExportError", "torch_name"]


def export_program(*args, **kwargs):
    """`to_torch` written as a .pt2 (torch.export), TorchScript or ONNX artifact (program.py)."""
    return _export_program(*args, **kwargs)


__all__ += ["export_program"]


def _as_tensor(graph, item, what):

    if isinstance(item, str):
        item = graph.as_graph_element(item, allow_tensor=True, allow_operation=False)
    elif hasattr(item, "_as_graph_element") and not isinstance(item, Tensor):
        item = item._as_graph_element()
    if not isinstance(item, Tensor):
        raise TypeError("to_torch %s must be Tensors (or their names), got %r" % (what, item))
    if item.graph is not graph:
        raise ValueError("to_torch: %s %s is not in the exported graph" % (what, item.name))
    return item


def _structure(graph, outputs):
    if isinstance(outputs, dict):
        keys = list(outputs)
        return [_as_tensor(graph, outputs[k], "outputs") for k in keys], ("dict", keys)
    if isinstance(outputs, (list, tuple)):
        return [_as_tensor(graph, o, "outputs") for o in outputs], ("tuple",)
    return [_as_tensor(graph, outputs, "outputs")], ("single",)


def _session_for(session_or_graph):
    """(session, graph, close_after): a Graph gets a fresh session with its variables
    initialized by their initializers."""

    if isinstance(session_or_graph, BaseSession):
        return session_or_graph, session_or_graph.graph, False
    if not isinstance(session_or_graph, Graph):
        raise TypeError("to_torch takes a tf.Session or a tf.Graph, got %r" % (session_or_graph,))

    session = Session(graph=session_or_graph)
    inits = [v.initializer for v in session_or_graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
             if getattr(v, "initializer", None) is not None]
    if inits:
        session.run(inits)
    return session, session_or_graph, True


def _input_name(t) -> str:
    base = t.op.name.split("/")[-1] if t.op.type == "Placeholder" else t.op.name
    return base if t.value_index == 0 else "%s_%d" % (base, t.value_index)


def to_torch(session_or_graph, inputs, outputs, *, device=None,
             trainable_constants=False) -> TFModule:
    """Returns a `torch.nn.Module` computing `outputs` from `inputs`, as the graph does.

    `inputs`: the tensors (usually placeholders) that become `forward`'s arguments, in order;
    `outputs`: a tensor, a list/tuple (forward returns a tuple) or a dict (returns a dict).
    Variables the outputs read become parameters (non-trainable ones become buffers) holding
    the session's current values; with a Graph instead of a Session they hold fresh
    initializer values. Float constants (the weights of a frozen graph) become buffers, or
    parameters with `trainable_constants=True`. `device` (default: CPU) is where the values
    live; the module can be moved later with `.to()`. `module.code` is forward's source.

    Differences from a TF run: forward takes torch tensors of the placeholders' dtypes (no
    feed conversion), and random ops draw from torch's global generator.
    """

    session, graph, close = _session_for(session_or_graph)
    try:
        inputs = [inputs] if not isinstance(inputs, (list, tuple)) else list(inputs)
        fed = [_as_tensor(graph, i, "inputs") for i in inputs]
        fetches, structure = _structure(graph, outputs)
        needed = plan_lib.needed_ops(fetches, [], frozenset(fed))
        order = plan_lib.order_ops(needed, frozenset(fed))
        _check_exportable(order)
        trainable = {getattr(v, "op", None) for v in graph.get_collection("trainable_variables")}
        root = TFModule()
        compiler = ModuleCompiler(root, session._state, device or torch.device("cpu"), order,
                                  fed, fetches, [_input_name(t) for t in fed], trainable,
                                  trainable_constants)
        forward, source = compiler.build(structure)
    finally:
        if close:
            session.close()
    if compiler.foreign:
        module = _tied_module(root, forward, source, compiler.foreign)
    else:
        module = _standalone_module(root, source, compiler.helpers, fed, fetches,
                                    device or torch.device("cpu"))
    module.tf_names = dict(compiler.tf_names)
    module.input_names = tuple(t.name for t in fed)
    module.output_names = tuple(t.name for t in fetches)
    return module


def _describe(tensors) -> str:
    return ", ".join("%s (%s)" % (t.name, _spec(t)) for t in tensors)


def _spec(t) -> str:
    shape = t.shape
    dims = "?" if shape.ndims is None else ", ".join(
        "None" if d is None else str(d) for d in shape.as_list())
    return "%s, [%s]" % (t.dtype.base_dtype.name, dims)


def _standalone_module(root, forward_source, helpers, fed, fetches, device):
    """Every op had a plain-PyTorch form: the module is an instance of the class its own
    source (`module.code`) defines, so the code shown is the code that runs."""

    class_name = port.class_name_for(fetches)
    source = port.module_source(root, forward_source, helpers, class_name, _describe(fed),
                                _describe(fetches), "%s as a PyTorch module." % class_name)
    module = port.instantiate(source, class_name, root.state_dict(), device)
    module.__class__ = type(class_name, (module.__class__, TFModule), {"__module__": __name__})
    module.code, module.standalone, module.not_portable = source, True, []
    return module


def _tied_module(root, forward, forward_source, foreign):
    """Some ops run through their tfcompat lowerings: the module needs tfcompat installed."""
    cls = type("TFModule", (TFModule,), {"forward": forward, "__module__": __name__})
    root.__class__ = cls
    why = ["%s: %s" % (op.name, reason) for op, reason in foreign]
    root.code = "# needs tfcompat (no plain-PyTorch form): %s\n%s" % ("; ".join(why),
                                                                     forward_source)
    root.standalone, root.not_portable = False, why
    return root


def _check_exportable(order):
    for op in order:
        if op.type == "Placeholder":
            raise ExportError(
                "to_torch: the outputs depend on placeholder '%s', which is not in `inputs`; "
                "add it to inputs (or build it with tf.placeholder_with_default)" % op.name)
        if op.op_def is None or op.op_def.lower is None:
            raise ExportError("to_torch: tfcompat has no lowering for op type '%s' (op '%s')"
                              % (op.type, op.name))

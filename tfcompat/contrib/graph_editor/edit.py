"""`tf.contrib.graph_editor.edit`: detaching, connecting and bypassing subgraphs (TF 1.15's
graph_editor/edit.py)."""
from __future__ import annotations

from tfcompat.contrib.graph_editor import reroute
from tfcompat.contrib.graph_editor import select
from tfcompat.contrib.graph_editor import subgraph
from tfcompat.contrib.graph_editor import util
from tfcompat.ops import array_ops

__all__ = ["detach_control_inputs", "detach_control_outputs", "detach_inputs",
           "detach_outputs", "detach", "connect", "bypass"]


def detach_control_inputs(sgv):
    """Removes the control inputs of `sgv`'s ops that come from outside it."""
    sgv = subgraph.make_view(sgv)
    for op in sgv.ops:
        reroute.remove_control_inputs(op, [c for c in op.control_inputs if c not in sgv.ops])


def detach_control_outputs(sgv, control_outputs):
    """Removes `sgv`'s ops from the control inputs of the ops outside it."""
    if not isinstance(control_outputs, util.ControlOutputs):
        raise TypeError("Expected a util.ControlOutputs, got: {}", type(control_outputs))
    control_outputs.update()
    sgv = subgraph.make_view(sgv)
    for op in sgv.ops:
        for cop in control_outputs.get(op):
            if cop not in sgv.ops:
                reroute.remove_control_inputs(cop, op)


def detach_inputs(sgv, control_inputs=False):
    """Feeds `sgv` from new placeholders (`geph__...`); returns `(sgv, placeholders)`."""
    sgv = subgraph.make_view(sgv)
    with sgv.graph.as_default():
        placeholders = [array_ops.placeholder(dtype=t.dtype, name=util.placeholder_name(t))
                        for t in sgv.inputs]
    reroute.swap_inputs(sgv, placeholders)
    if control_inputs:
        detach_control_inputs(sgv)
    return sgv, placeholders


def detach_outputs(sgv, control_outputs=None):
    """Makes the consumers of `sgv`'s outputs read new placeholders instead; returns
    `(sgv, placeholders)`."""
    sgv = subgraph.make_view(sgv)
    sgv_ = sgv.remap_outputs([i for i, t in enumerate(sgv.outputs) if t.consumers()])
    consumers_sgv = subgraph.SubGraphView(sgv_.consumers())
    consumers_sgv = consumers_sgv.remap_inputs(
        [i for i, t in enumerate(consumers_sgv.inputs) if t in sgv_.outputs])
    with sgv_.graph.as_default():
        placeholders = [util.make_placeholder_from_tensor(t) for t in consumers_sgv.inputs]
    reroute.swap_outputs(sgv_, placeholders)
    if control_outputs is not None:
        detach_control_outputs(sgv_, control_outputs)
    return sgv_, placeholders


def detach(sgv, control_inputs=False, control_outputs=None, control_ios=None):
    """Detaches inputs and outputs; returns `(sgv, input_placeholders,
    output_placeholders)`."""
    control_inputs, control_outputs = select.check_cios(control_inputs, control_outputs,
                                                        control_ios)
    _, detached_inputs = detach_inputs(sgv, control_inputs)
    _, detached_outputs = detach_outputs(sgv, control_outputs)
    return sgv, detached_inputs, detached_outputs


def connect(sgv0, sgv1, disconnect_first=False):
    """Makes `sgv1` read the outputs of `sgv0`; returns `(sgv0, sgv1)`."""
    sgv0, sgv1 = subgraph.make_view(sgv0), subgraph.make_view(sgv1)
    util.check_graphs(sgv0, sgv1)
    if disconnect_first:
        detach_outputs(sgv0)
    reroute.reroute_inputs(subgraph.SubGraphView(passthrough_ts=sgv0.outputs), sgv1)
    return sgv0, sgv1


def bypass(sgv):
    """Connects `sgv`'s inputs to the consumers of its outputs; returns `(sgv,
    detached_input_placeholders)`."""
    sgv = subgraph.make_view(sgv)
    sgv_inputs = list(sgv.inputs)
    sgv, detached_inputs = detach_inputs(sgv)
    reroute.reroute_ts(sgv_inputs, sgv.outputs)
    return sgv, detached_inputs

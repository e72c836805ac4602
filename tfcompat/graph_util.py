"""The `tf.graph_util` namespace: GraphDef surgery for deployment. `convert_variables_to_constants`
freezes a graph (variables become Consts holding their session values),
`extract_sub_graph` keeps what some nodes need, `remove_training_nodes` drops `CheckNumerics`
and splices out `Identity` nodes. All work on GraphDef protos and return new ones.
"""
from __future__ import annotations

import copy
import logging
import re

from tfcompat._lazy import lazy_module as _lazy_module
from tfcompat.client.plan import VARIABLE_OP_TYPES
from tfcompat.interchange.importer import import_graph_def

attr_value_pb2 = _lazy_module("tfcompat.io.proto.attr_value_pb2")  # protobuf loads on first use
graph_pb2 = _lazy_module("tfcompat.io.proto.graph_pb2")
node_def_pb2 = _lazy_module("tfcompat.io.proto.node_def_pb2")
tensor_proto = _lazy_module("tfcompat.io.tensor_proto")
graph_def_io = _lazy_module("tfcompat.io.graph_def")

__all__ = ["convert_variables_to_constants", "extract_sub_graph", "remove_training_nodes",
           "must_run_on_cpu", "tensor_shape_from_node_def_name", "import_graph_def"]

_log = logging.getLogger("tensorflow")   # as TF logs: "INFO:tensorflow:..." (tf_logging.py)


def _node_name(text: str) -> str:
    return text[1:] if text.startswith("^") else text.split(":")[0]


def _check_graph_def(graph_def):
    """A GraphDef (ours, or TF's own message class); a Graph is a TypeError, as in TF."""
    try:
        if hasattr(graph_def, "as_graph_def"):
            raise TypeError
        return graph_def_io.as_graph_def(graph_def)
    except TypeError:
        raise TypeError("graph_def must be a graph_pb2.GraphDef proto, but got type %s."
                        % type(graph_def)) from None


def extract_sub_graph(graph_def, dest_nodes):
    """The nodes `dest_nodes` need (through data and control inputs), in their original order
    (TF1 `tf.graph_util.extract_sub_graph`)."""
    graph_def = _check_graph_def(graph_def)
    if isinstance(dest_nodes, str):
        raise TypeError("dest_nodes must be an iterable of strings, but got type %s."
                        % type(dest_nodes))
    by_name = {node.name: node for node in graph_def.node}
    order = {node.name: i for i, node in enumerate(graph_def.node)}
    for name in dest_nodes:
        if name not in by_name:
            raise AssertionError("%s is not in graph" % name)
    keep, stack = set(), list(dest_nodes)
    while stack:
        name = stack.pop()
        if name in keep:
            continue
        keep.add(name)
        stack.extend(_node_name(text) for text in by_name[name].input)
    out = graph_pb2.GraphDef()
    for name in sorted(keep, key=order.__getitem__):
        out.node.add().CopyFrom(by_name[name])
    out.library.CopyFrom(graph_def.library)
    out.versions.CopyFrom(graph_def.versions)
    return out


def convert_variables_to_constants(sess, input_graph_def, output_node_names,
                                   variable_names_whitelist=None,
                                   variable_names_blacklist=None):
    """Freezes a graph: the subgraph of `output_node_names`, with every variable replaced by a
    Const of the same name holding its value in `sess` (TF1
    `tf.graph_util.convert_variables_to_constants`).

    >>> frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ['out'])
    """
    inference = extract_sub_graph(input_graph_def, output_node_names)
    names = []
    for node in inference.node:
        if node.op not in VARIABLE_OP_TYPES and node.op != "VarHandleOp":
            continue
        if variable_names_whitelist is not None and node.name not in variable_names_whitelist:
            continue
        if variable_names_blacklist is not None and node.name in variable_names_blacklist:
            continue
        names.append(node.name)
    by_name = {node.name: node for node in inference.node}
    fetches = [_value_fetch(sess, by_name[name]) for name in names]
    values = dict(zip(names, sess.run(fetches))) if names else {}
    _log.info("Froze %d variables.", len(values))
    out, axes = graph_pb2.GraphDef(), []
    for node in inference.node:
        if node.name in values:
            out.node.add().CopyFrom(_const_node(node, values[node.name]))
        elif node.op in ("ReadVariableOp", "ResourceGather") and node.input and \
                _node_name(node.input[0]) in values:
            out.node.add().CopyFrom(_resource_read_node(node, axes))
        else:
            out.node.add().CopyFrom(node)
    out.node.extend(axes)   # as TF's: the new axis Consts go last
    out.library.CopyFrom(inference.library)
    out.versions.CopyFrom(inference.versions)
    _log.info("Converted %d variables to const ops.", len(values))
    return out


def _value_fetch(sess, node):
    """What gives a variable's value: its ref tensor, or a resource variable's read (TF's
    `<v>/Read/ReadVariableOp`, else another read of it without control inputs)."""
    if node.op != "VarHandleOp":
        return node.name + ":0"
    handle = sess.graph.get_operation_by_name(node.name).outputs[0]
    reads = [op for op in handle.consumers()
             if op.type == "ReadVariableOp" and not op.control_inputs]
    reads.sort(key=lambda op: op.name != node.name + "/Read/ReadVariableOp")
    if not reads:
        raise ValueError("convert_variables_to_constants: no read of the resource variable %s "
                         "to take its value from (expected %s/Read/ReadVariableOp)"
                         % (node.name, node.name))
    return reads[0].outputs[0]


def _resource_read_node(node, axes):
    """TF's rewrite of the reads of a frozen resource variable: ReadVariableOp -> Identity,
    ResourceGather -> GatherV2 (with a Const axis `<name>/axis`)."""
    out = node_def_pb2.NodeDef(name=node.name)
    if "_class" in node.attr:
        out.attr["_class"].CopyFrom(node.attr["_class"])
    if node.op == "ReadVariableOp":
        out.op = "Identity"
        out.input.append(node.input[0])
        out.attr["T"].CopyFrom(node.attr["dtype"])
        return out
    index_type = node.attr["Tindices"]
    axis = node_def_pb2.NodeDef(name=node.name + "/axis", op="Const")
    axis.attr["dtype"].CopyFrom(index_type)
    axis.attr["value"].CopyFrom(attr_value_pb2.AttrValue(tensor=tensor_proto.make_tensor_proto(
        node.attr["batch_dims"].i, dtype=index_type.type)))
    out.op = "GatherV2"
    out.input.extend([node.input[0], node.input[1], axis.name])
    out.attr["Tparams"].CopyFrom(node.attr["dtype"])
    out.attr["Tindices"].CopyFrom(index_type)
    out.attr["Taxis"].CopyFrom(index_type)
    axes.append(axis)
    return out


def _const_node(variable_node, value):
    node = node_def_pb2.NodeDef(name=variable_node.name, op="Const")
    dtype = variable_node.attr["dtype"]
    node.attr["dtype"].CopyFrom(dtype)
    node.attr["value"].CopyFrom(attr_value_pb2.AttrValue(
        tensor=tensor_proto.make_tensor_proto(value, dtype=dtype.type)))
    return node


def _colocated_name(group: bytes) -> str:
    text = group.decode("utf-8")
    return text[5:] if text.startswith("loc:@") else text


def remove_training_nodes(input_graph, protected_nodes=None):
    """Drops `CheckNumerics` nodes and splices out `Identity` nodes (unless protected,
    colocation targets or involved in control edges) (TF1 `tf.graph_util.remove_training_nodes`)."""
    input_graph = _check_graph_def(input_graph)
    protected = set(protected_nodes or ())
    removed = {n.name for n in input_graph.node if n.op == "CheckNumerics"
               and n.name not in protected}
    kept = []
    for node in input_graph.node:
        if node.name in removed:
            continue
        new = copy.deepcopy(node)
        del new.input[:]
        new.input.extend(x for x in node.input if re.sub(r"^\^", "", x) not in removed)
        kept.append(new)
    control_inputs, with_control, colocated = set(), set(), set()
    for node in kept:
        for text in node.input:
            if "^" in text:
                control_inputs.add(text.replace("^", ""))
                with_control.add(node.name)
        if "_class" in node.attr:
            colocated.update(_colocated_name(g) for g in node.attr["_class"].list.s)
    splice = {n.name: n.input[0] for n in kept
              if n.op in ("Identity", "StopGradient") and n.name not in protected
              and n.name not in colocated
              and n.name not in with_control and n.name not in control_inputs}
    out = graph_pb2.GraphDef()
    for node in kept:
        if node.name in splice:
            continue
        new = out.node.add()
        new.CopyFrom(node)
        del new.input[:]
        for text in node.input:
            name = re.sub(r"^\^", "", text)
            while name in splice:
                text = splice[name]
                name = re.sub(r"^\^", "", text)
            new.input.append(text)
    # TF drops the function library here, breaking a graph whose nodes call functions (tfcompat's
    # functional If/While); keeping it changes nothing for a graph without functions
    out.library.CopyFrom(input_graph.library)
    return out


_VARIABLE_OPS = frozenset({"Assign", "AssignAdd", "AssignSub", "Queue", "ScatterAdd",
                           "ScatterSub", "ScatterUpdate", "TruncatedNormal", "Variable",
                           "VariableV2"})
_DT_STRING, _DT_INT32 = 7, 3


def must_run_on_cpu(node, pin_variables_on_cpu=False):
    """True for nodes TF1 pins to the CPU: string/int32 Consts, int32 DynamicStitch and Cast,
    and variable ops if `pin_variables_on_cpu` (an Operation or a NodeDef)."""
    node_def = node.node_def if hasattr(node, "node_def") else node
    if pin_variables_on_cpu and node_def.op in _VARIABLE_OPS:
        return True
    if node_def.op == "Const":
        return node_def.attr["dtype"].type in (_DT_STRING, _DT_INT32)
    if node_def.op in ("DynamicStitch", "ParallelDynamicStitch"):
        return node_def.attr["T"].type == _DT_INT32
    if node_def.op == "Cast":
        return node_def.attr["SrcT"].type == _DT_INT32
    return False


def tensor_shape_from_node_def_name(graph, input_name):
    """The static shape of tensor `input_name` (`'x'` means `'x:0'`) in `graph`."""
    name = input_name if ":" in input_name else input_name + ":0"
    return graph.get_tensor_by_name(name).get_shape()


from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("graph_util", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('graph_util', __name__)   # TF's names, not this module's imports

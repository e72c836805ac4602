"""Graph -> `GraphDef`/`NodeDef` protos, as TensorFlow writes them, and `tf.train.write_graph`.

A NodeDef carries TF's full attr set for its op type (from TF's OpDef: tfcompat's attrs, TF's
defaults for the rest, `T`/`N`-style attrs read off the inputs), the op's device, its data inputs
(`"x"`, `"split:1"`) then its control inputs (`"^init"`). Importing lives in
interchange/importer.py; meta graphs in train/meta_graph.py.
"""
from __future__ import annotations

import os

from google.protobuf import text_format

from tfcompat.io import op_defs
from tfcompat.io.proto import graph_pb2
from tfcompat.io.proto import node_def_pb2
from tfcompat.io.proto import versions_pb2
from tfcompat.io import function_export
from tfcompat.io import internal_op_export
from tfcompat.io import rnn_export
from tfcompat.io.checkpoint import _atomic_files

EXTRA_ATTR_PREFIX = "_tfcompat_attr_"

# The GraphDef version of the TensorFlow release whose op semantics tfcompat reproduces (2.21).
PRODUCER = 2474
MIN_CONSUMER = 0

__all__ = ["node_def_of", "graph_to_graph_def", "versions_def", "write_graph", "tensor_input_name",
           "PRODUCER"]


def attr_from_proto(value):
    """An AttrValue proto (TF's `Operation._set_attr` argument) as tfcompat's attr value."""
    return op_defs.from_attr_value(value)


def versions_def() -> versions_pb2.VersionDef:
    return versions_pb2.VersionDef(producer=PRODUCER, min_consumer=MIN_CONSUMER)


def tensor_input_name(tensor) -> str:
    """`"op"` for output 0, `"op:k"` otherwise (TF's NodeDef input syntax)."""
    index = tensor.value_index
    return tensor.op.name if index == 0 else "%s:%d" % (tensor.op.name, index)


def _encodable_attrs(op, tf_def) -> dict:
    """The op's attrs as TF would hold them: tfcompat's values for TF's attrs, TF's defaults for
    the rest, and type/number attrs read off the inputs and outputs."""
    values = dict(op._attrs)
    tf_names = {a.name for a in tf_def.attr}
    for name, default in (op.op_def.attrs.items() if op.op_def is not None else ()):
        if name in tf_names and name not in values and default is not None:
            values[name] = default
    inferred = op_defs.infer_type_attrs(tf_def, values, [t.dtype for t in op._inputs],
                                        [t.dtype for t in op._outputs])
    values.update(inferred)
    return values


def _same(a, b) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _extra_attrs(op, tf_names) -> dict:
    """tfcompat's attrs that TF's OpDef lacks (a loop's `back_prop`, a queue's `shapes`),
    where they differ from tfcompat's default: written as `_tfcompat_attr_<name>` (TF ignores
    attrs starting with `_`), read back by the importer."""
    registered = op.op_def.attrs if op.op_def is not None else {}
    out = {}
    for name, value in op._attrs.items():
        if name.startswith("_") or name in tf_names or value is None:
            continue
        if name in registered and _same(value, registered[name]):
            continue
        encoded = op_defs.to_attr_value(value, dtype_hint=op._attrs.get("dtype"))
        if encoded is not None:
            out[EXTRA_ATTR_PREFIX + name] = encoded
    return out


def _attr_map(op) -> dict:
    """name -> AttrValue for the NodeDef of ``op``."""
    tf_def = op_defs.tf_op_def(op.type)
    out = {}
    if tf_def is None:  # an op type TF lacks: tfcompat's encodable attrs, by Python type
        for name, value in op._attrs.items():
            encoded = op_defs.to_attr_value(value, dtype_hint=op._attrs.get("dtype"))
            if encoded is not None:
                out[name] = encoded
        return out
    values = _encodable_attrs(op, tf_def)
    hint = values.get("dtype")
    for attr in tf_def.attr:
        if attr.name in values:
            encoded = op_defs.to_attr_value(values[attr.name], attr.type, hint)
            if encoded is not None:
                out[attr.name] = encoded
                continue
        if attr.HasField("default_value"):
            out[attr.name] = attr.default_value
    for name, value in op._attrs.items():  # internal annotations: `_class`, ...
        if name.startswith("_") and name not in out:
            encoded = op_defs.to_attr_value(value)
            if encoded is not None:
                out[name] = encoded
    out.update(_extra_attrs(op, {a.name for a in tf_def.attr}))
    for name, (value, proto) in getattr(op, "_imported_attrs", {}).items():
        if op._attrs.get(name) is value:  # imported and unchanged: as it was written
            out[name] = proto
    return out


def node_def_of(op, add_shapes: bool = False, sort_controls: bool = False):
    """The NodeDef of ``op`` (TF's ``op.node_def``). In a GraphDef (``sort_controls``) the
    control inputs are sorted by name, as TF serializes graphs.

    Encoding attrs is most of the cost of `Graph.as_graph_def`, which hooks, savers and
    summary writers call again and again on a graph that mostly did not change: each op keeps
    its last NodeDef with what it was made from (inputs, control inputs, device, the attr
    values themselves, output shapes), and a caller gets a copy of it while those are the
    same objects."""
    made_from = _node_sources(op, add_shapes)
    caches = op.__dict__.setdefault("_node_def_cache", {})
    cached = caches.get((add_shapes, sort_controls))
    if cached is not None and _same_sources(cached[0], made_from):
        node = node_def_pb2.NodeDef()
        node.CopyFrom(cached[1])
        return node
    node = _make_node_def(op, add_shapes, sort_controls)
    cache = node_def_pb2.NodeDef()
    cache.CopyFrom(node)
    caches[(add_shapes, sort_controls)] = (made_from, cache)
    return node


def _node_sources(op, add_shapes) -> tuple:
    shapes = tuple(t._shape for t in op._outputs) if add_shapes else ()
    return ((op.name, op.type, op.device or "", tuple(op._attrs)),
            (*op._inputs, None, *op._control_inputs, None, *op._attrs.values(), None,
             getattr(op, "_imported_attrs", None), *shapes))


def _same_sources(old, new) -> bool:
    """Equal names and flags, and the very same objects (held by the cache, so no id of a
    freed object can come back)."""
    return old[0] == new[0] and len(old[1]) == len(new[1]) and \
        all(a is b for a, b in zip(old[1], new[1]))


def _make_node_def(op, add_shapes, sort_controls):
    node = node_def_pb2.NodeDef(name=op.name, op=op.type, device=op.device or "")
    node.input.extend(tensor_input_name(t) for t in op._inputs)
    data_ops = {t.op for t in op._inputs}
    controls = ["^" + c.name for c in op._control_inputs if c not in data_ops]
    node.input.extend(sorted(controls) if sort_controls else controls)
    for name, value in _attr_map(op).items():
        node.attr[name].CopyFrom(value)
    if add_shapes and op._outputs:
        shapes = node.attr["_output_shapes"].list.shape
        for t in op._outputs:
            shapes.add().CopyFrom(op_defs.shape_proto(t.shape))
    return node


def graph_to_graph_def(graph, add_shapes: bool = False) -> graph_pb2.GraphDef:
    """The GraphDef of ``graph``: its ops in creation order (TF's ``Graph.as_graph_def``).

    Control-flow ops are written as TF's functional ops with their functions in
    ``library`` (io/function_export.py), `tf.gradients` results as TF ops that compute them
    (io/gradient_export.py), tfcompat's other internal ops as the TF ops computing them
    (io/internal_op_export.py), fused RNN ops as calls of unrolled functions
    (io/rnn_export.py).
    """
    graph_def = graph_pb2.GraphDef()
    graph_def.versions.CopyFrom(getattr(graph, "_graph_def_versions", None) or versions_def())
    library = getattr(graph, "_function_library", None)
    if library is not None:
        graph_def.library.CopyFrom(library)
    export = function_export.GraphExport(graph, add_shapes)
    scope = function_export.MainScope(export)
    for op in export.main_ops():
        if op.type in internal_op_export.INTERNAL_TYPES:
            internal_op_export.write_internal(export, scope, op)
            continue
        node = node_def_of(op, add_shapes, sort_controls=True)
        if not (op.type in rnn_export.FUSED_RNN_TYPES and
                rnn_export.write_fused_rnn(export, op, node)):
            export.finish_node(op, node, scope)
        scope.nodes.append(node)
    graph_def.node.extend(scope.nodes)
    if export.library.function:
        graph_def.library.function.extend(export.library.function)
    export.warn_problems(graph)
    return graph_def


def as_graph_def(graph_or_graph_def, add_shapes: bool = False):
    """A GraphDef of ours from a Graph, a GraphDef of ours, or another GraphDef-like message
    (TensorFlow's or tensorboard's own class)."""
    if isinstance(graph_or_graph_def, graph_pb2.GraphDef):
        return graph_or_graph_def
    if hasattr(graph_or_graph_def, "as_graph_def"):
        return graph_or_graph_def.as_graph_def(add_shapes=add_shapes)
    descriptor = getattr(graph_or_graph_def, "DESCRIPTOR", None)
    if descriptor is not None and descriptor.name == "GraphDef":
        return graph_pb2.GraphDef.FromString(graph_or_graph_def.SerializeToString())
    raise TypeError("graph_def must be a GraphDef proto.")


def write_graph(graph_or_graph_def, logdir, name, as_text=True) -> str:
    """Writes a graph (or GraphDef) to ``logdir/name`` (TF1 `tf.train.write_graph`): protobuf
    text format by default, binary with ``as_text=False``. Returns the path.

    >>> tf.train.write_graph(sess.graph_def, '/tmp/model', 'graph.pbtxt')
    '/tmp/model/graph.pbtxt'
    """
    graph_def = as_graph_def(graph_or_graph_def)
    if not str(logdir).startswith(("gs://", "s3://")):
        os.makedirs(logdir, exist_ok=True)
    path = os.path.join(logdir, name)
    data = (text_format.MessageToString(graph_def).encode("utf-8") if as_text
            else graph_def.SerializeToString(deterministic=True))
    with _atomic_files(path) as (f,):
        f.write(data)
    return path


"""Meta graphs: `tf.train.export_meta_graph` / `tf.train.import_meta_graph`.

A `MetaGraphDef` is the GraphDef (with `_output_shapes`), the OpDefs of the op types it uses
(`stripped_op_list`), the graph's collections (variables as `VariableDef`s, ops and tensors by
name, numbers, strings) and optionally a `SaverDef`. Importing rebuilds the ops
(interchange/importer.py), the Variables and collections, and returns a Saver.
"""
from __future__ import annotations

import logging
import os
import re

from google.protobuf import text_format
from google.protobuf.message import DecodeError

from tfcompat import _version
from tfcompat import errors
from tfcompat.interchange import function_import
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.operation import Operation
from tfcompat.framework.operation import Tensor
from tfcompat.io import op_defs
from tfcompat.io.graph_def import as_graph_def
from tfcompat.io.proto import meta_graph_pb2
from tfcompat.io.proto import node_def_pb2
from tfcompat.io.proto import op_def_pb2
from tfcompat.io.proto import queue_runner_pb2
from tfcompat.io.proto import saver_pb2
from tfcompat.io.proto import variable_pb2
from tfcompat.interchange.importer import import_graph_def
from tfcompat.io.checkpoint import _atomic_files
from tfcompat.variables import Variable
from tfcompat.resource_variable import ResourceVariable
from tfcompat.train.queue_runner import QueueRunner

__all__ = ["export_meta_graph", "read_meta_graph_file",
           "stripped_op_list_for_graph", "MetaGraphDef", "CollectionDef"]

_log = logging.getLogger("tensorflow")   # as TF logs: "INFO:tensorflow:..." (tf_logging.py)

MetaGraphDef = meta_graph_pb2.MetaGraphDef
CollectionDef = meta_graph_pb2.CollectionDef

# Collections whose items are Variables, written as serialized VariableDefs.
_VARIABLE_COLLECTIONS = frozenset({
    GraphKeys.GLOBAL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES, GraphKeys.LOCAL_VARIABLES,
    GraphKeys.MODEL_VARIABLES, GraphKeys.MOVING_AVERAGE_VARIABLES, GraphKeys.GLOBAL_STEP,
    GraphKeys.METRIC_VARIABLES, GraphKeys.CONCATENATED_VARIABLES,
    GraphKeys.TRAINABLE_RESOURCE_VARIABLES})
_UNBOUND = "$unbound_inputs_"


def stripped_op_list_for_graph(graph_def) -> op_def_pb2.OpList:
    """TF's OpDefs of the op types `graph_def` uses (in its functions too), sorted by name."""
    out = op_def_pb2.OpList()
    used = {node.op for node in graph_def.node}
    for function in graph_def.library.function:
        used.update(node.op for node in function.node_def)
    for op_type in sorted(used):
        op_def = op_defs.tf_op_def(op_type)
        if op_def is not None:
            out.op.add().CopyFrom(op_def)
    return out


# -- export --------------------------------------------------------------------------------

def _in_scope(name: str, scope: str | None) -> bool:
    return not scope or name.startswith(scope.rstrip("/") + "/")


def _strip(name: str, scope: str | None) -> str:
    if not scope:
        return name
    scope = scope.rstrip("/") + "/"
    if name.startswith("^"):
        return "^" + _strip(name[1:], scope)
    if name.startswith("loc:@"):
        return "loc:@" + _strip(name[5:], scope)
    return name[len(scope):] if name.startswith(scope) else _UNBOUND + name


def _scoped_graph_def(graph_def, export_scope, clear_devices, strip_default_attrs):
    out = type(graph_def)()
    out.versions.CopyFrom(graph_def.versions)
    if graph_def.HasField("library"):
        out.library.CopyFrom(graph_def.library)
        _scoped_library(out.library, export_scope, clear_devices, strip_default_attrs)
    unbound = set()
    for node in graph_def.node:
        if not _in_scope(node.name, export_scope):
            continue
        new = out.node.add()
        new.CopyFrom(node)
        if export_scope:
            new.name = _strip(node.name, export_scope)
            del new.input[:]
            for text in node.input:
                stripped = _strip(text, export_scope)
                if stripped.startswith(_UNBOUND):  # TF's scope filter drops '^$unbound_...'
                    unbound.add(stripped)
                new.input.append(stripped)
            if "_class" in new.attr:
                values = [_strip(s.decode(), export_scope).encode()
                          for s in new.attr["_class"].list.s]
                del new.attr["_class"].list.s[:]
                new.attr["_class"].list.s.extend(values)
            if function_import.ORIGINAL_ATTR in new.attr:  # the op it stands for, by name too
                unbound.update(_scoped_original(new, export_scope))
            if function_import.EXPANSION_ATTR in new.attr:
                new.attr[function_import.EXPANSION_ATTR].s = _strip(
                    new.attr[function_import.EXPANSION_ATTR].s.decode(), export_scope).encode()
        if clear_devices:
            new.device = ""
        if strip_default_attrs:
            _strip_defaults(new)
    return out, sorted(unbound)


def _scoped_original(node, export_scope) -> list:
    """Strips `export_scope` from the names in a node's `_tfcompat_node` (the op it stands
    for); returns the names outside the scope."""
    original = node_def_pb2.NodeDef.FromString(node.attr[function_import.ORIGINAL_ATTR].s)
    unbound = []
    names = [_strip(text, export_scope) for text in original.input]
    unbound.extend(n for n in names if n.startswith(_UNBOUND))
    del original.input[:]
    original.input.extend(names)
    original.name = node.name
    node.attr[function_import.ORIGINAL_ATTR].s = original.SerializeToString(deterministic=True)
    return unbound


def _scoped_library(library, export_scope, clear_devices, strip_default_attrs):
    """The function bodies as the main nodes: devices cleared, defaults stripped, and in
    functions holding graph names (`_tfcompat_scope`), the export scope stripped from them."""
    for function in library.function:
        renames = {}
        if export_scope and function_import.SCOPE_ATTR in function.attr:
            renames = {n.name: _strip(n.name, export_scope) for n in function.node_def
                       if _in_scope(n.name, export_scope)}
        for node in function.node_def:
            node.name = renames.get(node.name, node.name)
            refs = [_renamed_ref(text, renames) for text in node.input]
            del node.input[:]
            node.input.extend(refs)
            if clear_devices:
                node.device = ""
            if strip_default_attrs:
                _strip_defaults(node)
        for key, ref in list(function.ret.items()):
            function.ret[key] = _renamed_ref(ref, renames)


def _renamed_ref(text, renames):
    control = text.startswith("^")
    name, sep, rest = text.lstrip("^").partition(":")
    name = renames.get(name, name)
    return ("^" if control else "") + name + sep + rest


def _strip_defaults(node):
    op_def = op_defs.tf_op_def(node.op)
    for attr in op_def.attr if op_def is not None else ():
        if attr.name in node.attr and attr.HasField("default_value") and \
                node.attr[attr.name] == attr.default_value:
            del node.attr[attr.name]


def _add_collection(meta, key, items, export_scope):
    items = [x for x in items if _in_scope(getattr(x, "name", "") or "", export_scope)
             or not hasattr(x, "name")]
    if not items:
        return
    first = items[0]
    col = meta.collection_def[key]
    try:
        if key in _VARIABLE_COLLECTIONS:
            col.bytes_list.value.extend(
                v.to_proto(export_scope).SerializeToString() for v in items
                if v.to_proto(export_scope) is not None)
        elif key in (GraphKeys.SAVERS, GraphKeys.QUEUE_RUNNERS) and hasattr(first, "to_proto"):
            # a Saver built with defer_build has no SaverDef yet, a runner outside the export
            # scope none either: TF skips them silently
            protos = (s.to_proto(export_scope) for s in items)
            col.bytes_list.value.extend(p.SerializeToString() for p in protos if p is not None)
        elif isinstance(first, (Tensor, Operation)) or hasattr(first, "specs") or \
                hasattr(first, "initializer") and hasattr(first, "op"):
            # a saveable (a mutable lookup table's) is written by its name, as TF writes it;
            # so is a variable in a collection TF registers no VariableDef conversion for
            # (it comes back as the variable's tensor)
            col.node_list.value.extend(_strip(x.name, export_scope) for x in items)
        elif isinstance(first, bool) or not isinstance(first, (int, float, str, bytes)):
            raise TypeError(type(first).__name__)
        elif isinstance(first, int):
            col.int64_list.value.extend(items)
        elif isinstance(first, float):
            col.float_list.value.extend(items)
        else:
            col.bytes_list.value.extend(x.encode() if isinstance(x, str) else x for x in items)
    except (TypeError, ValueError, AttributeError) as e:
        _log.warning("Issue encountered when serializing %s. Type is unsupported, or the types "
                     "of the items don't match field type in CollectionDef. %s", key, e)
        del meta.collection_def[key]


def export_meta_graph(filename=None, meta_info_def=None, graph_def=None, saver_def=None,
                      collection_list=None, as_text=False, graph=None, export_scope=None,
                      clear_devices=False, clear_extraneous_savers=False,
                      strip_default_attrs=False, save_debug_info=False, **kwargs):
    """The graph (default: the default graph) as a `MetaGraphDef`, also written to
    `filename` if given (TF1 `tf.train.export_meta_graph`).

    Differences from TensorFlow: `clear_extraneous_savers` and `save_debug_info` are ignored.
    """
    graph = graph or graph_lib.get_default_graph()
    graph_def = (as_graph_def(graph_def) if graph_def is not None
                 else graph.as_graph_def(add_shapes=True))
    graph_def, unbound = _scoped_graph_def(graph_def, export_scope, clear_devices,
                                           strip_default_attrs)
    meta = meta_graph_pb2.MetaGraphDef()
    info = meta.meta_info_def
    if meta_info_def is not None:
        info.MergeFrom(meta_info_def)
    info.tensorflow_version = info.tensorflow_version or _version.VERSION
    info.tensorflow_git_version = info.tensorflow_git_version or _version.GIT_VERSION
    info.stripped_default_attrs = bool(strip_default_attrs)
    info.stripped_op_list.CopyFrom(stripped_op_list_for_graph(graph_def))
    meta.graph_def.CopyFrom(graph_def)
    if saver_def is not None:
        meta.saver_def.CopyFrom(_saver_def_proto(saver_def))
    keys = collection_list if collection_list is not None else graph.get_all_collection_keys()
    for key in keys:
        if isinstance(key, str):
            _add_collection(meta, key, graph.get_collection(key), export_scope)
    if unbound:  # TF's "unbound_inputs" collection: the renamed inputs, as strings
        meta.collection_def["unbound_inputs"].bytes_list.value.extend(
            name.encode() for name in unbound)
    if filename:
        _write(meta, filename, as_text)
    return meta


def _saver_def_proto(saver_def):
    if isinstance(saver_def, saver_pb2.SaverDef):
        return saver_def
    return saver_pb2.SaverDef.FromString(saver_def.SerializeToString())


def _write(meta, filename, as_text):
    parent = os.path.dirname(filename)
    if parent:
        os.makedirs(parent, exist_ok=True)
    data = (text_format.MessageToString(meta).encode("utf-8") if as_text
            else meta.SerializeToString(deterministic=True))
    with _atomic_files(filename) as (f,):
        f.write(data)


# -- import --------------------------------------------------------------------------------

def read_meta_graph_file(filename) -> meta_graph_pb2.MetaGraphDef:
    """A MetaGraphDef from a binary or text-format file."""
    if not os.path.exists(filename):
        raise OSError("File %s does not exist." % filename)
    with open(filename, "rb") as f:
        data = f.read()
    meta = meta_graph_pb2.MetaGraphDef()
    try:
        meta.ParseFromString(data)
    except DecodeError:
        try:
            text_format.Merge(data.decode("utf-8"), meta)
        except (text_format.ParseError, UnicodeDecodeError) as e:
            raise errors.unparsable_file(filename, e) from e
    return meta


def _as_meta_graph_def(value):
    if isinstance(value, meta_graph_pb2.MetaGraphDef):
        return value
    if isinstance(value, (str, bytes, os.PathLike)):
        return read_meta_graph_file(os.fsdecode(value))
    descriptor = getattr(value, "DESCRIPTOR", None)
    if descriptor is not None and descriptor.name == "MetaGraphDef":
        return meta_graph_pb2.MetaGraphDef.FromString(value.SerializeToString())
    raise TypeError("meta_graph_or_file must be a MetaGraphDef or a file name, got %r"
                    % (value,))


def _scoped(name, scope):
    return "%s/%s" % (scope.rstrip("/"), name) if scope else name


def _restore_collections(graph, meta, scope, restore_collections_predicate):
    variables = {}
    for key, col in sorted(meta.collection_def.items()):
        if key == "unbound_inputs" or not restore_collections_predicate(key):
            continue
        try:
            _restore_collection(graph, key, col, scope, variables)
        except (KeyError, DecodeError) as e:   # a damaged MetaGraph: name what is wrong
            raise ValueError("collection %r of the MetaGraphDef refers to what its graph lacks "
                             "or is damaged: %s" % (key, e)) from None
    return variables


def _restore_collection(graph, key, col, scope, variables):
    """Adds one collection of a MetaGraphDef to `graph` (its variables into `variables`)."""
    kind = col.WhichOneof("kind")
    if kind == "node_list":
        for name in col.node_list.value:
            graph.add_to_collection(key, graph.as_graph_element(_scoped(name, scope)))
    elif kind == "bytes_list" and key in _VARIABLE_COLLECTIONS:
        for raw in col.bytes_list.value:
            var = variables.get(raw)
            if var is None:
                proto = variable_pb2.VariableDef.FromString(raw)
                with graph.as_default():
                    kind_of = ResourceVariable if proto.is_resource else Variable  # TF's
                    var = variables[raw] = kind_of.from_proto(proto, import_scope=scope)
            graph.add_to_collection(key, var)
    elif kind == "bytes_list" and key == GraphKeys.QUEUE_RUNNERS:
        for raw in col.bytes_list.value:
            graph.add_to_collection(key, QueueRunner.from_proto(
                queue_runner_pb2.QueueRunnerDef.FromString(raw), import_scope=scope))
    elif kind == "bytes_list" and key in (GraphKeys.SAVERS, GraphKeys.COND_CONTEXT,
                                          GraphKeys.WHILE_CONTEXT):
        _log.warning("tfcompat does not restore the %r collection of a meta graph", key)
    elif kind == "int64_list":
        for value in col.int64_list.value:
            graph.add_to_collection(key, int(value))
    elif kind is not None:
        for value in getattr(col, kind).value:
            graph.add_to_collection(key, _scoped_value(value, scope))


def _scoped_value(value, scope):
    """TF runs every other collection item through prepend_name_scope: under an import scope
    bytes become the str 'scope/item'; floats, which it cannot prefix, stay as they are."""
    if not scope or not isinstance(value, bytes):
        return value
    return re.sub(r"([\^]|loc:@|^)(.*)", r"\1" + scope.rstrip("/") + r"/\2",
                  value.decode("utf-8", "replace"))


def _check_unbound_inputs(meta, input_map):
    """TF's check: a meta graph exported from a scope with inputs outside it imports only
    with an `input_map` whose keys are exactly those inputs (`$unbound_inputs_x`)."""
    col = meta.collection_def.get("unbound_inputs")
    kind = col.WhichOneof("kind") if col is not None else None
    if kind is None:
        return
    values = [v.decode() if isinstance(v, bytes) else v for v in getattr(col, kind).value]
    if values and (not input_map or sorted(values) != sorted(input_map)):
        raise ValueError("Graph contains unbound inputs: %s. Must provide these inputs "
                         "through input_map." % ",".join(  # TF's bytes never match a key
                             v for v in values
                             if kind == "bytes_list" or not input_map or v not in input_map))


def import_scoped_meta_graph(meta_graph_or_file, clear_devices=False, graph=None,
                             import_scope=None, input_map=None,
                             restore_collections_predicate=lambda key: True):
    """Imports the graph and collections of a MetaGraphDef; returns {name: Variable}."""
    meta = _as_meta_graph_def(meta_graph_or_file)
    _check_unbound_inputs(meta, input_map)
    graph = graph or graph_lib.get_default_graph()
    graph_def = meta.graph_def
    if clear_devices:
        graph_def = type(graph_def)()
        graph_def.CopyFrom(meta.graph_def)
        for node in graph_def.node:
            node.device = ""
    producer = (meta.meta_info_def.stripped_op_list
                if meta.meta_info_def.HasField("stripped_op_list") else None)
    with graph.as_default():
        scope = graph.unique_name(import_scope, mark_as_used=False) if import_scope else ""
        import_graph_def(graph_def, name=scope, input_map=input_map, producer_op_list=producer)
        variables = _restore_collections(graph, meta, scope, restore_collections_predicate)
    return {v.name[len(scope) + 1 if scope else 0:]: v for v in variables.values()}, meta



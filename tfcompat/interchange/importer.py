"""`tf.import_graph_def`: adds the nodes of a `GraphDef` to the default graph as ordinary ops.

Every node becomes an op of its registered type (through `Graph._create_op`, so an imported graph
runs on the same lowerings and shape rules as one built in Python). A node whose type TensorFlow
has but tfcompat cannot run is still imported, typed from TF's OpDef; running it raises
UnimplementedError naming it, so the rest of the graph (an inference path) stays usable.
Functional nodes (`If`, `While`, `Case`, function calls) instantiate their functions from
`GraphDef.library` (interchange/function_import.py); nodes tfcompat wrote for its internal ops are
turned back into those ops (`function_import.restore_originals`).
"""
from __future__ import annotations

import functools
import logging

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.framework import convert
from tfcompat.framework import device as device_lib
from tfcompat.interchange import function_import
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import registry
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.interchange import v1_frames
from tfcompat.framework.operation import Operation
from tfcompat.framework.operation import Tensor

op_defs = lazy_module("tfcompat.io.op_defs")  # protobuf loads on first use
graph_def_io = lazy_module("tfcompat.io.graph_def")

__all__ = ["import_graph_def"]

_log = logging.getLogger("tensorflow")   # as TF logs: "INFO:tensorflow:..." (tf_logging.py)
_EXTRA_ATTR_PREFIX = "_tfcompat_attr_"  # io/graph_def.py: tfcompat attrs TF's OpDef lacks


def import_graph_def(graph_def, input_map=None, return_elements=None, name=None, op_dict=None,
                     producer_op_list=None):
    """Imports `graph_def` into the default graph (TF1 `tf.import_graph_def`).

    Nodes are renamed `<name>/<node>` (default `import/`, made unique; `name=''` keeps the
    names, uniquifying any that clash). `input_map` maps tensor names of `graph_def` (`'x:0'`,
    or `'^op'` for a control input) to Tensors of this graph; `return_elements` names the ops
    (`'init'`) and tensors (`'out:0'`) to return.

    >>> y, = tf.import_graph_def(frozen, input_map={'x:0': images}, return_elements=['out:0'])
    """
    del op_dict  # deprecated and unused, as in TF
    try:
        graph_def = graph_def_io.as_graph_def(graph_def)
    except TypeError:
        raise TypeError("Argument `graph_def` must be a GraphDef proto.") from None
    graph_def = function_import.restore_originals(graph_def)
    input_map = _check_input_map(input_map)
    if return_elements is not None and (isinstance(return_elements, str) or not all(
            isinstance(x, str) for x in return_elements)):
        raise TypeError("Argument `return_elements` must be a list of strings.")
    graph = graph_lib.get_graph_from_inputs(list(input_map.values()))
    if producer_op_list is not None:
        _remove_default_attrs(graph_def, producer_op_list)
    nodes = {node.name: node for node in graph_def.node}
    with graph.as_default(), graph_lib.name_scope(name, "import", list(input_map.values())) \
            as scope:
        input_map = _convert_input_map_values(name, input_map)
        functions = {f.signature.name for f in graph_def.library.function}
        _check_references(graph_def, nodes, input_map, return_elements, functions)
        graph_def, frames = v1_frames.rewrite(graph_def)  # TF1 while-loop frames: While ops
        if frames is not None:
            nodes = {node.name: node for node in graph_def.node}
        order = _topological_order(graph_def, nodes)
        prefix = scope[:-1] if scope else ""
        _fill_default_attrs(graph_def, prefix, functions)
        calls = function_import.FunctionImporter(graph, graph_def.library,
                                                 _body_op_maker(graph, prefix), prefix,
                                                 [_prefixed(prefix, n) for n in nodes])
        count, names_in_use = len(graph._ops), dict(graph._names_in_use)
        try:
            created = _create_ops(graph, order, prefix, input_map, calls, frames)
            returned = _return_elements(created, return_elements)
        except Exception:
            graph._discard_ops_since(count, names_in_use)  # TF's importer changes nothing
            raise
        _place_colocated(graph, created.values())
    _check_unused_keys(input_map, nodes)  # as TF, after importing: the new ops stay
    return returned


def _place_colocated(graph, ops):
    """As TF's importer: an op colocated with others (`_class: loc:@x`) drops its own device
    and takes the device of the first of them that has one."""
    for op in ops:
        groups = [g.decode() if isinstance(g, bytes) else str(g)
                  for g in op._attrs.get("_class") or ()]
        names = [g[5:] for g in groups if g.startswith("loc:@") and g[5:] != op.name]
        if not names:
            continue
        devices = [graph._ops_by_name[n].device for n in names if n in graph._ops_by_name]
        op._device = next((d for d in devices if d), "")


# -- checks -------------------------------------------------------------------------------

def _check_input_map(input_map) -> dict:
    if input_map is None:
        return {}
    if not isinstance(input_map, dict):
        raise TypeError("Argument `input_map` must be a dictionary. Obtained %s"
                        % type(input_map).__name__)
    out = {}
    for key, value in input_map.items():
        if not isinstance(key, str):
            raise TypeError("All keys for argument `input_map` must be strings. Obtained %r"
                            % (key,))
        if hasattr(value, "_as_graph_element") and not isinstance(value, (Tensor, Operation)):
            value = value._as_graph_element()
        if key.startswith("^"):
            value = value.op if isinstance(value, Tensor) else value
            if not isinstance(value, Operation):
                raise ValueError("Control input %s must be mapped to an Operation" % key)
        out[key if key.startswith("^") or ":" in key else key + ":0"] = value
    return out


def _convert_input_map_values(name, input_map) -> dict:
    """TF's `_ConvertInputMapValues`: values that are not Tensors become constants, made in
    `<import scope>/_inputs`, which needs a non-empty `name`."""
    if all(isinstance(v, (Tensor, Operation)) for v in input_map.values()):
        return input_map
    if name == "":
        raise ValueError("tf.import_graph_def() requires a non-empty `name` if `input_map` "
                         "contains non-Tensor values. Try calling tf.convert_to_tensor() on "
                         "`input_map` values before calling tf.import_graph_def().")
    with graph_lib.name_scope("_inputs"):
        return {k: v if isinstance(v, (Tensor, Operation)) else convert.convert_to_tensor(v)
                for k, v in input_map.items()}


def _split_input(text: str):
    """'^op' -> ('op', -1); 'op:2' -> ('op', 2); 'op' -> ('op', 0)."""
    if text.startswith("^"):
        return text[1:], -1
    name, _, index = text.rpartition(":")
    if name and index.isdigit():
        return name, int(index)
    return text, 0


def _check_unused_keys(input_map, nodes):
    texts = {text for node in nodes.values() for text in node.input}
    used = {key for key in input_map if any(_mapped(text, {key: None}) for text in texts)}
    missing = [key for key in input_map
               if _split_input(key)[0] not in nodes and key not in used]
    if missing:
        raise ValueError("Attempted to map inputs that were not found in graph_def: [%s]"
                         % ", ".join(missing))


def _mapped(text, input_map) -> bool:
    src, index = _split_input(text)
    return (text if index < 0 else "%s:%d" % (src, index)) in input_map


def _check_references(graph_def, nodes, input_map, return_elements, functions=()):
    for node in graph_def.node:
        for text in node.input:  # a mapped input needs no node (meta graphs' `$unbound_*`)
            if _split_input(text)[0] not in nodes and not _mapped(text, input_map):
                raise ValueError("Node '%s': Unknown input node '%s'" % (node.name, text))
        if registry.get_op_def(node.op) is None and op_defs.tf_op_def(node.op) is None \
                and node.op not in functions:
            raise errors.NotFoundError(
                None, None, "Op type not registered '%s' in binary running on tfcompat. Make "
                "sure the Op and Kernel are registered in the binary running in this process."
                % node.op)
    for text in return_elements or ():
        name, _ = _split_input(text)
        if name not in nodes:
            raise ValueError("Requested return %s '%s' not found in graph def"
                             % ("tensor" if ":" in text else "node", text))


def _topological_order(graph_def, nodes) -> list:
    """Nodes with every input before its consumers; ties keep the GraphDef's order."""
    order = function_import.producers_first(
        [nodes[node.name] for node in graph_def.node],
        lambda node: {_split_input(text)[0] for text in node.input})
    if len(order) != len(nodes):
        raise ValueError("%d nodes in a cycle" % (len(nodes) - len(order)))
    return order


def _remove_default_attrs(graph_def, producer_op_list):
    """Drops attrs the producer added with their default values that this consumer's OpDef
    does not know (TF's `_RemoveDefaultAttrs`)."""
    producer = {op.name: op for op in producer_op_list.op}
    for node in graph_def.node:
        theirs, ours = producer.get(node.op), op_defs.tf_op_def(node.op)
        if theirs is None or ours is None:
            continue
        known = {a.name for a in ours.attr}
        for attr in theirs.attr:
            if (attr.name in node.attr and attr.name not in known
                    and attr.HasField("default_value")
                    and node.attr[attr.name] == attr.default_value):
                del node.attr[attr.name]


def _fill_default_attrs(graph_def, prefix, functions=()):
    """Adds TF's default attrs to the nodes (TF does this to the caller's GraphDef too) and
    checks that none lacks a required attr."""
    for node in graph_def.node:
        if node.op not in functions:
            _fill_node_defaults(node, _prefixed(prefix, node.name))


# AttrValue's field for each OpDef attr kind ("list(...)" kinds use `list`)
_ATTR_FIELD = {"type": "type", "int": "i", "float": "f", "bool": "b", "string": "s",
               "shape": "shape", "tensor": "tensor", "func": "func"}
_LIST_FIELD = {"list(type)": "type", "list(int)": "i", "list(float)": "f", "list(bool)": "b",
               "list(string)": "s", "list(shape)": "shape", "list(tensor)": "tensor",
               "list(func)": "func"}


def _check_attr(node, name, attr_def, value, tf_def):
    """TF's ValidateNodeDef for one attr: the AttrValue holds the kind the OpDef declares, every
    DataType is one TF has and is allowed, and a shape's dims are -1 or more."""
    kind, which = attr_def.type, value.WhichOneof("value")

    def bad(why):
        return ValueError("%s\n\t for attr '%s'\n\t; NodeDef: {{node %s}}; %s"
                          % (why, attr_def.name, name, op_defs.signature_text(tf_def)))
    if kind in _LIST_FIELD:
        fields = [f for f in _LIST_FIELD.values() if len(getattr(value.list, f))]
        if which not in ("list", None) or fields not in ([], [_LIST_FIELD[kind]]):
            raise bad("AttrValue had value with type '%s' when '%s' expected"
                      % (which if which != "list" else "list(%s)" % fields[0], kind))
        types = list(value.list.type) if kind == "list(type)" else []
        shapes = list(value.list.shape) if kind == "list(shape)" else []
    elif kind in _ATTR_FIELD:
        if which != _ATTR_FIELD[kind] and not (which is None and kind in ("shape", "tensor")):
            raise bad("AttrValue had value with type '%s' when '%s' expected" % (which, kind))
        types = [value.type] if kind == "type" else []
        shapes = [value.shape] if kind == "shape" else []
    else:
        return
    allowed = set(attr_def.allowed_values.list.type)
    for enum in types:
        if not op_defs.is_known_datatype(enum):
            raise bad("DataType %d is not a TensorFlow type" % enum)
        if allowed and enum not in allowed:
            raise bad("Value for attr '%s' of %s is not in the list of allowed values"
                      % (attr_def.name, op_defs.datatype_text(enum)))
    for shape in shapes:
        if any(d.size < -1 for d in shape.dim):
            raise bad("Shape %s has dimensions below -1" % [d.size for d in shape.dim])


def _fill_node_defaults(node, name):
    tf_def = op_defs.tf_op_def(node.op)
    if tf_def is None:
        return
    for attr in tf_def.attr:
        if attr.name in node.attr:
            _check_attr(node, name, attr, node.attr[attr.name], tf_def)
            continue
        if attr.HasField("default_value"):
            node.attr[attr.name].CopyFrom(attr.default_value)
        else:
            raise ValueError("NodeDef missing attr '%s' from %s; NodeDef: {{node %s}}"
                             % (attr.name, op_defs.signature_text(tf_def), name))


def _body_op_maker(graph, prefix):
    """Creates the op of one function body node (function_import instantiating a function)."""
    def make_op(node, inputs, name):
        if registry.get_op_def(node.op) is None and op_defs.tf_op_def(node.op) is None:
            raise errors.NotFoundError(
                None, None, "Op type not registered '%s' in binary running on tfcompat (node "
                "'%s' of a function)." % (node.op, name))
        node = type(node).FromString(node.SerializeToString())
        if "_class" in node.attr:  # colocation with the function's own names (its args)
            del node.attr["_class"]
        _fill_node_defaults(node, name)
        return _create_op(graph, node, inputs, _attrs_of(node, {}), name)
    return make_op


# -- creating the ops ------------------------------------------------------------------------

def _prefixed(prefix, name):
    return "%s/%s" % (prefix, name) if prefix else name


def _attrs_of(node, new_names) -> dict:
    attrs = {}
    for key, value in node.attr.items():
        if key == "_output_shapes":
            continue
        if key.startswith(_EXTRA_ATTR_PREFIX):  # a tfcompat attr TF's OpDef lacks
            key = key[len(_EXTRA_ATTR_PREFIX):]
        try:
            attrs[key] = op_defs.from_attr_value(value)
        except (ValueError, TypeError) as e:    # a damaged attr: name the node and the attr
            raise type(e)("attr '%s' of node '%s' (%s): %s" % (key, node.name, node.op, e)) \
                from None
    if "_class" in attrs:  # colocation groups name ops of the GraphDef: rename them too
        groups = [g.decode() if isinstance(g, bytes) else str(g)
                  for g in attrs["_class"] or ()]
        attrs["_class"] = [("loc:@" + new_names.get(g[5:], g[5:])).encode()
                           if g.startswith("loc:@") else g.encode() for g in groups]
    return attrs


def _unique_node_name(graph, name: str) -> str:
    saved, graph._name_stack = graph._name_stack, ""
    try:
        return graph.unique_name(name)
    finally:
        graph._name_stack = saved


def _check_mapped_inputs(order, prefix, input_map):
    for node in order:
        for i, text in enumerate(node.input):
            src, index = _split_input(text)
            tensor = input_map.get("%s:%d" % (src, index)) if index >= 0 else None
            if tensor is not None:
                _check_mapped_dtype(node, i, tensor, _prefixed(prefix, node.name))


def _create_ops(graph, order, prefix, input_map, calls=None, frames=None) -> dict:
    _check_mapped_inputs(order, prefix, input_map)
    created = {}
    # named up front: a colocation group (`_class`) may name a node that comes later
    new_names = {node.name: _unique_node_name(graph, _prefixed(prefix, node.name))
                 for node in order}
    for node in order:
        inputs, controls = [], []
        for text in node.input:
            src, index = _split_input(text)
            if index < 0:
                controls.append(input_map.get(text) or created[src])
                continue
            tensor = input_map.get("%s:%d" % (src, index))
            inputs.append(tensor if tensor is not None else _output(created[src], index, node,
                                                                    text))
        if frames is not None and frames.handles(node.name):  # v1_frames.py
            op = frames.create(graph, node, inputs, new_names[node.name])
        elif calls is not None and calls.is_functional(node.op):
            op = calls.create(node, inputs, new_names[node.name])
            if node.device:
                op._device = device_lib.canonical_name(node.device)
        else:
            try:
                op = _create_op(graph, node, inputs, _attrs_of(node, new_names),
                                new_names[node.name])
            except TypeError:  # TF's importer says which input has the wrong dtype
                for i, tensor in enumerate(inputs):
                    _check_mapped_dtype(node, i, tensor, new_names[node.name])
                raise
        for c in controls:
            op._add_control_input(c)
        created[node.name] = op
        if frames is not None:
            frames.note(node.name, op)
    missing = sorted({node.op for node in order if registry.get_op_def(node.op) is None
                      and not (calls is not None and calls.is_functional(node.op))
                      and not (frames is not None and frames.handles(node.name))})
    if missing:
        _log.warning("tfcompat cannot run op types %s; their nodes are imported, and running "
                     "them raises UnimplementedError", ", ".join(missing))
    return created


def _output(op, index, node, text):
    if index >= len(op._outputs):
        raise ValueError("Node '%s': Connecting to invalid output %d of source node %s which "
                         "has %d outputs." % (node.name, index, text.split(":")[0],
                                              len(op._outputs)))
    return op._outputs[index]


def _check_mapped_dtype(node, i, tensor, new_name):
    tf_def = op_defs.tf_op_def(node.op)
    if tf_def is None:
        return
    attrs = {k: op_defs.from_attr_value(v) for k, v in node.attr.items()}
    groups = op_defs.arg_groups(tf_def.input_arg, attrs, len([x for x in node.input
                                                               if not x.startswith("^")]))
    for arg, start, count in groups or ():
        if start <= i < start + count:
            expected = arg.type or attrs.get(arg.type_attr)
            if arg.type_list_attr:
                expected = attrs.get(arg.type_list_attr, [None] * count)[i - start]
            if expected is None:
                return
            expected = op_defs.dtypes.as_dtype(expected)
            if tensor.dtype.base_dtype != expected.base_dtype:
                raise ValueError("Input %d of node %s was passed %s from %s incompatible with "
                                 "expected %s." % (i, new_name,
                                                   shape_rules.cpp_type_name(tensor.dtype),
                                                   tensor.name,
                                                   shape_rules.cpp_type_name(expected)))


def _check_input_count(node, count):
    """TF's importer refuses a node whose inputs do not match its OpDef (a graph edited by
    hand, or by a buggy tool), naming the node; here, before shape inference trips on it."""
    tf_def = op_defs.tf_op_def(node.op)
    if tf_def is None:
        return
    attrs = {k: op_defs.from_attr_value(v) for k, v in node.attr.items()}
    expected = []
    for arg in tf_def.input_arg:
        n = 1 if not arg.number_attr else attrs.get(arg.number_attr)
        dtype = arg.type or attrs.get(arg.type_attr)
        if arg.type_list_attr or n is None or dtype is None:
            return  # the attrs do not pin the count down: leave it to the op
        expected += [shape_rules.cpp_type_name(op_defs.dtypes.as_dtype(dtype))] * int(n)
    if len(expected) != count:
        raise ValueError("NodeDef expected inputs '%s' do not match %d inputs specified; "
                         "Op<name=%s>; NodeDef: {{node %s}}"
                         % (", ".join(expected), count, node.op, node.name))


def _create_op(graph, node, inputs, attrs, name):
    _check_input_count(node, len(inputs))
    op_def = registry.get_op_def(node.op)
    if op_def is None:
        op_def = _stub_op_def(node.op)
        if "_output_shapes" in node.attr:  # the shapes TF inferred, if it wrote them
            attrs["_output_shapes"] = op_defs.from_attr_value(node.attr["_output_shapes"])
    op = graph._create_op(node.op, inputs, attrs, name + "/", op_def=op_def)
    op._attrs.pop("_output_shapes", None)
    # exported again as they came (a splat Const stays `float_val: 0`), while unchanged
    op._imported_attrs = {k: (op._attrs[k], v) for k, v in node.attr.items() if k in op._attrs}
    if node.device:
        op._device = device_lib.canonical_name(node.device)
    return op


# -- ops tfcompat cannot run -------------------------------------------------------------------

def _lower_unsupported(ctx, *inputs):
    raise errors.op_error(
        errors.UnimplementedError, ctx.op,
        "tfcompat has no lowering for op type '%s' (op '%s', imported from a GraphDef). See "
        "SUPPORTED_OPS.md; to add one, register it in tfcompat/ops/ with @register_op."
        % (ctx.op.type, ctx.op.name))


def _stub_infer(op, *inputs):
    dtypes_ = op_defs.output_dtypes(op_defs.tf_op_def(op.type), op._attrs)
    if dtypes_ is None:
        raise ValueError("Cannot determine the outputs of node '%s' (op type %s)"
                         % (op.name, op.type))
    shapes = op._attrs.get("_output_shapes") or []
    return [(dtype, shapes[i] if i < len(shapes) else tensor_shape.unknown_shape())
            for i, dtype in enumerate(dtypes_)]


@functools.lru_cache(maxsize=None)
def _stub_op_def(op_type: str) -> registry.OpDef:
    return registry.OpDef(op_type, _lower_unsupported, infer=_stub_infer, stateful=True)


def _return_elements(created, return_elements):
    if return_elements is None:
        return None
    out = []
    for text in return_elements:
        name, index = _split_input(text)
        op = created[name]
        if ":" not in text:
            out.append(op)
        elif index >= len(op._outputs):
            raise ValueError("Invalid return output %d of node '%s', which has %d output(s)"
                             % (index, name, len(op._outputs)))
        else:
            out.append(op._outputs[index])
    return out

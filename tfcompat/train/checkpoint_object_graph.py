"""The object graph of object-based checkpoints (`tf.train.Checkpoint`): which objects a root
reaches, under which names, and the checkpoint keys of their variables, as TF's
`checkpoint/graph_view.py`, `util.py` and `trackable_utils.py` name them.

An object's dependencies ("children") are found by looking at what it is, since tfcompat's
objects carry no tracking machinery of their own:

- a Variable (ref or resource) has none; it saves one value, `VARIABLE_VALUE`;
- a Keras functional or Sequential model: `layer_with_weights-<k>` and `layer-<i>` for its
  layers; a Keras (or `tf.layers`) layer: its weights under the names given to `add_weight`,
  then its attributes holding layers, variables or containers of them (private ones only when
  they hold a layer or variable directly, so Keras' own bookkeeping lists stay out);
- a `tf.train.Optimizer`: its non-slot variables (`beta1_power`); a Keras optimizer: `iter`
  and its hyperparameter variables, sorted (Keras' wrapper of a `tf.train.Optimizer`: that
  optimizer and `global_step`); their slots are saved as slot variables;
- a `tf.Module` (or any object defining `_checkpoint_children()`): its attributes;
- a list, tuple or dict: its trackable items, under their index or key.
"""
from __future__ import annotations

from tfcompat._lazy import lazy_module
from tfcompat.framework.graph import get_default_graph
from tfcompat.module import Module
from tfcompat.train.optimizer import Optimizer
from tfcompat.variables import Variable

__all__ = ["OBJECT_GRAPH_KEY", "VARIABLE_VALUE", "ObjectGraph", "children", "is_trackable",
           "is_variable", "escape_local_name", "match", "pretty_names"]

tog_pb2 = lazy_module("tfcompat.io.proto.trackable_object_graph_pb2")  # protobuf: on first use

OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"
VARIABLE_VALUE = "VARIABLE_VALUE"
_ATTRIBUTES = ".ATTRIBUTES"
_OPTIMIZER_SLOT = ".OPTIMIZER_SLOT"


def escape_local_name(name):
    """TF's escaping of one edge name in a key: `.` -> `..`, `/` -> `.S`."""
    return name.replace(".", "..").replace("/", ".S")


def is_variable(obj) -> bool:
    return isinstance(obj, Variable)


def _is_keras_layer(obj) -> bool:
    """A Keras layer, or a `tf.layers` layer (TF's are Keras layers too)."""
    return hasattr(obj, "_trainable_weights") and hasattr(obj, "_non_trainable_weights") \
        and not isinstance(obj, type)


def _is_keras_optimizer(obj) -> bool:
    return hasattr(obj, "_hyper") and hasattr(obj, "_slot_names")


def is_trackable(obj) -> bool:
    """Whether `obj` can be a checkpoint dependency (TF: derives from `Trackable`)."""
    return (is_variable(obj) or isinstance(obj, (Module, Optimizer, list, tuple, dict))
            or _is_keras_layer(obj) or _is_keras_optimizer(obj)
            or callable(getattr(obj, "_checkpoint_children", None)))


def _holds_trackables(value) -> bool:
    """Whether `value` is trackable, or a container with something trackable inside (other
    containers stay out of the graph: they hold nothing to save)."""
    if isinstance(value, (list, tuple)):
        return any(_holds_trackables(v) for v in value)
    if isinstance(value, dict):
        return any(_holds_trackables(v) for v in value.values())
    return is_trackable(value)


def _attribute_children(obj, keras, private=True) -> list:
    found = []
    for name, value in list(vars(obj).items()):
        if keras and name.startswith("_") and not (
                private and (is_variable(value) or _is_keras_layer(value))):
            continue   # Keras' own bookkeeping (_layers, _trainable_weights, _auto_input, ...)
        if _holds_trackables(value):
            found.append((name, value))
    return found


def _layer_children(layer) -> list:
    found = []
    if getattr(layer, "_is_graph_network", False) or hasattr(layer, "_stack"):
        weighted = 0
        for i, sub in enumerate(layer.layers):
            if sub.weights:
                found.append(("layer_with_weights-%d" % weighted, sub))
                weighted += 1
            found.append(("layer-%d" % i, sub))
        return found + _attribute_children(layer, True, private=False)
    for weight in layer._trainable_weights + layer._non_trainable_weights:
        found.append((weight.op.name.rsplit("/", 1)[-1], weight))
    return found + _attribute_children(layer, True)


def _keras_optimizer_children(opt) -> list:
    if isinstance(getattr(opt, "optimizer", None), Optimizer):   # Keras' TFOptimizer wrapper
        return [("optimizer", opt.optimizer), ("global_step", opt._iterations)]
    found = [("iter", opt._iterations)] if opt._iterations is not None else []
    return found + [(name, value) for name, value in sorted(opt._hyper.items())
                    if is_variable(value)]


def children(obj) -> list:
    """[(local name, child)] of `obj`, in TF's order (a name may repeat an object)."""
    found, seen = [], set()
    for name, child in _children(obj):
        if (name, id(child)) not in seen:   # an attribute naming a weight again
            seen.add((name, id(child)))
            found.append((name, child))
    return found


def _children(obj) -> list:
    own = getattr(obj, "_checkpoint_children", None)
    if callable(own):
        return list(own())
    if is_variable(obj):
        return []
    if isinstance(obj, dict):
        return [(str(k), v) for k, v in obj.items() if isinstance(k, str) and
                _holds_trackables(v)]
    if isinstance(obj, (list, tuple)):
        return [(str(i), v) for i, v in enumerate(obj) if _holds_trackables(v)]
    if isinstance(obj, Optimizer):   # the non-slot variables of the default graph, as TF
        graph = get_default_graph()
        return [(name, v) for (name, _), v in sorted(obj._non_slot_dict.items(),
                                                     key=lambda item: item[0][0])
                if v.op.graph is graph]
    if _is_keras_optimizer(obj):
        return _keras_optimizer_children(obj)
    if _is_keras_layer(obj):
        return _layer_children(obj)
    if isinstance(obj, Module):
        return _attribute_children(obj, False)
    return []


def _slot(optimizer, variable, slot_name):
    try:
        return optimizer.get_slot(variable, slot_name)
    except (KeyError, AttributeError):
        return None


def _slot_names(obj) -> list:
    if isinstance(obj, Optimizer) or _is_keras_optimizer(obj):
        return list(obj.get_slot_names())
    return []


class ObjectGraph:
    """The objects reachable from `root` in breadth-first order (TF's node ids), with their
    paths, then the optimizers' slot variables; `proto()` and `variables()` describe what a
    checkpoint of them holds."""

    def __init__(self, root):
        self.nodes, self.refs, self.keys, self.slot_refs = [root], [], {}, []
        ids, paths = {id(root): 0}, [[]]
        i = 0
        while i < len(self.nodes):
            node_refs = []
            for name, child in children(self.nodes[i]):
                if id(child) not in ids:
                    ids[id(child)] = len(self.nodes)
                    self.nodes.append(child)
                    paths.append(paths[i] + [name])
                node_refs.append((ids[id(child)], name))
            self.refs.append(node_refs)
            i += 1
        names = ["/".join(escape_local_name(p) for p in path) for path in paths]
        for node_id, obj in enumerate(list(self.nodes)):
            if is_variable(obj):
                self.keys[node_id] = "%s/%s/%s" % (names[node_id], _ATTRIBUTES, VARIABLE_VALUE)
        self._add_slots(ids, names)

    def _add_slots(self, ids, names):
        count = len(self.nodes)
        for opt_id in range(count):
            refs = []
            for slot_name in _slot_names(self.nodes[opt_id]):
                for var_id in range(count):
                    if not is_variable(self.nodes[var_id]):
                        continue
                    slot = _slot(self.nodes[opt_id], self.nodes[var_id], slot_name)
                    if slot is None or id(slot) in ids:
                        continue
                    ids[id(slot)] = len(self.nodes)
                    self.nodes.append(slot)
                    self.refs.append([])
                    self.keys[ids[id(slot)]] = "%s/%s/%s/%s/%s/%s" % (
                        names[var_id], _OPTIMIZER_SLOT, names[opt_id],
                        escape_local_name(slot_name), _ATTRIBUTES, VARIABLE_VALUE)
                    refs.append((var_id, slot_name, ids[id(slot)]))
            self.slot_refs.append(refs)

    def variables(self) -> dict:
        """{checkpoint key: variable}."""
        return {key: self.nodes[node_id] for node_id, key in self.keys.items()}

    def proto(self):
        graph = tog_pb2.TrackableObjectGraph()
        for node_id, obj in enumerate(self.nodes):
            node = graph.nodes.add()
            for child_id, name in self.refs[node_id]:
                node.children.add(node_id=child_id, local_name=name)
            if node_id in self.keys:
                node.attributes.add(name=VARIABLE_VALUE, full_name=obj.op.name,
                                    checkpoint_key=self.keys[node_id])
            for var_id, slot_name, slot_id in (self.slot_refs[node_id]
                                               if node_id < len(self.slot_refs) else []):
                node.slot_variables.add(original_variable_node_id=var_id,
                                        slot_name=slot_name, slot_variable_node_id=slot_id)
        _mark_checkpoint_values(graph)
        return graph


def _mark_checkpoint_values(graph):
    """TF's `has_checkpoint_values`: a node with values, and every node depending on one."""
    parents, marked = {}, set()
    for node_id, node in enumerate(graph.nodes):
        if node.attributes or node.slot_variables:
            marked.add(node_id)
        for ref in node.children:
            parents.setdefault(ref.node_id, set()).add(node_id)
    stack = list(marked)
    while stack:
        for parent in parents.pop(stack.pop(), ()):
            if parent not in marked:
                marked.add(parent)
                stack.append(parent)
    for node_id, node in enumerate(graph.nodes):
        node.has_checkpoint_values.value = node_id in marked


def match(root, graph_proto, bound=None) -> dict:
    """{node id: object} binding the checkpoint's nodes to the objects reached from `root`
    by the same edge names (and slot variables to the optimizers' slots), extending `bound`."""
    bound = dict(bound or {})
    bound[0] = root
    queue = list(bound)
    while queue:
        node_id = queue.pop(0)
        local = {}
        for name, child in children(bound[node_id]):
            local.setdefault(name, child)
        for ref in graph_proto.nodes[node_id].children:
            if ref.node_id not in bound and ref.local_name in local:
                bound[ref.node_id] = local[ref.local_name]
                queue.append(ref.node_id)
    for node_id, node in enumerate(graph_proto.nodes):
        if node_id not in bound or not node.slot_variables:
            continue
        for ref in node.slot_variables:
            original = bound.get(ref.original_variable_node_id)
            if ref.slot_variable_node_id in bound or not is_variable(original):
                continue
            slot = _slot(bound[node_id], original, ref.slot_name)
            if slot is not None:
                bound[ref.slot_variable_node_id] = slot
    return bound


def pretty_names(graph_proto) -> dict:
    """{node id: "(root).model.layer-0"}, TF's names of nodes in assertion messages."""
    names, queue = {0: "(root)"}, [0]
    while queue:
        node_id = queue.pop(0)
        for ref in graph_proto.nodes[node_id].children:
            if ref.node_id not in names:
                names[ref.node_id] = "%s.%s" % (names[node_id], ref.local_name)
                queue.append(ref.node_id)
    for node_id, node in enumerate(graph_proto.nodes):
        for ref in node.slot_variables:
            names.setdefault(ref.slot_variable_node_id, "%s's state '%s' for %s" % (
                names.get(node_id), ref.slot_name, names.get(ref.original_variable_node_id)))
    return names

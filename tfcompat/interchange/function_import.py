"""`GraphDef.library` on import: TF's functional ops become tfcompat's ops over sub-graphs.

TF (control flow v2) and tfcompat's own export write `tf.cond`/`tf.while_loop` as `If`/
`StatelessIf`/`Case`/`StatelessCase`/`While`/`StatelessWhile` nodes whose func attrs name
FunctionDefs. tfcompat runs such an op by compiling sub-graphs of ordinary ops of the same graph
(ops/control_flow_graph.py), so importing one *instantiates* its functions: their body nodes become
ops of the importing graph, with the node's inputs in place of the function's arguments (If,
Case), or `_LoopVar` stand-ins fed by the loop (While); the sub-graphs are then built exactly as
`tf.cond`/`tf.while_loop` build them. `PartitionedCall`/`StatefulPartitionedCall` and direct calls
of a library function are inlined the same way, their results gathered by an `IdentityN` (a
`NoOp` when there are none) named as the node.

Function body nodes are named `<calling node>/<body node>`; a function tfcompat wrote (FunctionDef
attr `_tfcompat_scope`) holds the ops' own graph names, which are restored.

`restore_originals` undoes tfcompat's export of its internal ops: a node carrying `_tfcompat_node`
is replaced by the op it stands for (a `Gradients` op, computed by autograd as before export), and
the nodes written to compute it for TF (`_tfcompat_expansion_of`) are dropped.
"""
from __future__ import annotations

import heapq

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.io.function_export import output_suffixes

# protobuf-backed modules load on first use (`import tfcompat` stays light)
node_def_pb2 = lazy_module("tfcompat.io.proto.node_def_pb2")

op_defs = lazy_module("tfcompat.io.op_defs")
cfg = lazy_module("tfcompat.ops.control_flow_graph")

from tfcompat.io.export_attrs import BACK_PROP_ATTR  # noqa: E402,F401 - used by importer too
from tfcompat.io.export_attrs import EXPANSION_ATTR  # noqa: E402
from tfcompat.io.export_attrs import ORIGINAL_ATTR  # noqa: E402
from tfcompat.io.export_attrs import SCOPE_ATTR  # noqa: E402

IF_TYPES = frozenset({"If", "StatelessIf"})
CASE_TYPES = frozenset({"Case", "StatelessCase"})
WHILE_TYPES = frozenset({"While", "StatelessWhile"})
CALL_TYPES = frozenset({"PartitionedCall", "StatefulPartitionedCall"})
FUNCTIONAL_TYPES = IF_TYPES | CASE_TYPES | WHILE_TYPES | CALL_TYPES

__all__ = ["restore_originals", "FunctionImporter"]


def restore_originals(graph_def):
    """`graph_def`, or a copy with tfcompat's exported internal ops restored (module docs)."""
    if not any(ORIGINAL_ATTR in n.attr or EXPANSION_ATTR in n.attr for n in graph_def.node):
        return graph_def
    out = type(graph_def)()
    out.versions.CopyFrom(graph_def.versions)
    out.library.CopyFrom(graph_def.library)
    for node in graph_def.node:
        if EXPANSION_ATTR in node.attr:
            continue
        if ORIGINAL_ATTR in node.attr:
            original = node_def_pb2.NodeDef.FromString(node.attr[ORIGINAL_ATTR].s)
            original.name, original.device = node.name, node.device
            if "_output_shapes" in node.attr:
                original.attr["_output_shapes"].CopyFrom(node.attr["_output_shapes"])
            node = original
        out.node.add().CopyFrom(node)
    return out


def _parse_ref(text):
    """'^n' -> ('n', None, -1); 'arg' -> ('arg', None, 0); 'n:out:2' -> ('n', 'out', 2)."""
    if text.startswith("^"):
        return text[1:], None, -1
    parts = text.split(":")
    if len(parts) == 3:
        return parts[0], parts[1], int(parts[2])
    if len(parts) == 2:  # "node:k" (GraphDef syntax), accepted in bodies as TF does
        return parts[0], None, int(parts[1])
    return text, None, 0


def producers_first(node_defs, producers) -> list:
    """`node_defs` with every node after the names `producers(node)` gives (those among
    `node_defs`); ties keep the given order. Nodes left in a cycle are left out: the caller
    compares lengths and says so."""
    nodes = {n.name: n for n in node_defs}
    position = {n.name: i for i, n in enumerate(node_defs)}
    pending, users = {}, {name: [] for name in nodes}
    for node in node_defs:
        deps = set(producers(node)) & nodes.keys()
        pending[node.name] = len(deps)
        for dep in deps:
            users[dep].append(node.name)
    ready = [(position[n], n) for n, c in pending.items() if c == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, name = heapq.heappop(ready)
        order.append(nodes[name])
        for user in users[name]:
            pending[user] -= 1
            if pending[user] == 0:
                heapq.heappush(ready, (position[user], user))
    return order


def _body_order(fdef) -> list:
    """Body nodes with every producer first; ties keep the FunctionDef's order."""
    order = producers_first(list(fdef.node_def),
                            lambda node: {_parse_ref(x)[0] for x in node.input})
    if len(order) != len(fdef.node_def):
        raise ValueError("Function %s: %d body nodes in a cycle"
                         % (fdef.signature.name, len(fdef.node_def) - len(order)))
    return order


class FunctionImporter:
    """Creates the ops of functional nodes (and of the functions they call) in `graph`.

    `make_op(node, inputs, name)` creates an ordinary op from a NodeDef (the importer's own
    path: default attrs, registered or stub op definition); `prefix` is the import scope;
    `reserved` the (prefixed) names of the GraphDef's own nodes, which body ops never take
    (TF names a cond's result `cond/Identity`, as its then-branch's `Identity` would be)."""

    def __init__(self, graph, library, make_op, prefix="", reserved=()):
        self.graph = graph
        self.functions = {f.signature.name: f for f in library.function}
        self.make_op = make_op
        self.prefix = prefix
        self.reserved = frozenset(n.lower() for n in reserved)

    def unique(self, name):
        """A new op name from `name`, unused in the graph and not a GraphDef node's name."""
        candidate, k = name, 0
        while _unique(self.graph, candidate, mark_as_used=False).lower() in self.reserved:
            k += 1
            candidate = "%s_%d" % (name, k)
        return _unique(self.graph, candidate)

    def is_functional(self, op_type) -> bool:
        return op_type in FUNCTIONAL_TYPES or op_type in self.functions

    def function(self, name, node_name):
        fdef = self.functions.get(name)
        if fdef is None:
            raise errors.NotFoundError(
                None, None, "Function %s (called by node '%s') is not in the GraphDef's "
                "function library" % (name, node_name))
        return fdef

    def create(self, node, inputs, name):
        """The op standing for functional `node` (already given its `inputs`), named `name`."""
        if node.op in IF_TYPES:
            return self._create_if(node, inputs, name)
        if node.op in CASE_TYPES:
            return self._create_case(node, inputs, name)
        if node.op in WHILE_TYPES:
            return self._create_while(node, inputs, name)
        fname = node.attr["f"].func.name if node.op in CALL_TYPES else node.op
        return self._inline(fname, inputs, name)

    # -- instantiating a function --------------------------------------------------------------

    def instantiate(self, fname, args, caller):
        """Creates the body ops of `fname` reading `args`; returns its result tensors."""
        fdef = self.function(fname, caller)
        sig = fdef.signature
        if len(args) != len(sig.input_arg):
            raise ValueError("Node '%s' passes %d inputs to function %s, which takes %d"
                             % (caller, len(args), fname, len(sig.input_arg)))
        scope = self.prefix if SCOPE_ATTR in fdef.attr else caller
        env = _Environment(self, fdef, args)
        for node in _body_order(fdef):
            inputs, controls = env.inputs_of(node)
            name = self.unique("%s/%s" % (scope, node.name) if scope else node.name)
            if self.is_functional(node.op):
                op = self.create(node, inputs, name)
            else:
                op = self.make_op(node, inputs, name)
            for c in controls:
                op._add_control_input(c)
            env.ops[node.name] = (node, op)
        outs = [env.resolve(fdef.ret[a.name], fname) for a in sig.output_arg]
        return self._after_control_rets(env, outs, caller)

    def _after_control_rets(self, env, outs, caller):
        """The results, each made to wait for the function's control outputs (the stateful
        ops TF runs whenever the function runs), so sub-graphs keep them."""
        waits = [env.ops[name][1] for name in env.fdef.control_ret.values() if name in env.ops]
        if not waits:
            return outs
        if not outs:
            raise errors.UnimplementedError(
                None, None, "Node '%s': function %s has control outputs but no results; "
                "tfcompat runs a function's ops through its results"
                % (caller, env.fdef.signature.name))
        gated = []
        for t in outs:
            op = self.graph._create_op("Identity", [t], {"T": t.dtype.base_dtype},
                                       self.unique(caller + "/control_ret") + "/")
            op._add_control_inputs(waits)
            gated.append(op._outputs[0])
        return gated

    def _inline(self, fname, inputs, name):
        with cfg.record_ops(self.graph, name, "call") as rec:
            outs = self.instantiate(fname, inputs, name)
        graph = self.graph
        if outs:
            return graph._create_op("IdentityN", outs, {"T": [t.dtype.base_dtype for t in outs]},
                                    name + "/")
        op = graph._create_op("NoOp", [], {}, name + "/")
        sinks = [o for o in rec.ops if not o._consumers]
        op._add_control_inputs(sinks)
        return op

    # -- control flow --------------------------------------------------------------------------

    def _branch(self, key, fname, args, name, kind):
        with cfg.record_ops(self.graph, name, kind) as rec:
            outs = self.instantiate(fname, args, name)
        return cfg.SubGraph(key, rec.ops, (), outs)

    def _check_outputs(self, node, name, subs, tout):
        for sub in subs:
            got = [t.dtype.base_dtype for t in sub.outputs]
            if got != [t.base_dtype for t in tout]:
                raise ValueError("Node '%s' (%s): a branch returns %s, but Tout is %s"
                                 % (name, node.op, [d.name for d in got],
                                    [d.name for d in tout]))

    def _branch_shapes(self, node, subs):
        shapes = _attr(node, "output_shapes") or []
        if len(shapes) == len(subs[0].outputs):
            return list(shapes)
        found = [t.shape for t in subs[0].outputs]
        for sub in subs[1:]:
            found = [cfg.most_specific_compatible_shape(a, t.shape)
                     for a, t in zip(found, sub.outputs)]
        return found

    def _finish(self, node, name, op_type, inputs, attrs, subs):
        for key, value in node.attr.items():  # TF's annotations (`_lower_using_switch_merge`)
            if key.startswith("_") and not key.startswith("_tfcompat_attr_") \
                    and key != "_output_shapes":
                attrs[key] = op_defs.from_attr_value(value)
        op = self.graph._create_op(op_type, inputs, attrs, name + "/")
        op._add_control_inputs(cfg.outer_control(*subs))
        return op

    def _create_if(self, node, inputs, name):
        pred, args = inputs[0], list(inputs[1:])
        subs = [self._branch("then", node.attr["then_branch"].func.name, args, name, "cond"),
                self._branch("else", node.attr["else_branch"].func.name, args, name, "cond")]
        tout = _attr(node, "Tout")
        self._check_outputs(node, name, subs, tout)
        captures = cfg.union_captures(*subs)
        attrs = {"then_branch": subs[0], "else_branch": subs[1], "Tout": list(tout),
                 "output_shapes": self._branch_shapes(node, subs),
                 "Tcond": pred.dtype.base_dtype, "Tin": [t.dtype.base_dtype for t in captures]}
        return self._finish(node, name, node.op, [pred] + captures, attrs, subs)

    def _create_case(self, node, inputs, name):
        index, args = inputs[0], list(inputs[1:])
        subs = [self._branch("b%d" % i, f.name, args, name, "cond")
                for i, f in enumerate(node.attr["branches"].list.func)]
        if not subs:
            raise ValueError("Node '%s' (%s) has no branches" % (name, node.op))
        tout = _attr(node, "Tout")
        self._check_outputs(node, name, subs, tout)
        captures = cfg.union_captures(*subs)
        attrs = {"branches": subs, "Tout": list(tout),
                 "output_shapes": self._branch_shapes(node, subs),
                 "Tin": [t.dtype.base_dtype for t in captures]}
        return self._finish(node, name, node.op, [index] + captures, attrs, subs)

    def _stand_ins(self, name, inputs, shapes, role):
        graph = self.graph
        return [graph._create_op("_LoopVar", [], {"dtype": t.dtype.base_dtype, "shape": s},
                                 self.unique("%s/%s_arg" % (name, role)) + "/")._outputs[0]
                for t, s in zip(inputs, shapes)]

    def _create_while(self, node, inputs, name):
        types = list(_attr(node, "T"))
        if len(types) != len(inputs):
            raise ValueError("Node '%s' (%s) has %d inputs but T lists %d types"
                             % (name, node.op, len(inputs), len(types)))
        shapes = list(_attr(node, "output_shapes") or [])
        if len(shapes) != len(inputs):
            shapes = [t.shape for t in inputs]
        with cfg.record_ops(self.graph, name, "while") as cond_rec:
            cond_args = self._stand_ins(name, inputs, shapes, "cond")
            result = self.instantiate(node.attr["cond"].func.name, cond_args, name)
        if len(result) != 1 or result[0].dtype.base_dtype.name != "bool":
            raise ValueError("Node '%s' (%s): the cond function must return one bool"
                             % (name, node.op))
        with cfg.record_ops(self.graph, name, "while") as body_rec:
            body_args = self._stand_ins(name, inputs, shapes, "body")
            outs = self.instantiate(node.attr["body"].func.name, body_args, name)
        if [t.dtype.base_dtype for t in outs] != [t.base_dtype for t in types]:
            raise ValueError("Node '%s' (%s): the body returns %s for loop variables of types "
                             "%s" % (name, node.op, [t.dtype.name for t in outs],
                                     [t.name for t in types]))
        subs = [cfg.SubGraph("cond", cond_rec.ops, cond_args, result),
                cfg.SubGraph("body", body_rec.ops, body_args, outs)]
        captures = cfg.union_captures(*subs)
        back_prop = node.attr[BACK_PROP_ATTR].b if BACK_PROP_ATTR in node.attr else True
        attrs = {"cond": subs[0], "body": subs[1], "T": [t.base_dtype for t in types],
                 "output_shapes": shapes, "back_prop": back_prop,
                 "parallel_iterations": int(_attr(node, "parallel_iterations") or 10)}
        return self._finish(node, name, node.op, list(inputs) + captures, attrs, subs)


def _attr(node, key):
    return op_defs.from_attr_value(node.attr[key]) if key in node.attr else None


def _unique(graph, name, mark_as_used=True):
    saved, graph._name_stack = graph._name_stack, ""
    try:
        return graph.unique_name(name, mark_as_used)
    finally:
        graph._name_stack = saved


class _Environment:
    """The arguments and created ops of one function instantiation."""

    def __init__(self, importer, fdef, args):
        self.importer = importer
        self.fdef = fdef
        self.args = {a.name: t for a, t in zip(fdef.signature.input_arg, args)}
        self.ops: dict = {}

    def inputs_of(self, node):
        inputs, controls = [], []
        for text in node.input:
            if text.startswith("^"):
                found = self.ops.get(text[1:])
                if found is not None:
                    controls.append(found[1])
                continue
            inputs.append(self.resolve(text, node.name))
        return inputs, controls

    def resolve(self, text, user):
        name, out_arg, index = _parse_ref(text)
        if out_arg is None and name in self.args and index == 0:
            return self.args[name]
        found = self.ops.get(name)
        if found is None:
            raise ValueError("Function %s: '%s' (used by '%s') names no argument or node"
                             % (self.fdef.signature.name, text, user))
        node, op = found
        flat = index if out_arg is None else self._flat_index(node, out_arg, index)
        if flat >= len(op._outputs):
            raise ValueError("Function %s: '%s' is output %d of node '%s', which has %d"
                             % (self.fdef.signature.name, text, flat, node.name,
                                len(op._outputs)))
        return op._outputs[flat]

    def _flat_index(self, node, out_arg, index):
        callee = self.importer.functions.get(node.op)
        if callee is not None:
            names = [a.name for a in callee.signature.output_arg]
            suffixes = ["%s:0" % n for n in names]
        else:
            n_out = len(self.ops[node.name][1]._outputs)
            suffixes = output_suffixes(node.op, node.attr, n_out)
        key = "%s:%d" % (out_arg, index)
        if key not in suffixes:
            raise ValueError("Function %s: node '%s' (%s) has no output '%s'"
                             % (self.fdef.signature.name, node.name, node.op, key))
        return suffixes.index(key)

"""Control flow in a GraphDef as TensorFlow writes it: functional ops with their FunctionDefs.

tfcompat builds a cond's branches and a loop's cond and body in the main graph and stands for the
construct with one `If`/`Case`/`While` op whose attrs hold `SubGraph`s (ops/control_flow_graph.py).
TF 2.x `compat.v1` (control flow v2) writes the same constructs as functional ops whose
`then_branch`/`else_branch`/`branches`/`cond`/`body` attrs name FunctionDefs in `GraphDef.library`.
`GraphExport` writes tfcompat's graphs that way:

- The main GraphDef holds the ops outside every sub-graph. An op only a sub-graph needs lives only
  in its function; `_LoopVar` stand-ins and the ops reading them never reach the main graph.
- If/Case: every branch function takes all the node's inputs after the predicate (tfcompat's
  captures), returns the branch outputs.
- While: TF carries captures as loop variables, so the node's `T` and `output_shapes` and the
  functions' signatures list the n loop variables, then the m captures; the body returns the
  captures unchanged. The node has n+m outputs, the first n those of tfcompat's op.
- A tensor a sub-graph uses without capturing it (the variable an `Assign` inside a branch writes)
  becomes one more capture, so every function is closed. TF cannot pass a ref variable into a
  function; such constructs are listed in `problems` (see `GraphExport.warn_problems`).
- Function node names are the ops' graph names (the FunctionDef attr `_tfcompat_scope` says so),
  so importing restores them (interchange/function_import.py).
"""
from __future__ import annotations

import logging
import re
from typing import NamedTuple

from tfcompat.io.export_attrs import SCOPE_ATTR  # body node names are graph names
from tfcompat.io import op_defs
from tfcompat.io.proto import attr_value_pb2
from tfcompat.io.proto import function_pb2
from tfcompat.io.proto import node_def_pb2

IF_TYPES = frozenset({"If", "StatelessIf"})
CASE_TYPES = frozenset({"Case", "StatelessCase"})
WHILE_TYPES = frozenset({"While", "StatelessWhile"})
CONTROL_FLOW_TYPES = IF_TYPES | CASE_TYPES | WHILE_TYPES
LOOP_VAR = "_LoopVar"
FUSED_RNN_TYPES = frozenset({"CudnnRNN", "CudnnRNNV3"})  # GPU-only kernels in TF

_log = logging.getLogger("tensorflow")   # as TF logs: "WARNING:tensorflow:..." (tf_logging.py)

__all__ = ["GraphExport", "Value", "CONTROL_FLOW_TYPES", "output_suffixes"]


class Value(NamedTuple):
    """A tensor as one scope (the main graph or a function body) refers to it."""

    ref: str      # "node", "node:1" in a GraphDef; "arg", "node:out_arg:0" in a function
    dtype: int    # DataType enum, base type
    shape: object = None


def base_enum(tensor) -> int:
    return tensor.dtype.base_dtype.as_datatype_enum


def _sorted_ops(ops):
    return sorted(ops, key=lambda op: op._id)


def output_suffixes(op_type, attrs, n_out) -> list:
    """`["z:0"]`, `["output:0", "output:1"]`: how a function body names an op's outputs (by
    TF's output arg names; `attrs` are AttrValue protos)."""
    tf_def = op_defs.tf_op_def(op_type)
    if tf_def is None:
        return ["output:%d" % i for i in range(n_out)]
    counts = []
    for arg in tf_def.output_arg:
        if arg.number_attr and arg.number_attr in attrs:
            counts.append(attrs[arg.number_attr].i)
        elif arg.type_list_attr and arg.type_list_attr in attrs:
            counts.append(len(attrs[arg.type_list_attr].list.type))
        elif arg.number_attr or arg.type_list_attr:
            counts.append(None)
        else:
            counts.append(1)
    if None in counts:
        known = sum(c for c in counts if c is not None)
        counts[counts.index(None)] = n_out - known
    out = []
    for arg, count in zip(tf_def.output_arg, counts):
        out.extend("%s:%d" % (arg.name, i) for i in range(count))
    return out


def _sanitize_arg(name: str) -> str:
    text = re.sub(r"[^a-z0-9_]", "_", name.lower())
    return text if re.match(r"[a-z]", text) else "arg_" + text


class _Names:
    def __init__(self, used=()):
        self.used = set(used)

    def take(self, base: str) -> str:
        name, i = base, 1
        while name in self.used or name.lower() in self.used:
            name, i = "%s_%d" % (base, i), i + 1
        self.used.add(name)
        return name


# -- scopes: where nodes are written ---------------------------------------------------------

class MainScope:
    """Nodes of the main GraphDef (names unique among the graph's ops and nodes written)."""

    is_function = False

    def __init__(self, export):
        self.export = export
        self.nodes: list = []

    def value(self, tensor) -> Value:
        # lazy: cycle: the GraphDef writer writes functions through this module
        from tfcompat.io.graph_def import tensor_input_name
        return Value(tensor_input_name(tensor), base_enum(tensor), tensor.shape)

    def control(self, op) -> str:
        return "^" + op.name

    def add(self, op_type, inputs, attrs, out_dtypes, name, controls=()):
        node = node_def_pb2.NodeDef(name=self.export.names.take(name), op=op_type)
        node.input.extend(v.ref for v in inputs)
        node.input.extend(controls)
        for key, value in attrs.items():
            node.attr[key].CopyFrom(value)
        self.nodes.append(node)
        return [Value(node.name if i == 0 else "%s:%d" % (node.name, i), d)
                for i, d in enumerate(out_dtypes)]


class FunctionScope:
    """One FunctionDef being written: its arguments, body nodes and results."""

    is_function = True

    def __init__(self, export, name):
        self.export = export
        self.fdef = function_pb2.FunctionDef()
        self.fdef.signature.name = name
        self.names = _Names()
        self.values: dict = {}       # tensor of the graph -> Value in this function
        self.copied: dict = {}       # op of the graph -> its node name here

    @property
    def name(self):
        return self.fdef.signature.name

    def add_arg(self, base, dtype, tensor=None, shape=None) -> Value:
        arg = self.fdef.signature.input_arg.add(name=self.names.take(_sanitize_arg(base)),
                                                type=dtype)
        value = Value(arg.name, dtype, shape)
        if tensor is not None and tensor not in self.values:
            self.values[tensor] = value
        return value

    def add_ret(self, base, value: Value) -> None:
        arg = self.fdef.signature.output_arg.add(name=self.names.take(_sanitize_arg(base)),
                                                 type=value.dtype)
        self.fdef.ret[arg.name] = value.ref

    def value(self, tensor) -> Value:
        found = self.values.get(tensor)
        if found is None:
            raise ValueError("tensor '%s' is used in function %s but neither computed nor "
                             "passed in" % (tensor.name, self.name))
        return found

    def control(self, op) -> str | None:
        name = self.copied.get(op)
        return None if name is None else "^" + name

    def add_node(self, node, n_out, out_dtypes=None) -> list:
        node.name = self.names.take(node.name)
        self.fdef.node_def.add().CopyFrom(node)
        self.fdef.signature.is_stateful |= _is_stateful_type(node.op)
        suffixes = output_suffixes(node.op, node.attr, n_out)
        dtypes_ = out_dtypes or [None] * n_out
        return [Value("%s:%s" % (node.name, s), d) for s, d in zip(suffixes, dtypes_)]

    def add(self, op_type, inputs, attrs, out_dtypes, name, controls=()):
        node = node_def_pb2.NodeDef(name=name, op=op_type)
        node.input.extend(v.ref for v in inputs)
        node.input.extend(c for c in controls if c)
        for key, value in attrs.items():
            node.attr[key].CopyFrom(value)
        return self.add_node(node, len(out_dtypes), list(out_dtypes))


def _is_stateful_type(op_type) -> bool:
    tf_def = op_defs.tf_op_def(op_type)
    return bool(tf_def is not None and tf_def.is_stateful)


# -- attr helpers ------------------------------------------------------------------------------

def attr_types(enums) -> attr_value_pb2.AttrValue:
    out = attr_value_pb2.AttrValue()
    out.list.SetInParent()
    out.list.type.extend(enums)
    return out


def attr_type(enum) -> attr_value_pb2.AttrValue:
    return attr_value_pb2.AttrValue(type=enum)


def attr_func(name) -> attr_value_pb2.AttrValue:
    out = attr_value_pb2.AttrValue()
    out.func.name = name
    return out


def attr_shapes(shapes) -> attr_value_pb2.AttrValue:
    out = attr_value_pb2.AttrValue()
    out.list.SetInParent()
    for shape in shapes:
        out.list.shape.add().CopyFrom(op_defs.shape_proto(shape))
    return out


# -- one control-flow construct ---------------------------------------------------------------

class Construct:
    """An If/Case/While op as TF writes it: `lead` (predicate or branch index; loop variables
    for a While), then `captures` (tfcompat's, then the extra tensors its sub-graphs use)."""

    def __init__(self, export, op):
        self.op = op
        attrs = op._attrs
        if op.type in WHILE_TYPES:
            n = len(attrs["T"])
            self.lead, captures = list(op._inputs[:n]), list(op._inputs[n:])
            self.subs = [("cond", attrs["cond"]), ("body", attrs["body"])]
        else:
            self.lead, captures = list(op._inputs[:1]), list(op._inputs[1:])
            if op.type in IF_TYPES:
                self.subs = [("then", attrs["then_branch"]), ("else", attrs["else_branch"])]
            else:
                self.subs = [("branch%d" % i, s) for i, s in enumerate(attrs["branches"])]
        self.captures = list(captures)   # a copy: `extras` are what the loop below adds
        for _, sub in self.subs:
            for t in export.free_tensors(sub):
                if t not in self.captures:
                    self.captures.append(t)
        self.extras = self.captures[len(captures):]

    @property
    def node_inputs(self):
        return self.lead + self.captures


class GraphExport:
    """Writes one graph's GraphDef: which ops the main graph holds, and the functions of its
    control-flow ops (`library`)."""

    def __init__(self, graph, add_shapes=False):
        self.graph = graph
        self.add_shapes = add_shapes
        self.library = function_pb2.FunctionDefLibrary()
        self.names = _Names(op.name for op in graph.get_operations())
        self._fn_names = _Names()
        self._functions: dict = {}
        self._constructs: dict = {}
        self._free: dict = {}
        self.problems: list = []
        self._main_ops = None

    # -- which ops the main graph holds ----------------------------------------------------------

    def main_ops(self) -> list:
        if self._main_ops is None:
            self._main_ops = self._find_main_ops()
        return self._main_ops

    def _find_main_ops(self) -> list:
        ops = self.graph.get_operations()
        loop_dependent = _loop_dependent(ops)
        inner = set()
        for op in ops:
            if op.type in CONTROL_FLOW_TYPES and op not in loop_dependent:
                for _, sub in self.construct(op).subs:
                    inner |= self._all_inner(sub)
        lifted = _lifted_ops(self.graph)
        roots = [op for op in ops if (op not in inner or op in lifted)
                 and op not in loop_dependent]
        kept, stack = set(), list(roots)
        while stack:  # an op a sub-graph needs is also written where an outer op uses it
            op = stack.pop()
            if op in kept:
                continue
            kept.add(op)
            stack.extend(t.op for t in op._inputs)
            stack.extend(op._control_inputs)
            if op.type in CONTROL_FLOW_TYPES:
                stack.extend(t.op for t in self.construct(op).extras)
        return [op for op in ops if op in kept]

    def _all_inner(self, sub) -> set:
        found = set(sub.needed)
        for op in sub.needed:
            if op.type in CONTROL_FLOW_TYPES:
                for _, inner in self.construct(op).subs:
                    found |= self._all_inner(inner)
        return found

    def construct(self, op) -> Construct:
        found = self._constructs.get(op)
        if found is None:
            found = self._constructs[op] = Construct(self, op)
        return found

    def free_tensors(self, sub) -> list:
        """Tensors `sub` uses that it neither computes nor takes as inputs (its captures, and
        variables written inside, which tfcompat does not capture)."""
        found = self._free.get(id(sub))
        if found is not None:
            return found
        produced, fed, out = set(sub.needed), set(sub.inputs), []
        for op in _sorted_ops(sub.needed):
            used = list(op._inputs)
            if op.type in CONTROL_FLOW_TYPES:
                used += self.construct(op).extras
            for t in used:
                if t.op not in produced and t not in fed and t not in out:
                    out.append(t)
        for t in sub.outputs:
            if t.op not in produced and t not in fed and t not in out:
                out.append(t)
        self._free[id(sub)] = out
        return out

    # -- nodes -------------------------------------------------------------------------------

    def finish_node(self, op, node, scope) -> int:
        """Completes the NodeDef of `op` for `scope` (functions of control-flow ops, TF's loop
        signature); returns the node's number of outputs."""
        self._check_extra_attrs(op, node)
        if op_defs.tf_op_def(op.type) is None:
            self.problems.append("op '%s' has type %s, which is tfcompat's own: TensorFlow has "
                                 "no such op" % (op.name, op.type))
        if op.type in FUSED_RNN_TYPES and scope.is_function:  # main graph: io/rnn_export.py
            self.problems.append(
                "op '%s' (%s) is inside a cond branch or loop body: TensorFlow has kernels for "
                "it on GPUs only, and tfcompat writes it as TF ops only in the main graph"
                % (op.name, op.type))
        if op.type not in CONTROL_FLOW_TYPES:
            return len(op._outputs)
        c = self.construct(op)
        controls = [x for x in node.input if x.startswith("^")]
        del node.input[:]
        node.input.extend(scope.value(t).ref for t in c.node_inputs)
        node.input.extend(controls)
        capture_types = [base_enum(t) for t in c.captures]
        if op.type in WHILE_TYPES:
            return self._finish_while(op, c, node, capture_types)
        node.attr["Tin"].CopyFrom(attr_types(capture_types))
        if op.type in IF_TYPES:
            node.attr["then_branch"].CopyFrom(attr_func(self.branch_function(c, 0)))
            node.attr["else_branch"].CopyFrom(attr_func(self.branch_function(c, 1)))
        else:
            branches = attr_value_pb2.AttrValue()
            branches.list.SetInParent()
            for i in range(len(c.subs)):
                branches.list.func.add().name = self.branch_function(c, i)
            node.attr["branches"].CopyFrom(branches)
        self._check_refs(c)
        return len(op._outputs)

    def _finish_while(self, op, c, node, capture_types):
        shapes = list(op._attrs["output_shapes"]) + [t.shape for t in c.captures]
        node.attr["T"].CopyFrom(attr_types([base_enum(t) for t in c.lead] + capture_types))
        node.attr["output_shapes"].CopyFrom(attr_shapes(shapes))
        node.attr["cond"].CopyFrom(attr_func(self.loop_function(c, "cond")))
        node.attr["body"].CopyFrom(attr_func(self.loop_function(c, "body")))
        if "_output_shapes" in node.attr:
            node.attr["_output_shapes"].CopyFrom(attr_shapes(shapes))
        self._check_refs(c)
        return len(c.lead) + len(c.captures)

    def _check_extra_attrs(self, op, node):
        """An attr TF's op lacks, set to other than tfcompat's (TF-equivalent) scalar default,
        changes what the op computes: TF would run it differently."""
        # lazy: cycle: the GraphDef writer writes functions through this module
        from tfcompat.io.graph_def import EXTRA_ATTR_PREFIX
        registered = op.op_def.attrs if op.op_def is not None else {}
        for key in node.attr:
            name = key[len(EXTRA_ATTR_PREFIX):]
            if key.startswith(EXTRA_ATTR_PREFIX) and op.type not in WHILE_TYPES and \
                    isinstance(registered.get(name), (bool, int, float, str)):
                self.problems.append(
                    "op '%s' (%s) has %s=%r, which TensorFlow's %s does not have: TF would "
                    "compute it as with %s=%r" % (op.name, op.type, name, op._attrs.get(name),
                                                  op.type, name, registered[name]))

    def _check_refs(self, c):
        """A variable an op inside takes by reference (Assign, an optimizer update): TF passes
        function arguments by value. (Variables only read are fine.)"""
        written = {op._inputs[i] for _, sub in c.subs for op in sub.needed
                   if op.op_def is not None for i in op.op_def.ref_inputs}
        for t in c.captures:
            if t.dtype._is_ref_dtype and t in written:
                self.problems.append(
                    "%s '%s' uses variable '%s' inside its %s: TensorFlow's functional "
                    "control flow cannot pass a ref variable into a function (use resource "
                    "variables)" % (c.op.type, c.op.name, t.op.name,
                                    "body" if c.op.type in WHILE_TYPES else "branches"))

    # -- functions ---------------------------------------------------------------------------

    def new_function(self, base) -> FunctionScope:
        name = self._fn_names.take(re.sub(r"[^A-Za-z0-9_]", "_", base))
        return FunctionScope(self, name)

    def add_function(self, scope: FunctionScope) -> str:
        _prune(scope.fdef)
        self.library.function.add().CopyFrom(scope.fdef)
        return scope.name

    def cached_function(self, key, build, problems=None) -> str:
        """The function `build()` writes, written once per `key`; the problems its first
        writing reported are reported again to each later user."""
        found = self._functions.get(key)
        if found is None:
            start = len(problems) if problems is not None else 0
            name = build()
            found = self._functions[key] = (name, list(problems[start:]) if problems else [])
        elif problems is not None:
            problems.extend(found[1])
        return found[0]

    def branch_function(self, c, index) -> str:
        role, sub = c.subs[index]

        def build():
            scope = self.new_function("%s_%s" % (c.op.name, role))
            for t in c.captures:
                scope.add_arg(t.op.name, base_enum(t), t, t.shape)
            self.copy_ops(scope, sub.needed)
            for t in sub.outputs:
                scope.add_ret(t.op.name, scope.value(t))
            return self.add_function(scope)

        return self.cached_function((id(sub), "forward"), build)

    def loop_function(self, c, role) -> str:
        sub = dict(c.subs)[role]

        def build():
            scope = self.new_function("%s_%s" % (c.op.name, role))
            for t in sub.inputs:
                scope.add_arg(t.op.name, base_enum(t), t, t.shape)
            capture_args = [scope.add_arg(t.op.name, base_enum(t), t, t.shape)
                            for t in c.captures]
            self.copy_ops(scope, sub.needed)
            for t in sub.outputs:
                scope.add_ret(t.op.name, scope.value(t))
            if role == "body":
                for t, arg in zip(c.captures, capture_args):
                    scope.add_ret(t.op.name, arg)
            return self.add_function(scope)

        return self.cached_function((id(sub), "forward"), build)

    def copy_ops(self, scope: FunctionScope, ops) -> None:
        """Writes `ops` (forward ops of the graph) into the function `scope`."""
        # lazy: cycle: the GraphDef writer writes functions through this module
        from tfcompat.io.graph_def import node_def_of
        scope.fdef.attr[SCOPE_ATTR].s = b""
        for op in _sorted_ops(ops):
            if op in scope.copied:
                continue
            node = node_def_of(op)
            del node.input[:]
            node.input.extend(scope.value(t).ref for t in op._inputs)
            node.input.extend(filter(None, (scope.control(c) for c in op._control_inputs)))
            _local_colocation(node, scope)
            n_out = self.finish_node(op, node, scope)
            values = scope.add_node(node, n_out, [base_enum(t) for t in op._outputs]
                                    + [None] * (n_out - len(op._outputs)))
            scope.copied[op] = node.name
            for t, value in zip(op._outputs, values):
                scope.values[t] = Value(value.ref, base_enum(t), t.shape)

    def is_stateful_function(self, name) -> bool:
        return any(f.signature.is_stateful for f in self.library.function
                   if f.signature.name == name)

    def warn_problems(self, graph) -> None:
        """Logs, once per graph, what of this graph TensorFlow cannot run as written."""
        reported = graph.__dict__.setdefault("_tfcompat_export_problems", set())
        for text in dict.fromkeys(self.problems):
            if text not in reported:
                reported.add(text)
                _log.warning("TensorFlow cannot run part of this graph as exported: %s", text)


def _local_colocation(node, scope):
    """Colocation groups inside a function may only name the function's own nodes; groups of
    ops outside it are dropped, as TF does when it builds function bodies."""
    if "_class" not in node.attr:
        return
    kept = []
    for s in node.attr["_class"].list.s:
        target = s.decode("utf-8", "replace")
        if target.startswith("loc:@"):
            local = next((n for op, n in scope.copied.items() if op.name == target[5:]), None)
            if local is not None:
                kept.append(("loc:@" + local).encode())
    if kept:
        del node.attr["_class"].list.s[:]
        node.attr["_class"].list.s.extend(kept)
    else:
        del node.attr["_class"]


def _prune(fdef) -> None:
    """Drops the body nodes no result needs (a VJP function's unused forward recomputation),
    keeping stateful ones."""
    by_name = {n.name: n for n in fdef.node_def}
    stack = [ref.split(":")[0] for ref in list(fdef.ret.values()) + list(fdef.control_ret.values())]
    stack += [n.name for n in fdef.node_def if _is_stateful_type(n.op)]
    live = set()
    while stack:
        name = stack.pop()
        if name in live or name not in by_name:
            continue
        live.add(name)
        stack.extend(x.lstrip("^").split(":")[0] for x in by_name[name].input)
    if len(live) < len(by_name):
        kept = [n for n in fdef.node_def if n.name in live]
        del fdef.node_def[:]
        fdef.node_def.extend(kept)


def _lifted_ops(graph) -> set:
    """Ops TF1 makes outside every control-flow context (`init_scope`) that tfcompat may have
    built while a branch or body was being built: a variable's snapshot `v/read`, which its
    VariableDef names (a cell's variables made inside dynamic_rnn's loop). They stay in the
    main graph as well as in the functions that use them."""
    found = set()
    for key in graph.get_all_collection_keys():
        for item in graph.get_collection(key):
            snapshot = getattr(item, "_snapshot", None)
            if snapshot is not None and getattr(snapshot, "graph", None) is graph:
                found.add(snapshot.op)
    return found


def _loop_dependent(ops) -> set:
    """`_LoopVar` stand-ins and every op that reads one (data or control): values that exist
    only inside a loop."""
    found, ordered, changed = set(), _sorted_ops(ops), True
    while changed:  # control inputs added after an op was made may point forward in order
        changed = False
        for op in ordered:
            if op not in found and (op.type == LOOP_VAR or any(t.op in found for t in op._inputs)
                                    or any(c in found for c in op._control_inputs)):
                found.add(op)
                changed = True
    return found


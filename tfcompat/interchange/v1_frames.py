"""TF 1.x while loops in an imported GraphDef: each loop frame becomes one `While` op.

TF 1.x (and TF 2.x with control flow v2 off: `dynamic_rnn`, `tf.while_loop` in graph code)
writes a loop as a cycle of nodes in one *frame* (`Enter` nodes with the same `frame_name`):

    Enter(init) -> Merge(Enter, NextIteration) -> Switch(Merge, LoopCond) -> Exit  (output 0)
                                                              \\-> Identity -> body (output 1)
    body ... -> NextIteration -> back into the Merge;   cond(Merge ...) -> LoopCond

and `Enter(is_constant=True)` for each loop invariant. tfcompat runs loops as its functional
`While` op (ops/control_flow_while.py), so `rewrite` turns each frame, before the importer orders
the nodes, into an acyclic graph with the same node names:

- each loop variable's `Merge` becomes a `_LoopVar` stand-in (the cond sub-graph's input),
  its `Switch` an `Identity` of it (the body's input, read through output 0 instead of 1),
  `NextIteration`, `LoopCond` and `Enter` become `Identity` ops (the body's and cond's outputs;
  a loop-variable Enter is the loop's initial value, a constant Enter a captured invariant);
- a new node (`_V1While`, never a TF op) stands for the loop; when the importer reaches it, all
  the frame's ops exist, and `Frames.create` makes the `While` op from them, as
  `tf.while_loop` does (cond and body `SubGraph`s over the frame's ops);
- each `Exit` becomes an `Identity` of the `While` op's output for its loop variable.

Frames nest: an inner loop's ops, `While` op included, are ops of the outer loop's body.
"""
from __future__ import annotations

from tfcompat._lazy import lazy_module
from tfcompat.framework import tensor_shape

op_defs = lazy_module("tfcompat.io.op_defs")
cfg = lazy_module("tfcompat.ops.control_flow_graph")

__all__ = ["rewrite", "Frames"]

_ENTER = frozenset({"Enter", "RefEnter"})
_MERGE = frozenset({"Merge", "RefMerge"})
_SWITCH = frozenset({"Switch", "RefSwitch"})
_EXIT = frozenset({"Exit", "RefExit"})
_NEXT = frozenset({"NextIteration", "RefNextIteration"})
_PSEUDO = "_V1While"
_FRAME_ATTRS = ("frame_name", "is_constant", "parallel_iterations")


def _source(text):
    """'^op' -> 'op'; 'op:1' -> 'op'."""
    name = text[1:] if text.startswith("^") else text
    base, _, index = name.rpartition(":")
    return base if base and index.isdigit() else name


def _port(text):
    base, _, index = text.rpartition(":")
    return int(index) if base and index.isdigit() else 0


class _Loop:
    """One frame: its loop variables' nodes, in the order of their Enter nodes."""

    def __init__(self, frame):
        self.frame = frame
        self.enters, self.merges, self.switches, self.nexts = [], [], [], []
        self.exits: dict = {}           # Exit node name -> loop variable index
        self.const_enters: list = []
        self.unused_enters: list = []   # Enters nothing reads: Identity ops outside the loop
        self.loop_cond = None
        self.pseudo = None
        self.members: set = set()
        self.parallel_iterations = 10


def _consumers(graph_def) -> dict:
    users: dict = {}
    for node in graph_def.node:
        for text in node.input:
            users.setdefault(_source(text), []).append((node, text))
    return users


def _only(nodes, types, what, frame):
    found = [n for n in nodes if n.op in types]
    if len(found) != 1:
        raise ValueError("while loop frame '%s': expected one %s, found %d (%s)"
                         % (frame, what, len(found), ", ".join(n.name for n in found)))
    return found[0]


def _exits_of(switch, users) -> list:
    """The Exit nodes of a loop variable: after its Switch, or after Identity nodes of the
    Switch's output 0 (tf.gradients' loops: Exit(tuple's Identity(Switch:0)), the gradient of
    a loop's initial value, e.g. a learned initial state of dynamic_rnn)."""
    exits, stack = [], [switch.name]
    while stack:
        name = stack.pop()
        for user, text in users.get(name, ()):
            if user.op in _EXIT:
                exits.append(user.name)
            elif user.op == "Identity" and not text.startswith("^") and _port(text) == 0:
                stack.append(user.name)
    return exits


def _find_loop(frame, enters, nodes, users) -> _Loop:
    loop = _Loop(frame)
    for enter in enters:
        loop.parallel_iterations = enter.attr["parallel_iterations"].i or 10
        if enter.attr["is_constant"].b:
            loop.const_enters.append(enter.name)
            continue
        if enter.name not in users:
            # tf.gradients leaves the Enter of a gradient it found unneeded with no consumer
            loop.unused_enters.append(enter.name)
            continue
        merge = _only([n for n, _ in users.get(enter.name, ())], _MERGE,
                      "Merge after Enter '%s'" % enter.name, frame)
        nexts = [nodes[_source(t)] for t in merge.input if _source(t) != enter.name]
        nxt = _only(nexts, _NEXT, "NextIteration into Merge '%s'" % merge.name, frame)
        switch = _only([n for n, _ in users.get(merge.name, ())
                        if n.op in _SWITCH and nodes[_source(n.input[1])].op == "LoopCond"],
                       _SWITCH, "Switch on LoopCond after Merge '%s'" % merge.name, frame)
        cond = _source(switch.input[1])
        if loop.loop_cond not in (None, cond):
            raise ValueError("while loop frame '%s': its Switch nodes use two LoopCond nodes "
                             "('%s' and '%s')" % (frame, loop.loop_cond, cond))
        loop.loop_cond = cond
        for name in _exits_of(switch, users):
            loop.exits[name] = len(loop.enters)
        loop.enters.append(enter.name)
        loop.merges.append(merge.name)
        loop.switches.append(switch.name)
        loop.nexts.append(nxt.name)
    if not loop.enters:
        raise ValueError("while loop frame '%s' has no loop variables (no Enter with "
                         "is_constant=false)" % frame)
    return loop


_DT_BOOL = 10   # types.proto's DT_BOOL: the dtype of LoopCond, which has no T attr


def _to_identity(node, dtype_enum=None):
    # a variable captured by a body that updates it (tf.assign_add in a while_loop) stays a
    # reference the update resolves to its variable (ops/control_flow_v1_refs.py)
    ref = node.op == "RefEnter" and node.attr["is_constant"].b
    node.op = "RefIdentity" if ref else "Identity"
    for key in _FRAME_ATTRS + ("N",):
        if key in node.attr:
            del node.attr[key]
    if dtype_enum is not None:
        node.attr["T"].type = dtype_enum


def _unique_name(nodes, base):
    name, i = base, 1
    while name in nodes:
        name, i = "%s_%d" % (base, i), i + 1
    return name


def _rewrite_loop(graph_def, loop, nodes, pivoted):
    for name in loop.enters + loop.const_enters + loop.unused_enters + loop.nexts:
        _to_identity(nodes[name])
    cond = nodes[loop.loop_cond]
    _to_identity(cond, _DT_BOOL)
    for merge_name, enter_name in zip(loop.merges, loop.enters):
        merge = nodes[merge_name]      # only ordered after its Enter; Frames.create makes it
        del merge.input[:]
        merge.input.append(enter_name)
    switches = set(loop.switches)
    pivots = {"^" + name for name in loop.merges + loop.switches}
    for node in graph_def.node:         # the body reads a Switch's output 1: now its output 0
        for i, text in enumerate(node.input):
            if not text.startswith("^") and _source(text) in switches and _port(text) == 1:
                node.input[i] = _source(text)
        if pivots.intersection(node.input):
            # a control edge from a Merge or Switch (a cond in the loop's cond uses the Merge as
            # its pivot) means "in this iteration": calling the sub-graph per iteration says
            # that, and the stand-ins must not run as ops
            kept = [text for text in node.input if text not in pivots]
            for text in pivots.intersection(node.input):
                pivoted.setdefault(text[1:], []).append((node, text))
            del node.input[:]
            node.input.extend(kept)
    for switch_name, merge_name in zip(loop.switches, loop.merges):
        switch = nodes[switch_name]
        del switch.input[:]
        switch.input.append(merge_name)
        _to_identity(switch)
    scope = loop.merges[0].rpartition("/")[0]
    loop.pseudo = _unique_name(nodes, (scope + "/" if scope else "") + "While")
    pseudo = graph_def.node.add(name=loop.pseudo, op=_PSEUDO)
    pseudo.input.extend(loop.enters + [loop.loop_cond] + loop.nexts)
    nodes[loop.pseudo] = pseudo
    for name, index in loop.exits.items():
        exit_node = nodes[name]
        del exit_node.input[:]
        exit_node.input.append("%s:%d" % (loop.pseudo, index))
        _to_identity(exit_node)


def _members(loop, users):
    """The frame's nodes: all that follow its Merges and constant Enters, up to its Exits."""
    stop = set(loop.exits) | {loop.pseudo}
    stack = list(loop.merges) + list(loop.const_enters)
    members = set()
    while stack:
        name = stack.pop()
        if name in members or name in stop:
            continue
        members.add(name)
        stack.extend(user.name for user, _ in users.get(name, ()))
    return members


def rewrite(graph_def):
    """(graph_def, None) when it has no v1 loops; else (a rewritten copy, `Frames`)."""
    by_frame: dict = {}
    for node in graph_def.node:
        if node.op in _ENTER:
            by_frame.setdefault(node.attr["frame_name"].s.decode(), []).append(node)
    if not by_frame:
        return graph_def, None
    graph_def = type(graph_def).FromString(graph_def.SerializeToString())
    nodes = {node.name: node for node in graph_def.node}
    users = _consumers(graph_def)
    loops = []
    for frame, enters in by_frame.items():
        enters = [nodes[e.name] for e in enters]
        loops.append(_find_loop(frame, enters, nodes, users))
    pivoted: dict = {}
    for loop in loops:
        _rewrite_loop(graph_def, loop, nodes, pivoted)
    users = _consumers(graph_def)
    for name, edges in pivoted.items():
        # a node whose only tie to the frame was the stripped pivot edge (a Const in a cond in
        # the loop's cond, say) still runs per iteration, as in TF: a Switch on it must route
        # values inside the loop, not make the whole loop's input dead
        users.setdefault(name, []).extend(edges)
    for loop in loops:
        loop.members = _members(loop, users)
    return graph_def, Frames(loops)


class Frames:
    """Makes the ops of the rewritten frames while the importer creates the graph's ops."""

    def __init__(self, loops):
        self.by_pseudo = {loop.pseudo: loop for loop in loops}
        self.merge_index = {m: (loop, i) for loop in loops for i, m in enumerate(loop.merges)}
        self.created: dict = {}   # node name -> op, for the nodes of every frame

    def handles(self, name) -> bool:
        return name in self.by_pseudo or name in self.merge_index

    def note(self, name, op):
        self.created[name] = op

    def create(self, graph, node, inputs, name):
        """The op for a Merge stand-in or a loop's pseudo node (module docs)."""
        if node.name in self.merge_index:
            dtype = op_defs.from_attr_value(node.attr["T"])
            # unknown, as TF's importer infers a Merge with a back edge (the GraphDef keeps no
            # shape invariant): the loop's values, and what the body computes, have no shape
            return graph._create_op("_LoopVar", [], {"dtype": dtype.base_dtype,
                                                     "shape": tensor_shape.unknown_shape()},
                                    name + "/")
        return self._create_while(graph, self.by_pseudo[node.name], inputs, name)

    def _create_while(self, graph, loop, inputs, name):
        n = len(loop.enters)
        out = lambda node_name: self.created[node_name]._outputs[0]  # noqa: E731
        members = [self.created[m] for m in loop.members if m in self.created]
        merges = [out(m) for m in loop.merges]
        body_in = [out(s) for s in loop.switches]
        results = [out(x) for x in loop.nexts]
        for merge, result in zip(merges, results):
            if merge.dtype.base_dtype != result.dtype.base_dtype:
                raise ValueError("while loop frame '%s': loop variable '%s' enters as %s but "
                                 "NextIteration gives %s" % (loop.frame, merge.op.name,
                                                             merge.dtype.name, result.dtype.name))
        subs = [cfg.SubGraph("cond", members, merges, [out(loop.loop_cond)]),
                cfg.SubGraph("body", members, body_in, results)]
        captures = cfg.union_captures(*subs)
        attrs = {"cond": subs[0], "body": subs[1], "T": [t.dtype.base_dtype for t in merges],
                 "output_shapes": [t.shape for t in merges], "back_prop": True,
                 "parallel_iterations": int(loop.parallel_iterations)}
        op_type = "While" if subs[0].stateful or subs[1].stateful else "StatelessWhile"
        op = graph._create_op(op_type, list(inputs[:n]) + captures, attrs, name + "/")
        op._add_control_inputs(cfg.outer_control(*subs))
        return op

"""`tf.contrib.graph_editor.select`: selecting ops and tensors by name, regex, scope and
graph walks (TF 1.15's graph_editor/select.py). Walk results are ordered wave by wave, each
wave in op creation order (TF's follow Python set order)."""
from __future__ import annotations

import re

from tfcompat.contrib.graph_editor import util
from tfcompat.framework.graph import Graph
from tfcompat.framework.operation import Tensor

__all__ = ["filter_ts", "filter_ts_from_regex", "filter_ops", "filter_ops_from_regex",
           "get_name_scope_ops", "check_cios", "get_ops_ios", "compute_boundary_ts",
           "get_within_boundary_ops", "get_forward_walk_ops", "get_backward_walk_ops",
           "get_walks_intersection_ops", "get_walks_union_ops", "select_ops", "select_ts",
           "select_ops_and_ts"]

_RE_TYPE = type(re.compile(""))


def can_be_regex(obj):
    return isinstance(obj, (str, _RE_TYPE))


def make_regex(obj):
    if not can_be_regex(obj):
        raise ValueError("Expected a string or a regex, got: {}".format(type(obj)))
    return re.compile(obj) if isinstance(obj, str) else obj


def _get_input_ts(ops):
    ts = []
    for op in util.make_list_of_op(ops):
        util.concatenate_unique(ts, op.inputs)
    return ts


def _get_output_ts(ops):
    return [t for op in util.make_list_of_op(ops) for t in op.outputs]


def filter_ts(ops, positive_filter):
    """The input and output tensors of `ops` that pass `positive_filter` (True: all)."""
    ops = util.make_list_of_op(ops)
    ts = util.concatenate_unique(_get_input_ts(ops), _get_output_ts(ops))
    if positive_filter is not True:
        ts = [t for t in ts if positive_filter(t)]
    return ts


def filter_ts_from_regex(ops, regex):
    """The tensors of `ops` whose name `regex` matches (re.search)."""
    regex_obj = make_regex(regex)
    return filter_ts(util.make_list_of_op(ops), lambda t: regex_obj.search(t.name))


def filter_ops(ops, positive_filter):
    """The ops of `ops` that pass `positive_filter` (True: all)."""
    ops = util.make_list_of_op(ops)
    if positive_filter is not True:
        ops = [op for op in ops if positive_filter(op)]
    return ops


def filter_ops_from_regex(ops, regex):
    """The ops of `ops` whose name `regex` matches (re.search)."""
    regex_obj = make_regex(regex)
    return filter_ops(util.make_list_of_op(ops), lambda op: regex_obj.search(op.name))


def get_name_scope_ops(ops, scope):
    """The ops of `ops` in name scope `scope`."""
    if scope and scope[-1] == "/":
        scope = scope[:-1]
    return filter_ops_from_regex(ops, "^{}(/.*)?$".format(scope))


def check_cios(control_inputs=False, control_outputs=None, control_ios=None):
    """Checks the control arguments; returns `(control_inputs, control_outputs)`."""
    if control_ios is not None:
        if not isinstance(control_ios, util.ControlOutputs):
            raise TypeError("Expected a util.ControlOutputs, got: {}".format(type(control_ios)))
        if control_outputs is not None:
            raise ValueError("control_outputs should be None when using control_ios.")
        control_inputs, control_outputs = True, control_ios
    elif control_outputs is not None and not isinstance(control_outputs, util.ControlOutputs):
        raise TypeError("Expected a util.ControlOutputs, got: {}".format(type(control_outputs)))
    if control_outputs is not None:
        control_outputs.update()
    return control_inputs, control_outputs


def get_ops_ios(ops, control_inputs=False, control_outputs=None, control_ios=None):
    """The ops connected to an op of `ops` (producers, consumers, control edges if asked)."""
    control_inputs, control_outputs = check_cios(control_inputs, control_outputs, control_ios)
    res = []
    for op in util.make_list_of_op(ops):
        util.concatenate_unique(res, [t.op for t in op.inputs])
        for t in op.outputs:
            util.concatenate_unique(res, t.consumers())
        if control_outputs is not None:
            util.concatenate_unique(res, control_outputs.get(op))
        if control_inputs:
            util.concatenate_unique(res, op.control_inputs)
    return res


def compute_boundary_ts(ops, ambiguous_ts_are_outputs=True):
    """`(outside_input_ts, outside_output_ts, inside_ts)` of the set of ops `ops`."""
    ops = util.make_list_of_op(ops)
    input_ts, output_ts = _get_input_ts(ops), _get_output_ts(ops)
    output_set, ops_set = frozenset(output_ts), frozenset(ops)
    inside_ts = []
    for t in input_ts:
        if t not in output_set:
            continue
        if ambiguous_ts_are_outputs and frozenset(t.consumers()) - ops_set:
            continue
        inside_ts.append(t)
    inside_set = frozenset(inside_ts)
    return ([t for t in input_ts if t not in inside_set],
            [t for t in output_ts if t not in inside_set], inside_ts)


def _in_order(ops):
    return sorted(ops, key=lambda op: op._id)


def get_within_boundary_ops(ops, seed_ops, boundary_ops=(), inclusive=True,
                            control_inputs=False, control_outputs=None, control_ios=None):
    """The ops of `ops` reachable (in any direction) from `seed_ops` without crossing
    `boundary_ops`."""
    control_inputs, control_outputs = check_cios(control_inputs, control_outputs, control_ios)
    ops = util.make_list_of_op(ops)
    seed_ops = util.make_list_of_op(seed_ops, allow_graph=False)
    boundary_ops = set(util.make_list_of_op(boundary_ops))
    res = set(seed_ops)
    if boundary_ops & res:
        raise ValueError("Boundary is intersecting with the seeds.")
    wave = set(seed_ops)
    while wave:
        new_wave = set()
        for op in get_ops_ios(_in_order(wave), control_inputs, control_outputs):
            if op in res:
                continue
            if op in boundary_ops:
                if inclusive:
                    res.add(op)
            else:
                new_wave.add(op)
        res.update(new_wave)
        wave = new_wave
    return [op for op in ops if op in res]


def _seeds(seed_ops, from_tensors):
    if not util.is_iterable(seed_ops):
        seed_ops = [seed_ops]
    seed_ops = list(seed_ops)
    if seed_ops and isinstance(seed_ops[0], Tensor):
        return from_tensors(util.make_list_of_t(seed_ops, allow_graph=False))
    return util.make_list_of_op(seed_ops, allow_graph=False)


def _walk(seed_ops, inclusive, within_ops, next_ops):
    if within_ops:
        within_ops = frozenset(util.make_list_of_op(within_ops, allow_graph=False))
        seed_ops = [op for op in seed_ops if op in within_ops]
    seed_ops = util.concatenate_unique([], seed_ops)
    result, seen = list(seed_ops), set(seed_ops)
    wave = seed_ops
    while wave:
        new_wave = []
        for op in wave:
            for new_op in next_ops(op):
                if new_op not in seen and (within_ops is None or new_op in within_ops):
                    seen.add(new_op)
                    new_wave.append(new_op)
        wave = _in_order(new_wave)
        result += wave
    if not inclusive:
        seed_set = frozenset(seed_ops)
        result = [op for op in result if op not in seed_set]
    return result


def get_forward_walk_ops(seed_ops, inclusive=True, within_ops=None, stop_at_ts=(),
                         control_outputs=None):
    """The ops reached walking forward from `seed_ops` (tensors: from their consumers)."""
    _, control_outputs = check_cios(False, control_outputs)
    seed_ops = _seeds(seed_ops, util.get_consuming_ops)
    if not seed_ops:
        return []
    stop_at_ts = frozenset(util.make_list_of_t(stop_at_ts))

    def next_ops(op):
        found = [c for t in op.outputs if t not in stop_at_ts for c in t.consumers()]
        if control_outputs is not None:
            found += list(control_outputs.get(op))
        return found
    return _walk(seed_ops, inclusive, within_ops or None, next_ops)


def get_backward_walk_ops(seed_ops, inclusive=True, within_ops=None, stop_at_ts=(),
                          control_inputs=False):
    """The ops reached walking backward from `seed_ops` (tensors: from their producers)."""
    seed_ops = _seeds(seed_ops, util.get_generating_ops)
    if not seed_ops:
        return []
    stop_at_ts = frozenset(util.make_list_of_t(stop_at_ts))

    def next_ops(op):
        found = [t.op for t in op.inputs if t not in stop_at_ts]
        if control_inputs:
            found += op.control_inputs
        return found
    return _walk(seed_ops, inclusive, within_ops or None, next_ops)


def _two_walks(forward_seed_ops, backward_seed_ops, forward_inclusive, backward_inclusive,
               within_ops, control_inputs, control_outputs, control_ios):
    control_inputs, control_outputs = check_cios(control_inputs, control_outputs, control_ios)
    forward_ops = get_forward_walk_ops(forward_seed_ops, inclusive=forward_inclusive,
                                       within_ops=within_ops, control_outputs=control_outputs)
    backward_ops = get_backward_walk_ops(backward_seed_ops, inclusive=backward_inclusive,
                                         within_ops=within_ops, control_inputs=control_inputs)
    return forward_ops, backward_ops


def get_walks_intersection_ops(forward_seed_ops, backward_seed_ops, forward_inclusive=True,
                               backward_inclusive=True, within_ops=None, control_inputs=False,
                               control_outputs=None, control_ios=None):
    """The ops both ahead of `forward_seed_ops` and behind `backward_seed_ops`."""
    forward_ops, backward_ops = _two_walks(
        forward_seed_ops, backward_seed_ops, forward_inclusive, backward_inclusive,
        within_ops, control_inputs, control_outputs, control_ios)
    backward_set = frozenset(backward_ops)
    return [op for op in forward_ops if op in backward_set]


def get_walks_union_ops(forward_seed_ops, backward_seed_ops, forward_inclusive=True,
                        backward_inclusive=True, within_ops=None, control_inputs=False,
                        control_outputs=None, control_ios=None):
    """The ops ahead of `forward_seed_ops` or behind `backward_seed_ops`."""
    forward_ops, backward_ops = _two_walks(
        forward_seed_ops, backward_seed_ops, forward_inclusive, backward_inclusive,
        within_ops, control_inputs, control_outputs, control_ios)
    return util.concatenate_unique(forward_ops, backward_ops)


def _select_kwargs(kwargs, own_flag, other_flag):
    graph, positive_filter, restrict = None, None, False
    for key, value in kwargs.items():
        if key == "graph":
            graph = value
            if graph is not None and not isinstance(graph, Graph):
                raise TypeError("Expected a tf.Graph, got: {}".format(type(graph)))
        elif key == "positive_filter":
            positive_filter = value
        elif key == own_flag:
            restrict = value
        elif key != other_flag:
            raise ValueError("Wrong keywords argument: {}.".format(key))
    return graph, positive_filter, restrict


def _select(args, kwargs, kind):
    """select_ops (kind 'ops') or select_ts (kind 'ts')."""
    other = "ts" if kind == "ops" else "ops"
    graph, positive_filter, restrict = _select_kwargs(
        kwargs, "restrict_%s_regex" % kind, "restrict_%s_regex" % other)
    found = []
    for arg in args:
        if can_be_regex(arg):
            if graph is None:
                raise ValueError("Use the keyword argument 'graph' to use regex.")
            regex = make_regex(arg)
            if regex.pattern.startswith("(?#%s)" % other):
                continue
            if restrict and not regex.pattern.startswith("(?#%s)" % kind):
                continue
            elems = (filter_ops_from_regex if kind == "ops" else filter_ts_from_regex)(
                graph, regex)
        elif kind == "ops":
            elems = util.make_list_of_op(arg, ignore_ts=True)
        else:
            elems = util.make_list_of_t(arg, ignore_ops=True)
        if positive_filter is not None:
            elems = [e for e in elems if positive_filter(e)]
        util.concatenate_unique(found, elems)
    return found


def select_ops(*args, **kwargs):
    """Ops named by regexes (with graph=) or given directly; tensors are ignored."""
    return _select(args, kwargs, "ops")


def select_ts(*args, **kwargs):
    """Tensors named by regexes (with graph=) or given directly; ops are ignored."""
    return _select(args, kwargs, "ts")


def select_ops_and_ts(*args, **kwargs):
    """`(ops, ts)`; regexes for tensors start with "(?#ts)"."""
    ops = select_ops(*args, restrict_ops_regex=False, **kwargs)
    ts = select_ts(*args, restrict_ts_regex=True, **kwargs)
    return ops, ts

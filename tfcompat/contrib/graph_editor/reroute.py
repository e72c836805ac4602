"""`tf.contrib.graph_editor.reroute`: moving the consumers of tensors to other tensors, and
editing control inputs (TF 1.15's graph_editor/reroute.py). These edit the graph in place
(Operation._update_input, _add_control_inputs), which invalidates sessions' cached plans."""
from __future__ import annotations

from tfcompat.contrib.graph_editor import subgraph as _subgraph
from tfcompat.contrib.graph_editor import util as _util
from tfcompat.framework.operation import Operation

__all__ = ["swap_ts", "reroute_ts", "swap_inputs", "reroute_inputs", "swap_outputs",
           "reroute_outputs", "swap_ios", "reroute_ios", "remove_control_inputs",
           "add_control_inputs"]


def _check_ts_compatibility(ts0, ts1):
    ts0, ts1 = _util.make_list_of_t(ts0), _util.make_list_of_t(ts1)
    if len(ts0) != len(ts1):
        raise ValueError("ts0 and ts1 have different sizes: {} != {}".format(len(ts0), len(ts1)))
    for t0, t1 in zip(ts0, ts1):
        if not t0.dtype.is_compatible_with(t1.dtype):
            raise ValueError("Dtypes {} and {} are not compatible.".format(t0.dtype, t1.dtype))
        if not t0.get_shape().is_compatible_with(t1.get_shape()):
            raise ValueError("Shapes {} and {} are not compatible.".format(
                t0.get_shape(), t1.get_shape()))


class _RerouteMode:
    """swap: the ends of a and b are swapped; a2b: b's consumers move to a; b2a: the
    reverse."""
    swap, a2b, b2a = range(3)

    @classmethod
    def check(cls, mode):
        if mode == cls.swap:
            return True, True
        if mode == cls.b2a:
            return False, True
        if mode == cls.a2b:
            return True, False
        raise ValueError("Unknown _RerouteMode: {}".format(mode))


def _reroute_t(t0, t1, consumers1, can_modify=None, cannot_modify=None):
    """Makes the ops `consumers1` read `t0` where they read `t1`; returns the edit count."""
    if can_modify is not None:
        consumers1 = [op for op in consumers1 if op in can_modify]
    if cannot_modify is not None:
        consumers1 = [op for op in consumers1 if op not in cannot_modify]
    indices = {op: [i for i, t in enumerate(op.inputs) if t is t1] for op in consumers1}
    count = 0
    for op in consumers1:
        for i in indices[op]:
            op._update_input(i, t0)
            count += 1
    return count


def _reroute_ts(ts0, ts1, mode, can_modify=None, cannot_modify=None):
    """Reroutes the ends of each pair (t0, t1) of `ts0` x `ts1` as `mode` says."""
    a2b, b2a = _RerouteMode.check(mode)
    ts0, ts1 = _util.make_list_of_t(ts0), _util.make_list_of_t(ts1)
    _check_ts_compatibility(ts0, ts1)
    if cannot_modify is not None:
        cannot_modify = frozenset(_util.make_list_of_op(cannot_modify))
    if can_modify is not None:
        can_modify = frozenset(_util.make_list_of_op(can_modify))
    # consumers first, so that repeated tensors see the graph as it was
    consumers = [(_util.concatenate_unique([], t0.consumers()),
                  _util.concatenate_unique([], t1.consumers())) for t0, t1 in zip(ts0, ts1)]
    count = 0
    for t0, t1, (consumers0, consumers1) in zip(ts0, ts1, consumers):
        if t0 is t1:
            continue
        if a2b:
            count += _reroute_t(t0, t1, consumers1, can_modify, cannot_modify)
        if b2a:
            count += _reroute_t(t1, t0, consumers0, can_modify, cannot_modify)
    return count


def swap_ts(ts0, ts1, can_modify=None, cannot_modify=None):
    """For each pair, swaps the consumers of t0 and t1; returns the number of edits."""
    return _reroute_ts(ts0, ts1, _RerouteMode.swap, can_modify, cannot_modify)


def reroute_ts(ts0, ts1, can_modify=None, cannot_modify=None):
    """For each pair, makes t1's consumers read t0 (t1 is left dangling)."""
    return _reroute_ts(ts0, ts1, _RerouteMode.a2b, can_modify, cannot_modify)


def _reroute_sgv_remap(sgv0, sgv1, mode):
    """Updates the two views' inputs in place to reflect the reroute."""
    a2b, b2a = _RerouteMode.check(mode)
    for sgv in (sgv0, sgv1):
        if not isinstance(sgv, _subgraph.SubGraphView):
            raise TypeError("Expected a SubGraphView, got {}".format(type(sgv)))
    _util.check_graphs(sgv0, sgv1)
    sgv0_, sgv1_ = sgv0.copy(), sgv1.copy()
    if a2b and b2a:
        sgv0_._input_ts, sgv1_._input_ts = sgv1_._input_ts, sgv0_._input_ts
        sgv0_._passthrough_ts, sgv1_._passthrough_ts = (sgv1_._passthrough_ts,
                                                        sgv0_._passthrough_ts)
    elif a2b:
        sgv1_._input_ts = sgv0_._input_ts[:]
        sgv1_._passthrough_ts = sgv0_._passthrough_ts[:]
    elif b2a:
        sgv0_._input_ts = sgv1_._input_ts[:]
        sgv0_._passthrough_ts = sgv1_._passthrough_ts[:]

    def update_passthrough_outputs(a, b):
        for i, t in enumerate(b._output_ts):
            if t in a._passthrough_ts:
                b._output_ts[i] = b._input_ts[a._input_ts.index(t)]
    if a2b:
        update_passthrough_outputs(sgv0_, sgv1_)
    if b2a:
        update_passthrough_outputs(sgv1_, sgv0_)
    sgv0._assign_from(sgv0_)
    sgv1._assign_from(sgv1_)


def _reroute_sgv_inputs(sgv0, sgv1, mode):
    sgv0, sgv1 = _subgraph.make_view(sgv0), _subgraph.make_view(sgv1)
    _util.check_graphs(sgv0, sgv1)
    can_modify = sgv0.ops + sgv1.ops
    can_modify += _util.get_consuming_ops(sgv0.passthroughs)  # passthroughs' consumers too
    can_modify += _util.get_consuming_ops(sgv1.passthroughs)
    _reroute_ts(sgv0.inputs, sgv1.inputs, mode, can_modify=can_modify)
    _reroute_sgv_remap(sgv0, sgv1, mode)
    return sgv0, sgv1


def _reroute_sgv_outputs(sgv0, sgv1, mode):
    sgv0, sgv1 = _subgraph.make_view(sgv0), _subgraph.make_view(sgv1)
    _util.check_graphs(sgv0, sgv1)
    _reroute_ts(sgv0.outputs, sgv1.outputs, mode, cannot_modify=sgv0.ops + sgv1.ops)
    return sgv0, sgv1


def _reroute_sgv(sgv0, sgv1, mode):
    _reroute_sgv_outputs(sgv0, sgv1, mode)
    _reroute_sgv_inputs(sgv0, sgv1, mode)
    return sgv0, sgv1


def swap_inputs(sgv0, sgv1):
    """Swaps all the inputs of two subgraph views (updated in place)."""
    return _reroute_sgv_inputs(sgv0, sgv1, _RerouteMode.swap)


def reroute_inputs(sgv0, sgv1):
    """Makes `sgv1` read the inputs of `sgv0`."""
    return _reroute_sgv_inputs(sgv0, sgv1, _RerouteMode.a2b)


def swap_outputs(sgv0, sgv1):
    """Swaps the consumers of the outputs of two subgraph views."""
    return _reroute_sgv_outputs(sgv0, sgv1, _RerouteMode.swap)


def reroute_outputs(sgv0, sgv1):
    """Makes the consumers of `sgv1`'s outputs read `sgv0`'s outputs."""
    return _reroute_sgv_outputs(sgv0, sgv1, _RerouteMode.a2b)


def swap_ios(sgv0, sgv1):
    """Swaps the inputs and outputs of two subgraph views."""
    return _reroute_sgv(sgv0, sgv1, _RerouteMode.swap)


def reroute_ios(sgv0, sgv1):
    """Reroutes the inputs and outputs of `sgv0` to `sgv1`."""
    return _reroute_sgv(sgv0, sgv1, _RerouteMode.a2b)


def remove_control_inputs(op, cops):
    """Removes the control inputs `cops` from `op` (ValueError if one is not there)."""
    if not isinstance(op, Operation):
        raise TypeError("Expected a tf.Operation, got: {}", type(op))
    cops = _util.make_list_of_op(cops, allow_graph=False)
    for cop in cops:
        if cop not in op.control_inputs:
            raise ValueError("{} is not a control_input of {}".format(op.name, cop.name))
    keep = [cop for cop in op.control_inputs if cop not in cops]
    op._remove_all_control_inputs()
    op._add_control_inputs(keep)


def add_control_inputs(op, cops):
    """Adds the control inputs `cops` to `op` (ValueError if one is already there)."""
    if not isinstance(op, Operation):
        raise TypeError("Expected a tf.Operation, got: {}", type(op))
    cops = _util.make_list_of_op(cops, allow_graph=False)
    for cop in cops:
        if cop in op.control_inputs:
            raise ValueError("{} is already a control_input of {}".format(cop.name, op.name))
    op._add_control_inputs(cops)

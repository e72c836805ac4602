"""`tf.contrib.graph_editor.subgraph`: SubGraphView, a view of some ops of a graph with
their (remappable) input and output tensors (TF 1.15's graph_editor/subgraph.py)."""
from __future__ import annotations

import copy as _copy
import io

from tfcompat.contrib.graph_editor import select
from tfcompat.contrib.graph_editor import util
from tfcompat.framework.graph import Graph

__all__ = ["SubGraphView", "make_view", "make_view_from_scope"]


def _check_within_range(mapping, n, repetition):
    for i in mapping:
        if not 0 <= i < n:
            raise ValueError("Out of [0, {}[ range: {}".format(n, i))
    if not repetition and len(set(mapping)) != len(mapping):
        raise ValueError("Found repetition in mapping: {}".format(mapping))


class SubGraphView:
    """A subgraph view: some ops of a graph, its input tensors, its output tensors and the
    passthrough tensors (going straight from input to output). Views are meant to be
    short-lived; editing functions update the views they are given in place."""

    def __init__(self, inside_ops=(), passthrough_ts=()):
        inside_ops = util.make_list_of_op(inside_ops)
        passthrough_ts = util.make_list_of_t(passthrough_ts)
        ops_and_ts = inside_ops + passthrough_ts
        if not ops_and_ts:
            self._graph, self._ops = None, []
            self._passthrough_ts, self._input_ts, self._output_ts = [], [], []
            return
        self._graph = util.get_unique_graph(ops_and_ts)
        self._ops = inside_ops
        inputs, outputs, insides = select.compute_boundary_ts(inside_ops)
        all_tensors = frozenset(inputs + outputs + list(insides))
        self._passthrough_ts = [t for t in passthrough_ts if t not in all_tensors]
        self._input_ts = inputs + self._passthrough_ts
        self._output_ts = outputs + self._passthrough_ts

    def __copy__(self):
        result = self.__class__.__new__(self.__class__)
        for key, value in self.__dict__.items():
            setattr(result, key, value if key == "_graph" else list(value))
        return result

    def _assign_from(self, other):
        if not isinstance(other, SubGraphView):
            raise TypeError("Expected SubGraphView, got: {}".format(type(other)))
        self._graph = other._graph
        self._ops = list(other._ops)
        self._passthrough_ts = list(other._passthrough_ts)
        self._input_ts = list(other._input_ts)
        self._output_ts = list(other._output_ts)

    def copy(self):
        """Another view of the same ops (the graph is not copied)."""
        return _copy.copy(self)

    def _remap_default(self, remove_input_map=True, remove_output_map=True):
        if not remove_input_map and not remove_output_map:
            return
        inputs, outputs, _ = select.compute_boundary_ts(self._ops)
        if remove_input_map:
            self._input_ts = list(inputs) + self._passthrough_ts
        if remove_output_map:
            self._output_ts = list(outputs) + self._passthrough_ts

    def remap_default(self, remove_input_map=True, remove_output_map=True):
        res = self.copy()
        res._remap_default(remove_input_map, remove_output_map)
        return res

    def _remap_inputs(self, new_input_indices):
        _check_within_range(new_input_indices, len(self._input_ts), repetition=False)
        self._input_ts = [self._input_ts[i] for i in new_input_indices]

    def _remap_outputs(self, new_output_indices):
        _check_within_range(new_output_indices, len(self._output_ts), repetition=True)
        self._output_ts = [self._output_ts[i] for i in new_output_indices]

    def _remap_outputs_make_unique(self):
        self._output_ts = util.concatenate_unique([], list(self._output_ts))

    def _remap_outputs_to_consumers(self):
        self._remap_outputs_make_unique()
        self._output_ts = [t for t in self._output_ts for _ in t.consumers()]

    def remap_outputs_make_unique(self):
        res = _copy.copy(self)
        res._remap_outputs_make_unique()
        return res

    def remap_outputs_to_consumers(self):
        res = _copy.copy(self)
        res._remap_outputs_to_consumers()
        return res

    def _remove_unused_ops(self, control_inputs=True):
        ops = select.get_walks_union_ops(self.connected_inputs, self.connected_outputs,
                                         within_ops=self._ops, control_inputs=control_inputs)
        self._ops = [op for op in self._ops if op in ops]

    def remove_unused_ops(self, control_inputs=True):
        res = _copy.copy(self)
        res._remove_unused_ops(control_inputs)
        return res

    def remap_inputs(self, new_input_indices):
        """A view whose inputs are `[inputs[i] for i in new_input_indices]`."""
        res = self.copy()
        res._remap_inputs(new_input_indices)
        return res

    def remap_outputs(self, new_output_indices):
        """A view whose outputs are `[outputs[i] for i in new_output_indices]`."""
        res = _copy.copy(self)
        res._remap_outputs(new_output_indices)
        return res

    def remap(self, new_input_indices=None, new_output_indices=None):
        res = _copy.copy(self)
        if new_input_indices is not None:
            res._remap_inputs(new_input_indices)
        if new_output_indices is not None:
            res._remap_outputs(new_output_indices)
        return res

    def find_op_by_name(self, op_name):
        res = [op for op in self._ops if op.name == op_name]
        if not res:
            raise ValueError("{} not in subgraph.".format(op_name))
        if len(res) > 1:
            raise AssertionError("More than 1 op named: {}!".format(op_name))
        return res[0]

    def __str__(self):
        if not self:
            return "SubGraphView: empty"
        res = io.StringIO()

        def print_list(name, items, get_name):
            if items:
                print("** {}[{}]:".format(name, len(items)), file=res)
                print("\n".join(get_name(elem) for elem in items), file=res)
            else:
                print("** {}: empty".format(name), file=res)

        def tensor_name(t):
            return "{} *".format(t.name) if t in self._passthrough_ts else t.name
        print("SubGraphView (graphid={}):".format(id(self.graph)), file=res)
        print_list("ops", self._ops, lambda op: op.name)
        print_list("inputs", self._input_ts, tensor_name)
        print_list("outputs", self._output_ts, tensor_name)
        return res.getvalue()

    graph = property(lambda self: self._graph, doc="The underlying tf.Graph.")
    ops = property(lambda self: self._ops, doc="The operations in this subgraph view.")
    inputs = property(lambda self: util.ListView(self._input_ts))
    outputs = property(lambda self: util.ListView(self._output_ts))
    passthroughs = property(lambda self: util.ListView(self._passthrough_ts))

    @property
    def connected_inputs(self):
        return [t for t in self._input_ts if t not in self._passthrough_ts]

    @property
    def connected_outputs(self):
        return [t for t in self._output_ts if t not in self._passthrough_ts]

    def __bool__(self):
        return self._graph is not None

    def op(self, op_id):
        return self._ops[op_id]

    def is_passthrough(self, t):
        return t in self._passthrough_ts

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        pass

    def input_index(self, t):
        try:
            return self._input_ts.index(t)
        except ValueError:
            raise ValueError("Can't find {} in inputs of subgraph.".format(t.name)) from None

    def output_index(self, t):
        try:
            return self._output_ts.index(t)
        except ValueError:
            raise ValueError("Can't find {} in outputs of subgraph.".format(t.name)) from None

    def consumers(self):
        """The ops consuming an output of this view."""
        res = []
        for output in self._output_ts:
            util.concatenate_unique(res, output.consumers())
        return res


def _check_graph(sgv, graph):
    if not isinstance(sgv, SubGraphView):
        raise TypeError("Expected a SubGraphView, got: {}".format(type(graph)))
    if graph is None or not sgv.graph:
        return sgv
    if not isinstance(graph, Graph):
        raise TypeError("Expected a tf.Graph, got: {}".format(type(graph)))
    if sgv.graph is not graph:
        raise ValueError("Graph mismatch.")
    return sgv


def make_view(*args, **kwargs):
    """A SubGraphView of the selected ops, with the selected tensors as passthrough
    candidates (`ge.sgv`): arguments as `select_ops_and_ts`."""
    graph = kwargs.get("graph")
    if len(args) == 1 and isinstance(args[0], SubGraphView):
        return _check_graph(args[0], graph)
    ops, ts = select.select_ops_and_ts(*args, **kwargs)
    return _check_graph(SubGraphView(ops, ts), graph)


def make_view_from_scope(scope, graph):
    """A SubGraphView of the ops in name scope `scope` (`ge.sgv_scope`)."""
    return SubGraphView(select.get_name_scope_ops(graph, scope))

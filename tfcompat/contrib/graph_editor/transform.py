"""`tf.contrib.graph_editor.transform`: copying a subgraph (into the same or another graph,
under a new scope), with handlers deciding what its inputs become (TF 1.15's
graph_editor/transform.py): `copy`, `copy_with_input_replacements`, `graph_replace`."""
from __future__ import annotations

import functools
import io

from tfcompat.contrib.graph_editor import reroute
from tfcompat.contrib.graph_editor import select
from tfcompat.contrib.graph_editor import subgraph
from tfcompat.contrib.graph_editor import util
from tfcompat.framework.graph import Graph
from tfcompat.framework.operation import Operation, Tensor

__all__ = ["replace_t_with_placeholder_handler", "keep_t_if_possible_handler",
           "assign_renamed_collections_handler", "transform_op_if_inside_handler",
           "copy_op_handler", "Transformer", "TransformerInfo", "copy",
           "copy_with_input_replacements", "graph_replace"]

# Operation fields a copy gets anew; every other instance attribute (a custom gradient, a
# dataset's element spec, a control-flow context...) is carried over.
_OWN_FIELDS = frozenset({"_graph", "_type", "_name", "_inputs", "_attrs", "_device",
                         "_control_inputs", "_op_def", "_outputs", "_id", "_location",
                         "_traceback", "_consumers", "_folded"})


def replace_t_with_placeholder_handler(info, t):
    """A new placeholder (`geph__...`, in the destination scope) standing for `t`."""
    with info.graph_.as_default():
        return util.make_placeholder_from_tensor(t, scope=info.scope_)


def keep_t_if_possible_handler(info, t):
    """`t` itself when copying within its graph, else a placeholder."""
    if info.graph is info.graph_:
        return t
    return replace_t_with_placeholder_handler(info, t)


def assign_renamed_collections_handler(info, elem, elem_):
    """Adds `elem_` to the collections of `elem`; collections other than GraphKeys' are
    renamed into the destination scope."""
    known = util.get_predefined_collection_names()
    for name, collection in info.collections.items():
        if elem in collection:
            info.graph_.add_to_collection(name if name in known else info.new_name(name),
                                          elem_)


def transform_op_if_inside_handler(info, op, keep_if_possible=True):
    """The copy of `op` if it is in the subgraph; else `op` within the same graph, or None."""
    if op in info.sgv.ops:
        return info.transformed_ops[op]
    if keep_if_possible and info.graph is info.graph_:
        return op
    return None


def _copied_outputs(op, op_, new_inputs, copy_shape):
    """The output (dtype, shape) pairs of `op_`, inferred again from its new inputs (TF's
    C shape inference), or `op`'s own with `copy_shape`."""
    op_def = op._op_def
    if copy_shape or op_def is None or op_def.infer is None:
        return [(t.dtype, t.shape) for t in op.outputs]
    attrs = {k: op_._attrs.get(k, v) for k, v in op_def.attrs.items()}
    return op_def.infer(op_, *new_inputs, **attrs)


def copy_op_handler(info, op, new_inputs, copy_shape=False, nodedef_fn=None):
    """A copy of `op` in the destination graph reading `new_inputs`; `(op_, op_.outputs)`."""
    if nodedef_fn is not None:
        raise NotImplementedError(
            "tfcompat: copy_op_handler(nodedef_fn=...) is not supported (tfcompat ops have "
            "no mutable NodeDef); copy the op, then change it with its attrs.")
    graph_ = info.graph_
    graph_._check_not_finalized()
    name_ = graph_.unique_name(info.new_name(op.name))
    op_ = Operation(graph_, op.type, name_, new_inputs, dict(op._attrs), op.device, [],
                    op._op_def)
    for key, value in op.__dict__.items():
        if key not in _OWN_FIELDS:
            setattr(op_, key, value)
    specs = _copied_outputs(op, op_, new_inputs, copy_shape)
    op_._outputs = [Tensor(op_, i, dtype, shape) for i, (dtype, shape) in enumerate(specs)]
    graph_._add_op(op_)
    return op_, op_.outputs


class TransformerInfo:
    """What a transform did: the mapping between original and transformed ops/tensors."""

    def __init__(self, info):
        self._graph, self._scope = info.graph, info.scope
        self._graph_, self._scope_ = info.graph_, info.scope_
        self._transformed_ops = info.transformed_ops
        self._transformed_ts = info.transformed_ts

    def _get_transformed_map(self, top):
        if isinstance(top, Operation):
            return self._transformed_ops
        if isinstance(top, Tensor):
            return self._transformed_ts
        raise TypeError("Expected a tf.Tensor or a tf.Operation, got a {}".format(type(top)))

    def _transformed_elem(self, original_top, missing_fn=None):
        transformed_map = self._get_transformed_map(original_top)
        if original_top not in transformed_map:
            return None if missing_fn is None else missing_fn(original_top)
        return transformed_map[original_top]

    def _original_elem(self, transformed_top, missing_fn=None):
        transformed_map = self._get_transformed_map(transformed_top)
        for original, transformed in transformed_map.items():
            if transformed is transformed_top:
                return original
        return None if missing_fn is None else missing_fn(transformed_top)

    def transformed(self, original, missing_fn=None):
        """The transformed counterparts of `original` (a nest of ops/tensors)."""
        return util.transform_tree(
            original, functools.partial(self._transformed_elem, missing_fn=missing_fn))

    def original(self, transformed, missing_fn=None):
        """The originals of `transformed` (a nest of ops/tensors)."""
        return util.transform_tree(
            transformed, functools.partial(self._original_elem, missing_fn=missing_fn))

    def __str__(self):
        res = io.StringIO()
        print("Transform result info:", file=res)
        if self._graph is self._graph_:
            in_place = "" if self._scope_ else " IN-PLACE"
            print("  Within graph[{}]{}".format(id(self._graph), in_place), file=res)
        else:
            print("  graph[{}] => graph[{}]".format(id(self._graph), id(self._graph_)),
                  file=res)
        if self._scope:
            print("  Relative to source scope: {}".format(self._scope), file=res)
        if self._scope_:
            print("  Scope destination: {}".format(self._scope_), file=res)
        print("Operations mapping:", file=res)
        for op, op_ in self._transformed_ops.items():
            print("  {} => {}".format(op.name, op_.name), file=res)
        return res.getvalue()


class _TmpInfo:
    """The state of one Transformer call, passed to the handlers."""

    def __init__(self, sgv, dst_graph, dst_scope, src_scope):
        self.sgv = sgv
        self.sgv_inputs_set = frozenset(sgv.inputs)
        self.ops = frozenset(sgv.ops)
        self.control_outputs = util.ControlOutputs(sgv.graph)
        self.graph, self.scope = sgv.graph, src_scope
        self.graph_, self.scope_ = dst_graph, dst_scope
        self.transformed_ops, self.transformed_ts = {}, {}
        self.collections = {key: self.graph.get_collection(key)
                            for key in self.graph.get_all_collection_keys()}
        self.cyclic_ops = []
        self.transform_original_op_handler = transform_op_if_inside_handler
        self.tmp_cyclic_ts = []

    def new_name(self, name):
        """`name` moved from the source scope to the destination scope."""
        if not name.startswith(self.scope):
            raise ValueError("{} does not belong to source scope: {}.".format(name, self.scope))
        return self.scope_ + name[len(self.scope):]


class Transformer:
    """Copies a subgraph view; its handlers (attributes) decide how ops are transformed
    (`transform_op_handler`, default a copy), what the view's inputs become
    (`transform_external_input_handler`, default placeholders), what hidden inputs become
    (`transform_external_hidden_input_handler`), control inputs, original ops and
    collections."""

    def __init__(self):
        self.transform_op_handler = copy_op_handler
        self.transform_control_input_handler = transform_op_if_inside_handler
        self.assign_collections_handler = assign_renamed_collections_handler
        self.transform_external_input_handler = replace_t_with_placeholder_handler
        self.transform_external_hidden_input_handler = keep_t_if_possible_handler
        self.transform_original_op_handler = transform_op_if_inside_handler

    def __call__(self, sgv, dst_graph, dst_scope, src_scope="", reuse_dst_scope=False):
        """Transforms `sgv` into `dst_graph` under `dst_scope` (made unique unless
        `reuse_dst_scope`); returns `(sgv_, TransformerInfo)`."""
        sgv = subgraph.make_view(sgv)
        if not isinstance(dst_graph, Graph):
            raise TypeError("Expected a tf.Graph, got: {}".format(type(dst_graph)))
        src_scope = util.scope_finalize(src_scope)
        dst_scope = util.scope_finalize(dst_scope)
        if dst_scope and not reuse_dst_scope:
            dst_scope = util.scope_finalize(dst_graph.unique_name(dst_scope[:-1]))
        info = _TmpInfo(sgv, dst_graph, dst_scope, src_scope)
        info.transform_original_op_handler = self.transform_original_op_handler
        self._copy_ops(info)
        self._finalize_cycles(info)
        self._connect_control_inputs(info)
        res_info = TransformerInfo(info)
        return self._transform_sgv(info, sgv), res_info

    def _copy_ops(self, info):
        for op in sorted(info.sgv.ops, key=lambda op: op._id):
            new_inputs = [self._transformed_t(info, t, op) for t in op.inputs]
            op_, op_outputs_ = self.transform_op_handler(info, op, new_inputs)
            if op is op_:
                raise ValueError("In-place transformation not allowed.")
            info.transformed_ops[op] = op_
            self.assign_collections_handler(info, op, op_)
            for t, t_ in zip(op.outputs, op_outputs_):
                info.transformed_ts[t] = t_
                self.assign_collections_handler(info, t, t_)

    def _finalize_cycles(self, info):
        """Replaces the placeholders that stood for back edges (loops) by their copies."""
        for t, tmp_t_, consumer_op in info.tmp_cyclic_ts:
            if t not in info.transformed_ts:
                raise ValueError("The tensor {} should be transformed by now.".format(t.name))
            if consumer_op not in info.transformed_ops:
                raise ValueError("The op {} should be transformed by now.".format(
                    consumer_op.name))
            consumer_op_ = info.transformed_ops[consumer_op]
            index = list(consumer_op.inputs).index(t)
            consumer_op_._update_input(index, info.transformed_ts[t])

    def _connect_control_inputs(self, info):
        for op, op_ in info.transformed_ops.items():
            control_inputs_ = [self.transform_control_input_handler(info, ci)
                               for ci in op.control_inputs]
            reroute.add_control_inputs(op_, [ci for ci in control_inputs_ if ci is not None])

    def _transform_sgv(self, info, sgv):
        """The view of the copy, its inputs and outputs in the order of `sgv`'s."""
        sgv_ = subgraph.SubGraphView(list(info.transformed_ops.values()))
        input_map_, output_map_ = [], []
        for ts, ts_, index, mapping in ((sgv.inputs, sgv_.inputs, sgv_.input_index, input_map_),
                                        (sgv.outputs, sgv_.outputs, sgv_.output_index,
                                         output_map_)):
            for t in ts:
                t_ = info.transformed_ts.get(t)
                if t_ is not None and t_ in list(ts_):
                    mapping.append(index(t_))
        return sgv_.remap(input_map_, output_map_)

    def _transformed_t(self, info, t, consumer_op):
        if t in info.transformed_ts:
            return info.transformed_ts[t]
        if t in info.sgv_inputs_set:
            return self.transform_external_input_handler(info, t)
        if t.op in info.ops:  # a back edge (loop): a stand-in until its producer is copied
            if consumer_op.type == "Merge":
                tmp_t_ = self._transformed_t(info, consumer_op.inputs[0], consumer_op)
            elif t.op.type == "Enter":
                tmp_t_ = self._transformed_t(info, t.op.inputs[0], consumer_op)
            else:
                with info.graph_.as_default():
                    tmp_t_ = util.make_placeholder_from_tensor(t, scope=info.scope_,
                                                               prefix="geph_tmp")
            info.tmp_cyclic_ts.append((t, tmp_t_, consumer_op))
            return tmp_t_
        return self.transform_external_hidden_input_handler(info, t)


def _dst_graph(sgv, dst_graph):
    dst_graph = sgv.graph if dst_graph is None else dst_graph
    if not isinstance(dst_graph, Graph):
        raise TypeError("Expected a tf.Graph, got: {}".format(type(dst_graph)))
    return dst_graph


def copy(sgv, dst_graph=None, dst_scope="", src_scope="", reuse_dst_scope=False):
    """Copies a subgraph (inputs become placeholders); returns `(sgv_, info)`."""
    sgv = subgraph.make_view(sgv)
    dst_graph = _dst_graph(sgv, dst_graph)
    return Transformer()(sgv, dst_graph, dst_scope, src_scope,
                         reuse_dst_scope=reuse_dst_scope)


def copy_with_input_replacements(sgv, replacement_ts, dst_graph=None, dst_scope="",
                                 src_scope="", reuse_dst_scope=False):
    """Copies a subgraph; its inputs in `replacement_ts` read their replacements, the others
    are kept (same graph) or become placeholders. Returns `(sgv_, info)`."""
    sgv = subgraph.make_view(sgv)
    dst_graph = _dst_graph(sgv, dst_graph)
    copier = Transformer()

    def replace_t_with_replacement_handler(info, t):
        if t in replacement_ts:
            return replacement_ts[t]
        return keep_t_if_possible_handler(info, t)
    copier.transform_external_input_handler = replace_t_with_replacement_handler
    return copier(sgv, dst_graph, dst_scope, src_scope, reuse_dst_scope=reuse_dst_scope)


def graph_replace(target_ts, replacement_ts, dst_scope="", src_scope="",
                  reuse_dst_scope=False):
    """Copies what lies between `replacement_ts`' keys and `target_ts`, reading the
    replacements; returns the copied targets (the originals where nothing was copied)."""
    flatten_target_ts = util.flatten_tree(target_ts)
    graph = util.get_unique_graph(flatten_target_ts, check_types=(Tensor,))
    control_ios = util.ControlOutputs(graph)
    ops = select.get_walks_intersection_ops(list(replacement_ts), flatten_target_ts,
                                            control_ios=control_ios)
    if not ops:
        raise ValueError("Targets and replacements are not connected!")
    _, info = copy_with_input_replacements(ops, replacement_ts, None, dst_scope, src_scope,
                                           reuse_dst_scope)
    return info.transformed(target_ts, lambda original_t: original_t)

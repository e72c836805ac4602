"""`tf.while_loop`: a loop in the graph, as one `While` op (`StatelessWhile` when the body does
not touch state).

`cond` and `body` are called once each, in the main graph under the `while/` name scope, on
stand-in tensors named as TF1 names them (`cond` sees `while/Merge:0`, `body` sees
`while/Identity:0`); the loop's results are `while/Exit:0`, `while/Exit_1:0`... At run time the
`While` lowering runs the compiled cond and body sub-plans in a Python loop over torch values
(control_flow_graph.py), so autograd records every iteration unless `back_prop=False`.
TensorArrays travel through the loop as their flow tensors, as in TF.
"""
from __future__ import annotations

import contextlib

import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.operation import Tensor
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import control_flow_graph as cfg
from tfcompat.ops import control_flow_nest as nest
from tfcompat.ops import math_ops

__all__ = ["while_loop"]


# -- ops --------------------------------------------------------------------------------------

def _loop_var_infer(op, *, dtype, shape):
    return [(dtype, shape)]


@register_op("_LoopVar", infer=_loop_var_infer, attrs={"dtype": None, "shape": None})
def _lower_loop_var(ctx, *, dtype, shape):
    raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                          "'%s' is a loop variable of a tf.while_loop: its value exists only "
                          "inside the loop, so it cannot be fetched or used outside it."
                          % ctx.op.name)


def _while_infer(op, *inputs, T, output_shapes, **_):
    return list(zip(T, output_shapes))


def _lower_while(ctx, *inputs, cond, body, T, output_shapes, back_prop, parallel_iterations):
    n = len(T)
    values, captures = list(inputs[:n]), inputs[n:]
    keep, body = _pruned_body(ctx, cond, body, n)
    run_cond, run_body = cfg.subplan(ctx, cond), cfg.subplan(ctx, body)
    cond_caps = [captures[i] for i in cond.capture_index]
    body_caps = [captures[i] for i in body.capture_index]
    with contextlib.nullcontext() if back_prop else torch.no_grad():
        while cfg.truth(run_cond(values + cond_caps)[0], ctx.op):
            if keep is None:
                values = list(run_body(values + body_caps))
            else:   # the others keep their initial values: nothing reads them
                for j, value in zip(keep, run_body([values[j] for j in keep] + body_caps)):
                    values[j] = value
    outs = cfg.to_device(values, ctx.device)
    return outs[0] if n == 1 else outs


def _pruned_body(ctx, cond, body, n):
    """(kept loop variables, body computing them), or (None, body) where all are needed. TF
    runs only the loop variables a fetch needs: those the plan reads, those the condition
    reads, and (to a fixed point) those the body computes them from."""
    used = getattr(ctx, "used_outputs", None)   # None where a context does not say
    if used is None or len(used) == n:
        return None, body
    key = (ctx.op, "pruned", used)
    entry = ctx.state.subplans.get(key)
    if entry is None or entry[0] != ctx.op.graph._version:
        keep = set(used) | cond.inputs_read(0)
        frontier = list(keep)
        while frontier:
            for j in body.inputs_read(frontier.pop()):
                if j not in keep:
                    keep.add(j)
                    frontier.append(j)
        keep = tuple(sorted(keep))
        pruned = (None, body) if len(keep) == n else (
            keep, body.pruned(keep, ctx.op._inputs[n:]))
        entry = (ctx.op.graph._version, pruned)
        ctx.state.subplans[key] = entry
    return entry[1]


_WHILE_ATTRS = {"cond": None, "body": None, "T": (), "output_shapes": (), "back_prop": True,
                "parallel_iterations": 10}
register_op("StatelessWhile", inputs=("input: T",), infer=_while_infer,
            attrs=_WHILE_ATTRS)(_lower_while)
register_op("While", inputs=("input: T",), infer=_while_infer, attrs=_WHILE_ATTRS,
            stateful=True, mutates=True)(_lower_while)


# -- building ---------------------------------------------------------------------------------

def _is_tensor_array(value) -> bool:
    return hasattr(value, "_tfcompat_tensor_array")


def _to_flow(value):
    return value.flow if _is_tensor_array(value) else value


def _from_flow(original, flow):
    return original._with_flow(flow) if _is_tensor_array(original) else flow


def _as_loop_tensor(value):
    if _is_tensor_array(value):
        return value
    return convert_to_tensor(value)


def _invariants(loop_vars, flat_vars, shape_invariants):
    if shape_invariants is None:
        return [v.shape for v in flat_vars]
    # TF maps the invariants over loop_vars (nest.map_structure, types checked: a tuple of
    # invariants for a list of loop_vars is a TypeError); a None invariant keeps the loop
    # variable's own shape
    nest.assert_same_structure(loop_vars, shape_invariants)
    flat = [var.shape if s is None else tensor_shape.as_shape(s)
            for var, s in zip(flat_vars, nest.flatten(shape_invariants))]
    for var, shape in zip(flat_vars, flat):
        if not cfg.shape_less_than_or_equal(var.shape, shape):
            raise ValueError(
                "The shape invariant specified for %s is not compatible with the initial shape "
                "of the loop variable. It enters the loop with shape %s, but the specified "
                "shape invariant is %s." % (var.name, var.shape, shape))
    return flat


def _stand_ins(graph, flat_vars, shapes, op_name):
    out = []
    for var, shape in zip(flat_vars, shapes):
        dtype = var.dtype.base_dtype
        op = graph._create_op("_LoopVar", [], {"dtype": dtype, "shape": shape}, op_name)
        out.append(op._outputs[0])
    return out


def _identities(graph, tensors, op_name):
    return [graph._create_op("Identity", [t], {"T": t.dtype}, op_name)._outputs[0]
            for t in tensors]


def _check_body_result(flat_vars, merges, result):
    for var, merge, value in zip(flat_vars, merges, result):
        if value.dtype.base_dtype != merge.dtype.base_dtype:
            raise TypeError("Loop var %s enters the loop with type %s but has type %s after 1 "
                            "iteration. %s type should remain constant."
                            % (var.name, merge.dtype.name, value.dtype.name, var.name))
        if not cfg.shape_less_than_or_equal(value.shape, merge.shape):
            raise ValueError(
                "Input tensor '%s' enters the loop with shape %s, but has shape %s after one "
                "iteration. To allow the shape to vary across iterations, use the "
                "`shape_invariants` argument of tf.while_loop to specify a less-specific shape."
                % (var.name, var.shape, value.shape))


def _build_loop(graph, cond, body, loop_vars, shape_invariants, back_prop, parallel_iterations):
    loop_vars = nest.map_structure(_as_loop_tensor, loop_vars)
    flat_orig = nest.flatten(loop_vars)
    flat_vars = [_to_flow(v) for v in flat_orig]
    shapes = _invariants(loop_vars, flat_vars, shape_invariants)
    scope = graph.get_name_scope()
    with cfg.record_ops(graph, scope, "while") as cond_rec:
        merges = _stand_ins(graph, flat_vars, shapes, "Merge")
        packed = nest.pack_sequence_as(loop_vars, [_from_flow(o, m)
                                                   for o, m in zip(flat_orig, merges)])
        c = convert_to_tensor(cond(*packed))
        if c.dtype.base_dtype != dtypes.bool:
            raise TypeError("Input 'input' of 'LoopCond' Op has type %s that does not match "
                            "expected type of bool." % c.dtype.base_dtype.name)
        _check_cond_rank(c, graph.unique_name("LoopCond", mark_as_used=False))
    with cfg.record_ops(graph, scope, "while") as body_rec:
        body_vars = _identities(graph, merges, "Identity")
        packed_body = nest.pack_sequence_as(loop_vars, [_from_flow(o, v)
                                                        for o, v in zip(flat_orig, body_vars)])
        body_result = body(*packed_body)
        if not nest.is_sequence(body_result):
            body_result = [body_result]
        _check_structure(packed_body, body_result)
        result = [convert_to_tensor(_to_flow(v)) for v in nest.flatten(body_result)]
    if len(merges) != len(result):
        raise ValueError("Number of inputs and outputs of 'body' must match 'loop_vars'. Got %d "
                         "for the number of inputs/outputs, and %d for 'loop_vars'."
                         % (len(merges), len(result)))
    _check_body_result(flat_vars, merges, result)
    cond_graph = cfg.SubGraph("cond", cond_rec.ops, merges, [c])
    body_graph = cfg.SubGraph("body", body_rec.ops, body_vars, result)
    exits = _make_while(graph, flat_vars, shapes, cond_graph, body_graph, back_prop,
                        parallel_iterations)
    flat_result = nest.flatten(body_result)
    return nest.pack_sequence_as(body_result, [_from_flow(o, e)
                                               for o, e in zip(flat_result, exits)])


def _check_cond_rank(c, loop_cond_name):
    """LoopCond's shape function: the predicate must be a scalar, at build time."""
    if c.shape.ndims not in (None, 0):
        raise ValueError("Shape must be rank 0 but is rank %d for '{{node %s}} = LoopCond[](%s)' "
                         "with input shapes: %s."
                         % (c.shape.ndims, loop_cond_name,
                            c.op.name if c.value_index == 0 else c.name,
                            shape_rules.shape_text(c.shape)))


def _check_structure(packed_body, body_result):
    # TF forces only the first layer to a list: inner lists and tuples must agree (a body
    # returning a tuple for list loop_vars fails under maximum_iterations, as in TF)
    nest.assert_same_structure(list(packed_body), list(body_result))


def _make_while(graph, flat_vars, shapes, cond_graph, body_graph, back_prop, parallel_iterations):
    captures = cfg.union_captures(cond_graph, body_graph)
    stateful = cond_graph.stateful or body_graph.stateful
    attrs = {"cond": cond_graph, "body": body_graph,
             "T": [v.dtype.base_dtype for v in flat_vars], "output_shapes": list(shapes),
             "back_prop": bool(back_prop), "parallel_iterations": int(parallel_iterations)}
    op = graph._create_op("While" if stateful else "StatelessWhile", flat_vars + captures,
                          attrs, "While")
    op._add_control_inputs(cfg.outer_control(cond_graph, body_graph))
    return _identities(graph, op._outputs, "Exit")


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, name=None, maximum_iterations=None,
               return_same_structure=False):
    """TF1 `tf.while_loop`: repeats `body` while `cond` holds, on (nested) loop variables.

    >>> i, acc = tf.while_loop(lambda i, acc: i < 5, lambda i, acc: (i + 1, acc * 2),
    ...                        [tf.constant(0), tf.constant(1)])
    >>> acc.name
    'while/Exit_1:0'
    """
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if parallel_iterations < 1:
        raise TypeError("'parallel_iterations' must be a positive integer.")
    if isinstance(loop_vars, Tensor):
        bool(loop_vars)   # TF's `if not loop_vars:` refuses a bare tensor
    if isinstance(loop_vars, (int, float)):   # TF's name_scope iterates loop_vars
        raise TypeError("'%s' object is not iterable" % type(loop_vars).__name__)
    if not nest.is_sequence(loop_vars):
        loop_vars = [loop_vars] if loop_vars is not None else []
    graph = get_default_graph()
    with name_scope(name, "while", [v for v in nest.flatten(loop_vars)
                                    if not _is_tensor_array(v)]):
        if not loop_vars:
            raise ValueError("'loop_vars' must be provided.")
        if maximum_iterations is not None:
            try_to_pack = len(loop_vars) == 1 and not return_same_structure
            cond, body, loop_vars, shape_invariants = _with_counter(
                cond, body, loop_vars, shape_invariants, maximum_iterations, try_to_pack)
        result = _build_loop(graph, cond, body, loop_vars, shape_invariants, back_prop,
                             parallel_iterations)
        if not return_same_structure and len(nest.flatten(result)) == 1 and isinstance(
                result, (list, tuple)):
            result = result[0]
        return result[1] if maximum_iterations is not None else result


def _with_counter(cond, body, loop_vars, shape_invariants, maximum_iterations, try_to_pack):
    maximum_iterations = convert_to_tensor(maximum_iterations, name="maximum_iterations")
    if maximum_iterations.shape.ndims != 0:
        raise ValueError("'maximum_iterations' must be a scalar. Received shape: %s"
                         % maximum_iterations.shape)
    counter = constant(0, dtype=maximum_iterations.dtype, name="iteration_counter")
    orig_cond, orig_body = cond, body
    if try_to_pack:
        loop_vars = (counter, loop_vars[0])
        new_cond = lambda i, lv: math_ops.logical_and(i < maximum_iterations,  # noqa: E731
                                                      orig_cond(lv))
        new_body = lambda i, lv: (i + 1, orig_body(lv))  # noqa: E731
    else:
        loop_vars = (counter, loop_vars)
        new_cond = lambda i, lv: math_ops.logical_and(i < maximum_iterations,  # noqa: E731
                                                      orig_cond(*lv))
        new_body = lambda i, lv: (i + 1, orig_body(*lv))  # noqa: E731
    if shape_invariants is not None:
        shape_invariants = (TensorShape([]), shape_invariants)
    return new_cond, new_body, loop_vars, shape_invariants

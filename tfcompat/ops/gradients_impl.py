"""`tf.gradients` and `tf.hessians`: one `Gradients` op per call, lowered with
`torch.autograd.grad` over the forward values of the same run.

The op takes `ys`, the connected `xs` and the given `grad_ys` as inputs; the plan makes the
xs autograd leaves (client/plan.py), so autograd records only the ops between the xs and
the ys. What TF decides while building (None for unconnected xs, IndexedSlices for xs used
only through gathers, `stop_gradients`) is decided here, at build time, too.
(Custom gradients, `tf.RegisterGradient` and `tf.custom_gradient`, are in custom_gradient.py.)

TF's gradient semantics where torch's differ live elsewhere: None-ness and TF's LookupErrors
in gradients_util.py (TF's registry in tf_gradient_kinds.py, op records' `differentiable`
flags), TF's derivatives at ties, bounds and zero incoming gradients in the lowerings
(math_grad.py, nn_grad.py), and gradients through a fed intermediate in the plan
(client/plan.py `fed_on_gradient_paths`).
"""
from __future__ import annotations

import enum

import torch

from tfcompat.framework import convert
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import tensor_util
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework.operation import Tensor
from tfcompat.framework.registry import register_op
from tfcompat.ops import gradients_util
from tfcompat.ops import array_ops
from tfcompat.ops import custom_gradient
from tfcompat.ops import resource_variable_grad
from tfcompat.ops.array_ops import stop_gradient
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import zeros_like
from tfcompat.ops.math_ops import cast
from tfcompat.ops.array_ops import identity


class UnconnectedGradients(enum.Enum):
    """What `tf.gradients` returns for an x the ys do not depend on."""

    NONE = "none"
    ZERO = "zero"


class AggregationMethod:
    """Accepted for API compatibility: autograd always adds gradients the same way."""

    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


# -- the Gradients op --------------------------------------------------------------------------

def _gradients_infer(op, *inputs, n_ys, n_xs, grad_ys_mask=(), jacobian=False):
    xs = inputs[n_ys:n_ys + n_xs]
    if jacobian:
        y = inputs[0]
        return [(x.dtype.base_dtype, y.shape.concatenate(x.shape)) for x in xs]
    return [resource_variable_grad.x_type(x) for x in xs]


@register_op("Gradients", infer=_gradients_infer,
             attrs={"n_ys": 1, "n_xs": 1, "grad_ys_mask": (), "jacobian": False})
def _lower_gradients(ctx, *values, n_ys, n_xs, grad_ys_mask=(), jacobian=False):
    ys, xs = values[:n_ys], values[n_ys:n_ys + n_xs]
    given = iter(values[n_ys + n_xs:])
    specs = ctx.op.__dict__.get("_custom_specs", ())
    if specs:
        start = n_ys + n_xs + sum(1 for m in grad_ys_mask if m)
        captured = dict(zip(ctx.op._inputs[start:], values[start:]))
        for spec in specs:
            spec.values, spec.active.spec = captured, spec
    try:
        return _gradients(ctx, ys, xs, given, n_xs, grad_ys_mask, jacobian)
    finally:
        for spec in specs:
            spec.values, spec.active.spec = {}, None


def _gradients(ctx, ys, xs, given, n_xs, grad_ys_mask, jacobian):
    xs = [resource_variable_grad.source_value(x) for x in xs]
    outs, grad_outs = [], []
    for y, has in zip(ys, grad_ys_mask or (False,) * len(ys)):
        g = next(given) if has else None
        if isinstance(y, torch.Tensor) and y.requires_grad:
            outs.append(y)
            if g is not None and g.shape != y.shape:   # the size _check_grad_y_size allowed
                g = g.reshape(y.shape)
            grad_outs.append(torch.ones_like(y) if g is None else g.to(y.dtype))
    wanted = [i for i, x in enumerate(xs) if isinstance(x, torch.Tensor) and x.requires_grad]
    grads = [None] * n_xs
    if outs and wanted:
        retain = ctx.retain_graph or ctx.create_graph
        if jacobian:
            found = _jacobian(outs[0], [xs[i] for i in wanted], retain, ctx.create_graph)
        else:
            found = torch.autograd.grad(outs, [xs[i] for i in wanted], grad_outs,
                                        retain_graph=retain, create_graph=ctx.create_graph,
                                        allow_unused=True)
        for i, g in zip(wanted, found):
            grads[i] = g
    result = []
    for g, x in zip(grads, xs):
        if g is None:
            shape = (tuple(ys[0].shape) + tuple(x.shape)) if jacobian else x.shape
            g = torch.zeros(shape, dtype=x.dtype, device=x.device)
        result.append(g)
    return tuple(result)


def _jacobian(y, xs, retain, create_graph):
    """d y[i...] / d x for every element of y: shape y.shape + x.shape, per x."""
    flat = y.reshape(-1)
    rows = []
    for i in range(flat.numel()):
        rows.append(torch.autograd.grad(flat[i], xs, retain_graph=True, create_graph=create_graph,
                                        allow_unused=True))
    result = []
    for j, x in enumerate(xs):
        parts = [r[j] if r[j] is not None else torch.zeros_like(x) for r in rows]
        stacked = torch.stack(parts) if parts else x.new_zeros((0,) + tuple(x.shape))
        result.append(stacked.reshape(tuple(y.shape) + tuple(x.shape)))
    return result


# -- tf.gradients ------------------------------------------------------------------------

def _as_list(value):
    if value is None:
        return None
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _x_tensor(x):
    if x is None:
        raise AttributeError("'NoneType' object has no attribute 'op'")
    if hasattr(x, "_ref") and callable(x._ref):
        return x._ref()
    if isinstance(x, (Tensor, IndexedSlices)):
        return x
    return convert.convert_to_tensor(x, name="x", as_ref=True)


def _grad_y_tensor(grad_y, y, i):
    dtype = y.dtype.base_dtype
    if grad_y is None:
        # TF's default grad_y is ones, which is not the derivative of a complex y
        if dtype.is_complex:
            raise TypeError("Gradients of complex tensors (%s) must set grad_ys (y.dtype = %s)"
                            % (y, dtype.name))
        return None
    if isinstance(grad_y, Tensor):
        given = grad_y.dtype.base_dtype
        if dtype.is_floating and not given.is_floating:
            raise TypeError("Gradient type %s generated for real-valued tensor %s of type %s "
                            "must be real" % (given.name, y, dtype.name))
        if dtype.is_complex and not given.is_complex:
            raise TypeError("Gradient type %s generated for complex-valued tensor %s of type "
                            "%s must be real" % (given.name, y, dtype.name))
        return _check_grad_y_size(grad_y, y, i)
    return _check_grad_y_size(
        convert.convert_to_tensor(grad_y, dtype=dtype, name="grad_ys_%d" % i), y, i)


def _check_grad_y_size(grad_y, y, i):
    """TF's gradient functions reshape or broadcast grad_y against y, and fail to build when
    its size cannot be y's (a scalar y takes a [1] grad_y; a [2, 4] y no [4] one). tfcompat
    reshapes a grad_y of y's size at run time, and refuses a known different size here."""
    gs, ys = grad_y.shape, y.shape
    if (gs.is_fully_defined() and ys.is_fully_defined()
            and gs.num_elements() != ys.num_elements()):
        raise ValueError("grad_ys[%d] %s of shape %s (%d elements) cannot be the gradient of "
                         "ys[%d] %s of shape %s (%d elements)"
                         % (i, grad_y.name, gs, gs.num_elements(), i, y.name, ys,
                            ys.num_elements()))
    return grad_y


def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False,
              gate_gradients=False, aggregation_method=None, stop_gradients=None,
              unconnected_gradients=UnconnectedGradients.NONE):
    """TF1 `tf.gradients`: symbolic d(sum ys)/dx for each x, computed by torch.autograd in
    the same run as the ys.

    >>> x = tf.constant([1.0, 2.0])
    >>> tf.gradients(tf.reduce_sum(x * x), [x, tf.constant(0.0)])[1] is None
    True

    Differences from TensorFlow: gradient tensors are outputs of one `Gradients` op, not
    of TF's per-op gradient ops, so their names differ.
    """
    ys, xs = _as_list(ys), _as_list(xs)
    if xs is None:
        raise AttributeError("'NoneType' object has no attribute 'op'")
    grad_ys = _as_list(grad_ys) or [None] * len(ys)
    if len(grad_ys) != len(ys):
        raise ValueError("Length mismatch. Passed %d grad_ys for %d ys"
                         % (len(grad_ys), len(ys)))
    try:
        unconnected = UnconnectedGradients(unconnected_gradients)
    except ValueError:
        raise ValueError("Unknown value for unconnected_gradients: %r"
                         % (unconnected_gradients,)) from None
    xs = [_x_tensor(x) for x in xs]
    graph = graph_lib.get_graph_from_inputs(ys + xs + [g for g in grad_ys if g is not None])
    with graph.as_default(), graph_lib.name_scope(name, "gradients", ys + xs) as scope:
        ys = [convert.convert_to_tensor(y, name="y") for y in ys]
        grad_ys = [_grad_y_tensor(g, y, i) for i, (g, y) in enumerate(zip(grad_ys, ys))]
        gradients_util.check_untrainable_ys(ys, xs)
        ys, grad_ys = _integer_ys(ys, grad_ys)
        op_xs = list(xs)
        if stop_gradients:
            ys, op_xs = _apply_stop_gradients(ys, op_xs, _as_list(stop_gradients), graph)
        grads = _build(graph, scope, ys, op_xs, grad_ys)
    return [_unconnected(g, x, unconnected) for g, x in zip(grads, xs)]


def _integer_ys(ys, grad_ys):
    """An integer y whose op also has a float output stands for that output with a zero
    gradient: TF's gradient function ignores the integer output's gradient and gets zeros
    for the float one (`tf.nn.top_k(x).indices` gives x a zero gradient, not None)."""
    new_ys, new_grad_ys = [], []
    for y, g in zip(ys, grad_ys):
        sibling = gradients_util.trainable_sibling(y)
        if sibling is not None:
            y, g = sibling, zeros_like(sibling)
        new_ys.append(y)
        new_grad_ys.append(g)
    return new_ys, new_grad_ys


def _apply_stop_gradients(ys, xs, stops, graph):
    """TF's stop_gradients: the forward ops copied, reading `StopGradient(s)` for each s."""
    stops = [convert.convert_to_tensor(s) for s in stops]
    replacements = {s: stop_gradient(s) for s in stops if gradients_util.is_trainable(s)}
    new_ys = gradients_util.copy_with_replacements(ys, replacements, graph)
    return new_ys, [replacements.get(x, x) for x in xs]


def _unconnected(grad, x, unconnected):
    if grad is not None or unconnected == UnconnectedGradients.NONE:
        return grad
    if resource_variable_grad.is_handle(x):
        return resource_variable_grad.zeros(x)
    if x.dtype._is_ref_dtype:
        x = identity(x)
    return zeros_like(x)


def _build(graph, scope, ys, xs, grad_ys):
    """Adds the Gradients op for the connected xs; returns one gradient (or None) per x."""
    reach = gradients_util.backward_reach(ys)
    built = {}   # op -> its registered gradient, built once in this call
    if _prepare_custom_gradients(xs, reach, scope, built, ys):   # TF drops inputs given None
        reach = gradients_util.backward_reach(ys)
    dense, sparse, resource = [], {}, {}
    for i, x in enumerate(xs):
        if isinstance(x, Tensor) and resource_variable_grad.is_handle(x):
            found = resource_variable_grad.reads(x, reach)   # a resource variable's reads
            if found is None:
                dense.append(i)
            elif found[0] or found[1]:
                resource[i] = _sparse_reads(found, reach, ys)
            continue
        if not isinstance(x, Tensor) or x not in reach or not gradients_util.is_trainable(x):
            continue
        gathers = gradients_util.sparse_uses(x, reach, ys)
        if gathers:
            sparse[i] = gathers
        else:
            dense.append(i)
    gather_lists = list(sparse.values()) + [found[k] for found in resource.values()
                                            for k in (1, 2)]
    if any(len(g) > 1 for g in gather_lists):   # TF concatenates them in backprop order
        # (a resource handle is in no backward reach: the region starts at its consumers)
        order = gradients_util.backprop_order(ys, gradients_util.forward_region(
            [x for x in xs if isinstance(x, Tensor)], reach))
        for gathers in gather_lists:
            gathers.sort(key=lambda g: len(order) if order.get(g) is None else order[g])
    op_xs = [xs[i] for i in dense] + [g._outputs[0] for i in sparse for g in sparse[i]]
    op_xs += [t for i in resource for t in resource[i][0] + [
        g._outputs[0] for g in resource[i][1] + resource[i][2]]]
    if not op_xs:
        return [None] * len(xs)
    keep = gradients_util.connected_ys(ys, op_xs)
    handles = [x for x in op_xs if resource_variable_grad.is_handle(x)]
    if handles:   # a handle is not itself in any y's backward reach: its consumers are
        keep = [k or resource_variable_grad.reaches(handles, gradients_util.backward_reach([y]))
                for k, y in zip(keep, ys)]
    ys_in = [y for y, k in zip(ys, keep) if k]
    gys_in = [g for g, k in zip(grad_ys, keep) if k]
    region = gradients_util.forward_region(op_xs, reach)
    gradients_util.check_region(region, ys_in)
    specs, externals = _custom_gradients(region, scope, built)
    inputs = ys_in + op_xs + [g for g in gys_in if g is not None] + externals
    op = graph._create_op("Gradients", inputs,
                          {"n_ys": len(ys_in), "n_xs": len(op_xs),
                           "grad_ys_mask": tuple(g is not None for g in gys_in),
                           "jacobian": False}, scope)
    if specs:
        op._custom_specs = specs
    outs = iter(op._outputs)
    grads = [None] * len(xs)
    for i in dense:
        grads[i] = next(outs)
    for i, gathers in sparse.items():
        grads[i] = _indexed_slices(gathers, [next(outs) for _ in gathers],
                                   xs[i].dtype.base_dtype)
    for i, (reads, gathers, read_gathers) in resource.items():
        read_grads = [next(outs) for _ in reads]
        gather_grads = [next(outs) for _ in gathers]
        extra = [_indexed_slices(read_gathers, [next(outs) for _ in read_gathers],
                                 resource_variable_grad.x_type(xs[i])[0])] if read_gathers else []
        grads[i] = resource_variable_grad.combine(read_grads, gathers, gather_grads, extra)
    return grads


def _prepare_custom_gradients(xs, reach, scope, built, ys) -> bool:
    """Builds the registered gradients on the way from the xs to the ys first, so that the
    inputs they give no gradient (None) are left out of the backward reach, as TF leaves
    them; True when one gives None."""
    starts = [x for x in xs if isinstance(x, Tensor) and x in reach]
    region = gradients_util.forward_region(starts, reach)
    gradients_util.check_region(region, ys)
    dropped = False
    for op in region:
        has_custom, fn = custom_gradient.gradient_function(op)
        if has_custom and fn is not None:
            spec = custom_gradient.prepare(op, fn, scope, built)
            dropped = dropped or any(g is None for g in spec.grads)
    return dropped


def _custom_gradients(region, scope, built):
    """The registered gradients in the forward `region` (the ops on the way from the xs to
    the ys), and the forward tensors they read."""
    specs, externals = [], []
    for op in region:
        has_custom, fn = custom_gradient.gradient_function(op)
        if has_custom and fn is None:
            custom_gradient.stop_gradients_of(op)
        elif has_custom:
            spec = custom_gradient.prepare(op, fn, scope, built)
            specs.append(spec)
            externals.extend(t for t in spec.externals if t not in externals)
    return specs, externals


def _sparse_reads(found, reach, ys):
    """A resource variable's (dense reads, resource gathers, gathers of reads): a read used
    only through gathers (a float32 embedding read and cast to float16) gets IndexedSlices,
    as TF's ReadVariableOp gradient passes them on."""
    reads, read_gathers = [], []
    for read in found[0]:
        gathers = gradients_util.sparse_uses(read, reach, ys)
        if gathers:
            read_gathers.extend(gathers)
        else:
            reads.append(read)
    return reads, found[1], read_gathers


def _indexed_slices(gathers, grads, dtype):
    """TF's GatherV2 gradient: IndexedSlices(reshaped grad, flat indices, shape(params)),
    concatenated over several gathers of the same tensor; values gathered from a Cast of the
    tensor are cast back to its `dtype`, as TF's Cast gradient casts IndexedSlices values."""
    parts = []
    for op, grad in zip(gathers, grads):
        params, indices = op._inputs[0], op._inputs[1]
        with graph_lib.name_scope(op.name + "_grad"):   # TF: ops.name_scope(op.name + "_grad")
            if op.type == "GatherNd":
                parts.append(_gather_nd_slices(params, indices, grad, dtype))
                continue
            with graph_lib.get_default_graph().colocate_with(params.op):
                dense_shape = array_ops.shape(params)
            rest = params.shape[1:]
            if rest.is_fully_defined():
                values_shape = [-1] + rest.as_list()
            else:
                values_shape = concat([[-1], dense_shape[1:]], 0)
            values = array_ops.reshape(grad, values_shape)
            flat = array_ops.reshape(indices, [-1])
            _set_slices_rows(values, flat, indices)
        if values.dtype.base_dtype != dtype:
            with graph_lib.name_scope(params.op.name + "_grad"):
                values = cast(values, dtype)
        parts.append((values, flat, dense_shape))
    if len(parts) == 1:
        return IndexedSlices(*parts[0])
    indices = [p[1] for p in parts]
    if len({i.dtype for i in indices}) > 1:
        # TF's _as_indexed_slices_list: int32 indices join int64 ones as int64 (a legacy_seq2seq
        # decoder gathers int32 inputs and int64 argmax ids from one embedding)
        indices = [i if i.dtype == dtypes.int64 else cast(i, dtypes.int64) for i in indices]
    return IndexedSlices(concat([p[0] for p in parts], 0), concat(indices, 0), parts[0][2])


def _set_slices_rows(values, flat, indices):
    """The number of rows TF's shape refiner gives the slices: TF reshapes by
    `size(indices)`, which it evaluates at build time where `indices` is computed from constants
    (an embedding_lookup's DynamicPartition of constant ids)."""
    rows = indices.shape.num_elements()
    if rows is None:
        value = tensor_util.constant_value(indices)
        rows = None if value is None else int(value.size)
    if rows is not None:
        if values.shape.ndims is not None:
            values.set_shape([rows] + [None] * (values.shape.ndims - 1))
        flat.set_shape([rows])


def _gather_nd_slices(params, indices, grad, dtype):
    """TF's _GatherNdGrad for [n, 1] indices: (grad, squeeze(indices, -1), shape(params))."""
    dense_shape = array_ops.shape(params, out_type=indices.dtype)
    flat = array_ops.squeeze(indices, axis=-1)
    if grad.dtype.base_dtype != dtype:
        with graph_lib.name_scope(params.op.name + "_grad"):
            grad = cast(grad, dtype)
    return grad, flat, dense_shape


def hessians(ys, xs, name="hessians", colocate_gradients_with_ops=False, gate_gradients=False,
             aggregation_method=None):
    """TF1 `tf.hessians`: d2(sum ys)/dx2 for each x, shaped x.shape + x.shape. Built with TF's
    ops and names (no name scope: `name` is unused, as in TF 1.x): the gradient, its `Reshape`
    to 1-D, `Size`, the loop counter's `Const`, and TF's `TensorArray` and `while` loop, whose
    rows here are one Jacobian `Gradients` op under `while/`, then `Shape`, `concat` and the
    final `Reshape`. An x the ys do not reach fails as in TF (a None gradient)."""
    xs = _as_list(xs)
    out = []
    for g, x in zip(gradients(ys, xs), xs):
        if isinstance(g, IndexedSlices):
            g = convert.convert_to_tensor(g)
        flat = array_ops.reshape(g, [-1])
        array_ops.size(x)
        convert.constant(0, dtypes.int32)
        graph = flat.graph
        with graph_lib.name_scope(None, "TensorArray"):
            pass
        with graph_lib.name_scope(None, "while"):
            with graph_lib.name_scope(None, "gradients") as scope:
                op = graph._create_op("Gradients", [flat, _x_tensor(x)],
                                      {"n_ys": 1, "n_xs": 1, "grad_ys_mask": (False,),
                                       "jacobian": True}, scope)
        with graph_lib.name_scope(None, "TensorArrayStack"):
            pass
        x_shape = array_ops.shape(x)
        out.append(array_ops.reshape(op._outputs[0], concat((x_shape, x_shape), 0)))
    return out


__all__ = ["gradients", "hessians", "UnconnectedGradients", "AggregationMethod"]

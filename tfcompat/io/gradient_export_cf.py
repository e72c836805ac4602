"""VJPs of tfcompat's If/Case and While ops, as TF functional ops (see gradient_export.py).

- If/Case: the same op on (predicate or index, captures, output cotangents) whose branch
  functions each recompute their branch's forward ops, then its VJP; they return one cotangent
  per floating capture.
- While (TF's form: loop variables, then captures carried unchanged): a *replay* loop recomputes
  the forward loop, pushing every iteration's loop variables onto TensorLists and counting the
  iterations; a second loop pops them in reverse and applies the body's VJP function, carrying
  the loop variables' cotangents and summing the captures'.

A VJP function re-runs forward ops, so a branch or body with random or state-changing ops would
differ from the forward run: those are reported as problems instead.
"""
from __future__ import annotations

from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.io import gradient_export as ge
from tfcompat.io.function_export import IF_TYPES
from tfcompat.io.function_export import attr_func
from tfcompat.io.function_export import attr_shapes
from tfcompat.io.function_export import attr_type
from tfcompat.io.function_export import attr_types
from tfcompat.io.function_export import base_enum
from tfcompat.io.proto import attr_value_pb2
from tfcompat.io.proto import types_pb2

_SCALAR = TensorShape([])


def _unsafe_ops(export, sub) -> list:
    """Ops of `sub` (and nested sub-graphs) that a recomputation would not reproduce."""
    found = []
    for op in sub.needed:
        d = op.op_def
        if op.type in ge.REPLAY_SAFE or d is None:
            pass
        elif d.stateful or d.mutates:
            found.append(op)
        if op.type in IF_TYPES or op.type.endswith("Case") or op.type.endswith("While"):
            for _, inner in export.construct(op).subs:
                found.extend(_unsafe_ops(export, inner))
    return found


def _check_replay(ctx, c) -> bool:
    unsafe = []
    for _, sub in c.subs:
        unsafe.extend(_unsafe_ops(ctx.export, sub))
    if unsafe:
        ctx.problem("the gradient of %s '%s' would re-run %s, which would not give the "
                    "forward values again" % (c.op.type, c.op.name,
                                              ", ".join(sorted({"%s (%s)" % (o.name, o.type)
                                                                for o in unsafe}))))
    return not unsafe


def _call(ctx, scope, fn_name, inputs, out_types, name):
    stateful = ctx.export.is_stateful_function(fn_name)
    attrs = {"Tin": attr_types([v.dtype for v in inputs]), "Tout": attr_types(out_types),
             "f": attr_func(fn_name)}
    return scope.add("StatefulPartitionedCall" if stateful else "PartitionedCall", inputs,
                     attrs, out_types, name)


# -- If / Case -----------------------------------------------------------------------------

def branch_vjp(ctx, scope, op, dys) -> list:
    c = ctx.export.construct(op)
    grads = [None] * len(op._inputs)
    float_caps = [i for i, t in enumerate(c.captures) if ge.is_float(t)]
    outs_f = [i for i, y in enumerate(op._outputs) if ge.is_float(y)]
    if not float_caps or not _check_replay(ctx, c):
        return grads
    caps = [scope.value(t) for t in c.captures]
    dy_values = [dys[i] if dys[i] is not None else ge.zeros_like(scope, scope.value(
        op._outputs[i]), ctx.name(scope, op, "zeros")) for i in outs_f]
    fns = [ctx.export.cached_function(
        ("vjp", id(c.subs[k][1]), tuple(float_caps), tuple(outs_f)),
        lambda k=k: _branch_vjp_function(ctx, c, k, float_caps, outs_f), ctx.problems)
        for k in range(len(c.subs))]
    out_types = [base_enum(c.captures[i]) for i in float_caps]
    attrs = {"Tin": attr_types([v.dtype for v in caps + dy_values]),
             "Tout": attr_types(out_types),
             "output_shapes": attr_shapes([c.captures[i].shape for i in float_caps])}
    if op.type in IF_TYPES:
        attrs["Tcond"] = attr_type(base_enum(c.lead[0]))
        attrs["then_branch"], attrs["else_branch"] = attr_func(fns[0]), attr_func(fns[1])
    else:
        branches = attr_value_pb2.AttrValue()
        branches.list.SetInParent()
        for fn in fns:
            branches.list.func.add().name = fn
        attrs["branches"] = branches
    outs = scope.add(op.type, [scope.value(c.lead[0])] + caps + dy_values, attrs, out_types,
                     ctx.name(scope, op, op.type))
    n_inputs = len(op._inputs) - 1
    for out, i in zip(outs, float_caps):
        if i < n_inputs:
            grads[1 + i] = out
    return grads


def _branch_vjp_function(ctx, c, k, float_caps, outs_f) -> str:
    role, sub = c.subs[k]
    export = ctx.export
    fn = export.new_function("%s_%s_grad" % (c.op.name, role))
    for t in c.captures:
        fn.add_arg(t.op.name, base_enum(t), t, t.shape)
    dy_args = [fn.add_arg("dy", base_enum(c.op._outputs[i])) for i in outs_f]
    export.copy_ops(fn, sub.needed)
    seeds = {}
    for i, arg in zip(outs_f, dy_args):
        seeds.setdefault(sub.outputs[i], []).append(arg)
    wanted = [c.captures[i] for i in float_caps]
    found = ge.backprop(ctx, fn, sub.needed, seeds, wanted)
    for t in wanted:
        grad = found.get(t) or ge.zeros_like(fn, fn.value(t), "zeros_" + t.op.name)
        fn.add_ret("d_" + t.op.name, grad)
    return export.add_function(fn)


# -- While ---------------------------------------------------------------------------------

def while_vjp(ctx, scope, op, dys) -> list:
    c = ctx.export.construct(op)
    grads = [None] * len(op._inputs)
    if not op._attrs.get("back_prop", True):  # tf.while_loop(back_prop=False)
        return grads
    n = len(c.lead)
    float_vars = [j for j in range(n) if ge.is_float(c.lead[j])]
    float_caps = [j for j in range(len(c.captures)) if ge.is_float(c.captures[j])]
    if not (float_vars or float_caps) or not _check_replay(ctx, c):
        return grads
    counter, lists = _replay(ctx, scope, c)
    d_vars = [dys[j] if dys[j] is not None else ge.zeros_like(scope, scope.value(
        op._outputs[j]), ctx.name(scope, op, "zeros")) for j in float_vars]
    d_caps = [ge.zeros_like(scope, scope.value(c.captures[j]), ctx.name(scope, op, "zeros"))
              for j in float_caps]
    caps = [scope.value(t) for t in c.captures]
    key = (id(op), tuple(float_vars), tuple(float_caps))
    vjp_fn = ctx.export.cached_function(
        ("body_vjp",) + key, lambda: _body_vjp_function(ctx, c, float_vars, float_caps),
        ctx.problems)
    inputs = [counter] + d_vars + d_caps + lists + caps
    cond_fn = ctx.export.cached_function(("grad_cond",) + key,
                                         lambda: _backward_cond(ctx, c, inputs))
    body_fn = ctx.export.cached_function(
        ("grad_body",) + key,
        lambda: _backward_body(ctx, c, inputs, vjp_fn, len(d_vars), len(d_caps)))
    shapes = ([_SCALAR] + [c.lead[j].shape for j in float_vars]
              + [c.captures[j].shape for j in float_caps] + [_SCALAR] * len(lists)
              + [t.shape for t in c.captures])
    outs = _while_node(ctx, scope, op, inputs, cond_fn, body_fn, shapes, "backward")
    for j, out in zip(float_vars, outs[1:]):
        grads[j] = out
    n_inputs = len(op._inputs) - n
    for j, out in zip(float_caps, outs[1 + len(d_vars):]):
        if j < n_inputs:
            grads[n + j] = out
    return grads


def _while_node(ctx, scope, op, inputs, cond_fn, body_fn, shapes, kind):
    types = [v.dtype for v in inputs]
    attrs = {"T": attr_types(types), "cond": attr_func(cond_fn), "body": attr_func(body_fn),
             "output_shapes": attr_shapes(shapes),
             "parallel_iterations": attr_value_pb2.AttrValue(
                 i=int(op._attrs.get("parallel_iterations", 10)))}
    stateful = ctx.export.is_stateful_function(body_fn) or \
        ctx.export.is_stateful_function(cond_fn)
    return scope.add("While" if stateful else "StatelessWhile", inputs, attrs, types,
                     ctx.name(scope, op, kind))


def _loop_args(fn, values, names):
    return [fn.add_arg(name, v.dtype) for v, name in zip(values, names)]


def _replay(ctx, scope, c):
    """Runs the forward loop again, pushing each iteration's loop variables onto TensorLists;
    returns (the iteration count, the lists)."""
    op, export = c.op, ctx.export
    n = len(c.lead)
    zero = ge.const(scope, 0, types_pb2.DT_INT32, ctx.name(scope, op, "zero"))
    minus_one = ge.const(scope, -1, types_pb2.DT_INT32, ctx.name(scope, op, "unknown_shape"))
    lists = []
    for t in c.lead:
        attrs = {"element_dtype": attr_type(base_enum(t)),
                 "shape_type": attr_type(types_pb2.DT_INT32)}
        lists.append(scope.add("EmptyTensorList", [minus_one, minus_one], attrs,
                               [types_pb2.DT_VARIANT], ctx.name(scope, op, "EmptyTensorList"))[0])
    inputs = ([zero] + [scope.value(t) for t in c.lead] + [scope.value(t) for t in c.captures]
              + lists)
    names = (["counter"] + ["var"] * n + ["capture"] * len(c.captures) + ["list"] * n)
    cond_fn = export.cached_function(("replay_cond", id(op)),
                                     lambda: _replay_cond(ctx, c, inputs, names))
    body_fn = export.cached_function(("replay_body", id(op)),
                                     lambda: _replay_body(ctx, c, inputs, names))
    shapes = ([_SCALAR] + list(op._attrs["output_shapes"]) + [t.shape for t in c.captures]
              + [_SCALAR] * n)
    outs = _while_node(ctx, scope, op, inputs, cond_fn, body_fn, shapes, "replay")
    return outs[0], outs[1 + n + len(c.captures):]


def _replay_cond(ctx, c, inputs, names) -> str:
    export, n = ctx.export, len(c.lead)
    fn = export.new_function("%s_replay_cond" % c.op.name)
    args = _loop_args(fn, inputs, names)
    more = _call(ctx, fn, export.loop_function(c, "cond"), args[1:1 + n + len(c.captures)],
                 [types_pb2.DT_BOOL], "cond")[0]
    fn.add_ret("more", more)
    return export.add_function(fn)


def _replay_body(ctx, c, inputs, names) -> str:
    export, n = ctx.export, len(c.lead)
    fn = export.new_function("%s_replay_body" % c.op.name)
    args = _loop_args(fn, inputs, names)
    state = args[1:1 + n + len(c.captures)]
    pushed = [fn.add("TensorListPushBack", [lst, v], {"element_dtype": attr_type(v.dtype)},
                     [types_pb2.DT_VARIANT], "push")[0]
              for lst, v in zip(args[1 + n + len(c.captures):], state[:n])]
    after = _call(ctx, fn, export.loop_function(c, "body"), state, [v.dtype for v in state],
                  "body")
    one = ge.const(fn, 1, types_pb2.DT_INT32, "one")
    count = fn.add("AddV2", [args[0], one], {"T": attr_type(types_pb2.DT_INT32)},
                   [types_pb2.DT_INT32], "count")[0]
    for value, name in zip([count] + after[:n] + state[n:] + pushed, names):
        fn.add_ret(name, value)
    return export.add_function(fn)


def _backward_cond(ctx, c, inputs) -> str:
    fn = ctx.export.new_function("%s_grad_cond" % c.op.name)
    args = _loop_args(fn, inputs, ["arg"] * len(inputs))
    zero = ge.const(fn, 0, types_pb2.DT_INT32, "zero")
    more = fn.add("Greater", [args[0], zero], {"T": attr_type(types_pb2.DT_INT32)},
                  [types_pb2.DT_BOOL], "more")[0]
    fn.add_ret("more", more)
    return ctx.export.add_function(fn)


def _backward_body(ctx, c, inputs, vjp_fn, n_dvars, n_dcaps) -> str:
    n, m = len(c.lead), len(c.captures)
    fn = ctx.export.new_function("%s_grad_body" % c.op.name)
    names = (["counter"] + ["d_var"] * n_dvars + ["d_capture"] * n_dcaps + ["list"] * n
             + ["capture"] * m)
    args = _loop_args(fn, inputs, names)
    d_vars = args[1:1 + n_dvars]
    d_caps = args[1 + n_dvars:1 + n_dvars + n_dcaps]
    lists = args[1 + n_dvars + n_dcaps:1 + n_dvars + n_dcaps + n]
    caps = args[1 + n_dvars + n_dcaps + n:]
    minus_one = ge.const(fn, -1, types_pb2.DT_INT32, "unknown_shape")
    popped, values = [], []
    for lst, t in zip(lists, c.lead):
        outs = fn.add("TensorListPopBack", [lst, minus_one],
                      {"element_dtype": attr_type(base_enum(t))},
                      [types_pb2.DT_VARIANT, base_enum(t)], "pop")
        popped.append(outs[0])
        values.append(outs[1])
    out_types = [v.dtype for v in d_vars + d_caps]
    step = _call(ctx, fn, vjp_fn, values + caps + d_vars, out_types, "vjp")
    summed = [fn.add("AddV2", [a, b], {"T": attr_type(a.dtype)}, [a.dtype], "sum")[0]
              for a, b in zip(d_caps, step[n_dvars:])]
    one = ge.const(fn, 1, types_pb2.DT_INT32, "one")
    count = fn.add("Sub", [args[0], one], {"T": attr_type(types_pb2.DT_INT32)},
                   [types_pb2.DT_INT32], "count")[0]
    for value, name in zip([count] + step[:n_dvars] + summed + popped + caps, names):
        fn.add_ret(name, value)
    return ctx.export.add_function(fn)


def _body_vjp_function(ctx, c, float_vars, float_caps) -> str:
    """(loop variables, captures, cotangents of the body's floating results) -> cotangents of
    the floating loop variables and captures: the body recomputed, then its VJP."""
    body = dict(c.subs)["body"]
    fn = ctx.export.new_function("%s_body_grad" % c.op.name)
    for t in body.inputs:
        fn.add_arg(t.op.name, base_enum(t), t, t.shape)
    for t in c.captures:
        fn.add_arg(t.op.name, base_enum(t), t, t.shape)
    dy_args = [fn.add_arg("dy", base_enum(c.lead[j])) for j in float_vars]
    ctx.export.copy_ops(fn, body.needed)
    seeds = {}
    for j, arg in zip(float_vars, dy_args):
        seeds.setdefault(body.outputs[j], []).append(arg)
    wanted = [body.inputs[j] for j in float_vars] + [c.captures[j] for j in float_caps]
    found = ge.backprop(ctx, fn, body.needed, seeds, wanted)
    for t in wanted:
        grad = found.get(t) or ge.zeros_like(fn, fn.value(t), "zeros_" + t.op.name)
        fn.add_ret("d_" + t.op.name, grad)
    return ctx.export.add_function(fn)

"""A fused RNN op whose number of steps is not static, written as TF loops (io/rnn_export.py
writes the static case unrolled).

- The step function: one cell step (x_t, h, c, weights...) -> (h', c') from TF ops.
- The forward function: a `StatelessWhile` over the steps calling it, the inputs read from and
  the outputs (and each step's incoming state) written to TensorLists.
- The VJP function (the op's gradient, as TF cannot differentiate a loop in a function): the
  forward loop, then a loop from the last step back to the first applying `SymbolicGradient`
  over the step function (whose ops have C++ gradients), carrying the state's cotangents and
  summing the weights'.

Lengths (CudnnRNNV3) mask each step as the unrolled form does.
"""
from __future__ import annotations

from tfcompat.framework import tensor_shape
from tfcompat.io.function_export import attr_func
from tfcompat.io.function_export import attr_shapes
from tfcompat.io.function_export import attr_type
from tfcompat.io.function_export import attr_types
from tfcompat.io.proto import attr_value_pb2
from tfcompat.io.proto import types_pb2
from tfcompat.io.rnn_export_cell import Body
from tfcompat.io.rnn_export_cell import add_reserved
from tfcompat.io.rnn_export_cell import attr_int
from tfcompat.io.rnn_export_cell import attr_ints
from tfcompat.io.rnn_export_cell import cell
from tfcompat.io.rnn_export_cell import masked
from tfcompat.io.rnn_export_cell import weights

I32 = types_pb2.DT_INT32
VARIANT = types_pb2.DT_VARIANT

__all__ = ["forward_function", "vjp_function"]


class _Loop(Body):
    """Body helpers for TensorLists, loops and calls."""

    def i32(self, value, name):
        return self.const(value, I32, name)

    def int_op(self, op_type, inputs, name):
        return self.op(op_type, inputs, name, out_enum=I32, T=attr_type(I32))[0]

    def list_attrs(self):
        return {"element_dtype": attr_type(self.enum)}

    def from_tensor(self, value, element_shape, name):
        attrs = dict(self.list_attrs(), shape_type=attr_type(I32))
        return self.scope.add("TensorListFromTensor", [value, element_shape], attrs, [VARIANT],
                              name)[0]

    def reserve(self, element_shape, count, name):
        attrs = dict(self.list_attrs(), shape_type=attr_type(I32))
        return self.scope.add("TensorListReserve", [element_shape, count], attrs, [VARIANT],
                              name)[0]

    def get(self, lst, index, element_shape, name):
        return self.scope.add("TensorListGetItem", [lst, index, element_shape],
                              self.list_attrs(), [self.enum], name)[0]

    def set(self, lst, index, value, name):
        return self.scope.add("TensorListSetItem", [lst, index, value], self.list_attrs(),
                              [VARIANT], name)[0]

    def stack(self, lst, element_shape, name):
        attrs = dict(self.list_attrs(), num_elements=attr_int(-1))
        return self.scope.add("TensorListStack", [lst, element_shape], attrs, [self.enum],
                              name)[0]

    def transpose(self, value, name):  # [B, T, ...] <-> [T, B, ...]
        perm = self.i32([1, 0, 2], name + "/perm")
        return self.one("Transpose", [value, perm], name, Tperm=attr_type(I32))

    def call(self, fn, inputs, out_types, name):
        attrs = {"Tin": attr_types([v.dtype for v in inputs]), "Tout": attr_types(out_types),
                 "f": attr_func(fn)}
        for key in ("config", "config_proto", "executor_type"):
            attrs[key] = attr_value_pb2.AttrValue(s=b"")
        return self.scope.add("PartitionedCall", inputs, attrs, out_types, name)

    def loop(self, export, inputs, cond, body, name):
        types = [v.dtype for v in inputs]
        stateful = export.is_stateful_function(cond) or export.is_stateful_function(body)
        attrs = {"T": attr_types(types), "cond": attr_func(cond), "body": attr_func(body),
                 "output_shapes": attr_shapes([tensor_shape.unknown_shape()] * len(types)),
                 "parallel_iterations": attr_int(10)}
        return self.scope.add("While" if stateful else "StatelessWhile", inputs, attrs, types,
                              name)


def _n_weights(s) -> int:
    return 5 if s["proj"] else 4


def _step_function(export, op, s) -> str:
    """(x_t, h, c, weights...) -> (h', c'); c passes through unless the cell is an LSTM."""
    scope = export.new_function(op.name + "_step")
    body = _Loop(scope, s["enum"])
    x, h, c = (scope.add_arg(n, s["enum"]) for n in ("x", "h", "c"))
    w = [scope.add_arg("w_%d" % i, s["enum"]) for i in range(_n_weights(s))]
    h_new, c_new = cell(body, s, w, x, h, c, "step")
    scope.add_ret("h", h_new)
    scope.add_ret("c", body.one("Identity", [c_new], "c_out"))
    return export.add_function(scope)


def _condition(export, op, types, compare, name) -> str:
    """A loop condition on the first two loop variables: `compare(t, limit)`."""
    scope = export.new_function("%s_%s" % (op.name, name))
    body = _Loop(scope, I32)
    args = [scope.add_arg("arg_%d" % i, d) for i, d in enumerate(types)]
    more = body.op(compare, args[:2], "more", out_enum=types_pb2.DT_BOOL, T=attr_type(I32))[0]
    scope.add_ret("more", more)
    return export.add_function(scope)


# -- forward ---------------------------------------------------------------------------------

def _forward_body(export, op, s, step_fn, types) -> str:
    """(t, T, h, c, ys, hs, cs, xs, x_shape, h_shape, weights..., [lengths]): one step."""
    scope = export.new_function(op.name + "_forward_body")
    body = _Loop(scope, s["enum"])
    args = [scope.add_arg("arg_%d" % i, d) for i, d in enumerate(types)]
    t, limit, h, c, ys, hs, cs, xs, x_shape, h_shape = args[:10]
    w = args[10:10 + _n_weights(s)]
    lengths = args[-1] if s["lengths"] else None
    x_t = body.get(xs, t, x_shape, "x_t")
    h_new, c_new = body.call(step_fn, [x_t, h, c] + w, [s["enum"]] * 2, "step")
    y_t = h_new
    if lengths is not None:
        zeros = body.one("ZerosLike", [h_new], "zeros")
        y_t = masked(body, lengths, t, h_new, zeros, "output")
        h_new = masked(body, lengths, t, h_new, h, "state_h")
        c_new = masked(body, lengths, t, c_new, c, "state_c")
    out = [body.int_op("AddV2", [t, body.i32(1, "one")], "next"), limit, h_new, c_new,
           body.set(ys, t, y_t, "ys"), body.set(hs, t, h, "hs"), body.set(cs, t, c, "cs")]
    for i, value in enumerate(out + args[len(out):]):
        scope.add_ret("out_%d" % i, value)
    return export.add_function(scope)


def _run_forward(export, op, s, body, x, h_in, c_in, params, lengths):
    """Writes the forward loop into `body`'s function: a dict of its results."""
    step_fn = export.cached_function(("fused_rnn_step", op), lambda: _step_function(export, op, s))
    w = weights(body, params, s)
    squeeze = {"squeeze_dims": attr_ints([0])}
    h = body.one("Squeeze", [h_in], "input_h/squeeze", **squeeze)
    c = body.one("Squeeze", [c_in], "input_c/squeeze", **squeeze)
    xs_tm = x if s["time_major"] else body.transpose(x, "input/time_major")
    x_shape = body.op("Slice", [body.op("Shape", [xs_tm], "input/shape", out_enum=I32,
                                        out_type=attr_type(I32))[0],
                                body.i32([1], "input/begin"), body.i32([2], "input/size")],
                      "input/element_shape", out_enum=I32, T=attr_type(I32),
                      Index=attr_type(I32))[0]
    h_shape = body.op("Shape", [h], "state/shape", out_enum=I32, out_type=attr_type(I32))[0]
    xs = body.from_tensor(xs_tm, x_shape, "input/list")
    limit = body.scope.add("TensorListLength", [xs], {}, [I32], "input/steps")[0]
    unknown = body.i32(-1, "unknown_shape")  # states: read only where written
    lists = [body.reserve(h_shape, limit, "outputs"), body.reserve(unknown, limit, "states_h"),
             body.reserve(unknown, limit, "states_c")]
    inputs = ([body.i32(0, "start"), limit, h, c] + lists + [xs, x_shape, h_shape] + w
              + ([lengths] if lengths is not None else []))
    types = [v.dtype for v in inputs]
    cond = export.cached_function(("fused_rnn_fwd_cond", op),
                                  lambda: _condition(export, op, types, "Less", "forward_cond"))
    loop_body = export.cached_function(("fused_rnn_fwd_body", op),
                                       lambda: _forward_body(export, op, s, step_fn, types))
    out = body.loop(export, inputs, cond, loop_body, "forward")
    return dict(h=out[2], c=out[3], ys=out[4], hs=out[5], cs=out[6], xs=xs, limit=limit, w=w,
                x_shape=x_shape, h_shape=h_shape, step_fn=step_fn)


def _args(scope, s):
    names = ["input", "input_h", "input_c", "params"]
    args = [scope.add_arg(n, s["enum"]) for n in names]
    args.append(scope.add_arg("sequence_lengths", I32) if s["lengths"] else None)
    return args


def forward_function(export, op, s) -> str:
    """The op as a function over a loop: its inputs in, its outputs out."""
    scope = export.new_function(op.name + "_loop")
    body = _Loop(scope, s["enum"])
    x, h_in, c_in, params, lengths = _args(scope, s)
    run = _run_forward(export, op, s, body, x, h_in, c_in, params, lengths)
    y = body.stack(run["ys"], run["h_shape"], "outputs")
    if not s["time_major"]:
        y = body.transpose(y, "output")
    dim0 = body.i32(0, "state/axis")
    expand = {"Tdim": attr_type(I32)}
    scope.add_ret("output", y)
    scope.add_ret("output_h", body.one("ExpandDims", [run["h"], dim0], "output_h", **expand))
    scope.add_ret("output_c", body.one("ExpandDims", [run["c"], dim0], "output_c", **expand))
    add_reserved(body, s)
    return export.add_function(scope)


# -- backward --------------------------------------------------------------------------------

def _backward_body(export, op, s, step_fn, types) -> str:
    """(t, stop, dh, dc, dxs, dweights..., xs, hs, cs, dys, x_shape, h_shape, weights...,
    [lengths]): one step back."""
    n_w = _n_weights(s)
    scope = export.new_function(op.name + "_backward_body")
    body = _Loop(scope, s["enum"])
    args = [scope.add_arg("arg_%d" % i, d) for i, d in enumerate(types)]
    t, stop, dh, dc, dxs = args[:5]
    dw = args[5:5 + n_w]
    xs, hs, cs, dys, x_shape, h_shape = args[5 + n_w:11 + n_w]
    w = args[11 + n_w:11 + 2 * n_w]
    lengths = args[-1] if s["lengths"] else None
    unknown = body.i32(-1, "unknown_shape")
    x_t = body.get(xs, t, x_shape, "x_t")
    h_prev = body.get(hs, t, unknown, "h_prev")
    c_prev = body.get(cs, t, unknown, "c_prev")
    dy_t = body.get(dys, t, h_shape, "dy_t")
    d_h = body.one("AddV2", [dh, dy_t], "d_h")
    d_c = dc
    skip_h = skip_c = None
    if lengths is not None:  # a finished sequence: its state passed through, its output 0
        zeros_h = body.one("ZerosLike", [dh], "zeros_h")
        zeros_c = body.one("ZerosLike", [dc], "zeros_c")
        skip_h = masked(body, lengths, t, zeros_h, dh, "skip_h")
        skip_c = masked(body, lengths, t, zeros_c, dc, "skip_c")
        d_h = masked(body, lengths, t, d_h, zeros_h, "live_h")
        d_c = masked(body, lengths, t, d_c, zeros_c, "live_c")
    inputs = [x_t, h_prev, c_prev] + w + [d_h, d_c]
    attrs = {"Tin": attr_types([v.dtype for v in inputs]),
             "Tout": attr_types([s["enum"]] * (3 + n_w)), "f": attr_func(step_fn)}
    grads = scope.add("SymbolicGradient", inputs, attrs, [s["enum"]] * (3 + n_w), "step_grad")
    dx_t, dh_prev, dc_prev = grads[:3]
    if skip_h is not None:
        dh_prev = body.one("AddV2", [dh_prev, skip_h], "dh")
        dc_prev = body.one("AddV2", [dc_prev, skip_c], "dc")
    sums = [body.one("AddV2", [a, b], "dw_%d" % i) for i, (a, b) in enumerate(zip(dw, grads[3:]))]
    out = ([body.int_op("Sub", [t, body.i32(1, "one")], "previous"), stop, dh_prev, dc_prev,
            body.set(dxs, t, dx_t, "dxs")] + sums)
    for i, value in enumerate(out + args[len(out):]):
        scope.add_ret("out_%d" % i, value)
    return export.add_function(scope)


def vjp_function(export, op, s) -> str:
    """(the op's inputs, one cotangent per output) -> one gradient per input."""
    scope = export.new_function(op.name + "_loop_grad")
    body = _Loop(scope, s["enum"])
    x, h_in, c_in, params, lengths = _args(scope, s)
    d_out = [scope.add_arg(n, s["enum"]) for n in ("d_output", "d_output_h", "d_output_c",
                                                   "d_reserve_space")]
    if s["lengths"]:
        scope.add_arg("d_host_reserved", types_pb2.DT_INT8)
    run = _run_forward(export, op, s, body, x, h_in, c_in, params, lengths)
    dy = d_out[0] if s["time_major"] else body.transpose(d_out[0], "d_output/time_major")
    dys = body.from_tensor(dy, run["h_shape"], "d_output/list")
    squeeze = {"squeeze_dims": attr_ints([0])}
    dh = body.one("Squeeze", [d_out[1]], "d_output_h/squeeze", **squeeze)
    dc = body.one("Squeeze", [d_out[2]], "d_output_c/squeeze", **squeeze)
    dw = [body.one("ZerosLike", [v], "zeros_w_%d" % i) for i, v in enumerate(run["w"])]
    dxs = body.reserve(run["x_shape"], run["limit"], "d_input/list")
    last = body.int_op("Sub", [run["limit"], body.i32(1, "one")], "last")
    inputs = ([last, body.i32(0, "stop"), dh, dc, dxs] + dw
              + [run["xs"], run["hs"], run["cs"], dys, run["x_shape"], run["h_shape"]]
              + run["w"] + ([lengths] if lengths is not None else []))
    types = [v.dtype for v in inputs]
    cond = export.cached_function(
        ("fused_rnn_bwd_cond", op),
        lambda: _condition(export, op, types, "GreaterEqual", "backward_cond"))
    loop_body = export.cached_function(
        ("fused_rnn_bwd_body", op),
        lambda: _backward_body(export, op, s, run["step_fn"], types))
    out = body.loop(export, inputs, cond, loop_body, "backward")
    dx = body.stack(out[4], run["x_shape"], "d_input")
    if not s["time_major"]:
        dx = body.transpose(dx, "d_input/batch_major")
    dim0 = body.i32(0, "state/axis")
    expand = {"Tdim": attr_type(I32)}
    flat = body.i32([-1], "flat")
    parts = [body.one("Reshape", [g, flat], "d_params/part_%d" % i, Tshape=attr_type(I32))
             for i, g in enumerate(out[5:5 + len(run["w"])])]
    axis = body.i32(0, "d_params/axis")
    d_params = body.one("ConcatV2", parts + [axis], "d_params", N=attr_int(len(parts)),
                        Tidx=attr_type(I32))
    scope.add_ret("d_input", dx)
    scope.add_ret("d_input_h", body.one("ExpandDims", [out[2], dim0], "d_input_h", **expand))
    scope.add_ret("d_input_c", body.one("ExpandDims", [out[3], dim0], "d_input_c", **expand))
    scope.add_ret("d_params", d_params)
    if lengths is not None:
        scope.add_ret("d_sequence_lengths", body.op("ZerosLike", [lengths], "d_lengths",
                                                    out_enum=I32, T=attr_type(I32))[0])
    return export.add_function(scope)

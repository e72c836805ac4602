"""tfcompat's fused RNN ops (`CudnnRNN`, `CudnnRNNV3`) in a GraphDef, as TF ops a CPU can run.

`tf.nn.dynamic_rnn` runs a standard LSTM/RNN cell as one `CudnnRNN` op (nn/rnn_fused.py). TF has
that op, but with GPU kernels only (and without tfcompat's `time_major` attr), so a `.meta`
holding it does not run in TF on a CPU. Exported, the op becomes a `PartitionedCall` of a
FunctionDef computing the same thing step by step from the params buffer (torch's layout, see
ops/nn_rnn_ops.py): the time steps unrolled, so that TF's `SymbolicGradient` over the function
differentiates it with the C++ gradients of its ops (MatMul, Sigmoid, Tanh, Split, Pack, ...),
which is how a `tf.gradients` result through the op is written (`fused_rnn_vjp`).

The call node keeps the op's name (consumers read `CudnnRNN:1` unchanged) and carries the original
(`_tfcompat_node`): tfcompat's importer restores the fused op itself.

The steps are unrolled, so the number of steps must be static, as must the input depth, the
hidden size and the single layer (what dynamic_rnn builds); otherwise the op is written as it is
and export names it as a problem.
"""
from __future__ import annotations

import numpy as np

from tfcompat.io import tensor_proto
from tfcompat.io.export_attrs import ORIGINAL_ATTR
from tfcompat.io.function_export import FUSED_RNN_TYPES
from tfcompat.io.function_export import attr_func
from tfcompat.io.function_export import attr_type
from tfcompat.io.function_export import attr_types
from tfcompat.io.function_export import base_enum
from tfcompat.io.proto import attr_value_pb2
from tfcompat.io.proto import types_pb2

_GATES = {"lstm": 4, "gru": 3, "rnn_tanh": 1, "rnn_relu": 1}

__all__ = ["FUSED_RNN_TYPES", "write_fused_rnn", "fused_rnn_vjp"]


class Unsupported(Exception):
    """Why a fused RNN op cannot be written as unrolled TF ops."""


def _static(dim):
    return dim.value if hasattr(dim, "value") else dim


def _spec(op) -> dict:
    """The op's static sizes and attrs, or Unsupported saying what is not static."""
    attrs = op._attrs
    x, h, c = op._inputs[:3]
    mode = attrs.get("rnn_mode", "lstm")
    if mode not in _GATES:
        raise Unsupported("its rnn_mode is one of %s (got %r)" % (sorted(_GATES), mode))
    if attrs.get("input_mode", "linear_input") != "linear_input" or \
            attrs.get("direction", "unidirectional") != "unidirectional":
        raise Unsupported("its input_mode is 'linear_input' and its direction "
                          "'unidirectional'")
    time_major = bool(attrs.get("time_major", True))
    if x.shape.ndims != 3 or h.shape.ndims != 3 or c.shape.ndims != 3:
        raise Unsupported("input, input_h and input_c have static rank 3")
    steps = _static(x.shape[0 if time_major else 1])
    depth = _static(x.shape[2])
    layers = _static(h.shape[0])
    hidden = _static((c if mode == "lstm" else h).shape[2])
    proj = int(attrs.get("num_proj", 0) or 0)
    if None in (steps, depth, layers, hidden) or steps < 1:
        raise Unsupported("its number of steps, input depth, layers and units are static "
                          "(got %s steps, depth %s, %s layers, %s units)"
                          % (steps, depth, layers, hidden))
    if layers != 1:
        raise Unsupported("it has one layer (got %d)" % layers)
    return dict(mode=mode, time_major=time_major, steps=steps, depth=depth, hidden=hidden,
                proj=proj, enum=base_enum(x), lengths=op.type == "CudnnRNNV3")


# -- the forward function --------------------------------------------------------------------

class _Body:
    """Writes one function body: small helpers over `FunctionScope.add`."""

    def __init__(self, scope, enum):
        self.scope = scope
        self.enum = enum
        self.t = {"T": attr_type(enum)}

    def const(self, value, enum, name):
        proto = tensor_proto.make_tensor_proto(np.asarray(value), dtype=enum)
        attrs = {"dtype": attr_type(enum), "value": attr_value_pb2.AttrValue(tensor=proto)}
        return self.scope.add("Const", [], attrs, [enum], name)[0]

    def op(self, op_type, inputs, name, n_out=1, out_enum=None, **extra):
        attrs = dict(self.t)
        attrs.update(extra)
        return self.scope.add(op_type, inputs, attrs, [out_enum or self.enum] * n_out, name)

    def one(self, op_type, inputs, name, **extra):
        return self.op(op_type, inputs, name, **extra)[0]

    def matmul(self, a, b, name):  # a @ b^T: torch's weights are [out, in]
        return self.one("MatMul", [a, b], name, transpose_a=_bool(False),
                        transpose_b=_bool(True))

    def linear(self, a, w, b, name):
        return self.one("BiasAdd", [self.matmul(a, w, name + "/MatMul"), b], name,
                        data_format=attr_value_pb2.AttrValue(s=b"NHWC"))

    def split(self, value, n, name):
        axis = self.const(1, types_pb2.DT_INT32, name + "/axis")
        return self.op("Split", [axis, value], name, n_out=n, num_split=_int(n))


def _bool(value):
    return attr_value_pb2.AttrValue(b=value)


def _int(value):
    return attr_value_pb2.AttrValue(i=value)


def _weights(body, params, s):
    """w_ih [G*H, D], w_hh [G*H, P], b_ih, b_hh [G*H] (and w_hr [P, H]) from the flat params."""
    rows, width = _GATES[s["mode"]] * s["hidden"], s["proj"] or s["hidden"]
    shapes = [[rows, s["depth"]], [rows, width], [rows], [rows]]
    if s["proj"]:
        shapes.append([s["proj"], s["hidden"]])
    sizes = body.const([int(np.prod(x)) for x in shapes], types_pb2.DT_INT32, "params/sizes")
    axis = body.const(0, types_pb2.DT_INT32, "params/axis")
    parts = body.op("SplitV", [params, sizes, axis], "params/split", n_out=len(shapes),
                    num_split=_int(len(shapes)), Tlen=attr_type(types_pb2.DT_INT32))
    out = []
    for i, (part, shape) in enumerate(zip(parts, shapes)):
        if len(shape) == 1:
            out.append(part)
            continue
        dims = body.const(shape, types_pb2.DT_INT32, "params/shape_%d" % i)
        out.append(body.one("Reshape", [part, dims], "params/w_%d" % i,
                            Tshape=attr_type(types_pb2.DT_INT32)))
    return out


def _cell(body, s, w, x, h, c, k):
    """One step: (h', c') from the input x [B, D] and the state (torch's formulas)."""
    name = "step_%d" % k
    gi = body.linear(x, w[0], w[2], name + "/input")
    gh = body.linear(h, w[1], w[3], name + "/hidden")
    mode = s["mode"]
    if mode == "gru":
        r_i, z_i, n_i = body.split(gi, 3, name + "/split_input")
        r_h, z_h, n_h = body.split(gh, 3, name + "/split_hidden")
        r = body.one("Sigmoid", [body.one("AddV2", [r_i, r_h], name + "/r_add")], name + "/r")
        z = body.one("Sigmoid", [body.one("AddV2", [z_i, z_h], name + "/z_add")], name + "/z")
        n = body.one("Tanh", [body.one("AddV2", [n_i, body.one("Mul", [r, n_h], name + "/rn")],
                                       name + "/n_add")], name + "/n")
        # (1 - z) * n + z * h, as n + z * (h - n)
        hz = body.one("Mul", [z, body.one("Sub", [h, n], name + "/h_sub")], name + "/zh")
        return body.one("AddV2", [n, hz], name + "/h"), c
    gates = body.one("AddV2", [gi, gh], name + "/gates")
    if mode != "lstm":
        return body.one("Tanh" if mode == "rnn_tanh" else "Relu", [gates], name + "/h"), c
    i, f, g, o = body.split(gates, 4, name + "/split")
    i = body.one("Sigmoid", [i], name + "/i")
    f = body.one("Sigmoid", [f], name + "/f")
    g = body.one("Tanh", [g], name + "/g")
    o = body.one("Sigmoid", [o], name + "/o")
    c_new = body.one("AddV2", [body.one("Mul", [f, c], name + "/fc"),
                               body.one("Mul", [i, g], name + "/ig")], name + "/c")
    h_new = body.one("Mul", [o, body.one("Tanh", [c_new], name + "/tanh_c")], name + "/h_full")
    if s["proj"]:
        h_new = body.matmul(h_new, w[4], name + "/h")
    return h_new, c_new


def _masked(body, lengths, k, new, old, name):
    """Past a sequence's length its state stays and its output is zeros (TF's CudnnRNNV3)."""
    step = body.const(k, types_pb2.DT_INT32, name + "/t")
    live = body.op("Less", [step, lengths], name + "/live", out_enum=types_pb2.DT_BOOL,
                   T=attr_type(types_pb2.DT_INT32))[0]
    return body.one("Select", [live, new, old], name)


def _forward_function(export, op, s) -> str:
    scope = export.new_function(op.name + "_unrolled")
    body = _Body(scope, s["enum"])
    x = scope.add_arg("input", s["enum"])
    h_in = scope.add_arg("input_h", s["enum"])
    c_in = scope.add_arg("input_c", s["enum"])
    params = scope.add_arg("params", s["enum"])
    lengths = scope.add_arg("sequence_lengths", types_pb2.DT_INT32) if s["lengths"] else None
    w = _weights(body, params, s)
    squeeze = {"squeeze_dims": _ints([0])}
    h = body.one("Squeeze", [h_in], "input_h/squeeze", **squeeze)
    c = body.one("Squeeze", [c_in], "input_c/squeeze", **squeeze)
    time_axis = 0 if s["time_major"] else 1
    xs = body.op("Unpack", [x], "input/unstack", n_out=s["steps"], num=_int(s["steps"]),
                 axis=_int(time_axis))
    ys = []
    for k, x_t in enumerate(xs):
        h_new, c_new = _cell(body, s, w, x_t, h, c, k)
        if lengths is not None:
            zeros = body.one("ZerosLike", [h_new], "step_%d/zeros" % k)
            ys.append(_masked(body, lengths, k, h_new, zeros, "step_%d/output" % k))
            h = _masked(body, lengths, k, h_new, h, "step_%d/state_h" % k)
            if s["mode"] == "lstm":
                c = _masked(body, lengths, k, c_new, c, "step_%d/state_c" % k)
        else:
            ys.append(h_new)
            h, c = h_new, c_new
    y = body.one("Pack", ys, "output", N=_int(len(ys)), axis=_int(time_axis))
    dim0 = body.const(0, types_pb2.DT_INT32, "state/axis")
    expand = {"Tdim": attr_type(types_pb2.DT_INT32)}
    scope.add_ret("output", y)
    scope.add_ret("output_h", body.one("ExpandDims", [h, dim0], "output_h", **expand))
    scope.add_ret("output_c", body.one("ExpandDims", [c, dim0], "output_c", **expand)
                  if s["mode"] == "lstm" else c_in)
    scope.add_ret("reserve_space", body.const(np.zeros([0]), s["enum"], "reserve_space"))
    if s["lengths"]:
        scope.add_ret("host_reserved", body.const(np.zeros([0], np.int8), types_pb2.DT_INT8,
                                                  "host_reserved"))
    return export.add_function(scope)


def _ints(values):
    out = attr_value_pb2.AttrValue()
    out.list.SetInParent()
    out.list.i.extend(values)
    return out


def forward_function(export, op) -> str:
    """The name of the FunctionDef computing `op` (written once); Unsupported if it cannot be."""
    s = _spec(op)
    return export.cached_function(("fused_rnn", op), lambda: _forward_function(export, op, s))


# -- the op in the main graph, and its gradient ----------------------------------------------

def write_fused_rnn(export, op, node) -> bool:
    """Turns `node` (the op's own NodeDef, as the main graph would hold it) into a call of its
    unrolled function; False, with the reason among the export's problems, where it cannot."""
    try:
        fn = forward_function(export, op)
    except Unsupported as e:
        export.problems.append(
            "op '%s' (%s) has TensorFlow kernels for GPUs only, and tfcompat writes it as TF ops "
            "only where %s" % (op.name, op.type, e))
        return False
    original = node.SerializeToString(deterministic=True)
    shapes = node.attr["_output_shapes"] if "_output_shapes" in node.attr else None
    if shapes is not None:
        shapes = attr_value_pb2.AttrValue.FromString(shapes.SerializeToString())
    node.attr.clear()
    node.op = "PartitionedCall"
    node.attr["Tin"].CopyFrom(attr_types([base_enum(t) for t in op._inputs]))
    node.attr["Tout"].CopyFrom(attr_types([base_enum(t) for t in op._outputs]))
    node.attr["f"].CopyFrom(attr_func(fn))
    for key in ("config", "config_proto", "executor_type"):
        node.attr[key].s = b""
    node.attr[ORIGINAL_ATTR].s = original
    if shapes is not None:
        node.attr["_output_shapes"].CopyFrom(shapes)
    return True


def fused_rnn_vjp(ctx, scope, op, dys) -> list:
    """TF's `SymbolicGradient` over the op's unrolled function: one gradient per input."""
    try:
        fn = forward_function(ctx.export, op)
    except Unsupported as e:
        ctx.problem("TensorFlow has no CPU gradient for op '%s' (%s), and tfcompat writes one "
                    "only where %s" % (op.name, op.type, e))
        return [None] * len(op._inputs)
    dense = [dy if dy is not None else scope.add("ZerosLike", [scope.value(t)],
                                                  {"T": attr_type(base_enum(t))},
                                                  [base_enum(t)],
                                                  ctx.name(scope, op, "zeros_like"))[0]
             for t, dy in zip(op._outputs, dys)]
    inputs = [scope.value(t) for t in op._inputs] + dense
    in_types = [base_enum(t) for t in op._inputs]
    attrs = {"Tin": attr_types([v.dtype for v in inputs]), "Tout": attr_types(in_types),
             "f": attr_func(fn)}
    return scope.add("SymbolicGradient", inputs, attrs, in_types,
                     ctx.name(scope, op, "SymbolicGradient"))

"""What io/rnn_export.py and io/rnn_export_loop.py share: the fused RNN op's sizes, and one
step of its cell written as TF ops from the params buffer (torch's layout, ops/nn_rnn_ops.py)."""
from __future__ import annotations

import numpy as np

from tfcompat.io import tensor_proto
from tfcompat.io.function_export import attr_type
from tfcompat.io.function_export import base_enum
from tfcompat.io.proto import attr_value_pb2
from tfcompat.io.proto import types_pb2

GATES = {"lstm": 4, "gru": 3, "rnn_tanh": 1, "rnn_relu": 1}

__all__ = ["Unsupported", "spec", "Body", "weights", "cell", "masked", "add_reserved", "GATES"]


class Unsupported(Exception):
    """Why a fused RNN op cannot be written as TF ops."""


def static(dim):
    return dim.value if hasattr(dim, "value") else dim


def spec(op) -> dict:
    """The op's sizes and attrs (`steps` None where unknown), or Unsupported saying what
    prevents writing it."""
    attrs = op._attrs
    x, h, c = op._inputs[:3]
    mode = attrs.get("rnn_mode", "lstm")
    if mode not in GATES:
        raise Unsupported("its rnn_mode is one of %s (got %r)" % (sorted(GATES), mode))
    if attrs.get("input_mode", "linear_input") != "linear_input" or \
            attrs.get("direction", "unidirectional") != "unidirectional":
        raise Unsupported("its input_mode is 'linear_input' and its direction "
                          "'unidirectional'")
    time_major = bool(attrs.get("time_major", True))
    if x.shape.ndims != 3 or h.shape.ndims != 3 or c.shape.ndims != 3:
        raise Unsupported("input, input_h and input_c have static rank 3")
    steps = static(x.shape[0 if time_major else 1])
    depth = static(x.shape[2])
    layers = static(h.shape[0])
    hidden = static((c if mode == "lstm" else h).shape[2])
    proj = int(attrs.get("num_proj", 0) or 0)
    if None in (depth, layers, hidden) or steps == 0:
        raise Unsupported("its input depth, layers and units are static and it has steps "
                          "(got %s steps, depth %s, %s layers, %s units)"
                          % (steps, depth, layers, hidden))
    if layers != 1:
        raise Unsupported("it has one layer (got %d)" % layers)
    return dict(mode=mode, time_major=time_major, steps=steps, depth=depth, hidden=hidden,
                proj=proj, enum=base_enum(x), lengths=op.type == "CudnnRNNV3")


# -- writing a function body -----------------------------------------------------------------

class Body:
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
        return self.one("MatMul", [a, b], name, transpose_a=attr_bool(False),
                        transpose_b=attr_bool(True))

    def linear(self, a, w, b, name):
        return self.one("BiasAdd", [self.matmul(a, w, name + "/MatMul"), b], name,
                        data_format=attr_value_pb2.AttrValue(s=b"NHWC"))

    def split(self, value, n, name):
        axis = self.const(1, types_pb2.DT_INT32, name + "/axis")
        return self.op("Split", [axis, value], name, n_out=n, num_split=attr_int(n))


def attr_bool(value):
    return attr_value_pb2.AttrValue(b=value)


def attr_int(value):
    return attr_value_pb2.AttrValue(i=value)


def weights(body, params, s):
    """w_ih [G*H, D], w_hh [G*H, P], b_ih, b_hh [G*H] (and w_hr [P, H]) from the flat params."""
    rows, width = GATES[s["mode"]] * s["hidden"], s["proj"] or s["hidden"]
    shapes = [[rows, s["depth"]], [rows, width], [rows], [rows]]
    if s["proj"]:
        shapes.append([s["proj"], s["hidden"]])
    sizes = body.const([int(np.prod(x)) for x in shapes], types_pb2.DT_INT32, "params/sizes")
    axis = body.const(0, types_pb2.DT_INT32, "params/axis")
    parts = body.op("SplitV", [params, sizes, axis], "params/split", n_out=len(shapes),
                    num_split=attr_int(len(shapes)), Tlen=attr_type(types_pb2.DT_INT32))
    out = []
    for i, (part, shape) in enumerate(zip(parts, shapes)):
        if len(shape) == 1:
            out.append(part)
            continue
        dims = body.const(shape, types_pb2.DT_INT32, "params/shape_%d" % i)
        out.append(body.one("Reshape", [part, dims], "params/w_%d" % i,
                            Tshape=attr_type(types_pb2.DT_INT32)))
    return out


def cell(body, s, w, x, h, c, name):
    """One step: (h', c') from the input x [B, D] and the state (torch's formulas)."""
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


def masked(body, lengths, step, new, old, name):
    """Past a sequence's length its state stays and its output is zeros (TF's CudnnRNNV3):
    `new` where `step` (an int32 Value) is below the length, else `old`."""
    live = body.op("Less", [step, lengths], name + "/live", out_enum=types_pb2.DT_BOOL,
                   T=attr_type(types_pb2.DT_INT32))[0]
    return body.one("Select", [live, new, old], name)


def attr_ints(values):
    out = attr_value_pb2.AttrValue()
    out.list.SetInParent()
    out.list.i.extend(values)
    return out


def add_reserved(body, s) -> None:
    """The op's last outputs: empty reserve space (and host reserve of CudnnRNNV3)."""
    body.scope.add_ret("reserve_space", body.const(np.zeros([0]), s["enum"], "reserve_space"))
    if s["lengths"]:
        body.scope.add_ret("host_reserved", body.const(np.zeros([0], np.int8),
                                                       types_pb2.DT_INT8, "host_reserved"))

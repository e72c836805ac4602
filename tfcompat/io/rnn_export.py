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

Where the number of steps is not static (or above UNROLL_MAX_STEPS), the function is a loop over
them instead and the gradient a call of a VJP function with a backward loop
(io/rnn_export_loop.py). The input depth, the hidden size and the single layer must be static
(what dynamic_rnn builds); otherwise the op is written as it is and export names it as a
problem. Shared pieces: io/rnn_export_cell.py.
"""
from __future__ import annotations

from tfcompat.io import rnn_export_loop
from tfcompat.io.export_attrs import ORIGINAL_ATTR
from tfcompat.io.function_export import FUSED_RNN_TYPES
from tfcompat.io.function_export import attr_func
from tfcompat.io.function_export import attr_type
from tfcompat.io.function_export import attr_types
from tfcompat.io.function_export import base_enum
from tfcompat.io.proto import attr_value_pb2
from tfcompat.io.proto import types_pb2
from tfcompat.io.rnn_export_cell import Body
from tfcompat.io.rnn_export_cell import Unsupported
from tfcompat.io.rnn_export_cell import add_reserved
from tfcompat.io.rnn_export_cell import attr_int
from tfcompat.io.rnn_export_cell import attr_ints
from tfcompat.io.rnn_export_cell import cell
from tfcompat.io.rnn_export_cell import masked
from tfcompat.io.rnn_export_cell import spec
from tfcompat.io.rnn_export_cell import weights

# Longer sequences are written as loops: an unrolled function grows by ~20 nodes a step.
UNROLL_MAX_STEPS = 32

__all__ = ["FUSED_RNN_TYPES", "write_fused_rnn", "fused_rnn_vjp"]


def _unrolled_function(export, op, s) -> str:
    scope = export.new_function(op.name + "_unrolled")
    body = Body(scope, s["enum"])
    x = scope.add_arg("input", s["enum"])
    h_in = scope.add_arg("input_h", s["enum"])
    c_in = scope.add_arg("input_c", s["enum"])
    params = scope.add_arg("params", s["enum"])
    lengths = scope.add_arg("sequence_lengths", types_pb2.DT_INT32) if s["lengths"] else None
    w = weights(body, params, s)
    squeeze = {"squeeze_dims": attr_ints([0])}
    h = body.one("Squeeze", [h_in], "input_h/squeeze", **squeeze)
    c = body.one("Squeeze", [c_in], "input_c/squeeze", **squeeze)
    time_axis = 0 if s["time_major"] else 1
    xs = body.op("Unpack", [x], "input/unstack", n_out=s["steps"], num=attr_int(s["steps"]),
                 axis=attr_int(time_axis))
    ys = []
    for k, x_t in enumerate(xs):
        name = "step_%d" % k
        h_new, c_new = cell(body, s, w, x_t, h, c, name)
        if lengths is not None:
            step = body.const(k, types_pb2.DT_INT32, name + "/t")
            zeros = body.one("ZerosLike", [h_new], name + "/zeros")
            ys.append(masked(body, lengths, step, h_new, zeros, name + "/output"))
            h = masked(body, lengths, step, h_new, h, name + "/state_h")
            if s["mode"] == "lstm":
                c = masked(body, lengths, step, c_new, c, name + "/state_c")
        else:
            ys.append(h_new)
            h, c = h_new, c_new
    y = body.one("Pack", ys, "output", N=attr_int(len(ys)), axis=attr_int(time_axis))
    dim0 = body.const(0, types_pb2.DT_INT32, "state/axis")
    expand = {"Tdim": attr_type(types_pb2.DT_INT32)}
    scope.add_ret("output", y)
    scope.add_ret("output_h", body.one("ExpandDims", [h, dim0], "output_h", **expand))
    scope.add_ret("output_c", body.one("ExpandDims", [c, dim0], "output_c", **expand)
                  if s["mode"] == "lstm" else c_in)
    add_reserved(body, s)
    return export.add_function(scope)


def forward_function(export, op) -> str:
    """The name of the FunctionDef computing `op` (written once): the steps unrolled where
    their number is static, else a loop; Unsupported if it cannot be written."""
    s = spec(op)
    if s["steps"] is None or s["steps"] > UNROLL_MAX_STEPS:
        return export.cached_function(("fused_rnn", op),
                                      lambda: rnn_export_loop.forward_function(export, op, s))
    return export.cached_function(("fused_rnn", op), lambda: _unrolled_function(export, op, s))


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
    """TF's `SymbolicGradient` over the op's unrolled function, or a call of its loop's VJP
    function: one gradient per input."""
    try:
        fn = forward_function(ctx.export, op)
        s = spec(op)
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
    if s["steps"] is None or s["steps"] > UNROLL_MAX_STEPS:
        attrs["f"] = attr_func(ctx.export.cached_function(
            ("fused_rnn_vjp", op), lambda: rnn_export_loop.vjp_function(ctx.export, op, s)))
        for key in ("config", "config_proto", "executor_type"):
            attrs[key] = attr_value_pb2.AttrValue(s=b"")
        return scope.add("PartitionedCall", inputs, attrs, in_types,
                         ctx.name(scope, op, "PartitionedCall"))
    return scope.add("SymbolicGradient", inputs, attrs, in_types,
                     ctx.name(scope, op, "SymbolicGradient"))

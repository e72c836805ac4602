"""`tf.gradients` results in a GraphDef: the TF ops that compute them.

tfcompat computes a `Gradients` op with torch.autograd over the forward ops of the same run; TF has
no such op. Written out, the op becomes the reverse-mode graph TF runs: every forward op between
the xs and the ys gets its vector-Jacobian product (VJP),

- `SymbolicGradient` over the op itself (`f` names its type and attrs), which TF expands with its
  registered C++ gradient (`CXX_GRADIENTS`: the op types TF 2.21 has one for);
- written here from TF's gradient ops for common op types TF has no C++ gradient for
  (gradient_export_ops.py);
- for If/Case and While, the functional op over VJP functions (gradient_export_cf.py).

The results meet in an `IdentityN` named as the Gradients op, so its consumers (`gradients:0` in
`ApplyGradientDescent`) read them unchanged. That node carries the original op (`_tfcompat_node`,
a serialized NodeDef) and every node written for it names it (`_tfcompat_expansion_of`): tfcompat's
importer rebuilds the Gradients op itself (autograd in the same run) and skips the expansion.

Where TF cannot compute the gradient as tfcompat does (an op TF has no gradient for, a custom
gradient, a Jacobian, a branch or loop whose VJP would re-run random ops), the IdentityN passes
zeros gated on an `Assert` that fails with the reason, and export warns naming the op: the graph
stays valid for TF, and everything else in it runs there.
"""
from __future__ import annotations

import collections

import numpy as np

from tfcompat.io.export_attrs import EXPANSION_ATTR  # a node written for an op
from tfcompat.io.export_attrs import ORIGINAL_ATTR  # the op, as a NodeDef
from tfcompat.io import tensor_proto
from tfcompat.io.function_export import Value
from tfcompat.io.function_export import attr_type
from tfcompat.io.function_export import attr_types
from tfcompat.io.function_export import base_enum
from tfcompat.io.proto import attr_value_pb2
from tfcompat.io.proto import node_def_pb2
from tfcompat.io.proto import types_pb2
from tfcompat.framework import tf_gradient_kinds
from tfcompat.io import op_defs
from tfcompat.io.function_export import MainScope

FLOAT_TYPES = frozenset({types_pb2.DT_HALF, types_pb2.DT_BFLOAT16, types_pb2.DT_FLOAT,
                         types_pb2.DT_DOUBLE, types_pb2.DT_COMPLEX64, types_pb2.DT_COMPLEX128})

# Op types with a C++ gradient function in TF 2.21 (`REGISTER_OP_GRADIENT`), so that
# `SymbolicGradient` over them runs: found by instantiating SymbolicGradient for every op type
# tfcompat registers, in TF 2.21.
CXX_GRADIENTS = frozenset("""
Abs Acos Acosh Add AddV2 Asin Asinh Atan Atanh AvgPool BatchMatMulV2 BiasAdd BroadcastTo Cast
ConcatV2 Conj Conv2D Cos Cosh Div DivNoNan Exp ExpandDims Expm1 Fill GatherNd Identity Imag Log
Log1p LogSoftmax MatMul Max MaxPool Maximum Mean Min Minimum Mul Neg Pack Pow Real RealDiv
Reciprocal Relu Relu6 Reshape ReverseV2 Rsqrt Select Sigmoid Sign Sin Sinh Slice Softmax Split
SplitV Sqrt Square SquaredDifference Squeeze StridedSlice Sub Sum Tan Tanh Transpose Unpack Xdivy
Xlogy""".split())

# Op types no gradient flows through: those TF declares not differentiable (its registry,
# tf_gradient_kinds.py) and those whose TF gradient function gives None for every input
NO_GRADIENT = tf_gradient_kinds.NOT_DIFFERENTIABLE | frozenset("""
Const Equal Floor FloorDiv Greater GreaterEqual Less LessEqual LinSpace LogicalAnd LogicalNot
LogicalOr NotEqual OnesLike RandomUniform Range Rank Shape ShapeN Size StopGradient TruncateDiv
ZerosLike ArgMax ArgMin RandomStandardNormal TruncatedNormal RandomUniformInt Multinomial
Round Rint Ceil IsFinite IsInf IsNan Where Unique OneHot Placeholder VariableV2 VarHandleOp
""".split())

# Stateful op types a VJP function may re-run: recomputing them gives the forward values.
REPLAY_SAFE = frozenset("""
VariableV2 Variable VarHandleOp ReadVariableOp Identity Const Placeholder PlaceholderWithDefault
Assert Print PrintV2 CheckNumerics NoOp If StatelessIf While StatelessWhile Case StatelessCase
""".split())

__all__ = ["write_gradients", "original_node", "backprop"]


class Context:
    """One Gradients op being written: the graph export, what TF cannot compute, names."""

    def __init__(self, export, op):
        self.export = export
        self.op = op
        self.problems: list = []

    def name(self, scope, op, kind) -> str:
        base = "%s_grad/%s" % (op.name, kind)
        return ("%s/%s" % (self.op.name, base)) if not scope.is_function else base

    def problem(self, text) -> None:
        self.problems.append(text)


# -- small node helpers --------------------------------------------------------------------

def const(scope, value, enum, name) -> Value:
    array = np.asarray(value)
    proto = tensor_proto.make_tensor_proto(array, dtype=enum)
    attrs = {"dtype": attr_type(enum), "value": attr_value_pb2.AttrValue(tensor=proto)}
    return scope.add("Const", [], attrs, [enum], name)[0]


def unary(scope, op_type, value, name) -> Value:
    return scope.add(op_type, [value], {"T": attr_type(value.dtype)}, [value.dtype], name)[0]


def zeros_like(scope, value, name="zeros_like") -> Value:
    return unary(scope, "ZerosLike", value, name)


def add_n(scope, values, name) -> Value:
    if len(values) == 1:
        return values[0]
    attrs = {"N": attr_value_pb2.AttrValue(i=len(values)), "T": attr_type(values[0].dtype)}
    return scope.add("AddN", values, attrs, [values[0].dtype], name)[0]


def is_float(tensor) -> bool:
    return base_enum(tensor) in FLOAT_TYPES


# -- reverse mode over forward ops written in one scope --------------------------------------

def _consumers(tensor, ops):
    return [c for c in tensor.op._consumers if c in ops and tensor in c._inputs]


def _region(ops, seeds, wanted):
    """The ops of `ops` on a path from a wanted tensor to a seed, and the tensors reached."""
    reached, stack, forward = set(wanted), list(wanted), set()
    while stack:
        t = stack.pop()
        for op in _consumers(t, ops):
            if op not in forward:
                forward.add(op)
                for out in op._outputs:
                    reached.add(out)
                    stack.append(out)
    backward, stack = set(), [t.op for t in seeds if t.op in forward]
    while stack:
        op = stack.pop()
        if op in backward or op not in forward:
            continue
        backward.add(op)
        stack.extend(t.op for t in op._inputs)
    return sorted(backward, key=lambda o: o._id, reverse=True), reached


def backprop(ctx, scope, ops, seeds: dict, wanted) -> dict:
    """Cotangents of `wanted` tensors, given cotangent Values on `seeds` tensors, through the
    forward `ops` (already written in `scope`)."""
    # lazy: cycle: gradient_export_ops and graph_def write through this module
    from tfcompat.io import gradient_export_ops as vjps
    region, reached = _region(set(ops), list(seeds), wanted)
    cotangents = collections.defaultdict(list)
    for t, values in seeds.items():
        cotangents[t].extend(values)

    def total(t, op):
        values = cotangents.get(t)
        if not values:
            return None
        if len(values) > 1:
            cotangents[t] = [add_n(scope, values, ctx.name(scope, op, "AddN"))]
        return cotangents[t][0]

    for op in region:
        dys = [total(t, op) if is_float(t) else None for t in op._outputs]
        if all(d is None for d in dys):
            continue
        for t, grad in zip(op._inputs, vjps.vjp(ctx, scope, op, dys)):
            if grad is not None and t in reached and is_float(t):
                cotangents[t].append(grad)
    return {t: total(t, t.op) for t in wanted}


# -- the Gradients op ------------------------------------------------------------------------

def original_node(op):
    # lazy: cycle: gradient_export_ops and graph_def write through this module
    from tfcompat.io.graph_def import node_def_of
    return node_def_of(op, sort_controls=True)


def write_gradients(export, scope, op) -> None:
    """Writes the Gradients `op` into the main `scope` as TF ops (see the module docs)."""
    attrs = op._attrs
    n_ys, n_xs = int(attrs.get("n_ys", 1)), int(attrs.get("n_xs", 1))
    mask = list(attrs.get("grad_ys_mask") or [False] * n_ys)
    ys, xs = op._inputs[:n_ys], op._inputs[n_ys:n_ys + n_xs]
    given = iter(op._inputs[n_ys + n_xs:])
    ctx = Context(export, op)
    part = MainScope(export)
    if attrs.get("jacobian"):
        ctx.problem("'%s' is a Jacobian (tf.hessians), which tfcompat does not write as TF "
                    "ops" % op.name)
    if op.__dict__.get("_custom_specs"):
        ctx.problem("'%s' uses custom gradients (%s), which live in Python" % (
            op.name, ", ".join(sorted(s.op.name for s in op._custom_specs))))
    seeds = {}
    for y, has in zip(ys, mask + [False] * (n_ys - len(mask))):
        dy = part.value(next(given)) if has else unary(part, "OnesLike", part.value(y),
                                                       "%s/grad_ys" % op.name)
        if is_float(y):
            seeds.setdefault(y, []).append(dy)
    grads = []
    if not ctx.problems:
        found = backprop(ctx, part, set(export.main_ops()), seeds, list(xs))
        grads = [found.get(x) or zeros_like(part, part.value(x), "%s/zeros" % op.name)
                 for x in xs]
    if ctx.problems:
        part = MainScope(export)
        grads = _poisoned(ctx, part, xs)
        export.problems.extend("tf.gradients result '%s': %s" % (op.name, p)
                               for p in ctx.problems)
    grads = _gated(part, op, grads)
    for node in part.nodes:
        node.attr[EXPANSION_ATTR].s = op.name.encode()
    scope.nodes.extend(part.nodes)
    scope.nodes.append(_result_node(export, op, grads, part))


def _poisoned(ctx, scope, xs) -> list:
    """Zeros that run only after an Assert failing with why TF cannot compute them."""
    text = ("tfcompat wrote tf.gradients result '%s' without a TensorFlow equivalent: %s"
            % (ctx.op.name, "; ".join(dict.fromkeys(ctx.problems))))
    cond = const(scope, False, types_pb2.DT_BOOL, "%s/cannot_compute/false" % ctx.op.name)
    msg = const(scope, text.encode(), types_pb2.DT_STRING,
                "%s/cannot_compute/reason" % ctx.op.name)
    scope.add("Assert", [cond, msg], {"T": attr_types([types_pb2.DT_STRING]),
                                      "summarize": attr_value_pb2.AttrValue(i=3)},
              [], "%s/cannot_compute" % ctx.op.name)
    gate = "^" + scope.nodes[-1].name
    return [scope.add("ZerosLike", [scope.value(x)], {"T": attr_type(base_enum(x))},
                      [base_enum(x)], "%s/zeros" % ctx.op.name, [gate])[0] for x in xs]


def _gated(scope, op, grads) -> list:
    """The gradients, each released only once all are computed (TF1's `tuple`, as its optimizers
    gate gradients): an update applying one of them in place (ApplyAdam on a ref variable) must
    not run while the others still read the variable. The IdentityN alone does not hold them
    back: Grappler removes it and wires its consumers to its inputs."""
    if len(grads) < 2:
        return grads
    producers = sorted({"^" + g.ref.split(":")[0] for g in grads})
    scope.add("NoOp", [], {}, [], "%s/tuple/group_deps" % op.name, producers)
    control = "^" + scope.nodes[-1].name  # the NoOp just written
    return [scope.add("Identity", [g], {"T": attr_type(g.dtype)}, [g.dtype],
                      "%s/tuple/control_dependency" % op.name, [control])[0] for g in grads]


def _result_node(export, op, grads, part):
    node = node_def_pb2.NodeDef(name=op.name, op="IdentityN", device=op.device or "")
    node.input.extend(g.ref for g in grads)
    node.input.extend(sorted("^" + c.name for c in op._control_inputs))
    node.attr["T"].CopyFrom(attr_types([base_enum(t) for t in op._outputs]))
    node.attr[ORIGINAL_ATTR].s = original_node(op).SerializeToString(deterministic=True)
    if export.add_shapes:
        shapes = node.attr["_output_shapes"].list
        for t in op._outputs:
            shapes.shape.add().CopyFrom(op_defs.shape_proto(t.shape))
    return node

"""Running a traced dataset function on a chunk of stacked elements at once (a small `pfor`).

A function qualifies when every op on the way from its inputs to its outputs has a rule here:
elementwise ops (with TF's broadcasting only where the batch dimension cannot be misaligned),
casts, reshapes, transposes, expand/squeeze, reductions, concat/stack and one-hot, whose axes
or shapes are shifted past the new leading batch dimension; the host ops whose kernels take
any shape (DecodeRaw, StringToNumber, StringLength), and ParseSingleExample of fixed-shape dense
features, run as ParseExample would on the chunk's records. Ops that do not depend on the
element run unchanged. Anything else (stateful ops, other string ops, slicing, ...) keeps the
per-element plan, so results never change, only speed.

Errors: a chunk whose vectorized run fails (a record without a required feature, strings of
different sizes for DecodeRaw, an integer division by zero) is mapped again element by element,
so what the caller sees is what the per-element plan gives: the first failing element's own
error, or the results when only the whole-chunk form failed (every op here is pure, so running
the chunk again changes nothing).
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.client import plan as plan_lib
from tfcompat.client.state import StepContext
from tfcompat.data._runtime import as_host
from tfcompat.data._runtime import element_of
from tfcompat.data._runtime import stack_elements
from tfcompat.framework import tensor_shape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import parsing_ops

_UNARY = {
    "Neg", "Abs", "Sign", "Square", "Sqrt", "Rsqrt", "Exp", "Expm1", "Log", "Log1p", "Sin",
    "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh",
    "Sigmoid", "Floor", "Ceil", "Round", "Rint", "Reciprocal", "Erf", "Erfc", "IsNan", "IsInf",
    "IsFinite", "LogicalNot", "Cast", "Identity", "StopGradient", "Snapshot", "ZerosLike",
    "OnesLike", "Relu", "Relu6", "Elu", "Selu", "Softplus", "Softsign", "LeakyRelu",
}
_BINARY = {
    "AddV2", "Add", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "SquaredDifference", "Pow",
    "DivNoNan", "FloorDiv", "FloorMod", "TruncateDiv", "TruncateMod", "Div", "Equal",
    "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "LogicalAnd", "LogicalOr",
    "Atan2", "SelectV2",
}
_REDUCTIONS = {"Sum", "Mean", "Max", "Min", "Prod", "All", "Any", "ArgMax", "ArgMin"}
# host kernels that map every string of an input of any shape (a leading batch dimension is
# one more dimension to them)
_SHAPE_FREE = {"DecodeRaw", "StringToNumber", "StringLength"}


class _NotVectorizable(Exception):
    pass


def _rank(t):
    rank = t.shape.ndims
    if rank is None:
        raise _NotVectorizable(t.name)
    return rank


def _const(t):
    value = constant_value(t)
    if value is None:
        raise _NotVectorizable(t.name)
    return value


def _shifted_axes(axes, rank):
    return [int(a) % rank + 1 if rank else 0 for a in np.asarray(axes).reshape(-1)]


def _rule(op, batched):
    """(lower, args_fn) for `op` given which inputs are batched; raises _NotVectorizable."""
    kind = op.type
    if kind in _UNARY and batched[0]:
        return None
    if kind in _SHAPE_FREE and batched == [True]:
        return None
    if kind in _BINARY:
        ranks = [_rank(t) for t in op.inputs]
        top = max(r for r, b in zip(ranks, batched) if b)
        if any(b and r != top or (not b and r > top) for r, b in zip(ranks, batched)):
            raise _NotVectorizable(op.name)
        return None
    if kind == "Reshape" and batched == [True, False]:
        target = [int(d) for d in _const(op.inputs[1]).reshape(-1)]
        return lambda values: [values[0], torch.tensor([len(values[0])] + target)]
    if kind == "ExpandDims" and batched == [True, False]:
        axis = int(_const(op.inputs[1]).reshape(-1)[0])
        shifted = axis + 1 if axis >= 0 else axis
        return lambda values: [values[0], torch.tensor(shifted)]
    if kind == "Transpose" and batched == [True, False]:
        perm = _shifted_axes(_const(op.inputs[1]), _rank(op.inputs[0]))
        return lambda values: [values[0], torch.tensor([0] + perm)]
    if kind in _REDUCTIONS and batched == [True, False]:
        axes = _shifted_axes(_const(op.inputs[1]), _rank(op.inputs[0]))
        return lambda values: [values[0], torch.tensor(axes)]
    return _structural_rule(op, kind, batched)


def _structural_rule(op, kind, batched):
    if kind == "ConcatV2" and all(batched[:-1]) and not batched[-1]:
        axis = int(_const(op.inputs[-1])) % _rank(op.inputs[0]) + 1
        return lambda values: list(values[:-1]) + [torch.tensor(axis)]
    if kind == "OneHot" and batched == [True, False, False, False] and \
            op.get_attr("axis") == -1:
        return None
    raise _NotVectorizable(op.name)


def _attr_overrides(op, batched):
    """Attrs to change for ops whose axes are attrs (Squeeze, Pack)."""
    if op.type == "Squeeze" and batched == [True]:
        dims = op.get_attr("squeeze_dims")
        if not dims:
            raise _NotVectorizable(op.name)
        return {"squeeze_dims": tuple(d + 1 if d >= 0 else d for d in dims)}
    if op.type == "Pack" and all(batched):
        rank = _rank(op.outputs[0])
        return {"axis": op.get_attr("axis") % rank + 1}
    return None


def _parse_chunk_lowering(op, batched):
    """ParseSingleExample over a chunk of records: ParseExample's kernel on the vector, for
    dense features of fully defined shapes (their outputs gain the leading dimension)."""
    shapes = [tensor_shape.as_shape(s).as_list() for s in op.get_attr("dense_shapes")]
    if batched[1:] != [False] * (len(batched) - 1) or op.get_attr("num_sparse") or \
            any(s is None or None in s for s in shapes):
        raise _NotVectorizable(op.name)

    def lower(ctx, serialized, *dense_defaults, sparse_keys, dense_keys, sparse_types, Tdense,
              dense_shapes, **unused):
        return parsing_ops.parse_dense_chunk(ctx, serialized, dense_defaults, list(dense_keys),
                                             Tdense, dense_shapes)
    return lower


class _Step:
    __slots__ = ("op", "lower", "attrs", "args_fn", "inputs", "outputs", "batched", "static")


def _analyse(fn):
    feeds = set(fn.inputs) | set(fn.capture_placeholders)
    needed = plan_lib.needed_ops(fn.outputs, [], frozenset(feeds))
    order = plan_lib.order_ops(needed, frozenset(feeds))
    batched = {t: True for t in fn.inputs}
    batched.update({t: False for t in fn.capture_placeholders})
    static = set()  # tensors that depend on neither the element nor a captured value
    steps = []
    for op in order:
        d = op.op_def
        if d is None or d.lower is None or d.stateful or d.mutates or op._control_inputs:
            raise _NotVectorizable(op.name)
        flags = [batched[t] for t in op.inputs]
        step = _Step()
        step.op, step.inputs, step.outputs = op, list(op.inputs), list(op.outputs)
        step.batched = any(flags)
        step.args_fn, step.attrs = None, {k: op._attrs.get(k, v) for k, v in d.attrs.items()}
        step.lower = d.lower
        if step.batched and op.type == "ParseSingleExample":
            step.lower = _parse_chunk_lowering(op, flags)
        elif step.batched:
            overrides = _attr_overrides(op, flags)
            if overrides is not None:
                step.attrs.update(overrides)
            else:
                step.args_fn = _rule(op, flags)
        step.static = all(t in static for t in op.inputs)
        for t in op.outputs:
            batched[t] = step.batched
            if step.static:
                static.add(t)
        steps.append(step)
    return steps, [batched[t] for t in fn.outputs]


def vectorized_runner(fn):
    """A callable (env, chunk, captured) -> stacked outputs, or None if `fn` does not qualify."""
    if fn.returns_dataset or fn.stateful:
        return None
    if any(c.sparse or c.shape.ndims is None for c in fn.input_spec.components):
        return None
    if any(c.sparse for c in fn.output_spec.components):
        return None
    try:
        steps, out_batched = _analyse(fn)
    except _NotVectorizable:
        return None
    return _Runner(fn, steps, out_batched)


class _Runner:
    def __init__(self, fn, steps, out_batched):
        self.fn, self.steps, self.out_batched = fn, steps, out_batched
        self.static_values = None  # outputs of the static steps, computed on the first call

    def _contexts(self, env):
        key = ("tf.data vectorized contexts", self)
        ctxs = env.state.resources.get(key)
        if ctxs is None:
            cpu = torch.device("cpu")
            ctxs = [StepContext(s.op, cpu, env.state, env.session) for s in self.steps]
            env.state.resources[key] = ctxs
        return ctxs

    def __call__(self, env, chunk, captured):
        try:
            return self._vectorized(env, chunk, captured)
        except errors.OpError:
            return self._per_element(env, chunk, captured)

    def _per_element(self, env, chunk, captured):
        """The chunk mapped one element at a time, as the per-element plan maps it: the first
        failing element's error, or the stacked results."""
        results = []
        for i in range(len(chunk[0])):
            out = self.fn(env, list(element_of(chunk, i)), captured)
            results.append(tuple(as_host(v) for v in out))
        return list(stack_elements(results))

    def _vectorized(self, env, chunk, captured):
        values = dict(zip(self.fn.inputs, chunk))
        values.update(zip(self.fn.capture_placeholders, captured))
        first = self.static_values is None
        if not first:
            values.update(self.static_values)
        for step, ctx in zip(self.steps, self._contexts(env)):
            if step.static and not first:
                continue
            values.update(zip(step.outputs, self._run(step, ctx, values)))
        if first:
            self.static_values = {t: values[t] for s in self.steps if s.static
                                  for t in s.outputs}
        n = len(chunk[0])
        return [_broadcast(values[t], n) if not b else values[t]
                for t, b in zip(self.fn.outputs, self.out_batched)]

    @staticmethod
    def _run(step, ctx, values):
        args = [values[t] for t in step.inputs]
        if step.args_fn is not None:
            args = step.args_fn(args)
        try:
            out = step.lower(ctx, *args, **step.attrs)
        except errors.OpError:
            raise
        except Exception as e:  # noqa: BLE001 - reported as TF's error for this op
            raise errors.op_error(errors.InvalidArgumentError, step.op, "%s: %s (while running "
                                  "op '%s' (%s))" % (type(e).__name__, e, step.op.name,
                                                     step.op.type)) from e
        return out if isinstance(out, (tuple, list)) and len(step.outputs) != 1 else (out,)


def _broadcast(value, n):
    if isinstance(value, np.ndarray):
        return np.broadcast_to(value, (n,) + value.shape).copy()
    return value.expand((n,) + tuple(value.shape)).clone()

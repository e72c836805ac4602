"""Elementwise math: unary and binary ops with TF's broadcasting, integer division semantics,
comparisons, logical ops, casts and the Tensor operator overloads.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.operation import Tensor
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.ops import _dtype_dispatch
from tfcompat.ops import array_bitwise_ops
from tfcompat.ops._ragged_entry import ragged_entry
from tfcompat.ops import _dtype_support
from tfcompat.ops import _tf_arith
from tfcompat.ops import _tf_elementwise as _tf_elem
from tfcompat.ops import tensor_list_ops
from tfcompat.ops import math_grad


# -- dtype-specific kernels ------------------------------------------------------------------

_FLOATS = ("float16", "bfloat16", "float32", "float64")
_COMPLEX = ("complex64", "complex128")
_WIDE_UNSIGNED = ("uint16", "uint32", "uint64")


def _per_dtype(default, special):
    """`default`, with the functions of `special` (keys: a tuple of dtype names) for those
    dtypes; the op's lowering is bound to one of them per dtype (_dtype_dispatch)."""
    return default, {name: fn for names, fn in special.items() for name in names}


def _lowering(fn, make):
    """The lowering of `fn` (a function, or a `_per_dtype` pair) by `make(fn) -> lowering`."""
    if not isinstance(fn, tuple):
        return make(fn)
    default, special = fn
    return _dtype_dispatch.by_dtype(make(default), {k: make(f) for k, f in special.items()})


# -- unary ops: one torch call each ----------------------------------------------------

_UNARY = {
    "Neg": torch.neg, "Abs": _per_dtype(torch.abs, {_FLOATS: math_grad.abs}),
    "Sign": _per_dtype(torch.sign, {_FLOATS: _tf_elem.float_sign,
                                    _COMPLEX: _tf_elem.complex_sign}),
    "Square": torch.square,
    "Sqrt": math_grad.sqrt, "Rsqrt": math_grad.rsqrt, "Exp": torch.exp, "Expm1": torch.expm1,
    "Log": torch.log, "Log1p": torch.log1p, "Sin": torch.sin, "Cos": torch.cos,
    "Tan": torch.tan, "Asin": torch.asin, "Acos": torch.acos, "Atan": torch.atan,
    "Sinh": torch.sinh, "Cosh": torch.cosh, "Tanh": torch.tanh, "Asinh": torch.asinh,
    "Acosh": math_grad.acosh, "Atanh": torch.atanh,
    "Sigmoid": _per_dtype(torch.sigmoid, {("float16",): math_grad.half_sigmoid,
                                          ("float32", "float64"): math_grad.sigmoid}),
    "Floor": torch.floor, "Ceil": torch.ceil, "Round": torch.round, "Rint": torch.round,
    "Reciprocal": math_grad.reciprocal, "Erf": torch.erf, "Erfc": torch.erfc,
    "Lgamma": math_grad.lgamma, "Digamma": math_grad.digamma, "Conj": torch.conj_physical,
}
_UNARY_TO_BOOL = {"IsNan": torch.isnan, "IsInf": torch.isinf, "IsFinite": torch.isfinite}
# TF's gradient of these is None (a gradient function returning None, or NotDifferentiable).
_NO_GRADIENT = frozenset({"Floor", "Ceil", "Round", "Rint", "FloorDiv", "TruncateDiv"})


def _bool_infer(op, x, **attrs):
    return [(dtypes.bool, x.shape)]


def _register_unary(op_type, fn, infer=shape_rules.same_shape, differentiable=True):
    register_op(op_type, inputs=("x: T",), infer=infer, differentiable=differentiable)(
        _lowering(fn, lambda f: lambda ctx, x: f(x)))


for _type, _fn in _UNARY.items():
    _register_unary(_type, _fn, differentiable=_type not in _NO_GRADIENT)
for _type, _fn in _UNARY_TO_BOOL.items():
    _register_unary(_type, _fn, _bool_infer, differentiable=False)
_register_unary("LogicalNot", torch.logical_not, differentiable=False)


def _real_part_infer(op, x, *, Tout):
    return [(Tout, x.shape)]


# complex -> real: the output dtype is the `Tout` attr (TF's wrappers pass the real dtype)
for _type, _fn in (("Real", torch.real), ("Imag", torch.imag)):
    register_op(_type, inputs=("input: T",), infer=_real_part_infer,
                attrs={"Tout": dtypes.float32})(
        lambda ctx, x, Tout, _fn=_fn: _fn(x).to(Tout.torch_dtype))


@register_op("ComplexAbs", inputs=("x: T",), infer=_real_part_infer,
             attrs={"Tout": dtypes.float32})
def _lower_complex_abs(ctx, x, Tout):
    # NOTE: TF's kernel is registered by T only and checks Tout when it runs.
    real = dtypes.as_dtype(x.dtype).real_dtype
    if Tout != real:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Signature mismatch, have: %s->%s expected: %s->%s"
                              % (dtypes.as_dtype(x.dtype).name, shape_rules.cpp_type_name(Tout),
                                 dtypes.as_dtype(x.dtype).name, shape_rules.cpp_type_name(real)))
    return torch.abs(x)


# -- binary ops --------------------------------------------------------------------------

def _pow(x, y):
    if not (x.is_floating_point() or x.is_complex()) and bool((y < 0).any()):
        raise ValueError("Integers to negative integer powers are not allowed")
    return math_grad.pow(x, y)


def _div_no_nan(x, y):
    return torch.where(y == 0, torch.zeros_like(x), x / torch.where(y == 0, torch.ones_like(y), y))


def _xdivy(x, y):
    # y replaced where x == 0, so the unused branch's gradient is 0 there, as TF's is
    zero = x == 0
    return torch.where(zero, torch.zeros_like(x), x / torch.where(zero, torch.ones_like(y), y))


def _unsigned_compare(fn):
    # NOTE: torch has no comparison kernels for uint16/32/64: compare order-preserving int64
    # keys (uint64 with its top bit flipped), exact over the whole range.
    return lambda x, y: fn(_tf_arith.order_key(x), _tf_arith.order_key(y))


def _string_compare(torch_fn, numpy_fn):
    return _dtype_support.string_or(torch_fn, numpy_fn)


_BINARY = {
    "AddV2": _per_dtype(torch.add, {_COMPLEX: _tf_elem.complex_add}),
    "Sub": _per_dtype(torch.sub, {_COMPLEX: _tf_elem.complex_sub}), "Mul": torch.mul,
    "Add": _per_dtype(torch.add, {_COMPLEX: _tf_elem.complex_add,
                                  ("string",): _dtype_support.string_concat}),
    "RealDiv": torch.true_divide, "Maximum": _tf_arith.ordered(math_grad.maximum),
    "Minimum": _tf_arith.ordered(math_grad.minimum),
    "SquaredDifference": _per_dtype(lambda x, y: torch.square(x - y),
                                    {_COMPLEX: _tf_elem.complex_squared_difference}),
    "Atan2": math_grad.atan2, "Pow": _pow, "DivNoNan": _div_no_nan,
    "Xlogy": _per_dtype(_dtype_support.xlogy, {_FLOATS: math_grad.xlogy}), "Xdivy": _xdivy,
    # NOTE: TF's division semantics (float floor(x / y), INT_MIN / -1, zero divisors, the
    # FloorMod gradient) live in _tf_arith, shared with the reductions.
    "FloorDiv": _tf_arith.checked_division(_tf_arith.floor_div),
    "FloorMod": _tf_arith.checked_division(_tf_arith.floor_mod),
    "TruncateDiv": _tf_arith.checked_division(_tf_arith.truncate_div, "internal"),
    "TruncateMod": _tf_arith.checked_division(_tf_arith.truncate_mod, "internal"),
    "Div": _tf_arith.checked_division(_tf_arith.legacy_div),
}
_COMPARE = {
    "Equal": _per_dtype(torch.eq, {("string",): _string_compare(
        torch.eq, _dtype_support.string_equal)}),
    "NotEqual": _per_dtype(torch.ne, {("string",): _string_compare(
        torch.ne, _dtype_support.string_not_equal)}),
}
_COMPARE.update((name, _per_dtype(fn, {_WIDE_UNSIGNED: _unsigned_compare(fn)})) for name, fn in (
    ("Less", torch.lt), ("LessEqual", torch.le), ("Greater", torch.gt),
    ("GreaterEqual", torch.ge)))
_LOGICAL = {"LogicalAnd": torch.logical_and, "LogicalOr": torch.logical_or}


def _plain_binary(fn):
    return lambda ctx, x, y: fn(x, y)


for _type, _fn in _BINARY.items():
    _lower = _fn if _type in ("FloorDiv", "FloorMod", "TruncateDiv", "TruncateMod", "Div") \
        else _lowering(_fn, _plain_binary)
    register_op(_type, inputs=("x: T", "y: T"), infer=shape_rules.binary_broadcast,
                differentiable=_type not in _NO_GRADIENT)(_lower)
for _type, _fn in _COMPARE.items():
    register_op(_type, inputs=("x: T", "y: T"), infer=shape_rules.binary_compare,
                attrs={"incompatible_shape_error": True}, differentiable=False)(
        _lowering(_fn, lambda f: lambda ctx, x, y, incompatible_shape_error=True: f(x, y)))
for _type, _fn in _LOGICAL.items():
    register_op(_type, inputs=("x: bool", "y: bool"), infer=shape_rules.binary_compare,
                differentiable=False)(
        _plain_binary(_fn))


def _add_n_infer(op, *inputs, **attrs):
    # TF merges from the last input back, naming the input that failed to merge
    dims = None
    for i in range(len(inputs) - 1, -1, -1):
        shape = inputs[i].shape
        try:
            dims = _merged_dims(None if shape.ndims is None else shape.as_list(), dims)
        except ValueError as e:
            raise shape_rules.shape_error("%s\n\tFrom merging shape %d with other shapes."
                                          % (e, i), op, list(inputs)) from None
    return [(inputs[0].dtype.base_dtype, tensor_shape.TensorShape(dims))]


def _merged_dims(a, b):
    """InferenceContext::Merge of two dim lists (None: unknown rank), with TF's texts."""
    if a is None or b is None:
        return b if a is None else a
    if len(a) != len(b):
        raise ValueError("Shapes must be equal rank, but are %d and %d" % (len(a), len(b)))
    for i, (p, q) in enumerate(zip(a, b)):
        if p is not None and q is not None and p != q:
            raise ValueError("Dimension %d in both shapes must be equal, but are %d and %d. "
                             "Shapes are %s and %s." % (i, p, q, shape_rules.dims_text(a),
                                                        shape_rules.dims_text(b)))
    return [q if p is None else p for p, q in zip(a, b)]


def _lower_add_n(ctx, *inputs):
    out = inputs[0]
    for x in inputs[1:]:
        out = out + x
    return out


register_op("AddN", inputs=("inputs: N*T",), infer=_add_n_infer)(_dtype_dispatch.by_dtype(
    _lower_add_n, {**{name: lambda ctx, *inputs: _tf_elem.complex_add_n(*inputs)
                      for name in _COMPLEX},
                   "variant": tensor_list_ops.add_lists}))   # TensorLists (their gradients)


# -- Cast ---------------------------------------------------------------------------------

def _cast_infer(op, x, *, DstT, Truncate=False):
    return [(DstT, x.shape)]


def _lower_cast(ctx, x, *, DstT, Truncate=False):
    target = DstT.torch_dtype
    if target is None:  # string, variant, resource: TF has no cast kernel to them either
        raise _cast_unsupported(ctx, dtypes.from_torch(x.dtype), DstT)
    return x.to(target)


def _lower_cast_string(ctx, x, *, DstT, Truncate=False):
    if DstT == dtypes.string:
        return x
    raise _cast_unsupported(ctx, dtypes.string, DstT)


def _cast_unsupported(ctx, src, dst):
    return errors.op_error(errors.UnimplementedError, ctx.op, "Cast %s to %s is not supported"
                           % (shape_rules.cpp_type_name(src), shape_rules.cpp_type_name(dst)))


register_op("Cast", inputs=("x: SrcT",), infer=_cast_infer,
            attrs={"DstT": None, "Truncate": False})(
    _dtype_dispatch.by_dtype(_lower_cast, {"string": _lower_cast_string}))


# -- public functions ---------------------------------------------------------------------

def _unary_fn(op_type, doc_name):
    def fn(x, name=None):
        return apply_op(op_type, [x], name=name)
    fn.__name__ = doc_name
    fn.__doc__ = "TF1 `tf.%s`: elementwise %s." % (doc_name, op_type)
    return ragged_entry(fn)


negative = _unary_fn("Neg", "negative")
@ragged_entry
def abs(x, name=None):  # noqa: A001 - TF's name
    """TF1 `tf.abs`: elementwise |x|; of a complex tensor, its real magnitude (ComplexAbs)."""
    with name_scope(name, "Abs", [x]) as name:
        x = convert_to_tensor(x, name="x")
        if x.dtype.is_complex:
            return apply_op("ComplexAbs", [x], name=name, Tout=x.dtype.real_dtype)
        return apply_op("Abs", [x], name=name)


sign = _unary_fn("Sign", "sign")
square = _unary_fn("Square", "square")
sqrt = _unary_fn("Sqrt", "sqrt")
rsqrt = _unary_fn("Rsqrt", "rsqrt")
exp = _unary_fn("Exp", "exp")
expm1 = _unary_fn("Expm1", "expm1")
log = _unary_fn("Log", "log")
log1p = _unary_fn("Log1p", "log1p")
sin = _unary_fn("Sin", "sin")
cos = _unary_fn("Cos", "cos")
tan = _unary_fn("Tan", "tan")
asin = _unary_fn("Asin", "asin")
acos = _unary_fn("Acos", "acos")
atan = _unary_fn("Atan", "atan")
sinh = _unary_fn("Sinh", "sinh")
cosh = _unary_fn("Cosh", "cosh")
tanh = _unary_fn("Tanh", "tanh")
asinh = _unary_fn("Asinh", "asinh")
acosh = _unary_fn("Acosh", "acosh")
atanh = _unary_fn("Atanh", "atanh")
sigmoid = _unary_fn("Sigmoid", "sigmoid")
floor = _unary_fn("Floor", "floor")
ceil = _unary_fn("Ceil", "ceil")
_round_op = _unary_fn("Round", "round")


@ragged_entry
def round(x, name=None):  # noqa: A001 - TF's name
    """TF1 `tf.round`: elementwise round half to even; an integer tensor is returned as is
    (TF has no CPU kernel for Round of int8/int16)."""
    x = convert_to_tensor(x, name="x")
    return x if x.dtype.is_integer else _round_op(x, name=name)
rint = _unary_fn("Rint", "rint")
reciprocal = _unary_fn("Reciprocal", "reciprocal")
erf = _unary_fn("Erf", "erf")
erfc = _unary_fn("Erfc", "erfc")
lgamma = _unary_fn("Lgamma", "lgamma")
digamma = _unary_fn("Digamma", "digamma")
is_nan = _unary_fn("IsNan", "is_nan")
is_inf = _unary_fn("IsInf", "is_inf")
is_finite = _unary_fn("IsFinite", "is_finite")
logical_not = _unary_fn("LogicalNot", "logical_not")
_conj_op = _unary_fn("Conj", "conj")


def real(input, name=None):  # noqa: A002 - TF's argument name
    """TF1 `tf.real`: the real part of a complex tensor; a real tensor is returned as is."""
    with name_scope(name, "Real", [input]) as name:
        x = convert_to_tensor(input, name="input")
        if not x.dtype.is_complex:
            return x
        return apply_op("Real", [x], name=name, Tout=x.dtype.real_dtype)


def imag(input, name=None):  # noqa: A002 - TF's argument name
    """TF1 `tf.imag`: the imaginary part of a complex tensor (zeros for a real tensor)."""
    with name_scope(name, "Imag", [input]) as name:
        x = convert_to_tensor(input, name="input")
        if not x.dtype.is_complex:
            # lazy: cycle: array and reduction ops build on math ops
            from tfcompat.ops.array_ops_join import zeros_like
            return zeros_like(x)
        return apply_op("Imag", [x], name=name, Tout=x.dtype.real_dtype)


def conj(x, name=None):
    """TF1 `tf.conj`: the complex conjugate; a real numeric tensor is returned as is."""
    with name_scope(name, "Conj", [x]) as name:
        x = convert_to_tensor(x, name="x")
        if x.dtype.is_complex or x.dtype == dtypes.variant:
            return _conj_op(x, name=name)
        if x.dtype.is_numeric:
            return x
        raise TypeError("Expected numeric or variant tensor, got dtype %r." % x.dtype)


def _binary_fn(op_type, doc_name, default_name=None):
    def fn(x, y, name=None):
        return apply_op(op_type, [x, y], name=name or default_name or op_type)
    fn.__name__ = doc_name
    fn.__doc__ = "TF1 `tf.%s`: elementwise %s with broadcasting." % (doc_name, op_type)
    return ragged_entry(fn)


@ragged_entry
def add(x, y, name=None):
    """TF1 `tf.add`: x + y elementwise with broadcasting (`AddV2`; `Add` concatenates strings).

    >>> print(tf.add(3, 5))
    Tensor("Add:0", shape=(), dtype=int32)
    """
    with name_scope(name, "Add", [x, y]) as name:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype_hint=x.dtype.base_dtype, name="y")
        return apply_op("Add" if x.dtype == dtypes.string else "AddV2", [x, y], name=name)


subtract = _binary_fn("Sub", "subtract")
multiply = _binary_fn("Mul", "multiply")
realdiv = _binary_fn("RealDiv", "realdiv")
floordiv_op = _binary_fn("FloorDiv", "floordiv")
floormod = _binary_fn("FloorMod", "floormod")
truncatediv = _binary_fn("TruncateDiv", "truncatediv")
truncatemod = _binary_fn("TruncateMod", "truncatemod")
maximum = _binary_fn("Maximum", "maximum")
minimum = _binary_fn("Minimum", "minimum")
squared_difference = _binary_fn("SquaredDifference", "squared_difference")
atan2 = _binary_fn("Atan2", "atan2")
xlogy = _binary_fn("Xlogy", "xlogy")


def xdivy(x, y, name=None):
    """TF1 `tf.math.xdivy`: x / y, 0 where x is 0 (the op under an `xdivy` scope, as TF)."""
    with name_scope(name, "xdivy", [x]):
        return apply_op("Xdivy", [x, y])


equal = _binary_fn("Equal", "equal")
not_equal = _binary_fn("NotEqual", "not_equal")
less = _binary_fn("Less", "less")
less_equal = _binary_fn("LessEqual", "less_equal")
greater = _binary_fn("Greater", "greater")
greater_equal = _binary_fn("GreaterEqual", "greater_equal")
logical_and = _binary_fn("LogicalAnd", "logical_and")
logical_or = _binary_fn("LogicalOr", "logical_or")
mod = floormod


@ragged_entry
def pow(x, y, name=None):  # noqa: A001 - TF's name
    """TF1 `tf.pow`: x ** y elementwise."""
    with name_scope(name, "Pow", [x, y]) as name:
        return apply_op("Pow", [x, y], name=name)


def logical_xor(x, y, name="LogicalXor"):
    with name_scope(name, "LogicalXor", [x, y]) as name:
        return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


@ragged_entry
def floordiv(x, y, name=None):
    """TF1 `tf.floordiv` (the `//` operator): rounds toward negative infinity."""
    with name_scope(name, "floordiv", [x, y]) as name:
        return apply_op("FloorDiv", [x, y], name=name)


floor_div = floordiv_op  # TF's tf.floor_div is the generated op: named FloorDiv


def _truediv_cast(dtype):
    return {dtypes.int8: dtypes.float32, dtypes.uint8: dtypes.float32,
            dtypes.int16: dtypes.float32, dtypes.uint16: dtypes.float32,
            dtypes.int32: dtypes.float64, dtypes.int64: dtypes.float64,
            dtypes.uint32: dtypes.float64, dtypes.uint64: dtypes.float64}.get(dtype)


_TRUEDIV_DTYPES = (dtypes.uint8, dtypes.int8, dtypes.uint16, dtypes.int16, dtypes.uint32,
                   dtypes.int32, dtypes.uint64, dtypes.int64, dtypes.bfloat16, dtypes.float16,
                   dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128)


@ragged_entry
def truediv(x, y, name=None):
    """TF1 `tf.truediv`: integers are cast to floats first (int32 -> float64), as in Python 3."""
    with name_scope(name, "truediv", [x, y]) as name:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype_hint=x.dtype.base_dtype, name="y")
        if x.dtype.base_dtype != y.dtype.base_dtype:
            raise TypeError("`x` and `y` must have the same dtype, got %r != %r."
                            % (x.dtype.base_dtype, y.dtype.base_dtype))
        if x.dtype.base_dtype not in _TRUEDIV_DTYPES:
            raise TypeError("Invalid dtype %r in __truediv__. Expected one of {%s}."
                            % (x.dtype.base_dtype, ", ".join(map(repr, _TRUEDIV_DTYPES))))
        target = _truediv_cast(x.dtype.base_dtype)
        if target is not None:
            x, y = cast(x, target), cast(y, target)
        return apply_op("RealDiv", [x, y], name=name)


@ragged_entry
def div_no_nan(x, y, name=None):
    """TF1 `tf.div_no_nan`: x / y, 0 where y is 0 (integers cast as `truediv` casts them)."""
    with name_scope(name, "div_no_nan", [x, y]) as name:
        if not isinstance(x, Tensor) and isinstance(y, Tensor):
            y = convert_to_tensor(y, name="y")
            x = convert_to_tensor(x, dtype=y.dtype.base_dtype, name="x")
        else:
            x = convert_to_tensor(x, name="x")
            y = convert_to_tensor(y, dtype_hint=x.dtype.base_dtype, name="y")
        if x.dtype.base_dtype != y.dtype.base_dtype:
            raise TypeError("`x` and `y` must have the same dtype, got %r != %r."
                            % (x.dtype.base_dtype, y.dtype.base_dtype))
        if x.dtype.base_dtype not in _TRUEDIV_DTYPES:
            raise TypeError("Invalid dtype %r in tf.math.divide_no_nan. Expected one of {%s}."
                            % (x.dtype.base_dtype, ", ".join(map(repr, _TRUEDIV_DTYPES))))
        target = _truediv_cast(x.dtype.base_dtype)
        if target is not None:
            x, y = cast(x, target), cast(y, target)
        return apply_op("DivNoNan", [x, y], name=name)


@ragged_entry
def divide(x, y, name=None):
    """TF1 `tf.divide`: `x / y` with Python 3 semantics (see `truediv`)."""
    if name is not None:
        return truediv(x, y, name=name)
    return truediv(x, y)


@ragged_entry
def div(x, y, name=None):
    """TF1 `tf.div`: Python 2 semantics (floor division for integers)."""
    with name_scope(name, "div", [x, y]) as name:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype_hint=x.dtype.base_dtype)
        if x.dtype.is_floating or x.dtype.is_complex:
            return apply_op("RealDiv", [x, y], name=name)
        return apply_op("FloorDiv", [x, y], name=name)


@ragged_entry
def add_n(inputs, name=None):
    """TF1 `tf.add_n`: sums a list of tensors of the same shape and dtype."""
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError("inputs must be a list of at least one Tensor/IndexedSlices with the "
                         "same dtype and shape")
    # TF converts the inputs where add_n is called, before the op's name scope: a list becomes
    # `Const`, a resource variable's read is `ReadVariableOp` (not `AddN/inputs_0`)
    inputs = [x if isinstance(x, IndexedSlices) else convert_to_tensor(x) for x in inputs]
    if len(inputs) == 1:  # TF returns the one input itself, unless a name asks for an op
        values = convert_to_tensor(inputs[0])
        if name:
            # lazy: cycle: array and reduction ops build on math ops
            from tfcompat.ops.array_ops import identity
            return identity(values, name=name)
        return values
    return apply_op("AddN", [list(inputs)], name=name or "AddN")


@ragged_entry
def cast(x, dtype, name=None):
    """TF1 `tf.cast`: casts to `dtype` (floats to integers truncate toward zero)."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    if isinstance(x, Tensor) and x.dtype == dtype:  # before the scope: no name is used up
        return x
    if getattr(x, "_should_act_as_resource_variable", False) and x.dtype == dtype:
        return x   # TF's: a resource variable is read where it is used, not here
    with name_scope(name, "Cast", [x]) as name:
        if isinstance(x, SparseTensor):
            return SparseTensor(x.indices, cast(x.values, dtype, name=name), x.dense_shape)
        if hasattr(x, "values") and hasattr(x, "indices") and hasattr(x, "dense_shape"):
            return x.__class__(cast(x.values, dtype, name=name), x.indices, x.dense_shape)
        x = convert_to_tensor(x, name="x")
        if x.dtype == dtype:
            return x
        return apply_op("Cast", [x], name=name, DstT=dtype, Truncate=False)


@ragged_entry
def saturate_cast(value, dtype, name=None):
    """TF's `tf.saturate_cast` (2.x): clamps into the limits of `dtype` that the input's dtype can
    represent (a limit that rounds past the target's range steps back towards 0) as `clamp`,
    then casts. `clamp` is Minimum then Maximum (TF's ClipByValue, same values and gradients)."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    with name_scope(name, "saturate_cast", [value]) as name:
        value = convert_to_tensor(value, name="value")
        src = value.dtype.base_dtype
        if src.is_complex and dtype.is_complex:   # each part clamped where the range shrinks
            if src.real_dtype.max > dtype.real_dtype.max:
                # lazy: cycle: math_ops_extra builds on this module
                from tfcompat.ops.math_ops_extra import complex as make_complex
                with name_scope("clamp"):
                    value = make_complex(_clamp(real(value), src.real_dtype, dtype.real_dtype),
                                         _clamp(imag(value), src.real_dtype, dtype.real_dtype))
            return cast(value, dtype, name=name)
        if src.is_complex:   # TF: the imaginary part is discarded
            value, src = real(value), src.real_dtype
        with name_scope("clamp") as clamp:
            value = _clamp(value, src, dtype.real_dtype, clamp)
        return cast(value, dtype, name=name)


def _clamp(value, src, dst, name=None):
    lo, hi = _saturate_limits(src, dst)
    value = minimum(value, convert_to_tensor(hi, dtype=src))
    return maximum(value, convert_to_tensor(lo, dtype=src), name=name)


def _saturate_limits(src, dst):
    np_dtype = src.as_numpy_dtype
    try:
        promoted = np.promote_types(np_dtype, dst.as_numpy_dtype)
    except TypeError:
        promoted = float
    lo = np_dtype(np.maximum(src.min, dst.min))
    pair = np.array([lo, dst.min], dtype=promoted)
    if pair[0] < pair[1]:
        lo = np.nextafter(lo, np_dtype(0), dtype=np_dtype)
    hi = np_dtype(np.minimum(float(src.max), float(dst.max)))
    pair = np.array([hi, dst.max], dtype=promoted)
    if pair[0] > pair[1]:
        hi = np.nextafter(hi, np_dtype(0), dtype=np_dtype)
    return lo, hi


def to_float(x, name="ToFloat"):
    return cast(x, dtypes.float32, name=name)


def to_double(x, name="ToDouble"):
    return cast(x, dtypes.float64, name=name)


def to_int32(x, name="ToInt32"):
    return cast(x, dtypes.int32, name=name)


def to_int64(x, name="ToInt64"):
    return cast(x, dtypes.int64, name=name)


def to_bfloat16(x, name="ToBFloat16"):
    return cast(x, dtypes.bfloat16, name=name)


def scalar_mul(scalar, x, name=None):
    """TF1 `tf.scalar_mul`: `scalar` (converted as `scalar`, outside any scope) times `x`."""
    scalar = convert_to_tensor(scalar, dtype=x.dtype.base_dtype, name="scalar")
    if scalar.shape.ndims != 0:
        raise ValueError("The input scalar must be a 0-D value. Received shape %s."
                         % scalar.shape)
    if hasattr(x, "indices") and hasattr(x, "dense_shape") and hasattr(x, "values"):
        return x.__class__(apply_op("Mul", [scalar, x.values], name=name or "Mul"),
                           x.indices, x.dense_shape)
    return apply_op("Mul", [scalar, x], name=name or "Mul")


# -- Tensor operator overloads (TF's OVERLOADABLE_OPERATORS) -----------------------------

def _convert_other(other, tensor, name):
    # NOTE: a Tensor operand keeps its dtype, so a mismatch is the op's TypeError, as in TF.
    if isinstance(other, Tensor):
        return other
    return convert_to_tensor(other, dtype=tensor.dtype.base_dtype, name=name)


def _binary_overload(fn, op_name, reverse=False):
    """TF's operator wrappers (override_binary_operator.py): `x <op> y` hands `y` to the op
    function as it is, so a Python value of the wrong type is the op's TypeError naming its
    parameter ("Expected int32 passed to parameter 'y' of op 'Mul', ..."); failing that, y's
    own reflected operator is tried. `y <op> x` converts y to x's dtype first, named "x"."""
    def forward(self, other):
        with name_scope(None, op_name, [self, other]) as name:
            try:
                return fn(self, other, name=name)
            except (TypeError, ValueError) as error:
                result = _reflected(other, op_name, self)
                if result is NotImplemented:
                    raise
                if isinstance(result, Exception):
                    raise error from None
                return result

    def backward(self, other):
        with name_scope(None, op_name, [self, other]) as name:
            other = _convert_other(other, self, "x")
            return fn(other, self, name=name)

    return backward if reverse else forward


def _reflected(other, op_name, tensor):
    """`other.__r<op>__(tensor)` when other's type has it: its result, NotImplemented when it
    has none or declines, or the TypeError/ValueError it raised."""
    method = getattr(type(other), "__r%s__" % op_name, None)
    if method is None or isinstance(other, Tensor):
        return NotImplemented
    try:
        return method(other, tensor)
    except (TypeError, ValueError) as error:
        return error


def _mul_dispatch(x, y, name=None):
    # NOTE: TF's `*` multiplies bool tensors as int32 and casts back (Mul has no bool kernel).
    if x.dtype.base_dtype == dtypes.bool and not isinstance(y, Tensor):
        y = convert_to_tensor(y, dtype=dtypes.bool, name="y")
    if x.dtype.base_dtype == dtypes.bool or (isinstance(y, Tensor)
                                             and y.dtype.base_dtype == dtypes.bool):
        product = multiply(cast(x, dtypes.int32), cast(y, dtypes.int32), name=name)
        return cast(product, dtypes.bool)
    return multiply(x, y, name=name)


def _logical_or_bitwise(logical, bitwise_name):
    """TF's `&`, `|`, `^` (math_ops.and_/or_/xor_): the logical op of a bool x, else the bitwise
    op, unnamed inside the operator's scope ("and/BitwiseAnd"), whose dtype check gives TF's
    TypeError for a float x."""
    def dispatch(x, y, name=None):
        if x.dtype.base_dtype == dtypes.bool:
            return logical(x, y, name=name)
        return getattr(array_bitwise_ops, bitwise_name)(x, y)
    return dispatch


_and_dispatch = _logical_or_bitwise(logical_and, "bitwise_and")
_or_dispatch = _logical_or_bitwise(logical_or, "bitwise_or")
_xor_dispatch = _logical_or_bitwise(logical_xor, "bitwise_xor")


def _invert_dispatch(x):
    """TF's `~x` (math_ops.invert_): LogicalNot of a bool tensor, else the bitwise Invert."""
    if x.dtype.base_dtype == dtypes.bool:
        return logical_not(x)
    return array_bitwise_ops.invert(x)


_OVERLOADS = {
    "add": (add, "add"), "sub": (subtract, "sub"), "mul": (_mul_dispatch, "mul"),
    "truediv": (truediv, "truediv"), "div": (div, "div"), "floordiv": (floordiv, "floordiv"),
    "mod": (floormod, "mod"), "pow": (pow, "pow"), "and": (_and_dispatch, "and"),
    "or": (_or_dispatch, "or"), "xor": (_xor_dispatch, "xor"),
}
for _key, (_fn, _name) in _OVERLOADS.items():
    Tensor._override_operator("__%s__" % _key, _binary_overload(_fn, _name))
    Tensor._override_operator("__r%s__" % _key, _binary_overload(_fn, _name, reverse=True))
for _key, _fn in (("lt", less), ("le", less_equal), ("gt", greater), ("ge", greater_equal)):
    Tensor._override_operator("__%s__" % _key, lambda self, other, _fn=_fn: _fn(self, other))
Tensor._override_operator("__neg__", lambda self: negative(self))
Tensor._override_operator("__abs__", lambda self: abs(self))
Tensor._override_operator("__invert__", lambda self: _invert_dispatch(self))

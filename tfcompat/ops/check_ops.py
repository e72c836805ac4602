"""The `tf.assert_*` / `tf.debugging` family and `tf.check_numerics`.

As in TF, each assert checks what it can while the graph is built (constant inputs, static ranks
and dtypes) and otherwise adds an `Assert` op whose failure is an `InvalidArgumentError`
with TF's text (`assertion failed: [Condition x == y did not hold element-wise:] ...`).
`check_numerics` adds a `CheckNumerics` op ("<message> : Tensor had NaN values"), also checking
the gradient that flows back through it.
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.operation import Tensor
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import get_static_value
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops.control_flow_ops import Assert
from tfcompat.framework import tensor_shape
from tfcompat.ops.control_flow_ops import group
from tfcompat.ops.control_flow_ops import with_dependencies
from tfcompat.ops._ragged_entry import ragged_entry

__all__ = ["assert_equal", "assert_none_equal", "assert_less", "assert_less_equal",
           "assert_greater", "assert_greater_equal", "assert_negative", "assert_positive",
           "assert_non_negative", "assert_non_positive", "assert_near", "assert_rank",
           "assert_rank_at_least", "assert_rank_in", "assert_integer", "assert_type",
           "assert_scalar", "assert_proper_iterable", "assert_same_float_dtype",
           "is_numeric_tensor", "is_non_decreasing", "is_strictly_increasing", "check_numerics",
           "add_check_numerics_ops", "verify_tensor_all_finite", "ensure_shape"]


def _message_prefix(message):
    return "%s.  " % message if message else ""


def _assert_static(condition, data):
    if not condition:
        texts = []
        for x in data:
            if isinstance(x, Tensor):
                value = get_static_value(x)
                texts.append(str(value) if value is not None else str(x))
            else:
                texts.append(str(x))
        raise errors.InvalidArgumentError(None, None, "\n".join(texts))


def _no_op(name=None):
    return array_ops.no_op(name=name)


# -- binary element-wise asserts --------------------------------------------------------------

def _binary_assert(sym, opname, op_func, static_func, x, y, data, summarize, message, name):
    with name_scope(name, opname, [x, y] + list(data or [])):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y")
        if data is None:
            data = ["Condition x %s y did not hold element-wise:" % sym,
                    "x (%s) = " % x.name, x, "y (%s) = " % y.name, y]
        if message is not None:
            data = [message] + list(data)
        condition = reduction_ops.reduce_all(op_func(x, y))
        x_static, y_static = get_static_value(x), get_static_value(y)
        if x_static is not None and y_static is not None:
            _assert_static(np.all(static_func(x_static, y_static)), data)
        return Assert(condition, data, summarize=summarize)


def assert_equal(x, y, data=None, summarize=None, message=None, name=None):
    """Op raising InvalidArgumentError unless `x == y` element-wise (TF1 `tf.assert_equal`)."""
    with name_scope(name, "assert_equal", [x, y]):
        if x is y:
            return _no_op()
    return _binary_assert("==", "assert_equal", math_ops.equal, np.equal, x, y, data,
                          summarize, message, name)


def assert_none_equal(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("!=", "assert_none_equal", math_ops.not_equal, np.not_equal, x, y,
                          data, summarize, message, name)


def assert_less(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("<", "assert_less", math_ops.less, np.less, x, y, data, summarize,
                          message, name)


def assert_less_equal(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("<=", "assert_less_equal", math_ops.less_equal, np.less_equal, x, y,
                          data, summarize, message, name)


def assert_greater(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert(">", "assert_greater", math_ops.greater, np.greater, x, y, data,
                          summarize, message, name)


def assert_greater_equal(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert(">=", "assert_greater_equal", math_ops.greater_equal,
                          np.greater_equal, x, y, data, summarize, message, name)


# -- sign asserts -----------------------------------------------------------------------------

def _sign_assert(x, data, summarize, message, name, opname, sym, zero_first, check):
    message = _message_prefix(message)
    with name_scope(name, opname, [x] + list(data or [])):
        x = convert_to_tensor(x, name="x")
        if data is None:
            data = [message, "Condition x %s 0 did not hold element-wise:" % sym,
                    "x (%s) = " % x.name, x]
        zero = convert_to_tensor(0, dtype=x.dtype)
        a, b = (zero, x) if zero_first else (x, zero)
        return check(a, b, data=data, summarize=summarize)


def assert_negative(x, data=None, summarize=None, message=None, name=None):
    return _sign_assert(x, data, summarize, message, name, "assert_negative", "<", False,
                        assert_less)


def assert_positive(x, data=None, summarize=None, message=None, name=None):
    return _sign_assert(x, data, summarize, message, name, "assert_positive", ">", True,
                        assert_less)


def assert_non_negative(x, data=None, summarize=None, message=None, name=None):
    return _sign_assert(x, data, summarize, message, name, "assert_non_negative", ">=", True,
                        assert_less_equal)


def assert_non_positive(x, data=None, summarize=None, message=None, name=None):
    return _sign_assert(x, data, summarize, message, name, "assert_non_positive", "<=", False,
                        assert_less_equal)


def assert_near(x, y, rtol=None, atol=None, data=None, summarize=None, message=None, name=None):
    """Op asserting `|x - y| <= atol + rtol * |y|` element-wise (default tolerances 10 eps)."""
    message = _message_prefix(message)
    with name_scope(name, "assert_near", [x, y] + list(data or [])):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype)
        dtype = x.dtype.base_dtype
        if dtype.is_complex:
            dtype = dtype.real_dtype
        eps = np.finfo(dtype.as_numpy_dtype).eps
        rtol = convert_to_tensor(10 * eps if rtol is None else rtol, name="rtol", dtype=dtype)
        atol = convert_to_tensor(10 * eps if atol is None else atol, name="atol", dtype=dtype)
        if data is None:
            data = [message, "x and y not equal to tolerance rtol = %s, atol = %s" % (rtol, atol),
                    "x (%s) = " % x.name, x, "y (%s) = " % y.name, y]
        tol = atol + rtol * math_ops.abs(y)
        diff = math_ops.abs(x - y)
        condition = reduction_ops.reduce_all(math_ops.less(diff, tol))
        return Assert(condition, data, summarize=summarize)


# -- rank, type and shape asserts -------------------------------------------------------------

def _rank_condition(x, ranks, static_condition, dynamic_condition, data, summarize):
    for rank in ranks:
        assert_type(rank, dtypes.int32)
    ranks_static = [get_static_value(r) for r in ranks]
    if all(r is not None for r in ranks_static):
        if any(np.ndim(r) != 0 for r in ranks_static):
            raise ValueError("Rank must be a scalar.")
        x_rank = x.shape.ndims
        if x_rank is not None:
            given = [int(r) for r in ranks_static]
            if not static_condition(x_rank, given):
                raise ValueError("Static rank condition failed", x_rank, given)
            return _no_op(name="static_checks_determined_all_ok")
    condition = dynamic_condition(array_ops.rank(x), list(ranks))
    for rank, rank_static in zip(ranks, ranks_static):
        if rank_static is None:
            check = assert_rank(rank, 0, data=["Rank must be a scalar. Received rank: ", rank])
            condition = with_dependencies([check], condition)
    return Assert(condition, data, summarize=summarize)


def _rank_assert(x, ranks, data, summarize, message, name, opname, what, static, dynamic):
    with name_scope(name, opname, [x] + list(ranks) + list(data or [])):
        x = convert_to_tensor(x, name="x")
        ranks = [convert_to_tensor(r, name="rank") for r in ranks]
        message = _message_prefix(message)
        if data is None:
            data = ([message, "Tensor %s must have %s" % (x.name, what)] + ranks
                    + ["Received shape: ", array_ops.shape(x)])
        try:
            return _rank_condition(x, ranks, static, dynamic, data, summarize)
        except ValueError as e:
            if e.args[0] != "Static rank condition failed":
                raise
            given = tuple(e.args[2]) if opname == "assert_rank_in" else "%d" % e.args[2][0]
            raise ValueError("%sTensor %s must have %s %s.  Received rank %d, shape %s"
                             % (message, x.name, what, given, e.args[1], x.shape)) from None


def _dynamic_rank_in(actual, given):
    result = math_ops.equal(given[0], actual)
    for rank in given[1:]:
        result = math_ops.logical_or(result, math_ops.equal(rank, actual))
    return result


def assert_rank(x, rank, data=None, summarize=None, message=None, name=None):
    """Asserts `x` has rank `rank` (ValueError when known statically, else an Assert op)."""
    return _rank_assert(x, [rank], data, summarize, message, name, "assert_rank", "rank",
                        lambda a, g: a == g[0], lambda a, g: math_ops.equal(a, g[0]))


def assert_rank_at_least(x, rank, data=None, summarize=None, message=None, name=None):
    return _rank_assert(x, [rank], data, summarize, message, name, "assert_rank_at_least",
                        "rank at least", lambda a, g: a >= g[0],
                        lambda a, g: math_ops.greater_equal(a, g[0]))


def assert_rank_in(x, ranks, data=None, summarize=None, message=None, name=None):
    return _rank_assert(x, list(ranks), data, summarize, message, name, "assert_rank_in",
                        "rank in", lambda a, g: a in g, _dynamic_rank_in)


def assert_integer(x, message=None, name=None):
    with name_scope(name, "assert_integer", [x]):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_integer:
            raise TypeError('%sExpected "x" to be integer type.  Found: %s of dtype %s'
                            % (_message_prefix(message), x.name, x.dtype))
        return _no_op("statically_determined_was_integer")


def assert_type(tensor, tf_type, message=None, name=None):
    tf_type = dtypes.as_dtype(tf_type)
    with name_scope(name, "assert_type", [tensor]):
        tensor = convert_to_tensor(tensor, name="tensor")
        if tensor.dtype != tf_type:
            raise TypeError("%s%s must be of type %r; got %r"
                            % (_message_prefix(message), getattr(tensor, "name", "tensor"),
                               tf_type, tensor.dtype))
        return _no_op("statically_determined_correct_type")


def assert_scalar(tensor, name=None, message=None):
    with name_scope(name, "assert_scalar", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name=scope)
        if tensor.shape.ndims != 0:
            raise ValueError("%sExpected scalar shape for %s, saw shape: %s."
                             % (_message_prefix(message), tensor.name, tensor.shape))
        return tensor


def assert_proper_iterable(values):
    if isinstance(values, (Tensor, np.ndarray, bytes, str)):
        raise TypeError('Expected argument "values" to be a "proper" iterable.  Found: %s'
                        % type(values))
    if not hasattr(values, "__iter__"):
        raise TypeError('Expected argument "values" to be iterable.  Found: %s' % type(values))


def assert_same_float_dtype(tensors=None, dtype=None):
    if tensors:
        first = None  # TF names the tensor that set the type when no dtype was given
        for t in tensors:
            if t is None:
                continue
            item = t.dtype.base_dtype
            if dtype is None:
                dtype, first = item, getattr(t, "name", t)
            elif item != dtype:
                raise ValueError("%s, type=%s, must be of the same type (%s)%s."
                                 % (getattr(t, "name", t), item, dtype,
                                    " as %s" % first if first else ""))
    if not dtype:
        return dtypes.float32
    if not dtype.is_floating:
        raise ValueError("Expected floating point type, got %s." % dtype)
    return dtype


def is_numeric_tensor(tensor):
    return isinstance(tensor, Tensor) and (tensor.dtype.is_floating or tensor.dtype.is_integer
                                           or tensor.dtype.is_complex) \
        and tensor.dtype.base_dtype not in (dtypes.bool, dtypes.string)


def _monotonic(x, compare, name, default):
    with name_scope(name, default, [x]):
        x = array_ops.reshape(x, [-1])
        if not is_numeric_tensor(x):
            raise TypeError("Expected x to be numeric, instead found: %s" % x)
        ok = compare(x[1:], x[:-1])
        return reduction_ops.reduce_all(ok)


def is_non_decreasing(x, name=None):
    return _monotonic(x, math_ops.greater_equal, name, "is_non_decreasing")


def is_strictly_increasing(x, name=None):
    return _monotonic(x, math_ops.greater, name, "is_strictly_increasing")


# -- CheckNumerics ----------------------------------------------------------------------------

def _numerics_problem(value):
    nan = bool(torch.isnan(value).any())
    inf = bool(torch.isinf(value).any())
    if nan and inf:
        return "Inf and NaN"
    return "NaN" if nan else ("Inf" if inf else None)


class _CheckGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, op, message):
        ctx.op, ctx.message = op, message
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        problem = _numerics_problem(grad)
        if problem:
            raise errors.op_error(
                errors.InvalidArgumentError, ctx.op,
                "Not a number (NaN) or infinity (Inf) values detected in gradient. %s : Tensor "
                "had %s values" % (ctx.message, problem))
        return grad, None, None


@register_op("CheckNumerics", inputs=("tensor: T",), infer=shape_rules.same_shape,
             attrs={"message": ""}, stateful=True)
def _lower_check_numerics(ctx, x, *, message):
    problem = _numerics_problem(x)
    if problem:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%s : Tensor had %s values" % (message, problem))
    if x.requires_grad:
        return _CheckGrad.apply(x, ctx.op, message)
    return x


@ragged_entry
def check_numerics(tensor, message, name=None):
    """`tensor` unchanged, or InvalidArgumentError "<message> : Tensor had NaN values"."""
    with name_scope(name, "CheckNumerics", [tensor]) as scope:
        x = convert_to_tensor(tensor)
        if not x.dtype.is_floating:
            raise TypeError("Value passed to parameter 'tensor' has DataType %s not in list of "
                            "allowed values: bfloat16, float16, float32, float64"
                            % x.dtype.base_dtype.name)
        return get_default_graph()._create_op(
            "CheckNumerics", [x], {"message": message, "T": x.dtype.base_dtype},
            scope)._outputs[0]


def verify_tensor_all_finite(t, msg, name=None, x=None, message=None):
    """TF1 `tf.verify_tensor_all_finite`: `check_numerics` under a `VerifyFinite` scope."""
    t = x if x is not None else t
    msg = message if message is not None else msg
    with name_scope(name, "VerifyFinite", [t]):
        t = convert_to_tensor(t, name="x")
        with get_default_graph().colocate_with(t.op):
            verify = check_numerics(t, message=msg)
            # TF names the gate with_dependencies' own `VerifyFinite/control_dependency`
            return with_dependencies([verify], t)


def add_check_numerics_ops():
    """One op that checks every float tensor of the default graph for NaN and Inf."""
    check_op = []
    for op in get_default_graph().get_operations():
        for output in op._outputs:
            # TF compares the dtype itself: a ref output (a variable, an Assign, an Apply*)
            # is not checked, so running the check op does not run the updates again
            if output.dtype in (dtypes.float16, dtypes.float32, dtypes.float64):
                if getattr(op, "_control_flow_context", None) is not None:
                    raise ValueError("`tf.add_check_numerics_ops() is not compatible with "
                                     "TensorFlow control flow operations such as `tf.cond()` "
                                     "or `tf.while_loop()`.")
                message = op.name + ":" + str(output.value_index)
                with get_default_graph().control_dependencies(check_op):
                    check_op = [check_numerics(output, message=message)]
    return group(*check_op)


# -- EnsureShape ------------------------------------------------------------------------------

def _merge_error(given, expected):
    if given.ndims != expected.ndims:
        return "Shapes must be equal rank, but are %d and %d" % (expected.ndims, given.ndims)
    for i, (a, b) in enumerate(zip(expected.as_list(), given.as_list())):
        if a is not None and b is not None and a != b:
            return ("Dimension %d in both shapes must be equal, but are %d and %d. Shapes are %s "
                    "and %s." % (i, a, b, shape_rules.shape_text(expected),
                                 shape_rules.shape_text(given)))
    return "Incompatible shapes"


def _ensure_shape_infer(op, x, *, shape):
    if not x.shape.is_compatible_with(shape):
        raise shape_rules.shape_error(_merge_error(x.shape, shape), op, [x])
    return [(x.dtype.base_dtype, x.shape.merge_with(shape))]


@register_op("EnsureShape", inputs=("input: T",), infer=_ensure_shape_infer,
             attrs={"shape": None})
def _lower_ensure_shape(ctx, x, *, shape):
    dims = list(x.shape) if hasattr(x, "shape") else []
    if not shape.is_compatible_with(dims):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Shape of tensor %s %s is not compatible with expected shape %s."
                              % (ctx.op._inputs[0].op.name, shape_rules.shape_text(
                                  TensorShape(dims)), shape_rules.shape_text(shape)))
    return x


def ensure_shape(x, shape, name=None):
    """TF `tf.ensure_shape`: `x`, with `shape` merged into its static shape and checked when it
    runs."""
    with name_scope(name, "EnsureShape", [x]) as scope:
        x = convert_to_tensor(x)
        shape = tensor_shape.as_shape(shape)
        return get_default_graph()._create_op(
            "EnsureShape", [x], {"shape": shape, "T": x.dtype.base_dtype}, scope)._outputs[0]

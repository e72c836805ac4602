"""Variable state ops with TF1 ref semantics: `VariableV2` (its value lives in the session),
`Assign`/`AssignAdd`/`AssignSub`, the `Scatter*` updates, `IsVariableInitialized`, and the
public `tf.assign*` / `tf.scatter_*` / `tf.is_variable_initialized` functions.

Ops that write a variable take the VariableV2 *Operation* as their ref input (see
`ref_inputs` in framework/registry.py) and mutate the stored torch tensor in place, so values
read earlier in the same run alias it exactly as TF1's ref tensors do. The `tf.Variable`
class lives in tfcompat/variables.py; optimizer update ops in ops/training_ops.py.
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.ops import indexing_ops
from tfcompat.ops._traced import checked_after_segment

_VARIABLE_ATTRS = {"shape": None, "dtype": None, "container": "", "shared_name": ""}


def _variable_infer(op, *, shape, dtype, container="", shared_name=""):
    return [(dtypes.as_dtype(dtype)._as_ref, tensor_shape.as_shape(shape))]


def _lower_variable(ctx, *, shape=None, dtype=None, container="", shared_name=""):
    return ctx.state.read_variable(ctx.op)


register_op("VariableV2", infer=_variable_infer, attrs=_VARIABLE_ATTRS, stateful=True)(
    _lower_variable)
register_op("Variable", infer=_variable_infer, attrs=_VARIABLE_ATTRS, stateful=True)(
    _lower_variable)


# -- helpers shared by the ops that write a variable -----------------------------------------

def merged_shape(op, ref, value):
    """`ref`'s and `value`'s static shapes merged, with TF's shape error for a mismatch."""
    a, b = ref.shape, value.shape
    if a.ndims is None or b.ndims is None:
        return a if b.ndims is None else b
    if a.ndims != b.ndims:
        raise shape_rules.shape_error("Shapes must be equal rank, but are %d and %d"
                                      % (a.ndims, b.ndims), op, [ref, value])
    for i, (p, q) in enumerate(zip(a.as_list(), b.as_list())):
        if p is not None and q is not None and p != q:
            raise shape_rules.shape_error(
                "Dimension %d in both shapes must be equal, but are %d and %d. Shapes are %s "
                "and %s." % (i, p, q, shape_rules.shape_text(a), shape_rules.shape_text(b)),
                op, [ref, value])
    return a.merge_with(b)


def variable_value(ctx, ref):
    """The stored tensor behind a ref input (the VariableV2 Operation the plan passes)."""
    if isinstance(ref, torch.Tensor):
        raise errors.op_error(errors.UnimplementedError, ctx.op,
                              "tfcompat can only update a variable given directly as the ref "
                              "input of '%s', or forwarded to it by RefSwitch, RefIdentity, "
                              "RefEnter or a RefMerge of that one variable's references"
                              % ctx.op.name)
    return ctx.state.read_variable(ref)


def _check_same_shape(ctx, var, value, what="Assign"):
    if tuple(var.shape) != tuple(value.shape):
        raise errors.op_error(
            errors.InvalidArgumentError, ctx.op,
            "%s requires shapes of both tensors to match. lhs shape= %s rhs shape= %s"
            % (what, list(var.shape), list(value.shape)))


# -- Assign, AssignAdd, AssignSub --------------------------------------------------------

def _assign_infer(op, ref, value, *, validate_shape=True, use_locking=True):
    shape = merged_shape(op, ref, value) if validate_shape else value.shape
    return [(ref.dtype.base_dtype._as_ref, shape)]


@register_op("Assign", inputs=("ref: T", "value: T"), infer=_assign_infer,
             attrs={"validate_shape": True, "use_locking": True}, ref_inputs=(0,),
             stateful=True, mutates=True, differentiable=False)
def _lower_assign(ctx, ref, value, *, validate_shape=True, use_locking=True):
    if isinstance(ref, torch.Tensor):  # a ref tfcompat could not resolve to its variable
        variable_value(ctx, ref)
    current = ctx.state.variables.get(ref)
    if validate_shape and current is not None:
        _check_same_shape(ctx, current, value)
    if isinstance(value, torch.Tensor):  # tf.string values are numpy arrays
        value = value.detach()
    return ctx.state.assign(ref, value, ctx.device)


def _assign_update_infer(op, ref, value, *, use_locking=False):
    merged_shape(op, ref, value)
    return [(ref.dtype.base_dtype._as_ref, ref.shape)]


def _in_place_update(method):
    def lower(ctx, ref, value, *, use_locking=False):
        var = variable_value(ctx, ref)
        if not _broadcastable_to(value.shape, var.shape):
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "Cannot update variable with shape %s using a Tensor with "
                                  "shape %s, shapes must be equal." % (list(var.shape),
                                                                       list(value.shape)))
        getattr(var.data, method)(value)  # .data: see client/state.py assign
        return var
    return lower


def _broadcastable_to(shape, target) -> bool:
    return tuple(shape) == tuple(target) or (len(shape) == 0 and len(target) == 0)


for _type, _method in (("AssignAdd", "add_"), ("AssignSub", "sub_")):
    register_op(_type, inputs=("ref: T", "value: T"), infer=_assign_update_infer,
                attrs={"use_locking": False}, ref_inputs=(0,), stateful=True, mutates=True,
                differentiable=False)(_in_place_update(_method))


# -- Scatter updates ---------------------------------------------------------------------

def _scatter_infer(op, ref, indices, updates, *, use_locking=False):
    if ref.shape.ndims is not None and indices.shape.ndims is not None and \
            updates.shape.ndims is not None:
        expected = indices.shape.concatenate(ref.shape[1:])
        if updates.shape.ndims != 0 and not updates.shape.is_compatible_with(expected):
            raise shape_rules.shape_error(
                "Shapes must be equal rank, but are %d and %d"
                % (updates.shape.ndims, expected.ndims) if updates.shape.ndims != expected.ndims
                else "Dimensions of updates %s and expected %s are not compatible"
                % (updates.shape, expected), op, [ref, indices, updates])
    return [(ref.dtype.base_dtype._as_ref, ref.shape)]


def _neutral(kind, dtype):
    """The update that leaves a row as it is, for Scatter<kind>."""
    if kind in ("max", "min"):
        info = torch.finfo(dtype) if dtype.is_floating_point else torch.iinfo(dtype)
        big = float("inf") if dtype.is_floating_point else info.max
        return -big if kind == "max" and dtype.is_floating_point else \
            (info.min if kind == "max" else big)
    return 1 if kind in ("mul", "div") else 0


def _scatter_rows_on_device(var, flat, updates, kind):
    """TF's GPU scatter kernels skip out-of-range indices (its CPU kernels raise): here they
    point at row 0 with an update that leaves it as it is, so nothing waits on the device."""
    if not var.shape[0]:
        return flat[:0], updates[:0]
    valid = (flat >= 0) & (flat < var.shape[0])
    shaped = valid.reshape((-1,) + (1,) * (updates.dim() - 1))
    return (torch.where(valid, flat, 0),
            torch.where(shaped, updates, updates.new_full((), _neutral(kind, var.dtype))))


def _scatter_rows(ctx, var, indices, updates, kind="update"):
    flat = indices.reshape(-1).long()
    rows = var.shape[0]
    if var.device.type != "cpu" and kind != "update" and var.dtype != torch.bool and \
            not (kind == "div" and not var.is_floating_point()):
        updates = updates.to(var.dtype)
        updates = updates.expand((flat.numel(),) + tuple(var.shape[1:])) if updates.dim() == 0 \
            else updates.reshape((flat.numel(),) + tuple(var.shape[1:]))
        return _scatter_rows_on_device(var, flat, updates, kind)
    out_of_range = (flat < 0) | (flat >= rows)
    failed = checked_after_segment(ctx, out_of_range, _index_error, flat, out_of_range, rows) \
        if flat.numel() else None
    if failed is None and flat.numel() and bool(out_of_range.any()):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              _index_error(flat, out_of_range, rows)[1])
    updates = updates.to(var.dtype)
    if updates.dim() == 0:
        updates = updates.expand((flat.numel(),) + tuple(var.shape[1:]))
    updates = updates.reshape((flat.numel(),) + tuple(var.shape[1:]))
    if failed is not None:   # compiled: a failed check leaves the variable as it was
        flat = torch.where(out_of_range, 0, flat)
        kept = var[flat] if kind == "update" else updates.new_full((), _neutral(kind, var.dtype))
        updates = torch.where(failed, kept, updates)
    return flat, updates


def _index_error(flat, out_of_range, rows):
    """TF's error for the first index of `flat` outside [0, rows)."""
    first = int(out_of_range.nonzero()[0, 0])
    return errors.InvalidArgumentError, "indices[%d] = %d is not in [0, %d)" % (
        first, int(flat[first]), rows)


def _scatter_lowering(kind):
    def lower(ctx, ref, indices, updates, *, use_locking=False):
        var = variable_value(ctx, ref)
        flat, updates = _scatter_rows(ctx, var, indices, updates, kind)
        with torch.no_grad():
            if kind == "update":
                var[flat] = updates
            elif kind == "add":
                var.index_add_(0, flat, updates)
            elif kind == "sub":
                var.index_add_(0, flat, -updates)
            elif kind in ("mul", "div", "max", "min"):
                reduce = {"mul": "prod", "div": "prod", "max": "amax", "min": "amin"}[kind]
                src = updates.reciprocal() if kind == "div" and var.is_floating_point() \
                    else updates
                if kind == "div" and not var.is_floating_point():
                    for i, row in zip(flat.tolist(), updates):
                        var[i] = torch.div(var[i], row, rounding_mode="trunc")
                else:
                    var.index_reduce_(0, flat, src, reduce, include_self=True)
        return var
    return lower


for _kind in ("update", "add", "sub", "mul", "div", "max", "min"):
    register_op("Scatter" + _kind.capitalize(), inputs=("ref: T", "indices: Tindices",
                                                        "updates: T"),
                infer=_scatter_infer, attrs={"use_locking": _kind == "update"}, ref_inputs=(0,),
                stateful=True, mutates=True, differentiable=False)(_scatter_lowering(_kind))


def _scatter_nd_infer(op, ref, indices, updates, *, use_locking=False):
    return [(ref.dtype.base_dtype._as_ref, ref.shape)]


def _scatter_nd_lowering(kind):
    def lower(ctx, ref, indices, updates, *, use_locking=True):
        var = variable_value(ctx, ref)
        depth = indices.shape[-1]
        idx = tuple(indices.reshape(-1, depth).long().t())
        updates = updates.to(var.dtype).reshape((idx[0].numel(),) + tuple(var.shape[depth:]))
        with torch.no_grad():
            if kind == "update":
                var[idx] = updates
            else:
                var.index_put_(idx, updates if kind == "add" else -updates, accumulate=True)
        return var
    return lower


for _kind in ("update", "add", "sub"):
    register_op("ScatterNd" + _kind.capitalize(), inputs=("ref: T", "indices: Tindices",
                                                          "updates: T"),
                infer=_scatter_nd_infer, attrs={"use_locking": True}, ref_inputs=(0,),
                stateful=True, mutates=True, differentiable=False)(_scatter_nd_lowering(_kind))


# -- StridedSliceAssign (`v[1:3].assign(x)`) ---------------------------------------------------

_SLICE_MASKS = {"begin_mask": 0, "end_mask": 0, "ellipsis_mask": 0, "new_axis_mask": 0,
                "shrink_axis_mask": 0}


def _slice_assign_infer(op, ref, begin, end, strides, value, **masks):
    return [(ref.dtype.base_dtype._as_ref, ref.shape)]


@register_op("StridedSliceAssign", inputs=("ref: T", "begin: Index", "end: Index",
                                           "strides: Index", "value: T"),
             infer=_slice_assign_infer, attrs=_SLICE_MASKS, ref_inputs=(0,), stateful=True,
             mutates=True, differentiable=False)
def _lower_strided_slice_assign(ctx, ref, begin, end, strides, value, **masks):
    var = variable_value(ctx, ref)
    if any(int(s) < 0 for s in strides.tolist()):
        raise errors.op_error(errors.UnimplementedError, ctx.op,
                              "tfcompat: assigning to a slice with a negative stride")
    items = indexing_ops._index_items(var.dim(), begin.tolist(), end.tolist(), strides.tolist(),
                                      indexing_ops._mask_tuple(masks))
    view = indexing_ops.apply_index_items(var, items, ctx.op)
    if tuple(view.shape) != tuple(value.shape):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "sliced l-value shape %s does not match r-value shape %s. "
                              "Automatic broadcasting not yet implemented."
                              % (list(view.shape), list(value.shape)))
    with torch.no_grad():
        view.copy_(value)
    return var


def strided_slice_assign(ref, begin, end, strides, value, name=None, **masks):
    """Writes `value` into the slice begin:end:strides of the variable `ref`."""
    return apply_op("StridedSliceAssign", [_ref_tensor(ref), begin, end, strides, value],
                    name=name or "StridedSliceAssign", **masks)


# -- IsVariableInitialized, CountUpTo ----------------------------------------------------------

@register_op("IsVariableInitialized", inputs=("ref: dtype",),
             infer=lambda op, ref: [(dtypes.bool, tensor_shape.TensorShape([]))],
             ref_inputs=(0,), stateful=True)
def _lower_is_variable_initialized(ctx, ref):
    return torch.tensor(ctx.state.is_initialized(ref))  # on the host, as TF's HostMemory


# TF 1.15's contrib/framework ZeroInitializer (tf.contrib.framework.zero_initializer): fills a
# not yet initialized variable with zeros of its declared shape and forwards its reference
@register_op("ZeroInitializer", inputs=("ref: T",),
             infer=lambda op, ref: [(ref.dtype.base_dtype._as_ref, ref.shape)],
             ref_inputs=(0,), stateful=True, mutates=True, differentiable=False)
def _lower_zero_initializer(ctx, ref):
    if ctx.state.is_initialized(ref):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "input is already initialized")
    shape = ctx.op.inputs[0].shape
    if not shape.is_fully_defined():
        raise errors.op_error(errors.UnimplementedError, ctx.op,
                              "tfcompat: ZeroInitializer needs the variable's full shape, "
                              "got %s" % shape)
    zeros = torch.zeros(shape.as_list(), dtype=ctx.op.inputs[0].dtype.base_dtype.torch_dtype)
    return ctx.state.assign(ref, zeros, ctx.device)


def zero_initializer(ref, use_locking=True, name="zero_initializer"):
    """TF1 `tf.contrib.framework.zero_initializer`: initializes the ref variable `ref` with
    zeros (a run fails if it already has a value)."""
    if _resource_variable(ref):
        raise NotImplementedError("tfcompat: zero_initializer of a resource variable "
                                  "(ZeroVarInitializer) is not supported; use "
                                  "tf.assign(v, tf.zeros_like(v)) or a ref variable")
    return apply_op("ZeroInitializer", [_check_ref(_ref_tensor(ref), "zero_initializer")],
                    name=name)


def _initialized_value_infer(op, ref, initial_value):
    return [(ref.dtype.base_dtype, ref.shape)]


# NOTE: TF1 builds `Variable.initialized_value()` as cond(is_initialized, read, initial value).
# A functional cond would read the (possibly uninitialized) variable eagerly, so tfcompat uses
# this op, which takes the variable by reference and reads it only when it has a value.
@register_op("_InitializedValue", inputs=("ref: T", "initial_value: T"),
             infer=_initialized_value_infer, ref_inputs=(0,), stateful=True,
             differentiable=False)
def _lower_initialized_value(ctx, ref, initial_value):
    if ctx.state.is_initialized(ref):
        return ctx.state.read_variable(ref)
    return initial_value


def initialized_value(ref, initial_value, name=None):
    """The variable's value if it is initialized, else `initial_value`. Unnamed, it takes the
    names TF1's `cond(IsVariableInitialized(v), ...)` takes (the value is `cond/Merge`), so
    the program's later ops (its own `tf.cond`s) are named as in TF."""
    if name is not None:
        return apply_op("_InitializedValue", [_ref_tensor(ref), initial_value], name=name)
    graph = get_default_graph()
    graph.unique_name("IsVariableInitialized")
    with graph.name_scope("cond"):
        return apply_op("_InitializedValue", [_ref_tensor(ref), initial_value], name="Merge")


@register_op("CountUpTo", inputs=("ref: T",),
             infer=lambda op, ref, limit=None: [(ref.dtype.base_dtype, ref.shape)],
             attrs={"limit": None}, ref_inputs=(0,), stateful=True, mutates=True)
def _lower_count_up_to(ctx, ref, *, limit):
    var = variable_value(ctx, ref)
    before = var.clone()
    if int(before) >= limit:
        raise errors.op_error(errors.OutOfRangeError, ctx.op,
                              "Reached limit of %d" % limit)
    with torch.no_grad():
        var.add_(1)
    return before


# -- public functions ---------------------------------------------------------------------

def _ref_tensor(ref):
    """A variable's ref tensor (`v:0`); other tensors pass through."""
    if hasattr(ref, "_ref") and callable(ref._ref):
        return ref._ref()
    return ref


def _resource_variable(ref) -> bool:
    """A Python ResourceVariable (tfcompat/resource_variable.py, which builds on this module):
    TF's functions here call its own methods instead of adding ref ops."""
    return getattr(ref, "_should_act_as_resource_variable", False) is True


def _is_ref(t) -> bool:
    return getattr(getattr(t, "dtype", None), "_is_ref_dtype", False) is True


def _check_ref(ref, method):
    if not _is_ref(ref):
        raise AttributeError("'%s' object has no attribute '%s'" % (type(ref).__name__, method))
    return ref


def variable_op_v2(shape, dtype, name="Variable", container="", shared_name=""):
    """A `VariableV2` op (TF's `state_ops.variable_op_v2`)."""
    return apply_op("VariableV2", [], name=name, shape=tensor_shape.as_shape(shape),
                    dtype=dtypes.as_dtype(dtype).base_dtype, container=container,
                    shared_name=shared_name)


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """TF1 `tf.assign`: writes `value` into the variable `ref`; returns the ref after it."""
    if _resource_variable(ref):
        return ref.assign(value, name=name)
    if not _is_ref(_ref_tensor(ref)) and callable(getattr(ref, "assign", None)):
        return ref.assign(value, name=name)  # a variable's slice `v[i, :]`, as TF calls `ref.assign`
    ref = _check_ref(_ref_tensor(ref), "assign")
    return apply_op("Assign", [ref, value], name=name or "Assign",
                    validate_shape=True if validate_shape is None else bool(validate_shape),
                    use_locking=True if use_locking is None else bool(use_locking))


def assign_add(ref, value, use_locking=None, name=None):
    """TF1 `tf.assign_add`: `ref += value`; returns the ref after the update."""
    if _resource_variable(ref):
        return ref.assign_add(value)
    return apply_op("AssignAdd", [_check_ref(_ref_tensor(ref), "assign_add"), value], name=name or "AssignAdd",
                    use_locking=bool(use_locking))


def assign_sub(ref, value, use_locking=None, name=None):
    """TF1 `tf.assign_sub`: `ref -= value`; returns the ref after the update."""
    if _resource_variable(ref):
        return ref.assign_sub(value)
    return apply_op("AssignSub", [_check_ref(_ref_tensor(ref), "assign_sub"), value], name=name or "AssignSub",
                    use_locking=bool(use_locking))


def _scatter_fn(op_type, default_locking):
    def fn(ref, indices, updates, use_locking=default_locking, name=None):
        if _resource_variable(ref):
            return ref._resource_scatter("Resource" + op_type, indices, updates, name)
        return apply_op(op_type, [_ref_tensor(ref), indices, updates], name=name or op_type,
                        use_locking=bool(use_locking))
    fn.__name__ = op_type
    fn.__doc__ = "TF1 `tf.%s` on a variable's rows (TF op %s)." % (op_type, op_type)
    return fn


scatter_update = _scatter_fn("ScatterUpdate", True)
scatter_add = _scatter_fn("ScatterAdd", False)
scatter_sub = _scatter_fn("ScatterSub", False)
scatter_mul = _scatter_fn("ScatterMul", False)
scatter_div = _scatter_fn("ScatterDiv", False)
scatter_max = _scatter_fn("ScatterMax", False)
scatter_min = _scatter_fn("ScatterMin", False)
scatter_nd_update = _scatter_fn("ScatterNdUpdate", True)
scatter_nd_add = _scatter_fn("ScatterNdAdd", False)
scatter_nd_sub = _scatter_fn("ScatterNdSub", False)


def is_variable_initialized(ref, name=None):
    """TF1 `tf.is_variable_initialized`: a bool scalar, True once the variable has a value."""
    if _resource_variable(ref):
        return ref.is_initialized(name=name)
    ref = _ref_tensor(ref)
    if ref.dtype.base_dtype == dtypes.resource:  # an imported resource variable's handle
        return apply_op("VarIsInitializedOp", [ref], name=name or "VarIsInitializedOp")
    return apply_op("IsVariableInitialized", [ref], name=name or "IsVariableInitialized",
                    dtype=ref.dtype.base_dtype)


def count_up_to(ref, limit, name=None):
    """TF1 `tf.count_up_to`: increments `ref` until `limit`; returns the value before."""
    if _resource_variable(ref):
        return ref.count_up_to(limit, name=name)
    return apply_op("CountUpTo", [_ref_tensor(ref)], name=name or "CountUpTo", limit=int(limit))


__all__ = ["assign", "assign_add", "assign_sub", "scatter_update", "scatter_add", "scatter_sub",
           "scatter_mul", "scatter_div", "scatter_max", "scatter_min", "scatter_nd_update",
           "scatter_nd_add", "scatter_nd_sub", "is_variable_initialized", "count_up_to"]

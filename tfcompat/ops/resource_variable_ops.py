"""Resource variable ops, as graphs written by TF with resource variables hold them
(`tf.get_variable(..., use_resource=True)`, `tf.enable_resource_variables()`, tf.keras layers):
`VarHandleOp` (the variable), `ReadVariableOp`, `AssignVariableOp`, `AssignAdd/SubVariableOp`,
`VarIsInitializedOp`, `VariableShape`, `DestroyResourceOp`, `ResourceGather`, `ResourceGatherNd`,
`ResourceScatter*`, `ResourceScatterNd*`, `ResourceStridedSliceAssign` and the optimizer updates
`ResourceApply*` / `ResourceSparseApply*`.

The value of a `VarHandleOp` is a `VariableHandle` naming that op; the session keeps the
variable's tensor keyed by the op, as it does for a `VariableV2`, so the ref-variable lowerings
(state_ops.py, training_ops*.py) do the work given the handle's op as their ref input. Unlike a
ref variable's output, a `ReadVariableOp` is a snapshot: later updates in the same run do not
change it.
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.registry import get_op_def
from tfcompat.framework.registry import register_op
from tfcompat.ops import gather_ops  # noqa: F401  (GatherV2 is registered before its use here)
from tfcompat.ops import state_ops
from tfcompat.ops import tf_training_ops_more  # noqa: F401  (registers ApplyAdaMax, ...)
from tfcompat.ops import training_ops
from tfcompat.ops import training_ops_sparse  # noqa: F401  (registers SparseApply*)

_SCALAR = tensor_shape.TensorShape([])
# forwarding ops a handle may pass through between its VarHandleOp and a user
_HANDLE_FORWARDS = ("Identity", "Enter", "Switch", "Merge", "RefIdentity")


class VariableHandle:
    """The value of a resource variable's handle tensor: its `VarHandleOp` (the session's key).

    For `tf.gradients` with respect to the variable where it reaches the ys through control
    flow (gradients_impl.py), the plan makes the handle an autograd source
    (`as_gradient_source`, client/compile.py): reads through that handle in the run are then
    differentiable copies of one leaf, so the leaf's gradient sums theirs, as TF's does."""

    __slots__ = ("op", "state", "leaf", "source")

    def __init__(self, op, state=None):
        self.op = op
        self.state = state
        self.leaf = self.source = None

    def as_gradient_source(self):
        if self.leaf is not None:   # already one: an enclosing plan's (a loop body's captured
            return self             # handle), whose tf.gradients goes on through this one's
        value = self.state.variables.get(self.op) if self.state is not None else None
        if not isinstance(value, torch.Tensor) or not (value.is_floating_point()
                                                       or value.is_complex()):
            return self
        source = VariableHandle(self.op, self.state)
        source.source, source.leaf = value, value.detach().requires_grad_(True)
        return source

    def current(self, var):
        """What a read sees: the leaf while the variable still holds the tensor it was made
        from (an AssignVariableOp replaces it), else the stored tensor."""
        return self.leaf if self.leaf is not None and var is self.source else var

    @property
    def name(self) -> str:
        return self.op._attrs.get("shared_name") or self.op.name

    def __repr__(self):
        return "VariableHandle(%r)" % self.name


# -- build time: what the handle's VarHandleOp says --------------------------------------------

def _var_handle_op(tensor):
    """The VarHandleOp behind a handle tensor, or None when it is not known at build time."""
    seen = 0
    while tensor.op.type in _HANDLE_FORWARDS and tensor.op._inputs and seen < 64:
        tensor, seen = tensor.op._inputs[0], seen + 1
    return tensor.op if tensor.op.type == "VarHandleOp" else None


def handle_shape(tensor):
    """The static shape of the variable behind a handle tensor (unknown when not known)."""
    op = _var_handle_op(tensor)
    return tensor_shape.as_shape(op._attrs["shape"]) if op is not None else \
        tensor_shape.TensorShape(None)


def _handle_dtype(tensor):
    op = _var_handle_op(tensor)
    return dtypes.as_dtype(op._attrs["dtype"]).base_dtype if op is not None else None


def _check_dtype(op, inputs, handle, dtype, verb):
    have = _handle_dtype(handle)
    want = dtypes.as_dtype(dtype).base_dtype
    if have is not None and have != want:
        raise shape_rules.shape_error(
            "Trying to %s variable with wrong dtype. Expected %s got %s"
            % (verb, shape_rules.cpp_type_name(have), shape_rules.cpp_type_name(want)), op,
            inputs)


def _check_compatible(op, inputs, handle, value):
    """TF's shape function for writes: the value's shape merges with the variable's."""
    var = handle_shape(handle)
    if var.ndims is None or value.shape.ndims is None:
        return
    if var.ndims != value.shape.ndims:
        raise shape_rules.shape_error("Shapes must be equal rank, but are %d and %d"
                                      % (var.ndims, value.shape.ndims), op, inputs)
    for i, (p, q) in enumerate(zip(var.as_list(), value.shape.as_list())):
        if p is not None and q is not None and p != q:
            raise shape_rules.shape_error(
                "Dimension %d in both shapes must be equal, but are %d and %d. Shapes are %s "
                "and %s." % (i, p, q, shape_rules.shape_text(var),
                             shape_rules.shape_text(value.shape)), op, inputs)


# -- run time: the variable behind a handle ----------------------------------------------------

def _handle_op(ctx, handle):
    if not isinstance(handle, VariableHandle):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "'%s' expects a resource variable handle (the output of a "
                              "VarHandleOp) as its input 0, got %s"
                              % (ctx.op.name, type(handle).__name__))
    return handle.op


def _missing(ctx, handle, error=errors.NotFoundError):
    """TF's error for a variable that holds no value yet (not created in the container)."""
    others = any(getattr(op, "type", None) == "VarHandleOp" for op in ctx.state.variables)
    detail = ("Resource localhost/%s/N10tensorflow3VarE does not exist." % handle.name
              if others else
              "Container localhost does not exist. (Could not find resource: localhost/%s)"
              % handle.name)
    if error is errors.FailedPreconditionError:
        detail = ("Could not find variable %s. This could mean that the variable has been "
                  "deleted. In TF1, it can also mean the variable is uninitialized. Debug info: "
                  "container=localhost, status error message=%s" % (handle.name, detail))
    return errors.op_error(error, ctx.op, detail)


def variable_of(ctx, handle, error=errors.NotFoundError):
    """The stored tensor of the variable behind `handle` (TF's errors when it has none)."""
    var_op = _handle_op(ctx, handle)
    value = ctx.state.variables.get(var_op)
    if value is None:
        raise _missing(ctx, handle, error)
    return value


def _dims(value) -> str:
    return "[%s]" % ",".join(str(d) for d in value.shape)


def _check_runtime_dtype(ctx, var, dtype, verb):
    want = dtypes.as_dtype(dtype).base_dtype
    have = getattr(var, "dtype", None)
    if isinstance(have, torch.dtype) and want.torch_dtype != have:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Trying to %s variable %s with wrong dtype. Expected %s got %s"
                              % (verb, ctx.op._inputs[0].op.name,
                                 shape_rules.cpp_type_name(dtypes.from_torch(have)),
                                 shape_rules.cpp_type_name(want)))


# -- VarHandleOp, ReadVariableOp, VarIsInitializedOp, VariableShape ----------------------------

_HANDLE_ATTRS = {"container": "", "shared_name": "", "dtype": None, "shape": None,
                 "allowed_devices": [], "debug_name": ""}


@register_op("VarHandleOp", infer=lambda op, **attrs: [(dtypes.resource, _SCALAR)],
             attrs=_HANDLE_ATTRS, stateful=True, host_only=True, differentiable=False)
def _lower_var_handle(ctx, **attrs):
    return VariableHandle(ctx.op, ctx.state)


def _read_infer(op, handle, *, dtype):
    _check_dtype(op, [handle], handle, dtype, "read")
    return [(dtypes.as_dtype(dtype).base_dtype, handle_shape(handle))]


@register_op("ReadVariableOp", inputs=("resource: resource",), infer=_read_infer,
             attrs={"dtype": None}, stateful=True, differentiable=False)
def _lower_read_variable(ctx, handle, *, dtype):
    var = read_value(ctx, handle, dtype=dtype)
    return var.clone() if isinstance(var, torch.Tensor) else var.copy()


def read_value(ctx, handle, *, dtype):
    """What a ReadVariableOp reads, before its snapshot copy: the stored tensor itself (or the
    gradient leaf). client/snapshots.py runs reads without the copy where no op of the plan
    can see a later write through it."""
    var = variable_of(ctx, handle, errors.FailedPreconditionError)
    _check_runtime_dtype(ctx, var, dtype, "read")
    return handle.current(var)


@register_op("VarIsInitializedOp", inputs=("resource: resource",),
             infer=lambda op, handle: [(dtypes.bool, _SCALAR)], stateful=True,
             host_only=True, differentiable=False)
def _lower_var_is_initialized(ctx, handle):
    return torch.tensor(_handle_op(ctx, handle) in ctx.state.variables)


def _variable_shape_infer(op, handle, *, out_type=dtypes.int32):
    shape = handle_shape(handle)
    return [(dtypes.as_dtype(out_type), tensor_shape.TensorShape(
        [shape.ndims] if shape.ndims is not None else [None]))]


@register_op("VariableShape", inputs=("input: resource",), infer=_variable_shape_infer,
             attrs={"out_type": dtypes.int32}, stateful=True, host_only=True,
             differentiable=False)
def _lower_variable_shape(ctx, handle, *, out_type=dtypes.int32):
    var = variable_of(ctx, handle)
    return torch.tensor(list(var.shape), dtype=dtypes.as_dtype(out_type).torch_dtype)


# -- AssignVariableOp, AssignAddVariableOp, AssignSubVariableOp --------------------------------

def _assign_infer(op, handle, value, *, dtype, validate_shape=False):
    _check_compatible(op, [handle, value], handle, value)
    return []


@register_op("AssignVariableOp", inputs=("resource: resource", "value: dtype"),
             infer=_assign_infer, attrs={"dtype": None, "validate_shape": False},
             stateful=True, mutates=True, differentiable=False)
def _lower_assign_variable(ctx, handle, value, *, dtype, validate_shape=False):
    var_op = _handle_op(ctx, handle)
    current = ctx.state.variables.get(var_op)
    if current is not None:
        _check_runtime_dtype(ctx, current, dtype, "assign")
        if validate_shape and tuple(current.shape) != tuple(value.shape):
            raise errors.op_error(
                errors.InvalidArgumentError, ctx.op,
                "Trying to assign to variable with tensor with wrong shape. Expected %s got %s"
                % (_dims(current), _dims(value)))
    if isinstance(value, torch.Tensor):
        value = value.detach()
    with ctx.state.variable_lock(var_op):
        ctx.state.assign(var_op, value, ctx.device)


def _update_infer(op, handle, value, *, dtype):
    _check_compatible(op, [handle, value], handle, value)
    return []


def _in_place(method):
    def lower(ctx, handle, value, *, dtype):
        var = variable_of(ctx, handle)
        _check_runtime_dtype(ctx, var, dtype, "update")
        if tuple(var.shape) != tuple(value.shape):
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "Cannot update variable with shape %s using a Tensor with "
                                  "shape %s, shapes must be equal." % (_dims(var),
                                                                       _dims(value)))
        with ctx.state.variable_lock(handle.op), torch.no_grad():
            getattr(var, method)(value.to(var.device))
    return lower


for _type, _method in (("AssignAddVariableOp", "add_"), ("AssignSubVariableOp", "sub_")):
    register_op(_type, inputs=("resource: resource", "value: dtype"), infer=_update_infer,
                attrs={"dtype": None}, stateful=True, mutates=True,
                differentiable=False)(_in_place(_method))


# -- ResourceGather, ResourceScatter* -----------------------------------------------------------

def _gather_infer(op, handle, indices, *, dtype, batch_dims=0, validate_indices=True):
    var = handle_shape(handle)
    if var.ndims is None or indices.shape.ndims is None:
        return [(dtypes.as_dtype(dtype).base_dtype, tensor_shape.TensorShape(None))]
    shape = var[:batch_dims].concatenate(indices.shape[batch_dims:]) \
        .concatenate(var[batch_dims + 1:])
    return [(dtypes.as_dtype(dtype).base_dtype, shape)]


@register_op("ResourceGather", inputs=("resource: resource", "indices: Tindices"),
             infer=_gather_infer, attrs={"dtype": None, "batch_dims": 0,
                                         "validate_indices": True},
             stateful=True, differentiable=False)
def _lower_resource_gather(ctx, handle, indices, *, dtype, batch_dims=0,
                           validate_indices=True):
    var = handle.current(variable_of(ctx, handle))
    return get_op_def("GatherV2").lower(ctx, var, indices, batch_dims, batch_dims=batch_dims)


def _gather_nd_infer(op, handle, indices, *, dtype):
    """TF's GatherNd shape function on the variable's shape: indices[:-1] + var[depth:]."""
    var, index = handle_shape(handle), indices.shape
    if var.ndims is None or index.ndims is None or index[-1].value is None:
        return [(dtypes.as_dtype(dtype).base_dtype, tensor_shape.TensorShape(None))]
    depth = index[-1].value
    if depth > var.ndims:
        raise shape_rules.shape_error(
            "indices.shape[-1] must be <= params.rank, but saw indices shape: %s and params "
            "shape: %s" % (shape_rules.shape_text(index), shape_rules.shape_text(var)), op,
            [handle, indices])
    return [(dtypes.as_dtype(dtype).base_dtype, index[:-1].concatenate(var[depth:]))]


@register_op("ResourceGatherNd", inputs=("resource: resource", "indices: Tindices"),
             infer=_gather_nd_infer, attrs={"dtype": None}, stateful=True,
             differentiable=False)
def _lower_resource_gather_nd(ctx, handle, indices, *, dtype):
    """`ResourceVariable.gather_nd`: TF's GatherNd kernel on the variable's value."""
    var = handle.current(variable_of(ctx, handle))
    return get_op_def("GatherNd").lower(ctx, var, indices)


def _scatter_infer(op, handle, indices, updates, *, dtype):
    return []


def _resource_scatter(kind):
    lower_ref = state_ops._scatter_lowering(kind)

    def lower(ctx, handle, indices, updates, *, dtype):
        variable_of(ctx, handle)
        with ctx.state.variable_lock(handle.op):
            lower_ref(ctx, handle.op, indices, updates)
    return lower


for _kind in ("update", "add", "sub", "mul", "div", "max", "min"):
    register_op("ResourceScatter" + _kind.capitalize(),
                inputs=("resource: resource", "indices: Tindices", "updates: dtype"),
                infer=_scatter_infer, attrs={"dtype": None}, stateful=True, mutates=True,
                differentiable=False)(_resource_scatter(_kind))


def _resource_scatter_nd(kind):
    lower_ref = state_ops._scatter_nd_lowering(kind)

    def lower(ctx, handle, indices, updates, *, use_locking=True):
        variable_of(ctx, handle)
        with ctx.state.variable_lock(handle.op):
            lower_ref(ctx, handle.op, indices, updates)
    return lower


for _kind in ("update", "add", "sub"):
    register_op("ResourceScatterNd" + _kind.capitalize(),
                inputs=("ref: resource", "indices: Tindices", "updates: T"),
                infer=lambda op, *inputs, **attrs: [], attrs={"use_locking": True},
                stateful=True, mutates=True,
                differentiable=False)(_resource_scatter_nd(_kind))


@register_op("ResourceStridedSliceAssign", inputs=("ref: resource", "begin: Index",
                                                   "end: Index", "strides: Index", "value: T"),
             infer=lambda op, *inputs, **masks: [], attrs=state_ops._SLICE_MASKS, stateful=True,
             mutates=True, differentiable=False)
def _lower_resource_strided_slice_assign(ctx, handle, begin, end, strides, value, **masks):
    variable_of(ctx, handle)
    with ctx.state.variable_lock(handle.op):
        get_op_def("StridedSliceAssign").lower(ctx, handle.op, begin, end, strides, value,
                                               **masks)


@register_op("DestroyResourceOp", inputs=("resource: resource",),
             infer=lambda op, *inputs, **attrs: [], attrs={"ignore_lookup_error": True},
             stateful=True, mutates=True, differentiable=False)
def _lower_destroy_resource(ctx, handle, *, ignore_lookup_error=True):
    var_op = _handle_op(ctx, handle)
    if var_op not in ctx.state.variables and not ignore_lookup_error:
        raise errors.op_error(errors.NotFoundError, ctx.op, "Resource localhost/%s/<unknown> "
                              "does not exist." % handle.name)
    ctx.state.variables.pop(var_op, None)


@register_op("ResourceCountUpTo", inputs=("resource: resource",),
             infer=lambda op, handle, *, limit, T: [(dtypes.as_dtype(T).base_dtype, _SCALAR)],
             attrs={"limit": None, "T": None}, stateful=True, mutates=True,
             differentiable=False)
def _lower_resource_count_up_to(ctx, handle, *, limit, T):
    variable_of(ctx, handle, errors.FailedPreconditionError)
    with ctx.state.variable_lock(handle.op):
        return get_op_def("CountUpTo").lower(ctx, handle.op, limit=limit)


# -- ResourceApply*, ResourceSparseApply* ---------------------------------------------------------

def _resource_inputs(spec, inputs):
    """The ref op's input specs with its variable and slots taken as resource handles."""
    return tuple("%s: resource" % name if i < spec.n_refs else text
                 for i, (name, text) in enumerate(zip(spec.names, inputs)))


def _resource_apply(ref_type, spec):
    ref_lower = get_op_def(ref_type).lower

    def lower(ctx, *args, **attrs):
        handles = args[:spec.n_refs]
        for handle in handles:
            if _handle_op(ctx, handle) not in ctx.state.variables:
                # TF's training kernels say only this (as an InternalError) for a variable
                # that holds no value
                raise errors.op_error(errors.InternalError, ctx.op,
                                      "Invalid variable reference.")
        with ctx.state.variable_lock(handles[0].op):
            ref_lower(ctx, *(h.op for h in handles), *args[spec.n_refs:], **attrs)
    lower.__name__ = "_lower_resource_" + ref_type
    return lower


def _register_resource_applies():
    for ref_type, spec in sorted(training_ops.SPECS.items()):
        ref_def = get_op_def(ref_type)
        register_op("Resource" + ref_type, inputs=_resource_inputs(spec, ref_def.inputs),
                    infer=lambda op, *inputs, **attrs: [], attrs=dict(ref_def.attrs),
                    stateful=True, mutates=True,
                    differentiable=False)(_resource_apply(ref_type, spec))


_register_resource_applies()

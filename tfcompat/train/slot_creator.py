"""Slot variables (an optimizer's or moving average's per-variable state), created as TF1
creates them: `get_variable('')` inside `variable_scope(None, '<var>/<name>')`, so a slot of
`dense/kernel` is named `dense/kernel/Adam`, and a second one `dense/kernel/Adam_1`.
"""
from __future__ import annotations

from tfcompat import init_ops
from tfcompat.framework import graph as graph_lib
from tfcompat.variable_scope import get_variable
from tfcompat.variable_scope import get_variable_scope
from tfcompat.variable_scope import variable_scope
from tfcompat.ops.array_ops_join import zeros_like
from tfcompat.variables import SaveSliceInfo
from tfcompat.variables import Variable
from tfcompat.resource_variable import is_resource_variable


def _prefix(primary):
    return primary.op.name


def _create_slot_var(primary, val, validate_shape, shape, dtype):
    scope = get_variable_scope()
    partitioner = scope.partitioner
    scope.set_partitioner(None)
    # as TF 1.15's: a slot is a variable of its primary's kind
    if is_resource_variable(primary):
        use_resource = True
    elif isinstance(primary, Variable):
        use_resource = False
    else:
        use_resource = None
    try:
        slot = get_variable("", initializer=val, trainable=False,
                            shape=shape if callable(val) else None, dtype=dtype,
                            validate_shape=validate_shape, use_resource=use_resource)
    finally:
        scope.set_partitioner(partitioner)
    info = getattr(primary, "_save_slice_info", None)
    if info:
        real_slot_name = slot.name[len(primary.op.name + "/"):-2]
        n = slot.shape.ndims
        if n is None or n > 0:
            slot._set_save_slice_info(SaveSliceInfo(
                info.full_name + "/" + real_slot_name, info.full_shape[:n],
                info.var_offset[:n], info.var_shape[:n]))
    return slot


def create_slot(primary, val, name, colocate_with_primary=True):
    """A slot variable initialized to the tensor `val`."""
    validate_shape = val.get_shape().is_fully_defined()
    with variable_scope(None, _prefix(primary) + "/" + name), \
            _colocated(primary, colocate_with_primary):
        return _create_slot_var(primary, val, validate_shape, None, None)


def create_slot_with_initializer(primary, initializer, shape, dtype, name,
                                 colocate_with_primary=True):
    """A slot variable of `shape`/`dtype` initialized by `initializer`."""
    validate_shape = shape.is_fully_defined()
    with variable_scope(None, _prefix(primary) + "/" + name), \
            _colocated(primary, colocate_with_primary):
        return _create_slot_var(primary, initializer, validate_shape, shape, dtype)


def create_zeros_slot(primary, name, dtype=None, colocate_with_primary=True):
    """A slot variable of zeros shaped like `primary`."""
    if dtype is None:
        dtype = primary.dtype
    slot_shape = primary.get_shape()
    if slot_shape.is_fully_defined():
        return create_slot_with_initializer(primary, init_ops.zeros_initializer(), slot_shape,
                                            dtype.base_dtype, name, colocate_with_primary)
    val = zeros_like(primary.initialized_value() if hasattr(primary, "initialized_value")
                     else primary, dtype=dtype.base_dtype)
    return create_slot(primary, val, name, colocate_with_primary)


def _colocated(primary, colocate):
    if not colocate:
        import contextlib
        return contextlib.nullcontext()
    return graph_lib.get_default_graph().colocate_with(primary.op)

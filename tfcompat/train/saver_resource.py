"""The Saver's ops for resource variables (TF's ResourceVariableSaveable): SaveV2 writes the
variable's `<v>/Read/ReadVariableOp`, and the restore is `save/Identity` of the restored tensor
and `save/AssignVariableOp`, as in TF, so checkpoints and `.meta` files match TF's.
"""
from __future__ import annotations

from tfcompat import errors
from tfcompat.framework import tensor_shape
from tfcompat.framework.op_builder import apply_op
from tfcompat.ops import array_ops
from tfcompat.ops import io_ops
from tfcompat.ops import state_ops

__all__ = ["saved_tensor", "restore_one", "restore_all", "check_shape", "SaveSlot",
           "is_saveable", "slots"]


class SaveSlot:
    """One tensor of a saveable that is not a variable (a mutable lookup table's keys or
    values: ops/lookup_mutable_tables.py): saved under `name`; the restored tensors go back to
    the saveable, which builds its own restore op (TF's SaveableObject)."""

    type = "SaveSlot"

    def __init__(self, saveable, tensor, name):
        self.saveable, self.tensor, self.name = saveable, tensor, name
        self.graph, self.outputs = tensor.graph, [tensor]


def is_saveable(value) -> bool:
    return hasattr(value, "specs") and callable(getattr(value, "restore", None))


def slots(saveable) -> list:
    return [SaveSlot(saveable, tensor, name) for tensor, name in saveable.specs]


def saved_tensor(var_op):
    """What SaveV2 writes for a variable: the ref tensor, or a resource variable's
    `<v>/Read/ReadVariableOp` (as TF's; a new read where the graph has none)."""
    if isinstance(var_op, SaveSlot):
        return var_op.tensor
    if var_op.type != "VarHandleOp":
        return var_op.outputs[0]
    for consumer in var_op.outputs[0].consumers():
        if consumer.type == "ReadVariableOp" and consumer.name == var_op.name + \
                "/Read/ReadVariableOp":
            return consumer.outputs[0]
    return apply_op("ReadVariableOp", [var_op.outputs[0]], dtype=var_op.get_attr("dtype"))


def restore_one(var_op, value, reshape):
    """TF's restore of one variable: `save/Assign`, or for a resource variable
    `save/Identity` and `save/AssignVariableOp`."""
    shape = var_op.outputs[0].shape if var_op.type != "VarHandleOp" else \
        tensor_shape.as_shape(var_op.get_attr("shape"))
    if reshape and shape.is_fully_defined():
        value = array_ops.reshape(value, shape.as_list())
    if var_op.type == "VarHandleOp":
        return apply_op("AssignVariableOp", [var_op.outputs[0], array_ops.identity(value)])
    return state_ops.assign(var_op.outputs[0], value, validate_shape=not reshape
                            and shape.is_fully_defined()).op


def restore_all(var_ops, restored, reshape) -> list:
    """The restore ops of `var_ops` (variable ops and SaveSlots, by checkpoint name) from their
    restored tensors: one per variable, one per saveable once all its tensors are there."""
    ops, pending = [], {}
    for var_op, value in zip(var_ops, restored):
        if not isinstance(var_op, SaveSlot):
            ops.append(restore_one(var_op, value, reshape))
            continue
        values = pending.setdefault(var_op.saveable, [])
        values.append(value)
        if len(values) == len(var_op.saveable.specs):
            ops.append(var_op.saveable.restore(*pending.pop(var_op.saveable)))
    return ops


def check_shape(assign, reader, name, spec):
    """A resource variable's restore must fit its static shape. (TF 1.15 assigns a value of
    another shape without a word; see tests/differential/known_differences.txt.)"""
    var_op, value = assign.inputs[0].op, assign.inputs[1]
    if var_op.type != "VarHandleOp" or value.op.type != "Identity" or \
            value.op.inputs[0].op.type != "RestoreV2":   # not reshaped (Saver(reshape=True))
        return
    shape = tensor_shape.as_shape(var_op.get_attr("shape"))
    stored = reader.get_variable_to_shape_map()[name]
    _, extents = io_ops.parse_slice_spec(spec)
    if extents is not None:
        stored = [n for _, n in extents]
    if shape.is_fully_defined() and shape.as_list() != list(stored):
        raise errors.op_error(errors.InvalidArgumentError, assign,
                              "Trying to assign to variable with tensor with wrong shape. "
                              "Expected %s got %s" % (_shape_text(shape.as_list()),
                                                      _shape_text(stored)))


def _shape_text(dims) -> str:
    return "[" + ",".join(str(d) for d in dims) + "]"

"""Which tensors a `tf.train.Saver` writes, under which names, in which order: TF's
`op_list_to_dict` and `saveable_objects_for_op` (saveable_object_util.py). A partitioned
variable is saved as slices of its full variable, each shard a slice under the full name, so
checkpoints (and the save/ subgraph) are TF's; see tfcompat/train/saver.py for the Saver.
"""
from __future__ import annotations

from tfcompat.client.plan import VARIABLE_OP_TYPES
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.operation import Operation
from tfcompat.framework.operation import Tensor
from tfcompat.ops import array_ops
from tfcompat.train import saver_resource

__all__ = ["Saved", "saveables", "saved_tensor", "variable_op"]


_SAVED_OP_TYPES = VARIABLE_OP_TYPES | {"VarHandleOp"}   # ref and resource variables


def variable_op(value):
    """The VariableV2 (or VarHandleOp) op behind a Variable or a variable's ref (or handle)
    tensor, else None."""
    if isinstance(value, Tensor):
        return value.op if value.op.type in _SAVED_OP_TYPES else None
    op = getattr(value, "op", None)
    if isinstance(op, Operation) and op.type in _SAVED_OP_TYPES and not isinstance(
            value, Operation):
        return op
    return None


class Saved:
    """One tensor a Saver writes (TF's SaveSpec): checkpoint `name`, slice `spec` ("" for a
    whole variable), the variable op (or SaveSlot) restored from it, and `var`, the
    Variable object of a partitioned variable's shard (None otherwise)."""

    def __init__(self, name, op, spec="", var=None):
        self.name, self.op, self.spec, self.var = name, op, spec, var


def saveables(var_list) -> list:
    """[Saved] in TF's order (`op_list_to_dict`, then sorted by checkpoint name; the shards
    of a partitioned variable in their list's order, under its full name)."""
    if isinstance(var_list, dict):
        named = _dict_saveables(var_list)
    else:
        named = _list_saveables(var_list)
    out, seen = [], {}
    for name, value in sorted(named.items(), key=lambda kv: kv[0]):
        for saved in _saveables_for(name, value):
            if saved.op in seen:
                raise ValueError("The same saveable will be restored with two names: %s"
                                 % saved.name)
            seen[saved.op] = True
            out.append(saved)
    return out


def _dict_saveables(var_list) -> dict:
    for name in var_list:
        if not isinstance(name, str):
            raise TypeError("names_to_saveables must be a dict mapping string names to "
                            "trackable operations. Name is not a string: %s" % (name,))
    return dict(var_list)


def _list_saveables(var_list) -> dict:
    """TF's `op_list_to_dict` of a list: name -> variable, list of shards (grouped under
    their full name), PartitionedVariable or saveable; the list sorted by name first, so
    shards come as `part_0, part_1, part_10, part_2, ...`, as in TF."""
    out = {}
    for value in sorted(var_list, key=lambda v: v.name):
        if saver_resource.is_saveable(value) or hasattr(value, "_get_variable_list"):
            if value.name in out and not saver_resource.is_saveable(value):
                raise ValueError("At least two variables have the same name: %s" % value.name)
            out[value.name] = value
            continue
        info = getattr(value, "_save_slice_info", None)
        if info is not None and variable_op(value) is not None:
            shards = out.setdefault(info.full_name, [])
            if not isinstance(shards, list):
                raise ValueError("Mixing slices and non-slices with the same name: %s"
                                 % info.full_name)
            shards.append(value)
            continue
        op = variable_op(value)
        if op is None:
            raise TypeError("Variable to save is not a Variable: %s" % (value,))
        if op.name in out:
            raise ValueError("At least two variables have the same name: %s" % op.name)
        out[op.name] = value
    return out


def _saveables_for(name, value) -> list:
    """The Saved of one entry of the name -> variable dict (TF's saveable_objects_for_op)."""
    if saver_resource.is_saveable(value):   # a lookup table's keys and values
        return [Saved(slot.name, slot) for slot in saver_resource.slots(value)]
    parts = getattr(value, "_get_variable_list", None)
    if callable(parts) or isinstance(value, (list, tuple)):
        return _shards(name, list(parts()) if callable(parts) else list(value))
    op = variable_op(value)
    if op is None:
        if not isinstance(value, Tensor) and getattr(value, "op", None) is None:
            value = convert_to_tensor(value)   # TF converts first: the message shows a Tensor
        raise TypeError("names_to_saveables must be a dict mapping string names to "
                        "Tensors/Variables. Not a variable: %s" % (value,))
    return [Saved(name, op)]


def _shards(name, shards) -> list:
    out, full_name = [], None
    for shard in shards:
        info = getattr(shard, "_save_slice_info", None)
        op = variable_op(shard)
        if op is None or isinstance(shard, Tensor):
            raise ValueError("Slices must all be Variables: %s" % (shard,))
        if info is None:
            raise ValueError("Slices must all be slices: %s" % (shard,))
        if full_name is None:
            full_name = info.full_name
        elif full_name != info.full_name:
            raise ValueError("Slices must all be from the same tensor: %s != %s"
                             % (full_name, info.full_name))
        out.append(Saved(name, op, info.spec, shard))
    return out


def saved_tensor(graph, item):
    """What SaveV2 writes for `item`: as saver_resource.saved_tensor, but a shard of a
    partitioned variable is saved through its value (`<part>/read` of a ref variable; a new
    `save/Read/ReadVariableOp` and two Identities, the last on the CPU, of a resource one),
    as TF's saveables for slices do."""
    if item.var is None:
        return saver_resource.saved_tensor(item.op)
    if item.op.type != "VarHandleOp":
        return item.var.value()
    with graph.device(item.var.device or None):
        with graph.name_scope("Read"):
            value = apply_op("ReadVariableOp", [item.op.outputs[0]],
                             dtype=item.op.get_attr("dtype"))
        value = array_ops.identity(value)
    with graph.device("/device:CPU:0"):
        return array_ops.identity(value)

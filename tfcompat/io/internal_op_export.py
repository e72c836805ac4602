"""tfcompat's internal ops in a GraphDef: each written as the TF ops that compute it.

tfcompat runs a few constructs as single ops TF does not have; a GraphDef gets TF's own ops in
their place, the last one named as the op (so its consumers read it unchanged) and carrying the
original (`_tfcompat_node`), every other one naming it (`_tfcompat_expansion_of`). tfcompat's
importer turns them back into the op (interchange/function_import.py `restore_originals`).

- `Gradients` (tf.gradients): gradient_export.py.
- `_InitializedValue` (`Variable.initialized_value()`, variables initialized from others): TF1's
  own graph for it, `cond(IsVariableInitialized(v), read v, initial value)` in control flow v1,
  where `RefSwitch` forwards the variable without reading it, so an uninitialized variable is
  never read.
"""
from __future__ import annotations

from tfcompat.io.export_attrs import EXPANSION_ATTR
from tfcompat.io.export_attrs import ORIGINAL_ATTR
from tfcompat.io import gradient_export
from tfcompat.io.function_export import MainScope
from tfcompat.io.function_export import attr_type
from tfcompat.io.function_export import base_enum
from tfcompat.io.proto import attr_value_pb2
from tfcompat.io.proto import node_def_pb2
from tfcompat.io.proto import types_pb2
from tfcompat.io import op_defs

__all__ = ["INTERNAL_TYPES", "write_internal"]


def _write_initialized_value(export, scope, op):
    ref, initial = op._inputs
    enum = base_enum(ref)
    part = MainScope(export)
    t = {"T": attr_type(enum)}
    pred = part.add("IsVariableInitialized", [part.value(ref)], {"dtype": attr_type(enum)},
                    [types_pb2.DT_BOOL], op.name + "/IsVariableInitialized")[0]
    live = part.add("RefSwitch", [part.value(ref), pred], t, [enum, enum],
                    op.name + "/Switch")[1]
    read = part.add("Identity", [live], t, [enum], op.name + "/read")[0]
    fallback = part.add("Switch", [part.value(initial), pred], t, [enum, enum],
                        op.name + "/Switch_1")[0]
    for node in part.nodes:
        node.attr[EXPANSION_ATTR].s = op.name.encode()
    merge = node_def_pb2.NodeDef(name=op.name, op="Merge", device=op.device or "")
    merge.input.extend([read.ref, fallback.ref])
    merge.input.extend(sorted("^" + c.name for c in op._control_inputs))
    merge.attr["T"].CopyFrom(attr_type(enum))
    merge.attr["N"].CopyFrom(attr_value_pb2.AttrValue(i=2))
    merge.attr[ORIGINAL_ATTR].s = gradient_export.original_node(op).SerializeToString(
        deterministic=True)
    if export.add_shapes:
        shapes = merge.attr["_output_shapes"].list.shape
        shapes.add().CopyFrom(op_defs.shape_proto(op._outputs[0].shape))
        shapes.add().CopyFrom(op_defs.shape_proto([]))
    scope.nodes.extend(part.nodes)
    scope.nodes.append(merge)


_WRITERS = {"Gradients": gradient_export.write_gradients,
            "_InitializedValue": _write_initialized_value}
INTERNAL_TYPES = frozenset(_WRITERS)


def write_internal(export, scope, op) -> None:
    """Writes the internal `op` into the main `scope` as TF ops (module docs)."""
    _WRITERS[op.type](export, scope, op)

"""TF1's guard for variable initial values that read other variables.

`tf.Variable(w * 2)` must be initializable in the same `global_variables_initializer()` run
as `w`. TF1 copies the ops between the initial value and each variable it reads, replacing
the read with `w.initialized_value()` (w's value if initialized, else w's initial value);
the copies are named `<op>_<variable>`. This module does the same, best effort: ops that
take a variable by reference are left unchanged.
"""
from __future__ import annotations

from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph_walk import fed_by

_VARIABLE_TYPES = ("Variable", "VariableV2")
_KEEP_TYPES = ("IsVariableInitialized", "VarIsInitializedOp", "ReadVariableOp", "If", "_InitializedValue")


def guard(initial_value):
    """`initial_value`, with reads of other variables replaced by their initialized values."""
    if not _reads_variable(initial_value):
        return initial_value
    name = initial_value.graph.get_name_scope() + "/"
    return _replace(initial_value, name, {})


def _reads_variable(tensor) -> bool:
    return fed_by(tensor, _VARIABLE_TYPES, through=_KEEP_TYPES)


def _replace(tensor, name, cache):
    key = tensor
    if key in cache:
        return cache[key]
    op = tensor.op
    result = tensor
    if op.type in _VARIABLE_TYPES:
        variable = _variable_for(op)
        if variable is not None:
            result = variable.initialized_value()
    elif op.type not in _KEEP_TYPES and not (op.op_def is not None and op.op_def.ref_inputs):
        inputs = [_replace(t, name, cache) for t in op._inputs]
        if any(a is not b for a, b in zip(inputs, op._inputs)):
            new_name = (op.name + "_" + name).replace(":", "_")
            new_op = op.graph._create_op(op.type, inputs, dict(op._attrs), new_name)
            result = new_op.outputs[tensor.value_index]
    cache[key] = result
    return result


def _variable_for(var_op):
    names = (var_op.name, var_op.name + ":0")
    for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES):
        for var in var_op.graph.get_collection(key):
            if getattr(var, "name", None) in names and hasattr(var, "initialized_value"):
                return var
    return None

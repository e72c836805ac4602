"""`apply_op`: how a public function adds one op, the way TF's op_def_library does: open the
op's name scope, convert Python inputs to Tensors (named after the op's input args, e.g.
`Add/x`), unify the dtypes of inputs that share a type attr, then create the op.
"""
from __future__ import annotations

import contextlib
import functools

from tfcompat.framework import convert
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import registry


@functools.lru_cache(maxsize=None)
def _parse_arg(spec: str):
    """'x: T' -> ('x', None, 'T'); 'values: N*T' -> ('values', 'N', 'T'); fixed types too."""
    name, kind = (part.strip() for part in spec.split(":"))
    count = None
    if "*" in kind:
        count, kind = kind.split("*")
    return name, count, kind


def _fixed_dtype(kind: str):
    try:
        return dtypes.as_dtype(kind)
    except TypeError:
        return None


def apply_op(op_type: str, inputs, name=None, type_defaults=None, **attrs):
    """Adds an op of `op_type` over `inputs` (values or lists for list args) and returns its
    output Tensor, a tuple of outputs, or the Operation when it has no outputs."""
    op_def = registry.get_op_def(op_type)
    if op_def is None:
        raise NotImplementedError("tfcompat has no op type %r" % op_type)
    flat_values = []
    for spec, value in zip(op_def.inputs, inputs):
        flat_values.extend(value if "*" in spec else [value])
    graph = graph_lib.get_graph_from_inputs(flat_values)
    with graph.as_default(), graph.name_scope(name or op_type) as scope:
        tensors, type_attrs = _convert_inputs(op_type, op_def, inputs, type_defaults or {})
        for key, value in type_attrs.items():
            attrs.setdefault(key, value)
        with contextlib.ExitStack() as stack:  # ops writing a variable are colocated with it
            for i in op_def.ref_inputs:
                if i < len(tensors) and tensors[i].dtype._is_ref_dtype:
                    stack.enter_context(graph.colocate_with(tensors[i].op))
            op = graph._create_op(op_type, tensors, attrs, scope)
    outputs = op._outputs
    if not outputs:
        return op
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


def _convert_inputs(op_type, op_def, inputs, type_defaults):
    if len(inputs) != len(op_def.inputs):
        raise TypeError("%s expects %d inputs (%s), got %d"
                        % (op_type, len(op_def.inputs), ", ".join(op_def.inputs), len(inputs)))
    known: dict[str, dtypes.DType] = {}
    owner: dict[str, str] = {}
    attrs: dict = {}
    flat = []
    for spec, value in zip(op_def.inputs, inputs):
        arg, count, kind = _parse_arg(spec)
        values = list(value) if count else [value]
        if count:
            attrs[count] = len(values)
        fixed = _fixed_dtype(kind)
        for i, item in enumerate(values):
            item_name = ("%s_%d" % (arg, i)) if count and len(values) > 1 else arg
            target = fixed or known.get(kind)
            tensor = _convert_one(op_type, arg, item, target, type_defaults.get(kind), item_name)
            if fixed is None:
                _unify(op_type, arg, kind, tensor, known, owner)
            flat.append(tensor)
    for kind, dtype in known.items():
        attrs[kind] = dtype
    return flat, attrs


def _convert_one(op_type, arg, value, target, default, name):
    if target is not None:
        if not hasattr(value, "dtype") or not hasattr(value, "op"):
            try:
                return convert.convert_to_tensor(value, dtype=target.base_dtype, name=name)
            except (TypeError, ValueError) as e:
                if hasattr(value, "_as_graph_element") or hasattr(value, "_variable"):
                    raise
                raise TypeError("Expected %s passed to parameter '%s' of op '%s', got %r of "
                                "type '%s' instead. Error: %s" % (target.base_dtype.name, arg,
                                                                  op_type, value,
                                                                  type(value).__name__, e)) from e
    return convert.convert_to_tensor(value, name=name, preferred_dtype=default)


def _unify(op_type, arg, kind, tensor, known, owner):
    dtype = tensor.dtype.base_dtype
    if kind not in known:
        known[kind], owner[kind] = dtype, arg
    elif known[kind] != dtype:
        raise TypeError("Input '%s' of '%s' Op has type %s that does not match type %s of "
                        "argument '%s'." % (arg, op_type, dtype.name, known[kind].name,
                                            owner[kind]))

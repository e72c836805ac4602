"""`apply_op`: how a public function adds one op, the way TF's op_def_library does: open the
op's name scope, convert Python inputs to Tensors (named after the op's input args, e.g.
`Add/x`), unify the dtypes of inputs that share a type attr, then create the op.
"""
from __future__ import annotations

import collections
import contextlib
import functools

from tfcompat.framework import convert
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import op_signatures
from tfcompat.framework import registry
from tfcompat.framework.operation import Tensor


@functools.lru_cache(maxsize=None)
def _parse_arg(spec: str):
    """'x: T' -> ('x', None, 'T'); 'values: N*T' -> ('values', 'N', 'T'); fixed types too."""
    name, kind = (part.strip() for part in spec.split(":"))
    count = None
    if "*" in kind:
        count, kind = kind.split("*")
    return name, count, kind


@functools.lru_cache(maxsize=None)
def _arg_specs(op_type: str, specs: tuple) -> tuple:
    """(name, count attr, type kind, type-list attr) per input arg: TF's OpDef args where the
    registry declares as many (TF's names; `tensors: dtypes` is a list of mixed types), else
    the registry's own specs."""
    sig = op_signatures.signature(op_type)
    if sig is None or len(sig.inputs) != len(specs):
        return tuple(_parse_arg(spec) + (None,) for spec in specs)
    return tuple((a.name, a.number_attr or None, a.type_attr or (a.dtype.name if a.dtype else ""),
                  a.type_list_attr or None) for a in sig.inputs)


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
    # A variable passed for a ref input (tf.raw_ops.ApplyAdam(var=v, ...)) is the variable itself.
    inputs = [_variable_ref(v) if i in op_def.ref_inputs else v for i, v in enumerate(inputs)]
    flat_values = []
    for (_, count, _, type_list), value in zip(_arg_specs(op_type, op_def.inputs), inputs):
        flat_values.extend(value if count or type_list else [value])
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
    if len(outputs) == 1:
        return outputs[0]
    result_type = _result_type(op_type, len(outputs))
    return result_type._make(outputs) if result_type is not None else tuple(outputs)


@functools.lru_cache(maxsize=None)
def _result_type(op_type: str, n_outputs: int):
    """The namedtuple TF's generated op functions return for an op of several outputs, named
    after the op type with its OpDef's output names (`Unique(y, idx)`, `TopKV2(values,
    indices)`); None where an output is a list or tfcompat's op has other outputs."""
    sig = op_signatures.signature(op_type)
    if sig is None or len(sig.outputs) != n_outputs or any(a.is_list for a in sig.outputs):
        return None
    return collections.namedtuple(op_type, [a.name for a in sig.outputs])


def _variable_ref(value):
    ref = getattr(value, "_ref", None)
    return ref() if callable(ref) else value


def _convert_inputs(op_type, op_def, inputs, type_defaults):
    if len(inputs) != len(op_def.inputs):
        raise TypeError("%s expects %d inputs (%s), got %d"
                        % (op_type, len(op_def.inputs), ", ".join(op_def.inputs), len(inputs)))
    known: dict[str, dtypes.DType] = {}
    owner: dict[str, str] = {}
    attrs: dict = {}
    flat = []
    for (arg, count, kind, type_list), value in zip(_arg_specs(op_type, op_def.inputs), inputs):
        if type_list:  # tensors of their own types each (`tensors: dtypes`)
            names = ["%s_%d" % (arg, i) if len(value) > 1 else arg for i in range(len(value))]
            tensors = [convert.convert_to_tensor(v, name=n) for v, n in zip(value, names)]
            attrs[type_list] = [t.dtype.base_dtype for t in tensors]
            flat.extend(tensors)
            continue
        values = list(value) if count else [value]
        if count:
            attrs[count] = len(values)
        fixed = _fixed_dtype(kind)
        default = type_defaults.get(kind) or _signature_default(op_type, kind)
        if count and fixed is None:
            tensors = _convert_list(op_type, arg, kind, values, known, default)
        else:
            tensors = [_convert_one(op_type, arg, item, fixed or known.get(kind), default,
                                    ("%s_%d" % (arg, i)) if count and len(values) > 1 else arg,
                                    None if fixed else owner.get(kind))
                       for i, item in enumerate(values)]
        for tensor in tensors:
            if fixed is None:
                _unify(op_type, arg, kind, tensor, known, owner)
            flat.append(tensor)
    for kind, dtype in known.items():
        attrs[kind] = dtype
    return flat, attrs


def _signature_default(op_type, kind):
    """The default of type attr `kind` in TF's OpDef (`Tshape: int32`): the dtype Python values
    are converted to first, so `[-1, x.shape[1]]` is an int32 shape."""
    sig = op_signatures.signature(op_type)
    return sig.defaults.get(kind) if sig is not None else None


def _convert_list(op_type, arg, kind, values, known, default):
    """A list arg of one type (`values: N*T`), converted as TF's op_def_library does: every item
    to the type an earlier arg bound, else to the first Tensor's; TF's text when they differ."""
    target = known.get(kind) or next((v.dtype.base_dtype for v in values
                                      if isinstance(v, Tensor)), None)
    names = ["%s_%d" % (arg, i) if len(values) > 1 else arg for i in range(len(values))]
    try:
        tensors = [_convert_one(op_type, arg, v, target, default, n)
                   for v, n in zip(values, names)]
        if len({t.dtype.base_dtype for t in tensors}) <= 1:
            return tensors
    except (TypeError, ValueError):
        pass
    observed = ", ".join(_observed_type(v) for v in values)
    prefix = ("Tensors in list passed to '%s' of '%s' Op have types [%s]"
              % (arg, op_type, observed))
    if kind in known:
        raise TypeError("%s that do not match type %s inferred from earlier arguments."
                        % (prefix, known[kind].name))
    raise TypeError("%s that don't all match." % prefix)


def _observed_type(value) -> str:
    if hasattr(value, "dtype") and hasattr(value, "op"):  # a Tensor or a Variable
        return value.dtype.base_dtype.name
    try:  # the dtype the value would have alone (TF converts it to see)
        return convert.value_dtype(value).name
    except (TypeError, ValueError):
        return "<NOT CONVERTIBLE TO TENSOR>"


def _convert_one(op_type, arg, value, target, default, name, bound_by=None):
    """`value` as input `arg`: converted to `target` (the op's fixed type, or the one an earlier
    argument `bound_by` gave its type attr) where there is one, with TF's texts when it fails."""
    if target is not None:
        if not hasattr(value, "dtype") or not hasattr(value, "op"):
            try:
                return convert.convert_to_tensor(value, dtype=target.base_dtype, name=name)
            except (TypeError, ValueError) as e:
                if hasattr(value, "_as_graph_element") or hasattr(value, "_variable"):
                    raise
                if isinstance(e, ValueError):
                    raise _unconvertible(op_type, arg, value, target, bound_by) from e
                raise TypeError("Expected %s passed to parameter '%s' of op '%s', got %r of "
                                "type '%s' instead. Error: %s" % (target.base_dtype.name, arg,
                                                                  op_type, value,
                                                                  type(value).__name__, e)) from e
    try:
        return convert.convert_to_tensor(value, name=name, preferred_dtype=default)
    except ValueError as e:  # e.g. random_shuffle(None): TF names the op's argument
        if hasattr(value, "_as_graph_element") or hasattr(value, "_variable"):
            raise
        raise ValueError("Tried to convert '%s' to a tensor and failed. Error: %s"
                         % (arg, e)) from e


def _unconvertible(op_type, arg, value, target, bound_by):
    """TF's error for a value whose conversion to `target` raised ValueError: what type the
    value has alone, or (when it has none) why it converts to nothing."""
    try:
        observed = convert.value_dtype(value).name
    except ValueError as e:
        return ValueError("Tried to convert '%s' to a tensor and failed. Error: %s" % (arg, e))
    prefix = "Input '%s' of '%s' Op has type %s that does not match" % (arg, op_type, observed)
    if bound_by is None:
        return TypeError("%s expected type of %s." % (prefix, target.base_dtype.name))
    return TypeError("%s type %s of argument '%s'." % (prefix, target.base_dtype.name, bound_by))


def _unify(op_type, arg, kind, tensor, known, owner):
    dtype = tensor.dtype.base_dtype
    if kind not in known:
        sig = op_signatures.signature(op_type)
        if sig is not None:  # checked where TF checks it: before later args are converted
            op_signatures.check_allowed(sig, kind, dtype, arg)
        known[kind], owner[kind] = dtype, arg
    elif known[kind] != dtype:
        raise TypeError("Input '%s' of '%s' Op has type %s that does not match type %s of "
                        "argument '%s'." % (arg, op_type, dtype.name, known[kind].name,
                                            owner[kind]))

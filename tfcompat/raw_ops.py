"""`tf.raw_ops`: every registered op type as a function of keyword arguments, as in TF.

`tf.raw_ops.Sqrt(x=t)` adds one `Sqrt` op named `Sqrt`; its keyword arguments are TF's OpDef
input names and attr names (type attrs that the inputs determine are inferred, as TF does).
Only op types tfcompat can run are offered; any other name raises the unsupported-API error.
"""
from __future__ import annotations

import functools
import json
import re
import os

from tfcompat import _unsupported
from tfcompat.framework import dtypes
from tfcompat.framework import registry
from tfcompat.framework import tensor_shape
from tfcompat.framework.op_builder import apply_op
from tfcompat.io import op_defs


@functools.lru_cache(maxsize=1)
def _renames() -> dict:
    """TF's api_def renames of raw_ops arguments (Sum's `reduction_indices` is `axis`, Squeeze's
    attr `squeeze_dims` is `axis`), from tf_raw_ops_args.json (tools/gen_tf_raw_ops_args.py)."""
    path = os.path.join(os.path.dirname(op_defs.__file__), "tf_raw_ops_args.json")
    with open(path) as f:
        return json.load(f)


def _input_names(op_type: str) -> list[str]:
    """TF's raw_ops input names for `op_type`, in the registry's positional order."""
    record = registry.get_op_def(op_type)
    names = [spec.split(":")[0].strip() for spec in record.inputs]
    tf_def = op_defs.tf_op_def(op_type)
    if tf_def is not None and len(tf_def.input_arg) == len(names):
        names = _renames().get(op_type, {}).get("inputs") or [a.name for a in tf_def.input_arg]
    return names


def _inferred_attrs(op_type: str) -> set:
    """Attrs TF fills from the inputs (type and length attrs); passing them is allowed."""
    tf_def = op_defs.tf_op_def(op_type)
    if tf_def is None:
        return set()
    inferred = set()
    for arg in tf_def.input_arg:
        inferred.update(a for a in (arg.type_attr, arg.number_attr, arg.type_list_attr) if a)
    return inferred


@functools.lru_cache(maxsize=None)
def _raw_op(op_type: str):
    names = _input_names(op_type)
    inferred = _inferred_attrs(op_type)
    tf_def = op_defs.tf_op_def(op_type)
    attr_types = {a.name: a.type for a in tf_def.attr} if tf_def is not None else {}
    attr_names = {raw: attr for attr, raw in _renames().get(op_type, {}).get("attrs", {}).items()}
    attr_names_back = {attr: raw for raw, attr in attr_names.items()}
    outputs = list(tf_def.output_arg) if tf_def is not None else []
    one_list_output = len(outputs) == 1 and bool(outputs[0].number_attr or
                                                  outputs[0].type_list_attr)

    def raw_op(**kwargs):
        name = kwargs.pop("name", None)
        missing = [n for n in names if n not in kwargs]
        if missing:
            raise TypeError("raw_ops.%s() missing required argument(s): %s"
                            % (op_type, ", ".join(repr(n) for n in missing)))
        inputs = [kwargs.pop(n) for n in names]
        kwargs = {attr_names.get(key, key): value for key, value in kwargs.items()}
        unknown = [key for key in kwargs if key not in attr_types]
        if unknown:  # TF's generated wrappers refuse these the same way
            raise TypeError("%s() got an unexpected keyword argument '%s'"
                            % (_snake(op_type), attr_names_back.get(unknown[0], unknown[0])))
        kwargs = {key: _attr_value(attr_types.get(key), value) for key, value in kwargs.items()}
        # Attrs the inputs determine (T, N, ...) steer conversion of Python values; the op
        # records what the inputs really are, and the OpDef check refuses a mismatch.
        type_defaults = {key: kwargs.pop(key) for key in list(kwargs) if key in inferred}
        type_defaults = {k: v for k, v in type_defaults.items() if not isinstance(v, int)}
        result = apply_op(op_type, inputs, name=name or op_type, type_defaults=type_defaults,
                          **kwargs)
        if one_list_output and not isinstance(result, (tuple, list)):
            return [result] if hasattr(result, "dtype") else []   # TF returns the list
        return result

    raw_op.__name__ = op_type
    raw_op.__doc__ = "TF op `%s`: inputs %s." % (op_type, ", ".join(names) or "none")
    return raw_op


def _snake(op_type: str) -> str:
    """TF's Python name of an op's wrapper: `GatherNd` -> `gather_nd`."""
    return re.sub(r"(?<=[a-z])([A-Z])|(?<=[A-Z])([A-Z])(?=[a-z])", r"_\1\2", op_type).lower()


def _attr_value(kind, value):
    """An attr value in the form tfcompat's op records hold: TensorShape, DType."""
    if kind == "shape" and value is not None:
        return tensor_shape.as_shape(value)
    if kind == "list(shape)" and value is not None:
        return [tensor_shape.as_shape(v) for v in value]
    if kind == "type" and value is not None:
        return dtypes.as_dtype(value)
    if kind == "list(type)" and value is not None:
        return [dtypes.as_dtype(v) for v in value]
    return value


def __getattr__(op_type: str):
    if op_type.startswith("__"):
        raise AttributeError(op_type)
    if registry.get_op_def(op_type) is None or op_defs.tf_op_def(op_type) is None:
        raise _unsupported.UnsupportedAttributeError(__name__, op_type, "tf.raw_ops." + op_type)
    return _raw_op(op_type)


def __dir__():
    return [t for t in registry.registered_types() if op_defs.tf_op_def(t) is not None]

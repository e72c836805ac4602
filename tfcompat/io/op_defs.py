"""TensorFlow's OpDefs (argument and attr signatures with defaults) and the conversion of attr
values between tfcompat's Python forms and `AttrValue` protos.

The OpDefs come from ``tf_op_defs.pb.gz``, generated from TensorFlow by
tools/gen_tf_op_defs.py (TensorFlow is never imported here). They let tfcompat write NodeDefs
with TF's full attr sets, fill TF's default attrs on import, type the outputs of imported ops
that tfcompat cannot run, and write ``stripped_op_list`` in meta graphs.
"""
from __future__ import annotations

import functools
import gzip
import os

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.io import tensor_proto
from tfcompat.io.proto import attr_value_pb2
from tfcompat.io.proto import op_def_pb2
from tfcompat.io.proto import tensor_pb2
from tfcompat.io.proto import tensor_shape_pb2

_TABLE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tf_op_defs.pb.gz")

__all__ = ["tf_op_def", "to_attr_value", "from_attr_value", "arg_groups", "shape_proto",
           "output_dtypes", "signature_text"]


@functools.lru_cache(maxsize=1)
def _table() -> dict:
    try:
        with gzip.open(_TABLE_PATH, "rb") as f:
            op_list = op_def_pb2.OpList.FromString(f.read())
    except FileNotFoundError:  # a trimmed install: NodeDefs then carry tfcompat's attrs only
        return {}
    return {op.name: op for op in op_list.op}


def tf_op_def(op_type: str) -> op_def_pb2.OpDef | None:
    """TensorFlow's OpDef of ``op_type`` (None for types TensorFlow does not have)."""
    return _table().get(op_type)


# -- Python value -> AttrValue ------------------------------------------------------------------

def shape_proto(shape) -> tensor_shape_pb2.TensorShapeProto:
    shape = tensor_shape.as_shape(shape)
    if shape.ndims is None:
        return tensor_shape_pb2.TensorShapeProto(unknown_rank=True)
    return tensor_proto.shape_to_proto(shape.as_list())


def _type_enum(value) -> int:
    return dtypes.as_dtype(value).base_dtype.as_datatype_enum


def _tensor(value, dtype_hint=None) -> tensor_pb2.TensorProto:
    if isinstance(value, tensor_pb2.TensorProto):
        return value
    if hasattr(value, "SerializeToString") and type(value).__name__ == "TensorProto":
        return tensor_pb2.TensorProto.FromString(value.SerializeToString())
    array = value if isinstance(value, np.ndarray) else np.asarray(value)
    if dtype_hint is not None:
        enum = _type_enum(dtype_hint)
        if enum == dtypes.bfloat16.as_datatype_enum or array.dtype != object:
            return tensor_proto.make_tensor_proto(array, dtype=enum)
    if array.dtype == object or array.dtype.kind in "SU":
        return tensor_proto.make_tensor_proto(array, dtype=dtypes.string.as_datatype_enum)
    return tensor_proto.make_tensor_proto(array)


def _kind_of(value) -> str | None:
    """The attr type string a Python value encodes as, when no OpDef says."""
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, np.integer)):
        return "int"
    if isinstance(value, (float, np.floating)):
        return "float"
    if isinstance(value, (str, bytes)):
        return "string"
    if isinstance(value, dtypes.DType):
        return "type"
    if isinstance(value, tensor_shape.TensorShape):
        return "shape"
    if isinstance(value, (np.ndarray, tensor_pb2.TensorProto)):
        return "tensor"
    if isinstance(value, (list, tuple)):
        inner = {_kind_of(v) for v in value}
        if len(inner) == 1 and None not in inner and not any(k.startswith("list") for k in inner):
            return "list(%s)" % inner.pop()
        return "list()" if not value else None
    return None


def _set_scalar(target, kind: str, value, dtype_hint=None) -> bool:
    """Sets the `kind` value on an AttrValue (or appends to a ListValue); False if impossible."""
    is_list = isinstance(target, attr_value_pb2.AttrValue.ListValue)
    if kind == "string":
        raw = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        target.s.append(raw) if is_list else setattr(target, "s", raw)
    elif kind in ("int", "float", "bool"):
        field, cast = {"int": ("i", int), "float": ("f", float), "bool": ("b", bool)}[kind]
        getattr(target, field).append(cast(value)) if is_list else setattr(target, field,
                                                                           cast(value))
    elif kind == "type":
        target.type.append(_type_enum(value)) if is_list else setattr(target, "type",
                                                                      _type_enum(value))
    elif kind == "shape":
        (target.shape.add() if is_list else target.shape).CopyFrom(shape_proto(value))
    elif kind == "tensor":
        (target.tensor.add() if is_list else target.tensor).CopyFrom(_tensor(value, dtype_hint))
    elif kind == "func":
        name = value if isinstance(value, str) else getattr(value, "name", None)
        if not isinstance(name, str):
            return False
        (target.func.add() if is_list else target.func).name = name
    else:
        return False
    return True


def to_attr_value(value, attr_type: str | None = None, dtype_hint=None):
    """``value`` (a tfcompat attr: DType, TensorShape, ndarray, str, list, ...) as an AttrValue,
    typed by TF's attr type string when known; None when it cannot be encoded."""
    if isinstance(value, attr_value_pb2.AttrValue):
        return value
    kind = attr_type or _kind_of(value)
    if kind is None:
        return None
    out = attr_value_pb2.AttrValue()
    try:
        if kind.startswith("list("):
            out.list.SetInParent()
            inner = kind[5:-1]
            for item in value or ():
                if not _set_scalar(out.list, inner or _kind_of(item) or "", item, dtype_hint):
                    return None
            return out
        return out if _set_scalar(out, kind, value, dtype_hint) else None
    except (TypeError, ValueError):
        return None


# -- AttrValue -> Python value ------------------------------------------------------------------

def _decode(raw: bytes):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw


def _from_shape(proto) -> tensor_shape.TensorShape:
    return tensor_shape.TensorShape(tensor_proto.shape_from_proto(proto))


def from_attr_value(value: attr_value_pb2.AttrValue):
    """The tfcompat Python form of an AttrValue (strings as str; bytes if not UTF-8)."""
    which = value.WhichOneof("value")
    if which == "list":
        lst = value.list
        if lst.s:
            return [_decode(s) for s in lst.s]
        if lst.type:
            return [dtypes.as_dtype(t) for t in lst.type]
        if lst.shape:
            return [_from_shape(s) for s in lst.shape]
        if lst.tensor:
            return [tensor_proto.make_ndarray(t) for t in lst.tensor]
        if lst.func:
            return [f.name for f in lst.func]
        for field in ("i", "f", "b"):
            if getattr(lst, field):
                return list(getattr(lst, field))
        return []
    if which == "s":
        return _decode(value.s)
    if which == "type":
        return dtypes.as_dtype(value.type)
    if which == "shape":
        return _from_shape(value.shape)
    if which == "tensor":
        return tensor_proto.make_ndarray(value.tensor)
    if which == "func":
        return value.func.name
    if which in ("i", "f", "b", "placeholder"):
        return getattr(value, which)
    return None


# -- argument lists --------------------------------------------------------------------------

def _arg_count(arg, attrs):
    if arg.number_attr:
        n = attrs.get(arg.number_attr)
        return None if n is None else int(n)
    if arg.type_list_attr:
        types = attrs.get(arg.type_list_attr)
        return None if types is None else len(types)
    return 1


def arg_groups(args, attrs: dict, total: int):
    """Splits ``total`` flat inputs/outputs over an OpDef's ``args``: a list of (arg, start,
    count), or None when the attrs do not determine it."""
    counts = [_arg_count(arg, attrs) for arg in args]
    unknown = [i for i, c in enumerate(counts) if c is None]
    if len(unknown) > 1:
        return None
    if unknown:
        counts[unknown[0]] = total - sum(c for c in counts if c is not None)
    if sum(counts) != total or min(counts, default=0) < 0:
        return None
    groups, start = [], 0
    for arg, count in zip(args, counts):
        groups.append((arg, start, count))
        start += count
    return groups


def infer_type_attrs(op_def, attrs: dict, in_dtypes, out_dtypes) -> dict:
    """Type, number and type-list attrs missing from ``attrs`` (`T`, `N`, `Tidx` ...), read off
    the dtypes of an op's inputs and outputs."""
    found = {}
    for args, types in ((op_def.input_arg, in_dtypes), (op_def.output_arg, out_dtypes)):
        groups = arg_groups(args, {**attrs, **found}, len(types))
        for arg, start, count in groups or ():
            group = [dtypes.as_dtype(t).base_dtype for t in types[start:start + count]]
            if arg.number_attr and arg.number_attr not in attrs:
                found.setdefault(arg.number_attr, count)
            if arg.type_attr and arg.type_attr not in attrs and group:
                found.setdefault(arg.type_attr, group[0])
            if arg.type_list_attr and arg.type_list_attr not in attrs:
                found.setdefault(arg.type_list_attr, group)
    return found


def output_dtypes(op_def, attrs: dict) -> list | None:
    """The output dtypes of an op of ``op_def`` with ``attrs`` (None if undetermined)."""
    out = []
    for arg in op_def.output_arg:
        count = _arg_count(arg, attrs)
        if count is None:
            return None
        if arg.type_list_attr:
            types = list(attrs[arg.type_list_attr])
        else:
            base = arg.type if arg.type else attrs.get(arg.type_attr)
            if base is None:
                return None
            types = [base] * count
        for t in types:
            dtype = dtypes.as_dtype(t).base_dtype
            out.append(dtype._as_ref if arg.is_ref else dtype)
    return out


def signature_text(op_def) -> str:
    """TF's short form of an OpDef, as in its error messages:
    ``Op<name=Identity; signature=input:T -> output:T; attr=T:type>``."""
    def arg_text(arg):
        kind = arg.type_attr or arg.type_list_attr or dtypes.as_dtype(arg.type).name
        if arg.number_attr:
            kind = "%s*%s" % (arg.number_attr, kind)
        return "%s:%s%s" % (arg.name, "Ref(%s)" % kind if arg.is_ref else kind, "")

    attrs = []
    for attr in op_def.attr:
        text = "%s:%s" % (attr.name, attr.type)
        if attr.HasField("default_value"):
            default = from_attr_value(attr.default_value)
            text += "=%s" % _default_text(default)
        attrs.append(text)
    return "Op<name=%s; signature=%s -> %s; attr=%s>" % (
        op_def.name, ", ".join(arg_text(a) for a in op_def.input_arg),
        ", ".join(arg_text(a) for a in op_def.output_arg), ", ".join(attrs))


def _default_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dtypes.DType):
        return "DT_" + value.name.upper()
    if isinstance(value, str):
        return '"%s"' % value
    if isinstance(value, list):
        return "[%s]" % ", ".join(_default_text(v) for v in value)
    return str(value)


def is_known_datatype(enum: int) -> bool:
    """True for a DataType enum tfcompat has a DType for (its `_REF` twins included)."""
    try:
        dtypes.as_dtype(int(enum))
    except TypeError:
        return False
    return int(enum) != 0


def datatype_text(enum: int) -> str:
    """TF's spelling of a DataType in messages ("int32")."""
    return dtypes.as_dtype(int(enum)).name

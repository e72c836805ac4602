"""TensorFlow's op signatures (from its OpDefs) and the build-time type check every new op passes.

The table `op_signatures.json.gz` is written by tools/gen_op_signatures.py from
io/tf_op_defs.pb.gz (framework/ never imports io/). It holds, per op type, the input and output
args (fixed type, type attr, number attr or type-list attr) and the type attrs' allowed values
and defaults. `Graph._create_op` checks each op's inputs and type attrs against it and raises
TF's own TypeError/ValueError texts (those of TF's op_def_library), so a lowering never sees a
dtype TensorFlow refuses; the table also gives each output's dtype.
"""
from __future__ import annotations

import functools
import gzip
import json
import os
from dataclasses import dataclass

from tfcompat.framework import dtypes

_TABLE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "op_signatures.json.gz")


@dataclass(frozen=True)
class Arg:
    """One input or output arg of an OpDef: exactly one of `dtype`, `type_attr` (with an
    optional `number_attr`: N tensors of one type) or `type_list_attr`."""

    name: str
    dtype: dtypes.DType | None = None
    type_attr: str = ""
    number_attr: str = ""
    type_list_attr: str = ""
    is_ref: bool = False

    @property
    def is_list(self) -> bool:
        return bool(self.number_attr or self.type_list_attr)


@dataclass(frozen=True)
class Signature:
    op_type: str
    inputs: tuple
    outputs: tuple
    allowed: dict      # type / list(type) attr -> tuple of allowed DTypes (absent: any type)
    defaults: dict     # type attr -> default DType
    minimums: dict     # int / list attr -> minimum value or length
    type_attrs: frozenset
    list_type_attrs: frozenset
    has_list_inputs: bool
    allowed_sets: dict  # `allowed` as frozensets, for fast membership tests
    bounded_attrs: tuple = ()  # (attr, is_list) of int / list attrs with a minimum, no input's N


@functools.lru_cache(maxsize=1)
def _table() -> dict:
    try:
        with gzip.open(_TABLE_PATH, "rb") as f:
            return json.loads(f.read())
    except FileNotFoundError:  # a trimmed install: ops are then not checked against TF
        return {}


def _arg(entry: dict) -> Arg:
    dtype = dtypes.as_dtype(entry["type"]) if "type" in entry else None
    return Arg(entry["name"], dtype, entry.get("type_attr", ""), entry.get("number_attr", ""),
               entry.get("type_list_attr", ""), entry.get("is_ref", False))


@functools.lru_cache(maxsize=None)
def signature(op_type: str) -> Signature | None:
    """TF's signature of `op_type`; None for types TensorFlow does not have."""
    entry = _table().get(op_type)
    if entry is None:
        return None
    attrs = entry["attrs"]
    return Signature(
        op_type, tuple(_arg(a) for a in entry["inputs"]), tuple(_arg(a) for a in entry["outputs"]),
        {k: tuple(dtypes.as_dtype(t) for t in a["allowed"]) for k, a in attrs.items()
         if "allowed" in a},
        {k: dtypes.as_dtype(a["default"]) for k, a in attrs.items() if "default" in a},
        {k: a["minimum"] for k, a in attrs.items() if "minimum" in a},
        frozenset(k for k, a in attrs.items() if a["type"] == "type"),
        frozenset(k for k, a in attrs.items() if a["type"] == "list(type)"),
        any("number_attr" in a or "type_list_attr" in a for a in entry["inputs"]),
        {k: frozenset(dtypes.as_dtype(t) for t in a["allowed"]) for k, a in attrs.items()
         if "allowed" in a},
        tuple((k, a["type"].startswith("list(")) for k, a in attrs.items()
              if "minimum" in a and a["type"] != "list(type)"
              and all(i.get("number_attr") != k for i in entry["inputs"])))


# -- TF's messages ------------------------------------------------------------------------

def check_allowed(sig: Signature, attr: str, dtype, param_name: str) -> None:
    """TF's `_SatisfiesTypeConstraint`: `dtype` must be one of `attr`'s allowed values."""
    allowed = sig.allowed_sets.get(attr)
    if allowed is not None and dtype not in allowed:
        allowed = sig.allowed[attr]
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                        "values: %s" % (param_name, dtype.name,
                                        ", ".join(t.name for t in allowed)))


def _check_length(sig: Signature, arg: Arg, length: int) -> None:
    minimum = sig.minimums.get(arg.number_attr)
    if minimum is not None and length < minimum:
        raise ValueError("List argument '%s' to '%s' Op with length %d shorter than minimum "
                         "length %d." % (arg.name, sig.op_type, length, minimum))


def _list_prefix(sig: Signature, arg: Arg, types) -> str:
    return ("Tensors in list passed to '%s' of '%s' Op have types [%s]"
            % (arg.name, sig.op_type, ", ".join(t.name for t in types)))


# -- binding an op's inputs to its type attrs ---------------------------------------------

class Binder:
    """Binds an op's type, number and type-list attrs from its inputs, arg by arg, checking
    each input the way TF's op_def_library does (same order, same messages)."""

    def __init__(self, sig: Signature):
        self.sig = sig
        self.bound: dict = {}
        self.inferred_from: dict = {}

    def bind(self, arg: Arg, tensors) -> None:
        types = [t.dtype.base_dtype for t in tensors]
        if arg.is_ref and not all(t.dtype._is_ref_dtype for t in tensors):
            raise TypeError("'%s' Op requires that input '%s' be a mutable tensor (e.g.: a "
                            "tf.Variable)" % (self.sig.op_type, arg.name))
        if arg.number_attr:
            self._bind_number(arg, types)
        elif arg.type_list_attr:
            self._bind_type_list(arg, types)
        elif arg.dtype is not None:
            if types[0] != arg.dtype:
                raise TypeError("Input '%s' of '%s' Op has type %s that does not match expected "
                                "type of %s." % (arg.name, self.sig.op_type, types[0].name,
                                                 arg.dtype.name))
        else:
            self._bind_type(arg, arg.type_attr, types[0], arg.name)

    def _bind_type(self, arg: Arg, attr: str, dtype, param_name: str) -> None:
        if attr in self.bound:
            if self.bound[attr] != dtype:
                raise TypeError("Input '%s' of '%s' Op has type %s that does not match type %s "
                                "of argument '%s'." % (arg.name, self.sig.op_type, dtype.name,
                                                       self.bound[attr].name,
                                                       self.inferred_from[attr]))
            return
        check_allowed(self.sig, attr, dtype, param_name)
        self.bound[attr] = dtype
        self.inferred_from[attr] = arg.name

    def _bind_number(self, arg: Arg, types) -> None:
        expected = arg.dtype or self.bound.get(arg.type_attr)
        if any(t != (expected or types[0]) for t in types):
            prefix = _list_prefix(self.sig, arg, types)
            if arg.dtype is not None:
                raise TypeError("%s that do not match expected type %s." % (prefix, expected.name))
            if expected is not None:
                raise TypeError("%s that do not match type %s inferred from earlier arguments."
                                % (prefix, expected.name))
            raise TypeError("%s that don't all match." % prefix)
        if arg.number_attr in self.bound:
            if len(types) != self.bound[arg.number_attr]:
                raise ValueError("List argument '%s' to '%s' Op with length %d must match "
                                 "length %d of argument '%s'."
                                 % (arg.name, self.sig.op_type, len(types),
                                    self.bound[arg.number_attr],
                                    self.inferred_from[arg.number_attr]))
        else:
            self.bound[arg.number_attr] = len(types)
            self.inferred_from[arg.number_attr] = arg.name
            _check_length(self.sig, arg, len(types))
        if arg.type_attr and types:
            self._bind_type(arg, arg.type_attr, types[0], arg.name)

    def _bind_type_list(self, arg: Arg, types) -> None:
        attr = arg.type_list_attr
        if attr in self.bound:
            if self.bound[attr] != types:
                raise TypeError("Input '%s' of '%s' Op has type list of %s that does not match "
                                "type list %s of argument '%s'."
                                % (arg.name, self.sig.op_type, ", ".join(t.name for t in types),
                                   ", ".join(t.name for t in self.bound[attr]),
                                   self.inferred_from[attr]))
            return
        for dtype in types:
            check_allowed(self.sig, attr, dtype, arg.name)
        self.bound[attr] = types
        self.inferred_from[attr] = arg.name

    def check_attrs(self, attrs: dict) -> None:
        """Type and list attrs that no input set (`DstT`, `dtype`, `Tout` ...), as TF's
        `_ExtractAttrProto` checks them."""
        sig = self.sig
        for attr in sig.type_attrs:
            if attr not in self.bound and isinstance(attrs.get(attr), dtypes.DType):
                check_allowed(sig, attr, attrs[attr].base_dtype, attr)
        for attr in sig.list_type_attrs:
            value = attrs.get(attr)
            if attr in self.bound or not isinstance(value, (list, tuple)):
                continue
            minimum = sig.minimums.get(attr)
            if minimum is not None and len(value) < minimum:
                raise ValueError("Attr '%s' of '%s' Op passed list of length %d less than "
                                 "minimum %d." % (attr, sig.op_type, len(value), minimum))
            for dtype in value:
                if isinstance(dtype, dtypes.DType):
                    check_allowed(sig, attr, dtype.base_dtype, attr)
        for attr, is_list in sig.bounded_attrs:
            _check_minimum(sig, attr, is_list, attrs.get(attr))


def _check_minimum(sig: Signature, attr: str, is_list: bool, value) -> None:
    """TF's `_apply_op_helper`: an int attr below its OpDef minimum, or a list attr shorter."""
    minimum = sig.minimums[attr]
    if is_list and isinstance(value, (list, tuple)) and len(value) < minimum:
        raise ValueError("Attr '%s' of '%s' Op passed list of length %d less than minimum %d."
                         % (attr, sig.op_type, len(value), minimum))
    if not is_list and isinstance(value, int) and not isinstance(value, bool) \
            and value < minimum:
        raise ValueError("Attr '%s' of '%s' Op passed %d less than minimum %d."
                         % (attr, sig.op_type, value, minimum))


# -- grouping flat inputs by arg ----------------------------------------------------------

def _arg_count(arg: Arg, attrs: dict):
    if arg.number_attr:
        n = attrs.get(arg.number_attr)
        return n if isinstance(n, int) else None
    if arg.type_list_attr:
        types = attrs.get(arg.type_list_attr)
        return len(types) if isinstance(types, (list, tuple)) else None
    return 1


def group_inputs(sig: Signature, inputs, attrs: dict):
    """Splits an op's flat `inputs` over the signature's input args: a list of (arg, tensors),
    or None when the count of a list arg is not determined by `attrs` or the total."""
    if not sig.has_list_inputs:
        return list(zip(sig.inputs, ([t] for t in inputs))) \
            if len(inputs) == len(sig.inputs) else None
    counts = [_arg_count(arg, attrs) for arg in sig.inputs]
    unknown = {arg.number_attr or arg.type_list_attr
               for arg, c in zip(sig.inputs, counts) if c is None}
    if len(unknown) > 1:
        return None
    if unknown:
        sharing = [i for i, c in enumerate(counts) if c is None]
        rest = len(inputs) - sum(c for c in counts if c is not None)
        if rest < 0 or rest % len(sharing):
            return None
        for i in sharing:
            counts[i] = rest // len(sharing)
    if sum(counts) != len(inputs):
        return None
    groups, start = [], 0
    for arg, count in zip(sig.inputs, counts):
        groups.append((arg, list(inputs[start:start + count])))
        start += count
    return groups


def check_op(op_type: str, inputs, attrs: dict, declared_inputs=None) -> dict | None:
    """Checks an op's input dtypes and type attrs against TF's OpDef of `op_type` (TypeError or
    ValueError with TF's text) and returns the attrs its inputs bind (`T`, `N`, ...), or None
    when TF has no such op or tfcompat declares it with other inputs (`declared_inputs`)."""
    sig = signature(op_type)
    if sig is None or (declared_inputs is not None and len(declared_inputs) != len(sig.inputs)):
        return None
    groups = group_inputs(sig, inputs, attrs)
    fits_attrs = groups is not None
    if not fits_attrs:
        # NOTE: tfcompat's functional While/If keep captured tensors out of their `T`/`Tin`
        # attrs (and outputs), so list lengths the attrs do not fit are read off the inputs.
        groups = group_inputs(sig, inputs, {})
        if groups is None:  # several list args of unknown length: nothing to check them against
            return None
    binder = Binder(sig)
    for arg, tensors in groups:
        binder.bind(arg, tensors)
    binder.check_attrs(attrs)
    return binder.bound if fits_attrs else None


def output_dtypes(op_type: str, bound: dict, attrs: dict) -> list | None:
    """The dtypes of an op's outputs by TF's OpDef, from the attrs its inputs bound and its
    other attrs (or their OpDef defaults); None where they are not determined."""
    sig = signature(op_type)
    if sig is None:
        return None
    out = []
    for arg in sig.outputs:
        if arg.type_list_attr:
            types = bound.get(arg.type_list_attr, attrs.get(arg.type_list_attr))
            if not isinstance(types, (list, tuple)):
                return None
            group = [dtypes.as_dtype(t) for t in types]
        else:
            dtype = arg.dtype or _type_attr_value(sig, arg.type_attr, bound, attrs)
            count = _arg_count(arg, {**attrs, **bound})
            if dtype is None or count is None:
                return None
            group = [dtype] * count
        out.extend(t.base_dtype._as_ref if arg.is_ref else t.base_dtype for t in group)
    return out


def check_outputs(op, bound: dict | None) -> None:
    """Asserts that the output dtypes an op's shape rule gave are those of TF's OpDef (an
    output `y: T` has the dtype its inputs bound to T; `y: out_type` the attr's)."""
    if not __debug__ or bound is None or op.op_def is None or op.op_def.infer is None:
        return  # (an internal invariant: `python -O` skips it, as it skips asserts)
    want = output_dtypes(op.type, bound, op._attrs)
    got = [t.dtype for t in op._outputs]
    assert want is None or got == want, (
        "tfcompat's shape rule of %s gives op '%s' outputs of dtype [%s]; TF's OpDef says [%s]"
        % (op.type, op.name, ", ".join(t.name for t in got), ", ".join(t.name for t in want)))


def _type_attr_value(sig: Signature, attr: str, bound: dict, attrs: dict):
    value = bound.get(attr, attrs.get(attr))
    if value is None:
        return sig.defaults.get(attr)
    if isinstance(value, dtypes.DType):
        return value
    try:
        return dtypes.as_dtype(value)
    except TypeError:
        return None

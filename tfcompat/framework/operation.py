"""`Operation` and `Tensor`: the symbolic nodes and edges of a TF1 graph.

Graph construction only: these objects hold no values. Sessions (client/) compute values.
(TF calls this module framework/ops.py; renamed so it cannot be confused with tfcompat/ops/.)
"""
from __future__ import annotations

import os

import numpy as np

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework import tensor_shape
from tfcompat.framework.default_session import run_using_default_session
from tfcompat.framework.device import canonical_name
from tfcompat.framework.op_stack import capture_stack
from tfcompat.framework.op_stack import convert_stack
from tfcompat.framework.op_stack import user_location

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


_TENSOR_VALUED = frozenset({"Const", "HostConst"})     # ops whose `value` attr is a tensor


def _is_shape_attr(value) -> bool:
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, tensor_shape.TensorShape) for v in value)
    return isinstance(value, tensor_shape.TensorShape)


def _raise_merge_error(old, new):
    """TF's C++ MergeShapes message for two incompatible static shapes."""
    if old.ndims != new.ndims:
        raise ValueError("Shapes must be equal rank, but are %d and %d" % (old.ndims, new.ndims))
    for i, (a, b) in enumerate(zip(old.as_list(), new.as_list())):
        if a is not None and b is not None and a != b:
            raise ValueError("Dimension %d in both shapes must be equal, but are %d and %d. "
                             "Shapes are %s and %s." % (i, a, b, shape_rules.shape_text(old),
                                                        shape_rules.shape_text(new)))
    raise ValueError("Shapes %s and %s are not compatible" % (old, new))


def _attr_value_to_python(attr):
    """TF's `Operation.get_attr` conversion of an AttrValue proto: bytes, int, float, bool,
    DType, TensorShapeProto, TensorProto, NameAttrList, or a list of one of them."""
    which = attr.WhichOneof("value")
    if which == "list":
        for field in ("s", "i", "f", "b", "type", "shape", "tensor", "func"):
            values = list(getattr(attr.list, field))
            if values:
                return [dtypes.as_dtype(v) for v in values] if field == "type" else values
        return []
    if which == "type":
        return dtypes.as_dtype(attr.type)
    return getattr(attr, which) if which else None


class Operation:
    """A node of the graph: a TF op type, its inputs, attrs and outputs (TF1 `tf.Operation`)."""

    def __init__(self, graph, op_type: str, name: str, inputs, attrs: dict, device: str,
                 control_inputs, op_def):
        self._graph = graph
        self._type = op_type
        self._name = name
        self._inputs = tuple(inputs)
        self._attrs = attrs
        self._device = device
        self._control_inputs = list(control_inputs)
        self._op_def = op_def
        self._outputs: list[Tensor] = []
        self._id = graph._next_id()
        self._traceback = capture_stack(1)   # from this __init__ out, as TF 1.15's
        self._location = None                # traceback_line, found when first asked for
        self._consumers: list[Operation] = []

    # -- TF1 properties -------------------------------------------------------------------
    name = property(lambda self: self._name)
    type = property(lambda self: self._type)
    graph = property(lambda self: self._graph)
    outputs = property(lambda self: list(self._outputs))
    device = property(lambda self: self._device)
    control_inputs = property(lambda self: list(self._control_inputs))
    node_def = property(lambda self: self._graph._node_def(self))
    op_def = property(lambda self: self._op_def)

    @property
    def inputs(self):
        return _InputList(self._inputs)

    @property
    def traceback_line(self) -> str:
        """'file:line' of the first frame outside tfcompat that made this op (for messages)."""
        if self._location is None:
            self._location = user_location(self._traceback, _PACKAGE_DIR)
        return self._location

    @traceback_line.setter
    def traceback_line(self, location: str):
        self._location = location

    @property
    def traceback(self):
        """The call stack this op was created under: a tuple of (filename, lineno, name,
        line) tuples, outermost frame first (TF 1.15's)."""
        return convert_stack(self._traceback)

    @property
    def traceback_with_start_lines(self):
        """As `traceback`, each frame with its function's first line as a fifth entry."""
        return convert_stack(self._traceback, include_func_start_lineno=True)

    def values(self):
        return tuple(self._outputs)

    def get_attr(self, name: str):
        """The attr as TF's get_attr returns it (from the AttrValue): strings as bytes, shapes
        as TensorShapeProto, a Const's value as a TensorProto, floats rounded to float32.
        tfcompat's own code reads `_attrs`, which holds the Python values."""
        if name not in self._attrs:  # an attr TF's OpDef defaults, as the NodeDef holds it
            attr = self._graph._node_def(self).attr
            if name not in attr:
                raise ValueError("Operation '%s' has no attr named '%s'." % (self._name, name))
            return _attr_value_to_python(attr[name])
        value = self._attrs[name]
        if name == "value" and self._type in _TENSOR_VALUED or _is_shape_attr(value):
            attr = self._graph._node_def(self).attr[name]
            if attr.HasField("tensor"):
                return attr.tensor
            return list(attr.list.shape) if isinstance(value, list) else attr.shape
        if type(value) is float:
            return float(np.float32(value))
        if isinstance(value, str):
            return value.encode()
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return [v.encode() for v in value]
        return value

    def _set_attr(self, name: str, value) -> None:
        if hasattr(value, "WhichOneof"):  # an AttrValue proto, as TF's _set_attr takes
            value = self._graph._attr_from_proto(value)
        self._attrs[name] = value
        self._graph._bump_version()

    @property
    def attrs(self) -> dict:
        return dict(self._attrs)

    def _set_device(self, device) -> None:
        self._device = canonical_name(device)
        self._graph._bump_version()

    def _add_control_input(self, op) -> None:
        if not isinstance(op, Operation):
            raise TypeError("op must be an Operation: %s" % (op,))
        if op not in self._control_inputs:
            self._control_inputs.append(op)
            self._graph._bump_version()  # sessions cache plans per graph version

    def _add_control_inputs(self, ops) -> None:
        for op in ops:
            self._add_control_input(op)

    @property
    def _control_outputs(self) -> list:
        """The ops with a control dependency on this one (TF's private property, which
        graph-editing code reads), in the order they were added to the graph."""
        return [op for op in self._graph._ops if self in op._control_inputs]

    def _remove_all_control_inputs(self) -> None:
        self._control_inputs = []
        self._graph._bump_version()

    def _update_input(self, index, tensor) -> None:
        """Makes input `index` read `tensor` (TF's internal `_update_input`, UpdateEdge)."""
        if not isinstance(tensor, Tensor):
            raise TypeError("tensor must be a Tensor: %s" % (tensor,))
        if tensor.graph is not self._graph:
            raise ValueError("%s must be from the same graph as %s." % (tensor, self))
        if not 0 <= index < len(self._inputs):
            raise errors.OutOfRangeError(
                None, None, "Cannot update edge. Input index [%d] is greater than the number "
                "of total inputs [%d]." % (index, len(self._inputs)))
        old = self._inputs[index]
        if not tensor.shape.is_compatible_with(old.shape):
            raise errors.InvalidArgumentError(
                None, None, "Cannot update edge, incompatible shapes: %s and %s."
                % (_shape_text(tensor.shape), _shape_text(old.shape)))
        if tensor.dtype.base_dtype != old.dtype.base_dtype:  # TF 1.15 accepts it, then fails
            raise TypeError("Input %d of node %s was passed %s from %s incompatible with "
                            "expected %s." % (index, self._name, tensor.dtype.name,
                                              tensor.name, old.dtype.name))
        inputs = list(self._inputs)
        inputs[index] = tensor
        self._inputs = tuple(inputs)
        old.op._consumers.remove(self)
        tensor.op._consumers.append(self)
        self.__dict__.pop("_folded", None)   # tensor_util.constant_value's cache
        self._graph._bump_version()

    def colocation_groups(self):
        groups = [g if isinstance(g, bytes) else str(g).encode()
                  for g in self._attrs.get("_class", ())]
        groups = [g for g in groups if g.startswith(b"loc:@")]
        return groups or [b"loc:@" + self._name.encode()]

    def run(self, feed_dict=None, session=None):
        """Runs this op in `session` (default: the default session)."""
        run_using_default_session(self, feed_dict, self._graph, session, "operation")

    def __repr__(self):
        return "<tf.Operation '%s' type=%s>" % (self._name, self._type)

    def __str__(self):
        return str(self.node_def)


def _shape_text(shape) -> str:
    """A shape as TF's shape inference prints it: [2,?], <unknown>."""
    if shape.ndims is None:
        return "<unknown>"
    return "[%s]" % ",".join("?" if d is None else str(d) for d in shape.as_list())


class _InputList(tuple):
    """`op.inputs` (TF's immutable input list)."""


class Tensor:
    """A symbolic handle to one output of an `Operation` (TF1 `tf.Tensor`).

    >>> c = tf.add(3, 5)
    >>> print(c)
    Tensor("Add:0", shape=(), dtype=int32)
    """

    __array_priority__ = 100

    # TF's: the operators `tf.Tensor` overloads (and `_override_operator` accepts)
    OVERLOADABLE_OPERATORS = {
        "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__div__",
        "__rdiv__", "__truediv__", "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__",
        "__rmod__", "__lt__", "__le__", "__gt__", "__ge__", "__ne__", "__eq__", "__and__",
        "__rand__", "__or__", "__ror__", "__xor__", "__rxor__", "__getitem__", "__pow__",
        "__rpow__", "__invert__", "__neg__", "__abs__", "__matmul__", "__rmatmul__"}

    def __init__(self, op: Operation, value_index: int, dtype, shape):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = tensor_shape.as_shape(shape)
        self._name = "%s:%d" % (op.name, value_index)

    op = property(lambda self: self._op)
    value_index = property(lambda self: self._value_index)
    dtype = property(lambda self: self._dtype)
    graph = property(lambda self: self._op._graph)
    name = property(lambda self: self._name)
    device = property(lambda self: self._op._device)
    shape = property(lambda self: self._shape)

    def get_shape(self):
        return self._shape

    def set_shape(self, shape) -> None:
        """Merges `shape` into this tensor's static shape; if they are incompatible, the
        ValueError of TF's C++ MergeShapes (TF_GraphSetTensorShape)."""
        old, new = self._shape, tensor_shape.as_shape(shape)
        try:
            self._shape = old.merge_with(new)
        except ValueError:   # only then TF's message (set_shape is on graph building's path)
            _raise_merge_error(old, new)

    def consumers(self):
        """The ops reading this tensor, one entry per input that reads it (TF's list)."""
        return [op for op in dict.fromkeys(self._op._consumers)
                for t in op._inputs if t is self]

    def eval(self, feed_dict=None, session=None):
        """The value of this tensor in `session` (default: the default session)."""
        return run_using_default_session(self, feed_dict, self.graph, session, "tensor")

    def _shape_as_list(self):
        return None if self._shape.ndims is None else self._shape.as_list()

    def __str__(self):
        # NOTE: as TF, the shape is left out when even the rank is unknown, the device is shown
        return 'Tensor("%s"%s, dtype=%s%s)' % (
            self._name, "" if self._shape.ndims is None else ", shape=%s" % (self._shape,),
            self._dtype.name, ", device=%s" % self.device if self.device else "")

    def __repr__(self):
        return "<tf.Tensor '%s' shape=%s dtype=%s>" % (self._name, self._shape, self._dtype.name)

    def __hash__(self):
        return id(self)

    def experimental_ref(self):
        """A hashable reference to this tensor (`.deref()` gives it back): TF 1.15's way to key
        dicts and sets by tensors."""
        return Reference(self)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __bool__(self):
        raise errors.OperatorNotAllowedInGraphError(
            "Using a symbolic `tf.Tensor` as a Python `bool` is not allowed. Use `if t is not "
            "None:` instead of `if t:` to test if a tensor is defined, and use TensorFlow ops "
            "such as tf.cond to execute subgraphs conditioned on the value of a tensor.")

    def __iter__(self):
        raise errors.OperatorNotAllowedInGraphError(
            "Iterating over a symbolic `tf.Tensor` is not allowed. To iterate over this "
            "tensor use tf.map_fn or tf.unstack.")

    def __len__(self):
        raise TypeError("len is not well defined for a symbolic Tensor (%s). Please call "
                        "`x.shape` rather than `len(x)` for shape information." % self._name)

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(
            "Cannot convert a symbolic tf.Tensor (%s) to a numpy array. This error may indicate "
            "that you're trying to pass a Tensor to a NumPy call, which is not supported."
            % self._name)

    @classmethod
    def _override_operator(cls, operator: str, func) -> None:
        if operator not in Tensor.OVERLOADABLE_OPERATORS:
            raise ValueError("Overriding %s is disallowed" % operator)   # as TF
        setattr(cls, operator, func)


class Reference:
    """What `Tensor.experimental_ref()` / `Variable.experimental_ref()` return: equal and
    hashed by the identity of the object it wraps (TF's object_identity.Reference)."""

    __slots__ = ("_wrapped",)

    def __init__(self, wrapped):
        self._wrapped = wrapped

    def deref(self):
        return self._wrapped

    def __eq__(self, other):
        return isinstance(other, Reference) and self._wrapped is other._wrapped

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return id(self._wrapped)

    def __repr__(self):
        return "<Reference wrapping %r>" % (self._wrapped,)


def is_tensor_like(value) -> bool:
    return isinstance(value, Tensor) or hasattr(value, "_as_graph_element")

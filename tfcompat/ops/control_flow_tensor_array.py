"""`tf.TensorArray`: a list of tensors written and read inside loops (what `map_fn`, `scan` and
`dynamic_rnn` carry through `tf.while_loop`).

TF's ops keep the array in a resource and thread a scalar `flow` tensor through writes to order
them. Here the flow's run-time value *is* the array: an immutable `_Elements` holding a tuple of
torch tensors, so every write returns a new flow value, and loops and conds carry it like any
other value. Reads, stacks and concats are differentiable torch calls, so autograd flows
through them. The `handle` output carries nothing at run time.
"""
from __future__ import annotations

import logging
import traceback

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.shape_rules import cpp_type_name
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import get_static_value
from tfcompat.ops.array_ops import identity
from tfcompat.ops.array_ops import range as tf_range
from tfcompat.ops.array_ops import shape as tf_shape
from tfcompat.ops.math_ops import cast

_log = logging.getLogger("tensorflow")

__all__ = ["TensorArray"]

_SCALAR = TensorShape([])


class _Elements:
    """The run-time value of a TensorArray's flow: its elements (None where unwritten).

    Like TF's resource, one array per TensorArrayV3 run is shared by all the flows derived
    from it: a write fills a slot in place (so a loop of n writes costs O(n)) and returns the
    same array as the new flow."""

    __slots__ = ("items", "dynamic", "identical", "name", "shape", "clear_after_read",
                 "aggregate", "grads", "dtype")

    def __init__(self, size, dynamic=False, identical=False, name="", clear_after_read=False,
                 dtype=None):
        self.items = [None] * size
        self.dtype = dtype      # the TensorArrayV3's dtype (None: not checked)
        self.dynamic, self.identical, self.name = dynamic, identical, name
        self.shape = None       # the first written element's shape
        self.clear_after_read = clear_after_read
        # TF's gradient arrays (TensorArrayGradV3, in GraphDefs TF wrote: control_flow_v1.py)
        # add up writes to one index; `grads` holds an array's gradient arrays by source
        self.aggregate = False
        self.grads = None

    def __repr__(self):
        return "<TensorArray value: %d elements>" % len(self.items)

    def written_shape(self):
        return self.shape


_CLEARED = object()   # an element read once from a clear_after_read TensorArray


def _index(value):
    return int(value.item()) if isinstance(value, torch.Tensor) else int(value)


def _array(handle, flow):
    """The array an op works on: its handle's where the handle carries one (TensorArrayV3's
    does; TF's gradient ops pass a gradient array's handle with the forward array's flow),
    else its flow's."""
    return handle if isinstance(handle, _Elements) else flow


def _flow_out(ctx, elems):
    """A write's flow: the array, except for gradient arrays, whose flows TF's gradient graphs
    add up as float scalars (their ops find the array through the handle)."""
    return torch.zeros((), device=ctx.device) if elems.aggregate else elems


def _fail(ctx, elems, message):
    prefix = "TensorArray %s: " % elems.name if elems is not None and elems.name else ""
    return errors.op_error(errors.InvalidArgumentError, ctx.op, prefix + message)


def _write(ctx, elems, index, value):
    items = elems.items
    if index < 0:
        raise _fail(ctx, elems, "Tried to write to index %d but array size is: %d"
                    % (index, len(items)))
    if index >= len(items):
        if not elems.dynamic:
            raise _fail(ctx, elems, "Tried to write to index %d but array is not resizeable and "
                                    "size is: %d" % (index, len(items)))
        items.extend([None] * (index + 1 - len(items)))
    if items[index] is _CLEARED:
        raise _fail(ctx, elems, "Could not write to TensorArray index %d because it has already "
                                "been read." % index)
    if items[index] is not None and elems.aggregate:
        items[index] = items[index] + value
        return elems
    if items[index] is not None:
        raise _fail(ctx, elems, "Could not write to TensorArray index %d because it has already "
                                "been written to." % index)
    shape = tuple(value.shape)
    if elems.identical and elems.shape is not None and shape != elems.shape:
        raise _fail(ctx, elems, "Could not write to TensorArray index %d because the value shape "
                                "is %s which is incompatible with the TensorArray's inferred "
                                "element shape: %s (consider setting infer_shape=False)."
                    % (index, _dims(shape), _dims(elems.shape)))
    if elems.shape is None:
        elems.shape = shape
    items[index] = value
    return elems


def _read(ctx, elems, index, element_shape, dtype):
    if index < 0 or index >= len(elems.items):
        raise _fail(ctx, elems, "Tried to read from index %d but array size is: %d"
                    % (index, len(elems.items)))
    value = elems.items[index]
    if value is _CLEARED:
        raise _fail(ctx, elems, "Could not read index %d twice because it was cleared after a "
                                "previous read (perhaps try setting clear_after_read = false?)."
                    % index)
    if value is not None and elems.clear_after_read:
        elems.items[index] = _CLEARED   # TF's read-once semantics (clear_after_read=True)
    if value is None:
        shape = element_shape.as_list() if element_shape.is_fully_defined() else \
            elems.written_shape()
        if shape is None:
            raise _fail(ctx, elems, "Could not read from TensorArray index %d.  Furthermore, the "
                                    "element shape is not fully defined: %s.  It is possible you "
                                    "are working with a resizeable TensorArray and "
                                    "stop_gradients is not allowing the gradients to be written. "
                                    " If you set the full element_shape property on the forward "
                                    "TensorArray, the proper all-zeros tensor will be returned "
                                    "instead of incurring this error."
                        % (index, _shape_text(element_shape)))
        return _zeros(ctx, list(shape), dtype)
    return value


def _stack(ctx, elems, values, element_shape, dtype):
    if not values:
        if not element_shape.is_fully_defined():
            # TensorArrayPackOrGatherOp raises Unimplemented, without the array's name
            raise errors.op_error(errors.UnimplementedError, ctx.op,
                                  "TensorArray has size zero, but element shape %s is not "
                                  "fully defined. Currently only static shapes are supported "
                                  "when packing zero-size TensorArrays."
                                  % _shape_text(element_shape))
        return _zeros(ctx, [0] + element_shape.as_list(), dtype)
    first = values[0].shape
    for i, v in enumerate(values[1:], 1):
        if v.shape != first:
            raise _fail(ctx, None, "TensorArray has inconsistent shapes.  Index 0 has shape: %s "
                                   "but index %d has shape: %s" % (_dims(first), i,
                                                                   _dims(v.shape)))
    if isinstance(values[0], np.ndarray):   # strings are numpy object arrays
        return np.stack(values)
    return torch.stack(values)


def _zeros(ctx, shape, dtype):
    if dtypes.as_dtype(dtype) == dtypes.string:
        if 0 not in shape:   # TF has no zero string to fill an unwritten element with
            raise _fail(ctx, None, "tensor_array::TensorSetZero type not supported: string")
        return np.zeros(shape, dtype=object)
    return torch.zeros(shape, dtype=_torch_dtype(dtype), device=ctx.device)


def _rows(value, sizes=None):
    """`value` split along axis 0: into rows, or into pieces of `sizes` rows."""
    if isinstance(value, np.ndarray):
        if sizes is None:   # rows of a 1-D string array stay 0-d arrays, not bytes
            return [np.asarray(row, dtype=value.dtype) for row in value]
        return np.split(value, np.cumsum(sizes)[:-1].astype(int)) if sizes else []
    return value.unbind(0) if sizes is None else torch.split(value, sizes)


def _torch_dtype(dtype):
    return dtypes.as_dtype(dtype).torch_dtype or torch.float32


def _dims(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _shape_text(shape):
    # PartialTensorShape::DebugString: unknown dims print as "?"
    if shape.ndims is None:
        return "<unknown>"
    return _dims("?" if d is None else d for d in shape.as_list())


# -- op registrations ------------------------------------------------------------------------

def _ta_infer(op, size, **_):
    # TF's handle is a vector of 2 (the resource's container and name): shape (2,)
    return [(dtypes.resource, TensorShape([2])), (dtypes.float32, _SCALAR)]


@register_op("TensorArrayV3", inputs=("size: int32",), infer=_ta_infer, stateful=True,
             attrs={"dtype": None, "element_shape": TensorShape(None), "dynamic_size": False,
                    "clear_after_read": True, "identical_element_shapes": False,
                    "tensor_array_name": ""})
def _lower_ta(ctx, size, *, dtype, dynamic_size, identical_element_shapes, tensor_array_name,
              clear_after_read, **_):
    elems = _Elements(_index(size), dynamic=dynamic_size, identical=identical_element_shapes,
                      name=tensor_array_name or ctx.op.name, clear_after_read=clear_after_read,
                      dtype=dtypes.as_dtype(dtype))
    return elems, elems


_FLOW = lambda op, *a, **k: [(dtypes.float32, _SCALAR)]  # noqa: E731


@register_op("TensorArrayWriteV3", inputs=("handle: resource", "index: int32", "value: T",
                                           "flow_in: float32"), infer=_FLOW)
def _lower_write(ctx, handle, index, value, flow):
    elems = _array(handle, flow)
    _check_value_dtype(ctx, elems)
    return _flow_out(ctx, _write(ctx, elems, _index(index), value))


def _check_value_dtype(ctx, elems, value_input=2):
    """TF's TensorArrayWriteOp / ScatterOp / SplitOp check of the written value's dtype (the
    Python wrapper only logs the mismatch, as TF 1.x's _check_dtypes)."""
    value_dtype = ctx.op.inputs[value_input].dtype.base_dtype
    if elems.dtype is not None and value_dtype != elems.dtype:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "TensorArray dtype is %s but Op is trying to write dtype %s."
                              % (cpp_type_name(elems.dtype), cpp_type_name(value_dtype)))


def _read_infer(op, handle, index, flow, *, dtype, element_shape=TensorShape(None)):
    return [(dtype, element_shape)]


@register_op("TensorArrayReadV3", inputs=("handle: resource", "index: int32", "flow_in: float32"),
             infer=_read_infer, attrs={"dtype": None, "element_shape": TensorShape(None)})
def _lower_read(ctx, handle, index, flow, *, dtype, element_shape):
    return _read(ctx, _array(handle, flow), _index(index), element_shape, dtype)


def _gather_infer(op, handle, indices, flow, *, dtype, element_shape):
    return [(dtype, TensorShape([None]).concatenate(element_shape))]


@register_op("TensorArrayGatherV3", inputs=("handle: resource", "indices: int32",
                                            "flow_in: float32"),
             infer=_gather_infer, attrs={"dtype": None, "element_shape": TensorShape(None)})
def _lower_gather(ctx, handle, indices, flow, *, dtype, element_shape):
    flow = _array(handle, flow)
    idx = indices.reshape(-1).tolist() if isinstance(indices, torch.Tensor) else list(indices)
    values = [_read(ctx, flow, int(i), element_shape, dtype) for i in idx]
    return _stack(ctx, flow, values, element_shape, dtype)


@register_op("TensorArrayScatterV3", inputs=("handle: resource", "indices: int32", "value: T",
                                             "flow_in: float32"), infer=_FLOW)
def _lower_scatter(ctx, handle, indices, value, flow):
    flow = _array(handle, flow)
    _check_value_dtype(ctx, flow)
    for i, row in zip(indices.reshape(-1).tolist(), _rows(value)):
        flow = _write(ctx, flow, int(i), row)
    return _flow_out(ctx, flow)


def _concat_infer(op, handle, flow, *, dtype, element_shape_except0):
    rest = element_shape_except0
    shape = TensorShape(None) if rest.ndims is None else TensorShape([None]).concatenate(rest)
    return [(dtype, shape), (dtypes.int64, TensorShape([None]))]


@register_op("TensorArrayConcatV3", inputs=("handle: resource", "flow_in: float32"),
             infer=_concat_infer, attrs={"dtype": None,
                                         "element_shape_except0": TensorShape(None)})
def _lower_concat(ctx, handle, flow, *, dtype, element_shape_except0):
    flow = _array(handle, flow)
    values = [_read(ctx, flow, i, TensorShape(None), dtype) for i in range(len(flow.items))]
    lengths = torch.tensor([v.shape[0] for v in values], dtype=torch.int64, device=ctx.device)
    if not values:
        rest = element_shape_except0.as_list() if element_shape_except0.ndims else []
        return _zeros(ctx, [0] + rest, dtype), lengths
    if isinstance(values[0], np.ndarray):
        return np.concatenate(values), lengths
    return torch.cat(values), lengths


@register_op("TensorArraySplitV3", inputs=("handle: resource", "value: T", "lengths: int64",
                                           "flow_in: float32"), infer=_FLOW)
def _lower_split(ctx, handle, value, lengths, flow):
    flow = _array(handle, flow)
    _check_value_dtype(ctx, flow, value_input=1)
    sizes = [int(n) for n in lengths.reshape(-1).tolist()]
    if sum(sizes) != value.shape[0]:
        raise _fail(ctx, flow, "Expected sum of lengths to be equal to values.shape[0], but sum "
                               "of lengths is %d and value's shape is: %s"
                    % (sum(sizes), _dims(value.shape)))
    for i, part in enumerate(_rows(value, sizes)):
        flow = _write(ctx, flow, i, part)
    return _flow_out(ctx, flow)


@register_op("TensorArraySizeV3", inputs=("handle: resource", "flow_in: float32"),
             infer=lambda op, *a, **k: [(dtypes.int32, _SCALAR)])
def _lower_size(ctx, handle, flow):
    # on the host, as TF's HostMemory("size"): a GPU plan reads it without waiting
    return torch.tensor(len(_array(handle, flow).items), dtype=torch.int32)


@register_op("TensorArrayCloseV3", inputs=("handle: resource",), infer=lambda op, *a, **k: [],
             stateful=True)
def _lower_close(ctx, handle):
    return None


# -- the Python TensorArray -------------------------------------------------------------------

class TensorArray:
    """TF1 `tf.TensorArray`: a dynamically sized list of tensors, for loops.

    Every write returns a new TensorArray (use it, not the old one), as in TF.

    >>> ta = tf.TensorArray(tf.float32, size=2)
    >>> ta = ta.write(0, 1.0).write(1, 2.0)
    >>> ta.stack().shape
    TensorShape([Dimension(2)])
    """

    _tfcompat_tensor_array = True

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None,
                 tensor_array_name=None, handle=None, flow=None, infer_shape=True,
                 element_shape=None, colocate_with_first_write_call=True, name=None):
        if flow is not None and flow.dtype.base_dtype != dtypes.float32:
            raise TypeError("flow must be float32, but saw: %s" % flow.dtype)
        if handle is not None and size is not None:
            raise ValueError("Cannot provide both a handle and size at the same time")
        if handle is not None and element_shape is not None:
            raise ValueError("Cannot provide both a handle and element_shape at the same time")
        if handle is not None and dynamic_size is not None:
            raise ValueError("Cannot provide both a handle and dynamic_size at the same time")
        if handle is None and size is None:
            raise ValueError("Size must be provided if handle is not provided")
        self._dtype = dtypes.as_dtype(dtype).base_dtype
        self._dynamic_size = bool(dynamic_size)
        self._infer_shape = infer_shape
        self._element_shape = [tensor_shape.as_shape(element_shape)
                               if element_shape is not None else TensorShape(None)]
        self._size = size
        # the element shape the TensorArrayV3 op was created with: TF's gather shape function
        # reads it from the handle (indices' shape + this shape)
        self._handle_shape = self._element_shape[0]
        if handle is not None:
            self._handle, self._flow = handle, flow
            self._handle_shape = TensorShape(None)
            return
        with name_scope(name, "TensorArray", [size]) as scope:
            self._handle, self._flow = apply_op(
                "TensorArrayV3", [size], name=scope, dtype=self._dtype,
                element_shape=self._element_shape[0], dynamic_size=self._dynamic_size,
                clear_after_read=True if clear_after_read is None else clear_after_read,
                identical_element_shapes=infer_shape,
                tensor_array_name=tensor_array_name or "")

    dtype = property(lambda self: self._dtype)
    handle = property(lambda self: self._handle)
    flow = property(lambda self: self._flow)
    dynamic_size = property(lambda self: self._dynamic_size)

    @property
    def element_shape(self):
        return self._element_shape[0]

    def _with_flow(self, flow):
        ta = TensorArray(self._dtype, handle=self._handle, flow=flow,
                         infer_shape=self._infer_shape)
        ta._dynamic_size = self._dynamic_size
        ta._element_shape = self._element_shape
        ta._size = self._size
        ta._handle_shape = self._handle_shape
        return ta

    def _merge_element_shape(self, shape):
        if not self._infer_shape:
            return
        try:
            self._element_shape[0] = self._element_shape[0].merge_with(shape)
        except ValueError:
            raise ValueError("Inconsistent shapes: saw %s but expected %s "
                             % (shape, self._element_shape[0])) from None

    def _value(self, value, name="value"):
        value = convert_to_tensor(value, preferred_dtype=self._dtype, name=name)
        if value.dtype.base_dtype != self._dtype:   # TF 1.x's _check_dtypes: logged; the op fails
            _log.error("Error: Input value %s has dtype %s, but expected dtype %s.  This leads to "
                       "undefined behavior and will be an error in future versions of "
                       "TensorFlow.  Traceback:\n%s", value, str(value.dtype), str(self._dtype),
                       "".join(traceback.format_stack()))
        return value

    def identity(self):
        return self._with_flow(identity(self._flow))

    def read(self, index, name=None):
        value = apply_op("TensorArrayReadV3", [self._handle, index, self._flow],
                         name=name or "TensorArrayReadV3", dtype=self._dtype,
                         element_shape=self.element_shape)
        return value

    def write(self, index, value, name=None):
        with name_scope(name, "TensorArrayWrite", [self._handle, index, value]):
            value = self._value(value)
            self._merge_element_shape(value.shape)
            flow = apply_op("TensorArrayWriteV3", [self._handle, index, value, self._flow])
        return self._with_flow(flow)

    def stack(self, name=None):
        with name_scope(name, "TensorArrayStack", [self._handle]):
            value = self.gather(tf_range(0, self.size()), name=name)
            # TF's Python `constant_value` (a few op types), not the shape refiner's folding
            size = None if self._size is None or self._dynamic_size else \
                get_static_value(convert_to_tensor(self._size)) \
                if hasattr(self._size, "op") else self._size
            if self.element_shape.ndims is not None and size is not None:
                value.set_shape(TensorShape([int(size)]).concatenate(self.element_shape))
            return value

    def gather(self, indices, name=None):
        value = apply_op("TensorArrayGatherV3", [self._handle, indices, self._flow],
                         name=name or "TensorArrayGatherV3", dtype=self._dtype,
                         element_shape=self.element_shape)
        indices_shape = value.op.inputs[1].shape.with_rank(1)
        if self._handle_shape.ndims is not None:
            value.set_shape(indices_shape.concatenate(self._handle_shape))
        return value

    def concat(self, name=None):
        shape = self.element_shape
        rest = shape[1:] if shape.ndims else TensorShape(None)
        value, _ = apply_op("TensorArrayConcatV3", [self._handle, self._flow],
                            name=name or "TensorArrayConcatV3", dtype=self._dtype,
                            element_shape_except0=rest)
        if shape.ndims:  # as TF: a known size times a known first dimension
            size = None
            if self._infer_shape and not self._dynamic_size and self._size is not None:
                size = get_static_value(convert_to_tensor(self._size))
            dim0 = None if size is None or shape[0].value is None else int(size) * shape[0].value
            value.set_shape(TensorShape([dim0]).concatenate(shape[1:]))
        return value

    def unstack(self, value, name=None):
        with name_scope(name, "TensorArrayUnstack", [self._handle, value]):
            value = self._value(value)
            num = tf_shape(value)[0]
            return self.scatter(tf_range(0, num), value, name=name)

    def scatter(self, indices, value, name=None):
        with name_scope(name, "TensorArrayScatter", [self._handle, value, indices]):
            value = self._value(value)
            if value.shape.ndims:
                self._merge_element_shape(value.shape[1:])
            flow = apply_op("TensorArrayScatterV3", [self._handle, indices, value, self._flow])
        return self._with_flow(flow)

    def split(self, value, lengths, name=None):
        with name_scope(name, "TensorArraySplit", [self._handle, value, lengths]):
            value = convert_to_tensor(value, dtype=self._dtype, name="value")   # as TF: no log
            lengths = convert_to_tensor(lengths, dtype=dtypes.int64, name="lengths") \
                if not hasattr(lengths, "dtype") else lengths
            if lengths.dtype.base_dtype != dtypes.int64:
                lengths = cast(lengths, dtypes.int64)
            # TF infers the element shape only from constant lengths that are all equal
            cl = get_static_value(lengths)
            if value.shape.ndims is not None and cl is not None and cl.size and \
                    cl.max() == cl.min():
                self._merge_element_shape(TensorShape([int(cl.flat[0])]).concatenate(
                    value.shape[1:]))
            flow = apply_op("TensorArraySplitV3", [self._handle, value, lengths, self._flow])
        return self._with_flow(flow)

    def size(self, name=None):
        # as TF: a fixed-size array answers with the size it was made with, so shape functions
        # (the Range of `stack`) see its folded value
        if not self._dynamic_size and self._size is not None:
            return convert_to_tensor(self._size, dtype=dtypes.int32)
        return apply_op("TensorArraySizeV3", [self._handle, self._flow],
                        name=name or "TensorArraySizeV3")

    def close(self, name=None):
        return apply_op("TensorArrayCloseV3", [self._handle], name=name or "TensorArrayCloseV3")

    def grad(self, source, flow=None, name=None):
        raise NotImplementedError("TensorArray.grad is not needed in tfcompat: gradients "
                                  "through TensorArrays come from torch.autograd.")

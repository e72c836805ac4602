"""TF's TensorList ops (`TensorListReserve`, `TensorListSetItem`, `TensorListStack`, ...): how
TF 2.x graphs with control flow v2 hold TensorArrays, and how its while-loop gradients keep
each iteration's intermediates (`EmptyTensorList` + `TensorListPushBack` / `TensorListPopBack`).

A list is a `variant` tensor in the graph. Its run-time value here is an immutable `TensorList`:
a tuple of torch tensors (None for an element not set yet), the element dtype, the partial
element shape (None for unknown rank) and the maximum size. Every op returns a new value, as TF's
kernels do semantically, so loops and conds carry lists like any other value; elements are
torch tensors, so autograd flows through set, get and stack. Errors follow TF's kernels
(core/kernels/list_kernels.{h,cc}).

Static shapes: TF tracks a list's element shape in the variant tensor's "handle data"; here
`_handle_shape` finds it by walking back to the op that made the list.
"""
from __future__ import annotations

import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value_as_shape

__all__ = ["TensorList"]

_SCALAR = TensorShape([])
_UNKNOWN = TensorShape(None)


class TensorList:
    """The run-time value of a `variant` TensorList tensor."""

    __slots__ = ("items", "dtype", "shape", "max_size")

    def __init__(self, items, dtype, shape, max_size=-1):
        self.items = tuple(items)
        self.dtype = dtype          # a tfcompat DType
        self.shape = shape          # tuple of int (-1 unknown) or None (unknown rank)
        self.max_size = max_size

    def __repr__(self):
        return "<TensorList value: %d elements of %s>" % (len(self.items), self.dtype.name)

    def replace(self, items):
        return TensorList(items, self.dtype, self.shape, self.max_size)

    def zeros_like(self):
        """TF's ZerosLike of a list: zeros for every set element; unset ones stay unset."""
        return self.replace(None if t is None else torch.zeros_like(t) for t in self.items)


# -- shapes as TF's PartialTensorShape ------------------------------------------------------

def _shape_text(shape):
    if shape is None:
        return "<unknown>"
    return "[" + ",".join("?" if d < 0 else str(d) for d in shape) + "]"


def _parse_shape(ctx, value):
    """An element_shape input tensor as a partial shape: scalar -1 is an unknown rank."""
    if value.dim() == 0:
        if int(value) != -1:
            raise _fail(ctx, "The only valid scalar shape tensor is the fully unknown shape "
                             "specified as -1.")
        return None
    return tuple(int(d) for d in value.tolist())


def _merge(ctx, a, b):
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b) or any(x >= 0 and y >= 0 and x != y for x, y in zip(a, b)):
        raise _fail(ctx, "Incompatible shapes during merge: %s vs. %s"
                    % (_shape_text(a), _shape_text(b)))
    return tuple(x if x >= 0 else y for x, y in zip(a, b))


def _compatible(a, b):
    return a is None or b is None or (
        len(a) == len(b) and all(x < 0 or y < 0 or x == y for x, y in zip(a, b)))


def _defined(shape):
    return shape is not None and all(d >= 0 for d in shape)


def _fail(ctx, message, cls=errors.InvalidArgumentError):
    return errors.op_error(cls, ctx.op, message)


def _check_dtype(ctx, lst, element_dtype):
    if dtypes.as_dtype(element_dtype).base_dtype != lst.dtype:
        raise _fail(ctx, "Invalid data types; op elements %s but list elements %s"
                    % (dtypes.as_dtype(element_dtype).name, lst.dtype.name))


def _index(value):
    return int(value.item()) if isinstance(value, torch.Tensor) else int(value)


def _element_shape(ctx, lst, requested):
    """TF's element shape for reading unset elements: the list's merged with the op's input,
    then with every set element's when still not fully defined."""
    shape = _merge(ctx, _parse_shape(ctx, requested), lst.shape)
    if not _defined(shape):
        for item in lst.items:
            if item is not None:
                shape = _merge(ctx, shape, _item_shape(item))
    return shape


def _zeros(ctx, lst, shape, what):
    if not _defined(shape):
        raise _fail(ctx, "Trying to read an uninitialized tensor but element_shape is not "
                         "fully defined: %s and no list element is set." % _shape_text(shape)
                    if what is None else what % _shape_text(shape))
    return torch.zeros(list(shape), dtype=lst.dtype.torch_dtype or torch.float32,
                       device=ctx.device)


def _item_shape(item):
    """An element's shape; a variant element (an Optional or TensorList: TF's while-loop
    gradients accumulate a cond's optionals in lists) is a scalar, as in TF."""
    return tuple(item.shape) if isinstance(item, torch.Tensor) else ()


def _check_item(ctx, lst, item, message):
    if not _compatible(_item_shape(item), lst.shape):
        raise _fail(ctx, message % (_shape_text(_item_shape(item)), _shape_text(lst.shape)))


# -- static shapes -----------------------------------------------------------------------------

def _shape_input(tensor):
    return constant_value_as_shape(tensor)


def _handle_shape(handle, depth=0) -> TensorShape:
    """The element shape of the list `handle` as far as the graph tells (TF's handle data)."""
    op = getattr(handle, "op", None)
    if op is None or depth > 64:
        return _UNKNOWN
    kind = op.type
    if kind in ("EmptyTensorList", "TensorListReserve"):
        return _shape_input(op.inputs[0])
    if kind == "TensorListFromTensor":
        shape = op.inputs[0].shape
        rest = _UNKNOWN if shape.ndims is None else shape[1:]
        return _safe_merge(rest, _shape_input(op.inputs[1]))
    if kind in ("TensorListSetItem", "TensorListPushBack", "TensorListScatterIntoExistingList",
                "TensorListResize", "TensorListPopBack"):  # TF keeps the list's, unmerged
        return _handle_shape(op.inputs[0], depth + 1)
    return _UNKNOWN


def _safe_merge(a, b):
    return a.merge_with(b) if a.is_compatible_with(b) else a


def _list_out(op, *args, **_):
    return [(dtypes.variant, _SCALAR)]


def _item_infer(op, handle, *rest, element_dtype, **_):
    requested = _shape_input(rest[-1])
    return [(element_dtype, _safe_merge(requested, _handle_shape(handle)))]


# -- making lists --------------------------------------------------------------------------------

_SHAPE_TYPE = {"element_dtype": None, "shape_type": dtypes.int32}


@register_op("EmptyTensorList", inputs=("element_shape: shape_type", "max_num_elements: int32"),
             infer=_list_out, attrs=_SHAPE_TYPE)
def _lower_empty(ctx, element_shape, max_num_elements, *, element_dtype, shape_type):
    limit = _index(max_num_elements)
    if limit < -1:
        raise _fail(ctx, "max_num_elements must be >= -1, got %d" % limit)
    return TensorList((), dtypes.as_dtype(element_dtype), _parse_shape(ctx, element_shape), limit)


@register_op("TensorListReserve", inputs=("element_shape: shape_type", "num_elements: int32"),
             infer=_list_out, attrs=_SHAPE_TYPE)
def _lower_reserve(ctx, element_shape, num_elements, *, element_dtype, shape_type):
    n = _index(num_elements)
    if n < 0:
        raise _fail(ctx, "The num_elements to reserve must be a non negative number, but got %d"
                    % n)
    return TensorList((None,) * n, dtypes.as_dtype(element_dtype),
                      _parse_shape(ctx, element_shape))


@register_op("TensorListFromTensor", inputs=("tensor: element_dtype",
                                             "element_shape: shape_type"),
             infer=_list_out, attrs=_SHAPE_TYPE)
def _lower_from_tensor(ctx, tensor, element_shape, *, element_dtype, shape_type):
    shape = _parse_shape(ctx, element_shape)
    if tensor.dim() < 1:
        raise _fail(ctx, "Tensor must be at least a vector, but saw shape: %s"
                    % _shape_text(tuple(tensor.shape)))
    if not _compatible(tuple(tensor.shape[1:]), shape):
        raise _fail(ctx, "Specified a list with shape %s from a tensor with shape %s"
                    % (_shape_text(shape), _shape_text(tuple(tensor.shape))))
    return TensorList(tensor.unbind(0), dtypes.as_dtype(element_dtype), shape)


@register_op("TensorListSplit", inputs=("tensor: element_dtype", "element_shape: shape_type",
                                        "lengths: int64"), infer=_list_out, attrs=_SHAPE_TYPE)
def _lower_split(ctx, tensor, element_shape, lengths, *, element_dtype, shape_type):
    shape = _parse_shape(ctx, element_shape)
    if tensor.dim() < 1:
        raise _fail(ctx, "Tensor must be at least a vector, but saw shape: %s"
                    % _shape_text(tuple(tensor.shape)))
    sizes = [int(n) for n in lengths.reshape(-1).tolist()]
    if any(n < 0 for n in sizes) or sum(sizes) != tensor.shape[0]:
        raise _fail(ctx, "Unable to split tensor of shape %s into lengths %s: they must be "
                         "non-negative and sum to its first dimension"
                    % (_shape_text(tuple(tensor.shape)), sizes))
    if shape is not None and len(shape) and not _compatible(tuple(tensor.shape[1:]), shape[1:]):
        raise _fail(ctx, "Specified a list with shape %s from a tensor with shape %s"
                    % (_shape_text(shape), _shape_text(tuple(tensor.shape))))
    return TensorList(torch.split(tensor, sizes), dtypes.as_dtype(element_dtype), shape)


# -- reading -------------------------------------------------------------------------------------

@register_op("TensorListLength", inputs=("input_handle: variant",),
             infer=lambda op, *a, **k: [(dtypes.int32, _SCALAR)])
def _lower_length(ctx, lst):
    return torch.tensor(len(lst.items), dtype=torch.int32)  # on the host, as TF's


def _element_shape_infer(op, handle, *, shape_type):
    shape = _handle_shape(handle)
    return [(shape_type, TensorShape(None if shape.ndims is None else [shape.ndims]))]


@register_op("TensorListElementShape", inputs=("input_handle: variant",),
             infer=_element_shape_infer, attrs={"shape_type": None})
def _lower_element_shape(ctx, lst, *, shape_type):
    torch_dtype = dtypes.as_dtype(shape_type).torch_dtype
    dims = -1 if lst.shape is None else list(lst.shape)
    return torch.tensor(dims, dtype=torch_dtype)  # on the host, as TF's


@register_op("TensorListGetItem", inputs=("input_handle: variant", "index: int32",
                                          "element_shape: int32"),
             infer=_item_infer, attrs={"element_dtype": None})
def _lower_get_item(ctx, lst, index, element_shape, *, element_dtype):
    _check_dtype(ctx, lst, element_dtype)
    i = _index(index)
    if not 0 <= i < len(lst.items):
        raise _fail(ctx, "Trying to access element %d in a list with %d elements."
                    % (i, len(lst.items)))
    item = lst.items[i]
    if item is not None:
        return item
    return _zeros(ctx, lst, _element_shape(ctx, lst, element_shape), None)


def _stacked_infer(op, handle, *rest, element_dtype, num_elements=-1, **_):
    element = _safe_merge(_shape_input(rest[-1]), _handle_shape(handle))
    lead = TensorShape([num_elements if num_elements >= 0 else None])
    if op.type == "TensorListGather":
        lead = TensorShape([None]) if rest[0].shape.ndims is None else rest[0].shape
    return [(element_dtype, _UNKNOWN if element.ndims is None else lead.concatenate(element))]


def _stack_items(ctx, lst, items, element_shape, what):
    shape = _element_shape(ctx, lst, element_shape)
    if not items and not _defined(shape):
        raise _fail(ctx, "Tried to stack elements of an empty list with non-fully-defined "
                         "element_shape: %s" % _shape_text(shape))
    values = [item if item is not None else _zeros(ctx, lst, shape, what) for item in items]
    for v in values:
        if shape is not None and not _compatible(tuple(v.shape), shape):
            raise _fail(ctx, "Incompatible shapes during merge: %s vs. %s"
                        % (_shape_text(shape), _shape_text(tuple(v.shape))))
    if not values:
        return torch.zeros([0] + list(shape), dtype=lst.dtype.torch_dtype or torch.float32,
                           device=ctx.device)
    return torch.stack(values)


_UNSET_STACK = ("Tried to stack list which only contains uninitialized tensors and has a "
                "non-fully-defined element_shape: %s")


@register_op("TensorListStack", inputs=("input_handle: variant", "element_shape: int32"),
             infer=_stacked_infer, attrs={"element_dtype": None, "num_elements": -1})
def _lower_stack(ctx, lst, element_shape, *, element_dtype, num_elements):
    _check_dtype(ctx, lst, element_dtype)
    if num_elements != -1 and len(lst.items) != num_elements:
        raise _fail(ctx, "Operation expected a list with %d elements but got a list with %d "
                         "elements." % (num_elements, len(lst.items)))
    return _stack_items(ctx, lst, lst.items, element_shape, _UNSET_STACK)


@register_op("TensorListGather", inputs=("input_handle: variant", "indices: int32",
                                         "element_shape: int32"),
             infer=_stacked_infer, attrs={"element_dtype": None})
def _lower_gather(ctx, lst, indices, element_shape, *, element_dtype):
    _check_dtype(ctx, lst, element_dtype)
    picked = []
    for i in indices.reshape(-1).tolist():
        if not 0 <= i < len(lst.items):
            raise _fail(ctx, "Trying to access element %d in a list with %d elements."
                        % (i, len(lst.items)))
        picked.append(lst.items[i])
    out = _stack_items(ctx, lst, picked, element_shape, _UNSET_STACK)
    return out.reshape(list(indices.shape) + list(out.shape[1:]))


def _concat_infer(op, handle, element_shape, leading_dims, *, element_dtype, **_):
    element = _safe_merge(_shape_input(element_shape), _handle_shape(handle))
    shape = _UNKNOWN if element.ndims is None else TensorShape([None]).concatenate(element[1:])
    return [(element_dtype, shape), (dtypes.int64, TensorShape([None]))]


@register_op("TensorListConcatV2", inputs=("input_handle: variant",
                                           "element_shape: shape_type", "leading_dims: int64"),
             infer=_concat_infer, attrs=_SHAPE_TYPE)
def _lower_concat(ctx, lst, element_shape, leading_dims, *, element_dtype, shape_type):
    _check_dtype(ctx, lst, element_dtype)
    shape = _merge(ctx, _parse_shape(ctx, element_shape), lst.shape)
    if shape is not None and len(shape) == 0:
        raise _fail(ctx, "Concat requires elements to be at least vectors, found scalars "
                         "instead.")
    lead = [int(n) for n in leading_dims.reshape(-1).tolist()]
    values = []
    for i, item in enumerate(lst.items):
        if item is None:
            rest = None if shape is None else shape[1:]
            if i >= len(lead) or not _defined(rest):
                raise _fail(ctx, "All except the first dimension must be fully defined when "
                                 "concating an uninitialized element of the list; element "
                                 "shape: %s" % _shape_text(shape))
            item = _zeros(ctx, lst, (lead[i],) + rest, None)
        elif item.dim() == 0:
            raise _fail(ctx, "Concat saw a scalar shape at index %d but requires at least "
                             "vectors." % i)
        values.append(item)
    lengths = torch.tensor([v.shape[0] for v in values], dtype=torch.int64, device=ctx.device)
    if not values:
        rest = None if shape is None else shape[1:]
        if not _defined(rest):
            raise _fail(ctx, "All except the first dimension must be fully defined when "
                             "concating an empty tensorlist; element shape: %s"
                        % _shape_text(shape))
        empty = torch.zeros([0] + list(rest), dtype=lst.dtype.torch_dtype or torch.float32,
                            device=ctx.device)
        return empty, lengths
    return torch.cat(values), lengths


# -- writing -------------------------------------------------------------------------------------

@register_op("TensorListSetItem", inputs=("input_handle: variant", "index: int32",
                                          "item: element_dtype"),
             infer=_list_out, attrs={"element_dtype": None,
                                     "resize_if_index_out_of_bounds": False})
def _lower_set_item(ctx, lst, index, item, *, element_dtype, resize_if_index_out_of_bounds):
    _check_dtype(ctx, lst, element_dtype)
    i = _index(index)
    items = list(lst.items)
    if resize_if_index_out_of_bounds and i >= len(items):
        items.extend([None] * (i + 1 - len(items)))
    if not 0 <= i < len(items):
        raise _fail(ctx, "Trying to modify element %d in a list with %d elements."
                    % (i, len(items)))
    _check_item(ctx, lst, item, "Tried to set a tensor with incompatible shape at a list "
                                "index. Item element shape: %s list shape: %s")
    items[i] = item
    return lst.replace(items)


@register_op("TensorListPushBack", inputs=("input_handle: variant", "tensor: element_dtype"),
             infer=_list_out, attrs={"element_dtype": None})
def _lower_push_back(ctx, lst, tensor, *, element_dtype):
    _check_dtype(ctx, lst, element_dtype)
    _check_item(ctx, lst, tensor, "Tried to append a tensor with incompatible shape to a list. "
                                  "Op element shape: %s list shape: %s")
    if lst.max_size != -1 and len(lst.items) >= lst.max_size:
        raise _fail(ctx, "Tried to push item into a full list list size: %d "
                         "max_num_elements: %d" % (len(lst.items), lst.max_size))
    return lst.replace(lst.items + (tensor,))


def _pop_infer(op, handle, element_shape, *, element_dtype):
    requested = _shape_input(element_shape)
    return [(dtypes.variant, _SCALAR),
            (element_dtype, _safe_merge(requested, _handle_shape(handle)))]


@register_op("TensorListPopBack", inputs=("input_handle: variant", "element_shape: int32"),
             infer=_pop_infer, attrs={"element_dtype": None})
def _lower_pop_back(ctx, lst, element_shape, *, element_dtype):
    _check_dtype(ctx, lst, element_dtype)
    if not lst.items:
        raise _fail(ctx, "Trying to pop from an empty list.")
    item = lst.items[-1]
    if item is None:
        item = _zeros(ctx, lst, _element_shape(ctx, lst, element_shape), None)
    return lst.replace(lst.items[:-1]), item


@register_op("TensorListResize", inputs=("input_handle: variant", "size: int32"),
             infer=_list_out)
def _lower_resize(ctx, lst, size):
    n = _index(size)
    if n < 0:
        raise _fail(ctx, "TensorListSlice expects size to be non-negative. Got: %d" % n)
    items = lst.items[:n] + (None,) * max(0, n - len(lst.items))
    return lst.replace(items)


def _scatter(ctx, lst, tensor, indices, least_size=0):
    """`lst` with rows of `tensor` set at `indices`, grown to the highest index + 1 (and to
    `least_size`)."""
    if tensor.dim() < 1:
        raise _fail(ctx, "Tensor must be at least a vector, but saw shape: %s"
                    % _shape_text(tuple(tensor.shape)))
    if not _compatible(tuple(tensor.shape[1:]), lst.shape):
        raise _fail(ctx, "Specified a list with shape %s from a tensor with shape %s"
                    % (_shape_text(lst.shape), _shape_text(tuple(tensor.shape))))
    idx = [int(i) for i in indices.reshape(-1).tolist()]
    if len(idx) != tensor.shape[0]:
        raise _fail(ctx, "Invalid number of rows in input tensor. Expected: %d Actual: %d"
                    % (len(idx), tensor.shape[0]))
    if any(i < 0 for i in idx):
        raise _fail(ctx, "Indices in TensorListScatter must all be non-negative.")
    items = list(lst.items)
    size = max([least_size] + [i + 1 for i in idx])
    items.extend([None] * (size - len(items)))
    for i, row in zip(idx, tensor.unbind(0)):
        items[i] = row
    return lst.replace(items)


@register_op("TensorListScatterIntoExistingList",
             inputs=("input_handle: variant", "tensor: element_dtype", "indices: int32"),
             infer=_list_out, attrs={"element_dtype": None})
def _lower_scatter_existing(ctx, lst, tensor, indices, *, element_dtype):
    _check_dtype(ctx, lst, element_dtype)
    return _scatter(ctx, lst, tensor, indices)


@register_op("TensorListScatterV2", inputs=("tensor: element_dtype", "indices: int32",
                                            "element_shape: shape_type",
                                            "num_elements: int32"),
             infer=_list_out, attrs=_SHAPE_TYPE)
def _lower_scatter_v2(ctx, tensor, indices, element_shape, num_elements, *, element_dtype,
                      shape_type):
    n = _index(num_elements)
    if n < -1:
        raise _fail(ctx, "TensorListScatter expects num_elements >= -1, found: %d" % n)
    lst = TensorList((), dtypes.as_dtype(element_dtype), _parse_shape(ctx, element_shape))
    return _scatter(ctx, lst, tensor, indices, n)


@register_op("TensorListScatter", inputs=("tensor: element_dtype", "indices: int32",
                                          "element_shape: shape_type"),
             infer=_list_out, attrs=_SHAPE_TYPE)
def _lower_scatter_v1(ctx, tensor, indices, element_shape, *, element_dtype, shape_type):
    lst = TensorList((), dtypes.as_dtype(element_dtype), _parse_shape(ctx, element_shape))
    return _scatter(ctx, lst, tensor, indices)


# -- arithmetic on lists (TF's variant AddN and ZerosLike, which its gradients use) -----------

def add_lists(ctx, *lists):
    """AddN over TensorLists: element by element, an unset element counting as zero
    (TF's TensorListBinaryAdd)."""
    out = lists[0]
    for other in lists[1:]:
        if other.dtype != out.dtype:
            raise _fail(ctx, "Trying to add two lists of differing dtypes. One is %s and the "
                             "other is %s" % (out.dtype.name, other.dtype.name))
        if len(other.items) != len(out.items):
            raise _fail(ctx, "Trying to add two lists of tensors with different lengths. One "
                             "is %d and the other is %d" % (len(out.items), len(other.items)))
        if not _compatible(out.shape, other.shape):
            raise _fail(ctx, "Trying to add two lists of tensors with incompatible element "
                             "shapes. One is %s and the other is %s"
                        % (_shape_text(out.shape), _shape_text(other.shape)))
        out = out.replace(b if a is None else a if b is None else a + b
                          for a, b in zip(out.items, other.items))
    return out

"""`tf.gradients` with respect to a resource variable (its handle), as TF computes it.

TF differentiates a resource variable through its reads: `ReadVariableOp`'s gradient passes
the incoming gradient to the handle, `ResourceGather`'s gives `IndexedSlices` of the rows
(`ResourceGatherNd`'s too for [n, 1] indices, else a ScatterNd of them), and the handle's gradient sums those of all its reads (AddN; `IndexedSlices` made dense when
mixed with dense reads). gradients_impl.py takes the reads on the way to the ys as the
autograd sources of its one `Gradients` op, then combines their gradients here.
"""
from __future__ import annotations

from tfcompat.framework import convert
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework.op_builder import apply_op
from tfcompat.ops import array_ops
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import zeros as zeros_of
from tfcompat.ops.math_ops import add_n
from tfcompat.ops.resource_variable_ops import _handle_dtype
from tfcompat.ops.resource_variable_ops import handle_shape
from tfcompat.ops.scatter_nd_ops import scatter_nd

# ops a handle passes through unchanged on its way to a read (v1 control flow, tf.identity)
_FORWARDS = frozenset({"Identity", "Enter", "Switch", "RefSwitch", "Merge", "RefIdentity",
                       "Exit", "NextIteration"})
_GATHERS = ("ResourceGather", "ResourceGatherNd")


def is_handle(x) -> bool:
    return isinstance(getattr(x, "dtype", None), dtypes.DType) and \
        x.dtype.base_dtype == dtypes.resource


def reads(handle, reach):
    """The reads of the variable behind `handle` that reach the ys: (ReadVariableOp outputs,
    ResourceGather/ResourceGatherNd ops), in creation order; None when the handle also reaches them through
    another op (a tf.cond or tf.while_loop reading it inside): then the handle itself is the
    autograd source (VariableHandle.as_gradient_source) and its gradient is dense."""
    dense, gathers, seen, stack = [], [], set(), [handle]
    while stack:
        tensor = stack.pop()
        if tensor in seen:
            continue
        seen.add(tensor)
        for op in tensor.op._consumers:
            if not any(t is tensor for t in op._inputs):
                continue
            if op.type == "ReadVariableOp" and op._outputs[0] in reach:
                dense.append(op._outputs[0])
            elif op.type in _GATHERS and op._inputs[0] is tensor \
                    and op._outputs[0] in reach and not op._attrs.get("batch_dims", 0):
                gathers.append(op)
            elif op.type in _FORWARDS:
                stack.extend(o for o in op._outputs if is_handle(o))
            elif op.type != "ReadVariableOp" and op.type not in _GATHERS and \
                    any(o in reach for o in op._outputs):
                return None
    key = lambda item: getattr(item, "op", item)._id  # noqa: E731
    return sorted(set(dense), key=key), sorted(set(gathers), key=key)


def reaches(handles, reach) -> bool:
    """Whether an op using one of `handles` has an output in `reach`."""
    return any(o in reach for h in handles for op in h.op._consumers for o in op._outputs)


def x_type(x):
    """(dtype, shape) of the gradient with respect to `x` (a handle: its variable's)."""
    if is_handle(x):
        return _handle_dtype(x), handle_shape(x)
    return x.dtype.base_dtype, x.shape


def source_value(value):
    """The autograd source for an x's value in a run: a handle's leaf (see reads)."""
    leaf = getattr(value, "leaf", None)
    return value if leaf is None else leaf


def combine(dense_grads, gathers, gather_grads, read_slices=()):
    """The handle's gradient from its reads' gradients (None where no read has one);
    `read_slices`: IndexedSlices of reads used only through gathers."""
    dense = [g for g in dense_grads if g is not None]
    sparse = [_gather_slices(op, g) for op, g in zip(gathers, gather_grads) if g is not None]
    sparse += list(read_slices)
    dense += [g for g in sparse if not isinstance(g, IndexedSlices)]   # ResourceGatherNd's
    sparse = [g for g in sparse if isinstance(g, IndexedSlices)]
    if sparse and not dense:
        if len(sparse) == 1:
            return sparse[0]
        return IndexedSlices(concat([s.values for s in sparse], 0),
                             concat([s.indices for s in sparse], 0), sparse[0].dense_shape)
    dense += [convert.convert_to_tensor(s) for s in sparse]
    if not dense:
        return None
    return dense[0] if len(dense) == 1 else add_n(dense)


def zeros(handle):
    """TF's zeros_like for a resource handle: zeros of the variable's shape and dtype."""
    shape = handle_shape(handle)
    with graph_lib.name_scope("zeros_like"):
        if shape.is_fully_defined():
            return zeros_of(shape.as_list(), dtype=_handle_dtype(handle))
        return zeros_of(apply_op("VariableShape", [handle], out_type=dtypes.int32),
                        dtype=_handle_dtype(handle))


def _gather_slices(op, grad):
    """TF's ResourceGather gradient: IndexedSlices(grad as rows, flat indices, the variable's
    shape: a Const when known, else a VariableShape op)."""
    handle, indices = op._inputs[0], op._inputs[1]
    if op.type == "ResourceGatherNd":
        return _gather_nd_grad(op, grad)
    with graph_lib.name_scope(op.name.split("/")[-1] + "_grad"):
        shape = handle_shape(handle)
        if shape.is_fully_defined():
            params_shape = convert.constant(shape.as_list(), dtype=dtypes.int32)
        else:
            params_shape = apply_op("VariableShape", [handle], out_type=dtypes.int32)
        size = array_ops.expand_dims(array_ops.size(indices), 0)
        values_shape = concat([size, params_shape[1:]], 0)
        values = array_ops.reshape(grad, values_shape)
        flat = array_ops.reshape(indices, size)
    return IndexedSlices(values, flat, params_shape)


def _gather_nd_grad(op, grad):
    """TF's ResourceGatherNd gradient: IndexedSlices of the rows for [n, 1] indices, else a
    ScatterNd of `grad` into the variable's shape (a VariableShape op of the indices' type)."""
    handle, indices = op._inputs[0], op._inputs[1]
    with graph_lib.name_scope(op.name.split("/")[-1] + "_grad"):
        shape = apply_op("VariableShape", [handle], out_type=indices.dtype)
        if indices.shape.ndims == 2 and indices.shape[-1].value == 1:
            return IndexedSlices(grad, array_ops.squeeze(indices, axis=-1), shape)
        dense = scatter_nd(indices, grad, shape)
        # TF's shape inference evaluates the VariableShape of a variable of known shape
        dense.set_shape(handle_shape(handle))
        return dense

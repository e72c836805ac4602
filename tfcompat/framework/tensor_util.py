"""Build-time constant folding: `constant_value` (TF1 `tf.get_static_value`) and
`constant_value_as_shape`, used by shape rules so that e.g. a reshape to a computed constant
shape has a known static shape, as in TF.
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework import tensor_shape

_MAX_FOLD_ELEMENTS = 1 << 16
_NOT_CONSTANT = object()


class FoldContext:
    """The `ctx` handed to a lowering while folding at build time: CPU, no session state."""

    def __init__(self, op):
        import torch
        self.op = op
        self.device = torch.device("cpu")
        self.state = None


def _to_numpy(value):
    if isinstance(value, np.ndarray):
        return value
    return dtypes.torch_to_numpy(value.detach().cpu())


def _to_value(array):
    if array.dtype == object:
        return array
    return dtypes.numpy_to_torch(np.array(array, order="C"))


def constant_value(tensor, partial=False):
    """The value of `tensor` if it can be computed at build time, else None."""
    if not hasattr(tensor, "op") or not hasattr(tensor, "value_index"):
        return None
    op = tensor.op
    cached = op.__dict__.get("_folded", None)
    if cached is None:
        cached = _fold(op)
        op._folded = cached
    if cached is _NOT_CONSTANT:
        return None
    return cached[tensor.value_index]


def _fold(op):
    if op.type == "Const":
        return [op._attrs["value"]]
    if op.type == "Shape" and op.inputs[0].shape.is_fully_defined():
        return [np.array(op.inputs[0].shape.as_list(), dtype=op.outputs[0].dtype.as_numpy_dtype)]
    if op.type == "Rank" and op.inputs[0].shape.ndims is not None:
        return [np.array(op.inputs[0].shape.ndims, np.int32)]
    if op.type == "Size" and op.inputs[0].shape.is_fully_defined():
        return [np.array(op.inputs[0].shape.num_elements(),
                         dtype=op.outputs[0].dtype.as_numpy_dtype)]
    if op.type == "PlaceholderWithDefault":  # can be fed: not a build-time constant
        return _NOT_CONSTANT
    dims = _known_shape_elements(op)
    if dims is not None:
        return dims
    op_def = op.op_def
    # host-only (string) ops fold too, as TF's shape refiner evaluates them (`tf.string_split` of
    # a constant gives a dense shape); Python callbacks and file readers are stateful
    if op_def is None or op_def.stateful or op_def.lower is None or not op.outputs:
        return _NOT_CONSTANT
    # under control dependencies on NoOps (groups of them) or other constant ops an op folds,
    # as in TF; one that waits for a stateful op (an Assert, an update) is left to run time:
    # TF folds some of those too, but not a ragged tensor's checked row partitions, which the
    # differential cases pin down (a plan never folds such an op at run time: compile.py)
    if op.control_inputs and not all(_control_constant(c) for c in op.control_inputs):
        return _NOT_CONSTANT
    inputs = []
    for t in op.inputs:
        value = constant_value(t)
        if value is None or np.size(value) > _MAX_FOLD_ELEMENTS:
            return _NOT_CONSTANT
        inputs.append(value)
    return _fold_by_lowering(op, inputs)


def _control_constant(op) -> bool:
    """Whether TF could evaluate `op`, a control input, at build time: not stateful, its inputs
    constant, its own control inputs too."""
    if op.op_def is None or op.op_def.stateful:
        return False
    return all(constant_value(t) is not None for t in op.inputs) and \
        all(_control_constant(c) for c in op.control_inputs)


def _known_shape_elements(op):
    """TF's TryInferFromShapes (eval_const_tensor.cc): `tf.shape(x)[i]` and
    `tf.unstack(tf.shape(x))[i]` are constants when dim i of x is known, even if other dims
    are not (`tf.one_hot(y, tf.shape(x)[1])`). One value per output, None where unknown."""
    if not op.inputs or op.inputs[0].op.type != "Shape":
        return None
    shape = op.inputs[0].op.inputs[0].shape
    if shape.ndims is None:
        return None
    dims = shape.as_list()
    dtype = op.outputs[0].dtype.as_numpy_dtype
    if op.type == "Unpack" and op._attrs.get("axis", 0) == 0:
        return [None if d is None else np.array(d, dtype) for d in dims]
    if (op.type != "StridedSlice" or op.inputs[1].op.type != "Const"
            or any(op._attrs.get(k, 0) for k in ("begin_mask", "end_mask", "ellipsis_mask",
                                                  "new_axis_mask"))
            or op._attrs.get("shrink_axis_mask", 0) != 1):
        return None
    index = op.inputs[1].op._attrs["value"]
    if np.size(index) != 1:
        return None
    index = int(np.reshape(index, [-1])[0])
    if not -len(dims) <= index < len(dims) or dims[index] is None:
        return None
    return [np.array(dims[index], dtype)]


def _fold_by_lowering(op, inputs):
    attrs = {k: op._attrs.get(k, v) for k, v in op.op_def.attrs.items()}
    try:
        out = op.op_def.lower(FoldContext(op), *[_to_value(v) for v in inputs], **attrs)
    except Exception:  # noqa: BLE001 - a value that fails to fold is simply not constant
        return _NOT_CONSTANT
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    if len(outs) != len(op.outputs):
        return _NOT_CONSTANT
    arrays = []
    for t, value in zip(op.outputs, outs):
        if not isinstance(value, np.ndarray) and not hasattr(value, "detach"):
            return _NOT_CONSTANT    # a TensorList, TensorArray or stack: no constant value
        array = _to_numpy(value)
        if t.dtype.base_dtype.name != "string":
            array = array.astype(t.dtype.base_dtype.as_numpy_dtype, copy=False)
        arrays.append(array)
    return arrays


# The op types TF's public `tf.get_static_value` evaluates (python/framework/tensor_util.py);
# Shape, Size and Rank read static shapes, the others need every input constant in turn.
_PUBLIC_FOLDABLE = {"Const", "Shape", "Size", "Rank", "Range", "Cast", "Concat", "ConcatV2", "Pack",
                    "Unpack", "Split", "Fill", "Equal", "NotEqual", "StopGradient", "CheckNumericsV2",
                    "DebugIdentityV2", "Identity"}


_PASS_THROUGH = {"StopGradient", "CheckNumericsV2", "DebugIdentityV2", "Identity"}


def get_static_value(tensor, partial=False):
    """TF's `tf.get_static_value`: the value of `tensor` when TF's own evaluator can compute it
    (the op types above, recursively), else None. tfcompat's shape inference folds more ops
    (`constant_value`); the public function answers exactly as TF so that scripts branching on
    None take the same branch. A non-tensor value is returned as a numpy array, as in TF."""
    if not hasattr(tensor, "op") or not hasattr(tensor, "value_index"):
        return None if tensor is None else np.asarray(tensor)
    if tensor.op.type in _PASS_THROUGH:
        # TF's evaluator reads through these to their input, whatever their control inputs
        # (`with_dependencies([assert], shape)` keeps its constant value)
        value = get_static_value(tensor.op.inputs[0], partial)
        if value is not None:
            _prevent_feeding(tensor)
        return value
    if not _publicly_foldable(tensor.op):
        return None
    value = constant_value(tensor, partial)
    if value is not None:
        _prevent_feeding(tensor)
    return value


def _prevent_feeding(tensor) -> None:
    """As TF's `constant_value`: a caller may now depend on the value, so the tensor (and the
    inputs TF's evaluator folded through constant_value in turn) may no longer be fed
    ("Tensor SparseTensor/dense_shape:0 may not be fed.")."""
    graph = tensor.graph
    if not graph.is_feedable(tensor):
        return
    graph.prevent_feeding(tensor)
    if tensor.op.type not in ("Const", "Shape", "Size", "Rank"):
        for t in tensor.op.inputs:
            _prevent_feeding(t)


def _publicly_foldable(op) -> bool:
    if op.type not in _PUBLIC_FOLDABLE:
        return False
    if op.type in ("Shape", "Size"):  # TF reads only a fully defined shape here
        return op.inputs[0].shape.is_fully_defined()
    if op.type in ("Const", "Rank"):
        return True
    return all(_publicly_foldable(t.op) for t in op.inputs)


def public_constant_value_as_shape(tensor) -> tensor_shape.TensorShape:
    """TF's Python `tensor_util.constant_value_as_shape` (what `SparseTensor.shape` reads): it
    folds only what `tf.get_static_value` folds, not what the C++ shape refiner evaluates, so
    the dense shape of e.g. `tf.sparse_reduce_sum_sparse` of a constant stays unknown."""
    return constant_value_as_shape(tensor, value_fn=get_static_value)


def constant_value_as_shape(tensor, value_fn=None) -> tensor_shape.TensorShape:
    """A (possibly partial) TensorShape from a 1-D shape tensor (TF's helper of that name)."""
    public = value_fn is not None
    value_fn = value_fn or constant_value
    if tensor.shape.ndims == 0:
        value = value_fn(tensor)
        if value is None:
            return tensor_shape.unknown_shape()
        return tensor_shape.TensorShape(None if int(value) == -1 else [int(value)])
    op = tensor.op
    if op.type == "Shape":  # TF's ConstantPartialShape takes the input's shape, never evaluates
        return op.inputs[0].shape
    value = value_fn(tensor)
    if value is not None:
        return tensor_shape.TensorShape([_dim_of_value(int(d), public)
                                         for d in value.tolist()])
    if op.type == "Pack":
        dims = []
        for t in op.inputs:
            v = value_fn(t)
            # TF's ConstantPartialShape: any negative stacked value is an unknown dim
            dims.append(None if v is None or int(v) < 0 else int(v))
        return tensor_shape.TensorShape(dims)
    if op.type == "ConcatV2":
        shape = tensor_shape.TensorShape([])
        for t in op.inputs[:-1]:
            shape = shape.concatenate(constant_value_as_shape(t, value_fn))
        return shape
    if op.type == "StridedSlice":
        return _partial_strided_slice_shape(op)
    if tensor.shape.ndims == 1 and tensor.shape[0].value is not None:
        return tensor_shape.unknown_shape(rank=tensor.shape[0].value)
    return tensor_shape.unknown_shape()


def _dim_of_value(value: int, public: bool):
    """A shape tensor's element as a dimension: -1 is unknown; the C++ shape functions refuse
    other negative values, TF's Python helper (SparseTensor.shape) takes them as unknown."""
    if value < -1 and not public:
        raise ValueError("Invalid value in tensor used for shape: %d" % value)
    return None if value < 0 else value


def _partial_strided_slice_shape(op) -> tensor_shape.TensorShape:
    """TF's ShapeRefiner::PartialStridedSliceShape: a plain 1-D slice of a partial shape
    tensor (`tf.zeros(tf.shape(x)[1:])`, `tf.concat([tf.shape(x)[:-1], [5]], 0)`) keeps the
    known dims it selects."""
    masks = [op._attrs.get(k, 0) for k in ("begin_mask", "end_mask", "ellipsis_mask",
                                            "new_axis_mask", "shrink_axis_mask")]
    if masks[0] not in (0, 1) or masks[1] not in (0, 1) or any(masks[2:]):
        return tensor_shape.unknown_shape()
    bounds = []
    for index, masked in ((1, masks[0]), (2, masks[1]), (3, False)):
        value = None if masked else constant_value(op.inputs[index])
        if not masked and (value is None or np.size(value) != 1):
            return tensor_shape.unknown_shape()
        bounds.append(None if masked else int(np.reshape(value, [-1])[0]))
    source = constant_value_as_shape(op.inputs[0])
    if source.ndims is None or bounds[2] == 0:
        return tensor_shape.unknown_shape()
    return tensor_shape.TensorShape(source.as_list()[bounds[0]:bounds[1]:bounds[2]])

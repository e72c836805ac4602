"""Checkpoint ops: `SaveV2` and `RestoreV2`, reading and writing TensorFlow's V2 tensor bundles
(tfcompat/io/checkpoint.py) on the host, so `tf.train.Saver` graphs (built here or imported from
a TF `.meta`) run as TF runs them. The Saver itself lives in tfcompat/train/saver.py.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes as dtypes_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.registry import register_op
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.shape_rules import cpp_type_name
from tfcompat.framework.shape_rules import shape_error
from tfcompat._lazy import lazy_module

# protobuf-backed modules load on first use (`import tfcompat` stays light)
ckpt_io = lazy_module("tfcompat.io.checkpoint")

if TYPE_CHECKING:   # the checkpoint module (protobuf) loads on first use
    from tfcompat.io.checkpoint import BundleReader

__all__ = ["restore_v2", "save_v2", "parse_slice_spec", "open_bundle"]


def _text(value) -> str:
    value = value.reshape(-1)[0] if isinstance(value, np.ndarray) else value
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _texts(value) -> list:
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v)
            for v in np.asarray(value, dtype=object).reshape(-1)]


def parse_slice_spec(spec: str):
    """'4 3 0,2:-' -> ([4, 3], [(0, 2), (0, 3)]); '' -> (None, None)."""
    if not spec:
        return None, None
    full, extents = parse_shape_and_slice(spec)
    return full, [(s, d if n == -1 else n) for (s, n), d in zip(extents, full)]


def parse_shape_and_slice(spec: str, op=None):
    """TF's `checkpoint::ParseShapeAndSlice`: '4 3 0,2:-' -> ([4, 3], [(0, 2), (0, -1)]) (length
    -1: the whole dimension), with TF's errors (InvalidArgumentError, and InternalError for a
    slice that does not fit the shape)."""
    parts = spec.split(" ")
    if len(parts) < 2:
        raise errors.op_error(errors.InvalidArgumentError, op, "Need least two elements in "
                              "shape_and_slice specification: " + spec)
    try:
        full = [int(p) for p in parts[:-1]]
    except ValueError:
        raise errors.op_error(errors.InvalidArgumentError, op,
                              "Non numerical dimension in shape_and_slice: " + spec) from None
    extents = [_parse_extent(text, parts[-1], op) for text in parts[-1].split(":")]
    _check_slice_fits(full, extents, parts[-1], op)
    return full, extents


def _parse_extent(text, whole, op):
    if text == "-":
        return 0, -1
    try:
        start, length = (int(x) for x in text.split(","))
    except ValueError:
        raise errors.op_error(errors.InvalidArgumentError, op, "Expected a pair of numbers or "
                              "'-' but got '%s': string = %s" % (text, whole)) from None
    if start < 0 or length <= 0:
        raise errors.op_error(errors.InvalidArgumentError, op, "Expected non-negative start and "
                              "positive length but got start = %d, length = %d: string = %s"
                              % (start, length, whole))
    return start, length


def _check_slice_fits(full, extents, text, op):
    """TF's `TensorSlice::SliceTensorShape` checks (an InternalError in TF)."""
    dims = "[" + ",".join(str(d) for d in full) + "]"
    if len(full) != len(extents):
        raise errors.op_error(errors.InternalError, op, "Mismatching ranks: shape = %s, slice "
                              "= %s" % (dims, text))
    for d, ((start, length), size) in enumerate(zip(extents, full)):
        if length != -1 and start + length > size:
            raise errors.op_error(errors.InternalError, op, "Extent in dimension %d out of "
                                  "bounds: shape = %s, slice = %s" % (d, dims, text))


def _to_array(value, dtype) -> np.ndarray:
    if isinstance(value, torch.Tensor):
        value = value.detach()
        if value.device.type != "cpu":
            value = value.cpu()
        if value.dtype == torch.bfloat16:
            value = value.float()
        return value.numpy()
    return np.asarray(value)


# -- SaveV2 -------------------------------------------------------------------------------

@register_op("SaveV2", inputs=("prefix: string", "tensor_names: string",
                               "shape_and_slices: string", "tensors: dtypes"),
             infer=lambda op, *inputs, dtypes=(): [], attrs={"dtypes": ()}, stateful=True,
             host_only=True, differentiable=False)
def _lower_save_v2(ctx, prefix, tensor_names, shape_and_slices, *tensors, dtypes=()):
    prefix, names, specs = _text(prefix), _texts(tensor_names), _texts(shape_and_slices)
    if not len(names) == len(specs) == len(tensors):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Expected %d tensor names and slices, got %d and %d"
                              % (len(tensors), len(names), len(specs)))
    entries = ckpt_io.BundleEntries()
    try:
        for name, spec, value, dtype in zip(names, specs, tensors, dtypes):
            array, enum = _to_array(value, dtype), dtypes_enum(dtype)
            if spec:  # a shard of a partitioned variable: a slice of its full tensor
                full, extents = parse_shape_and_slice(spec, ctx.op)
                _check_slice_shape(ctx.op, spec, extents, full, array)
                entries.add_slice(name, full, extents, array, enum)
            else:
                entries.add(name, array, enum)
    except errors.OpError as e:  # a duplicate key
        raise _with_op(e, ctx.op) from e
    _make_parent_dir(prefix)
    try:
        # NOTE: like TF's bundle writer, no fsync: the renames (and the previous checkpoint,
        # kept until they are done) keep a killed process from losing the checkpoint, and
        # saving runs at page-cache speed.
        ckpt_io.write_entries(prefix, entries, sync=False)
    except errors.OpError as e:  # full disk, no permission, directory gone: TF's classes
        raise _with_op(e, ctx.op) from e


def _check_slice_shape(op, spec, extents, full, array):
    lengths = [d if n == -1 else n for (_, n), d in zip(extents, full)]
    if list(array.shape) != lengths:
        raise errors.op_error(errors.InvalidArgumentError, op,
                              "Slice in shape_and_slice specification does not match the shape "
                              "of the tensor to  save: %s, tensor: [%s]"
                              % (spec, ",".join(str(d) for d in array.shape)))


def _with_op(err, op):
    """`err` (a tf.errors class from the file layer) again, naming `op` as TF's kernels do."""
    cls = errors.exception_type_from_error_code(err.error_code)
    return errors.op_error(cls, op, err.message)


def dtypes_enum(dtype) -> int:
    return dtypes_lib.as_dtype(dtype).base_dtype.as_datatype_enum


def _make_parent_dir(prefix: str) -> None:
    """TF's bundle writer creates the prefix's directory (one level, not its parents)."""
    parent = os.path.dirname(prefix)
    if parent and not os.path.isdir(parent):
        try:
            os.mkdir(parent)
        except OSError:
            pass


def save_v2(prefix, tensor_names, shape_and_slices, tensors, name=None):
    """TF's `io_ops.save_v2`: an op writing `tensors` as a checkpoint at `prefix`."""
    graph = graph_lib.get_default_graph()
    with graph.name_scope(name or "SaveV2") as scope:
        inputs = [convert_to_tensor(prefix, dtypes_lib.string, name="prefix"),
                  convert_to_tensor(tensor_names, dtypes_lib.string, name="tensor_names"),
                  convert_to_tensor(shape_and_slices, dtypes_lib.string,
                                    name="shape_and_slices")]
        tensors = [convert_to_tensor(t) for t in tensors]
        return graph._create_op("SaveV2", inputs + tensors,
                                {"dtypes": [t.dtype.base_dtype for t in tensors]}, scope)


# -- RestoreV2 ----------------------------------------------------------------------------

def _restore_infer(op, prefix, tensor_names, shape_and_slices, *, dtypes=()):
    specs = constant_value(shape_and_slices)
    shapes = [tensor_shape.unknown_shape()] * len(dtypes)
    if specs is not None and np.ndim(specs) == 1 and len(specs) == len(dtypes):
        for i, spec in enumerate(_texts(specs)):
            if spec:
                extents = _infer_extents(op, [prefix, tensor_names, shape_and_slices], specs,
                                         spec)
                shapes[i] = tensor_shape.TensorShape([n for _, n in extents])
    return [(dtypes_lib.as_dtype(t).base_dtype, s) for t, s in zip(dtypes, shapes)]


def _infer_extents(op, inputs, specs, spec):
    """The slice of `spec` (whole dimensions resolved), or TF's build-time error for a bad
    one: ValueError, or InternalError where the slice does not fit the shape."""
    try:
        return parse_slice_spec(spec)[1]
    except errors.OpError as e:
        message = shape_error(e.message, op, inputs,
                              {2: np.array(_texts(specs), dtype=object)}).args[0]
        if isinstance(e, errors.InternalError):
            raise errors.InternalError(None, None, message) from None
        raise ValueError(message) from None


def open_bundle(prefix: str, op=None) -> BundleReader:
    """A reader for `prefix`, with TF's errors: NotFoundError, DataLossError."""
    try:
        from tfcompat.io.checkpoint_v1 import read_checkpoint  # lazy: protobuf loads on first use
        return read_checkpoint(prefix)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as e:
        raise errors.op_error(errors.NotFoundError, op,
                              "Unsuccessful TensorSliceReader constructor: Failed to find any "
                              "matching files for %s" % prefix) from e
    except errors.OpError as e:  # a damaged index (DataLossError), a too-new format, ...
        raise _with_op(e, op) from e


def stored_dtype_text(enum: int) -> str:
    """TF's name of a checkpoint's DataType in messages, also for invalid ones."""
    try:
        # lazy: cycle through shape_rules' op-signature tables
        from tfcompat.framework.shape_rules import cpp_type_name
        return cpp_type_name(dtypes_lib.as_dtype(enum))
    except TypeError:
        return "INVALID" if enum == 0 else "unknown dtype enum (%d)" % enum


def check_dtype(reader, name, dtype, op=None) -> None:
    """TF's RestoreV2 check: the stored dtype of `name` is `dtype` (InvalidArgumentError)."""
    stored = reader.get_variable_to_dtype_map()[name]
    expected = dtypes_lib.as_dtype(dtype).base_dtype
    if stored != expected.as_datatype_enum:
        v1_text = getattr(reader, "dtype_mismatch_text", None)   # a V1 checkpoint's wording
        raise errors.op_error(errors.InvalidArgumentError, op, v1_text(
            name, cpp_type_name(expected), stored_dtype_text(stored)) if v1_text else
            "tensor_name = %s; expected dtype %s does not equal original dtype %s (file: %s)"
            % (name, cpp_type_name(expected), stored_dtype_text(stored), reader.index_path))


def missing_key_text(reader, name, restoring=True) -> str:
    """TF's NotFoundError text for a key the checkpoint lacks (a V1 reader words its own)."""
    v1_text = getattr(reader, "missing_key_text", None)
    return v1_text(name, restoring) if v1_text else "Key %s not found in checkpoint" % name


def checked_entry(reader, name, op=None):
    """The index entry of `name`, checked against the index and its data file before anything
    is read (a damaged one raises DataLossError, NotFoundError, ... naming `op`)."""
    try:
        return reader.entry(name)
    except errors.OpError as e:
        raise _with_op(e, op) from e


def read_tensor(reader, name, spec, dtype, op=None) -> np.ndarray:
    """One tensor (or slice) of a checkpoint, checked against `dtype`, with TF's errors: a
    slice is read from whatever slices the checkpoint stores (TF's RestoreV2)."""
    if not reader.has_tensor(name):
        raise errors.op_error(errors.NotFoundError, op, missing_key_text(reader, name))
    check_dtype(reader, name, dtype, op)
    extents = None
    if spec:
        full, extents = parse_shape_and_slice(spec, op)
        stored = reader.get_variable_to_shape_map()[name]
        if list(stored) != full:
            raise errors.op_error(errors.InvalidArgumentError, op,
                                  "tensor_name = %s; shape in shape_and_slice spec %s does not "
                                  "match the shape stored in checkpoint: %s"
                                  % (name, _dims_text(full), _dims_text(stored)))
    try:
        if extents is None:
            return reader.get_tensor(name)
        return reader.get_slice(name, extents)
    except errors.OpError as e:  # damaged entry or data file, missing slices: DataLoss, ...
        if hasattr(e, "tf_message"):
            raise errors.op_error(errors.InvalidArgumentError, op, e.tf_message) from e
        raise _with_op(e, op) from e


def _dims_text(dims) -> str:
    return "[" + ",".join(str(d) for d in dims) + "]"


def _to_torch(array: np.ndarray, dtype):
    if array.dtype == object:
        return array
    # NOTE: np.ascontiguousarray would make a 0-d array 1-d
    tensor = torch.from_numpy(array if array.flags.c_contiguous else array.copy())
    torch_dtype = dtypes_lib.as_dtype(dtype).base_dtype.torch_dtype
    if torch_dtype is not None and tensor.dtype != torch_dtype:
        tensor = tensor.to(torch_dtype)
    return tensor


@register_op("RestoreV2", inputs=("prefix: string", "tensor_names: string",
                                  "shape_and_slices: string"),
             infer=_restore_infer, attrs={"dtypes": ()}, stateful=True, host_only=True,
             differentiable=False)
def _lower_restore_v2(ctx, prefix, tensor_names, shape_and_slices, *, dtypes=()):
    prefix, names, specs = _text(prefix), _texts(tensor_names), _texts(shape_and_slices)
    reader = open_bundle(prefix, ctx.op)
    # Every tensor is read (and checksummed) before any is returned, so the assignments that
    # consume them run only when the whole checkpoint is good.
    values = [_to_torch(read_tensor(reader, n, s, d, ctx.op), d)
              for n, s, d in zip(names, specs, dtypes)]
    return tuple(values) if len(values) != 1 else values[0]


def restore_v2(prefix, tensor_names, shape_and_slices, dtypes, name=None):
    """TF's `io_ops.restore_v2`: ops reading tensors from the checkpoint at `prefix`."""
    graph = graph_lib.get_default_graph()
    with graph.name_scope(name or "RestoreV2") as scope:
        inputs = [convert_to_tensor(prefix, dtypes_lib.string, name="prefix"),
                  convert_to_tensor(tensor_names, dtypes_lib.string, name="tensor_names"),
                  convert_to_tensor(shape_and_slices, dtypes_lib.string,
                                    name="shape_and_slices")]
        op = graph._create_op("RestoreV2", inputs,
                              {"dtypes": [dtypes_lib.as_dtype(d).base_dtype for d in dtypes]},
                              scope)
    return op.outputs

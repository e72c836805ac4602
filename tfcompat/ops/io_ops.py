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
    parts = spec.split(" ")
    full = [int(p) for p in parts[:-1]]
    extents = []
    for dim, text in zip(full, parts[-1].split(":")):
        if text == "-":
            extents.append((0, dim))
        else:
            start, length = (int(x) for x in text.split(","))
            extents.append((start, length))
    return full, extents


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
    arrays, types, covered = {}, {}, {}
    for name, spec, value, dtype in zip(names, specs, tensors, dtypes):
        types[name] = dtypes_enum(dtype)
        if spec:  # a shard of a partitioned variable: written into its full tensor
            _save_slice(ctx, arrays, covered, name, spec, _to_array(value, dtype))
        else:
            arrays[name] = _to_array(value, dtype)
    for name, count in covered.items():
        if count != arrays[name].size:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                                  "The slices of '%s' cover %d of its %d elements"
                                  % (name, count, arrays[name].size))
    _make_parent_dir(prefix)
    try:
        # NOTE: like TF's bundle writer, no fsync: the renames (and the previous checkpoint,
        # kept until they are done) keep a killed process from losing the checkpoint, and
        # saving runs at page-cache speed.
        ckpt_io.write_bundle(prefix, arrays, types, sync=False)
    except errors.OpError as e:  # full disk, no permission, directory gone: TF's classes
        raise _with_op(e, ctx.op) from e


def _save_slice(ctx, arrays, covered, name, spec, value):
    """Copies one slice into the full array of `name` (made on its first slice).

    TF's writer keeps the slices as separate bundle entries; one full entry holds the same
    values, and TF's reader (like tfcompat's) serves any slice of it."""
    full, extents = parse_slice_spec(spec)
    if list(value.shape) != [n for _, n in extents]:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "Slice '%s' of '%s' has shape %s" % (spec, name, list(value.shape)))
    if name not in arrays:
        arrays[name] = np.zeros(full, dtype=value.dtype)
        covered[name] = 0
    arrays[name][tuple(slice(s, s + n) for s, n in extents)] = value
    covered[name] += value.size


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
            _, extents = parse_slice_spec(spec)
            if extents is not None:
                shapes[i] = tensor_shape.TensorShape([n for _, n in extents])
    return [(dtypes_lib.as_dtype(t).base_dtype, s) for t, s in zip(dtypes, shapes)]



def open_bundle(prefix: str, op=None) -> BundleReader:
    """A reader for `prefix`, with TF's errors: NotFoundError, DataLossError."""
    try:
        from tfcompat.io.checkpoint import read_bundle  # lazy: protobuf loads on first use
        return read_bundle(prefix)
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
        raise errors.op_error(errors.InvalidArgumentError, op,
                              "tensor_name = %s; expected dtype %s does not equal original dtype "
                              "%s (file: %s)" % (name, cpp_type_name(expected),
                                                 stored_dtype_text(stored), reader.index_path))


def checked_entry(reader, name, op=None):
    """The index entry of `name`, checked against the index and its data file before anything
    is read (a damaged one raises DataLossError, NotFoundError, ... naming `op`)."""
    try:
        return reader.entry(name)
    except errors.OpError as e:
        raise _with_op(e, op) from e


def read_tensor(reader, name, spec, dtype, op=None) -> np.ndarray:
    """One tensor (or slice) of a checkpoint, checked against `dtype`, with TF's errors."""
    if not reader.has_tensor(name):
        raise errors.op_error(errors.NotFoundError, op, "Key %s not found in checkpoint" % name)
    check_dtype(reader, name, dtype, op)
    try:
        array = reader.get_tensor(name)
    except errors.OpError as e:  # damaged entry or data file: DataLoss, NotFound, ...
        raise _with_op(e, op) from e
    _, extents = parse_slice_spec(spec)
    if extents is not None:
        array = array[tuple(slice(s, s + n) for s, n in extents)]
    return array


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

"""The Saver's fast restore: checkpoint bytes read straight into the session's variable storage.

Used when the restore op is TF's plain tree (NoOps over `Assign(variable, RestoreV2:k)`), as
every Saver builds and TF's `.meta` files hold. Two passes over the data file, through one open
file: the first checks every tensor's checksum (in small chunks), the second reads each tensor
into its variable's existing CPU tensor in place (or a new tensor where the variable is
uninitialized, elsewhere or differently laid out). Nothing is written until every checksum
matched, so a corrupted checkpoint changes no variable. Other restore graphs run as ops.
"""
from __future__ import annotations

import numpy as np

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.client.plan import VARIABLE_OP_TYPES
from tfcompat.framework import dtypes
from tfcompat.framework.tensor_util import constant_value
from tfcompat.io._common import crc32c
from tfcompat.io._common import mask_crc
from tfcompat.ops import io_ops

types_pb2 = lazy_module("tfcompat.io.proto.types_pb2")  # protobuf loads on first use

__all__ = ["restore_plan", "restore_direct"]

_CHUNK = 1 << 20


def restore_plan(restore_op):
    """[(assign op, variable op, restore op, key, slice spec, dtype)] for a plain restore tree,
    else None."""
    items, stack, seen = [], [restore_op], set()
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type == "NoOp" and not op.inputs:
            stack.extend(op.control_inputs)
            continue
        if op.type != "Assign" or op.control_inputs:
            return None
        var, value = op.inputs
        restore = value.op
        if var.op.type not in VARIABLE_OP_TYPES or restore.type != "RestoreV2":
            return None
        names, specs = constant_value(restore.inputs[1]), constant_value(restore.inputs[2])
        if names is None or specs is None:
            return None
        k = value.value_index
        items.append((op, var.op, restore, io_ops._texts(names)[k], io_ops._texts(specs)[k],
                      restore.get_attr("dtypes")[k]))
    return items


def _direct_target(state, var_op, entry):
    """The variable's own CPU tensor as a numpy view, when the entry's bytes fit it exactly."""
    current = state.variables.get(var_op)
    if current is None or current.device.type != "cpu" or not current.is_contiguous() \
            or current.requires_grad or entry.dtype in (types_pb2.DT_STRING,
                                                        types_pb2.DT_BFLOAT16):
        return None
    target = current.numpy()
    if target.dtype != dtypes.as_dtype(entry.dtype).as_numpy_dtype or \
            list(target.shape) != [d.size for d in entry.shape.dim] or \
            target.nbytes != entry.size or target.dtype.byteorder == ">":
        return None
    return target


def _verify(f, entry, path, op, buffer, name):
    """Checks `entry`'s checksum by streaming its bytes (no copy of the tensor is kept)."""
    f.seek(entry.offset)
    view, crc, left = memoryview(buffer), 0, entry.size
    while left:
        n = f.readinto(view[:min(left, len(buffer))])
        if not n:
            raise errors.op_error(errors.DataLossError, op, "data file is truncated: key %s "
                                  "(file: %s)" % (name, path))
        crc, left = crc32c(view[:n], crc), left - n
    if mask_crc(crc) != entry.crc32c:
        raise errors.op_error(errors.DataLossError, op,
                              "Checksum does not match: stored %d vs. calculated on the "
                              "restored bytes %d: key %s (file: %s)"
                              % (entry.crc32c, mask_crc(crc), name, path))


def _open(path, op):
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by restore_direct
    except OSError as e:  # removed since the entries were checked
        # lazy: cycle: io's atomic writer reports through the saver's errors
        from tfcompat.io._atomic import os_error
        err = os_error(e, path)
        raise errors.op_error(type(err), op, err.message) from e


def restore_direct(sess, items, reader) -> None:
    """Restores `items` (from restore_plan) from the bundle `reader` into `sess`."""
    state, files, buffer = sess._state, {}, bytearray(_CHUNK)
    try:
        work = []
        for assign, var_op, restore, name, spec, dtype in items:
            entry = io_ops.checked_entry(reader, name, restore)  # fits its data file
            target = None if spec else _direct_target(state, var_op, entry)
            if target is None:  # read and checked whole by the reader
                value = io_ops.read_tensor(reader, name, spec, dtype, restore)
                work.append((var_op, None, None, io_ops._to_torch(value, dtype)))
                continue
            path = reader.data_path(entry)
            f = files.get(path) or files.setdefault(path, _open(path, restore))
            _verify(f, entry, path, restore, buffer, name)
            work.append((var_op, f, entry, target))
        for var_op, f, entry, target in work:  # every checksum matched: write
            if f is None and isinstance(target, np.ndarray):  # strings live as numpy arrays
                state.variables[var_op] = target
            elif f is None:
                current = state.variables.get(var_op)
                device = current.device if current is not None else \
                    sess._placer.place(var_op)[0]
                state.assign(var_op, target, device)
            else:
                f.seek(entry.offset)
                f.readinto(memoryview(target.reshape(-1)).cast("B"))
    finally:
        for f in files.values():
            f.close()


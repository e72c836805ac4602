"""The sharded Saver's ops: `ShardedFilename` (`<basename>-0000i-of-0000n`), `ShardedFilespec`
(`<basename>-?????-of-0000n`) and `MergeV2Checkpoints`, which merges the per-device bundles
into one checkpoint (tfcompat/io/checkpoint_merge.py). The Saver: tfcompat/train/saver_sharded.py.
"""
from __future__ import annotations

import numpy as np

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.framework import dtypes
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.shape_rules import shape_error
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops.io_ops import _text
from tfcompat.ops.io_ops import _texts

merge_io = lazy_module("tfcompat.io.checkpoint_merge")  # protobuf loads on first use

__all__ = ["sharded_filename", "sharded_filespec", "merge_v2_checkpoints"]


def _scalar_string(op, *inputs, **attrs):
    """TF's ScalarInputsAndOutputs."""
    for tensor in inputs:
        if tensor.shape.ndims not in (None, 0):
            raise shape_error("Shape must be rank 0 but is rank %d" % tensor.shape.ndims, op,
                              list(inputs))
    return [(dtypes.string, TensorShape([]))]


@register_op("ShardedFilename", inputs=("basename: string", "shard: int32",
                                        "num_shards: int32"),
             infer=_scalar_string, host_only=True, differentiable=False)
def _lower_sharded_filename(ctx, basename, shard, num_shards):
    name = "%s-%05d-of-%05d" % (_text(basename), int(shard), int(num_shards))
    return np.array(name.encode("utf-8"), dtype=object)


@register_op("ShardedFilespec", inputs=("basename: string", "num_shards: int32"),
             infer=_scalar_string, host_only=True, differentiable=False)
def _lower_sharded_filespec(ctx, basename, num_shards):
    name = "%s-?????-of-%05d" % (_text(basename), int(num_shards))
    return np.array(name.encode("utf-8"), dtype=object)


def _merge_infer(op, prefixes, destination, **attrs):
    """TF's shape function: prefixes a vector, destination a scalar."""
    for tensor, rank in ((prefixes, 1), (destination, 0)):
        if tensor.shape.ndims not in (None, rank):
            raise shape_error("Shape must be rank %d but is rank %d"
                              % (rank, tensor.shape.ndims), op, [prefixes, destination])
    return []


@register_op("MergeV2Checkpoints", inputs=("checkpoint_prefixes: string",
                                           "destination_prefix: string"),
             infer=_merge_infer, attrs={"delete_old_dirs": True}, stateful=True,
             host_only=True, differentiable=False)
def _lower_merge_v2_checkpoints(ctx, prefixes, destination, delete_old_dirs=True,
                                allow_missing_files=False):
    try:
        merge_io.merge_bundles(_texts(prefixes), _text(destination), bool(delete_old_dirs))
    except errors.OpError as e:   # the file layer's error, naming this op as TF's kernel
        cls = errors.exception_type_from_error_code(e.error_code)
        raise errors.op_error(cls, ctx.op, e.message) from e


def sharded_filename(basename, shard, num_shards, name=None):
    """TF's `gen_io_ops.sharded_filename`."""
    return apply_op("ShardedFilename", [basename, shard, num_shards],
                    name=name or "ShardedFilename")


def sharded_filespec(basename, num_shards, name=None):
    """TF's `gen_io_ops.sharded_filespec`."""
    return apply_op("ShardedFilespec", [basename, num_shards], name=name or "ShardedFilespec")


def merge_v2_checkpoints(checkpoint_prefixes, destination_prefix, delete_old_dirs=True,
                         name=None):
    """TF's `gen_io_ops.merge_v2_checkpoints`."""
    return apply_op("MergeV2Checkpoints", [checkpoint_prefixes, destination_prefix],
                    name=name or "MergeV2Checkpoints", delete_old_dirs=delete_old_dirs)

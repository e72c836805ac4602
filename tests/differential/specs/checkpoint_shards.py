"""Sharded checkpoints' raw ops: ShardedFilename / ShardedFilespec names, and
MergeV2Checkpoints merging two SaveV2 shards (written first) into one bundle that RestoreV2 then
reads (a sharded Saver's save and restore, op by op)."""
import os
import tempfile

import numpy as np

from harness import Program


def _names(tf):
    raw = tf.raw_ops
    return {"name": raw.ShardedFilename(basename="ckpt/model", shard=1, num_shards=3),
            "last": raw.ShardedFilename(basename="m", shard=11, num_shards=12),
            "spec": raw.ShardedFilespec(basename="ckpt/model", num_shards=3)}, {}


def _merge(tf):
    raw = tf.raw_ops
    tmp = tempfile.mkdtemp()
    parts = [os.path.join(tmp, "part-%d" % i) for i in range(2)]
    values = {"a": np.arange(6, dtype=np.float32).reshape(2, 3), "b": np.array([7, 8], np.int64)}
    saves = [raw.SaveV2(prefix=parts[0], tensor_names=["a"], shape_and_slices=[""],
                        tensors=[tf.constant(values["a"])]),
             raw.SaveV2(prefix=parts[1], tensor_names=["b"], shape_and_slices=[""],
                        tensors=[tf.constant(values["b"])])]
    merged = os.path.join(tmp, "model")
    merge = raw.MergeV2Checkpoints(checkpoint_prefixes=parts, destination_prefix=merged)
    with tf.control_dependencies([merge]):
        a, b = raw.RestoreV2(prefix=merged, tensor_names=["a", "b"],
                             shape_and_slices=["", ""], dtypes=[tf.float32, tf.int64])
    return {"a": a, "b": b}, {}, saves


PROGRAMS = [
    Program("sharded_filenames", _names, covers=("ShardedFilename", "ShardedFilespec")),
    Program("merge_v2_checkpoints", _merge, covers=("MergeV2Checkpoints", "SaveV2", "RestoreV2")),
]

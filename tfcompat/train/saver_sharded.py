"""The save/ subgraph of `tf.train.Saver(sharded=True)`, as TF 1.15's BaseSaverBuilder builds it
(`_GroupByDevices`, `_AddShardedSaveOpsForV2`, `_AddShardedRestoreOps`): the saveables grouped
by device (sorted by canonical device name), one `ShardedFilename` + `SaveV2` per device, on
that device's CPU 0, writing `<prefix>_temp_<uuid>/part-0000i-of-0000n`, then
`MergeV2Checkpoints` into `<prefix>.index` + `<prefix>.data-0000i-of-0000n`; one `RestoreV2`
and `restore_shard` NoOp per device, grouped as `restore_all`.
"""
from __future__ import annotations

import uuid

from tfcompat.framework.convert import constant
from tfcompat.framework.device import DeviceSpec
from tfcompat.framework.device import canonical_name
from tfcompat.ops import array_ops
from tfcompat.ops import io_ops
from tfcompat.ops import io_ops_sharded
from tfcompat.ops.control_flow_ops import group
from tfcompat.ops.indexing_ops import where
from tfcompat.ops.string_ops import string_join
from tfcompat.ops.string_ops_more import regex_full_match
from tfcompat.train import saver_resource
from tfcompat.train.saver_saveables import saved_tensor

__all__ = ["group_by_devices", "build_sharded"]


def _device_of(item) -> str:
    op = item.op
    if isinstance(op, saver_resource.SaveSlot):
        return op.tensor.device
    return item.var.device if item.var is not None else op.device


def group_by_devices(saveables) -> list:
    """TF's `_GroupByDevices`: [(canonical device, [Saved])], sorted by device."""
    per_device: dict = {}
    for item in saveables:
        per_device.setdefault(canonical_name(_device_of(item)), []).append(item)
    return sorted(per_device.items(), key=lambda t: t[0])


def set_cpu0(device: str) -> str:
    """TF's `saveable_object_util.set_cpu0`: the device's CPU 0 (same job, replica, task)."""
    return DeviceSpec.from_string(device).replace(device_type="CPU", device_index=0).to_string()


def _save_shard(graph, prefix, shard, num_shards, items):
    filename = io_ops_sharded.sharded_filename(prefix, shard, num_shards)
    tensors = [saved_tensor(graph, item) for item in items]
    save_op = io_ops.save_v2(filename, [i.name for i in items], [i.spec for i in items],
                             tensors)
    with graph.name_scope("control_dependency") as scope, \
            graph.colocate_with(filename.op), graph.control_dependencies([save_op]):
        done = array_ops.identity(filename, name=scope)
    return filename, done


def _add_save_ops(graph, checkpoint_prefix, per_device):
    """TF's `_AddShardedSaveOpsForV2`: returns the save tensor (the prefix fed)."""
    with graph.device("CPU"):
        suffix = where(regex_full_match(checkpoint_prefix, "^s3://.*"), constant(".part"),
                       constant("_temp_%s/part" % uuid.uuid4().hex))
        tmp_prefix = string_join([checkpoint_prefix, suffix])
    num_shards = constant(len(per_device), name="num_shards")
    prefixes, saves, last_device = [], [], None
    for shard, (device, items) in enumerate(per_device):
        last_device = device
        with graph.device(set_cpu0(device)):
            filename, done = _save_shard(graph, tmp_prefix, shard, num_shards, items)
        prefixes.append(filename)
        saves.append(done.op)
    with graph.control_dependencies(saves), graph.device(set_cpu0(last_device)):
        merge = io_ops_sharded.merge_v2_checkpoints(prefixes, checkpoint_prefix,
                                                    delete_old_dirs=True)
        with graph.control_dependencies([merge]):
            return array_ops.identity(checkpoint_prefix)


def _add_restore_ops(graph, filename_tensor, per_device, reshape):
    """TF's `_AddShardedRestoreOps`: one RestoreV2 (on CPU 0) and `restore_shard` per device."""
    shards = []
    for device, items in per_device:
        with graph.device(device):
            with graph.device("cpu:0"):
                restored = io_ops.restore_v2(
                    filename_tensor, [i.name for i in items], [i.spec for i in items],
                    [_dtype(graph, i) for i in items])
            assigns = saver_resource.restore_all([i.op for i in items], restored, reshape)
            shards.append(group(*assigns, name="restore_shard"))
    return group(*shards, name="restore_all")


def _dtype(graph, item):
    op = item.op
    if isinstance(op, saver_resource.SaveSlot):
        return op.tensor.dtype.base_dtype
    if op.type == "VarHandleOp":
        return op.get_attr("dtype")
    return op.outputs[0].dtype.base_dtype


def build_sharded(graph, saveables, filename_tensor, reshape) -> tuple:
    """(save tensor, restore op) of a sharded Saver, in the current name scope."""
    per_device = group_by_devices(saveables)
    save_tensor = _add_save_ops(graph, filename_tensor, per_device)
    restore_op = _add_restore_ops(graph, filename_tensor, per_device, reshape)
    return save_tensor, restore_op

"""TF's cluster messages `tf.train.JobDef` and `tf.train.ClusterDef`
(tensorflow/core/protobuf/cluster.proto), declared from a descriptor into tfcompat's private
protobuf pool:

    message JobDef { string name = 1; map<int32, string> tasks = 2; }
    message ClusterDef { repeated JobDef job = 1; }
"""
from __future__ import annotations

from google.protobuf import descriptor_pb2
from google.protobuf import message_factory

from tfcompat.io.proto._pool import POOL

__all__ = ["JobDef", "ClusterDef"]

_FILE = "tensorflow/core/protobuf/cluster.proto"
_F = descriptor_pb2.FieldDescriptorProto


def _declare():
    try:
        POOL.FindFileByName(_FILE)
        return
    except KeyError:
        pass
    f = descriptor_pb2.FileDescriptorProto(name=_FILE, package="tensorflow", syntax="proto3")
    job = f.message_type.add(name="JobDef")
    job.field.add(name="name", number=1, type=_F.TYPE_STRING, label=_F.LABEL_OPTIONAL)
    job.field.add(name="tasks", number=2, type=_F.TYPE_MESSAGE, label=_F.LABEL_REPEATED,
                  type_name=".tensorflow.JobDef.TasksEntry")
    entry = job.nested_type.add(name="TasksEntry")
    entry.options.map_entry = True
    entry.field.add(name="key", number=1, type=_F.TYPE_INT32, label=_F.LABEL_OPTIONAL)
    entry.field.add(name="value", number=2, type=_F.TYPE_STRING, label=_F.LABEL_OPTIONAL)
    cluster = f.message_type.add(name="ClusterDef")
    cluster.field.add(name="job", number=1, type=_F.TYPE_MESSAGE, label=_F.LABEL_REPEATED,
                      type_name=".tensorflow.JobDef")
    POOL.Add(f)


_declare()
JobDef = message_factory.GetMessageClass(POOL.FindMessageTypeByName("tensorflow.JobDef"))
ClusterDef = message_factory.GetMessageClass(POOL.FindMessageTypeByName("tensorflow.ClusterDef"))

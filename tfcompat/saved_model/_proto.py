"""TF's `SavedModel` message (tensorflow/core/protobuf/saved_model.proto, the fields TF1 uses),
declared here from a descriptor into tfcompat's private protobuf pool:

    message SavedModel {
      int64 saved_model_schema_version = 1;
      repeated MetaGraphDef meta_graphs = 2;
    }

(Field 3, TF2's object graph, is not read or written.)
"""
from __future__ import annotations

from google.protobuf import descriptor_pb2
from google.protobuf import message_factory

from tfcompat.io.proto import meta_graph_pb2  # noqa: F401 - registers MetaGraphDef in the pool
from tfcompat.io.proto._pool import POOL

_FILE = "tfcompat/saved_model/saved_model.proto"


def _declare():
    try:
        return POOL.FindMessageTypeByName("tensorflow.SavedModel")
    except KeyError:
        pass
    f = descriptor_pb2.FileDescriptorProto(name=_FILE, package="tensorflow", syntax="proto3")
    f.dependency.append(meta_graph_pb2.DESCRIPTOR.name)
    m = f.message_type.add(name="SavedModel")
    m.field.add(name="saved_model_schema_version", number=1,
                type=descriptor_pb2.FieldDescriptorProto.TYPE_INT64,
                label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
    m.field.add(name="meta_graphs", number=2, type_name=".tensorflow.MetaGraphDef",
                type=descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE,
                label=descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED)
    POOL.Add(f)
    return POOL.FindMessageTypeByName("tensorflow.SavedModel")


SavedModel = message_factory.GetMessageClass(_declare())

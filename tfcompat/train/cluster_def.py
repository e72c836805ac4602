"""TF's cluster messages `tf.train.JobDef` and `tf.train.ClusterDef`
(tensorflow/core/protobuf/cluster.proto; tfcompat/io/proto/cluster.proto, which config.proto's
`ConfigProto.cluster_def` uses too):

    message JobDef { string name = 1; map<int32, string> tasks = 2; }
    message ClusterDef { repeated JobDef job = 1; }
"""
from __future__ import annotations

from tfcompat.io.proto.cluster_pb2 import ClusterDef
from tfcompat.io.proto.cluster_pb2 import JobDef

__all__ = ["JobDef", "ClusterDef"]

"""The private descriptor pool that every generated ``*_pb2`` module here registers into.

The messages keep TensorFlow's package name, so they must stay out of protobuf's default pool,
where TensorFlow registers the same names when it is imported into the same process.
"""

from __future__ import annotations

from google.protobuf import any_pb2
from google.protobuf import descriptor_pool
from google.protobuf import wrappers_pb2

POOL = descriptor_pool.DescriptorPool()
# meta_graph.proto imports google/protobuf/any.proto and trackable_object_graph.proto
# google/protobuf/wrappers.proto, which the generated code registers only in the default pool; a
# private pool needs its own copies.
POOL.AddSerializedFile(any_pb2.DESCRIPTOR.serialized_pb)
POOL.AddSerializedFile(wrappers_pb2.DESCRIPTOR.serialized_pb)

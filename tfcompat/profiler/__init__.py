"""`tf.profiler`: static model analysis (parameter and float-op counts) as TF's tfprof gives it.
See model_analyzer.py for what differs: tfcompat records no per-op execution statistics, so
`tf.profiler.advise` (which reads them) is not provided."""
from tfcompat.io.proto.tfprof_output_pb2 import AdviceProto
from tfcompat.io.proto.tfprof_output_pb2 import GraphNodeProto
from tfcompat.io.proto.tfprof_output_pb2 import MultiGraphNodeProto
from tfcompat.io.proto.tfprof_output_pb2 import OpLogProto
from tfcompat.profiler.model_analyzer import profile
from tfcompat.profiler.model_analyzer import write_op_log
from tfcompat.profiler.option_builder import ProfileOptionBuilder
from tfcompat.profiler.profiler_class import Profiler

__all__ = ["AdviceProto", "GraphNodeProto", "MultiGraphNodeProto", "OpLogProto",
           "ProfileOptionBuilder", "Profiler", "profile", "write_op_log"]

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('profiler', __name__)   # TF's names, not this module's imports

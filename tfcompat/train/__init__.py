"""The `tf.train` namespace: optimizers, the global step, learning-rate schedules and
moving averages (this package), plus what other modules add (Saver, input pipelines ...)."""
from __future__ import annotations

from tfcompat.train.learning_rate_decay import *  # noqa: F401,F403
from tfcompat.train.moving_averages import ExponentialMovingAverage
from tfcompat.train.optimizer import Optimizer
from tfcompat.train.optimizers import *  # noqa: F401,F403
from tfcompat.train.training_util import *  # noqa: F401,F403
from tfcompat.train import slot_creator  # noqa: F401

__all__ = ["ExponentialMovingAverage", "Optimizer"]

# -- input pipelines (issue 5): Example protos, queue runners, queue-based batching --
from tfcompat.train import queue_runner  # noqa: E402,F401
from tfcompat.train.coordinator import Coordinator  # noqa: E402,F401
from tfcompat.train.coordinator import LooperThread  # noqa: E402,F401
from tfcompat.train.input import *  # noqa: E402,F401,F403 - batch, shuffle_batch, ...
from tfcompat.train.input_extras import *  # noqa: E402,F401,F403 - match_filenames_once
from tfcompat.train.queue_runner import QueueRunner  # noqa: E402,F401
from tfcompat.train.queue_runner import add_queue_runner  # noqa: E402,F401
from tfcompat.train.queue_runner import start_queue_runners  # noqa: E402,F401

# -- checkpoints and meta graphs (issue 6) --

# -- monitored sessions, hooks, several processes (issue 8): load on first use (table below) --

# protobuf messages and the meta-graph helpers load on first use (protobuf is not imported with
# `import tfcompat`); any other missing name fails clearly.
from tfcompat._unsupported import package_getattr as _package_getattr  # noqa: E402

__getattr__ = _package_getattr(__name__, {
    "experimental": "tfcompat.train.experimental",
    "Example": "tfcompat.io.proto.example_pb2#Example",
    "SequenceExample": "tfcompat.io.proto.example_pb2#SequenceExample",
    "BytesList": "tfcompat.io.proto.feature_pb2#BytesList",
    "Feature": "tfcompat.io.proto.feature_pb2#Feature",
    "FeatureList": "tfcompat.io.proto.feature_pb2#FeatureList",
    "FeatureLists": "tfcompat.io.proto.feature_pb2#FeatureLists",
    "Features": "tfcompat.io.proto.feature_pb2#Features",
    "FloatList": "tfcompat.io.proto.feature_pb2#FloatList",
    "Int64List": "tfcompat.io.proto.feature_pb2#Int64List",
    "export_meta_graph": "tfcompat.train.meta_graph#export_meta_graph",
    "import_meta_graph": "tfcompat.train.saver#import_meta_graph",
    "write_graph": "tfcompat.io.graph_def#write_graph",
    "CheckpointState": "tfcompat.io.proto.checkpoint_state_pb2#CheckpointState",
    "SaverDef": "tfcompat.io.proto.saver_pb2#SaverDef",
    "Saver": "tfcompat.train.saver#Saver",
    "latest_checkpoint": "tfcompat.train.checkpoint_management#latest_checkpoint",
    "get_checkpoint_state": "tfcompat.train.checkpoint_management#get_checkpoint_state",
    "update_checkpoint_state": "tfcompat.train.checkpoint_management#update_checkpoint_state",
    "generate_checkpoint_state_proto":
        "tfcompat.train.checkpoint_management#generate_checkpoint_state_proto",
    "checkpoint_exists": "tfcompat.train.checkpoint_management#checkpoint_exists",
    "get_checkpoint_mtimes": "tfcompat.train.checkpoint_management#get_checkpoint_mtimes",
    "remove_checkpoint": "tfcompat.train.checkpoint_management#remove_checkpoint",
    "meta_graph_filename": "tfcompat.train.checkpoint_management#meta_graph_filename",
    "checkpoints_iterator": "tfcompat.train.checkpoint_management#checkpoints_iterator",
    "summary_iterator": "tfcompat.train.checkpoint_management#summary_iterator",
    "NewCheckpointReader": "tfcompat.train.checkpoint_utils#NewCheckpointReader",
    "CheckpointReader": "tfcompat.train.checkpoint_utils#CheckpointReader",
    "load_checkpoint": "tfcompat.train.checkpoint_utils#load_checkpoint",
    "list_variables": "tfcompat.train.checkpoint_utils#list_variables",
    "load_variable": "tfcompat.train.checkpoint_utils#load_variable",
    "init_from_checkpoint": "tfcompat.train.checkpoint_utils#init_from_checkpoint",
    # object-based checkpoints
    "Checkpoint": "tfcompat.train.checkpoint_object#Checkpoint",
    "CheckpointOptions": "tfcompat.train.checkpoint_object#CheckpointOptions",
    "CheckpointManager": "tfcompat.train.checkpoint_object_manager#CheckpointManager",
    # monitored sessions, hooks, several processes (issue 8)
    "SecondOrStepTimer": "tfcompat.train.basic_session_run_hooks#SecondOrStepTimer",
    "StopAtStepHook": "tfcompat.train.basic_session_run_hooks#StopAtStepHook",
    "NanLossDuringTrainingError":
        "tfcompat.train.basic_session_run_hooks#NanLossDuringTrainingError",
    "NanTensorHook": "tfcompat.train.basic_session_run_hooks#NanTensorHook",
    "GlobalStepWaiterHook": "tfcompat.train.basic_session_run_hooks#GlobalStepWaiterHook",
    "LoggingTensorHook": "tfcompat.train.basic_session_run_hooks#LoggingTensorHook",
    "StepCounterHook": "tfcompat.train.basic_session_run_hooks#StepCounterHook",
    "CheckpointSaverListener": "tfcompat.train.basic_session_run_hooks#CheckpointSaverListener",
    "CheckpointSaverHook": "tfcompat.train.basic_session_run_hooks#CheckpointSaverHook",
    "SummarySaverHook": "tfcompat.train.basic_session_run_hooks#SummarySaverHook",
    "FinalOpsHook": "tfcompat.train.basic_session_run_hooks#FinalOpsHook",
    "FeedFnHook": "tfcompat.train.basic_session_run_hooks#FeedFnHook",
    "ProfilerHook": "tfcompat.train.basic_session_run_hooks#ProfilerHook",
    "Scaffold": "tfcompat.train.monitored_session#Scaffold",
    "SessionCreator": "tfcompat.train.monitored_session#SessionCreator",
    "ChiefSessionCreator": "tfcompat.train.monitored_session#ChiefSessionCreator",
    "WorkerSessionCreator": "tfcompat.train.monitored_session#WorkerSessionCreator",
    "MonitoredSession": "tfcompat.train.monitored_session#MonitoredSession",
    "SingularMonitoredSession": "tfcompat.train.monitored_session#SingularMonitoredSession",
    "MonitoredTrainingSession": "tfcompat.train.monitored_session#MonitoredTrainingSession",
    "ClusterSpec": "tfcompat.train.server_lib#ClusterSpec",
    "Server": "tfcompat.train.server_lib#Server",
    "replica_device_setter": "tfcompat.train.server_lib#replica_device_setter",
    "SessionRunHook": "tfcompat.train.session_run_hook#SessionRunHook",
    "SessionRunArgs": "tfcompat.train.session_run_hook#SessionRunArgs",
    "SessionRunContext": "tfcompat.train.session_run_hook#SessionRunContext",
    "SessionRunValues": "tfcompat.train.session_run_hook#SessionRunValues",
    "SessionManager": "tfcompat.train.session_manager#SessionManager",
    "Supervisor": "tfcompat.train.supervisor#Supervisor",
    "sdca_shrink_l1": "tfcompat.ops.sdca_ops#sdca_shrink_l1",
    "VocabInfo": "tfcompat.train.warm_starting#VocabInfo",
    "warm_start": "tfcompat.train.warm_starting#warm_start",
    "ClusterDef": "tfcompat.train.cluster_def#ClusterDef",
    "JobDef": "tfcompat.train.cluster_def#JobDef",
    "ServerDef": "tfcompat.io.proto.tensorflow_server_pb2#ServerDef",
    "basic_train_loop": "tfcompat.train.supervisor#basic_train_loop",
    "SyncReplicasOptimizer": "tfcompat.train.sync_replicas_optimizer#SyncReplicasOptimizer",
    "SummaryWriterCache": "tfcompat.summary.writer#FileWriterCache",
}, "train")

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('train', __name__)   # TF's names, not this module's imports

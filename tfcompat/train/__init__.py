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
from tfcompat.io.proto.example_pb2 import Example  # noqa: E402,F401
from tfcompat.io.proto.example_pb2 import SequenceExample  # noqa: E402,F401
from tfcompat.io.proto.feature_pb2 import BytesList  # noqa: E402,F401
from tfcompat.io.proto.feature_pb2 import Feature  # noqa: E402,F401
from tfcompat.io.proto.feature_pb2 import FeatureList  # noqa: E402,F401
from tfcompat.io.proto.feature_pb2 import FeatureLists  # noqa: E402,F401
from tfcompat.io.proto.feature_pb2 import Features  # noqa: E402,F401
from tfcompat.io.proto.feature_pb2 import FloatList  # noqa: E402,F401
from tfcompat.io.proto.feature_pb2 import Int64List  # noqa: E402,F401
from tfcompat.train import queue_runner  # noqa: E402,F401
from tfcompat.train.coordinator import Coordinator  # noqa: E402,F401
from tfcompat.train.coordinator import LooperThread  # noqa: E402,F401
from tfcompat.train.input import *  # noqa: E402,F401,F403 - batch, shuffle_batch, ...
from tfcompat.train.queue_runner import QueueRunner  # noqa: E402,F401
from tfcompat.train.queue_runner import add_queue_runner  # noqa: E402,F401
from tfcompat.train.queue_runner import start_queue_runners  # noqa: E402,F401

# -- checkpoints and meta graphs (issue 6) --
from tfcompat.framework.meta_graph import export_meta_graph  # noqa: E402,F401
from tfcompat.framework.meta_graph import import_meta_graph  # noqa: E402,F401
from tfcompat.io.graph_def import write_graph  # noqa: E402,F401
from tfcompat.io.proto.checkpoint_state_pb2 import CheckpointState  # noqa: E402,F401
from tfcompat.io.proto.saver_pb2 import SaverDef  # noqa: E402,F401
from tfcompat.train.checkpoint_management import *  # noqa: E402,F401,F403
from tfcompat.train.checkpoint_utils import *  # noqa: E402,F401,F403
from tfcompat.train.saver import Saver  # noqa: E402,F401

# -- monitored sessions, hooks, several processes (issue 8) --
from tfcompat.train.basic_session_run_hooks import *  # noqa: E402,F401,F403 - StopAtStepHook, ...
from tfcompat.train.monitored_session import *  # noqa: E402,F401,F403 - MonitoredTrainingSession
from tfcompat.train.server_lib import *  # noqa: E402,F401,F403 - ClusterSpec, Server
from tfcompat.train.session_manager import SessionManager  # noqa: E402,F401
from tfcompat.train.session_run_hook import *  # noqa: E402,F401,F403 - SessionRunHook, ...
from tfcompat.train.sync_replicas_optimizer import SyncReplicasOptimizer  # noqa: E402,F401
from tfcompat.summary.writer import FileWriterCache as SummaryWriterCache  # noqa: E402,F401
from tfcompat.io.events import read_events as summary_iterator  # noqa: E402,F401

"""`tf.ConfigProto`, `GPUOptions`, `GraphOptions`, `OptimizerOptions`, `RunOptions`: TensorFlow's
protobuf messages (tfcompat/io/proto/config.proto, TF's field numbers), so they serialize, parse,
print (text format) and check keywords as TF's do. `tf.RunMetadata` is config.proto's too.
This module loads protobuf: `import tfcompat` binds these names lazily.

What tfcompat does with the fields (the rest are kept and serialized, and change nothing):

- `log_device_placement`: prints "op: (Type): /job:localhost/replica:0/task:0/device:..."
  on stdout for each op of the graph at the first run after it was added, in TF's placer's
  order (client/placement.py).
- `allow_soft_placement`: an op asked for a device that does not exist runs on the
  default device instead of failing.
- `device_count`: {'GPU': 0} keeps ops off CUDA; {'CPU': N} gives N logical CPU devices.
- `intra_op_parallelism_threads`: sets torch's intra-op thread count (process-wide).
- `inter_op_parallelism_threads`: a plan spanning several devices runs its independent
  per-device parts on this many threads (0: one per core; 1: one after the other); a
  single-device plan always runs straight through (client/parallel.py).
- `gpu_options.per_process_gpu_memory_fraction` caps this process's CUDA memory
  (torch.cuda.set_per_process_memory_fraction); `gpu_options.visible_device_list` restricts
  the GPUs ops may be placed on; `allow_growth` changes nothing (PyTorch's caching allocator
  grows on demand anyway).
- `graph_options.optimizer_options.global_jit_level`: ON_1/ON_2 compile the session's
  plans with torch.compile (client/jit.py), as TF compiles them with XLA; DEFAULT and OFF run
  plans op by op. `graph_options.rewrite_options`' `constant_folding` (OFF),
  `disable_meta_optimizer` and `min_graph_nodes` decide, as they decide TF's grappler,
  whether a division by a constant runs as a multiplication by its reciprocal
  (client/grappler.py); the rest of `graph_options` changes nothing: tfcompat always prunes
  and folds constants in its plans.
- `operation_timeout_in_ms` (and `RunOptions.timeout_in_ms`, which overrides it): a run whose
  queue operation still waits after that long fails with DeadlineExceededError "Timed out
  waiting for notification" (client/session.py `step_timed_out`; other ops are not timed).
- `use_per_session_threads`, `isolate_session_state`, `experimental`: change nothing (session
  state is always isolated per session).
- `RunOptions.trace_level` above NO_TRACE, with a `run_metadata` given to `Session.run`, records
  step statistics (client/tracing.py); the rest of RunOptions changes nothing.
"""
from __future__ import annotations

from tfcompat.io.proto.config_pb2 import ConfigProto
from tfcompat.io.proto.config_pb2 import GPUOptions
from tfcompat.io.proto.config_pb2 import GraphOptions
from tfcompat.io.proto.config_pb2 import OptimizerOptions
from tfcompat.io.proto.config_pb2 import RunMetadata
from tfcompat.io.proto.config_pb2 import RunOptions
from tfcompat.io.proto.rewriter_config_pb2 import RewriterConfig

__all__ = ["ConfigProto", "GPUOptions", "GraphOptions", "OptimizerOptions", "RunMetadata",
           "RunOptions", "RewriterConfig"]

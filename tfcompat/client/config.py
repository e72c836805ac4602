"""`tf.ConfigProto`, `GPUOptions`, `RunOptions`, `RunMetadata`: the session options TF1
scripts pass. Each field either does what it does in TF or is documented as accepted and
ignored (see `ConfigProto`).
"""
from __future__ import annotations


def _text_scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"%s"' % value.replace("\\", "\\\\").replace('"', '\\"')
    return repr(value)


class _Options:
    _FIELDS: dict = {}
    _TEXT_ORDER: tuple = ()     # TF's field numbers, for the text format
    _ENUM_NAMES: dict = {}

    def __init__(self, **kwargs):
        for key, default in self._FIELDS.items():
            value = kwargs.pop(key, None)
            if value is None:
                value = default() if callable(default) else default
            setattr(self, key, value)
        if kwargs:
            raise ValueError("Protocol message %s has no \"%s\" field."
                             % (type(self).__name__, next(iter(kwargs))))

    def __repr__(self):
        parts = ["%s: %r" % (k, getattr(self, k)) for k in self._FIELDS
                 if getattr(self, k) not in (None, 0, False, "", {}, [])]
        return "%s(%s)" % (type(self).__name__, ", ".join(parts))

    def __str__(self):
        """protobuf's text format, as `print(config)` shows a TF ConfigProto: the non-default
        fields in field-number order (_TEXT_ORDER), enums by name."""
        return "".join(self._text_lines(""))

    def _text_lines(self, indent):
        order = list(self._TEXT_ORDER) + [k for k in self._FIELDS if k not in self._TEXT_ORDER]
        for key in order:
            value = getattr(self, key, None)
            if isinstance(value, _Options):
                body = list(value._text_lines(indent + "  "))
                if body:
                    yield "%s%s {\n%s%s}\n" % (indent, key, "".join(body), indent)
            elif isinstance(value, dict):
                for k in value:  # TF: the map's own order (unspecified)
                    yield '%s%s {\n%s  key: "%s"\n%s  value: %s\n%s}\n' % (
                        indent, key, indent, k, indent, value[k], indent)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    yield "%s%s: %s\n" % (indent, key, _text_scalar(item))
            elif value not in (None, 0, False, ""):
                names = self._ENUM_NAMES.get(key)
                text = names[value] if names and value in names else _text_scalar(value)
                yield "%s%s: %s\n" % (indent, key, text)

    def CopyFrom(self, other):
        for key in self._FIELDS:
            setattr(self, key, getattr(other, key))

    def SerializeToString(self) -> bytes:
        return repr(self).encode()


class GPUOptions(_Options):
    """`allow_growth` is accepted (PyTorch's caching allocator grows on demand anyway);
    `per_process_gpu_memory_fraction` caps this process's CUDA memory
    (torch.cuda.set_per_process_memory_fraction); `visible_device_list` restricts the GPUs
    ops may be placed on."""

    _TEXT_ORDER = ("per_process_gpu_memory_fraction", "allocator_type", "deferred_deletion_bytes",
                   "allow_growth", "visible_device_list", "polling_active_delay_usecs",
                   "force_gpu_compatible", "experimental")
    _FIELDS = {"allow_growth": False, "per_process_gpu_memory_fraction": 0.0,
               "visible_device_list": "", "allocator_type": "", "deferred_deletion_bytes": 0,
               "force_gpu_compatible": False, "polling_active_delay_usecs": 0,
               "experimental": None}


class GraphOptions(_Options):
    """`optimizer_options.global_jit_level` ON_1/ON_2 compiles the session's plans with
    torch.compile (client/jit.py); the rest is accepted and ignored: tfcompat always prunes and
    folds constants in its plans."""

    # a sub-message exists on first access, as in protobuf: `graph_options.optimizer_options.
    # global_jit_level = ON_1` works on a fresh ConfigProto
    _TEXT_ORDER = ("enable_recv_scheduling", "optimizer_options", "build_cost_model",
                   "infer_shapes", "place_pruned_graph", "enable_bfloat16_sendrecv",
                   "timeline_step", "rewrite_options")
    _FIELDS = {"enable_recv_scheduling": False, "optimizer_options": lambda: OptimizerOptions(),
               "build_cost_model": 0, "infer_shapes": False, "place_pruned_graph": False,
               "enable_bfloat16_sendrecv": False, "timeline_step": 0, "rewrite_options": None}


class ConfigProto(_Options):
    """TF1 `tf.ConfigProto`.

    - `log_device_placement`: prints "op: (Type): /job:localhost/replica:0/task:0/device:..."
      to stderr when a run's plan is placed, as TF does.
    - `allow_soft_placement`: an op asked for a device that does not exist runs on the
      default device instead of failing.
    - `device_count`: {'GPU': 0} keeps ops off CUDA; {'CPU': N} gives N logical CPU devices.
    - `intra_op_parallelism_threads`: sets torch's intra-op thread count (process-wide).
    - `inter_op_parallelism_threads`: a plan spanning several devices runs its independent
      per-device parts on this many threads (0: one per core; 1: one after the other); a
      single-device plan always runs straight through (client/parallel.py).
    - `graph_options.optimizer_options.global_jit_level`: ON_1/ON_2 compile the session's
      plans with torch.compile (client/jit.py), as TF compiles them with XLA.
    - `use_per_session_threads`, `operation_timeout_in_ms`, the rest of `graph_options`,
      `isolate_session_state`: accepted and ignored (session state is always isolated per
      session).
    """

    _TEXT_ORDER = ("device_count", "intra_op_parallelism_threads", "placement_period",
                   "device_filters", "inter_op_parallelism_threads", "gpu_options",
                   "allow_soft_placement", "log_device_placement", "use_per_session_threads",
                   "graph_options", "operation_timeout_in_ms", "session_inter_op_thread_pool",
                   "rpc_options", "cluster_def", "isolate_session_state", "experimental",
                   "share_cluster_devices_in_session")
    _FIELDS = {"log_device_placement": False, "allow_soft_placement": False,
               "device_count": dict, "intra_op_parallelism_threads": 0,
               "inter_op_parallelism_threads": 0, "use_per_session_threads": False,
               "gpu_options": GPUOptions, "graph_options": GraphOptions,
               "operation_timeout_in_ms": 0, "isolate_session_state": False,
               "allow_soft_placement_on_gpu": False, "experimental": None,
               "device_filters": list, "session_inter_op_thread_pool": list,
               "placement_period": 0, "rpc_options": None, "cluster_def": None,
               "share_cluster_devices_in_session": False}


class RunOptions(_Options):
    """`trace_level` above NO_TRACE, with a `run_metadata` given to `Session.run`, records
    step statistics (client/tracing.py); `timeout_in_ms` and the rest are accepted and ignored.
    (`tf.RunMetadata` is TF's protobuf message: tfcompat/io/proto/run_metadata.proto.)"""

    NO_TRACE = 0
    SOFTWARE_TRACE = 1
    HARDWARE_TRACE = 2
    FULL_TRACE = 3
    _TEXT_ORDER = ("trace_level", "timeout_in_ms", "inter_op_thread_pool",
                   "output_partition_graphs", "debug_options",
                   "report_tensor_allocations_upon_oom", "experimental")
    _ENUM_NAMES = {"trace_level": {0: "NO_TRACE", 1: "SOFTWARE_TRACE", 2: "HARDWARE_TRACE",
                                   3: "FULL_TRACE"}}
    _FIELDS = {"trace_level": 0, "timeout_in_ms": 0, "inter_op_thread_pool": 0,
               "output_partition_graphs": False, "debug_options": None,
               "report_tensor_allocations_upon_oom": False, "experimental": None}


class OptimizerOptions(_Options):
    """`global_jit_level`: DEFAULT and OFF run plans op by op; ON_1 and ON_2 compile them with
    torch.compile (client/jit.py). The values are TF's enum values."""

    L1 = 0
    L0 = -1
    DEFAULT = 0
    OFF = -1
    ON_1 = 1
    ON_2 = 2
    _TEXT_ORDER = ("do_common_subexpression_elimination", "do_constant_folding", "opt_level",
                   "do_function_inlining", "global_jit_level", "max_folded_constant_in_bytes")
    _ENUM_NAMES = {"opt_level": {0: "L1", -1: "L0"},
                   "global_jit_level": {0: "DEFAULT", -1: "OFF", 1: "ON_1", 2: "ON_2"}}
    _FIELDS = {"do_common_subexpression_elimination": False, "do_constant_folding": False,
               "opt_level": 0, "global_jit_level": 0, "do_function_inlining": False,
               "max_folded_constant_in_bytes": 0}

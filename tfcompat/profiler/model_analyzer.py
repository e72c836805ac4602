"""`tf.profiler.profile` and `write_op_log`: TF's static model analysis (tfprof) of a graph —
parameters of trainable variables and float operations of ops with known shapes — in TF's
scope, graph, op and code views, with TF's report text and returned protos.

The profiler does not read the step statistics of a traced run's RunMetadata (tfcompat records
them, client/tracing.py, for `tensorflow.python.client.timeline` and tf.train.ProfilerHook), so
execution times and memory read 0 and the `time_and_memory()` preset shows no ops; timeline and
pprof outputs, which exist to show those, are refused with a clear error."""
import os
import sys

from tfcompat import errors
from tfcompat.framework import graph as graph_module
from tfcompat.framework import tensor_shape
from tfcompat.io.proto import tfprof_output_pb2
from tfcompat.profiler import flops_registry
from tfcompat.profiler import tfprof_nodes as nodes
from tfcompat.profiler import tfprof_views as views
from tfcompat.profiler.option_builder import ProfileOptionBuilder

_DOC_CMD = {
    "scope": "scope: The nodes in the model graph are organized by their names, which is "
             "hierarchical like filesystem.",
    "code": "code: When python trace is available, the nodes are python lines and their are "
            "organized by the python call stack.",
    "op": "op: The nodes are operation kernel type, such as MatMul, Conv2D. Graph nodes "
          "belonging to the same type are aggregated together.",
}
_DOC_CMD["graph"] = _DOC_CMD["scope"]  # tfprof documents the graph view with the scope text
_TOTAL_MICROS = "total execution time: Sum of accelerator execution time and cpu execution time."
_CPU_MICROS = ("cpu execution time: The time from the start to the end of the operation. It's "
               "the sum of actual cpu run time plus the time that it spends waiting if part of "
               "computation is launched asynchronously.")
_ACC_MICROS = ("accelerator execution time: Time spent executing on the accelerator. This is "
               "normally measured by the actual hardware library.")
_DOC_SELECT = {
    "bytes": "requested bytes: The memory requested by the operation, accumulatively.",
    "micros": "\n".join((_TOTAL_MICROS, _CPU_MICROS, _ACC_MICROS)),
    "params": "param: Number of parameters (in the Variable).",
    "float_ops": "flops: Number of float operations. Note: Please read the implementation for "
                 "the math behind it.",
    "tensor_value": "tensor_value: Not supported now.",
    "device": "device: which device is placed on.",
    "op_types": "op_types: The attributes of the operation, includes the Kernel name device "
                "placed on and user-defined strings.",
    "occurrence": "occurrence: The number of times it occurs",
    "input_shapes": "input shape: The shape of input tensors",
    "accelerator_micros": _ACC_MICROS, "cpu_micros": _CPU_MICROS,
    "peak_bytes": "peak bytes: The peak amount of memory that the operation is holding at "
                  "some point.",
    "residual_bytes": "residual bytes: The memory not de-allocated after the operation "
                      "finishes.",
    "output_bytes": "output bytes: The memory that is output from the operation (not "
                    "necessarilty allocated by the operation)",
}
_OPTION_LINES = ("max_depth", "min_bytes", "min_peak_bytes", "min_residual_bytes",
                 "min_output_bytes", "min_micros", "min_accelerator_micros", "min_cpu_micros",
                 "min_params", "min_float_ops", "min_occurrence", "step", "order_by",
                 "account_type_regexes", "start_name_regexes", "trim_name_regexes",
                 "show_name_regexes", "hide_name_regexes", "account_displayed_op_only",
                 "select", "output")


def _normalize(options):
    opts = ProfileOptionBuilder().build()
    opts.update((k, 0) for k in _OPTION_LINES if k.startswith("min_"))
    opts.update(options)
    opts["select"] = sorted(set(opts["select"]))
    output, _, params = opts["output"].partition(":")
    opts["output_type"] = output
    opts["output_options"] = dict(p.split("=", 1) for p in params.split(",") if "=" in p)
    return opts


def _options_text(opts) -> str:
    lines = []
    for key in _OPTION_LINES:
        value = opts[key]
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, list):
            value = ",".join(value)
        elif key == "output":
            value = "%s:%s" % (opts["output_type"], ",".join(
                "%s=%s" % kv for kv in sorted(opts["output_options"].items())))
        lines.append("%-28s%s\n" % ("-" + key, value))
    return "".join(lines)


def _doc(cmd, opts) -> str:
    helps = [_DOC_CMD[cmd]]
    helps += [_DOC_SELECT.get(s, "Unknown select: " + s) for s in opts["select"]]
    return "\nDoc:\n%s\n\nProfile:\n" % "\n".join(helps)


def _dims(shape):
    """tfprof's input shape: [] for an unknown rank, [1] for a scalar, -1 for unknown sizes."""
    if shape.dims is None:
        return []
    dims = [-1 if d is None else d for d in shape.as_list()]
    return dims or [1]


def _attr_dims(shape):
    """An op's `shape` attr as tfprof reads it (what its parameter count multiplies)."""
    if shape is None:
        return []
    shape = tensor_shape.as_shape(shape)
    return [] if shape.dims is None else [-1 if d is None else d for d in shape.as_list()]


def _graph_stats(graph, op_log):
    stats = {}
    for op in graph.get_operations():
        shape = _attr_dims(op.attrs.get("shape"))
        inputs = [t.op.name for t in op.inputs] + [c.name for c in op.control_inputs]
        stats[op.name] = nodes.GraphNodeStats(
            op.name, op.type, shape, inputs,
            {i: _dims(t.shape) for i, t in enumerate(op.inputs)},
            getattr(op, "traceback_line", None))
    for entry in op_log.log_entries:
        node = stats.get(entry.name)
        if node is not None:
            node.float_ops += entry.float_ops
            node.op_types.update(entry.types)
    return stats


def _logged_ops(graph, run_meta):
    logged, missing = {}, 0
    for op in graph.get_operations():
        try:
            count = flops_registry.float_ops(op)
        except ValueError:
            missing += 1
            count = None
        if count:
            logged[op.name] = tfprof_output_pb2.OpLogEntry(name=op.name, float_ops=count)
    for variable in graph.get_collection(graph_module.GraphKeys.TRAINABLE_VARIABLES):
        entry = logged.setdefault(variable.op.name,
                                  tfprof_output_pb2.OpLogEntry(name=variable.op.name))
        entry.types.append(nodes.TRAINABLE_VARIABLES)
    if missing and not run_meta:
        sys.stderr.write("%d ops no flops stats due to incomplete shapes.\n" % missing)
    return logged


def merge_default_with_oplog(graph, op_log=None, run_meta=None):
    """The op log tfprof analyses: float ops and trainable-variable types, merged into
    `op_log` (an OpLogProto) when one is given."""
    graph = graph or graph_module.get_default_graph()
    merged = tfprof_output_pb2.OpLogProto()
    logged = _logged_ops(graph, run_meta)
    if op_log is None:
        merged.log_entries.extend(logged.values())
        return merged
    entries = {e.name: e for e in op_log.log_entries}
    for name, entry in logged.items():
        mine = entries.get(name)
        if mine is None:
            entries[name] = entry
            continue
        mine.types.extend(entry.types)
        if entry.float_ops > 0 and mine.float_ops == 0:
            mine.float_ops = entry.float_ops
    merged.log_entries.extend(entries.values())
    return merged


def write_op_log(graph, log_dir, op_log=None, run_meta=None, add_trace=True):
    """Writes the merged op log to `log_dir/tfprof_log` (an OpLogProto, as TF)."""
    del add_trace  # tfcompat records one source line per op, not a stack (see the code view)
    op_log = merge_default_with_oplog(graph, op_log, run_meta)
    path = os.path.join(log_dir, "tfprof_log")
    if not os.path.isdir(log_dir):
        raise errors.NotFoundError(None, None, "%s; No such file or directory" % path)
    with open(path, "wb") as f:
        f.write(op_log.SerializeToString())


_TREE_ROOTS = {"scope": views.scope_root, "graph": views.graph_root, "code": views.code_root}


def analyze(graph, op_log, cmd, options):
    """Runs one view over `graph` and emits its report as `options["output"]` says."""
    opts = _normalize(options)
    kind = opts["output_type"]
    if kind in ("timeline", "pprof"):
        raise errors.UnimplementedError(
            None, None, "tf.profiler %s output needs per-op execution statistics, which "
            "tfcompat does not record; use output 'stdout', 'file:outfile=...' or 'none', or "
            "torch.profiler around sess.run for timings" % kind)
    stats = _graph_stats(graph, op_log)
    if cmd == "op":
        report, proto = views.show_ops(stats, opts)
    else:
        report, proto = views.show_tree(_TREE_ROOTS[cmd](stats), opts,
                                        keep_unaccounted_parents=cmd != "graph",
                                        graph_walk=cmd == "graph", multi=cmd == "code")
    text = _doc(cmd, opts) + report
    if kind == "stdout":
        note = ("Note: code view ignores account_displayed_op_only\n"
                if cmd == "code" and opts["account_displayed_op_only"] else "")
        sys.stdout.write("\n=========================Options=============================\n"
                         + _options_text(opts)
                         + "\n==================Model Analysis Report======================\n"
                         + note + text
                         + "\n======================End of Report==========================\n")
        sys.stdout.flush()
    elif kind == "file":
        with open(opts["output_options"]["outfile"], "w") as f:
            f.write(text)
    elif kind != "none":
        sys.stderr.write("Unknown output type: %s\n" % kind)
    return proto


def profile(graph=None, run_meta=None, op_log=None, cmd="scope",
            options=None):
    """Profiles `graph` (the default graph when None): `cmd` is the view ('scope', 'graph',
    'op' or 'code'); `options` come from ProfileOptionBuilder (default: trainable variables'
    parameters). Returns a GraphNodeProto ('scope', 'graph') or MultiGraphNodeProto ('op',
    'code'), whose `total_parameters` / `total_float_ops` are the model's totals."""
    if cmd not in ("scope", "graph", "op", "code"):
        raise errors.InvalidArgumentError(None, None, "unknown cmd: %s\n" % cmd)
    if options is None:
        options = ProfileOptionBuilder.trainable_variables_parameter()
    graph = graph or graph_module.get_default_graph()
    check_step_stats_options(run_meta is not None and run_meta.HasField("step_stats"), options)
    op_log = merge_default_with_oplog(graph, op_log, run_meta)
    proto = analyze(graph, op_log, cmd, options)
    if cmd == "code" and isinstance(proto, tfprof_output_pb2.GraphNodeProto):
        return _as_multi(proto)
    return proto


def _as_multi(node) -> tfprof_output_pb2.MultiGraphNodeProto:
    """The code view's tree as TF returns it: MultiGraphNodeProtos."""
    multi = tfprof_output_pb2.MultiGraphNodeProto(name=node.name)
    for field in ("parameters", "float_ops", "total_parameters", "total_float_ops"):
        setattr(multi, field, getattr(node, field))
    for child in node.children:
        multi.children.add().CopyFrom(_as_multi(child))
    return multi


_STEP_STAT_MINIMUMS = ("min_bytes", "min_peak_bytes", "min_residual_bytes", "min_output_bytes",
                       "min_micros", "min_accelerator_micros", "min_cpu_micros")


def check_step_stats_options(traced: bool, options):
    """Refuses a view of a traced run's time and memory (ProfileOptionBuilder.time_and_memory(),
    min_micros / min_bytes ...): tfprof reads them from RunMetadata step statistics, which this
    profiler does not, so the view would be silently empty."""
    wanted = [k for k in _STEP_STAT_MINIMUMS if (options or {}).get(k, 0) > 0]
    if traced and wanted:
        raise errors.UnimplementedError(
            None, None, "tf.profiler's execution-time and memory statistics (%s) come from the "
            "RunMetadata's step statistics, which tfcompat's profiler does not read: profile "
            "parameters and float operations (ProfileOptionBuilder.trainable_variables_parameter"
            "(), float_operation()), and read timings from a traced run's timeline "
            "(tensorflow.python.client.timeline) or torch.profiler around sess.run"
            % ", ".join(wanted))


ADVISE_UNSUPPORTED = (
    "tf.profiler's advisor checks execution times, memory and accelerator use recorded in "
    "RunMetadata step statistics, which tfcompat's profiler does not read; use "
    "tf.profiler.profile for parameters and float operations, and a traced run's timeline "
    "(tensorflow.python.client.timeline) or torch.profiler around sess.run for timings")


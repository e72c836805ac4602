"""The nodes TF's profiler (tfprof) shows: one per graph op, with its statistics (float ops from
the op log, parameters from its `shape` attr), and the accounting every view shares (self values,
totals, TF's `--` for nodes that are not accounted). Values and rules are tfprof's
(tensorflow/core/profiler/internal/tfprof_node*.{h,cc}, tfprof_show*.cc)."""
import re

from tfcompat.io.proto import tensor_shape_pb2
from tfcompat.io.proto import tfprof_output_pb2

ROOT = "_TFProfRoot"
SCOPE_PARENT = "_kTFScopeParent"
GRAPH_PARENT = "_kTFGraphParent"
TRAINABLE_VARIABLES = "_trainable_variables"

# the statistics a node carries; tfprof's proto fields `<stat>` and `total_<stat>`
STATS = ("parameters", "float_ops", "run_count", "exec_micros", "accelerator_exec_micros",
         "cpu_exec_micros", "requested_bytes", "peak_bytes", "residual_bytes", "output_bytes")


class GraphNodeStats:
    """What tfprof knows of one graph node (TFGraphNode)."""

    def __init__(self, name, op_type, shape=(), inputs=(), input_shapes=None, trace=None):
        self.name = name
        self.op = op_type
        self.op_types = {op_type}
        self.shape = list(shape)            # the `shape` attr: what `parameters` counts
        self.inputs = list(inputs)          # input op names (control inputs too), for graph view
        self.input_shapes = input_shapes or {}
        self.trace = trace                  # 'file:line' where the op was made (code view)
        self.float_ops = 0

    @property
    def parameters(self) -> int:
        if not self.shape or any(d < 0 for d in self.shape):
            return 0
        count = 1
        for d in self.shape:
            count *= d
        return count


class ShowNode:
    """A node as a view displays it: self and total statistics, children, the formatted line."""

    def __init__(self, stats: GraphNodeStats):
        self.node = stats
        self.name = stats.name
        self.account = False
        self.children = []
        self.show_children = []
        self.formatted = ""
        self.self_stats = {}
        self.total = {}
        self.reinit()

    def reinit(self):
        self.self_stats = {k: 0 for k in STATS}
        self.self_stats["parameters"] = self.node.parameters
        self.self_stats["float_ops"] = self.node.float_ops
        self.reset_totals()

    def reset_totals(self):
        self.total = {k: 0 for k in STATS}
        self.total["definition_count"] = 0

    def add_self_to_totals(self):
        for k in STATS:
            self.total[k] += self.self_stats[k]
        self.total["definition_count"] += 1

    def aggregate(self, other: "ShowNode"):
        for k in self.total:
            self.total[k] += other.total[k]

    def proto(self) -> tfprof_output_pb2.GraphNodeProto:
        msg = tfprof_output_pb2.GraphNodeProto(name=self.name)
        for k in STATS:
            if self.self_stats[k]:
                setattr(msg, k, self.self_stats[k])
            if self.total[k]:
                setattr(msg, "total_" + k, self.total[k])
        msg.total_definition_count = self.total["definition_count"]
        for index, dims in self.node.input_shapes.items():
            msg.input_shapes[index].CopyFrom(shape_proto(dims))
        return msg


def shape_proto(dims) -> tensor_shape_pb2.TensorShapeProto:
    msg = tensor_shape_pb2.TensorShapeProto()
    for d in dims:
        msg.dim.add(size=d)
    return msg


def full_match(regex: str, text: str) -> bool:
    return re.fullmatch(regex, text) is not None


def re_account(node, opts) -> bool:
    """tfprof's ReAccount: reset the node's statistics; accounted when one of its op types
    matches account_type_regexes."""
    node.reinit()
    regexes = opts["account_type_regexes"]
    if regexes == [".*"]:
        return True
    return any(full_match(r, t) for r in regexes for t in node.node.op_types)


_MINIMUMS = (("min_bytes", "requested_bytes", True), ("min_peak_bytes", "peak_bytes", True),
             ("min_residual_bytes", "residual_bytes", True),
             ("min_output_bytes", "output_bytes", True), ("min_micros", "exec_micros", True),
             ("min_accelerator_micros", "accelerator_exec_micros", True),
             ("min_cpu_micros", "cpu_exec_micros", True), ("min_params", "parameters", False),
             ("min_float_ops", "float_ops", False), ("min_occurrence", "run_count", False))


def should_show(node, opts, depth, totals_only=False) -> bool:
    """tfprof's ShouldShow: thresholds (totals for bytes and times, self values for params,
    float ops and runs; only totals in the op and code views), depth, then show/hide name
    regexes. The root always shows."""
    if node.name == ROOT:
        return True
    for option, stat, total in _MINIMUMS:
        value = node.total[stat] if total or totals_only else node.self_stats[stat]
        if value < opts.get(option, 0):
            return False
    if depth > opts["max_depth"]:
        return False
    show = opts["show_name_regexes"] == [".*"] or any(
        full_match(r, node.name) for r in opts["show_name_regexes"])
    return show and not any(full_match(r, node.name) for r in opts["hide_name_regexes"])


def should_trim(node, opts) -> bool:
    return any(full_match(r, node.name) for r in opts["trim_name_regexes"])


_ORDER_STAT = {"bytes": "requested_bytes", "peak_bytes": "peak_bytes",
               "residual_bytes": "residual_bytes", "output_bytes": "output_bytes",
               "micros": "exec_micros", "accelerator_micros": "accelerator_exec_micros",
               "cpu_micros": "cpu_exec_micros", "params": "parameters",
               "float_ops": "float_ops"}


def sort_nodes(nodes, opts):
    """tfprof's SortNodes: a stable sort, by name ascending or by a total descending."""
    order = opts.get("order_by", "")
    if not order or not nodes:
        return list(nodes)
    stat = _ORDER_STAT.get(order)
    if stat is None:  # "name", and "occurrence" (which tfprof sorts by name too)
        return sorted(nodes, key=lambda n: (n.name != ROOT, n.name))
    return sorted(nodes, key=lambda n: (n.name != ROOT, -n.total[stat]))


def format_number(n: int) -> str:
    if n < 1000:
        return "%d" % n
    if n < 1000000:
        return "%.2fk" % (n / 1000.0)
    if n < 1000000000:
        return "%.2fm" % (n / 1000000.0)
    return "%.2fb" % (n / 1000000000.0)


def format_time(micros: int) -> str:
    if micros < 1000:
        return "%dus" % micros
    if micros < 1000000:
        return "%.2fms" % (micros / 1000.0)
    return "%.2fsec" % (micros / 1000000.0)


def format_memory(n: int) -> str:
    if n < 1000:
        return "%dB" % n
    if n < 1000000:
        return "%.2fKB" % (n / 1000.0)
    return "%.2fMB" % (n / 1000000.0)

"""tfprof's four views of one graph's nodes: `scope` (name hierarchy), `graph` (inputs as
children), `code` (where the ops were made) and `op` (one row per op type). Each returns its
report text and the GraphNodeProto/MultiGraphNodeProto tf.profiler.profile returns; the
accounting and pruning follow tfprof's TFScope/TFGraph/TFCode/TFOp."""
import os

from tfcompat.io.proto import tfprof_output_pb2
from tfcompat.profiler import tfprof_nodes as nodes
from tfcompat.profiler.tfprof_nodes import ROOT
from tfcompat.profiler.tfprof_nodes import ShowNode


# -- formatting of one node (scope, graph and code views) -----------------------------------

def _time_stats(select):
    """`micros` shows all three times; otherwise each of accelerator_/cpu_micros alone."""
    if "micros" in select:
        return ("exec_micros", "accelerator_exec_micros", "cpu_exec_micros")
    return tuple(stat for key, stat in (("accelerator_micros", "accelerator_exec_micros"),
                                        ("cpu_micros", "cpu_exec_micros")) if key in select)


def _self_total(node, self_value, total_value, fmt):
    mine = fmt(self_value) if node.account else "--"
    return "%s/%s" % (mine, fmt(total_value))


def _format_node(node, opts) -> str:
    select, info = opts["select"], []
    if "params" in select:
        shape = "x".join(str(d) for d in node.node.shape)
        if shape:
            info.append(shape)
        info.append(_self_total(node, node.self_stats["parameters"],
                                node.total["parameters"], nodes.format_number) + " params")
    if "float_ops" in select:
        info.append(_self_total(node, node.self_stats["float_ops"], node.total["float_ops"],
                                nodes.format_number) + " flops")
    for key, stat in (("bytes", "requested_bytes"), ("peak_bytes", "peak_bytes"),
                      ("residual_bytes", "residual_bytes"), ("output_bytes", "output_bytes")):
        if key in select:
            info.append(_self_total(node, node.self_stats[stat], node.total[stat],
                                    nodes.format_memory))
    for stat in _time_stats(select):
        info.append(_self_total(node, node.self_stats[stat], node.total[stat], nodes.format_time))
    if "op_types" in select:
        info.append("|".join(sorted(node.node.op_types)))
    if "occurrence" in select:
        run = _self_total(node, node.self_stats["run_count"], node.total["run_count"], str)
        defined = ("1/" if node.account else "--/") + str(node.total["definition_count"])
        info.append(run + "|" + defined)
    if "input_shapes" in select:
        info.append("|".join("%d:%s" % (i, "x".join(map(str, dims)) if dims else "unknown")
                             for i, dims in sorted(node.node.input_shapes.items())))
    return "%s (%s)" % (node.name, ", ".join(info))


_LEGENDS = (("params", "# parameters"), ("float_ops", "# float_ops"),
            ("bytes", "requested bytes"), ("peak_bytes", "peak bytes"),
            ("residual_bytes", "residual bytes"), ("output_bytes", "output bytes"))


def legend(opts, multi=False) -> str:
    select, parts = opts["select"], []
    parts += [text for key, text in _LEGENDS if key in select]
    if "micros" in select:
        parts += ["total execution time", "accelerator execution time", "cpu execution time"]
    else:
        parts += [text for key, text in (("accelerator_micros", "accelerator execution time"),
                                         ("cpu_micros", "cpu execution time")) if key in select]
    parts += [text for key, text in (("device", "assigned devices"), ("op_types", "op types"),
                                     ("occurrence", "op occurrence (run|defined)" if multi
                                      else "op count (run|defined)"),
                                     ("input_shapes", "input shapes")) if key in select]
    return "node name | %s\n" % " | ".join(parts)


# -- the tree views --------------------------------------------------------------------------

def _account(roots, opts, keep_unaccounted_parents, visits=None):
    """Depth first: accounted nodes (and, in the scope view, parents of accounted nodes) keep
    their accounted descendants as children; others hand them to their ancestor."""
    kept = []
    for node in roots:
        if visits is not None:
            if node.name in visits:
                continue
            visits.add(node.name)
        node.reset_totals()
        kept_children = _account(node.children, opts, keep_unaccounted_parents, visits)
        node.account = nodes.re_account(node, opts)
        if node.account or (keep_unaccounted_parents and kept_children):
            node.show_children = []
            node.reset_totals()
            node.add_self_to_totals()
            for child in kept_children:
                node.aggregate(child)
                node.show_children.append(child)
            kept.append(node)
        else:
            kept += kept_children
    return kept


def _search_root(roots, regexes, visits):
    found = []
    for node in roots:
        if node.name in visits:
            continue
        visits.add(node.name)
        if any(nodes.full_match(r, node.name) for r in regexes):
            found.append(node)
        else:
            found += _search_root(node.show_children, regexes, visits)
    return found


def _print_tree(roots, opts, depth, indent, visits, multi):
    shown = []
    for node in roots:
        if node.name in visits:
            continue
        visits.add(node.name)
        show = nodes.should_show(node, opts, depth, totals_only=multi)
        child_indent = indent + 2 if show else indent
        children = []
        if not nodes.should_trim(node, opts) and depth <= opts["max_depth"]:
            children = _print_tree(node.show_children, opts, depth + 1, child_indent, visits,
                                   multi)
        if not show:
            shown += children
            continue
        node.show_children = []
        if opts["account_displayed_op_only"]:
            node.reset_totals()
            node.add_self_to_totals()
        for child in nodes.sort_nodes(children, opts):
            node.show_children.append(child)
            if opts["account_displayed_op_only"]:
                node.aggregate(child)
        node.formatted = "%s%s\n" % (" " * indent, _format_node(node, opts))
        shown.append(node)
    return shown


def _emit(roots, text, proto):
    for node in roots:
        text.append(node.formatted)
        child = proto.children.add()
        child.CopyFrom(node.proto())
        _emit(node.show_children, text, child)


def show_tree(root, opts, keep_unaccounted_parents=True, graph_walk=False, multi=False):
    """Accounts, prunes and formats a tree whose root is tfprof's root node (`multi`: the code
    view, which filters on totals and names its legend as the op view does)."""
    root.reset_totals()
    visits = set() if graph_walk else None
    roots = _account(root.children, opts, keep_unaccounted_parents, visits)
    for node in roots:
        root.aggregate(node)
    if opts["start_name_regexes"] != [".*"]:
        roots = _search_root(roots, opts["start_name_regexes"], set())
    root.show_children = list(roots)
    root = _print_tree([root], opts, 1, 0, set(), multi)[0]
    text = [legend(opts, multi) + root.formatted]
    proto = root.proto()
    _emit(root.show_children, text, proto)
    return "".join(text), proto


def scope_root(stats_by_name):
    """The scope view's tree: a node per op, and a `_kTFScopeParent` node per name prefix that
    is not itself an op; children in name order."""
    tree = {name: ShowNode(stats) for name, stats in stats_by_name.items()}
    for name in list(tree):
        prefix = name
        while "/" in prefix:
            prefix = prefix.rsplit("/", 1)[0]
            if prefix not in tree:
                tree[prefix] = ShowNode(nodes.GraphNodeStats(prefix, nodes.SCOPE_PARENT))
    root = ShowNode(nodes.GraphNodeStats(ROOT, nodes.SCOPE_PARENT))
    for name in sorted(tree):
        parent = tree[name.rsplit("/", 1)[0]] if "/" in name else root
        parent.children.append(tree[name])
    return root


def graph_root(stats_by_name):
    """The graph view's tree: an op's children are its inputs; roots are ops nobody reads."""
    tree = {name: ShowNode(stats) for name, stats in sorted(stats_by_name.items())}
    consumed = set()
    for name, node in tree.items():
        for source in node.node.inputs:
            consumed.add(source)
            if source in tree:
                node.children.append(tree[source])
    root = ShowNode(nodes.GraphNodeStats(ROOT, nodes.GRAPH_PARENT))
    root.children = [node for name, node in tree.items() if name not in consumed]
    return root


def code_root(stats_by_name):
    """The code view's tree: one node per source line that made ops, the ops under it.
    tfcompat records the first frame outside the library where TF keeps the whole stack."""
    lines, root = {}, ShowNode(nodes.GraphNodeStats(ROOT, nodes.SCOPE_PARENT))
    for name, stats in sorted(stats_by_name.items()):
        where = stats.trace or "<unknown>"
        path, _, line = where.rpartition(":")
        label = "%s:%s" % (os.path.basename(path), line) if path else where
        if label not in lines:
            lines[label] = ShowNode(nodes.GraphNodeStats(label, nodes.SCOPE_PARENT))
            root.children.append(lines[label])
        lines[label].children.append(ShowNode(stats))
    return root


# -- the op view ---------------------------------------------------------------------------

def _op_column(node, root, stat, unit, fmt):
    total = root.total[stat]
    accu = 100.0 * node.total[stat] / total if node.total[stat] > 0 else 0.0
    pct = 100.0 * node.self_stats[stat] / total if node.total[stat] > 0 else 0.0
    return "%30s" % ("%s%s (%.2f%%, %.2f%%)" % (fmt(node.self_stats[stat]), unit, accu, pct))


def _op_row(node, root, opts) -> str:
    select, attrs = opts["select"], []
    for key, stat in (("bytes", "requested_bytes"), ("peak_bytes", "peak_bytes"),
                      ("residual_bytes", "residual_bytes"), ("output_bytes", "output_bytes")):
        if key in select:
            attrs.append(_op_column(node, root, stat, "", nodes.format_memory))
    for stat in _time_stats(select):
        attrs.append(_op_column(node, root, stat, "", nodes.format_time))
    if "params" in select:
        attrs.append(_op_column(node, root, "parameters", " params", nodes.format_number))
    if "float_ops" in select:
        attrs.append(_op_column(node, root, "float_ops", " float_ops", nodes.format_number))
    if "op_types" in select:
        attrs.append("|".join(sorted(node.node.op_types)))
    if "occurrence" in select:
        attrs.append("%10s" % ("0|%d" % len(node.members)))
    return "%-25s%s\n" % (node.name, ", ".join(attrs))


class OpNode(ShowNode):
    """All graph nodes of one op type (tfprof's TFMultiGraphNode): its statistics are those of
    the members whose op types match account_type_regexes."""

    def __init__(self, op_type, members):
        self.members = [ShowNode(m) for m in sorted(members, key=lambda m: m.name)]
        self.accounted = []
        super().__init__(nodes.GraphNodeStats(op_type, op_type))
        self.node.op_types = set().union(*(m.op_types for m in members)) if members else set()

    def re_account(self, opts) -> bool:
        regexes = opts["account_type_regexes"]
        self.accounted = [m for m in self.members if regexes == [".*"] or any(
            nodes.full_match(r, t) for r in regexes for t in m.node.op_types)]
        for member in self.accounted:
            member.reinit()
            member.add_self_to_totals()
        self.reinit()
        for k in nodes.STATS:
            self.self_stats[k] = sum(m.self_stats[k] for m in self.accounted)
        return bool(self.accounted)

    def multi_proto(self) -> tfprof_output_pb2.MultiGraphNodeProto:
        msg = tfprof_output_pb2.MultiGraphNodeProto(name=self.name)
        for k in nodes.STATS:
            if k != "run_count" and self.self_stats[k]:
                setattr(msg, k, self.self_stats[k])
            if k != "run_count" and self.total[k]:
                setattr(msg, "total_" + k, self.total[k])
        for member in self.accounted:
            msg.graph_nodes.add().CopyFrom(member.proto())
        return msg


def show_ops(stats_by_name, opts):
    by_type = {}
    for stats in stats_by_name.values():
        by_type.setdefault(stats.op, []).append(stats)
    root = OpNode(ROOT, [])
    op_nodes = []
    for op_type in sorted(by_type):
        node = OpNode(op_type, by_type[op_type])
        node.account = node.re_account(opts)
        node.reset_totals()
        node.add_self_to_totals()
        op_nodes.append(node)
    accounted, previous = [], None
    for node in reversed(nodes.sort_nodes(op_nodes, opts)):
        if node.account:
            if previous is not None:
                node.aggregate(previous)
            accounted.append(node)
            previous = node
    accounted.reverse()
    if previous is not None:
        root.aggregate(previous)
    start = 0
    if opts["start_name_regexes"] not in ([], [".*"]):
        start = next((i for i, n in enumerate(accounted) if any(
            nodes.full_match(r, n.name) for r in opts["start_name_regexes"])), len(accounted))
    shown = []
    for depth, node in enumerate(accounted[start:]):
        if nodes.should_trim(node, opts) or depth > opts["max_depth"]:
            break
        if nodes.should_show(node, opts, depth, totals_only=True):
            shown.append(node)
    previous = None
    for node in reversed(shown):
        if opts["account_displayed_op_only"]:
            node.reset_totals()
            node.add_self_to_totals()
            if previous is not None:
                node.aggregate(previous)
        previous = node
    if opts["account_displayed_op_only"]:
        root.reset_totals()
        if previous is not None:
            root.aggregate(previous)
    text = legend(opts, multi=True) + "".join(_op_row(n, root, opts) for n in shown)
    proto = root.multi_proto()
    parent = proto
    for node in shown:
        parent = parent.children.add()
        parent.CopyFrom(node.multi_proto())
    return text, proto

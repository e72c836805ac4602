"""`tf.contrib.graph_editor.util`: converting arguments to lists of ops and tensors, graph
checks, control outputs and the editor's placeholders (TF 1.15's graph_editor/util.py)."""
from __future__ import annotations

import collections.abc
import re

from tfcompat.framework.graph import Graph
from tfcompat.framework.graph_keys import GraphKeys
from tfcompat.framework.operation import Operation, Tensor
from tfcompat.ops import array_ops

__all__ = ["make_list_of_op", "get_tensors", "make_list_of_t", "get_generating_ops",
           "get_consuming_ops", "ControlOutputs", "placeholder_name",
           "make_placeholder_from_tensor", "make_placeholder_from_dtype_and_shape"]


def concatenate_unique(la, lb):
    """Appends to `la` the elements of `lb` it lacks, keeping `lb`'s order; returns `la`."""
    seen = set(la)
    for elem in lb:
        if elem not in seen:
            la.append(elem)
            seen.add(elem)
    return la


class ListView:
    """An immutable view of a list."""

    def __init__(self, list_):
        if not isinstance(list_, list):
            raise TypeError("Expected a list, got: {}.".format(type(list_)))
        self._list = list_

    def __iter__(self):
        return iter(self._list)

    def __len__(self):
        return len(self._list)

    def __bool__(self):
        return bool(self._list)

    def __getitem__(self, i):
        return self._list[i]

    def __add__(self, other):
        return list(self) + (other if isinstance(other, list) else list(other))


def is_iterable(obj):
    """Whether `obj` can be iterated (a symbolic Tensor cannot)."""
    if isinstance(obj, Tensor):
        return False
    try:
        iter(obj)
    except Exception:  # noqa: BLE001 - anything that refuses iter() is a leaf
        return False
    return True


def flatten_tree(tree, leaves=None):
    """The leaves of a nest of dicts and iterables, as a list."""
    leaves = [] if leaves is None else leaves
    if isinstance(tree, dict):
        for child in tree.values():
            flatten_tree(child, leaves)
    elif is_iterable(tree):
        for child in tree:
            flatten_tree(child, leaves)
    else:
        leaves.append(tree)
    return leaves


def transform_tree(tree, fn, iterable_type=tuple):
    """`tree` with every leaf replaced by `fn(leaf)`, keeping its structure."""
    if not is_iterable(tree):
        return fn(tree)
    if isinstance(tree, dict):
        return type(tree)((k, transform_tree(child, fn)) for k, child in tree.items())
    if isinstance(tree, tuple):
        if hasattr(tree, "_asdict"):
            return type(tree)(**transform_tree(tree._asdict(), fn))
        return type(tree)(transform_tree(child, fn) for child in tree)
    if isinstance(tree, collections.abc.Sequence):
        return type(tree)(transform_tree(child, fn) for child in tree)
    return iterable_type(transform_tree(child, fn) for child in tree)


def check_graphs(*args):
    """Raises ValueError unless every argument's `.graph` (when not None) is the same."""
    graph = None
    for i, sgv in enumerate(args):
        if graph is None and sgv.graph is not None:
            graph = sgv.graph
        elif sgv.graph is not None and sgv.graph is not graph:
            raise ValueError("Argument[{}]: Wrong graph!".format(i))


def get_unique_graph(tops, check_types=None, none_if_empty=False):
    """The one graph all of `tops` (ops and/or tensors, or a Graph) belong to."""
    if isinstance(tops, Graph):
        return tops
    if not is_iterable(tops):
        raise TypeError("{} is not iterable".format(type(tops)))
    if check_types is None:
        check_types = (Operation, Tensor)
    elif not is_iterable(check_types):
        check_types = (check_types,)
    graph = None
    for op in tops:
        if not isinstance(op, check_types):
            raise TypeError("Expected a type in ({}), got: {}".format(
                ", ".join(str(t) for t in check_types), type(op)))
        if graph is None:
            graph = op.graph
        elif graph is not op.graph:
            raise ValueError("Operation {} does not belong to given graph".format(op))
    if graph is None and not none_if_empty:
        raise ValueError("Can't find the unique graph of an empty list")
    return graph


def make_list_of_op(ops, check_graph=True, allow_graph=True, ignore_ts=False):
    """`ops` (an op, an iterable of ops or a Graph) as a new list of Operations."""
    if isinstance(ops, Graph):
        if allow_graph:
            return ops.get_operations()
        raise TypeError("allow_graph is False: cannot convert a tf.Graph.")
    if not is_iterable(ops):
        ops = [ops]
    if not ops:
        return []
    if check_graph:
        get_unique_graph(ops, check_types=None if ignore_ts else Operation)
    return [op for op in ops if isinstance(op, Operation)]


def get_tensors(graph):
    """Every output tensor of every op of `graph`."""
    if not isinstance(graph, Graph):
        raise TypeError("Expected a graph, got: {}".format(type(graph)))
    return [t for op in graph.get_operations() for t in op.outputs]


def make_list_of_t(ts, check_graph=True, allow_graph=True, ignore_ops=False):
    """`ts` (a tensor, an iterable of tensors or a Graph) as a new list of Tensors."""
    if isinstance(ts, Graph):
        if allow_graph:
            return get_tensors(ts)
        raise TypeError("allow_graph is False: cannot convert a tf.Graph.")
    if not is_iterable(ts):
        ts = [ts]
    if not ts:
        return []
    if check_graph:
        get_unique_graph(ts, check_types=None if ignore_ops else Tensor)
    return [t for t in ts if isinstance(t, Tensor)]


def get_generating_ops(ts):
    """The ops producing the tensors `ts`."""
    return [t.op for t in make_list_of_t(ts, allow_graph=False)]


def get_consuming_ops(ts):
    """The ops consuming any of the tensors `ts`, each once."""
    ops = []
    for t in make_list_of_t(ts, allow_graph=False):
        concatenate_unique(ops, t.consumers())
    return ops


class ControlOutputs:
    """For each op of a graph, the ops that have it as a control input."""

    def __init__(self, graph):
        if not isinstance(graph, Graph):
            raise TypeError("Expected a tf.Graph, got: {}".format(type(graph)))
        self._control_outputs = {}
        self._graph = graph
        self._version = None
        self._build()

    def update(self):
        """Rebuilds the map if the graph changed since."""
        if self._version != self._graph._version:
            self._build()
        return self

    def _build(self):
        self._control_outputs.clear()
        for op in self._graph.get_operations():
            for control_input in op.control_inputs:
                users = self._control_outputs.setdefault(control_input, [])
                if op not in users:
                    users.append(op)
        self._version = self._graph._version

    def get_all(self):
        return self._control_outputs

    def get(self, op):
        return self._control_outputs.get(op, ())

    @property
    def graph(self):
        return self._graph


def scope_finalize(scope):
    return scope + "/" if scope and scope[-1] != "/" else scope


def scope_dirname(scope):
    return scope[:scope.rfind("/") + 1]


def scope_basename(scope):
    return scope[scope.rfind("/") + 1:]


_DEFAULT_PLACEHOLDER_PREFIX = "geph"


def placeholder_name(t=None, scope=None, prefix=_DEFAULT_PLACEHOLDER_PREFIX):
    """The editor's placeholder name: `<scope><prefix>__<op>_<index>`, or `<scope><prefix>`
    ("geph": Graph Editor PlaceHolder)."""
    if scope is not None:
        scope = scope_finalize(scope)
    if t is None:
        return (scope or "") + prefix
    if not isinstance(t, Tensor):
        raise TypeError("Expected a tf.Tenfor, got: {}".format(type(t)))
    basename = scope_basename(t.op.name)
    if scope is None:
        scope = scope_dirname(t.op.name)
    if basename.startswith("{}__".format(prefix)):
        return scope + basename
    return scope + "{}__{}_{}".format(prefix, basename, t.value_index)


def make_placeholder_from_tensor(t, scope=None, prefix=_DEFAULT_PLACEHOLDER_PREFIX):
    """A placeholder with `t`'s dtype and shape, named by `placeholder_name`."""
    return array_ops.placeholder(dtype=t.dtype, shape=t.get_shape(),
                                 name=placeholder_name(t, scope=scope, prefix=prefix))


def make_placeholder_from_dtype_and_shape(dtype, shape=None, scope=None,
                                          prefix=_DEFAULT_PLACEHOLDER_PREFIX):
    """A placeholder named `<scope><prefix>`."""
    return array_ops.placeholder(dtype=dtype, shape=shape,
                                 name=placeholder_name(scope=scope, prefix=prefix))


_INTERNAL_VARIABLE_RE = re.compile(r"^__\w+__$")


def get_predefined_collection_names():
    """The names of the collections TF predefines (GraphKeys)."""
    return [getattr(GraphKeys, key) for key in dir(GraphKeys)
            if not _INTERNAL_VARIABLE_RE.match(key)]


def find_corresponding_elem(target, dst_graph, dst_scope="", src_scope=""):
    """The op or tensor of `dst_graph` named as `target`, moved from `src_scope` to
    `dst_scope`."""
    src_name = target.name
    if src_scope:
        src_scope = scope_finalize(src_scope)
        if not src_name.startswith(src_scope):
            raise ValueError("{} does not start with {}".format(src_name, src_scope))
        src_name = src_name[len(src_scope):]
    dst_name = scope_finalize(dst_scope) + src_name if dst_scope else src_name
    if isinstance(target, Tensor):
        return dst_graph.get_tensor_by_name(dst_name)
    if isinstance(target, Operation):
        return dst_graph.get_operation_by_name(dst_name)
    raise TypeError("Expected tf.Tensor or tf.Operation, got: {}".format(type(target)))


def find_corresponding(targets, dst_graph, dst_scope="", src_scope=""):
    """`find_corresponding_elem` over a nest of targets."""
    return transform_tree(
        targets, lambda top: find_corresponding_elem(top, dst_graph, dst_scope, src_scope))

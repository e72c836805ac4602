"""What `tf.train.Checkpoint.restore()` returns (TF's `CheckpointLoadStatus`,
`InitializationOnlyStatus`, `NameBasedSaverStatus`): the restore ops and the assertions about
how well the checkpoint matched the objects, with TF's messages.

A status binds the checkpoint's nodes to objects again whenever it is used, so objects created
after `restore()` (optimizer slots, layers built later) are restored by the next
`run_restore_ops()` / `initialize_or_restore()`.
"""
from __future__ import annotations

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.framework.default_session import get_default_session
from tfcompat.ops import io_ops
from tfcompat.train import checkpoint_object_graph as og
from tfcompat.train import saver as saver_lib
from tfcompat.train import saver_resource

__all__ = ["CheckpointLoadStatus", "InitializationOnlyStatus", "NameBasedSaverStatus",
           "get_session", "restore_ops"]

keras_backend = lazy_module("tfcompat.keras.backend")  # the fallback session, as in TF

_NO_CHECKPOINT = "No checkpoint specified (save_path=None); nothing is being restored."


def get_session():
    """The default session, else Keras' session (TF's `checkpoint.get_session`)."""
    session = get_default_session()
    return session if session is not None else keras_backend.get_session()


def restore_ops(items, save_path) -> list:
    """Restore ops for [(variable, checkpoint key)] reading the checkpoint at `save_path`:
    one RestoreV2 and an assignment per variable, as TF builds in graph mode."""
    if not items:
        return []
    graph = items[0][0].op.graph
    with graph.as_default():
        with graph.device("/device:CPU:0"):
            values = io_ops.restore_v2(save_path, [key for _, key in items],
                                       [""] * len(items),
                                       [var.dtype.base_dtype for var, _ in items])
        return [saver_resource.restore_one(var.op, value, False)
                for (var, _), value in zip(items, values)]


def check_shapes(items, ops, reader):
    """Raises the error the restore would hit when a stored shape does not fit its variable
    (before anything is assigned, as the Saver does)."""
    shapes = reader.get_variable_to_shape_map()
    for (var, key), op in zip(items, ops):
        stored = shapes.get(key)
        shape = var.shape
        if stored is None or not shape.is_fully_defined() or shape.as_list() == list(stored):
            continue
        if op.type == "AssignVariableOp":
            message = "Trying to assign to variable with tensor with wrong shape. Expected " \
                "%s got %s" % (_shape_text(shape.as_list()), _shape_text(stored))
        else:
            message = "Assign requires shapes of both tensors to match. lhs shape= %s rhs " \
                "shape= %s" % (_shape_text(shape.as_list()), _shape_text(stored))
        raise errors.op_error(errors.InvalidArgumentError, op, message)


def _shape_text(dims) -> str:
    return "[" + ",".join(str(d) for d in dims) + "]"


def _variables(root) -> list:
    return [obj for obj in og.ObjectGraph(root).nodes if og.is_variable(obj)]


def _unmatched_message(unused) -> str:
    shown = min(10, len(unused))
    return ("Found %d Python objects that were not bound to checkpointed values, likely due "
            "to changes in the Python program. Showing %d of %d unmatched objects: %s"
            % (len(unused), shown, len(unused), unused[:shown]))


class CheckpointLoadStatus:
    """The restore of an object-based checkpoint into `root`'s objects."""

    def __init__(self, root, save_path, reader, graph_proto):
        self._root, self._save_path, self._reader = root, save_path, reader
        self._proto = graph_proto
        self._bound: dict = {}
        self._ops: list = []
        self._items: list = []
        self._streamed = 0   # how many of _ops restore_new() has run or may skip
        self._unused: dict = {}
        self._expect_partial = False
        self._refresh()

    def _refresh(self):
        """Binds newly reachable objects; adds restore ops for their variables."""
        before = set(self._bound)
        self._bound = og.match(self._root, self._proto, self._bound)
        items = []
        for node_id in sorted(set(self._bound) - before):
            node, obj = self._proto.nodes[node_id], self._bound[node_id]
            for attribute in node.attributes:
                if attribute.name == og.VARIABLE_VALUE and og.is_variable(obj):
                    items.append((obj, attribute.checkpoint_key))
                else:
                    self._unused.setdefault(node_id, []).append(attribute.name)
        ops = restore_ops(items, self._save_path)
        self._items.extend(items)
        self._ops.extend(ops)

    def assert_consumed(self):
        """Every checkpointed value matched an object and every object a value."""
        self.assert_existing_objects_matched()
        names = og.pretty_names(self._proto)
        for node_id, node in enumerate(self._proto.nodes):
            if node.attributes and node_id not in self._bound:
                raise AssertionError("Unresolved object in checkpoint %s: %s"
                                     % (names.get(node_id), node))
        if self._unused:
            raise AssertionError(
                "Unused attributes in these objects (the attributes exist in the checkpoint "
                "but were not restored):\n" + "\n".join(
                    "%s (%s): %s" % (names.get(node_id), self._bound[node_id], attributes)
                    for node_id, attributes in self._unused.items()))
        return self

    def assert_existing_objects_matched(self):
        """Every variable the objects hold now has a value in the checkpoint."""
        self._refresh()
        bound = {id(obj) for obj in self._bound.values()}
        unused = [var for var in _variables(self._root) if id(var) not in bound]
        if unused:
            raise AssertionError(_unmatched_message(unused))
        return self

    def assert_nontrivial_match(self):
        """Something besides the root matched."""
        self._refresh()
        if len(self._bound) <= 1:
            unused = _variables(self._root)
            if unused:
                raise AssertionError(
                    "Nothing except the root object matched a checkpointed value. Typically "
                    "this means that the checkpoint does not match the Python program. The "
                    "following objects have no matching checkpointed value: %s" % (unused,))
            raise AssertionError("Nothing to load. No dependencies have been added to %s yet."
                                 % (self._root,))
        return self

    def run_restore_ops(self, session=None):
        """Restores the variables matched so far (objects made since restore() included)."""
        session = session or get_session()
        self._refresh()
        check_shapes(self._items, self._ops, self._reader)
        if self._ops:
            session.run(self._ops)
        self._streamed = len(self._ops)

    def restore_new(self, session) -> bool:
        """Restores only the variables bound since the last restore (TF's streaming restore
        of objects created later); returns whether every checkpointed value is bound now."""
        self._refresh()
        items, ops = self._items[self._streamed:], self._ops[self._streamed:]
        check_shapes(items, ops, self._reader)
        if ops:
            session.run(ops)
        self._streamed = len(self._ops)
        return all(node_id in self._bound for node_id, node in enumerate(self._proto.nodes)
                   if node.attributes)

    def initialize_or_restore(self, session=None):
        """Restores what the checkpoint has and initializes the other variables."""
        session = session or get_session()
        self._refresh()
        bound = {id(obj) for obj in self._bound.values()}
        initializers = [var.initializer for var in _variables(self._root)
                        if id(var) not in bound]
        check_shapes(self._items, self._ops, self._reader)
        if self._ops:
            session.run(self._ops)
        if initializers:
            session.run(initializers)
        self._streamed = len(self._ops)

    def expect_partial(self):
        """Silences warnings about a partial restore (tfcompat gives none)."""
        self._expect_partial = True
        return self


class InitializationOnlyStatus:
    """What `restore(None)` returns: `initialize_or_restore` initializes the variables."""

    def __init__(self, root):
        self._root = root

    def assert_consumed(self):
        raise AssertionError(_NO_CHECKPOINT)

    def assert_existing_objects_matched(self):
        raise AssertionError(_NO_CHECKPOINT)

    def assert_nontrivial_match(self):
        raise AssertionError(_NO_CHECKPOINT)

    def run_restore_ops(self, session=None):
        raise AssertionError("No checkpoint specified, so no restore ops are available "
                             "(save_path=None to Saver.restore).")

    def initialize_or_restore(self, session=None):
        session = session or get_session()
        initializers = [var.initializer for var in _variables(self._root)]
        if initializers:
            session.run(initializers)

    def expect_partial(self):
        return self


class NameBasedSaverStatus:
    """Restoring a `tf.train.Saver` checkpoint (no object graph): variables are matched by
    their names in the graph, as TF does."""

    def __init__(self, root, save_path, reader):
        self._root, self._save_path, self._reader = root, save_path, reader
        self._ran = False

    def _missing(self) -> list:
        counter = self._root._save_counter
        return [var for var in _variables(self._root)
                if var is not counter and not self._reader.has_tensor(var.op.name)]

    def assert_consumed(self):
        missing = self._missing()
        if missing:
            raise AssertionError("Some objects had attributes which were not restored: "
                                 + "".join("\n    %s: ['%s']" % (var, og.VARIABLE_VALUE)
                                           for var in missing))
        if not self._ran:
            raise AssertionError("Object not restored: %s" % (self._root,))
        return self

    def assert_existing_objects_matched(self):
        return self.assert_consumed()

    def assert_nontrivial_match(self):
        return self.assert_consumed()

    def run_restore_ops(self, session=None):
        """Restores the variables by name with a `tf.train.Saver` (the save counter only if
        the checkpoint has it)."""
        session = session or get_session()
        counter = self._root._save_counter
        var_list = {var.op.name: var for var in _variables(self._root)
                    if var is not counter or self._reader.has_tensor(var.op.name)}
        if var_list:
            with session.graph.as_default():
                saver_lib.Saver(var_list).restore(session, self._save_path)
        self._ran = True

    def initialize_or_restore(self, session=None):
        self.run_restore_ops(session)

    def expect_partial(self):
        return self

"""`Graph`: the container of Operations, with names, scopes, collections, devices and control
dependencies, plus the default-graph stack. Graph construction only; execution lives in client/.
"""
from __future__ import annotations

import contextlib
import re
import threading

from tfcompat.framework.graph_thread_local import switch_to_thread_local
from tfcompat.framework import device as device_lib
from tfcompat.framework.graph_keys import GraphKeys  # noqa: F401 - re-exported (tf.GraphKeys)
from tfcompat.framework import op_signatures
from tfcompat.framework import registry
from tfcompat.framework.operation import Operation
from tfcompat.framework.operation import Tensor
from tfcompat._lazy import lazy_module
from tfcompat import errors

# the GraphDef writer (io/), late-bound: building a graph never loads protobuf
_graph_def_lib = lazy_module("tfcompat.io.graph_def")

_VALID_OP_NAME_REGEX = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
_VALID_SCOPE_NAME_REGEX = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")


def _check_scope_name(name: str, nested: bool) -> None:
    """TF's check of a name_scope name: a nested scope may start with '_', '-', '/' or '\\';
    a root scope must be a valid op name."""
    if nested:
        if not _VALID_SCOPE_NAME_REGEX.match(name):
            raise ValueError("'%s' is not a valid scope name. A scope name has to match the "
                             "following pattern: %s" % (name, _VALID_SCOPE_NAME_REGEX.pattern))
    elif not _VALID_OP_NAME_REGEX.match(name):
        raise ValueError("'%s' is not a valid root scope name. A root scope name has to match "
                         "the following pattern: %s" % (name, _VALID_OP_NAME_REGEX.pattern))


class _ControlDependencies:
    def __init__(self, graph, control_inputs):
        self.control_inputs = control_inputs
        self.new_ops: set = set()


class Graph:
    """A TensorFlow computation, as a dataflow graph (TF1 `tf.Graph`).

    Ops are kept in creation order under unique names (`Add`, `Add_1`, `scope/Add`). The graph
    holds no values: a `Session` runs it.

    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     c = tf.constant(1.0, name='c')
    >>> c.graph is g, c.name
    (True, 'c:0')
    """

    def __init__(self):
        self._ops_by_name: dict[str, Operation] = {}
        self._ops: list[Operation] = []
        self._names_in_use: dict[str, int] = {}
        # the name stack is per thread, as TF's (Graph._thread_local): a thread building ops
        # starts at the root scope, not inside whatever scope another thread has open
        self._names_local = threading.local()
        self._collections: dict[str, list] = {}
        self._control_dependencies_stack: list[_ControlDependencies] = []
        self._device_stack: list = []
        self._colocation_stack: list = []
        self._gradient_override_map: dict[str, str] = {}
        self._unfeedable_tensors, self._unfetchable_ops = set(), set()
        self._version = 0
        self._finalized = False
        self._last_id = 0
        self.seed = None
        self._lock = threading.RLock()
        self._building_function = False
        self._control_flow_context = None
        self._container = ""  # tf.container: the default `container` attr of stateful ops

    # -- bookkeeping ----------------------------------------------------------------------
    def _next_id(self) -> int:
        self._last_id += 1
        return self._last_id

    def _bump_version(self) -> None:
        self._version += 1

    @property
    def version(self) -> int:
        """TF's: grows as ops are added (the last op id), not when ops are edited. tfcompat's
        own caches key on `_version`, which every change bumps."""
        return self._last_id

    @property
    def finalized(self) -> bool:
        return self._finalized

    @property
    def building_function(self) -> bool:
        return self._building_function

    @property
    def graph_def_versions(self):
        return _graph_def_lib.versions_def()

    def finalize(self) -> None:
        self._finalized = True

    def prevent_feeding(self, tensor) -> None:
        self._unfeedable_tensors.add(tensor)
        self._bump_version()  # sessions cache checked plans per graph version

    def is_feedable(self, tensor) -> bool:
        return tensor not in self._unfeedable_tensors

    def prevent_fetching(self, op) -> None:
        self._unfetchable_ops.add(op)
        self._bump_version()

    def is_fetchable(self, tensor_or_op) -> bool:
        op = tensor_or_op.op if isinstance(tensor_or_op, Tensor) else tensor_or_op
        return op not in self._unfetchable_ops

    def _unsafe_unfinalize(self) -> None:
        self._finalized = False

    def _check_not_finalized(self) -> None:
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")

    @contextlib.contextmanager
    def as_default(self):
        """Makes this the default graph inside the `with` block."""
        _default_graph_stack().append(self)
        try:
            yield self
        finally:
            stack = _default_graph_stack()
            if stack:   # empty when tf.test.TestCase.setUp cleared it inside the block, as TF's
                stack.pop()

    # -- names ----------------------------------------------------------------------------
    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        stack = self._name_stack
        if stack:
            name = stack + "/" + name
        name_key = name.lower()
        i = self._names_in_use.get(name_key, 0)
        if mark_as_used:
            self._names_in_use[name_key] = i + 1
        if i > 0:
            base_name_key = name_key
            while name_key in self._names_in_use:
                name_key = "%s_%d" % (base_name_key, i)
                i += 1
            if mark_as_used:
                self._names_in_use[name_key] = 1
            name = "%s_%d" % (name, i - 1)
        return name

    @property
    def _name_stack(self) -> str:
        return getattr(self._names_local, "stack", "")

    @_name_stack.setter
    def _name_stack(self, stack: str) -> None:
        self._names_local.stack = stack

    def get_name_scope(self) -> str:
        return self._name_stack

    @contextlib.contextmanager
    def name_scope(self, name):
        """Opens a name scope: `name/` (made unique), `name/` verbatim if it ends in '/',
        or the root scope for None or ''."""
        if name:
            _check_scope_name(name, nested=bool(self._name_stack))
        old_stack = self._name_stack
        if not name:
            new_stack = ""
        elif name[-1] == "/":
            new_stack = name[:-1]
        else:
            new_stack = self.unique_name(name)
        self._name_stack = new_stack
        try:
            yield new_stack + "/" if new_stack else ""
        finally:
            self._name_stack = old_stack

    # -- collections ----------------------------------------------------------------------
    def add_to_collection(self, name, value) -> None:
        self._check_not_finalized()
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value) -> None:
        names = (names,) if isinstance(names, str) else set(names)
        for name in names:
            self.add_to_collection(name, value)

    def get_collection_ref(self, name) -> list:
        return self._collections.setdefault(name, [])

    def get_collection(self, name, scope=None) -> list:
        items = self._collections.get(name, [])
        if scope is None:
            return list(items)
        pattern = re.compile(scope)
        return [item for item in items
                if hasattr(item, "name") and pattern.match(item.name)]

    def get_all_collection_keys(self) -> list:
        return [key for key in self._collections if isinstance(key, str)]

    @property
    def collections(self) -> list:
        """Every collection key, the variable scope's tuple keys included (TF's list)."""
        return list(self._collections)

    def clear_collection(self, name) -> None:
        self._check_not_finalized()
        self._collections.pop(name, None)

    # -- devices, control dependencies, colocation ---------------------------------------
    def switch_to_thread_local(self) -> None:
        """Makes the device, colocation and control-dependency stacks thread-local, each
        thread's starting from their state now."""
        switch_to_thread_local(self)

    @contextlib.contextmanager
    def device(self, device_name_or_function):
        """Places ops created in the block on a device (string, DeviceSpec or function)."""
        self._device_stack.append(device_name_or_function)
        try:
            yield
        finally:
            self._device_stack.pop()

    def _device_for_new_op(self, op: Operation) -> str:
        return device_lib.device_from_stack(self._device_stack, op)

    @contextlib.contextmanager
    def colocate_with(self, op, ignore_existing=False):
        """Places new ops on the device of `op` (TF1 colocation)."""
        if isinstance(op, Tensor):
            op = op.op
        elif hasattr(op, "op") and not isinstance(op, Operation):
            op = op.op
        saved, saved_devices = self._colocation_stack, self._device_stack
        if ignore_existing:
            self._colocation_stack = []
        if op is not None:  # new ops get `_class: loc:@<op>` (see _colocation_attr)
            self._colocation_stack = self._colocation_stack + [op]
        # As TF, colocation hides the device blocks around it; new ops take the device of the
        # innermost colocated op that has one (see _create_op), else the blocks inside it.
        self._device_stack = []
        try:
            yield
        finally:
            self._colocation_stack, self._device_stack = saved, saved_devices

    def _colocation_attr(self):
        """TF's `_class` attr for an op created now: the sorted colocation groups in effect."""
        groups = set()
        for op in self._colocation_stack:
            groups.update(op.colocation_groups())
        return sorted(groups)

    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created in the block run after every op in `control_inputs`. None clears them,
        and (as in TF) the control-flow context too: ops made in the block are outside any
        cond or loop being built."""
        if control_inputs is None:
            saved = self._control_dependencies_stack, self._control_flow_context
            self._control_dependencies_stack, self._control_flow_context = [], None
            start = len(self._ops)
            try:
                yield
            finally:
                self._control_dependencies_stack, self._control_flow_context = saved
                if saved[1] is not None:
                    # made outside the cond or loop being built (a variable made in a loop's
                    # body is the loop's capture, and tf.gradients reaches it through it)
                    for op in self._ops[start:]:
                        op._outside_control_flow = True
            return
        ops = []
        for c in control_inputs:
            if getattr(c, "_control_input_is_op", False):  # IndexedSlices: its values' op
                c = c.op
            c = self._control_input(c)
            if c not in ops:
                ops.append(c)
                c._attrs["_has_manual_control_dependencies"] = True  # as TF 2.x marks them
        controller = _ControlDependencies(self, ops)
        self._control_dependencies_stack.append(controller)
        try:
            yield
        finally:
            self._control_dependencies_stack.remove(controller)

    def _control_input(self, c) -> Operation:
        """The op a control input names, with TF's errors for another graph's tensor or op and
        for a non-op; a function graph takes an outer op as it is (TF's FuncGraph captures it)."""
        if self._building_function and isinstance(c, (Tensor, Operation)) and c.graph is not self:
            return c.op if isinstance(c, Tensor) else c
        c = self.as_graph_element(c)
        return c.op if isinstance(c, Tensor) else c

    def _control_dependencies_for_inputs(self, input_ops) -> list:
        result = []
        for controller in self._control_dependencies_stack:
            if any(op in controller.new_ops for op in input_ops):
                continue
            result.extend(c for c in controller.control_inputs
                          if c not in input_ops and c not in result)
        return result

    @contextlib.contextmanager
    def container(self, container_name):
        """Stateful ops created inside (variables, queues) get `container=container_name`."""
        saved, self._container = self._container, container_name
        try:
            yield container_name
        finally:
            self._container = saved

    @contextlib.contextmanager
    def gradient_override_map(self, op_type_map):
        """Overrides the gradient function of op types (see tf.RegisterGradient)."""
        saved = dict(self._gradient_override_map)
        self._gradient_override_map.update(op_type_map)
        try:
            yield
        finally:
            self._gradient_override_map = saved

    # -- ops ------------------------------------------------------------------------------
    def _create_op(self, op_type: str, inputs, attrs: dict, name: str, op_def=None) -> Operation:
        """Adds an op of a registered type (or described by `op_def`, for imported ops tfcompat
        cannot run); infers its outputs' dtypes and static shapes."""
        self._check_not_finalized()
        op_def = op_def or registry.get_op_def(op_type)
        if op_def is None:
            raise errors.UnimplementedError(
                None, None, "tfcompat has no definition for op type '%s' (op '%s'). See "
                "SUPPORTED_OPS.md; to add one, register it in tfcompat/ops/ with @register_op."
                % (op_type, name))
        # TF's OpDef type constraints, checked before the op takes a name (TF's TypeError text)
        bound = op_signatures.check_op(op_type, inputs, attrs, op_def.inputs)
        name = name[:-1] if name.endswith("/") else self.unique_name(name)
        if not _VALID_OP_NAME_REGEX.match(name):
            raise ValueError("`%s` is not a valid node name. Accepted names conform to Regex /%s/"
                             % (name, _VALID_OP_NAME_REGEX))
        if self._building_function:  # a function graph captures outer tensors as its inputs
            inputs = [t if t.graph is self else self.capture(t) for t in inputs]
        if name in self._ops_by_name:
            raise ValueError("Duplicate node name in graph: '%s'" % name)
        input_ops = {t.op for t in inputs}
        control = self._control_dependencies_for_inputs(input_ops)
        op = Operation(self, op_type, name, inputs, attrs, "", control, op_def)
        if self._colocation_stack and "_class" not in attrs:
            attrs["_class"] = self._colocation_attr()
        if op_type in self._gradient_override_map and "_gradient_op_type" not in attrs:
            attrs["_gradient_op_type"] = self._gradient_override_map[op_type].encode()
        if self._container and "container" in op_def.attrs and not attrs.get("container"):
            attrs["container"] = self._container
        infer_attrs = {k: attrs.get(k, v) for k, v in op_def.attrs.items()}
        try:
            specs = op_def.infer(op, *inputs, **infer_attrs) if op_def.infer else []
        except Exception:
            if self._last_id == op._id:  # as TF: an op that fails to build takes no id
                self._last_id -= 1
            raise
        op._outputs = [Tensor(op, i, dtype, shape) for i, (dtype, shape) in enumerate(specs)]
        # device functions see the op with its outputs, as in TF (byte_size_load_fn reads them)
        op._device = self._device_for_new_op(op)
        op._device = next((c.device for c in reversed(self._colocation_stack) if c.device),
                          op._device)
        op_signatures.check_outputs(op, bound)
        self._add_op(op)
        return op

    def _add_op(self, op: Operation) -> None:
        self._ops_by_name[op.name] = op
        self._ops.append(op)
        for t in op._inputs:
            t.op._consumers.append(op)
        for controller in self._control_dependencies_stack:
            controller.new_ops.add(op)
        self._version += 1

    def _discard_ops_since(self, count: int, names_in_use: dict) -> None:
        """Removes the ops added after the first `count` and restores the names in use: a
        failed `import_graph_def` leaves the graph as it was, as TF's C importer does."""
        dropped = self._ops[count:]
        del self._ops[count:]
        for op in dropped:
            self._ops_by_name.pop(op.name, None)
            for t in op._inputs:
                if op in t.op._consumers:
                    t.op._consumers.remove(op)
            for controller in self._control_dependencies_stack:
                controller.new_ops.discard(op)
        self._names_in_use = names_in_use
        self._last_id -= len(dropped)  # the dropped ops had the last ids
        self._version += 1

    def create_op(self, op_type, inputs, dtypes=None, input_types=None, name=None, attrs=None,
                  op_def=None, compute_shapes=True, compute_device=True):
        """TF1's low-level `Graph.create_op`: adds an op of a registered type."""
        return self._create_op(op_type, list(inputs), dict(attrs or {}), name or op_type)

    def get_operations(self) -> list:
        return list(self._ops)

    def get_operation_by_name(self, name: str) -> Operation:
        if not isinstance(name, str):
            raise TypeError("Operation names are strings (or similar), not %s."
                            % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name: str) -> Tensor:
        if not isinstance(name, str):
            raise TypeError("Tensor names are strings (or similar), not %s." % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """Resolves a Tensor, Operation or name to an element of this graph (TF1 semantics)."""
        if allow_tensor and allow_operation:
            types_str = "Tensor or Operation"
        else:
            types_str = "Tensor" if allow_tensor else "Operation"
        if hasattr(obj, "_as_graph_element") and not isinstance(obj, (Tensor, Operation)):
            obj = obj._as_graph_element()
        if isinstance(obj, bytes):
            obj = obj.decode("utf-8")
        if isinstance(obj, str):
            return self._element_by_name(obj, allow_tensor, allow_operation, types_str)
        if isinstance(obj, (Tensor, Operation)):
            if isinstance(obj, Tensor) and not allow_tensor or (
                    isinstance(obj, Operation) and not allow_operation):
                raise TypeError("Can not convert a %s into a %s."
                                % (type(obj).__name__, types_str))
            if obj.graph is not self:
                raise ValueError("%s %s is not an element of this graph."
                                 % (type(obj).__name__, obj))
            return obj
        raise TypeError("Can not convert a %s into a %s." % (type(obj).__name__, types_str))

    def _element_by_name(self, name, allow_tensor, allow_operation, types_str):
        if ":" in name and allow_tensor:
            op_name, out_n = name.split(":", 1)
            try:
                out_n = int(out_n)
            except ValueError:
                raise ValueError("The name %s looks a like a Tensor name, but is not a valid one. "
                                 "Tensor names must be of the form \"<op_name>:<output_index>\"."
                                 % repr(name)) from None
            if op_name not in self._ops_by_name:
                raise KeyError("The name %s refers to a Tensor which does not exist. The "
                               "operation, %s, does not exist in the graph."
                               % (repr(name), repr(op_name)))
            op = self._ops_by_name[op_name]
            if out_n >= len(op._outputs):
                raise KeyError("The name %s refers to a Tensor which does not exist. The "
                               "operation, %s, exists but only has %s outputs."
                               % (repr(name), repr(op_name), len(op._outputs)))
            return op._outputs[out_n]
        if ":" not in name and allow_operation:
            if name not in self._ops_by_name:
                raise KeyError("The name %s refers to an Operation not in the graph." % repr(name))
            return self._ops_by_name[name]
        if ":" not in name:
            what = ("refers to an Operation" if name in self._ops_by_name
                    else "looks like an (invalid) Operation name")
            raise ValueError("The name %s %s, not a %s. Tensor names must be of the form "
                             "\"<op_name>:<output_index>\"." % (repr(name), what, types_str))
        raise ValueError("Name %s appears to refer to a Tensor, not a %s." % (repr(name), types_str))

    def _node_def(self, op):
        return _graph_def_lib.node_def_of(op)

    def _attr_from_proto(self, value):
        return _graph_def_lib.attr_from_proto(value)

    def as_graph_def(self, from_version=None, add_shapes=False):
        return _graph_def_lib.graph_to_graph_def(self, add_shapes=add_shapes)

    def _get_control_flow_context(self):
        return self._control_flow_context

    def _set_control_flow_context(self, ctx):
        self._control_flow_context = ctx


# -- the default graph -------------------------------------------------------------------

class _DefaultGraphState(threading.local):
    def __init__(self):
        self.stack: list[Graph] = []


_state = _DefaultGraphState()
_global_default_graph: Graph | None = None


def _default_graph_stack() -> list:
    return _state.stack


def get_default_graph() -> Graph:
    """The innermost graph of `as_default()` blocks, else the process-wide default graph."""
    global _global_default_graph
    if _state.stack:
        return _state.stack[-1]
    if _global_default_graph is None:
        _global_default_graph = Graph()
    return _global_default_graph


def clear_default_graph_stack() -> None:
    """Forgets every `as_default()` block and the process-wide default graph (TF's
    `ops._default_graph_stack.reset()`, which tf.test.TestCase.setUp calls)."""
    global _global_default_graph
    _state.stack.clear()
    _global_default_graph = None


def reset_default_graph() -> None:
    """Clears the process-wide default graph (not allowed inside a `with g.as_default()`)."""
    global _global_default_graph
    if _state.stack:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If you "
                             "need a cleared graph, exit the nesting and create a new graph.")
    _global_default_graph = None


def get_graph_from_inputs(values, graph=None) -> Graph:
    """The graph that an op over `values` belongs to; ValueError if they come from two graphs."""
    if graph is None and get_default_graph().building_function:
        return get_default_graph()  # function graphs capture tensors of outer graphs
    first = None
    for value in values:
        element = value
        if hasattr(element, "_as_graph_element") and not isinstance(element, (Tensor, Operation)):
            element = element._as_graph_element()
        if not isinstance(element, (Tensor, Operation)):
            continue
        if graph is None:
            graph, first = element.graph, element
        elif element.graph is not graph:
            if first is not None:
                raise ValueError("%s must be from the same graph as %s (graphs are %s and %s)."
                                 % (element, first, element.graph, graph))
            raise ValueError("%s is not from the passed-in graph." % element)
    return graph if graph is not None else get_default_graph()


class name_scope:  # noqa: N801 - TF's name
    """TF1 `tf.name_scope(name, default_name=None, values=None)`: a context manager (entering
    it opens the scope in the graph of `values`) with TF's `name` property."""

    def __init__(self, name, default_name=None, values=None):
        self._name = default_name if name is None else name
        self._values = values
        self._exit_stacks = []

    @property
    def name(self):
        return self._name

    def __enter__(self):
        stack = contextlib.ExitStack()
        try:
            graph = get_graph_from_inputs(self._values or [])
            stack.enter_context(graph.as_default())
            scope = stack.enter_context(graph.name_scope(self._name))
        except BaseException:
            stack.close()
            raise
        self._exit_stacks.append(stack)
        return scope

    def __exit__(self, *exc):
        return self._exit_stacks.pop().__exit__(*exc)


def _outer_graph_and_device_stack():
    """The innermost graph of the default-graph stack that is not a function body (else the
    global default graph), and the innermost non-empty device stack on the way to it."""
    devices = get_default_graph()._device_stack
    for graph in reversed(_default_graph_stack()):
        devices = devices or graph._device_stack
        if not graph.building_function:
            return graph, devices
    global _global_default_graph
    if _global_default_graph is None:
        _global_default_graph = Graph()
    if _global_default_graph.building_function:
        raise RuntimeError("The global graph is building a function.")
    return _global_default_graph, devices


@contextlib.contextmanager
def init_scope():
    """TF1 `tf.init_scope()`: a block for ops that set things up (variables, their initial
    values, slots) rather than compute a step.

    Inside it, control dependencies and the control-flow context are cleared and ops go to the
    outermost graph that is not a function body; the current name scope and device are kept.
    TF creates every variable this way, so a variable made under `tf.control_dependencies`
    needs no feed to initialize.

    >>> with tf.control_dependencies([tf.no_op()]), tf.init_scope():
    ...     tf.constant(1).op.control_inputs
    []
    """
    scope = get_default_graph().get_name_scope()
    if scope and scope[-1] != "/":
        scope += "/"  # absolute: re-entered as is, not made unique
    outer, devices = _outer_graph_and_device_stack()
    saved_devices = outer._device_stack
    with outer.as_default(), outer.name_scope(scope), outer.control_dependencies(None):
        outer._device_stack = list(devices)
        try:
            yield
        finally:
            outer._device_stack = saved_devices


def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    get_default_graph().add_to_collections(names, value)


def get_collection(key, scope=None):
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)


def control_dependencies(control_inputs):
    return get_default_graph().control_dependencies(control_inputs)


def device(device_name_or_function):
    return get_default_graph().device(device_name_or_function)


def colocate_with(op, ignore_existing=False):
    return get_default_graph().colocate_with(op, ignore_existing)


def get_name_scope():
    return get_default_graph().get_name_scope()

"""Python resource variables (TF's `ResourceVariable`), made by `tf.get_variable(...,
use_resource=True)`, `tf.Variable(..., use_resource=True)`, `variable_scope(use_resource=True)`
and after `tf.enable_resource_variables()`.

A ResourceVariable is the ops TF builds for one: `v` (VarHandleOp, output `v:0` of dtype
`resource`), `v/Initializer/...`, `v/IsInitialized/VarIsInitializedOp`, `v/Assign`
(AssignVariableOp) and `v/Read/ReadVariableOp` (what `sess.run(v)` fetches). Every other use
reads the variable through a new `ReadVariableOp`, which gives the value at its point of
execution (control dependencies order it after assigns), unlike a ref variable's `v/read`.
Writes (`assign*`, `scatter_*`, slice assigns) return an `_UnreadVariable`, as TF's do: a
variable-like object whose reads run after the write. The ops themselves are in
ops/resource_variable_ops.py; the session keeps the value keyed by the VarHandleOp.

`ResourceVariable` is a subclass of `tf.Variable` (as in TF1, `isinstance(v, tf.Variable)`),
but it has no ref tensor: `v._ref` is absent, so code written for ref variables reads it as
a value, and TF's dispatching functions (`tf.assign`, `tf.scatter_update`, ...) call its
methods.
"""
from __future__ import annotations

from tfcompat import resource_variables_toggle
from tfcompat import variables
from tfcompat.variable_scope import get_variable_scope
from tfcompat.framework import convert
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.graph import GraphKeys
from tfcompat.ops import array_ops
from tfcompat.ops import array_scatter_ops
from tfcompat.ops import resource_variable_ops  # noqa: F401  (registers the ops built here)
from tfcompat.variables import Variable
from tfcompat.variables import VariableAggregation
from tfcompat.variables import VariableSynchronization
from tfcompat.variables import SaveSliceInfo
from tfcompat.variables import _guard_uninitialized
from tfcompat.variables import _prepend_name_scope
from tfcompat.variables import _strip_name_scope
from tfcompat.variables import variable_pb2

__all__ = ["ResourceVariable", "BaseResourceVariable", "is_resource_variable"]


def is_resource_variable(var) -> bool:
    """TF's `resource_variable_ops.is_resource_variable`."""
    return isinstance(var, BaseResourceVariable) or hasattr(
        var, "_should_act_as_resource_variable")


def _no_ref(self):
    raise AttributeError("'%s' object has no attribute '_ref' (a resource variable has no "
                         "ref tensor; use its `handle`)" % type(self).__name__)


class BaseResourceVariable(Variable):
    """What ResourceVariable and _UnreadVariable share: reads, writes and conversions."""

    _should_act_as_resource_variable = True
    _ref = property(_no_ref)   # no ref tensor: `getattr(v, "_ref", None)` is None

    # -- TF properties ---------------------------------------------------------------------
    handle = property(lambda self: self._handle)
    name = property(lambda self: self._handle.name)
    op = property(lambda self: self._handle.op)
    dtype = property(lambda self: self._dtype)
    graph = property(lambda self: self._handle.graph)
    device = property(lambda self: self._handle.device)
    shape = property(lambda self: self._shape)
    create = property(lambda self: self._initializer_op)

    def get_shape(self):
        return self._shape

    def set_shape(self, shape):
        self._shape = self._shape.merge_with(shape)

    def _as_graph_element(self):
        return self._graph_element

    # -- reads -----------------------------------------------------------------------------
    def _read_variable_op(self):
        graph = self._handle.graph
        if self._caching_device is not None:
            with graph.colocate_with(None, ignore_existing=True), \
                    graph.device(self._caching_device):
                return _read(self._handle, self._dtype)
        return _read(self._handle, self._dtype)

    def value(self):
        """A tensor reading the variable (a new ReadVariableOp, unless cached)."""
        if self._cached_value is not None:
            return self._cached_value
        with self._handle.graph.colocate_with(None, ignore_existing=True):
            return self._read_variable_op()

    def read_value(self):
        """`Read/ReadVariableOp` and an Identity of it: the value where this op runs."""
        with graph_lib.name_scope("Read"):
            value = self._read_variable_op()
        return array_ops.identity(value)

    def sparse_read(self, indices, name=None):
        """The rows `indices` of the variable (a ResourceGather op)."""
        with graph_lib.name_scope("Gather" if name is None else name) as name:
            return apply_op("ResourceGather", [self._handle, indices], name=name,
                            dtype=self._dtype)

    def numpy(self):
        raise NotImplementedError("numpy() is only available when eager execution is enabled.")

    def gather_nd(self, indices, name=None):
        """The slices `indices` of the variable (a ResourceGatherNd op, then an Identity)."""
        with graph_lib.name_scope("GatherNd" if name is None else name) as name:
            value = apply_op("ResourceGatherNd", [self._handle, indices], name=name,
                             dtype=self._dtype)
        return array_ops.identity(value)

    def initialized_value(self):
        """The value if initialized, else the initial value: TF1's `tf.cond` of them, built as
        TF1 does (Switch/Merge), so the read runs only when the variable has a value and,
        like any read, before unordered writes of the same run (the global step's read)."""
        with graph_lib.init_scope(), graph_lib.name_scope("cond"):
            pred = self.is_initialized()
            live = apply_op("Switch", [self._handle, pred], name="Switch")[1]
            read = _read(live, self._dtype)
            fallback = apply_op("Switch", [self._initial_value, pred], name="Switch_1")[0]
            return apply_op("Merge", [[fallback, read]])[0]

    def is_initialized(self, name=None):
        return apply_op("VarIsInitializedOp", [self._handle], name=name)

    def eval(self, session=None):
        return self._graph_element.eval(session=session)

    def count_up_to(self, limit, name=None):
        return apply_op("ResourceCountUpTo", [self._handle], name=name, limit=int(limit),
                        T=self._dtype)

    # -- writes ----------------------------------------------------------------------------
    def _lazy_read(self, op):
        return _UnreadVariable(self._handle, self._dtype, self._shape, op)

    def _value_tensor(self, value):
        return convert.convert_to_tensor(value, dtype=self._dtype)

    def assign(self, value, use_locking=None, name=None, read_value=True):
        value_tensor = self._value_tensor(value)
        if not self._shape.is_compatible_with(value_tensor.shape):
            raise ValueError("Cannot assign value to variable ' %s': Shape mismatch.The variable "
                             "shape %s, and the assigned value shape %s are incompatible."
                             % (self.name, self._shape, value_tensor.shape))
        validate_shape = self._validate_shape and self._shape.is_fully_defined()
        op = apply_op("AssignVariableOp", [self._handle, value_tensor], name=name,
                      validate_shape=validate_shape)
        return self._lazy_read(op) if read_value else op

    def _update(self, op_type, delta, name, read_value):
        op = apply_op(op_type, [self._handle, self._value_tensor(delta)], name=name)
        return self._lazy_read(op) if read_value else op

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        return self._update("AssignAddVariableOp", delta, name, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        return self._update("AssignSubVariableOp", delta, name, read_value)

    def _resource_scatter(self, op_type, indices, updates, name):
        """A ResourceScatter* op (`tf.scatter_update(v, ...)` and the methods)."""
        return self._lazy_read(apply_op(op_type, [self._handle, indices,
                                                  self._value_tensor(updates)], name=name))

    def _scatter(self, kind, sparse_delta, name):
        if not isinstance(sparse_delta, IndexedSlices):
            raise TypeError("Argument `sparse_delta` must be a `tf.IndexedSlices`. Received "
                            "arg: %s" % (sparse_delta,))
        return self._resource_scatter("ResourceScatter" + kind, sparse_delta.indices,
                                      sparse_delta.values, name)

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("Sub", sparse_delta, name)

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("Add", sparse_delta, name)

    def scatter_max(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("Max", sparse_delta, name)

    def scatter_min(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("Min", sparse_delta, name)

    def scatter_mul(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("Mul", sparse_delta, name)

    def scatter_div(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("Div", sparse_delta, name)

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("Update", sparse_delta, name)

    def batch_scatter_update(self, sparse_delta, use_locking=False, name=None):
        """`tf.batch_scatter_update` of this variable by the IndexedSlices `sparse_delta`."""
        if not isinstance(sparse_delta, IndexedSlices):
            raise TypeError("Argument `sparse_delta` must be a `tf.IndexedSlices`. Received "
                            "arg: %s" % (sparse_delta,))
        return array_scatter_ops.batch_scatter_update(
            self, sparse_delta.indices, sparse_delta.values, use_locking=use_locking, name=name)

    def _scatter_nd(self, kind, indices, updates, name):
        return self._resource_scatter("ResourceScatterNd" + kind, indices, updates, name)

    def scatter_nd_update(self, indices, updates, name=None):
        return self._scatter_nd("Update", indices, updates, name)

    def scatter_nd_add(self, indices, updates, name=None):
        return self._scatter_nd("Add", indices, updates, name)

    def scatter_nd_sub(self, indices, updates, name=None):
        return self._scatter_nd("Sub", indices, updates, name)

    def _strided_slice_assign(self, begin, end, strides, value, name, **masks):
        return self._lazy_read(apply_op(
            "ResourceStridedSliceAssign",
            [self._handle, begin, end, strides, self._value_tensor(value)], name=name, **masks))

    # -- checkpoints / meta graphs ---------------------------------------------------------
    def to_proto(self, export_scope=None):
        """This variable as a `VariableDef` (`is_resource: true`), None outside the scope."""
        if export_scope is not None and not self._handle.name.startswith(export_scope):
            return None
        var_def = variable_pb2.VariableDef()
        var_def.variable_name = _strip_name_scope(self._handle.name, export_scope)
        if self._initial_value is not None:
            var_def.initial_value_name = _strip_name_scope(self._initial_value.name,
                                                           export_scope)
        var_def.initializer_name = _strip_name_scope(self._initializer_op.name, export_scope)
        snapshot = self._cached_value if self._cached_value is not None \
            else self._graph_element
        var_def.snapshot_name = _strip_name_scope(snapshot.name, export_scope)
        var_def.is_resource = True
        var_def.trainable = self._trainable
        var_def.synchronization = self._synchronization.value
        var_def.aggregation = self._aggregation.value
        if self._save_slice_info:
            var_def.save_slice_info_def.MergeFrom(self._save_slice_info.to_proto(export_scope))
        return var_def

    @staticmethod
    def from_proto(variable_def, import_scope=None):
        return ResourceVariable(variable_def=variable_def, import_scope=import_scope)

    # -- Python protocol -------------------------------------------------------------------
    def _in_place_refused(self, text):
        raise RuntimeError("`%s` with `tf.Variable`s is not supported. Use `%s` to modify the "
                           "variable, or `%s` if you need to get a new output Tensor." % text)

    def __iadd__(self, other):
        self._in_place_refused(("variable += value", "variable.assign_add(value)",
                                "out = variable + value"))

    def __isub__(self, other):
        self._in_place_refused(("variable -= value", "variable.assign_sub(value)",
                                "out = variable * value"))

    def __imul__(self, other):
        self._in_place_refused(("var *= value", "var.assign(var * value)", "out = var * value"))

    def __itruediv__(self, other):
        self._in_place_refused(("var /= value", "var.assign(var / value)", "out = var / value"))

    def __ipow__(self, other):
        self._in_place_refused(("var **= value", "var.assign(var ** value)",
                                "out = var ** value"))

    @staticmethod
    def _TensorConversionFunction(v, dtype=None, name=None, as_ref=False):
        if dtype is not None and dtypes.as_dtype(dtype) == dtypes.resource:
            return v._handle   # a resource input (tf.raw_ops.ResourceApplyAdam(var=v, ...))
        if dtype is not None and not dtypes.as_dtype(dtype).is_compatible_with(v.dtype):
            raise ValueError("Incompatible type conversion requested to type %s for `tf.Variable "
                             "of type %s. (Variable: %s)"
                             % (dtypes.as_dtype(dtype).name, v.dtype.name, v))
        return v._handle if as_ref else v.value()


class ResourceVariable(BaseResourceVariable):
    """A TF resource variable (`tf.get_variable(..., use_resource=True)`).

    >>> v = tf.get_variable('v', initializer=[1.0, 2.0], use_resource=True)
    >>> v
    <tf.Variable 'v:0' shape=(2,) dtype=float32>
    >>> v.op.type, v.initializer.name, v.value().op.type
    ('VarHandleOp', 'v/Assign', 'ReadVariableOp')

    Differences from TensorFlow: variables with the same `shared_name` in one session are
    separate variables (the session keys a value by its VarHandleOp).
    """

    def __init__(self, initial_value=None, trainable=None, collections=None,
                 validate_shape=True, caching_device=None, name=None, dtype=None,
                 variable_def=None, import_scope=None, constraint=None,
                 distribute_strategy=None, synchronization=VariableSynchronization.AUTO,
                 aggregation=VariableAggregation.NONE, shape=None):
        self._save_slice_info = None
        self._caching_device = caching_device
        self._constraint = constraint
        self._cached_value = None
        self._validate_shape = validate_shape
        if variable_def is not None:
            if initial_value is not None:
                raise ValueError("variable_def and initial_value are mutually exclusive.")
            self._init_from_proto(variable_def, import_scope)
            return
        self._synchronization = VariableSynchronization(getattr(synchronization, "value",
                                                                synchronization))
        self._aggregation = VariableAggregation(getattr(aggregation, "value", aggregation))
        if trainable is None:  # (TF's ResourceVariable allows a trainable ON_READ variable)
            trainable = self._synchronization != VariableSynchronization.ON_READ
        self._trainable = bool(trainable)
        self._init_from_args(initial_value, collections, caching_device, name, dtype,
                             constraint, shape)

    def _init_from_args(self, initial_value, collections, caching_device, name, dtype,
                        constraint, shape):
        if initial_value is None:
            raise ValueError("The `initial_value` arg to `tf.Variable` must be specified except "
                             "when you are not providing a `variable_def`. You provided "
                             "neither.")
        collections = _collections(collections, self._trainable)
        if constraint is not None and not callable(constraint):
            raise ValueError("Argument `constraint` must be None or a callable. a callable. "
                             "Got a %s:  %s" % (type(constraint), constraint))
        init_from_fn = callable(initial_value)
        # NOTE: as TF's, all of a variable's ops are made in init_scope (outside control
        # dependencies and control flow)
        with graph_lib.init_scope(), graph_lib.name_scope(
                name, "Variable", [] if init_from_fn else [initial_value]) as scope:
            graph = graph_lib.get_default_graph()
            handle_name = scope[:-1]
            with graph.name_scope("Initializer"), graph.device(None):
                if init_from_fn:
                    initial_value = initial_value()
                initial_value = convert.convert_to_tensor(initial_value, name="initial_value",
                                                          dtype=dtype)
            if shape is not None:
                shape = tensor_shape.as_shape(shape)
                if not initial_value.shape.is_compatible_with(shape):
                    raise ValueError("In this `tf.Variable` creation, the initial value's shape "
                                     "(%s) is not compatible with the explicitly supplied "
                                     "`shape` argument (%s)." % (initial_value.shape, shape))
            else:   # NOTE: as TF's, also when validate_shape is False
                shape = initial_value.shape
            self._dtype = initial_value.dtype.base_dtype
            self._shape = shape
            self._initial_value = initial_value
            self._handle = apply_op("VarHandleOp", [], name=scope, shape=shape,
                                    dtype=self._dtype, shared_name=handle_name, container="")
            with graph.colocate_with(self._handle.op):
                with graph.name_scope("IsInitialized"):
                    self._is_initialized_op = apply_op("VarIsInitializedOp", [self._handle])
                with graph.name_scope("Assign") as assign_scope:
                    self._initializer_op = apply_op(
                        "AssignVariableOp",
                        [self._handle, _guard_uninitialized(initial_value)], name=assign_scope)
                with graph.name_scope("Read"):
                    self._graph_element = _read(self._handle, self._dtype)
                    if caching_device is not None:   # TF's `v/Read/Identity`
                        with graph.colocate_with(None, ignore_existing=True), \
                                graph.device(caching_device):
                            self._cached_value = array_ops.identity(self._graph_element)
            graph.add_to_collections(collections, self)

    def _init_from_proto(self, variable_def, import_scope=None):
        if not variable_def.is_resource:
            raise ValueError("The `variable_def` you passed to `tf.Variable` is Trying to "
                             "restore a TF 1.x Reference Variable as a TF 2.x "
                             "ResourceVariable. This is unsupported. Got variable_def=%s"
                             % variable_def)
        graph = graph_lib.get_default_graph()

        def element(name):
            return graph.as_graph_element(_prepend_name_scope(name, import_scope))

        self._handle = element(variable_def.variable_name)
        self._shape = tensor_shape.as_shape(self._handle.op._attrs["shape"])
        self._dtype = dtypes.as_dtype(self._handle.op._attrs["dtype"]).base_dtype
        self._initializer_op = element(variable_def.initializer_name)
        self._initial_value = (element(variable_def.initial_value_name)
                               if variable_def.initial_value_name else None)
        self._trainable = bool(variable_def.trainable)
        self._synchronization = VariableSynchronization(variable_def.synchronization)
        self._aggregation = VariableAggregation(variable_def.aggregation)
        if variable_def.snapshot_name:
            snapshot = element(variable_def.snapshot_name)
            if snapshot.op.type != "ReadVariableOp":
                self._cached_value = snapshot
            while snapshot.op.type != "ReadVariableOp":
                snapshot = snapshot.op._inputs[0]
            self._graph_element = snapshot
        else:   # protos from before snapshot_name
            self._graph_element = graph.get_tensor_by_name(self._handle.op.name
                                                           + "/Read/ReadVariableOp:0")
        if variable_def.HasField("save_slice_info_def"):
            self._save_slice_info = SaveSliceInfo(
                save_slice_info_def=variable_def.save_slice_info_def, import_scope=import_scope)
        self._caching_device = None
        self._constraint = None


class _UnreadVariable(BaseResourceVariable):
    """What a write returns (TF's _UnreadVariable): the variable, read after the write
    `parent_op`. Fetched, it is a ReadVariableOp with a control dependency on the write;
    every conversion to a tensor reads again after it, and further writes follow it."""

    def __init__(self, handle, dtype, shape, parent_op):
        self._handle, self._dtype, self._shape = handle, dtype, shape
        self._parent_op = parent_op
        self._caching_device = self._constraint = self._cached_value = None
        self._save_slice_info = self._initial_value = self._initializer_op = None
        self._validate_shape = True
        self._trainable = False
        self._synchronization = VariableSynchronization.AUTO
        self._aggregation = VariableAggregation.NONE
        with handle.graph.control_dependencies([parent_op]):
            self._graph_element = _read(handle, dtype)

    name = property(lambda self: self._parent_op.name)
    op = property(lambda self: self._parent_op)

    def _read_variable_op(self):
        with self._handle.graph.control_dependencies([self._parent_op]):
            return _read(self._handle, self._dtype)

    def value(self):
        return self._read_variable_op()

    def read_value(self):
        return self._read_variable_op()

    def sparse_read(self, indices, name=None):
        # NOTE: TF's _UnreadVariable gathers without waiting for the write (the rows may be
        # read before it); here the gather follows it, as its other reads do
        with self._handle.graph.control_dependencies([self._parent_op]):
            return BaseResourceVariable.sparse_read(self, indices, name)

    def gather_nd(self, indices, name=None):
        with self._handle.graph.control_dependencies([self._parent_op]):
            return BaseResourceVariable.gather_nd(self, indices, name)


def _after_parent(method):
    def write(self, *args, **kwargs):
        with self._handle.graph.control_dependencies([self._parent_op]):
            return getattr(BaseResourceVariable, method)(self, *args, **kwargs)
    write.__name__ = method
    return write


for _method in ("assign", "assign_add", "assign_sub", "scatter_sub", "scatter_add",
                "scatter_max", "scatter_min", "scatter_mul", "scatter_div", "scatter_update",
                "scatter_nd_update", "scatter_nd_add", "scatter_nd_sub"):
    setattr(_UnreadVariable, _method, _after_parent(_method))


def _read(handle, dtype, name=None):
    return apply_op("ReadVariableOp", [handle], name=name, dtype=dtype)


def _collections(collections, trainable):
    if collections is None:
        collections = [GraphKeys.GLOBAL_VARIABLES]
    if not isinstance(collections, (list, tuple, set)):
        raise ValueError("collections argument to Variable constructor must be a list, tuple, or "
                         "set. Got %s of type %s" % (collections, type(collections)))
    if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
        collections = list(collections) + [GraphKeys.TRAINABLE_VARIABLES]
    return collections


def default_variable_creator(make_ref_variable, use_resource=None, expected_shape=None,
                             **kwargs):
    """TF's default_variable_creator, where every `tf.Variable(...)` ends: a ResourceVariable
    when `use_resource` says so (else the variable scope's, else the global switch), else a
    ref variable (`make_ref_variable`)."""
    if use_resource is None:
        use_resource = get_variable_scope().use_resource
    if use_resource is None:
        use_resource = resource_variables_toggle.resource_variables_enabled()
    if not use_resource:
        return make_ref_variable(use_resource=use_resource, expected_shape=expected_shape,
                                 **kwargs)
    return ResourceVariable(**kwargs)


variables.default_variable_creator = default_variable_creator

# NOTE: before Variable's function (priority 100): the first registered match is used
convert.register_tensor_conversion_function(
    BaseResourceVariable, BaseResourceVariable._TensorConversionFunction, priority=99)

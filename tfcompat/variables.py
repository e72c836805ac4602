"""`tf.Variable` (TF1's RefVariable) and the variable collections and initializers:
`global_variables`, `trainable_variables`, `global_variables_initializer`,
`report_uninitialized_variables`, ...

A Variable is a handful of graph ops, named as TF1 names them: `v` (VariableV2, output
`v:0` of dtype `float32_ref`), `v/initial_value` (or `v/Initializer/...` for a callable),
`v/Assign` (its initializer) and `v/read` (the snapshot every op reading it uses). The value
itself lives in each Session (client/state.py). `get_variable`/`variable_scope` are in
variable_scope.py, initializers in init_ops.py.
"""
from __future__ import annotations

import enum
import functools
import inspect
import os

import numpy as np

from tfcompat.framework import convert
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.operation import Reference
from tfcompat.framework.operation import Tensor
from tfcompat.ops import array_ops
from tfcompat.ops import array_scatter_ops
from tfcompat.ops import state_ops
from tfcompat import _variable_guard
from tfcompat.client.session import get_default_session
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops.array_ops import no_op
from tfcompat.ops.array_ops_join import stack
from tfcompat._lazy import lazy_module

# protobuf-backed modules load on first use (`import tfcompat` stays light)
variable_pb2 = lazy_module("tfcompat.io.proto.variable_pb2")


class VariableSynchronization(enum.Enum):
    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


class VariableAggregation(enum.Enum):
    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3
    ONLY_FIRST_TOWER = 3


# The creator every `tf.Variable(...)` call ends in (TF's `default_variable_creator`, which
# makes a ResourceVariable or a ref Variable): variable_scope.py installs it, as TF's does;
# this module cannot import it (both it and resource_variable.py build on Variable).
default_variable_creator = None


class _VariableMetaclass(type):
    """Routes `tf.Variable(...)` through the creators of `tf.variable_creator_scope` (the
    innermost first), then the default creator, as TF's VariableMetaclass does; subclasses
    are made directly."""

    def __call__(cls, *args, **kwargs):
        creators = getattr(graph_lib.get_default_graph(), "_variable_creator_stack", None)
        if cls is not Variable or (not creators and default_variable_creator is None):
            return super().__call__(*args, **kwargs)
        bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
        bound.apply_defaults()
        arguments = dict(bound.arguments)
        del arguments["self"]
        arguments["experimental_enable_variable_lifting"] = None  # TF passes it; no use here
        make = super().__call__

        def default_creator(next_creator=None, experimental_enable_variable_lifting=None, **kw):
            if default_variable_creator is not None:
                return default_variable_creator(make, **kw)
            return make(**kw)

        getter = default_creator
        for creator in list(creators or ()):
            getter = functools.partial(creator, getter)
        return getter(**arguments)


class Variable(metaclass=_VariableMetaclass):
    """A TF1 variable (`tf.Variable`, TF's RefVariable): a value kept by each Session across
    runs, read through `v/read` and written by `assign` ops.

    >>> v = tf.Variable([1, 2, 3], name='v')
    >>> v
    <tf.Variable 'v:0' shape=(3,) dtype=int32_ref>
    >>> v.initializer.name, v.value().name
    ('v/Assign', 'v/read:0')

    With `use_resource=True` (or in a `variable_scope(use_resource=True)`, or after
    `tf.enable_resource_variables()`), `tf.Variable(...)` makes a `ResourceVariable`
    (resource_variable.py), as TF1 does.
    """

    def __init__(self, initial_value=None, trainable=None, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None,
                 expected_shape=None, import_scope=None, constraint=None, use_resource=None,
                 synchronization=VariableSynchronization.AUTO,
                 aggregation=VariableAggregation.NONE, shape=None):
        self._save_slice_info = None
        self._caching_device = caching_device
        self._constraint = constraint
        if variable_def is not None:
            if initial_value is not None:
                raise ValueError("variable_def and initial_value are mutually exclusive.")
            self._init_from_proto(variable_def, import_scope)
            return
        self._set_synchronization(synchronization, aggregation, trainable)
        self._init_from_args(initial_value, collections, validate_shape, caching_device, name,
                             dtype, constraint, shape)

    # -- construction --------------------------------------------------------------------
    def _set_synchronization(self, synchronization, aggregation, trainable):
        """TF's validate_synchronization_aggregation_trainable: the enums, and `trainable`
        (default: not for ON_READ variables, which may not be trainable)."""
        self._synchronization = VariableSynchronization(getattr(synchronization, "value",
                                                                synchronization))
        self._aggregation = VariableAggregation(getattr(aggregation, "value", aggregation))
        if trainable is None:
            trainable = self._synchronization != VariableSynchronization.ON_READ
        elif trainable and self._synchronization == VariableSynchronization.ON_READ:
            raise ValueError("Synchronization value can be set to VariableSynchronization.ON_READ "
                             "only for non-trainable variables. You have specified trainable=True"
                             " and synchronization=VariableSynchronization.ON_READ.")
        self._trainable = bool(trainable)

    def _init_from_args(self, initial_value, collections, validate_shape, caching_device, name,
                        dtype, constraint, shape):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        if not isinstance(collections, (list, tuple, set)):
            raise ValueError("collections argument to Variable constructor must be a list, tuple,"
                             " or set. Got %s of type %s" % (collections, type(collections)))
        if constraint is not None and not callable(constraint):
            raise ValueError("The `constraint` argument must be a callable.")
        if self._trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections = list(collections) + [GraphKeys.TRAINABLE_VARIABLES]
        init_from_fn = callable(initial_value)
        # NOTE: as TF's RefVariable, all of a variable's ops are made in init_scope: a variable
        # created under tf.control_dependencies (or in a cond) initializes without them.
        with graph_lib.init_scope(), graph_lib.name_scope(
                name, "Variable", [] if init_from_fn else [initial_value]) as scope:
            graph = graph_lib.get_default_graph()
            first_new_op = len(graph._ops)
            if init_from_fn:
                with graph.name_scope("Initializer"), graph.device(None):
                    self._initial_value = convert.convert_to_tensor(
                        initial_value(), name="initial_value", dtype=dtype)
            else:
                self._initial_value = convert.convert_to_tensor(
                    initial_value, name="initial_value", dtype=dtype)
            if shape is None:
                shape = (self._initial_value.shape if validate_shape
                         else tensor_shape.unknown_shape())
            self._variable = state_ops.variable_op_v2(
                shape, self._initial_value.dtype.base_dtype, name=scope)
            if init_from_fn:  # TF's _attr_scope: colocated with the variable not yet made
                for op in graph._ops[first_new_op:]:
                    op._attrs["_class"] = [b"loc:@" + self._variable.op.name.encode()]
            if validate_shape and not self._initial_value.shape.is_fully_defined():
                raise ValueError("initial_value must have a shape specified: %s"
                                 % self._initial_value)
            self._initializer_op = state_ops.assign(
                self._variable, _guard_uninitialized(self._initial_value),
                validate_shape=validate_shape).op
            if caching_device is not None:
                with graph.device(caching_device):
                    self._snapshot = array_ops.identity(self._variable, name="read")
            else:  # colocated as in TF: `v/read` carries `_class: loc:@v`
                with graph.colocate_with(self._variable.op):
                    self._snapshot = array_ops.identity(self._variable, name="read")
            graph.add_to_collections(collections, self)

    def _init_from_proto(self, variable_def, import_scope=None):
        graph = graph_lib.get_default_graph()

        def element(name):
            return graph.as_graph_element(_prepend_name_scope(name, import_scope))

        self._variable = element(variable_def.variable_name)
        self._initializer_op = element(variable_def.initializer_name)
        self._initial_value = (element(variable_def.initial_value_name)
                               if variable_def.initial_value_name else None)
        self._snapshot = element(variable_def.snapshot_name)
        self._trainable = bool(variable_def.trainable)
        self._synchronization = VariableSynchronization(variable_def.synchronization)
        self._aggregation = VariableAggregation(variable_def.aggregation)
        if variable_def.HasField("save_slice_info_def"):
            self._save_slice_info = SaveSliceInfo(
                save_slice_info_def=variable_def.save_slice_info_def, import_scope=import_scope)

    # -- TF1 properties --------------------------------------------------------------------
    name = property(lambda self: self._variable.name)
    op = property(lambda self: self._variable.op)
    dtype = property(lambda self: self._variable.dtype)
    graph = property(lambda self: self._variable.graph)
    device = property(lambda self: self._variable.device)
    shape = property(lambda self: self._variable.shape)
    initializer = property(lambda self: self._initializer_op)
    initial_value = property(lambda self: self._initial_value)
    trainable = property(lambda self: self._trainable)
    constraint = property(lambda self: self._constraint)
    synchronization = property(lambda self: self._synchronization)
    aggregation = property(lambda self: self._aggregation)

    def get_shape(self):
        return self._variable.shape

    def set_shape(self, shape):
        self._variable.set_shape(shape)
        self._snapshot.set_shape(shape)

    def _as_graph_element(self):
        return self._variable

    def _ref(self):
        """The ref tensor `v:0` (what assign ops and `tf.gradients` use)."""
        return self._variable

    def value(self):
        """The snapshot `v/read:0` that ops reading the variable use."""
        return self._snapshot

    def read_value(self):
        """A new `read` op giving the variable's current value."""
        return array_ops.identity(self._variable, name="read")

    def initialized_value(self):
        """The value after initialization: the variable if initialized, else its initial
        value. (TF builds this with `tf.cond`; tfcompat with one op, see state_ops.py.)"""
        with graph_lib.init_scope():
            return state_ops.initialized_value(self._variable, self._initial_value)

    def eval(self, session=None):
        """The variable's value in `session` (default: the default session)."""
        return self._variable.eval(session=session)

    def load(self, value, session=None):
        """Writes `value` into the variable by running its initializer with a fed value."""
        session = session or get_default_session()
        if session is None:
            raise ValueError("Either session argument should be provided or default session "
                             "should be established")
        session.run(self._initializer_op, {self._initializer_op.inputs[1]: value})

    # -- updates ------------------------------------------------------------------------
    def assign(self, value, use_locking=False, name=None, read_value=True):
        out = state_ops.assign(self._variable, value, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        out = state_ops.assign_add(self._variable, delta, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        out = state_ops.assign_sub(self._variable, delta, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def _scatter(self, fn, sparse_delta, use_locking, name):
        if not hasattr(sparse_delta, "indices"):
            raise TypeError("sparse_delta is not IndexedSlices: %s" % sparse_delta)
        return fn(self._variable, sparse_delta.indices, sparse_delta.values,
                  use_locking=use_locking, name=name)

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_sub, sparse_delta, use_locking, name)

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_add, sparse_delta, use_locking, name)

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_update, sparse_delta, use_locking, name)

    def scatter_mul(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_mul, sparse_delta, use_locking, name)

    def scatter_div(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_div, sparse_delta, use_locking, name)

    def scatter_max(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_max, sparse_delta, use_locking, name)

    def scatter_min(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_min, sparse_delta, use_locking, name)

    def batch_scatter_update(self, sparse_delta, use_locking=False, name=None):
        """`tf.batch_scatter_update` of this variable by the IndexedSlices `sparse_delta`."""
        return self._scatter(array_scatter_ops.batch_scatter_update, sparse_delta,
                             use_locking, name)

    def scatter_nd_update(self, indices, updates, name=None):
        return state_ops.scatter_nd_update(self._variable, indices, updates, name=name)

    def scatter_nd_add(self, indices, updates, name=None):
        return state_ops.scatter_nd_add(self._variable, indices, updates, name=name)

    def scatter_nd_sub(self, indices, updates, name=None):
        return state_ops.scatter_nd_sub(self._variable, indices, updates, name=name)

    def count_up_to(self, limit):
        return state_ops.count_up_to(self._variable, limit=limit)

    def sparse_read(self, indices, name=None):
        """TF's `Variable.sparse_read`: only resource variables read sparsely (`tf.gather`
        catches this AttributeError and gathers from the value)."""
        raise AttributeError

    def gather_nd(self, indices, name=None):
        """TF's `Variable.gather_nd`: raises AttributeError (`tf.gather_nd` catches it)."""
        raise AttributeError

    # -- checkpoints / meta graphs --------------------------------------------------------
    def to_proto(self, export_scope=None):
        """This variable as a `VariableDef` protocol buffer (None if outside export_scope)."""
        if export_scope is not None and not self._variable.name.startswith(export_scope):
            return None
        var_def = variable_pb2.VariableDef()
        var_def.variable_name = _strip_name_scope(self._variable.name, export_scope)
        if self._initial_value is not None:
            var_def.initial_value_name = _strip_name_scope(self._initial_value.name,
                                                           export_scope)
        var_def.trainable = self._trainable
        var_def.synchronization = self._synchronization.value
        var_def.aggregation = self._aggregation.value
        var_def.initializer_name = _strip_name_scope(self._initializer_op.name, export_scope)
        var_def.snapshot_name = _strip_name_scope(self._snapshot.name, export_scope)
        if self._save_slice_info:
            var_def.save_slice_info_def.MergeFrom(self._save_slice_info.to_proto(export_scope))
        return var_def

    @staticmethod
    def from_proto(variable_def, import_scope=None):
        return Variable(variable_def=variable_def, import_scope=import_scope)

    def _get_save_slice_info(self):
        return self._save_slice_info

    def _set_save_slice_info(self, save_slice_info):
        self._save_slice_info = save_slice_info

    # -- Python protocol ------------------------------------------------------------------
    def __repr__(self):
        return "<tf.Variable '%s' shape=%s dtype=%s>" % (self.name, self.shape, self.dtype.name)

    def __hash__(self):
        return id(self)

    def experimental_ref(self):
        """A hashable reference to this variable (`.deref()` gives it back)."""
        return Reference(self)

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError("Cannot convert a symbolic tf.Variable (%s) to a numpy array."
                                  % self.name)

    __array_priority__ = 100

    def __iadd__(self, other):
        return self + other

    def __isub__(self, other):
        return self - other

    def __imul__(self, other):
        return self * other

    def __itruediv__(self, other):
        return self / other

    def __ipow__(self, other):
        return self ** other

    def __getitem__(self, slice_spec):
        """`v[...]`: a slice of the value, with `.assign(x)` writing into that slice."""
        sliced = indexing_ops._slice_helper(self.value(), slice_spec, var=self)
        op = sliced.op
        if op.type == "StridedSlice":
            begin, end, strides = op._inputs[1:4]
            masks = {k: op._attrs.get(k, 0) for k in state_ops._SLICE_MASKS}

            def assign(value, name=None):
                return self._strided_slice_assign(begin, end, strides, value,
                                                  name or op.name + "/_assign", **masks)
            sliced.assign = assign
        return sliced

    def _strided_slice_assign(self, begin, end, strides, value, name, **masks):
        return state_ops.strided_slice_assign(self._variable, begin, end, strides, value,
                                              name=name, **masks)

    @staticmethod
    def _TensorConversionFunction(v, dtype=None, name=None, as_ref=False):
        if dtype is not None and not dtypes.as_dtype(dtype).is_compatible_with(v.dtype):
            raise ValueError("Incompatible type conversion requested to type '%s' for variable "
                             "of type '%s'" % (dtypes.as_dtype(dtype).name, v.dtype.name))
        return v._ref() if as_ref else v.value()

    SaveSliceInfo = None  # set below


RefVariable = Variable
VariableV1 = Variable

_OPERATORS = ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
              "__truediv__", "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__",
              "__rmod__", "__pow__", "__rpow__", "__matmul__", "__rmatmul__", "__and__",
              "__rand__", "__or__", "__ror__", "__xor__", "__rxor__", "__lt__", "__le__",
              "__gt__", "__ge__", "__neg__", "__abs__", "__invert__", "__div__", "__rdiv__")


def _forward_operator(name):
    def method(self, *args):
        fn = getattr(Tensor, name, None)
        if fn is None:
            return NotImplemented
        return fn(self.value(), *args)
    method.__name__ = name
    return method


for _name in _OPERATORS:
    setattr(Variable, _name, _forward_operator(_name))

convert.register_tensor_conversion_function(Variable, Variable._TensorConversionFunction)


class SaveSliceInfo:
    """Where a partition of a variable sits in the full variable (for checkpoints)."""

    def __init__(self, full_name=None, full_shape=None, var_offset=None, var_shape=None,
                 save_slice_info_def=None, import_scope=None):
        if save_slice_info_def is not None:
            full_name = _prepend_name_scope(save_slice_info_def.full_name, import_scope)
            full_shape = list(save_slice_info_def.full_shape)
            var_offset = list(save_slice_info_def.var_offset)
            var_shape = list(save_slice_info_def.var_shape)
        self.full_name = full_name
        self.full_shape = full_shape
        self.var_offset = var_offset
        self.var_shape = var_shape

    @property
    def spec(self):
        full = " ".join("%d" % d for d in self.full_shape) + " "
        slices = ":".join("%d,%d" % (o, s) for o, s in zip(self.var_offset, self.var_shape))
        return full + slices

    def to_proto(self, export_scope=None):
        proto = variable_pb2.SaveSliceInfoDef()
        proto.full_name = _strip_name_scope(self.full_name, export_scope)
        proto.full_shape.extend(self.full_shape)
        proto.var_offset.extend(self.var_offset)
        proto.var_shape.extend(self.var_shape)
        return proto


Variable.SaveSliceInfo = SaveSliceInfo


def _strip_name_scope(name, export_scope):
    if export_scope and name.startswith(export_scope.rstrip("/") + "/"):
        return name[len(export_scope.rstrip("/")) + 1:]
    return name


def _prepend_name_scope(name, import_scope):
    if import_scope:
        return import_scope.rstrip("/") + "/" + name
    return name


def _guard_uninitialized(initial_value):
    """TF1 guards an initial value that reads other variables (so one initializer run can
    initialize both); see `_guard.py`."""
    return _variable_guard.guard(initial_value)


# -- collections and initializers ------------------------------------------------------------

def global_variables(scope=None):
    """TF1 `tf.global_variables`: the GLOBAL_VARIABLES collection (filtered by `scope`)."""
    return graph_lib.get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def local_variables(scope=None):
    return graph_lib.get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def trainable_variables(scope=None):
    return graph_lib.get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def model_variables(scope=None):
    return graph_lib.get_collection(GraphKeys.MODEL_VARIABLES, scope)


def moving_average_variables(scope=None):
    return graph_lib.get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)


def all_variables():
    return global_variables()


def variables_initializer(var_list, name="init"):
    """TF1 `tf.variables_initializer`: one op running the initializers of `var_list`."""
    graph = graph_lib.get_default_graph()
    if var_list:
        with graph.control_dependencies([v.initializer for v in var_list]):
            return no_op(name=name)
    return no_op(name=name)


def global_variables_initializer():
    """TF1 `tf.global_variables_initializer` (an op named `init`)."""
    return variables_initializer(global_variables())


def local_variables_initializer():
    return variables_initializer(local_variables())


def initialize_all_variables():
    return global_variables_initializer()


def initialize_local_variables():
    return local_variables_initializer()


def initialize_variables(var_list, name="init"):
    return variables_initializer(var_list, name=name)


def is_variable_initialized(variable):
    return state_ops.is_variable_initialized(variable)


def assert_variables_initialized(var_list=None):
    """TF1 `tf.assert_variables_initialized`: an op failing unless all are initialized."""
    if var_list is None:
        var_list = global_variables() + local_variables()
    if not var_list:
        return None
    # TF's: a Rank op reading each variable (running it fails with FailedPreconditionError
    # for an uninitialized one); one rank, or the ranks stacked
    ranks = []
    for var in var_list:
        with graph_lib.colocate_with(var.op):
            ranks.append(array_ops.rank_internal(var, optimize=False))
    return ranks[0] if len(ranks) == 1 else stack(ranks)


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """TF1 `tf.report_uninitialized_variables`: the names (bytes) of uninitialized ones."""
    if var_list is None:
        var_list = global_variables() + local_variables()
        if not var_list:
            var_list = [op.outputs[0] for op in graph_lib.get_default_graph().get_operations()
                        if op.type in ("Variable", "VariableV2", "AutoReloadVariable")]
    with graph_lib.name_scope(name):
        init_vars = [state_ops.is_variable_initialized(v) for v in var_list]
        # TF runs the report on the host (or where this variable says)
        with graph_lib.device(os.environ.get("TF_DEVICE_FOR_UNINITIALIZED_VARIABLE_REPORTING",
                                             "/cpu:0")):
            if not var_list:
                return convert.constant(np.array([], dtype=object), dtype=dtypes.string)
            mask = math_ops.logical_not(stack(init_vars))
            names = convert.constant([v.op.name for v in var_list])
            return indexing_ops.boolean_mask(names, mask)


__all__ = ["Variable", "VariableSynchronization", "VariableAggregation", "global_variables",
           "local_variables", "trainable_variables", "model_variables",
           "moving_average_variables", "all_variables", "variables_initializer",
           "global_variables_initializer", "local_variables_initializer",
           "initialize_all_variables", "initialize_local_variables", "initialize_variables",
           "is_variable_initialized", "assert_variables_initialized",
           "report_uninitialized_variables"]

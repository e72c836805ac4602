"""`tf.variable_scope` and `tf.get_variable`: named, shareable variables (TF1 semantics).

Each graph holds one variable store (full name -> Variable) and one variable-scope store
(the current `VariableScope` and how often each scope name was opened), kept, as in TF, in
graph collections under tuple keys. Variable names depend only on the variable scope;
re-entering a scope opens a fresh name scope (`fc_1/`), so ops get new names while
`get_variable` finds the same variables.
"""
from __future__ import annotations

import copy
import enum
import functools
import inspect
import os
import threading
import traceback

from tfcompat import partitioned_variables
from tfcompat import resource_variables_toggle
from tfcompat.framework import convert
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import tensor_shape
from tfcompat.framework.graph import GraphKeys
from tfcompat.variables import Variable
from tfcompat.variables import VariableAggregation
from tfcompat.variables import VariableSynchronization
from tfcompat import init_ops

_VARSTORE_KEY = ("__variable_store",)
_VARSCOPESTORE_KEY = ("__varscope",)


class _ReuseMode(enum.Enum):
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


# -- the variable store ---------------------------------------------------------------------

def _defined_at(var):
    """TF's "Originally defined at" text: the innermost five frames, outside the library, of the
    stack `var` was created under (TF 1.15 `_VariableStore._get_single_variable`)."""
    package_dir = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frames = [f for f in var.op.traceback[::-1] if not f[0].startswith(package_dir)][:5]
    return "".join(traceback.format_list(frames)) if frames else var.op.traceback_line


class _VariableStore:
    """Variables by full name, for one graph."""

    def __init__(self):
        self._vars: dict = {}
        self._partitioned_vars: dict = {}

    def get_variable(self, name, shape=None, dtype=dtypes.float32, initializer=None,
                     regularizer=None, reuse=None, trainable=None, collections=None,
                     caching_device=None, partitioner=None, validate_shape=True,
                     use_resource=None, custom_getter=None, constraint=None,
                     synchronization=VariableSynchronization.AUTO,
                     aggregation=VariableAggregation.NONE):
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError("Passed a custom_getter which is not callable: %s" % custom_getter)
        dtype = getattr(dtype, "base_dtype", dtype)
        if trainable is None:  # resolved before a custom getter sees it, as TF does
            trainable = synchronization != VariableSynchronization.ON_READ

        def true_getter(name, shape=None, dtype=dtypes.float32, initializer=None,
                        regularizer=None, reuse=None, trainable=None, collections=None,
                        caching_device=None, partitioner=None, validate_shape=True,
                        use_resource=None, constraint=None,
                        synchronization=VariableSynchronization.AUTO,
                        aggregation=VariableAggregation.NONE):
            if partitioner is not None and not (isinstance(shape, (list, tuple)) and not shape):
                return partitioned_variables.get_partitioned_variable(
                    self, name, partitioner, shape, dtype, initializer, reuse,
                    lambda dt: _default_initializer(name, dt), regularizer=regularizer,
                    trainable=trainable, collections=collections, caching_device=caching_device,
                    validate_shape=validate_shape, use_resource=use_resource,
                    constraint=constraint, synchronization=synchronization,
                    aggregation=aggregation)
            if reuse is True and partitioner is None and name in self._partitioned_vars:
                # TF lets a reusing scope get a partitioned variable without its partitioner
                return partitioned_variables.get_partitioned_variable(
                    self, name, None, shape, dtype, initializer, reuse, None)
            if "%s/part_0" % name in self._vars:
                raise ValueError("No partitioner was provided, but a partitioned version of the "
                                 "variable was found: %s/part_0. Perhaps a variable of the same "
                                 "name was already created with partitioning?" % name)
            return self._get_single_variable(
                name, shape=shape, dtype=dtype, initializer=initializer,
                regularizer=regularizer, reuse=reuse, trainable=trainable,
                collections=collections, caching_device=caching_device,
                validate_shape=validate_shape, use_resource=use_resource,
                constraint=constraint, synchronization=synchronization,
                aggregation=aggregation)

        kwargs = {"shape": shape, "dtype": dtype, "initializer": initializer,
                  "regularizer": regularizer, "reuse": reuse, "trainable": trainable,
                  "collections": collections, "caching_device": caching_device,
                  "partitioner": partitioner, "validate_shape": validate_shape,
                  "use_resource": use_resource, "synchronization": synchronization,
                  "aggregation": aggregation}
        if custom_getter is None:
            return true_getter(name, constraint=constraint, **kwargs)
        if _accepts(custom_getter, "constraint"):
            kwargs["constraint"] = constraint
        return custom_getter(getter=true_getter, name=name, **kwargs)

    def _get_single_variable(self, name, shape=None, dtype=dtypes.float32, initializer=None,
                             regularizer=None, reuse=None, trainable=None, collections=None,
                             caching_device=None, validate_shape=True, use_resource=None,
                             constraint=None, synchronization=VariableSynchronization.AUTO,
                             aggregation=VariableAggregation.NONE):
        from_value = initializer is not None and not callable(initializer)
        if shape is not None and from_value:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = dtypes.as_dtype(dtype)
        if shape is not None:
            shape = tensor_shape.as_shape(shape)
        if name in self._vars:
            return self._existing(name, shape, dtype, reuse)
        if reuse is True:
            raise ValueError("Variable %s does not exist, or was not created with "
                             "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
                             "VarScope?" % name)
        if initializer is None:
            if shape is None:
                raise ValueError("Variable %s did not get an initializer, so its `shape` "
                                 "argument must be specified." % name)
            initializer, from_value = _default_initializer(name, dtype), False
        init_val, variable_dtype = self._initial_value(initializer, from_value, shape, dtype)
        if use_resource is None:
            use_resource = resource_variables_toggle.resource_variables_enabled()
        v = Variable(initial_value=init_val, name=name, trainable=trainable,
                     collections=collections, caching_device=caching_device,
                     dtype=variable_dtype, validate_shape=validate_shape, constraint=constraint,
                     use_resource=use_resource, synchronization=synchronization,
                     aggregation=aggregation, shape=shape)
        self._vars[name] = v
        if regularizer:
            graph = graph_lib.get_default_graph()
            with graph.colocate_with(v.op), graph.name_scope(name + "/Regularizer/"):
                loss = regularizer(v)
            if loss is not None:
                graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        return v

    def _existing(self, name, shape, dtype, reuse):
        found = self._vars[name]
        if reuse is False:
            raise ValueError("Variable %s already exists, disallowed. Did you mean to set "
                             "reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally defined "
                             "at:\n\n%s" % (name, _defined_at(found)))
        if shape is not None and not shape.is_compatible_with(found.get_shape()):
            raise ValueError("Trying to share variable %s, but specified shape %s and found "
                             "shape %s." % (name, shape, found.get_shape()))
        if not dtype.is_compatible_with(found.dtype):
            raise ValueError("Trying to share variable %s, but specified dtype %s and found "
                             "dtype %s." % (name, dtype.name, found.dtype.name))
        return found

    @staticmethod
    def _initial_value(initializer, from_value, shape, dtype):
        if from_value:
            return initializer, None
        if inspect.isclass(initializer):
            initializer = initializer()
        if shape is not None and shape.is_fully_defined():
            if _accepts(initializer, "partition_info"):
                return functools.partial(initializer, shape.as_list(), dtype=dtype,
                                         partition_info=None), dtype.base_dtype
            return functools.partial(initializer, shape.as_list(), dtype=dtype), dtype.base_dtype
        if _needs_no_arguments(initializer):
            return initializer, None
        raise ValueError("The initializer passed is not valid. It should be a callable with no "
                         "arguments and the shape should not be provided or an instance of "
                         "`tf.keras.initializers.*' and `shape` should be fully defined.")


def _accepts(fn, arg) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return arg in params or any(p.kind == p.VAR_KEYWORD for p in params.values())


def _needs_no_arguments(fn) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in params)


def _default_initializer(name, dtype):
    if dtype.is_floating:
        return init_ops.glorot_uniform_initializer()
    if dtype.is_integer or dtype.is_unsigned or dtype.is_bool or dtype == dtypes.string:
        return init_ops.zeros_initializer()
    raise ValueError("An initializer for variable %s of %s is required"
                     % (name, dtype.base_dtype))


def _get_default_variable_store() -> _VariableStore:
    store = graph_lib.get_collection(_VARSTORE_KEY)
    if store:
        return store[0]
    store = _VariableStore()
    graph_lib.add_to_collection(_VARSTORE_KEY, store)
    return store


# -- variable scopes -----------------------------------------------------------------------

class VariableScope:
    """The defaults `get_variable` uses inside a `variable_scope` (TF1 `tf.VariableScope`)."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, name_scope="", dtype=dtypes.float32,
                 use_resource=None, constraint=None):
        self._name = name
        self._initializer = initializer
        self._regularizer = regularizer
        self._reuse = reuse
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    dtype = property(lambda self: self._dtype)
    use_resource = property(lambda self: self._use_resource)
    regularizer = property(lambda self: self._regularizer)
    caching_device = property(lambda self: self._caching_device)
    partitioner = property(lambda self: self._partitioner)
    custom_getter = property(lambda self: self._custom_getter)
    constraint = property(lambda self: self._constraint)

    def reuse_variables(self):
        """Reuse variables in this scope."""
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_dtype(self, dtype):
        self._dtype = dtype

    def set_use_resource(self, use_resource):
        self._use_resource = use_resource

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def set_caching_device(self, caching_device):
        self._caching_device = caching_device

    def set_partitioner(self, partitioner):
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter):
        self._custom_getter = custom_getter

    def get_collection(self, name):
        return graph_lib.get_collection(name, self._name + "/" if self._name else "")

    def trainable_variables(self):
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self):
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self):
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def get_variable(self, var_store, name, shape=None, dtype=None, initializer=None,
                     regularizer=None, reuse=None, trainable=None, collections=None,
                     caching_device=None, partitioner=None, validate_shape=True,
                     use_resource=None, custom_getter=None, constraint=None,
                     synchronization=VariableSynchronization.AUTO,
                     aggregation=VariableAggregation.NONE):
        regularizer = self._regularizer if regularizer is None else regularizer
        caching_device = self._caching_device if caching_device is None else caching_device
        partitioner = self._partitioner if partitioner is None else partitioner
        custom_getter = self._custom_getter if custom_getter is None else custom_getter
        reuse = self._reuse if reuse is None else reuse
        use_resource = self._use_resource if use_resource is None else use_resource
        full_name = self._name + "/" + name if self._name else name
        # NOTE: variable names depend only on the variable scope, so TF resets the name scope.
        with graph_lib.name_scope(None):
            if dtype is not None and initializer is not None and not callable(initializer):
                init_dtype = convert.convert_to_tensor(initializer).dtype.base_dtype
                if init_dtype != dtype:
                    raise ValueError("Initializer type '%s' and explicit dtype '%s' don't "
                                     "match." % (init_dtype, dtype))
            initializer = self._initializer if initializer is None else initializer
            constraint = self._constraint if constraint is None else constraint
            dtype = self._dtype if dtype is None else dtype
            return var_store.get_variable(
                full_name, shape=shape, dtype=dtype, initializer=initializer,
                regularizer=regularizer, reuse=reuse, trainable=trainable,
                collections=collections, caching_device=caching_device,
                partitioner=partitioner, validate_shape=validate_shape,
                use_resource=use_resource, custom_getter=custom_getter, constraint=constraint,
                synchronization=synchronization, aggregation=aggregation)


class _VariableScopeStore(threading.local):
    """The current variable scope and how many times each scope name was opened: per thread,
    as TF's (a thread starts at the root variable scope with no scope opened)."""

    def __init__(self):
        self.current_scope = VariableScope(False)
        self.variable_scopes_count: dict = {}

    def open_variable_scope(self, scope_name):
        self.variable_scopes_count[scope_name] = self.variable_scopes_count.get(scope_name, 0) + 1

    def close_variable_subscopes(self, scope_name):
        prefix = None if scope_name is None else scope_name + "/"
        for k in self.variable_scopes_count:
            if prefix is None or k.startswith(prefix):
                self.variable_scopes_count[k] = 0

    def variable_scope_count(self, scope_name):
        return self.variable_scopes_count.get(scope_name, 0)


def get_variable_scope_store() -> _VariableScopeStore:
    store = graph_lib.get_collection(_VARSCOPESTORE_KEY)
    if store:
        return store[0]
    store = _VariableScopeStore()
    graph_lib.add_to_collection(_VARSCOPESTORE_KEY, store)
    return store


def get_variable_scope() -> VariableScope:
    """TF1 `tf.get_variable_scope`: the current VariableScope."""
    return get_variable_scope_store().current_scope


def _get_unique_variable_scope(prefix):
    store = get_variable_scope_store()
    current = get_variable_scope()
    name = current.name + "/" + prefix if current.name else prefix
    if store.variable_scope_count(name) == 0:
        return prefix
    idx = 1
    while store.variable_scope_count(name + "_%d" % idx) > 0:
        idx += 1
    return prefix + "_%d" % idx


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO,
                 aggregation=VariableAggregation.NONE):
    """TF1 `tf.get_variable`: the variable `<scope>/name`, created or reused per the scope.

    >>> with tf.variable_scope('fc'):
    ...     w = tf.get_variable('w', [3, 4])
    >>> w.name
    'fc/w:0'
    """
    return get_variable_scope().get_variable(
        _get_default_variable_store(), name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable, collections=collections,
        caching_device=caching_device, partitioner=partitioner, validate_shape=validate_shape,
        use_resource=use_resource, custom_getter=custom_getter, constraint=constraint,
        synchronization=synchronization, aggregation=aggregation)


def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                       trainable=False, collections=None, caching_device=None, partitioner=None,
                       validate_shape=True, use_resource=None, custom_getter=None,
                       constraint=None, synchronization=VariableSynchronization.AUTO,
                       aggregation=VariableAggregation.NONE):
    """TF1 `tf.get_local_variable`: like get_variable, in LOCAL_VARIABLES, not trainable."""
    collections = list(collections or []) + [GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, trainable=False, collections=collections,
                        caching_device=caching_device, partitioner=partitioner,
                        validate_shape=validate_shape, use_resource=use_resource,
                        custom_getter=custom_getter, constraint=constraint,
                        synchronization=synchronization, aggregation=aggregation)


def no_regularizer(_):
    """Use this function to prevent regularization of variables (it returns None)."""


def _maybe_wrap_custom_getter(custom_getter, old_getter):
    if old_getter is None:
        return custom_getter

    def wrapped_custom_getter(getter, *args, **kwargs):
        return custom_getter(functools.partial(old_getter, getter), *args, **kwargs)
    return wrapped_custom_getter


class _pure_variable_scope:
    """Enters a VariableScope without opening a name scope (TF's `_pure_variable_scope`)."""

    def __init__(self, name_or_scope, reuse=None, initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None, old_name_scope=None,
                 dtype=dtypes.float32, use_resource=None, constraint=None):
        self._name_or_scope = name_or_scope
        self._reuse = reuse
        self._overrides = {"initializer": initializer, "regularizer": regularizer,
                           "caching_device": caching_device, "partitioner": partitioner,
                           "dtype": dtype, "use_resource": use_resource}
        self._custom_getter = custom_getter
        self._old_name_scope = old_name_scope
        self._constraint = constraint
        self._var_scope_store = get_variable_scope_store()
        self._last_scope = None

    def _new_scope(self, base, reuse, name, name_scope):
        scope = VariableScope(reuse, name=name, initializer=base.initializer,
                              regularizer=base.regularizer, caching_device=base.caching_device,
                              partitioner=base.partitioner, dtype=base.dtype,
                              custom_getter=base.custom_getter, name_scope=name_scope,
                              use_resource=base.use_resource, constraint=self._constraint)
        for key, value in self._overrides.items():
            if value is not None:
                getattr(scope, "set_" + key)(value)
        if self._custom_getter is not None:
            scope.set_custom_getter(_maybe_wrap_custom_getter(self._custom_getter,
                                                              base.custom_getter))
        return scope

    def __enter__(self):
        store = self._var_scope_store
        self._old = store.current_scope
        if isinstance(self._name_or_scope, VariableScope):
            given = self._name_or_scope
            self._new_name = given.name
            store.open_variable_scope(self._new_name)
            self._old_subscopes = copy.copy(store.variable_scopes_count)
            scope = self._new_scope(given, self._reuse or given.reuse, given.name,
                                    given.original_name_scope)
        else:
            old = self._old
            self._new_name = (old.name + "/" + self._name_or_scope if old.name
                              else self._name_or_scope)
            self._reuse = self._reuse or old.reuse
            name_scope = (self._name_or_scope if self._old_name_scope is None
                          else self._old_name_scope)
            scope = self._new_scope(old, self._reuse, self._new_name, name_scope)
            store.open_variable_scope(self._new_name)
        store.current_scope = self._last_scope = scope
        return scope

    def __exit__(self, *exc):
        store = self._var_scope_store
        if store.current_scope is not self._last_scope:
            raise RuntimeError("Improper nesting of variable_scope.")
        if isinstance(self._name_or_scope, VariableScope):
            store.variable_scopes_count = self._old_subscopes
        else:
            store.close_variable_subscopes(self._new_name)
        store.current_scope = self._old


class variable_scope:
    """TF1 `tf.variable_scope`: a context for `get_variable` names, reuse and defaults, with
    a matching name scope (made unique: re-entering `fc` opens `fc_1/` for ops).

    >>> with tf.variable_scope('fc', reuse=tf.AUTO_REUSE):
    ...     w = tf.get_variable('w', [2])
    >>> w.name
    'fc/w:0'
    """

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None,
                 regularizer=None, caching_device=None, partitioner=None, custom_getter=None,
                 reuse=None, dtype=None, use_resource=None, constraint=None,
                 auxiliary_name_scope=True):
        if default_name is None and name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if reuse is False:
            reuse = None  # NOTE: TF1 treats reuse=False as "inherit".
        if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError("The auxiliary_name_scope must be `True` or `False`, while get %s"
                            % auxiliary_name_scope)
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._reuse = reuse
        self._scope_kwargs = {"initializer": initializer, "regularizer": regularizer,
                              "caching_device": caching_device, "partitioner": partitioner,
                              "custom_getter": custom_getter, "dtype": dtype,
                              "use_resource": use_resource, "constraint": constraint}
        self._graph = graph_lib.get_graph_from_inputs(values or [])
        self._auxiliary_name_scope = auxiliary_name_scope
        self._cached_pure = None
        self._current_name_scope = None
        self._name_scope_arg = None

    def __enter__(self):
        self._graph_ctx = self._graph.as_default()
        self._graph_ctx.__enter__()
        try:
            if self._cached_pure is not None:
                if self._name_scope_arg is not None:
                    self._current_name_scope = self._graph.name_scope(self._name_scope_arg)
                    self._current_name_scope.__enter__()
                return self._cached_pure.__enter__()
            return self._enter_uncached()
        except BaseException:
            self._graph_ctx.__exit__(None, None, None)
            raise

    def _enter_uncached(self):
        name_scope_arg = None
        if not self._auxiliary_name_scope:
            current = self._graph.get_name_scope()
            name_scope_arg = current + "/" if current else ""
        if self._name_or_scope is not None:
            if not isinstance(self._name_or_scope, (VariableScope, str)):
                raise TypeError("VariableScope: name_or_scope must be a string or "
                                "VariableScope.")
            if isinstance(self._name_or_scope, str):
                scope_name = self._name_or_scope
            else:
                scope_name = self._name_or_scope.name.split("/")[-1]
            old_name_scope = None
            if scope_name or name_scope_arg is not None:
                entered = self._open_name_scope(scope_name if name_scope_arg is None
                                                else name_scope_arg)
                old_name_scope = (entered if isinstance(self._name_or_scope, str)
                                  else self._name_or_scope.original_name_scope)
            pure = _pure_variable_scope(self._name_or_scope, reuse=self._reuse,
                                        old_name_scope=old_name_scope, **self._scope_kwargs)
        else:
            if self._reuse:
                raise ValueError("reuse=True cannot be used without a name_or_scope")
            entered = self._open_name_scope(self._default_name if name_scope_arg is None
                                            else name_scope_arg)
            unique = _get_unique_variable_scope(self._default_name)
            pure = _pure_variable_scope(unique, old_name_scope=entered, **self._scope_kwargs)
        self._cached_pure = pure
        return pure.__enter__()

    def _open_name_scope(self, name):
        self._name_scope_arg = name
        self._current_name_scope = self._graph.name_scope(name)
        return self._current_name_scope.__enter__()

    def __exit__(self, *exc):
        try:
            self._cached_pure.__exit__(*exc)
        finally:
            try:
                if self._current_name_scope is not None:
                    self._current_name_scope.__exit__(*exc)
                    self._current_name_scope = None
            finally:
                self._graph_ctx.__exit__(*exc)


def variable_op_scope(values, name_or_scope, default_name=None, initializer=None,
                      regularizer=None, caching_device=None, partitioner=None,
                      custom_getter=None, reuse=None, dtype=None, use_resource=None,
                      constraint=None):
    """Deprecated TF1 spelling of `variable_scope(name_or_scope, default_name, values)`."""
    return variable_scope(name_or_scope, default_name=default_name, values=values,
                          initializer=initializer, regularizer=regularizer,
                          caching_device=caching_device, partitioner=partitioner,
                          custom_getter=custom_getter, reuse=reuse, dtype=dtype,
                          use_resource=use_resource, constraint=constraint)


__all__ = ["AUTO_REUSE", "VariableScope", "get_variable", "get_local_variable",
           "get_variable_scope", "variable_scope", "variable_op_scope", "no_regularizer"]

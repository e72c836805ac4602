"""`tf.contrib.framework` as legacy layer code uses it: arg_scope/add_arg_scope, model_variable,
variable and the collection getters."""
from __future__ import annotations

import contextlib
import functools
import importlib

from tfcompat._unsupported import missing_attr
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import get_collection
from tfcompat.framework.graph import get_default_graph
from tfcompat.contrib import framework_nest
from tfcompat import train
from tfcompat.framework.graph import device as device_scope
from tfcompat.variable_scope import get_variable

nest = framework_nest  # tf.contrib.framework.nest: TF1's util/nest module

_ARG_SCOPE_STACK: list = [{}]
_DECORATED: dict = {}


def _key(op):
    # TF keys a scope by the undecorated function object (str() holds its address), so two
    # functions that share a module and a name keep separate defaults
    return getattr(op, "_key_op", str(op))


def _kwarg_names(func):
    """The arguments arg_scope may set, as TF lists them: those with defaults (all positional
    arguments when none has a default: TF slices with -0)."""
    n_defaults = len(func.__defaults__) if func.__defaults__ else 0
    return func.__code__.co_varnames[-n_defaults:func.__code__.co_argcount]


@contextlib.contextmanager
def arg_scope(list_ops_or_scope, **kwargs):
    """TF1 `tf.contrib.framework.arg_scope`: default keyword arguments for decorated ops."""
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            # TF's two string pieces join without a space: "suppling adictionary"
            raise ValueError("When attempting to re-use a scope by suppling adictionary, "
                             "kwargs must be empty.")
        _ARG_SCOPE_STACK.append(dict(list_ops_or_scope))
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise TypeError("list_ops_or_scope must either be a list/tuple or reusedscope "
                            "(i.e. dict)")
        current = {k: dict(v) for k, v in _ARG_SCOPE_STACK[-1].items()}
        for op in list_ops_or_scope:
            key = _key(op)
            if key not in _DECORATED:
                # TF passes the name as a second argument, not formatted into the message
                raise ValueError("%s is not decorated with @add_arg_scope",
                                 (op.__module__, op.__name__))
            current.setdefault(key, {}).update(kwargs)
        _ARG_SCOPE_STACK.append(current)
    try:
        yield _ARG_SCOPE_STACK[-1]
    finally:
        _ARG_SCOPE_STACK.pop()


def add_arg_scope(func):
    """Decorates `func` so that `arg_scope` can supply its keyword arguments."""
    key = _key(func)

    @functools.wraps(func)
    def func_with_args(*args, **kwargs):
        defaults = _ARG_SCOPE_STACK[-1].get(key, {})
        return func(*args, **dict(defaults, **kwargs))

    func_with_args._key_op = key
    _DECORATED.setdefault(key, _kwarg_names(func))
    return func_with_args


def current_arg_scope():
    return _ARG_SCOPE_STACK[-1]


def has_arg_scope(func):
    return _key(func) in _DECORATED


def arg_scoped_arguments(func):
    """TF1 `arg_scoped_arguments`: the keyword arguments arg_scope can set for `func`."""
    assert has_arg_scope(func)   # TF asserts, too
    return _DECORATED[_key(func)]


@add_arg_scope
def variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=True,
             collections=None, caching_device=None, device=None, partitioner=None,
             custom_getter=None, use_resource=None, **unused):
    """TF1 `tf.contrib.framework.variable`: get_variable in GLOBAL_VARIABLES (+ collections)."""
    collections = list(collections if collections is not None else
                       [GraphKeys.GLOBAL_VARIABLES])
    collections = list(dict.fromkeys(collections))
    getter = custom_getter or get_variable
    with (device_scope(device) if device is not None else contextlib.nullcontext()):
        return getter(name, shape=shape, dtype=dtype, initializer=initializer,
                      regularizer=regularizer, trainable=trainable, collections=collections,
                      caching_device=caching_device, partitioner=partitioner,
                      use_resource=use_resource)


@add_arg_scope
def model_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                   trainable=True, collections=None, caching_device=None, device=None,
                   partitioner=None, custom_getter=None, use_resource=None, **unused):
    """TF1 `tf.contrib.framework.model_variable`: a variable also in MODEL_VARIABLES."""
    collections = list(collections or []) + [GraphKeys.GLOBAL_VARIABLES,
                                             GraphKeys.MODEL_VARIABLES]
    return variable(name, shape=shape, dtype=dtype, initializer=initializer,
                    regularizer=regularizer, trainable=trainable, collections=collections,
                    caching_device=caching_device, device=device, partitioner=partitioner,
                    custom_getter=custom_getter, use_resource=use_resource)


def get_variables(scope=None, suffix=None, collection=GraphKeys.GLOBAL_VARIABLES):
    """TF1 `tf.contrib.framework.get_variables`."""
    if scope is not None and hasattr(scope, "name"):
        scope = scope.name
    if suffix is not None:
        if ":" not in suffix:  # TF anchors a plain suffix at the end of the name
            suffix += ":"
        scope = (scope or "") + ".*" + suffix
    return get_collection(collection, scope)


def get_model_variables(scope=None, suffix=None):
    return get_variables(scope, suffix, GraphKeys.MODEL_VARIABLES)


def get_trainable_variables(scope=None, suffix=None):
    return get_variables(scope, suffix, GraphKeys.TRAINABLE_VARIABLES)


def get_variables_by_name(given_name, scope=None):
    suffix = "/" + given_name + ":|^" + given_name + ":"
    return get_variables(scope=scope, suffix=suffix)


def get_or_create_global_step(graph=None):
    return train.get_or_create_global_step(graph)


def get_name_scope():
    """TF1 `tf.contrib.framework.get_name_scope`: the default graph's current name scope."""
    return get_default_graph().get_name_scope()


def get_global_step(graph=None):
    return train.get_global_step(graph)


# TF 1.15's contrib.framework also exported the variable helpers TF-Slim re-exports; they live
# in contrib/slim/variables.py (which imports this module), so they are looked up on first use
_SLIM_VARIABLE_HELPERS = frozenset({
    "add_model_variable", "local_variable", "global_variable", "get_local_variables",
    "get_variables_by_suffix", "get_variables_to_restore", "get_unique_variable",
    "get_variable_full_name", "assign_from_values", "assign_from_values_fn",
    "assign_from_checkpoint", "assign_from_checkpoint_fn", "filter_variables",
    "assert_or_get_global_step", "VariableDeviceChooser"})
_CHECKPOINT_HELPERS = {"list_variables": "list_variables", "load_variable": "load_variable",
                       "load_checkpoint": "load_checkpoint",
                       "init_from_checkpoint": "init_from_checkpoint",
                       "create_global_step": "create_global_step",
                       "assert_global_step": "assert_global_step"}
# TF 1.15's contrib.framework re-exported these core functions (sort_ops, tensor_util,
# check_ops) under the same names and signatures
_CORE_ALIASES = frozenset({"sort", "argsort", "is_tensor", "assert_scalar",
                           "convert_to_tensor_or_sparse_tensor", "TensorSpec"})
_CHECK_OPS = frozenset({"assert_same_float_dtype", "is_numeric_tensor", "is_non_decreasing",
                        "is_strictly_increasing"})   # tf.debugging's
# framework_more.py (it imports tfcompat, which this module may not at import time)
_MORE = frozenset({"reduce_sum_n", "with_shape", "with_same_shape", "py_func", "smart_cond",
                   "smart_constant_value", "zero_initializer", "prepend_name_scope",
                   "strip_name_scope"})
_missing = missing_attr("contrib.framework", __name__)


def __getattr__(name):
    if name in _SLIM_VARIABLE_HELPERS:
        return getattr(importlib.import_module("tfcompat.contrib.slim.variables"), name)
    if name in _CHECKPOINT_HELPERS:
        return getattr(train, _CHECKPOINT_HELPERS[name])
    if name in _MORE:
        return getattr(importlib.import_module("tfcompat.contrib.framework_more"), name)
    if name in _CORE_ALIASES:
        return getattr(importlib.import_module("tfcompat"), name)
    if name in _CHECK_OPS:
        return getattr(importlib.import_module("tfcompat").debugging, name)
    if name == "get_graph_from_inputs":
        return graph_lib.get_graph_from_inputs
    return _missing(name)

"""`tf.Module`: a container that finds the variables and sub-modules held in its attributes
(in nested lists, tuples and dicts too), as TF's `python/module/module.py`.

The module takes a unique name scope when it is made (`dense/`, then `dense_1/`, ...); methods
decorated with `tf.Module.with_name_scope` run inside it. Walks visit attributes in sorted
order, a module's own attributes before its sub-modules', each object once.
"""
from __future__ import annotations

import functools
import re

from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.variables import Variable

__all__ = ["Module"]

_VALID_IDENTIFIER = re.compile(r"^[a-zA-Z_]([a-zA-Z0-9_])*$")
_CAMEL_TO_SNAKE_R = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")
_IGNORED = frozenset(("_self_unconditional_checkpoint_dependencies",
                      "_self_unconditional_dependency_names"))


def camel_to_snake(value):
    return _CAMEL_TO_SNAKE_R.sub(r"_\1", value).lower()


class _ModuleNameScope:
    """A re-enterable name scope with a fixed `name` (`m/`), like TF's `name_scope_v2`."""

    def __init__(self, scope_name):
        self.name = scope_name
        self._stack = []

    def __enter__(self):
        ctx = name_scope(self.name)
        self._stack.append(ctx)
        return ctx.__enter__()

    def __exit__(self, *exc):
        return self._stack.pop().__exit__(*exc)


def _leaves(value):
    """The leaves of nested lists/tuples/dicts (dicts in sorted key order)."""
    if isinstance(value, dict):
        for key in sorted(value):
            yield from _leaves(value[key])
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _flatten_module(module, predicate, seen):
    submodules = []
    for key in sorted(vars(module)):
        if key in _IGNORED:
            continue
        for leaf in _leaves(vars(module)[key]):
            if id(leaf) in seen:
                continue
            seen.add(id(leaf))
            if predicate(leaf):
                yield leaf
            if isinstance(leaf, Module):
                submodules.append(leaf)
    for submodule in submodules:
        yield from _flatten_module(submodule, predicate, seen)


def _is_variable(obj):
    return isinstance(obj, Variable)


class Module:
    """TF's `tf.Module(name=None)`: `variables`, `trainable_variables`, `submodules` of what
    its attributes hold, and a name scope for its methods."""

    def __init__(self, name=None):
        if name is None:
            name = camel_to_snake(type(self).__name__)
        elif not _VALID_IDENTIFIER.match(name):
            raise ValueError("%r is not a valid module name. Module names must be valid Python "
                             "identifiers (e.g. a valid class name)." % name)
        self._name = name
        graph = get_default_graph()
        with graph.name_scope(name) as scope_name:
            self._name_scope = _ModuleNameScope(scope_name)

    @property
    def name(self):
        return self._name

    @property
    def name_scope(self):
        return self._name_scope

    def _flatten(self, predicate):
        return tuple(_flatten_module(self, predicate, set()))

    @property
    def variables(self):
        return self._flatten(_is_variable)

    @property
    def trainable_variables(self):
        return self._flatten(lambda v: _is_variable(v) and v.trainable)

    @property
    def non_trainable_variables(self):
        return self._flatten(lambda v: _is_variable(v) and not v.trainable)

    @property
    def submodules(self):
        return self._flatten(lambda m: isinstance(m, Module))

    @classmethod
    def with_name_scope(cls, method):
        """Decorator: `method` runs inside the module's name scope."""

        @functools.wraps(method)
        def method_with_name_scope(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        return method_with_name_scope

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

__all__ = ["Module", "LayerModule"]

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


def _leaves(value, path=()):
    """(path, leaf) of nested lists/tuples/dicts (dicts in sorted key order), as TF's
    `nest.flatten_with_tuple_paths`."""
    if isinstance(value, dict):
        for key in sorted(value):
            yield from _leaves(value[key], path + (key,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _leaves(item, path + (i,))
    else:
        yield path, value


def _flatten_module(module, recursive, predicate, key, with_path, module_path, seen, stack):
    """TF's `_flatten_module`: a module's own attributes first (in `key` order), then its
    sub-modules'; each object once (by id) unless paths are asked for. A module already being
    walked (a cycle) is not walked into again (TF 1.15 recursed forever with paths)."""
    submodules = []
    attributes = vars(module)
    if id(module) in stack:
        recursive = False
    ignored = getattr(module, "_TF_MODULE_IGNORED_PROPERTIES", _IGNORED)
    for name in sorted(attributes, key=key):
        if name in ignored:
            continue
        for leaf_path, leaf in _leaves(attributes[name], (name,)):
            if not with_path:
                if id(leaf) in seen:
                    continue
                seen.add(id(leaf))
            if predicate(leaf):
                yield (module_path + leaf_path, leaf) if with_path else leaf
            if recursive and isinstance(leaf, Module):
                submodules.append((module_path + leaf_path, leaf))
    stack.append(id(module))
    for path, submodule in submodules:
        yield from _flatten_module(submodule, recursive, predicate, key, with_path, path, seen,
                                   stack)
    stack.pop()


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

    _TF_MODULE_IGNORED_PROPERTIES = _IGNORED

    def _flatten(self, recursive=True, predicate=None, attribute_traversal_key=None,
                 with_path=False):
        """TF's: a generator of what the attributes hold (nested in lists, tuples and dicts)
        that `predicate` accepts (everything by default), with paths when `with_path`."""
        return _flatten_module(self, recursive, predicate or (lambda _: True),
                               attribute_traversal_key, with_path, (), {id(self)}, [])

    @property
    def variables(self):
        return tuple(self._flatten(predicate=_is_variable))

    @property
    def trainable_variables(self):
        return tuple(self._flatten(predicate=lambda v: _is_variable(v) and v.trainable))

    @property
    def non_trainable_variables(self):
        return tuple(self._flatten(predicate=lambda v: _is_variable(v) and not v.trainable))

    @property
    def submodules(self):
        return tuple(self._flatten(predicate=lambda m: isinstance(m, Module)))

    @classmethod
    def with_name_scope(cls, method):
        """Decorator: `method` runs inside the module's name scope."""

        @functools.wraps(method)
        def method_with_name_scope(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        return method_with_name_scope


class LayerModule(Module):
    """The `tf.Module` members TF 1.15's Keras layers (`tf.layers` layers and `tf.nn.rnn_cell`
    cells are Keras layers there) inherit: `submodules` and `with_name_scope` as a Module's
    (the layer defines `variables`/`trainable_variables` as its weights). A layer never runs
    `Module.__init__`, so in graph mode its `name_scope` raises TF's AttributeError."""

    _TF_MODULE_IGNORED_PROPERTIES = frozenset(("_obj_reference_counts_dict",)) | _IGNORED

    @property
    def name_scope(self):
        raise AttributeError("'%s' object has no attribute '_scope_name'" % type(self).__name__)

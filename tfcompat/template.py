"""`tf.make_template`: a function whose variables are created on its first call and shared by
every later call (TF's `python/ops/template.py`).

The first call opens a fresh variable scope (`name`, made unique as `name_1`, ... when taken);
later calls re-enter it with `reuse=True`, each under a new name scope, so the ops of the calls
are distinct and the variables are one set.
"""
from __future__ import annotations

import functools

from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import get_collection
from tfcompat.variable_scope import _get_unique_variable_scope
from tfcompat.variable_scope import _pure_variable_scope
from tfcompat.variable_scope import variable_scope

__all__ = ["make_template", "Template"]


def make_template(name_, func_, create_scope_now_=False, unique_name_=None, custom_getter_=None,
                  **kwargs):
    """TF1 `tf.make_template`: wraps `func_` (with `kwargs` bound) so its variables are shared.

    >>> scale = tf.make_template("scale", lambda x: x * tf.get_variable("w", []))
    >>> a, b = scale(x), scale(y)          # one variable, scale/w
    """
    if kwargs:
        func_ = functools.partial(func_, **kwargs)
    return Template(name_, func_, create_scope_now=create_scope_now_, unique_name=unique_name_,
                    custom_getter=custom_getter_)


def _trainable_variables():
    return get_collection(GraphKeys.TRAINABLE_VARIABLES)


class Template:
    """TF's `Template`: call it like the wrapped function; `variables` lists what it made."""

    def __init__(self, name, func, create_scope_now=False, unique_name=None, custom_getter=None):
        if not name:
            raise ValueError("name cannot be None.")
        self._func = func
        self._name = name
        self._unique_name = unique_name
        self._custom_getter = custom_getter
        self._variable_scope = None
        self._first_call = True
        if create_scope_now:
            # TF takes the variable scope only: the name scope opens with the first call
            scope_name = unique_name or _get_unique_variable_scope(name)
            with _pure_variable_scope(scope_name, custom_getter=custom_getter) as vs:
                self._variable_scope = vs

    def _call_func(self, args, kwargs):
        trainable_at_start = len(_trainable_variables())
        result = self._func(*args, **kwargs)
        if not self._first_call:
            # TF lists the new variables themselves (their reprs), in creation order
            added = _trainable_variables()[trainable_at_start:]
            if added:
                raise ValueError(
                    "Trainable variable created when calling a template after the first time, "
                    "perhaps you used tf.Variable when you meant tf.get_variable: %s"
                    % (added,))
        self._first_call = False
        return result

    def __call__(self, *args, **kwargs):
        if self._variable_scope is not None:
            with variable_scope(self._variable_scope, reuse=not self._first_call):
                return self._call_func(args, kwargs)
        with variable_scope(self._unique_name, self._name,
                            custom_getter=self._custom_getter) as vs:
            self._variable_scope = vs
            return self._call_func(args, kwargs)

    @property
    def name(self):
        return self._name

    @property
    def func(self):
        return self._func

    @property
    def variable_scope(self):
        return self._variable_scope

    var_scope = variable_scope

    @property
    def variable_scope_name(self):
        if self._variable_scope is None:
            return None
        name = self._variable_scope.name
        return name + "/" if name and not name.endswith("/") else name

    def _collection(self, key):
        if self._variable_scope is None:
            return []
        return get_collection(key, scope=self.variable_scope_name)

    @property
    def variables(self):
        return self.global_variables + self.local_variables

    @property
    def global_variables(self):
        return self._collection(GraphKeys.GLOBAL_VARIABLES)

    @property
    def local_variables(self):
        return self._collection(GraphKeys.LOCAL_VARIABLES)

    @property
    def trainable_variables(self):
        return self._collection(GraphKeys.TRAINABLE_VARIABLES)

    @property
    def non_trainable_variables(self):
        trainable = set(self.trainable_variables)
        return [v for v in self.global_variables if v not in trainable]

    weights = variables
    trainable_weights = trainable_variables
    non_trainable_weights = non_trainable_variables

"""`tf.variable_creator_scope`: functions that see (and may change or replace) every
`tf.Variable` made inside the scope, including those `tf.get_variable` makes.

A creator is called as `creator(next_creator, **kwargs)` with the variable's constructor
arguments (`initial_value`, `trainable`, `name`, `dtype`, ...); it returns a variable, usually
`next_creator(**kwargs)`. Inner scopes' creators run first. The stack belongs to the default
graph, as in TF.
"""
from __future__ import annotations

import contextlib

from tfcompat.framework.graph import get_default_graph

__all__ = ["variable_creator_scope"]


@contextlib.contextmanager
def variable_creator_scope(variable_creator):
    """TF1 `tf.variable_creator_scope(variable_creator)`."""
    graph = get_default_graph()
    stack = getattr(graph, "_variable_creator_stack", None)
    if stack is None:
        stack = graph._variable_creator_stack = []
    stack.append(variable_creator)
    try:
        yield
    finally:
        stack.remove(variable_creator)

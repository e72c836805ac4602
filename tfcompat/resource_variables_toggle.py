"""TF's switch between ref and resource variables (`tf.enable_resource_variables()`,
`tf.disable_resource_variables()`, `tf.resource_variables_enabled()`), read where a variable
is made without `use_resource` (variable_scope.py, resource_variable.py). As in TF 1.15, ref
variables are the default.
"""
from __future__ import annotations

_DEFAULT_USE_RESOURCE = False


def enable_resource_variables():
    """TF `tf.enable_resource_variables`: variables made without `use_resource` are
    ResourceVariables from now on."""
    global _DEFAULT_USE_RESOURCE
    _DEFAULT_USE_RESOURCE = True


def disable_resource_variables():
    """TF `tf.disable_resource_variables`: variables made without `use_resource` are ref
    variables (`VariableV2`), TF 1.x's default."""
    global _DEFAULT_USE_RESOURCE
    _DEFAULT_USE_RESOURCE = False


def resource_variables_enabled() -> bool:
    """TF `tf.resource_variables_enabled`: whether new variables are ResourceVariables."""
    return _DEFAULT_USE_RESOURCE


__all__ = ["enable_resource_variables", "disable_resource_variables",
           "resource_variables_enabled"]

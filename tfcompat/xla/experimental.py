"""`tf.xla.experimental.jit_scope` (TF1's `tf.contrib.compiler.jit.experimental_jit_scope`).

Ops created inside the scope get the attrs TF's scope gives them (recorded from TF 2.21's
compat.v1): `_XlaCompile` (bool: `compile_ops`, or its value for the op's NodeDef when it is a
callable), `_XlaSeparateCompiledGradients` and, from the outermost scope, `_XlaScope`
("jit_scope_<n>", numbered per graph). A session compiles the `_XlaCompile` ops of a plan with
torch.compile (client/jit.py) and runs the rest eagerly, as TF runs unmarked ops outside XLA.
"""
from __future__ import annotations

import contextlib

from tfcompat._unsupported import missing_attr
from tfcompat.framework.graph import get_default_graph

__all__ = ["jit_scope"]
__getattr__ = missing_attr("xla.experimental", __name__)

_COUNTER_KEY = "__xla_scope"   # TF's _XLA_SCOPE_KEY collection: one counter per graph


class _XlaScope:
    def __init__(self):
        self.count = 0
        self.depth = 0


@contextlib.contextmanager
def jit_scope(compile_ops=True, separate_compiled_gradients=False):
    """Marks the ops created inside for compilation (`compile_ops=False`: kept eager, also
    under a global jit level). Scopes nest: an inner scope's settings win for its ops, which
    share the outermost scope's `_XlaScope`."""
    graph = get_default_graph()
    found = graph.get_collection(_COUNTER_KEY)
    counter = found[0] if found else _XlaScope()
    if not found:
        graph.add_to_collection(_COUNTER_KEY, counter)
    scope_name = None
    if counter.depth == 0:
        scope_name = b"jit_scope_%d" % counter.count
        counter.count += 1
    counter.depth += 1
    start = len(graph._ops)
    try:
        yield
    finally:
        counter.depth -= 1
        _mark(graph._ops[start:], compile_ops, bool(separate_compiled_gradients), scope_name)


def _mark(ops, compile_ops, separate, scope_name):
    """Gives `ops` the scope's attrs, except those an inner scope already set."""
    for op in ops:
        attrs = op._attrs
        if "_XlaCompile" not in attrs:
            value = compile_ops(op.node_def) if callable(compile_ops) else compile_ops
            op._set_attr("_XlaCompile", bool(value))
        if "_XlaSeparateCompiledGradients" not in attrs:
            op._set_attr("_XlaSeparateCompiledGradients", separate)
        if scope_name is not None and "_XlaScope" not in attrs:
            op._set_attr("_XlaScope", scope_name)

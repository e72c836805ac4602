"""`tf.saved_model.main_op`: the default op a SavedModel runs after restoring."""
from __future__ import annotations
from tfcompat.framework import graph as graph_lib
from tfcompat.ops.control_flow_ops import group
from tfcompat.variables import local_variables_initializer


def main_op():
    """Initializes local variables and tables."""
    tables = graph_lib.get_collection(graph_lib.GraphKeys.TABLE_INITIALIZERS)
    return group(local_variables_initializer(), *tables)


def main_op_with_restore(restore_op_name):
    """`main_op()` run after the op named `restore_op_name`."""
    graph = graph_lib.get_default_graph()
    with graph.control_dependencies([graph.as_graph_element(restore_op_name)]):
        return group(main_op(), name="main_op_with_restore")


__all__ = ["main_op", "main_op_with_restore"]

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("saved_model.main_op", __name__)

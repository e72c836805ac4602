"""Attrs tfcompat writes into GraphDefs for its own round trips (TF ignores underscored attrs):
what function_export.py writes and interchange/function_import.py reads back."""
SCOPE_ATTR = "_tfcompat_scope"          # FunctionDef attr: body node names are graph names
BACK_PROP_ATTR = "_tfcompat_attr_back_prop"  # While attr TF lacks (io/graph_def.py)
EXPANSION_ATTR = "_tfcompat_expansion_of"    # a node written for a tfcompat-internal op
ORIGINAL_ATTR = "_tfcompat_node"             # that op, as a NodeDef

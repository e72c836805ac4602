"""`tf.contrib.graph_editor` (TF 1.15): selecting, viewing, rerouting, detaching and copying
parts of a graph in place: `ge.sgv`, `ge.select_ops`, `ge.get_forward_walk_ops`,
`ge.reroute_ts`, `ge.swap_inputs`, `ge.connect`, `ge.detach`, `ge.bypass`, `ge.copy`,
`ge.copy_with_input_replacements`, `ge.graph_replace`, `ge.Transformer` (as used by OpenAI's
memory_saving_gradients). Edits change the graph's version, so sessions re-plan."""
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.graph_editor import edit
from tfcompat.contrib.graph_editor import reroute
from tfcompat.contrib.graph_editor import select
from tfcompat.contrib.graph_editor import subgraph
from tfcompat.contrib.graph_editor import transform
from tfcompat.contrib.graph_editor import util

for _module in (edit, reroute, select, subgraph, transform, util):  # TF's `import *`s
    globals().update({_name: getattr(_module, _name) for _name in _module.__all__})
del _module

ph = util.make_placeholder_from_dtype_and_shape
sgv = subgraph.make_view
sgv_scope = subgraph.make_view_from_scope

__all__ = (edit.__all__ + reroute.__all__ + select.__all__ + subgraph.__all__
           + transform.__all__ + util.__all__
           + ["ph", "sgv", "sgv_scope", "edit", "reroute", "select", "subgraph", "transform",
              "util"])
__getattr__ = missing_attr("contrib.graph_editor", __name__)

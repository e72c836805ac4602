"""`tf.train.Saver.restore` from an object-based checkpoint: TF's Saver, finding its variable
names missing, maps them to the checkpoint keys through the object graph's `full_name`s
(TF's `saver_from_object_based_checkpoint`). Here: that mapping, for the Saver to use."""
from __future__ import annotations

from tfcompat import errors
from tfcompat._lazy import lazy_module
from tfcompat.train import checkpoint_object_graph as og
from tfcompat.train.checkpoint_utils import NewCheckpointReader

__all__ = ["object_based_var_list"]

tog_pb2 = lazy_module("tfcompat.io.proto.trackable_object_graph_pb2")  # protobuf: on first use

_MISSING = (
    "\n\nExisting variables not in the checkpoint: %s\n\nVariables names when this checkpoint "
    "was written which don't exist now: %s\n\n(%d variable name(s) did match)\n\nCould not "
    "find some variables in the checkpoint (see names above). Saver was attempting to load an "
    "object-based checkpoint (saved using tf.train.Checkpoint or tf.keras.Model.save_weights) "
    "using variable names. If the checkpoint was written with eager execution enabled, it's "
    "possible that variable names have changed (for example missing a '_1' suffix). It's also "
    "possible that there are new variables which did not exist when the checkpoint was "
    "written. You can construct a Saver(var_list=...) with only the variables which previously "
    "existed, and if variable names have changed you may need to make this a dictionary with "
    "the old names as keys.")


def _names_to_keys(save_path):
    """{variable full name: checkpoint key} from the object graph, or None without one."""
    try:
        reader = NewCheckpointReader(save_path)
    except errors.NotFoundError:
        return None
    if not reader.has_tensor(og.OBJECT_GRAPH_KEY):
        return None
    graph = tog_pb2.TrackableObjectGraph.FromString(reader.get_tensor(og.OBJECT_GRAPH_KEY))
    return {attribute.full_name: attribute.checkpoint_key
            for node in graph.nodes for attribute in node.attributes}


def object_based_var_list(save_path, saved):
    """{checkpoint key: variable tensor} restoring the Saver's variables (`saved`: its list of
    what it saves, each with `.name`, `.op`, `.spec`) from the object-based checkpoint at
    `save_path`; None when it is not object-based, or when the Saver saves slices or tables,
    which object graphs name otherwise. Raises TF's NotFoundError when some names are not in
    its object graph."""
    if any(item.spec or getattr(item.op, "type", None) == "SaveSlot" for item in saved):
        return None
    names_to_keys = _names_to_keys(save_path)
    if names_to_keys is None:
        return None
    names_to_ops = {item.name: item.op for item in saved}
    current, previous = set(names_to_ops), set(names_to_keys)
    missing = current - previous
    if missing:
        raise errors.NotFoundError(None, None, _MISSING % (
            ", ".join(sorted(missing)), ", ".join(sorted(previous - current)),
            len(previous & current)))
    return {names_to_keys[name]: op.outputs[0] for name, op in names_to_ops.items()}

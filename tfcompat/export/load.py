"""A model file as a session, for `tfcompat port` and `tfcompat export`: a SavedModel directory,
a checkpoint (a prefix with its `.meta`, or a directory with a `checkpoint` state file) or a
frozen GraphDef (`.pb` / `.pbtxt`)."""
from __future__ import annotations

import os

from tfcompat.export.module import ExportError


def open_model(path, tags=("serve",)):
    """(session, description) of the model at `path`; raises ExportError naming the file."""
    import tfcompat as tf  # lazy: cycle: the package imports export

    graph = tf.Graph()
    session = tf.Session(graph=graph)
    with graph.as_default():
        if os.path.isfile(os.path.join(path, "saved_model.pb")) or os.path.isfile(
                os.path.join(path, "saved_model.pbtxt")):
            tf.saved_model.loader.load(session, list(tags), path)
            return session, "SavedModel %s (tags %s)" % (path, ",".join(tags))
        if path.endswith((".pb", ".pbtxt")) and os.path.isfile(path):
            graph_def = tf.GraphDef()
            with open(path, "rb") as f:
                data = f.read()
            if path.endswith(".pbtxt"):
                from google.protobuf import text_format
                text_format.Merge(data.decode("utf-8"), graph_def)
            else:
                graph_def.ParseFromString(data)
            tf.import_graph_def(graph_def, name="")
            return session, "frozen graph %s" % path
        prefix = tf.train.latest_checkpoint(path) if os.path.isdir(path) else path
        if prefix is None or not os.path.isfile(prefix + ".meta"):
            raise ExportError("%s is not a SavedModel directory, a frozen graph (.pb) or a "
                              "checkpoint with its .meta file (looked for %s.meta)"
                              % (path, prefix or os.path.join(path, "<checkpoint>")))
        saver = tf.train.import_meta_graph(prefix + ".meta")
        saver.restore(session, prefix)
        return session, "checkpoint %s" % prefix


def tensors(graph, names, what):
    """Graph tensors for `names` ("x", "x:0", "scope/y:1"); ExportError naming a missing one."""
    out = []
    for name in names:
        full = name if ":" in name else name + ":0"
        try:
            out.append(graph.get_tensor_by_name(full))
        except (KeyError, ValueError):
            raise ExportError("%s %r is not a tensor of the model (ops look like: %s)" % (
                what, name, ", ".join(op.name for op in graph.get_operations()[:8]))) from None
    return out

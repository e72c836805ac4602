"""A model file as a session, for `tfcompat port` and `tfcompat export`: a SavedModel directory,
a checkpoint (a prefix with its `.meta`, or a directory with a `checkpoint` state file) or a
frozen GraphDef (`.pb` / `.pbtxt`). Every way a file can be wrong is an ExportError naming the
file, which the command prints as one line."""
from __future__ import annotations

import difflib
import os

from tfcompat.export.module import ExportError

# ops a graph keeps for saving and initializing: never the inputs or outputs a user means
_BOOKKEEPING = {"Const", "NoOp", "VariableV2", "Variable", "VarHandleOp", "Assign", "SaveV2",
                "RestoreV2", "MergeV2Checkpoints", "ShardedFilename", "StringJoin", "Save",
                "RestoreSlice", "SaveSlices"}


class Model:
    """An opened model: its session, a description for messages, and the names its SavedModel
    signatures give to tensors ({"x": "x:0", "probs": "Softmax:0"}; empty for other files)."""

    def __init__(self, session, what, aliases=None):
        self.session, self.what, self.aliases = session, what, dict(aliases or {})


def open_model(path, tags=("serve",)) -> Model:
    """The model at `path`; raises ExportError naming the file and what is wrong with it."""
    import tfcompat as tf  # lazy: cycle: the package imports export

    graph = tf.Graph()
    session = tf.Session(graph=graph)
    with graph.as_default():
        if os.path.isfile(os.path.join(path, "saved_model.pb")) or os.path.isfile(
                os.path.join(path, "saved_model.pbtxt")):
            return _saved_model(tf, session, path, tags)
        if os.path.basename(path) in ("saved_model.pb", "saved_model.pbtxt"):
            raise ExportError("%s is the graph of a SavedModel: give its directory, %s"
                              % (path, os.path.dirname(path) or "."))
        if path.endswith((".pb", ".pbtxt")) and os.path.isfile(path):
            tf.import_graph_def(_graph_def(tf, path), name="")
            return Model(session, "frozen graph %s" % path)
        prefix = _checkpoint_prefix(tf, path)
        try:
            saver = tf.train.import_meta_graph(prefix + ".meta")
        except Exception as e:  # noqa: BLE001 - any failure to parse the user's file
            raise ExportError("cannot read %s.meta as a MetaGraphDef: %s"
                              % (prefix, str(e).splitlines()[0] if str(e) else type(e).__name__)
                              ) from None
        if saver is not None:   # None: the graph has no variables
            saver.restore(session, prefix)
        return Model(session, "checkpoint %s" % prefix)


def _saved_model(tf, session, path, tags) -> Model:
    try:
        meta = tf.saved_model.loader.load(session, list(tags), path)
    except RuntimeError as e:   # no MetaGraph with these tags: TF's message lists the tag sets
        message = str(e).split(". To inspect")[0]
        raise ExportError("SavedModel %s: %s; choose them with --tags" % (path, message)) from None
    except Exception as e:  # noqa: BLE001 - a corrupt saved_model.pb, missing variables, ...
        raise ExportError("cannot load the SavedModel in %s: %s"
                          % (path, str(e).splitlines()[0] if str(e) else type(e).__name__)
                          ) from None
    aliases = {}
    for key in sorted(meta.signature_def, key=lambda k: k != "serving_default"):
        signature = meta.signature_def[key]
        for io in (signature.inputs, signature.outputs):
            for alias, info in io.items():
                aliases.setdefault(alias, info.name)
    return Model(session, "SavedModel %s (tags %s)" % (path, ",".join(tags)), aliases)


def _graph_def(tf, path):
    """The GraphDef in a binary .pb or a text .pbtxt file."""
    graph_def = tf.GraphDef()
    with open(path, "rb") as f:
        data = f.read()
    try:
        if path.endswith(".pbtxt"):
            # lazy: protobuf's text parser only for .pbtxt files; `import tfcompat` stays light
            from google.protobuf import text_format
            text_format.Merge(data.decode("utf-8"), graph_def)
        else:
            graph_def.ParseFromString(data)
    except Exception as e:  # noqa: BLE001 - any failure to parse the user's file
        raise ExportError("cannot read %s as a %s GraphDef (a frozen graph): %s" % (
            path, "text" if path.endswith(".pbtxt") else "binary", e)) from None
    if not graph_def.node:
        raise ExportError("%s holds an empty GraphDef: no ops to export" % path)
    return graph_def


def _checkpoint_prefix(tf, path) -> str:
    """The prefix of the checkpoint `path` names (a prefix, or a directory with a `checkpoint`
    state file), with its .meta and .index files there; ExportError saying which is missing."""
    if path.endswith((".meta", ".index")) and os.path.isfile(path):
        path = os.path.splitext(path)[0]
    if os.path.isdir(path):
        state = tf.train.get_checkpoint_state(path)
        if state is None or not state.model_checkpoint_path:
            raise ExportError("%s is not a SavedModel directory (no saved_model.pb) and has no "
                              "`checkpoint` state file; give a checkpoint prefix (with its "
                              ".meta) or a frozen .pb" % path)
        prefix = state.model_checkpoint_path
        named = " (named by %s)" % os.path.join(path, "checkpoint")
    else:
        prefix, named = path, ""
    if not os.path.isfile(prefix + ".meta"):
        if os.path.isfile(prefix + ".index"):
            raise ExportError("checkpoint %s%s has no %s.meta: port and export need the graph. "
                              "Save it with tf.train.Saver (write_meta_graph=True), or give a "
                              "SavedModel or frozen .pb" % (prefix, named, prefix))
        raise ExportError("%s is not a SavedModel directory, a frozen graph (.pb) or a "
                          "checkpoint with its .meta file (looked for %s.meta)" % (path, prefix))
    if not os.path.isfile(prefix + ".index"):
        raise ExportError("checkpoint %s%s has its .meta but no %s.index: the variables' "
                          "values are missing" % (prefix, named, prefix))
    return prefix


def tensors(graph, names, what, aliases=None):
    """Graph tensors for `names` ("x", "x:0", "scope/y:1", or a SavedModel signature's name for
    one); ExportError naming a missing one and the names that come close."""
    aliases = aliases or {}
    out = []
    for name in names:
        full = name if ":" in name else name + ":0"
        try:
            out.append(graph.get_tensor_by_name(full))
        except (KeyError, ValueError):
            if name not in aliases:
                raise ExportError(_not_found(graph, name, what, aliases)) from None
            out.append(graph.get_tensor_by_name(aliases[name]))
    return out


def _not_found(graph, name, what, aliases) -> str:
    op_name = name.split(":")[0]
    ops = {op.name: op for op in graph.get_operations()}
    if op_name in ops:
        outputs = [t.name for t in ops[op_name].outputs]
        return "%s %r: op %s has %s" % (what, name, op_name, "outputs %s" % ", ".join(outputs)
                                        if outputs else "no outputs (it is not a tensor)")
    message = "%s %r is not a tensor of the model" % (what, name)
    close = difflib.get_close_matches(op_name, list(ops) + list(aliases), n=3, cutoff=0.6)
    if close:
        message += "; did you mean %s?" % " or ".join(close)
    if aliases:
        return message + " (its signatures name: %s)" % ", ".join(
            "%s -> %s" % item for item in sorted(aliases.items()))
    candidates = _placeholders(ops.values()) if what == "input" else _sinks(ops.values())
    return message + " (%s: %s)" % ("its placeholders" if what == "input" else
                                    "ops whose outputs nothing uses", ", ".join(candidates[:8])
                                    + (", ..." if len(candidates) > 8 else ""))


def _placeholders(ops) -> list:
    return [op.name for op in ops if op.type in ("Placeholder", "PlaceholderWithDefault")
            and not op.name.startswith("save/")]


def _sinks(ops) -> list:
    """Ops that look like a model's outputs: they have outputs and nothing consumes them."""
    return [op.name for op in ops if op.outputs and op.type not in _BOOKKEEPING
            and not op.name.startswith(("save/", "init"))
            and not any(t.consumers() for t in op.outputs)]

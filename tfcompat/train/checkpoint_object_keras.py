"""Keras `Model.save_weights` / `load_weights` in TF's format: an object-based checkpoint whose
root is the model (`layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE`, and the
optimizer's variables and slots once compiled), as TF's Keras writes and reads them."""
from __future__ import annotations

import os

from tfcompat._lazy import lazy_module
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.graph import GraphKeys
from tfcompat.train import checkpoint_management as cm
from tfcompat.train import checkpoint_object_graph as og
from tfcompat.train.checkpoint_object import write_objects
from tfcompat.train.checkpoint_object_status import CheckpointLoadStatus
from tfcompat.train.checkpoint_utils import NewCheckpointReader
from tfcompat.train.optimizer import Optimizer

__all__ = ["save_model_weights", "load_model_weights"]

tog_pb2 = lazy_module("tfcompat.io.proto.trackable_object_graph_pb2")  # protobuf: on first use
keras_backend = lazy_module("tfcompat.keras.backend")  # keras imports this module


def save_model_weights(model, filepath, session) -> None:
    """Writes `model`'s checkpoint at `filepath` and names it in the directory's `checkpoint`
    file (relative), as TF's Keras does."""
    path = write_objects(model, os.fspath(filepath), session)
    cm.update_checkpoint_state(os.path.dirname(path), path, [path], save_relative_paths=True)


def _create_optimizer_weights(model, graph_proto):
    """Makes a compiled model's optimizer variables now when the checkpoint holds them, so
    they are restored with the weights (TF restores them when training makes them)."""
    optimizer = getattr(model, "optimizer", None)
    wanted = any(ref.local_name == "optimizer" for ref in graph_proto.nodes[0].children)
    if not wanted or optimizer is None or not model.built or not model.trainable_weights:
        return
    create = getattr(optimizer, "_create_all_weights", None)
    if callable(create):
        create(model.trainable_weights)
    inner = getattr(optimizer, "optimizer", None)   # a tf.train optimizer Keras wraps
    if isinstance(inner, Optimizer):
        with graph_lib.init_scope():
            inner._create_slots(list(model.trainable_weights))


def load_model_weights(model, filepath, session):
    """Restores `model` from the object-based checkpoint at `filepath`; returns the status,
    or None when the checkpoint has no object graph (the caller restores by key)."""
    filepath = os.fspath(filepath)
    reader = NewCheckpointReader(filepath)
    if not reader.has_tensor(og.OBJECT_GRAPH_KEY):
        return None
    proto = tog_pb2.TrackableObjectGraph.FromString(reader.get_tensor(og.OBJECT_GRAPH_KEY))
    with session.graph.as_default():
        _create_optimizer_weights(model, proto)
        status = CheckpointLoadStatus(model, filepath, reader, proto)
        status.run_restore_ops(session)
        if not status.restore_new(session):
            _stream(status, session.graph)
    return status


def _stream(status, graph):
    """Restores the variables the model makes later (built on its first call, the optimizer's
    on the first fit) when Keras next runs in a session on `graph`, as TF's Keras does in
    graph mode (`streaming_restore`): until every checkpointed value has its variable."""
    seen = [None]

    def hook(session):
        count = len(graph.get_collection(GraphKeys.GLOBAL_VARIABLES))
        if count == seen[0]:   # nothing new since the last look: the common, cheap case
            return
        seen[0] = count
        with graph.as_default():
            if status.restore_new(session):
                keras_backend._remove_session_hook(graph, hook)

    keras_backend._add_session_hook(graph, hook)

"""`Model.summary()`: the table TF 1.15's Keras prints (keras/utils/layer_utils.py
print_summary): layer, output shape and parameter count, a "Connected to" column for models
that are not a chain, a rule between layers, and the totals with thousands separators.
(tf_keras 2.x prints another layout, with memory sizes: known_differences.txt.)"""
from __future__ import annotations

import numpy as np


def _count(weights):
    unique = {id(w): w for w in weights}.values()
    return int(sum(np.prod(w.shape.as_list()) for w in unique))


def _sequential_like(model):
    if type(model).__name__ == "Sequential" or not model._is_graph_network:
        return True
    nodes = []
    for level in model._nodes_by_depth():
        if len(level) > 1 or (len(level) == 1 and len(level[0].input_tensors) > 1):
            return False
        nodes += level
    for layer in model.layers:
        if sum(1 for node in layer._inbound_nodes if node in nodes) > 1:
            return False
    return True


def _print_row(fields, positions, print_fn):
    # TF's print_row: each field cut at its column's end, the last character before a
    # column replaced by a space
    line = ""
    for i, field in enumerate(fields):
        if i > 0:
            line = line[:-1] + " "
        line += str(field)
        line = line[:positions[i]]
        line += " " * (positions[i] - len(line))
    print_fn(line)


def _output_shape(layer):
    try:
        return layer.output_shape
    except AttributeError:
        return "multiple"


def _connections(layer, relevant):
    found = []
    for node in layer._inbound_nodes:
        if relevant and node not in relevant:
            continue
        for inbound_layer, node_index, tensor_index in node.inbound:
            found.append("%s[%d][%d]" % (inbound_layer.name, node_index, tensor_index))
    return found


def _layer_rows(layer, sequential, relevant):
    fields = ["%s (%s)" % (layer.name, type(layer).__name__), _output_shape(layer),
              layer.count_params()]
    if sequential:
        return [fields]
    connections = _connections(layer, relevant)
    rows = [fields + [connections[0] if connections else ""]]
    return rows + [["", "", "", connection] for connection in connections[1:]]


def print_summary(model, line_length=None, positions=None, print_fn=None):
    print_fn = print_fn or print
    sequential = _sequential_like(model)
    relevant = None
    if sequential:
        line_length = line_length or 65
        positions = positions or [.45, .85, 1.]
        headers = ["Layer (type)", "Output Shape", "Param #"]
    else:
        line_length = line_length or 98
        positions = positions or [.33, .55, .67, 1.]
        headers = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        relevant = [node for level in model._nodes_by_depth() for node in level]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    print_fn('Model: "%s"' % model.name)
    print_fn("_" * line_length)
    _print_row(headers, positions, print_fn)
    print_fn("=" * line_length)
    for i, layer in enumerate(model.layers):
        for fields in _layer_rows(layer, sequential, relevant):
            _print_row(fields, positions, print_fn)
        print_fn(("=" if i == len(model.layers) - 1 else "_") * line_length)
    trainable = getattr(model, "_collected_trainable_weights", None)
    trainable = _count(model.trainable_weights if trainable is None else trainable)
    frozen = _count(model.non_trainable_weights)
    print_fn("Total params: {:,}".format(trainable + frozen))
    print_fn("Trainable params: {:,}".format(trainable))
    print_fn("Non-trainable params: {:,}".format(frozen))
    print_fn("_" * line_length)

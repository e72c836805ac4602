"""`Model.summary()`: the table tf_keras prints (layer, output shape, parameter count; a
"Connected to" column for models that are not a chain), with the parameter memory sizes."""
from __future__ import annotations

import numpy as np


def _readable_size(size):
    for unit in ["Byte", "KB", "MB", "GB", "TB", "PB"]:
        if size / 1024 < 1:
            return "{:.2f} {}".format(size, unit)
        size /= 1024
    return "{:.2f} {}".format(size, "PB")


def _count(weights):
    unique = {id(w): w for w in weights}.values()
    return int(sum(np.prod(w.shape.as_list()) for w in unique))


def _memory(weights):
    unique = {id(w): w for w in weights}.values()
    return int(sum(np.prod(w.shape.as_list()) * w.dtype.base_dtype.size for w in unique))


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
    left = [str(x) for x in fields]
    while any(left):
        line = ""
        for col in range(len(left)):
            start = positions[col - 1] if col > 0 else 0
            space = 2 if col != len(positions) - 1 else 0
            cutoff = positions[col] - start - space - (1 if col != len(positions) - 1 else 0)
            fit = left[col][:cutoff]
            breaks = [fit.find(x) + len(x) for x in ("),", "},", "],", "',") if fit.find(x) >= 0]
            if breaks:
                cutoff = min(breaks)
                fit = fit[:cutoff]
            if col == 0:
                line += " "
            line += fit + " " * space
            left[col] = left[col][cutoff:]
            line += " " * (positions[col] - len(line))
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


def print_summary(model, line_length=None, positions=None, print_fn=None):
    print_fn = print_fn or print
    sequential = _sequential_like(model)
    if sequential:
        line_length = line_length or 65
        positions = positions or [0.45, 0.85, 1.0]
        headers = ["Layer (type)", "Output Shape", "Param #"]
    else:
        line_length = line_length or 98
        positions = positions or [0.3, 0.6, 0.70, 1.0]
        headers = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        relevant = [node for level in model._nodes_by_depth() for node in level]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    print_fn('Model: "%s"' % model.name)
    print_fn("_" * line_length)
    _print_row(headers, positions, print_fn)
    print_fn("=" * line_length)
    for layer in model.layers:
        built = layer.built or getattr(layer, "_is_graph_network", False)
        params = layer.count_params() if built else "0 (unused)"
        fields = ["%s (%s)" % (layer.name, type(layer).__name__), _output_shape(layer), params]
        if not sequential:
            fields.append(_connections(layer, relevant))
        _print_row(fields, positions, print_fn)
        print_fn(" " * line_length)
    print_fn("=" * line_length)
    trainable, frozen = model.trainable_weights, model.non_trainable_weights
    t_count, n_count = _count(trainable), _count(frozen)
    t_mem, n_mem = _memory(trainable), _memory(frozen)
    print_fn("Total params: %d (%s)" % (t_count + n_count, _readable_size(t_mem + n_mem)))
    print_fn("Trainable params: %d (%s)" % (t_count, _readable_size(t_mem)))
    print_fn("Non-trainable params: %d (%s)" % (n_count, _readable_size(n_mem)))
    print_fn("_" * line_length)

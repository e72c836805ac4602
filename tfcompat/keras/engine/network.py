"""The layer graph of a Keras model (tf_keras's functional.py in graph mode).

`Model(inputs, outputs)` traces the `Node`s recorded on Keras tensors back from `outputs` to
`inputs`, orders them by depth as Keras does (which fixes `model.layers` and the weight order),
and calling the model on new tensors re-applies each node's layer in that order inside the
model's name scope (`model/dense/MatMul`). A subclassed model tracks the layers assigned to its
attributes and runs its own `call`.
"""
from __future__ import annotations

import collections

from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import backend
from tfcompat.keras.engine import functional_config
from tfcompat.keras.engine import op_layer
from tfcompat.keras.engine import summary as summary_lib
from tfcompat.keras.engine.base_layer import CALL_DEPTH
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.engine.base_layer import _dedup
from tfcompat.keras.engine.base_layer import flatten
from tfcompat.keras.engine.base_layer import shape_tuple


def _is_input_node(node):
    return not node.input_tensors


def _build_map(outputs):
    """Post-order of the nodes behind `outputs` and each layer's discovery index."""
    finished, in_progress, ordered, layer_indices = set(), set(), [], {}

    def visit(tensor):
        layer, node_index, _ = tensor._keras_history
        node = layer._inbound_nodes[node_index]
        if node in finished:
            return
        if node in in_progress:
            raise ValueError("Tensor %s from layer %s is part of a cycle." % (tensor, layer.name))
        layer_indices.setdefault(layer, len(layer_indices))
        in_progress.add(node)
        for x in node.input_tensors:
            visit(x)
        finished.add(node)
        in_progress.discard(node)
        ordered.append(node)

    for x in outputs:
        visit(x)
    return ordered, layer_indices


def map_graph(inputs, outputs):
    """(nodes by depth {depth: [node]}, layers in Keras' order) of the graph inputs -> outputs;
    ValueError when an output needs a tensor that is not computable from `inputs`."""
    ordered, layer_indices = _build_map(outputs)
    node_depths, layer_depths = {}, {}
    for node in reversed(ordered):
        depth = max(node_depths.setdefault(node, 0), layer_depths.get(node.layer, 0))
        layer_depths[node.layer] = node_depths[node] = depth
        for layer, index, _ in node.inbound:
            parent = layer._inbound_nodes[index]
            node_depths[parent] = max(depth + 1, node_depths.get(parent, 0))
    for x in inputs:
        layer = x._keras_history[0]
        if layer not in layer_depths:
            layer_depths[layer], layer_indices[layer] = 0, -1
            node_depths[layer._inbound_nodes[0]] = 0
    nodes_by_depth, layers_by_depth = collections.defaultdict(list), collections.defaultdict(list)
    for node, depth in node_depths.items():
        nodes_by_depth[depth].append(node)
    for layer, depth in layer_depths.items():
        layers_by_depth[depth].append(layer)
    layers = []
    for depth in sorted(layers_by_depth, reverse=True):
        layers.extend(sorted(layers_by_depth[depth], key=lambda x: layer_indices[x]))
    _check_computable(inputs, nodes_by_depth)
    return dict(nodes_by_depth), layers


def _check_computable(inputs, nodes_by_depth):
    computable = {id(x) for x in inputs}
    complete = []
    for depth in sorted(nodes_by_depth, reverse=True):
        for node in nodes_by_depth[depth]:
            if _is_input_node(node):     # as Keras: inputs are not listed as accessed
                continue
            for x in node.input_tensors:
                if id(x) not in computable:
                    raise ValueError("Graph disconnected: cannot obtain value for tensor %s at "
                                     'layer "%s". The following previous layers were accessed '
                                     "without issue: %s" % (x, node.layer.name, complete))
            computable.update(id(x) for x in node.output_tensors)
            complete.append(node.layer.name)


def _min_inbound_depth(node, node_depth, network_nodes):
    """The shallowest depth (at most 0) of `node`'s inputs; None while one is pending."""
    depth = 0
    for layer, index, _ in node.inbound:
        parent = layer._inbound_nodes[index]
        if parent in node_depth:
            depth = min(depth, node_depth[parent])
        elif parent in network_nodes:
            return None
    return depth


def _map_structure(fn, structure):
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map_structure(fn, x) for x in structure)
    if isinstance(structure, dict):
        return {k: _map_structure(fn, v) for k, v in structure.items()}
    return fn(structure)


class Network(Layer):
    """A Layer made of layers: a functional graph (`Network(inputs, outputs)`) or a subclass
    whose `call` uses the layers it assigns to attributes."""

    def __init__(self, *args, **kwargs):
        self._is_graph_network = False
        self._layers = []
        if len(args) == 2 or ("inputs" in kwargs and "outputs" in kwargs) or (
                len(args) == 1 and "outputs" in kwargs):
            self._init_graph_network(*args, **kwargs)
        else:
            name = kwargs.pop("name", None)
            trainable = kwargs.pop("trainable", True)
            dtype = kwargs.pop("dtype", None)
            super().__init__(name=name, trainable=trainable, dtype=dtype, **kwargs)
            self.inputs, self.outputs = None, None     # as TF, until built from data

    def _init_graph_network(self, inputs, outputs, name=None, trainable=True, **kwargs):
        self._nested_inputs, self._nested_outputs = inputs, outputs
        self.inputs, self.outputs = flatten(inputs), flatten(outputs)
        super().__init__(name=name, trainable=trainable, **kwargs)   # as TF: named first
        if any(not hasattr(x, "_keras_history") for x in self.outputs):
            op_layer.create_keras_history(self.outputs)   # raw TF ops on Keras tensors
        for x in self.inputs + self.outputs:
            if not hasattr(x, "_keras_history"):
                raise ValueError("Input tensors to a Model must come from `tf.keras.Input`. "
                                 "Received: %s (missing previous layer metadata)." % (x,))
        self._is_graph_network = True
        self._input_layers = [x._keras_history[0] for x in self.inputs]
        self._output_layers = [x._keras_history[0] for x in self.outputs]
        self._output_coordinates = [x._keras_history for x in self.outputs]
        self._network_nodes, layers = map_graph(self.inputs, self.outputs)
        self._layers = list(layers)
        self.input_names = [layer.name for layer in self._input_layers]
        self.output_names = _unique_output_names(self._output_layers)
        self.built = True
        self._build_input_shape = [shape_tuple(x.shape) for x in self.inputs]

    @property
    def input(self):
        """A functional model's own inputs (Keras' Functional.input), whatever calls of the
        model followed."""
        if not self._is_graph_network:
            return super().input
        return self._nested_inputs

    @property
    def output(self):
        if not self._is_graph_network:
            return super().output
        return self._nested_outputs

    @property
    def input_shape(self):
        if not self._is_graph_network:
            return super().input_shape
        shapes = [shape_tuple(x.shape) for x in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        if not self._is_graph_network:
            return super().output_shape
        shapes = [shape_tuple(x.shape) for x in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    def _nodes_by_depth(self):
        return [self._network_nodes[d] for d in sorted(self._network_nodes, reverse=True)]

    # -- layers and weights ----------------------------------------------------------------
    @property
    def layers(self):
        return list(self._layers)

    def get_layer(self, name=None, index=None):
        if index is not None and name is not None:
            raise ValueError("Provide only a layer name or a layer index. Received: "
                             "index=%s, name=%s." % (index, name))
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError("Was asked to retrieve layer at index %d but model only has "
                                 "%d layers." % (index, len(self.layers)))
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError("No such layer: %s. Existing layers are: %s."
                             % (name, [layer.name for layer in self.layers]))
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    @property
    def weights(self):
        found = []
        for layer in self._layers:
            found += layer.weights
        return _dedup(found + self._trainable_weights + self._non_trainable_weights)

    variables = weights

    @property
    def state_updates(self):
        return [u for layer in self._layers if getattr(layer, "stateful", False)
                for u in layer.updates]

    def reset_states(self):
        """Resets the states of the model's stateful layers (stateful RNNs)."""
        for layer in self._layers:
            if getattr(layer, "stateful", False) and hasattr(layer, "reset_states"):
                layer.reset_states()

    # -- losses made of the model's tensors (TF 1.14+: AddLoss layers) ------------------------
    def add_loss(self, losses, inputs=None):
        """A tensor computed from a functional model's inputs becomes an `AddLoss` layer of
        the model (with `tf_op_layer_*`s for its raw ops), as in TF 1.14+."""
        if not self._is_graph_network or CALL_DEPTH[0]:
            return super().add_loss(losses, inputs)
        for loss in flatten(losses):
            if hasattr(loss, "op") and op_layer.uses_keras_history(loss):
                self._graph_network_add_loss(loss)
            else:
                super().add_loss(loss, inputs)

    def _graph_network_add_loss(self, loss):
        op_layer.create_keras_history([loss])
        nodes_by_depth, layers = map_graph(self.inputs, [loss])
        add_loss_layer = op_layer.AddLoss(unconditional=False, dtype=loss.dtype)
        add_loss_layer(loss)
        nodes = [node for depth in sorted(nodes_by_depth) for node in nodes_by_depth[depth]]
        self._insert_layers(layers + [add_loss_layer],
                            nodes + list(add_loss_layer._inbound_nodes))

    def _graph_network_add_metric(self, value, aggregation, name):
        op_layer.create_keras_history([value])
        nodes_by_depth, layers = map_graph(self.inputs, [value])
        add_metric_layer = op_layer.AddMetric(aggregation, name, dtype=value.dtype)
        add_metric_layer(value)
        nodes = [node for depth in sorted(nodes_by_depth) for node in nodes_by_depth[depth]]
        self._insert_layers(layers + [add_metric_layer],
                            nodes + list(add_metric_layer._inbound_nodes))

    def _insert_layers(self, layers, relevant_nodes):
        """Adds `layers` (with their `relevant_nodes`) to the graph network after its
        creation, each node one level below its shallowest input (Keras' `_insert_layers`)."""
        node_depth = {node: d for d, level in self._network_nodes.items() for node in level}
        network_nodes = set(relevant_nodes) | set(node_depth)
        pending = list(relevant_nodes)
        for _ in range(10000):
            if not pending:
                break
            node = pending.pop(0)
            depth = _min_inbound_depth(node, node_depth, network_nodes)
            if depth is None:
                pending.append(node)
            elif node not in node_depth:
                node_depth[node] = depth - 1
                self._network_nodes.setdefault(depth - 1, []).append(node)
        else:
            raise ValueError("Layers could not be added due to missing dependencies.")
        present = self._layers
        self._layers = present + [layer for layer in _dedup(layers) if layer not in present]

    def count_params(self):
        return int(sum(int(w.shape.num_elements()) for w in self.weights))

    def summary(self, line_length=None, positions=None, print_fn=None, **kwargs):
        if not self.built:
            raise ValueError("This model has not yet been built. Build the model first by "
                             "calling `build()` or by calling the model on a batch of data.")
        summary_lib.print_summary(self, line_length=line_length, positions=positions,
                                  print_fn=print_fn)

    # -- calling ---------------------------------------------------------------------------
    def call(self, inputs, training=None, mask=None):
        if not self._is_graph_network:
            raise NotImplementedError("When subclassing the `Model` class, you should implement "
                                      "a `call()` method.")
        return self._run_internal_graph(inputs, training=training)

    def _run_internal_graph(self, inputs, training=None):
        tensors = {id(x): y for x, y in zip(self.inputs, flatten(inputs))}
        for depth in sorted(self._network_nodes, reverse=True):
            for node in self._network_nodes[depth]:
                if _is_input_node(node):
                    continue
                args = _map_structure(lambda t: tensors[id(t)], node.inputs_structure)
                kwargs = dict(node.call_kwargs)
                if training is not None and node.layer._expects_training_arg:
                    kwargs["training"] = training
                outputs = node.layer(args, *node.call_args, **kwargs)
                for x, y in zip(node.output_tensors, flatten(outputs)):
                    tensors[id(x)] = y
        return _map_structure(lambda t: tensors[id(t)], self._nested_outputs)

    def _maybe_build(self, inputs):
        # NOTE: as Keras, calling a model runs a subclass's own `build` only; the default
        # `Model.build(input_shape)` is for users (it calls the model on placeholders)
        if not self._is_graph_network and type(self).build is not Network.build:
            super()._maybe_build(inputs)
        self.built = True

    def build(self, input_shape):
        """Builds a subclassed (or unbuilt Sequential) model by calling it on placeholders of
        `input_shape` (a shape, or a list of shapes)."""
        if self._is_graph_network:
            self.built = True
            return
        if input_shape is None:
            raise ValueError("Input shape must be defined when calling build on a model "
                             "subclass network.")
        many = isinstance(input_shape, list) and input_shape and \
            isinstance(input_shape[0], (list, tuple, TensorShape))
        shapes = input_shape if many else [input_shape]
        placeholders = [backend.placeholder(shape=TensorShape(s).as_list()) for s in shapes]
        self.call(placeholders if many else placeholders[0])
        self.built = True

    def compute_output_shape(self, input_shape):
        if self._is_graph_network:
            shapes = [shape_tuple(x.shape) for x in self.outputs]
            return shapes[0] if len(shapes) == 1 else shapes
        return super().compute_output_shape(input_shape)

    def get_config(self):
        if not self._is_graph_network:
            raise NotImplementedError("Layer %s has arguments in `__init__` and therefore must "
                                      "override `get_config`." % type(self).__name__)
        return functional_config.network_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return functional_config.network_from_config(cls, config, custom_objects)

    def to_json(self, **kwargs):
        """The model's architecture as JSON (`tf.keras.models.model_from_json` reads it)."""
        return functional_config.to_json(self, **kwargs)

    def to_yaml(self, **kwargs):
        """The model's architecture as YAML (TF 1.x; raises ImportError without pyyaml)."""
        return functional_config.to_yaml(self, **kwargs)


def _unique_output_names(output_layers):
    """Keras' `Network._set_output_names`: a layer giving several outputs (a nested model's
    two heads) is named `name`, then `name_1`, `name_2`, ..."""
    names, taken, counts = [], set(), {}
    for layer in output_layers:
        proposal = layer.name
        while proposal in taken:
            count = counts.get(layer.name, 1)
            proposal = "%s_%d" % (layer.name, count)
            counts[layer.name] = count + 1
        taken.add(proposal)
        names.append(proposal)
    return names

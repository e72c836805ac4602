"""`tf.keras.layers.Layer` in TF1 graph mode (tf_keras's base_layer_v1).

A layer is named once (`dense`, `dense_1`, ... per graph, `backend.unique_object_name`); each
call opens a fresh name scope of that name (`dense`, then `dense_1` for a second call, as
`tf.name_scope` uniquifies), builds the weights on the first call (`dense/kernel`, made with
`tf.Variable` in that scope and tracked for the Keras session's initialization), and records a
`Node` on its outputs when its inputs come from Keras layers, which is what functional models
are traced from. Weight regularization losses live on the layer (`layer.losses`), not in the
REGULARIZATION_LOSSES collection, as in TF's Keras.
"""
from __future__ import annotations

import functools
import inspect
import re

import numpy as np

from tfcompat import variables as variables_lib
from tfcompat._lazy import lazy_module
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras import backend
from tfcompat.keras import constraints as constraints_mod
from tfcompat.keras import initializers as initializers_mod
from tfcompat.keras import regularizers as regularizers_mod
from tfcompat.keras.engine.base_layer_metrics import check_metric_args
from tfcompat.keras.engine import layer_tracking
from tfcompat.layers.base import call_in_graph
from tfcompat.keras.engine.base_layer_metrics import symbolic_add_metric
from tfcompat.module import LayerModule
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops

# the functional API's wrapping of raw TF ops (it subclasses Layer: reached on first use)
_op_layer = lazy_module("tfcompat.keras.engine.op_layer")

# depth of `Layer.call`s in progress: raw ops made inside a layer's call are not wrapped
CALL_DEPTH = [0]

_ALLOWED_KWARGS = {"input_dim", "input_shape", "batch_input_shape", "batch_size", "weights",
                   "activity_regularizer", "autocast", "implementation"}


def to_snake_case(name):
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return insecure if insecure[0] != "_" else "private" + insecure


def flatten(structure):
    if isinstance(structure, (list, tuple)):
        return [x for item in structure for x in flatten(item)]
    if isinstance(structure, dict):
        return [x for key in sorted(structure) for x in flatten(structure[key])]
    return [structure]


def shape_tuple(shape):
    """A TensorShape (or list of them) as Keras' tuples of ints/None."""
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], TensorShape):
        return [shape_tuple(s) for s in shape]
    shape = shape if isinstance(shape, TensorShape) else TensorShape(shape)
    return tuple(shape.as_list()) if shape.ndims is not None else None


def _shape_text(shape):
    return str(tuple(shape.dims)) if shape.ndims is not None else str(shape)


def check_input_spec(specs, inputs, layer_name):
    """Keras' `assert_input_compatibility`, with its messages."""
    if not specs:
        return
    inputs = flatten(inputs)
    specs = flatten(specs)
    if len(inputs) != len(specs):
        raise ValueError('Layer "%s" expects %d input(s), but it received %d input tensors. '
                         "Inputs received: %s" % (layer_name, len(specs), len(inputs), inputs))
    for index, (x, spec) in enumerate(zip(inputs, specs)):
        if spec is None:
            continue
        shape = x.shape
        rank = shape.ndims
        where = 'Input %d of layer "%s" is incompatible with the layer: ' % (index, layer_name)
        if spec.ndim is not None and rank != spec.ndim and \
                not getattr(spec, "allow_last_axis_squeeze", False):
            raise ValueError(where + "expected ndim=%d, found ndim=%s. Full shape received: %s"
                             % (spec.ndim, rank, _shape_text(shape)))
        if spec.max_ndim is not None and rank is not None and rank > spec.max_ndim:
            raise ValueError(where + "expected max_ndim=%d, found ndim=%d"
                             % (spec.max_ndim, rank))
        if spec.min_ndim is not None and rank is not None and rank < spec.min_ndim:
            raise ValueError(where + "expected min_ndim=%d, found ndim=%d. Full shape received: "
                             "%s" % (spec.min_ndim, rank, _shape_text(shape)))
        if spec.axes and rank is not None:
            dims = shape.as_list()
            for axis, value in spec.axes.items():
                if value is not None and dims[axis] not in (value, None):
                    raise ValueError(where + "expected axis %d of input shape to have value %d, "
                                     "but received input with shape %s"
                                     % (axis, value, tuple(dims)))


class Node:
    """One call of a layer on Keras tensors: the layers and tensors it connects."""

    def __init__(self, layer, input_tensors, output_tensors, call_args=None, call_kwargs=None):
        self.layer = layer
        self.input_tensors = flatten(input_tensors)
        self.output_tensors = flatten(output_tensors)
        self.inputs_structure = input_tensors
        self._list_outputs = False    # a TensorFlowOpLayer's: its output shapes stay a list
        self.call_args = call_args or ()
        self.call_kwargs = call_kwargs or {}
        self.inbound = [t._keras_history for t in self.input_tensors]
        layer._inbound_nodes.append(self)
        for history in self.inbound:
            history[0]._outbound_nodes.append(self)
        index = len(layer._inbound_nodes) - 1
        for i, tensor in enumerate(self.output_tensors):
            tensor._keras_history = (layer, index, i)

    @property
    def inbound_layers(self):
        """The layers feeding this call, in the structure of its inputs (tf_keras: one
        layer for one input tensor, a list for a list; [] for an Input)."""
        if not self.input_tensors:
            return []
        structure = self.inputs_structure
        if isinstance(structure, (list, tuple)):
            return [t._keras_history[0] for t in flatten(structure)]
        return self.inbound[0][0]

    @property
    def outbound_layer(self):
        return self.layer

    @property
    def input_shapes(self):
        shapes = [shape_tuple(t.shape) for t in self.input_tensors]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shapes(self):
        shapes = [shape_tuple(t.shape) for t in self.output_tensors]
        return shapes[0] if len(shapes) == 1 and not self._list_outputs else shapes


class Layer(LayerModule):
    """Base class of Keras layers (a `tf.Module`, as TF's): subclasses implement `build(input_shape)` (making weights
    with `add_weight`) and `call(inputs)`; `layer(x)` builds, calls and records the node."""

    def __init__(self, trainable=True, name=None, dtype=None, dynamic=False, **kwargs):
        for kwarg in kwargs:
            if kwarg not in _ALLOWED_KWARGS:
                raise TypeError("Keyword argument not understood:", kwarg)
        self._trainable = trainable
        self.built = False
        self._dtype = None if dtype is None else dtypes.as_dtype(dtype).base_dtype.name
        self._trainable_weights = []
        self._non_trainable_weights = []
        self._updates = []
        self._losses = []
        self._callable_losses = []
        self._inbound_nodes = []
        self._outbound_nodes = []
        self._layers = []
        self.input_spec = None
        self.supports_masking = False
        self.stateful = False
        self.dynamic = dynamic
        self._init_set_name(name)
        self.activity_regularizer = regularizers_mod.get(kwargs.pop("activity_regularizer",
                                                                    None))
        self._initial_weights = kwargs.get("weights")
        if "input_dim" in kwargs and "input_shape" not in kwargs:
            kwargs["input_shape"] = (kwargs["input_dim"],)
        if "input_shape" in kwargs or "batch_input_shape" in kwargs:
            if "batch_input_shape" in kwargs:
                batch_input_shape = tuple(kwargs["batch_input_shape"])
            else:
                batch_input_shape = (kwargs.get("batch_size"),) + tuple(kwargs["input_shape"])
            self._batch_input_shape = batch_input_shape
        signature = inspect.signature(self.call).parameters
        self._expects_training_arg = "training" in signature
        self._expects_mask_arg = "mask" in signature

    def __setattr__(self, name, value):
        # as Keras, a layer assigned to a public attribute is a sublayer: its weights, losses
        # and updates are this layer's too; so are those in a list or dict assigned to one
        entries = self.__dict__.get("_layer_entries")
        if entries is not None and not name.startswith("_") and \
                (isinstance(value, Layer) or layer_tracking.is_tracked_container(value, Layer)) \
                and not any(entry is value for entry in entries):
            entries.append(value)
        object.__setattr__(self, name, value)

    @property
    def _layers(self):
        return layer_tracking.flatten_layers(self.__dict__.get("_layer_entries", ()), Layer)

    @_layers.setter
    def _layers(self, layers):
        self.__dict__["_layer_entries"] = list(layers)

    def _init_set_name(self, name, zero_based=True):
        if not name:
            self._name = backend.unique_object_name(to_snake_case(type(self).__name__),
                                                    zero_based=zero_based)
        elif isinstance(name, str):
            self._name = name
        else:
            raise TypeError("Expected `name` argument to be a string, but got: %s" % (name,))

    # -- properties ------------------------------------------------------------------------
    name = property(lambda self: self._name)
    dtype = property(lambda self: self._dtype)

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        for layer in self._layers:
            layer.trainable = value

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        nested = [w for layer in self._layers for w in layer.trainable_weights]
        return _dedup(self._trainable_weights + nested)

    @property
    def non_trainable_weights(self):
        nested = [w for layer in self._layers for w in layer.non_trainable_weights]
        if self.trainable:
            return _dedup(self._non_trainable_weights + nested)
        nested_trainable = [w for layer in self._layers for w in layer.weights]
        return _dedup(self._trainable_weights + self._non_trainable_weights + nested_trainable)

    @property
    def weights(self):
        return _dedup(self.trainable_weights + self.non_trainable_weights)

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    @property
    def updates(self):
        # as base_layer_v1, layer by layer: a frozen layer's updates are dropped, a stateful
        # one's kept (freezing a model freezes its layers)
        own = list(self._updates) if self.trainable or getattr(self, "stateful", False) else []
        return own + [u for layer in self._layers for u in layer.updates]

    @property
    def losses(self):
        own = list(self._losses) + [fn() for fn in self._callable_losses]
        return own + [loss for layer in self._layers for loss in layer.losses]

    # -- weights ---------------------------------------------------------------------------
    def add_weight(self, name=None, shape=None, dtype=None, initializer=None, regularizer=None,
                   trainable=None, constraint=None, partitioner=None, use_resource=None,
                   synchronization=None, aggregation=None, **kwargs):
        """A variable `<layer scope>/<name>` initialized by `initializer` (glorot_uniform for
        floats, zeros otherwise), tracked for the Keras session's initialization."""
        for kwarg in kwargs:
            if kwarg not in ("getter", "collections", "experimental_autocast",
                             "caching_device"):
                raise TypeError("Unknown keyword argument:", kwarg)
        shape = () if shape is None else shape
        dtype = dtypes.as_dtype(dtype or self._dtype or backend.floatx())
        trainable = True if trainable is None else trainable
        if initializer is None:
            if dtype.is_floating:
                initializer = initializers_mod.get("glorot_uniform")
            elif dtype.is_integer or dtype.is_unsigned or dtype.is_bool:
                initializer = initializers_mod.get("zeros")
            else:
                raise ValueError("An initializer for variable %s of type %s is required for "
                                 "layer %s" % (name, dtype.name, self.name))
        else:
            initializer = initializers_mod.get(initializer)
        regularizer = regularizers_mod.get(regularizer)
        constraint = constraints_mod.get(constraint)
        shape = TensorShape(shape).as_list()

        def initial_value():
            return initializer(shape, dtype=dtype)

        # Keras' weights are resource variables (TF's make_variable: use_resource=True)
        variable = variables_lib.Variable(initial_value, name=name, dtype=dtype,
                                          trainable=trainable, constraint=constraint,
                                          use_resource=True)
        backend.track_variable(variable)
        if regularizer is not None:
            # as TF (since 1.12), a callable loss: made anew each time `losses` is read
            self._callable_losses.append(
                functools.partial(_weight_regularization, variable.name.split(":")[0],
                                  variable, regularizer))
        if trainable:
            self._trainable_weights.append(variable)
        else:
            self._non_trainable_weights.append(variable)
        return variable

    add_variable = add_weight

    def get_weights(self):
        return backend.batch_get_value(self.weights)

    def set_weights(self, weights):
        params = self.weights
        if len(params) != len(weights):
            raise ValueError('You called `set_weights(weights)` on layer "%s" with a weight list '
                             "of length %d, but the layer was expecting %d weights. Provided "
                             "weights: %s..." % (self.name, len(weights), len(params),
                                                 str(weights)[:50]))
        for param, value in zip(params, weights):
            expected = tuple(param.shape.as_list())
            if expected != tuple(np.shape(value)):
                # NOTE: TF1 Keras' wording (no layer name, no full stop)
                raise ValueError("Layer weight shape %s not compatible with provided weight "
                                 "shape %s" % (expected, np.shape(value)))
        backend.batch_set_value(list(zip(params, weights)))

    def count_params(self):
        if not self.built:
            raise ValueError("You tried to call `count_params` on layer %s, but the layer "
                             "isn't built. You can build it manually via: `%s.build("
                             "batch_input_shape)`." % (self.name, self.name))
        return int(sum(np.prod(w.shape.as_list()) for w in self.weights))

    # -- losses and updates ----------------------------------------------------------------
    def add_loss(self, losses, inputs=None):
        for loss in flatten(losses):
            if callable(loss):
                self._callable_losses.append(loss)
            elif loss is not None:
                self._losses.append(convert_to_tensor(loss, dtype=backend.floatx()))

    def add_update(self, updates, inputs=None):
        for update in flatten(updates):
            update = update() if callable(update) else update
            # NOTE: TF keeps the update *ops* (the AssignSub, a cond's Merge op).
            self._updates.append(update.op if hasattr(update, "value_index") else update)

    def get_updates_for(self, inputs):
        return self.updates

    def get_losses_for(self, inputs):
        return self.losses

    # -- metrics (TF 1.15's add_metric) ----------------------------------------------------
    def add_metric(self, value, aggregation=None, name=None):
        """A tensor fit/evaluate report: the running mean of its values over the epoch
        (`aggregation='mean'`), or a `Metric`'s result tensor as it is (`aggregation=None`).
        Called on a functional model with its tensors, it adds an `AddMetric` layer."""
        value, name = check_metric_args(value, aggregation, name, bool(CALL_DEPTH[0]))
        if getattr(self, "_is_graph_network", False) and not CALL_DEPTH[0]:
            if hasattr(value, "_metric_obj"):
                raise ValueError("Using the result of calling a `Metric` object when calling "
                                 "`add_metric` on a Functional Model is not supported. Please "
                                 "pass the Tensor to monitor directly.")
            if _op_layer.uses_keras_history(value):
                return self._graph_network_add_metric(value, aggregation, name)
        symbolic_add_metric(self, value, aggregation, name)

    # -- calling ---------------------------------------------------------------------------
    def build(self, input_shape):
        if not hasattr(self, "_build_input_shape"):
            self._build_input_shape = input_shape
        self.built = True

    def call(self, inputs, *args, **kwargs):
        return inputs

    def compute_output_shape(self, input_shape):
        raise NotImplementedError("Please run in eager mode or implement the "
                                  "compute_output_shape method on your layer (%s)."
                                  % type(self).__name__)

    def compute_mask(self, inputs, mask=None):
        """The mask of the outputs: the input's, for layers that support masking (as Keras;
        a layer that does not drops it)."""
        return mask if self.supports_masking else None

    def __call__(self, inputs, *args, **kwargs):
        graph = graph_lib.get_default_graph()
        inputs = _convert_inputs(inputs)
        if _op_layer.needs_keras_history(inputs):   # raw TF ops on Keras tensors (TF 1.14+)
            _op_layer.create_keras_history(inputs)
        keras_inputs = all(hasattr(t, "_keras_history") for t in flatten(inputs))
        mask_given = "mask" in kwargs
        mask = _input_mask(inputs) if not mask_given else kwargs["mask"]
        if self._expects_mask_arg and mask is not None:
            kwargs["mask"] = mask
        elif not self._expects_mask_arg:
            kwargs.pop("mask", None)
        if not self._expects_training_arg:
            kwargs.pop("training", None)     # as Keras: only layers that take it get it
        with graph.name_scope(self._name_scope()):
            if not self.built:
                self._maybe_build(inputs)
            check_input_spec(self.input_spec, inputs, self.name)
            CALL_DEPTH[0] += 1
            try:
                outputs = call_in_graph(self, inputs, args, kwargs)
            finally:
                CALL_DEPTH[0] -= 1
            if self.activity_regularizer is not None:
                self._activity_loss(outputs)
            preset = all(hasattr(t, "_keras_mask") for t in flatten(outputs))
            if not preset and (mask is not None or self.supports_masking or
                               type(self).compute_mask is not Layer.compute_mask):
                outputs = _set_mask(outputs, inputs, self.compute_mask(inputs, mask))
        if keras_inputs:
            outputs = _distinct_outputs(inputs, outputs)
            # as Keras, the node keeps the caller's arguments only: a mask the framework took
            # from the inputs is taken again from the inputs of a replayed call (and is not
            # written into the model's config)
            if not mask_given:
                kwargs = {k: v for k, v in kwargs.items() if k != "mask"}
            Node(self, inputs, outputs, args, kwargs)
        return outputs

    def _name_scope(self):
        return self.name

    def _maybe_build(self, inputs):
        check_input_spec(self.input_spec, inputs, self.name)
        first = flatten(inputs)[0]
        if self._dtype is None and hasattr(first, "dtype"):
            self._dtype = first.dtype.base_dtype.name
        shapes = [t.shape for t in inputs] if isinstance(inputs, (list, tuple)) else inputs.shape
        self.build(shapes)
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def _activity_loss(self, outputs):
        with graph_lib.name_scope("ActivityRegularizer"):
            for output in flatten(outputs):
                loss = self.activity_regularizer(output)
                batch = math_ops.cast(array_ops.shape(output)[0], loss.dtype)
                self._losses.append(math_ops.truediv(loss, batch))

    # -- connectivity ----------------------------------------------------------------------
    def _first_node(self, message):
        if not self._inbound_nodes:
            raise AttributeError(message)
        return self._inbound_nodes[0]

    @property
    def input(self):
        """The first call's inputs (as tf_keras: later calls do not make it ambiguous)."""
        node = self._first_node("Layer %s is not connected, no input to return." % self.name)
        tensors = node.input_tensors
        return tensors[0] if len(tensors) == 1 else tensors

    @property
    def output(self):
        node = self._first_node("Layer %s has no inbound nodes." % self.name)
        tensors = node.output_tensors
        return tensors[0] if len(tensors) == 1 else tensors

    def _node_shape(self, attr, what):
        # NOTE: base_layer_v1's messages, quirks included (no name when never called for the
        # output shape; an unclosed quote for differing input shapes)
        if what == "input shape":
            self._first_node('The layer "%s" has never been called and thus has no defined '
                             "input shape. Note that the `input_shape` property is only "
                             "available for Functional and Sequential models." % self.name)
        else:
            self._first_node("The layer has never been called and thus has no defined output "
                             "shape.")
        if len({str(getattr(node, attr)) for node in self._inbound_nodes}) == 1:
            return getattr(self._inbound_nodes[0], attr)
        raise AttributeError('The layer "%s%s has multiple inbound nodes, with different %ss. '
                             'Hence the notion of "%s" is ill-defined for the layer. Use '
                             "`get_%s_at(node_index)` instead."
                             % (self.name, "" if what == "input shape" else '"', what, what,
                                what.replace(" ", "_")))

    @property
    def input_shape(self):
        return self._node_shape("input_shapes", "input shape")

    @property
    def output_shape(self):
        return self._node_shape("output_shapes", "output shape")

    def _node_at(self, node_index, what):
        if not self._inbound_nodes:
            raise RuntimeError("The layer has never been called and thus has no defined %s."
                               % what)
        if not len(self._inbound_nodes) > node_index:
            raise ValueError("Asked to get %s at node %d, but the layer has only %d inbound "
                             "nodes." % (what, node_index, len(self._inbound_nodes)))
        return self._inbound_nodes[node_index]

    def get_input_shape_at(self, node_index):
        return self._node_at(node_index, "input shape").input_shapes

    def get_output_shape_at(self, node_index):
        return self._node_at(node_index, "output shape").output_shapes

    def get_input_at(self, node_index):
        tensors = self._node_at(node_index, "input").input_tensors
        return tensors[0] if len(tensors) == 1 else tensors

    def get_output_at(self, node_index):
        tensors = self._node_at(node_index, "output").output_tensors
        return tensors[0] if len(tensors) == 1 else tensors

    # TF 1.15's mask and node accessors
    inbound_nodes = property(lambda self: self._inbound_nodes)
    outbound_nodes = property(lambda self: self._outbound_nodes)
    input_mask = property(lambda self: _masks_of(self.input))
    output_mask = property(lambda self: _masks_of(self.output))

    def get_input_mask_at(self, node_index):
        return _masks_of(self.get_input_at(node_index))

    def get_output_mask_at(self, node_index):
        return _masks_of(self.get_output_at(node_index))

    @property
    def metrics(self):
        """The layer's metrics and its sub-layers' (a plain layer has none)."""
        own = list(self.__dict__.get("_metrics", []))
        return own + [m for layer in self._layers for m in layer.metrics]

    # -- config ----------------------------------------------------------------------------
    def get_config(self):
        config = {"name": self.name, "trainable": self.trainable}
        if hasattr(self, "_batch_input_shape"):
            config["batch_input_shape"] = self._batch_input_shape
        config["dtype"] = self.dtype
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return "<%s.%s object at 0x%x>" % (type(self).__module__, type(self).__name__,
                                           id(self))


def _weight_regularization(name, variable, regularizer):
    with graph_lib.name_scope(name + "/Regularizer"):
        return regularizer(variable)


def _dedup(items):
    seen, out = set(), []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out


def _convert_inputs(inputs):
    if isinstance(inputs, (list, tuple)):
        return type(inputs)(_convert_inputs(x) for x in inputs)
    if isinstance(inputs, dict):     # a features dict (DenseFeatures, functional dict inputs)
        return {key: _convert_inputs(value) for key, value in inputs.items()}
    if isinstance(inputs, variables_lib.Variable):
        return inputs.value()
    if hasattr(inputs, "op"):
        return inputs
    if isinstance(inputs, np.ndarray) and inputs.dtype.kind == "f":
        return convert_to_tensor(inputs, dtype=backend.floatx())
    return convert_to_tensor(inputs)


def _masks_of(tensors):
    """TF's `input_mask`/`output_mask`: each tensor's `_keras_mask` (None where it has none)."""
    if isinstance(tensors, list):
        return [getattr(x, "_keras_mask", None) for x in tensors]
    return getattr(tensors, "_keras_mask", None)


def _input_mask(inputs):
    """The `_keras_mask` of the inputs (a list for a list of inputs; None without masks)."""
    if isinstance(inputs, (list, tuple)):
        masks = [getattr(x, "_keras_mask", None) for x in inputs]
        return None if all(m is None for m in masks) else masks
    return getattr(inputs, "_keras_mask", None)


def _set_mask(outputs, inputs, mask):
    """Outputs carrying `mask` (an identity first where an output is also an input, so the
    input keeps its own mask)."""
    flat_out = flatten(outputs)
    masks = mask if isinstance(mask, (list, tuple)) else [mask] * len(flat_out)
    if mask is None or all(m is None for m in masks):
        return outputs
    outputs = _distinct_outputs(inputs, outputs)
    for output, m in zip(flatten(outputs), masks):
        output._keras_mask = m
    return outputs


def _distinct_outputs(inputs, outputs):
    """Outputs that are also inputs get an identity, so each tensor has one Keras history."""
    ins = {id(t) for t in flatten(inputs)}
    if isinstance(outputs, (list, tuple)):
        return type(outputs)(array_ops.identity(t) if id(t) in ins else t for t in outputs)
    return array_ops.identity(outputs) if id(outputs) in ins else outputs

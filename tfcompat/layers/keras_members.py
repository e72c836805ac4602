"""The Keras `Layer` members that TF 1.15's `tf.layers` layers (Keras layers there) and
`tf.nn.rnn_cell` cells inherit: masking flags, `set_weights`, `compute_mask`, `metrics`,
`get_config` (the concrete layers define their own) and `from_config`, `graph` and the node
accessors (`input`, `output`, `get_input_at`, ...).

A `tf.layers` layer called on graph tensors (the only way TF1 code calls it) is never
"connected" in TF: it has no inbound nodes, so the node accessors raise TF's errors.

>>> d = tf.layers.Dense(2, name='fc')
>>> d.supports_masking, d.dynamic, d.stateful, d.metrics
(True, False, False, [])
"""
from __future__ import annotations

import inspect
import warnings

from tfcompat._lazy import lazy_module
from tfcompat.framework.default_session import get_default_session
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.module import LayerModule
from tfcompat.ops import control_flow_nest as nest
from tfcompat.type_spec import TensorSpec

_activations = lazy_module("tfcompat.keras.activations")
_initializers = lazy_module("tfcompat.keras.initializers")
_regularizers = lazy_module("tfcompat.keras.regularizers")
_constraints = lazy_module("tfcompat.keras.constraints")
_layer_metrics = lazy_module("tfcompat.keras.engine.base_layer_metrics")


def _kind(key):
    """The Keras module that (de)serializes a config entry, by the entry's name."""
    if key == "activation":
        return _activations
    for suffix, module in (("initializer", _initializers), ("regularizer", _regularizers),
                           ("constraint", _constraints)):
        if key.endswith(suffix):
            return module
    return None


def layer_config(layer, **fields):
    """TF's `get_config`: name/trainable/dtype, then `fields` with activations, initializers,
    regularizers and constraints serialized as Keras does (None activation: 'linear')."""
    config = {"name": layer.name, "trainable": layer.trainable, "dtype": layer.dtype}
    for key, value in fields.items():
        module = _kind(key)
        if key == "activation" and value is None:
            value = "linear"
        if module is not None and value is not None and not isinstance(value, str):
            value = module.serialize(value)
        config[key] = value
    return config


class KerasLayerMembers(LayerModule):
    """Mixin of `tfcompat.layers.base.Layer` (a `tf.Module`, as TF's)."""

    supports_masking = False
    stateful = False

    @property
    def dynamic(self):
        return False

    @property
    def metrics(self):
        return list(self.__dict__.get("_metrics", []))

    def add_metric(self, value, aggregation=None, name=None):
        """Keras' `add_metric` (a `tf.layers` layer is a Keras layer in TF 1.15): `value`
        becomes one of the layer's `metrics`."""
        value, name = _layer_metrics.check_metric_args(value, aggregation, name, False)
        _layer_metrics.symbolic_add_metric(self, value, aggregation, name)

    @property
    def graph(self):
        warnings.warn("`Layer.graph` is deprecated and will be removed in a future version. "
                      "Please stop using this property because tf.layers layers no longer "
                      "track their graph.")
        return None

    def get_config(self):
        """TF's base `Layer.get_config`: name, trainable, dtype (and batch_input_shape); a
        subclass whose `__init__` takes arguments must override it."""
        config = {"name": self.name, "trainable": self.trainable}
        if hasattr(self, "_batch_input_shape"):
            config["batch_input_shape"] = self._batch_input_shape
        config["dtype"] = self.dtype
        all_args = [a for a in inspect.getfullargspec(self.__init__).args if a != "dynamic"]
        extra_args = [arg for arg in all_args if arg not in config]
        if len(extra_args) > 1 and type(self).get_config is KerasLayerMembers.get_config:
            raise NotImplementedError("Layers with arguments in `__init__` must override "
                                      "`get_config`.")
        return config

    @classmethod
    def from_config(cls, config):
        """`cls(**config)`, the config's Keras-serialized entries deserialized (as TF's
        Keras layer constructors do)."""
        config = dict(config)
        for key, value in config.items():
            module = _kind(key)
            if module is not None and value is not None and not callable(value):
                config[key] = module.get(value)
        return cls(**config)

    def compute_output_signature(self, input_signature):
        """TF's: `TensorSpec`s of `compute_output_shape` of the signature's shapes, in the
        layer's dtype (before it is built: the first input's)."""
        def check_type_return_shape(spec):
            if not isinstance(spec, TensorSpec):
                raise TypeError("Only TensorSpec signature types are supported, but saw "
                                "signature entry: {}.".format(spec))
            return spec.shape
        input_shape = nest.map_structure(check_type_return_shape, input_signature)
        output_shape = self.compute_output_shape(input_shape)
        dtype = self.dtype or [spec.dtype for spec in nest.flatten(input_signature)][0]
        return nest.map_structure(lambda shape: TensorSpec(dtype=dtype, shape=shape),
                                  output_shape)

    def compute_mask(self, inputs, mask=None):
        if not self.supports_masking:
            masks = mask if isinstance(mask, (list, tuple)) else [mask]
            if any(m is not None for m in masks):
                raise TypeError("Layer " + self.name + " does not support masking, but was "
                                "passed an input_mask: " + str(mask))
            return None
        return mask

    def set_weights(self, weights):
        params = self.weights
        if len(params) != len(weights):
            raise ValueError('You called `set_weights(weights)` on layer "%s" with a weight list '
                             "of length %s, but the layer was expecting %s weights. Provided "
                             "weights: %s..." % (self.name, len(weights), len(params),
                                                 str(weights)[:50]))
        for param, weight in zip(params, weights):
            # NOTE: as TF, a weight without `.shape` (a Python list) counts as a scalar.
            weight_shape = weight.shape if hasattr(weight, "shape") else ()
            if not param.shape.is_compatible_with(TensorShape(weight_shape)):
                raise ValueError("Layer weight shape %s not compatible with provided weight "
                                 "shape %s" % (tuple(param.shape.as_list()), weight_shape))
        if params:
            session = get_default_session()
            for param, value in zip(params, weights):
                param.load(value, session)

    # -- node accessors: a tf.layers layer has no inbound nodes ------------------------------
    @property
    def input(self):
        raise AttributeError("Layer " + self.name + " is not connected, no input to return.")

    @property
    def output(self):
        raise AttributeError("Layer " + self.name + " has no inbound nodes.")

    @property
    def input_shape(self):
        raise AttributeError('The layer "%s" has never been called and thus has no defined '
                             "input shape. Note that the `input_shape` property is only "
                             "available for Functional and Sequential models." % self.name)

    @property
    def output_shape(self):
        raise AttributeError("The layer has never been called and thus has no defined output "
                             "shape.")

    def _never_called(self, what):
        raise RuntimeError("The layer has never been called and thus has no defined %s." % what)

    @property
    def inbound_nodes(self):
        return []

    @property
    def outbound_nodes(self):
        return []

    @property
    def input_mask(self):
        inputs = self.input
        return getattr(inputs, "_keras_mask", None)

    @property
    def output_mask(self):
        output = self.output
        return getattr(output, "_keras_mask", None)

    def get_input_mask_at(self, node_index):
        return getattr(self.get_input_at(node_index), "_keras_mask", None)

    def get_output_mask_at(self, node_index):
        return getattr(self.get_output_at(node_index), "_keras_mask", None)

    def get_input_at(self, node_index):
        self._never_called("input")

    def get_output_at(self, node_index):
        self._never_called("output")

    def get_input_shape_at(self, node_index):
        self._never_called("input shape")

    def get_output_shape_at(self, node_index):
        self._never_called("output shape")

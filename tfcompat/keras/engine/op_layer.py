"""Raw TF ops in functional models: `TensorFlowOpLayer` (tf_keras base_layer_utils'
`create_keras_history`, TF 1.14+ in graph mode).

A raw op applied to Keras tensors (`tf.nn.relu(dense(x)) * 2`) is wrapped, when the tensor
reaches a Keras layer or `Model(inputs, outputs)`, in a `TensorFlowOpLayer` named
`tf_op_layer_<op name>` whose node connects the op's Keras inputs to the op's own outputs.
Op inputs that do not come from a `keras.Input` are evaluated once (in the Keras session) and
kept as constants. Calling the layer on new tensors makes a new op of the same type and attrs
(`<scope>/tf_op_layer_mul/mul`, the constants as `Const` ops named after the original inputs).
"""
from __future__ import annotations

from tfcompat._lazy import lazy_module
from tfcompat.framework import graph as graph_lib
from tfcompat.framework import sparse_tensor
from tfcompat.framework.convert import constant
from tfcompat.keras import backend
from tfcompat.keras.engine.base_layer import CALL_DEPTH
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.engine.base_layer import Node
from tfcompat.keras.engine.base_layer import flatten

_json_format = lazy_module("google.protobuf.json_format")
_node_def_pb2 = lazy_module("tfcompat.io.proto.node_def_pb2")
_importer = lazy_module("tfcompat.interchange.importer")

_PREFIX = "tf_op_layer_"


class TensorFlowOpLayer(Layer):
    """Wraps a TensorFlow operation in a Layer (made by the functional API, not by users)."""

    def __init__(self, node_def, name, constants=None, trainable=True, dtype=None):
        super().__init__(name=_PREFIX + name, trainable=trainable, dtype=dtype)
        if isinstance(node_def, dict):
            node_def = _json_format.ParseDict(node_def, _node_def_pb2.NodeDef())
        elif not hasattr(node_def, "attr"):
            node_def = _node_def_pb2.NodeDef.FromString(
                node_def if isinstance(node_def, bytes) else node_def.encode("utf-8"))
        self.node_def = node_def
        # JSON turns the integer input indices into strings
        self.constants = {int(i): c for i, c in (constants or {}).items()}
        self._op_attrs = None    # the wrapped op's own attrs (else read from node_def)
        self.built = True        # the layer uses the original op unless called on new inputs

    def call(self, inputs):
        return self._make_op(inputs)

    def _attrs(self):
        if self._op_attrs is not None:
            return dict(self._op_attrs)
        return _importer._attrs_of(self.node_def, {})

    def _make_op(self, inputs):
        inputs = flatten(inputs)
        graph = inputs[0].graph if inputs else graph_lib.get_default_graph()
        name = graph.unique_name(self.node_def.name)
        with graph.as_default():
            for index in sorted(self.constants):
                inputs.insert(index, constant(
                    self.constants[index], name=self.node_def.input[index]))
            attrs = self._attrs()
            attrs["_cloned"] = True
            op = graph._create_op(self.node_def.op, inputs, attrs, name + "/")
        return op.outputs[0] if len(op.outputs) == 1 else list(op.outputs)

    def get_config(self):
        config = super().get_config()
        config.update({"name": config["name"][len(_PREFIX):],
                       "node_def": _json_format.MessageToDict(self.node_def),
                       "constants": {i: backend.get_value(c) if hasattr(c, "op") else c
                                     for i, c in self.constants.items()}})
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def uses_keras_history(tensors):
    """Whether a tensor of `tensors` comes (through raw ops) from a Keras tensor."""
    checked, pending = set(), flatten(tensors)
    while pending:
        following = []
        for tensor in pending:
            if id(tensor) in checked:
                continue
            checked.add(id(tensor))
            if getattr(tensor, "_keras_history_checked", None) is not None:
                continue
            if getattr(tensor, "_keras_history", None) is not None:
                return True
            op = getattr(tensor, "op", None)
            following.extend(getattr(op, "inputs", ()) or ())
        pending = following
    for tensor in flatten(tensors):     # as Keras: not walked again for later layer calls
        try:
            tensor._keras_history_checked = True
        except AttributeError:
            pass
    return False


def needs_keras_history(tensors):
    if CALL_DEPTH[0]:
        return False
    if all(getattr(t, "_keras_history", None) is not None for t in flatten(tensors)):
        return False
    return uses_keras_history(tensors)


def create_keras_history(tensors):
    """Wraps the raw ops behind `tensors` (back to Keras tensors) in `TensorFlowOpLayer`s;
    returns the layers made, innermost first."""
    created = []
    _wrap_ops(tensors, set(), created)
    return created


def _wrap_ops(tensors, processed, created):
    sparse = []
    for tensor in flatten(tensors):
        if getattr(tensor, "_keras_history", None) is not None:
            continue
        if isinstance(tensor, sparse_tensor.SparseTensor):
            sparse.append(tensor.op)
            continue
        if not hasattr(tensor, "op"):
            continue
        op = tensor.op
        if op in processed or not uses_keras_history(tensor):
            continue
        constants, layer_inputs = {}, []
        for i, op_input in enumerate(op.inputs):
            if uses_keras_history(op_input):
                layer_inputs.append(op_input)
            else:   # as Keras: anything not from a keras.Input is a constant
                constants[i] = backend.function([], op_input)([])
        layer_inputs = layer_inputs[0] if len(layer_inputs) == 1 else layer_inputs
        _wrap_ops(layer_inputs, processed, created)
        layer = TensorFlowOpLayer(op.node_def, constants=constants, name=op.name)
        layer._op_attrs = {k: v for k, v in op._attrs.items() if k != "_class"}
        created.append(layer)
        Node(layer, layer_inputs, list(op.outputs))._list_outputs = True   # `[(None, 3)]`
        processed.add(op)
    if sparse:
        raise ValueError(
            "Tensorflow ops that generate ragged or sparse tensor outputs are currently not "
            "supported by TF-Keras automatic op wrapping. Please wrap these ops in a Lambda "
            "layer: \n\n```\n%s\n```\nSparse ops encountered: %s\nRagged tensors "
            "encountered: []\n" % (_LAMBDA_EXAMPLE, sparse))


_LAMBDA_EXAMPLE = """
    weights_mult = lambda x: tf.sparse.sparse_dense_matmul(x, weights)
    output = tf.keras.layers.Lambda(weights_mult)(input)
    """


class AddLoss(Layer):
    """Adds its inputs as a loss (what `model.add_loss(tensor)` inserts into a functional
    model, `add_loss`, `add_loss_1`, ...)."""

    def __init__(self, unconditional, **kwargs):
        super().__init__(**kwargs)
        self.unconditional = unconditional

    def call(self, inputs):
        self.add_loss(inputs, inputs=(not self.unconditional))
        return inputs

    def get_config(self):
        config = super().get_config()
        config.update({"unconditional": self.unconditional})
        return config


class AddMetric(Layer):
    """Adds its input as a metric (what `model.add_metric(tensor, ...)` inserts into a
    functional model, `add_metric`, `add_metric_1`, ...)."""

    def __init__(self, aggregation=None, metric_name=None, **kwargs):
        super().__init__(**kwargs)
        self.aggregation = aggregation
        self.metric_name = metric_name

    def call(self, inputs):
        self.add_metric(inputs, self.aggregation, self.metric_name)
        return inputs

    def get_config(self):
        config = super().get_config()
        config.update({"aggregation": self.aggregation, "metric_name": self.metric_name})
        return config

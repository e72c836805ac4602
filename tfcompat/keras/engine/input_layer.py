"""`tf.keras.layers.InputLayer` and `tf.keras.Input`: the placeholder a functional model starts
from (`input_1`, `input_2`, ... per graph, or the given name)."""
from __future__ import annotations

from tfcompat import _unsupported
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.keras import backend
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.engine.base_layer import Node
from tfcompat.keras.engine.base_layer import shape_tuple


class InputLayer(Layer):
    """The layer of a model's input placeholder (`Input()` makes one and returns its tensor)."""

    def __init__(self, input_shape=None, batch_size=None, dtype=None, input_tensor=None,
                 sparse=False, name=None, ragged=False, batch_input_shape=None, optional=False,
                 **kwargs):
        if kwargs:
            raise ValueError("Unrecognized keyword arguments: %s" % list(kwargs.keys()))
        if ragged:
            raise _unsupported.UnsupportedAPIError("tf.keras.layers.InputLayer(ragged=True)")
        if input_shape is not None and batch_input_shape is not None:
            raise ValueError("Only provide the input_shape OR batch_input_shape argument to "
                             "InputLayer, not both at the same time.")
        if not name:
            name = "input_" + str(backend.get_uid("input"))
        if dtype is None:
            dtype = input_tensor.dtype.base_dtype.name if input_tensor is not None \
                else backend.floatx()
        super().__init__(dtype=dtypes.as_dtype(dtype).name, name=name)
        self.built = True
        self.sparse = bool(sparse)
        self.ragged = False
        self.is_placeholder = input_tensor is None
        if input_tensor is None:
            if input_shape is not None:
                batch_input_shape = (batch_size,) + tuple(input_shape)
            batch_input_shape = tuple(batch_input_shape) if batch_input_shape is not None \
                else None
            with graph_lib.get_default_graph().as_default():
                input_tensor = backend.placeholder(shape=batch_input_shape, dtype=dtype,
                                                   name=self.name, sparse=self.sparse)
        else:
            batch_input_shape = shape_tuple(input_tensor.shape)
        self._batch_input_shape = batch_input_shape
        Node(self, [], [input_tensor])

    @property
    def output_shape(self):
        return [shape_tuple(self._inbound_nodes[0].output_tensors[0].shape)]

    # Keras' InputLayer node takes its placeholder as its input as well as its output (with
    # no inbound layer); here the node has no inputs, so the accessors answer for it
    @property
    def input(self):
        return self._inbound_nodes[0].output_tensors[0]

    @property
    def input_shape(self):
        return self.output_shape

    def get_input_at(self, node_index):
        return self.get_output_at(node_index)

    def get_input_shape_at(self, node_index):
        return self.get_output_shape_at(node_index)

    def get_config(self):
        return {"batch_input_shape": self._batch_input_shape, "dtype": self.dtype,
                "sparse": self.sparse, "ragged": self.ragged, "name": self.name,
                "optional": False}


def Input(shape=None, batch_size=None, name=None, dtype=None, sparse=False, tensor=None,
          ragged=False, batch_shape=None, **kwargs):
    """`tf.keras.Input`: a Keras tensor (a placeholder of shape `(batch_size,) + shape`)."""
    if kwargs:
        raise ValueError("Unrecognized keyword arguments: %s" % list(kwargs.keys()))
    if shape is not None and batch_shape is not None:
        raise ValueError("Only provide the `shape` OR `batch_shape` argument to Input, not both "
                         "at the same time.")
    if batch_shape is None and shape is None and tensor is None:
        raise ValueError("Please provide to Input a `shape` or a `tensor` argument. Note that "
                         "`shape` does not include the batch dimension.")
    if shape is not None:
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
    layer = InputLayer(input_shape=shape, batch_size=batch_size, name=name, dtype=dtype,
                       input_tensor=tensor, sparse=sparse, batch_input_shape=batch_shape)
    return layer._inbound_nodes[0].output_tensors[0]

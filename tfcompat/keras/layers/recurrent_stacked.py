"""`tf.keras.layers.StackedRNNCells`: several cells run as one (what `RNN([cell, cell])`
wraps a list of cells in). Each cell's weights live under `<rnn>/stacked_rnn_cells/<cell>/`;
the states are the cells' states in order, and the output is the last cell's."""
from __future__ import annotations

from tfcompat.framework import graph as graph_lib
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.keras.engine.base_layer import Layer
from tfcompat.keras.engine.base_layer import flatten
from tfcompat.keras.layers import serialization
from tfcompat.keras.layers.recurrent_user_cell import adapt_cell
from tfcompat.keras.layers.recurrent_user_cell import flat_state_sizes
from tfcompat.keras.layers.recurrent_user_cell import zero_state_for_cell
from tfcompat.keras.layers.recurrent_user_cell import output_width
from tfcompat.ops import array_ops_join
from tfcompat.ops import control_flow_nest as nest
from tfcompat.ops.array_ops_pad import tile
from tfcompat.ops.reduction_ops import reduce_sum


class StackedRNNCells(Layer):
    def __init__(self, cells, **kwargs):
        for cell in cells:
            if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
                raise ValueError("All cells must have a `call` method and a `state_size` "
                                 "attribute. Received cells: %s" % (cells,))
        self.cells = [adapt_cell(cell) for cell in cells]
        super().__init__(**kwargs)
        self._layers = list(self.cells)

    @property
    def state_size(self):
        return tuple(cell.state_size for cell in self.cells)

    @property
    def output_size(self):
        last = self.cells[-1]
        if getattr(last, "output_size", None) is not None:
            return last.output_size
        return flat_state_sizes(last)[0]

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        """Each cell's initial states (its own get_initial_state where it has one)."""
        states = []
        for cell in self.cells:
            own = getattr(cell, "get_initial_state", None)
            states.append(own(inputs=inputs, batch_size=batch_size, dtype=dtype) if own
                          else zero_state_for_cell(cell, inputs, batch_size, dtype))
        return tuple(states)

    @property
    def units(self):
        """The width of the output: the last cell's."""
        return output_width(self.cells[-1])

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        width = shape[-1].value
        for cell in self.cells:
            if not cell.built:
                with graph_lib.name_scope(cell.name):
                    cell.build(TensorShape([shape[0].value, width]))
                    cell.built = True
            width = output_width(cell)
        self.built = True

    def make_dropout_masks(self, step_inputs, state, training):
        # [batch, 1] zeros, widths from it (a sum: no slice to take one of TF's names)
        column = reduce_sum(array_ops_join.zeros_like(state), axis=1, keepdims=True)
        inputs = step_inputs
        for cell in self.cells:
            own = tile(column, [1, cell.units])
            cell.make_dropout_masks(inputs, own, training)
            inputs = own

    def call(self, inputs, states):
        states = flatten(states)     # the RNN layer's flat states, or dynamic_rnn's nested ones
        new_states, start = [], 0
        for cell in self.cells:
            count = len(flat_state_sizes(cell))
            inputs, cell_states = cell.call(inputs, list(states[start:start + count]))
            new_states += flatten(cell_states)
            start += count
        # as Keras': nested as `state_size` (what tf.nn.dynamic_rnn's structure checks need)
        return inputs, nest.pack_sequence_as(self.state_size, new_states)

    def nest_states(self, flat):
        """The flat states grouped as Keras returns them: one entry per cell, a list for a
        cell of several states (LSTMCell's [h, c]), the tensor itself for one."""
        nested, start = [], 0
        for cell in self.cells:
            count = len(flat_state_sizes(cell))
            group = list(flat[start:start + count])
            nested.append(group if count > 1 else group[0])
            start += count
        return nested

    def get_config(self):
        from_layers = [{"class_name": type(c).__name__, "config": c.get_config()}
                       for c in self.cells]
        config = super().get_config()
        config["cells"] = from_layers
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cells = [serialization.deserialize(c, custom_objects=custom_objects)
                 for c in config.pop("cells")]
        return cls(cells, **config)

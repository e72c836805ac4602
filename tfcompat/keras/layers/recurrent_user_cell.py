"""A user-written RNN cell (the Keras docs' `MinimalRNNCell`: a Layer with `call(inputs,
states)` and a `state_size`, often an int) made to run in `tf.keras.layers.RNN`, whose loop
asks every cell for a list of state sizes, an output width (`units`) and dropout masks.

The cell keeps its class name, config and weights: its class becomes a subclass of its own
class that adds those three things (a user cell has no dropout of its own)."""
from __future__ import annotations

from tfcompat.framework.tensor_shape import as_shape
from tfcompat.ops.array_ops import shape
from tfcompat.ops.array_ops_join import zeros

_ADAPTED: dict = {}


class _UserCell:
    """What `RNN` needs of a cell, for a cell written against Keras' public protocol."""

    @property
    def state_size(self):
        size = self.__dict__.get("_user_state_size")
        return super().state_size if size is None else size

    @state_size.setter
    def state_size(self, value):
        self.__dict__["_user_state_size"] = value

    @property
    def rnn_output_width(self):
        """The output width: Keras' `output_size` when the cell has one, else the cell's own
        `units`, else the first state's size."""
        output_size = getattr(self, "output_size", None)
        if isinstance(output_size, int):
            return output_size
        return self.__dict__.get("_user_units", flat_state_sizes(self)[0])

    @property
    def units(self):
        """The cell's own `units` attribute when it set one (its call may read it), else the
        output width."""
        return self.__dict__.get("_user_units", self.rnn_output_width)

    @units.setter
    def units(self, value):
        self.__dict__["_user_units"] = value

    def make_dropout_masks(self, step_inputs, state, training):
        pass


def adapt_cell(cell):
    """`cell` itself when it is one of tfcompat's cells, else the user cell adapted."""
    if hasattr(cell, "make_dropout_masks") or not hasattr(cell, "call"):
        return cell
    cls = type(cell)
    if cls not in _ADAPTED:
        _ADAPTED[cls] = type(cls.__name__, (_UserCell, cls), {"__module__": cls.__module__})
    # the instance's own attributes move behind the added properties
    size = cell.__dict__.pop("state_size", None)
    units = cell.__dict__.pop("units", None)
    cell.__class__ = _ADAPTED[cls]
    if size is not None:
        cell.state_size = size
    if units is not None:
        cell.units = units
    return cell


def output_width(cell):
    """The width of what `cell` outputs at each step (a user cell's `output_size` may differ
    from its `units`)."""
    return getattr(cell, "rnn_output_width", None) or cell.units


def flat_state_sizes(cell) -> list:
    """The sizes of `cell`'s states in order: Keras' `state_size` (an int for one state, a list
    such as LSTMCell's [h, c], a StackedRNNCells' tuple of its cells' sizes) flattened."""
    size = cell.state_size
    if isinstance(size, (list, tuple)):
        return [leaf for item in size for leaf in _flat(item)]
    return [size]


def _flat(size):
    return [leaf for item in size for leaf in _flat(item)] \
        if isinstance(size, (list, tuple)) else [size]


def zero_filled_state(batch_size, state_size, dtype):
    """Keras' `_generate_zero_filled_state`: zeros [batch_size, *size] for each size of the
    (nested) `state_size`, in its nesting."""
    if batch_size is None or dtype is None:
        raise ValueError("batch_size and dtype cannot be None while constructing initial "
                         "state. Received: batch_size=%s, dtype=%s" % (batch_size, dtype))

    def create_zeros(size):
        return zeros([batch_size] + as_shape(size).as_list(), dtype=dtype)
    if isinstance(state_size, (list, tuple)):
        return type(state_size)(zero_filled_state(batch_size, s, dtype) for s in state_size)
    return create_zeros(state_size)


def zero_state_for_cell(cell, inputs, batch_size, dtype):
    """Keras' `_generate_zero_filled_state_for_cell`: the batch size and dtype from `inputs`
    where given."""
    if inputs is not None:
        batch_size = shape(inputs)[0]
        dtype = inputs.dtype
    return zero_filled_state(batch_size, cell.state_size, dtype)

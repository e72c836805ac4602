"""A user-written RNN cell (the Keras docs' `MinimalRNNCell`: a Layer with `call(inputs,
states)` and a `state_size`, often an int) made to run in `tf.keras.layers.RNN`, whose loop
asks every cell for a list of state sizes, an output width (`units`) and dropout masks.

The cell keeps its class name, config and weights: its class becomes a subclass of its own
class that adds those three things (a user cell has no dropout of its own)."""
from __future__ import annotations

_ADAPTED: dict = {}


class _UserCell:
    """What `RNN` needs of a cell, for a cell written against Keras' public protocol."""

    @property
    def state_size(self):
        size = self.__dict__.get("_user_state_size")
        if size is None:
            size = super().state_size
        return [size] if isinstance(size, int) else list(size)

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
        return self.__dict__.get("_user_units", self.state_size[0])

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

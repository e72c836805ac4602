"""The `tf.nn.rnn_cell` namespace: TF1's RNN cells and wrappers."""
from tfcompat._unsupported import missing_attr
from tfcompat.nn.rnn_cell_impl import BasicLSTMCell
from tfcompat.nn.rnn_cell_impl import BasicRNNCell
from tfcompat.nn.rnn_cell_impl import GRUCell
from tfcompat.nn.rnn_cell_impl import LSTMCell
from tfcompat.nn.rnn_cell_impl import LSTMStateTuple
from tfcompat.nn.rnn_cell_impl import MultiRNNCell
from tfcompat.nn.rnn_cell_impl import RNNCell
from tfcompat.nn.rnn_cell_wrappers import DeviceWrapper
from tfcompat.nn.rnn_cell_wrappers import DropoutWrapper
from tfcompat.nn.rnn_cell_wrappers import ResidualWrapper

__all__ = ["BasicLSTMCell", "BasicRNNCell", "GRUCell", "LSTMCell", "LSTMStateTuple",
           "MultiRNNCell", "RNNCell", "DeviceWrapper", "DropoutWrapper", "ResidualWrapper"]
__getattr__ = missing_attr("nn.rnn_cell", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('nn.rnn_cell', __name__)   # TF's names, not this module's imports

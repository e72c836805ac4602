"""`tf.contrib.rnn`: TF1's RNN cells, wrappers and static RNN drivers, plus LSTMBlockCell."""
from tfcompat import init_ops
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import EmbeddingWrapper  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import InputProjectionWrapper  # noqa: F401
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import OutputProjectionWrapper  # noqa: F401
from tfcompat.contrib.rnn_cells_freq import TimeFreqLSTMCell
from tfcompat.contrib.rnn_cells_grid import BidirectionalGridLSTMCell
from tfcompat.contrib.rnn_cells_grid import GridLSTMCell
from tfcompat.contrib.rnn_cells_group import GLSTMCell
from tfcompat.contrib.rnn_cells_group import LayerNormLSTMCell
from tfcompat.contrib.rnn_cells_indy import IndRNNCell
from tfcompat.contrib.rnn_cells_indy import IndyGRUCell
from tfcompat.contrib.rnn_cells_indy import IndyLSTMCell
from tfcompat.contrib.rnn_cells_indy import SRUCell
from tfcompat.contrib.rnn_cells_more import AttentionCellWrapper
from tfcompat.contrib.rnn_cells_more import CoupledInputForgetGateLSTMCell
from tfcompat.contrib.rnn_cells_more import Conv1DLSTMCell
from tfcompat.contrib.rnn_cells_more import Conv2DLSTMCell
from tfcompat.contrib.rnn_cells_more import Conv3DLSTMCell
from tfcompat.contrib.rnn_cells_more import ConvLSTMCell
from tfcompat.contrib.rnn_cells_more import HighwayWrapper
from tfcompat.contrib.rnn_cells_more import IntersectionRNNCell
from tfcompat.contrib.rnn_cells_more import NASCell
from tfcompat.contrib.rnn_cells_more import UGRNNCell
from tfcompat.contrib.rnn_cells_wn import WeightNormLSTMCell
from tfcompat.contrib.rnn_extra import GRUBlockCell
from tfcompat.contrib.rnn_extra import GRUBlockCellV2
from tfcompat.contrib.rnn_extra import LSTMBlockFusedCell
from tfcompat.contrib.rnn_extra import LayerNormBasicLSTMCell
from tfcompat.contrib.rnn_extra import stack_bidirectional_dynamic_rnn
from tfcompat.contrib.rnn_extra import block_lstm_step
from tfcompat.contrib.rnn_extra import peephole_weights
from tfcompat.contrib.rnn_extra import stack_bidirectional_rnn
from tfcompat.nn.rnn import _best_effort_input_batch_size as best_effort_input_batch_size
from tfcompat.nn.rnn import _transpose_batch_time as transpose_batch_time
from tfcompat.nn.rnn import static_bidirectional_rnn
from tfcompat.nn.rnn import static_rnn
from tfcompat.nn.rnn_cell_impl import BasicLSTMCell
from tfcompat.nn.rnn_cell_impl import BasicRNNCell
from tfcompat.nn.rnn_cell_impl import GRUCell
from tfcompat.nn.rnn_cell_impl import LayerRNNCell
from tfcompat.nn.rnn_cell_impl import LSTMCell
from tfcompat.nn.rnn_cell_impl import LSTMStateTuple
from tfcompat.nn.rnn_cell_impl import MultiRNNCell
from tfcompat.nn.rnn_cell_impl import RNNCell
from tfcompat.nn.rnn_cell_wrappers import DeviceWrapper
from tfcompat.nn.rnn_cell_wrappers import DropoutWrapper
from tfcompat.nn.rnn_cell_wrappers import ResidualWrapper
from tfcompat.ops import array_ops
from tfcompat.ops import nn_ops
from tfcompat.ops import reduction_ops


class LSTMBlockCell(BasicLSTMCell):
    """TF1 `tf.contrib.rnn.LSTMBlockCell`: BasicLSTMCell's math and weight layout (i, j, f, o)
    under the default name `lstm_cell`, with TF's block kernel's `cell_clip` and
    `use_peephole` (variables w_i_diag, w_f_diag, w_o_diag; rnn_extra.block_lstm_step).
    Without them dynamic_rnn runs it as BasicLSTMCell's fused op (fuses_as_basic_lstm)."""

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False,
                 dtype=None, reuse=None, name="lstm_cell"):
        super().__init__(num_units, forget_bias=forget_bias, reuse=reuse, name=name,
                         dtype=dtype)
        self._use_peephole = use_peephole
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self._peepholes = None

    @property
    def fuses_as_basic_lstm(self) -> bool:
        kind = type(self)
        return (kind.call is LSTMBlockCell.call and kind.build is LSTMBlockCell.build
                and kind.__call__ is LSTMBlockCell.__call__ and not self._use_peephole
                and not self._cell_clip > 0)

    def build(self, input_shape):
        depth = input_shape.dims[-1].value   # (dims[1] in TF; the fused dynamic_rnn passes [depth])
        if not depth:
            raise ValueError("Expecting inputs_shape[1] to be set: %s" % str(input_shape))
        n = self._num_units
        self._kernel = self.add_weight("kernel", [depth + n, n * 4])
        self._bias = self.add_weight("bias", [n * 4],
                                     initializer=init_ops.constant_initializer(0.0))
        if self._use_peephole:
            self._peepholes = peephole_weights(self, n)
        self.built = True

    def call(self, inputs, state):
        if len(state) != 2:
            raise ValueError("Expecting state to be a tuple with length 2.")
        if self._peepholes is None and not self._cell_clip > 0:
            return super().call(inputs, state)
        c, h = state
        gates = nn_ops.bias_add(
            reduction_ops.matmul(array_ops.concat([inputs, h], 1), self._kernel), self._bias)
        c, h = block_lstm_step(gates, c, self._forget_bias, self._cell_clip, self._peepholes)
        return h, LSTMStateTuple(c, h)


__all__ = ["static_bidirectional_rnn", "static_rnn", "BasicLSTMCell", "BasicRNNCell",
           "GRUCell", "LSTMCell", "LSTMStateTuple", "MultiRNNCell", "RNNCell", "DeviceWrapper",
           "DropoutWrapper", "ResidualWrapper", "LSTMBlockCell", "LSTMBlockFusedCell",
           "GRUBlockCell", "GRUBlockCellV2", "LayerRNNCell", "LayerNormBasicLSTMCell",
           "stack_bidirectional_rnn", "stack_bidirectional_dynamic_rnn", "transpose_batch_time",
           "best_effort_input_batch_size", "AttentionCellWrapper",
           "CoupledInputForgetGateLSTMCell", "Conv1DLSTMCell",
           "Conv2DLSTMCell", "Conv3DLSTMCell", "ConvLSTMCell", "HighwayWrapper",
           "IntersectionRNNCell", "NASCell", "UGRNNCell", "IndRNNCell", "IndyGRUCell",
           "IndyLSTMCell", "SRUCell", "TimeFreqLSTMCell", "GLSTMCell",
           "LayerNormLSTMCell", "WeightNormLSTMCell", "GridLSTMCell",
           "BidirectionalGridLSTMCell"]
__getattr__ = missing_attr("contrib.rnn", __name__)

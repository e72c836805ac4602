"""TF 1.15's `tf.contrib.rnn.GridLSTMCell` and `BidirectionalGridLSTMCell` (Kalchbrenner,
Danihelka and Graves, "Grid Long Short-Term Memory", ICLR 2016; peepholes after Sainath and Li,
2016), ported op for op from contrib/rnn/python/ops/rnn_cell.py so checkpoints drop in: per
frequency block `W_f_<b>_0`, `B_f_<b>` (the F-LSTM) and `W_t_<b>_0`, `B_t_<b>` (the T-LSTM,
unless the weights are shared), and the peepholes `W_{F,I,O}_diag_{freq,time}{f,t}_<b>`; the
bidirectional cell has one such set under `fwd` and one under `bwd`."""
from __future__ import annotations

import collections
import logging

import tfcompat as tf
from tfcompat.contrib.rnn_cells_more import StoredSizes
from tfcompat.contrib.rnn_cells_more import _get_concat_variable
from tfcompat.nn.rnn_cell_impl import RNNCell


class GridLSTMCell(StoredSizes, RNNCell):
    """Grid LSTM: at each frequency window of the input frame, an F-LSTM (along frequency)
    and a T-LSTM (along time) step sharing the inputs [window, m_prev_time, m_prev_freq].
    Output is [m_time, m_freq] per window; the state holds [c_time, m_time] per window."""

    def __init__(self, num_units, use_peepholes=False, share_time_frequency_weights=False,
                 cell_clip=None, initializer=None, num_unit_shards=1, forget_bias=1.0,
                 feature_size=None, frequency_skip=None, num_frequency_blocks=None,
                 start_freqindex_list=None, end_freqindex_list=None,
                 couple_input_forget_gates=False, state_is_tuple=True, reuse=None):
        super().__init__(_reuse=reuse)
        if not state_is_tuple:
            logging.getLogger("tensorflow").warning(
                "%s: Using a concatenated state is slower and will soon be deprecated.  Use "
                "state_is_tuple=True.", self)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._share_time_frequency_weights = share_time_frequency_weights
        self._couple_input_forget_gates = couple_input_forget_gates
        self._state_is_tuple = state_is_tuple
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_unit_shards = num_unit_shards
        self._forget_bias = forget_bias
        self._feature_size = feature_size
        self._frequency_skip = frequency_skip
        self._start_freqindex_list = start_freqindex_list
        self._end_freqindex_list = end_freqindex_list
        self._num_frequency_blocks = num_frequency_blocks
        self._reuse = reuse
        if self._num_frequency_blocks is None:
            raise ValueError("Must specify num_frequency_blocks")
        self._total_blocks = sum(int(n) for n in self._num_frequency_blocks)
        if state_is_tuple:
            names = ""
            for block_index in range(len(self._num_frequency_blocks)):
                for freq_index in range(self._num_frequency_blocks[block_index]):
                    prefix = "state_f%02d_b%02d" % (freq_index, block_index)
                    names += "%s_c, %s_m," % (prefix, prefix)
            self._state_tuple_type = collections.namedtuple("GridLSTMStateTuple",
                                                            names.strip(","))
            self._state_size = self._state_tuple_type(
                *([num_units, num_units] * self._total_blocks))
        else:
            self._state_tuple_type = None
            self._state_size = num_units * self._total_blocks * 2
        self._output_size = num_units * self._total_blocks * 2

    @property
    def state_tuple_type(self):
        return self._state_tuple_type

    def call(self, inputs, state):
        batch_size = inputs.shape.dims[0].value or tf.shape(inputs)[0]
        freq_inputs = self._make_tf_features(inputs)
        m_out_lst, state_out_lst = [], []
        for block in range(len(freq_inputs)):
            m_cur, state_cur = self._compute(freq_inputs[block], block, state, batch_size,
                                             state_is_tuple=self._state_is_tuple)
            m_out_lst.extend(m_cur)
            state_out_lst.extend(state_cur)
        if self._state_is_tuple:
            state_out = self._state_tuple_type(*state_out_lst)
        else:
            state_out = tf.concat(state_out_lst, 1)
        return tf.concat(m_out_lst, 1), state_out

    def _weights(self, block, dtype, actual_input_size, num_gates):
        shape = [actual_input_size + 2 * self._num_units, num_gates * self._num_units]
        bias = dict(shape=[num_gates * self._num_units], initializer=tf.zeros_initializer(),
                    dtype=dtype)
        w_f = _get_concat_variable("W_f_%d" % block, shape, dtype, self._num_unit_shards)
        b_f = tf.get_variable("B_f_%d" % block, **bias)
        if self._share_time_frequency_weights:
            return (w_f, b_f), (w_f, b_f)
        w_t = _get_concat_variable("W_t_%d" % block, shape, dtype, self._num_unit_shards)
        b_t = tf.get_variable("B_t_%d" % block, **bias)
        return (w_f, b_f), (w_t, b_t)

    def _diags(self, kind, block, dtype):
        """{gate: (w on c_prev_freq, w on c_prev_time)} of the `kind` ("freq"/"time") LSTM."""
        def var(gate, on):
            return tf.get_variable("W_%s_diag_%s%s_%d" % (gate, kind, on, block),
                                   shape=[self._num_units], dtype=dtype)
        diags = {}
        if not self._couple_input_forget_gates:
            diags["F"] = (var("F", "f"), var("F", "t"))
        diags["I"] = (var("I", "f"), var("I", "t"))
        diags["O"] = (var("O", "f"), var("O", "t"))
        return diags

    def _peepholes(self, block, dtype):
        if not self._use_peepholes:
            return None, None
        freq = self._diags("freq", block, dtype)
        if self._share_time_frequency_weights:
            return freq, freq
        return freq, self._diags("time", block, dtype)

    def _gates(self, cell_inputs, w, b, num_gates):
        lstm_matrix = tf.nn.bias_add(tf.matmul(cell_inputs, w), b)
        parts = tf.split(value=lstm_matrix, num_or_size_splits=num_gates, axis=1)
        if self._couple_input_forget_gates:
            i, j, o = parts
            return i, j, None, o
        return parts

    def _cell_state(self, gates, c_prev, c_prev_freq, c_prev_time, d):
        """TF's `c_freq` / `c_time`: the gated update of `c_prev` (the LSTM's own)."""
        sigmoid = tf.sigmoid
        i, j, f, _ = gates
        if d:
            i_g = sigmoid(i + d["I"][0] * c_prev_freq + d["I"][1] * c_prev_time)
        else:
            i_g = sigmoid(i)
        if self._couple_input_forget_gates:
            f_g = 1.0 - i_g
        elif d:
            f_g = sigmoid(f + self._forget_bias + d["F"][0] * c_prev_freq
                          + d["F"][1] * c_prev_time)
        else:
            f_g = sigmoid(f + self._forget_bias)
        c = f_g * c_prev + i_g * tf.tanh(j)
        if self._cell_clip is not None:
            c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
        return c

    @staticmethod
    def _output(gates, c_own, c_freq, c_time, d):
        o = gates[3]
        if d:
            return tf.sigmoid(o + d["O"][0] * c_freq + d["O"][1] * c_time) * tf.tanh(c_own)
        return tf.sigmoid(o) * tf.tanh(c_own)

    def _prev_time(self, state, freq_index, block, state_prefix, state_is_tuple):
        if state_is_tuple:
            name_prefix = "%s_f%02d_b%02d" % (state_prefix, freq_index, block)
            return getattr(state, name_prefix + "_c"), getattr(state, name_prefix + "_m")
        n = self._num_units
        return (tf.slice(state, [0, 2 * freq_index * n], [-1, n]),
                tf.slice(state, [0, (2 * freq_index + 1) * n], [-1, n]))

    def _compute(self, freq_inputs, block, state, batch_size, state_prefix="state",
                 state_is_tuple=True):
        num_gates = 3 if self._couple_input_forget_gates else 4
        dtype = freq_inputs[0].dtype
        actual_input_size = freq_inputs[0].get_shape().as_list()[1]
        (w_f, b_f), (w_t, b_t) = self._weights(block, dtype, actual_input_size, num_gates)
        d_freq, d_time = self._peepholes(block, dtype)
        m_prev_freq = tf.zeros([batch_size, self._num_units], dtype)
        c_prev_freq = tf.zeros([batch_size, self._num_units], dtype)
        state_out_lst, m_out_lst = [], []
        for freq_index in range(len(freq_inputs)):
            c_prev_time, m_prev_time = self._prev_time(state, freq_index, block, state_prefix,
                                                       state_is_tuple)
            cell_inputs = tf.concat([freq_inputs[freq_index], m_prev_time, m_prev_freq], 1)
            g_freq = self._gates(cell_inputs, w_f, b_f, num_gates)
            if self._share_time_frequency_weights:
                g_time = g_freq
            else:
                g_time = self._gates(cell_inputs, w_t, b_t, num_gates)
            c_freq = self._cell_state(g_freq, c_prev_freq, c_prev_freq, c_prev_time, d_freq)
            c_time = self._cell_state(g_time, c_prev_time, c_prev_freq, c_prev_time, d_time)
            m_freq = self._output(g_freq, c_freq, c_freq, c_time, d_freq)
            m_time = self._output(g_time, c_time, c_freq, c_time, d_time)
            m_prev_freq, c_prev_freq = m_freq, c_freq
            state_out_lst.extend([c_time, m_time])
            m_out_lst.extend([m_time, m_freq])
        return m_out_lst, state_out_lst

    def _make_tf_features(self, input_feat, slice_offset=0):
        input_size = input_feat.get_shape().with_rank(2).dims[-1].value
        if input_size is None:
            raise ValueError("Cannot infer input_size from static shape inference.")
        if slice_offset > 0:
            inputs = tf.pad(input_feat, tf.constant([0, 0, 0, slice_offset], shape=[2, 2],
                                                    dtype=tf.int32), "CONSTANT")
        elif slice_offset < 0:
            inputs = tf.pad(input_feat, tf.constant([0, 0, -slice_offset, 0], shape=[2, 2],
                                                    dtype=tf.int32), "CONSTANT")
            slice_offset = 0
        else:
            inputs = input_feat
        if not self._start_freqindex_list:
            if len(self._num_frequency_blocks) != 1:
                raise ValueError("Length of num_frequency_blocks is not 1, but instead is %d"
                                 % len(self._num_frequency_blocks))
            return [self._block_inputs(inputs, input_size, 0, slice_offset, 0)]
        if len(self._start_freqindex_list) != len(self._end_freqindex_list):
            raise ValueError("Length of start and end freqindex_list does not match %d %d",
                             len(self._start_freqindex_list), len(self._end_freqindex_list))
        if len(self._num_frequency_blocks) != len(self._start_freqindex_list):
            raise ValueError("Length of num_frequency_blocks is not equal to "
                             "start_freqindex_list %d %d", len(self._num_frequency_blocks),
                             len(self._start_freqindex_list))
        return [self._block_inputs(inputs, self._end_freqindex_list[b]
                                   - self._start_freqindex_list[b],
                                   self._start_freqindex_list[b], slice_offset, b)
                for b in range(len(self._start_freqindex_list))]

    def _block_inputs(self, inputs, cur_size, start_index, slice_offset, b):
        block_feats = int((cur_size - self._feature_size) / (self._frequency_skip)) + 1
        if block_feats != self._num_frequency_blocks[b]:
            raise ValueError("Invalid num_frequency_blocks, requires %d but gets %d, please "
                             "check the input size and filter config are correct."
                             % (self._num_frequency_blocks[b], block_feats))
        return [tf.slice(inputs, [0, start_index + slice_offset + f * self._frequency_skip],
                         [-1, self._feature_size]) for f in range(block_feats)]


class BidirectionalGridLSTMCell(GridLSTMCell):
    """Grid LSTM run forward (scope `fwd`) and backward (scope `bwd`, the windows reversed)
    along frequency, with separate weights; the time direction stays causal."""

    def __init__(self, num_units, use_peepholes=False, share_time_frequency_weights=False,
                 cell_clip=None, initializer=None, num_unit_shards=1, forget_bias=1.0,
                 feature_size=None, frequency_skip=None, num_frequency_blocks=None,
                 start_freqindex_list=None, end_freqindex_list=None,
                 couple_input_forget_gates=False, backward_slice_offset=0, reuse=None):
        super().__init__(num_units, use_peepholes, share_time_frequency_weights, cell_clip,
                         initializer, num_unit_shards, forget_bias, feature_size,
                         frequency_skip, num_frequency_blocks, start_freqindex_list,
                         end_freqindex_list, couple_input_forget_gates, True, reuse)
        self._backward_slice_offset = int(backward_slice_offset)
        names = ""
        for direction in ["fwd", "bwd"]:
            for block_index in range(len(self._num_frequency_blocks)):
                for freq_index in range(self._num_frequency_blocks[block_index]):
                    prefix = "%s_state_f%02d_b%02d" % (direction, freq_index, block_index)
                    names += "%s_c, %s_m," % (prefix, prefix)
        self._state_tuple_type = collections.namedtuple("BidirectionalGridLSTMStateTuple",
                                                        names.strip(","))
        self._state_size = self._state_tuple_type(
            *([num_units, num_units] * self._total_blocks * 2))
        self._output_size = 2 * num_units * self._total_blocks * 2

    def _direction(self, scope, inputs, state, batch_size, reverse):
        m_out, state_out = [], []
        with tf.variable_scope(scope):
            for block in range(len(inputs)):
                block_inputs = inputs[block][::-1] if reverse else inputs[block]
                m_cur, state_cur = self._compute(block_inputs, block, state, batch_size,
                                                 state_prefix=scope + "_state",
                                                 state_is_tuple=True)
                m_out.extend(m_cur)
                state_out.extend(state_cur)
        return m_out, state_out

    def call(self, inputs, state):
        batch_size = inputs.shape.dims[0].value or tf.shape(inputs)[0]
        fwd_inputs = self._make_tf_features(inputs)
        if self._backward_slice_offset:
            bwd_inputs = self._make_tf_features(inputs, self._backward_slice_offset)
        else:
            bwd_inputs = fwd_inputs
        fwd_m, fwd_state = self._direction("fwd", fwd_inputs, state, batch_size, False)
        bwd_m, bwd_state = self._direction("bwd", bwd_inputs, state, batch_size, True)
        state_out = self._state_tuple_type(*(fwd_state + bwd_state))
        return tf.concat(fwd_m + bwd_m, 1), state_out

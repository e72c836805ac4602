"""`tf.contrib.seq2seq.BasicDecoder`: an RNN cell, an optional output layer and a Helper."""
from __future__ import annotations

import collections

import tfcompat as tf
from tfcompat.contrib.seq2seq import decoder
from tfcompat.contrib.seq2seq import helper as helper_py
from tfcompat.layers.base import Layer
from tfcompat.nn.rnn_cell_impl import assert_like_rnncell

__all__ = ["BasicDecoderOutput", "BasicDecoder"]


class BasicDecoderOutput(collections.namedtuple("BasicDecoderOutput",
                                                ("rnn_output", "sample_id"))):
    pass


def _rnn_output_size(cell, output_layer):
    """The cell's output size, or what `output_layer` makes of it."""
    size = cell.output_size
    if output_layer is None:
        return size
    unknown_batch = tf.nest.map_structure(
        lambda s: tf.TensorShape([None]).concatenate(s), size)
    layer_output_shape = output_layer.compute_output_shape(unknown_batch)
    return tf.nest.map_structure(lambda s: s[1:], layer_output_shape)


class BasicDecoder(decoder.Decoder):
    """Each step: run the cell, apply `output_layer`, let the helper sample and choose the next
    inputs."""

    def __init__(self, cell, helper, initial_state, output_layer=None):
        assert_like_rnncell("cell", cell)
        if not isinstance(helper, helper_py.Helper):
            raise TypeError("helper must be a Helper, received: %s" % type(helper))
        if output_layer is not None and not isinstance(output_layer, Layer):
            raise TypeError("output_layer must be a Layer, received: %s" % type(output_layer))
        self._cell = cell
        self._helper = helper
        self._initial_state = initial_state
        self._output_layer = output_layer

    @property
    def batch_size(self):
        return self._helper.batch_size

    def _rnn_output_size(self):
        return _rnn_output_size(self._cell, self._output_layer)

    @property
    def output_size(self):
        return BasicDecoderOutput(rnn_output=self._rnn_output_size(),
                                  sample_id=self._helper.sample_ids_shape)

    @property
    def output_dtype(self):
        dtype = tf.nest.flatten(self._initial_state)[0].dtype
        return BasicDecoderOutput(tf.nest.map_structure(lambda _: dtype, self._rnn_output_size()),
                                  self._helper.sample_ids_dtype)

    def initialize(self, name=None):
        return self._helper.initialize() + (self._initial_state,)

    def step(self, time, inputs, state, name=None):
        with tf.name_scope(name, "BasicDecoderStep", (time, inputs, state)):
            cell_outputs, cell_state = self._cell(inputs, state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            sample_ids = self._helper.sample(time=time, outputs=cell_outputs, state=cell_state)
            finished, next_inputs, next_state = self._helper.next_inputs(
                time=time, outputs=cell_outputs, state=cell_state, sample_ids=sample_ids)
        outputs = BasicDecoderOutput(cell_outputs, sample_ids)
        return outputs, next_state, next_inputs, finished

"""TF 1.15's legacy_seq2seq attention models: attention_decoder (Bahdanau-style attention as
in arXiv:1412.7449, a 1x1 convolution over the attention states), embedding_attention_decoder
and embedding_attention_seq2seq (the translate tutorial's model), and one2many_rnn_seq2seq.
Names and op order as TF's (see core_rnn_cell.py)."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import EmbeddingWrapper
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import OutputProjectionWrapper
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import _linear as linear
from tfcompat.contrib.legacy_seq2seq.seq2seq import _check_projection
from tfcompat.contrib.legacy_seq2seq.seq2seq import _decode_under_cond
from tfcompat.contrib.legacy_seq2seq.seq2seq import _extract_argmax_and_embed
from tfcompat.contrib.legacy_seq2seq.seq2seq import _copy_cell
from tfcompat.contrib.legacy_seq2seq.seq2seq import embedding_rnn_decoder


def _check_attention_args(decoder_inputs, num_heads, attention_states):
    if not decoder_inputs:
        raise ValueError("Must provide at least 1 input to attention decoder.")
    if num_heads < 1:
        raise ValueError("With less than 1 heads, use a non-attention decoder.")
    if attention_states.get_shape()[2].value is None:
        raise ValueError("Shape[2] of attention_states must be known: %s"
                         % attention_states.get_shape())


class _Attention(object):
    """The attention heads over `attention_states` [batch, attn_length, attn_size]: per head
    `AttnW_a` (the 1x1 convolution of the states) and `AttnV_a`, made in the current scope;
    calling it with a query (the cell state) gives each head's attention-weighted read."""

    def __init__(self, attention_states, num_heads):
        self.num_heads = num_heads
        attn_length = attention_states.get_shape()[1].value
        if attn_length is None:
            attn_length = tf.shape(attention_states)[1]
        self.attn_length = attn_length
        self.attn_size = attn_size = attention_states.get_shape()[2].value
        # W1 * h_t as a 1x1 convolution over the states reshaped to [batch, length, 1, size]
        self.hidden = tf.reshape(attention_states, [-1, attn_length, 1, attn_size])
        self.vec_size = attn_size
        self.hidden_features, self.v = [], []
        for a in range(num_heads):
            k = tf.get_variable("AttnW_%d" % a, [1, 1, attn_size, self.vec_size])
            self.hidden_features.append(tf.nn.conv2d(self.hidden, k, [1, 1, 1, 1], "SAME"))
            self.v.append(tf.get_variable("AttnV_%d" % a, [self.vec_size]))

    def __call__(self, query):
        if tf.nest.is_nested(query):
            query_list = tf.nest.flatten(query)
            for q in query_list:
                ndims = q.get_shape().ndims
                if ndims:
                    assert ndims == 2
            query = tf.concat(query_list, 1)
        return [self._head(a, query) for a in range(self.num_heads)]

    def _head(self, a, query):
        with tf.variable_scope("Attention_%d" % a):
            y = linear(query, self.vec_size, True)
            y = tf.reshape(y, [-1, 1, 1, self.vec_size])
            # the mask is softmax(v^T tanh(W1 h_t + W2 query))
            s = tf.reduce_sum(self.v[a] * tf.tanh(self.hidden_features[a] + y), [2, 3])
            weights = tf.nn.softmax(s)
            d = tf.reduce_sum(tf.reshape(weights, [-1, self.attn_length, 1, 1]) * self.hidden,
                              [1, 2])
            return tf.reshape(d, [-1, self.attn_size])


def attention_decoder(decoder_inputs, initial_state, attention_states, cell, output_size=None,
                      num_heads=1, loop_function=None, dtype=None, scope=None,
                      initial_state_attention=False):
    """RNN decoder with attention: each step runs the cell on linear(input, previous reads),
    reads `attention_states` with the new state, and outputs linear(cell output, reads)
    (scope "AttnOutputProjection"). Returns (outputs, final state)."""
    _check_attention_args(decoder_inputs, num_heads, attention_states)
    if output_size is None:
        output_size = cell.output_size
    with tf.variable_scope(scope or "attention_decoder", dtype=dtype) as scope:
        dtype = scope.dtype
        batch_size = tf.shape(decoder_inputs[0])[0]
        attention = _Attention(attention_states, num_heads)
        state = initial_state
        outputs = []
        prev = None
        batch_attn_size = tf.stack([batch_size, attention.attn_size])
        attns = [tf.zeros(batch_attn_size, dtype=dtype) for _ in range(num_heads)]
        for a in attns:
            a.set_shape([None, attention.attn_size])
        if initial_state_attention:
            attns = attention(initial_state)
        for i, inp in enumerate(decoder_inputs):
            if i > 0:
                tf.get_variable_scope().reuse_variables()
            if loop_function is not None and prev is not None:
                with tf.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            input_size = inp.get_shape().with_rank(2)[1]
            if input_size.value is None:
                raise ValueError("Could not infer input size from input: %s" % inp.name)
            x = linear([inp] + attns, input_size, True)
            cell_output, state = cell(x, state)
            if i == 0 and initial_state_attention:
                with tf.variable_scope(tf.get_variable_scope(), reuse=True):
                    attns = attention(state)
            else:
                attns = attention(state)
            with tf.variable_scope("AttnOutputProjection"):
                output = linear([cell_output] + attns, output_size, True)
            if loop_function is not None:
                prev = output
            outputs.append(output)
    return outputs, state


def embedding_attention_decoder(decoder_inputs, initial_state, attention_states, cell,
                                num_symbols, embedding_size, num_heads=1, output_size=None,
                                output_projection=None, feed_previous=False,
                                update_embedding_for_previous=True, dtype=None, scope=None,
                                initial_state_attention=False):
    """attention_decoder over the embeddings (variable `embedding`) of the int32 inputs; with
    `feed_previous`, a greedy decoder from the first ("GO") input."""
    if output_size is None:
        output_size = cell.output_size
    if output_projection is not None:
        _check_projection(output_projection, num_symbols, dtype, check_weights=False)
    with tf.variable_scope(scope or "embedding_attention_decoder", dtype=dtype):
        embedding = tf.get_variable("embedding", [num_symbols, embedding_size])
        loop_function = _extract_argmax_and_embed(
            embedding, output_projection,
            update_embedding_for_previous) if feed_previous else None
        emb_inp = [tf.nn.embedding_lookup(embedding, i) for i in decoder_inputs]
        return attention_decoder(emb_inp, initial_state, attention_states, cell,
                                 output_size=output_size, num_heads=num_heads,
                                 loop_function=loop_function,
                                 initial_state_attention=initial_state_attention)


def embedding_attention_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols,
                                num_decoder_symbols, embedding_size, encoder_cell=None,
                                num_heads=1, output_projection=None, feed_previous=False,
                                dtype=None, scope=None, initial_state_attention=False):
    """The translate model: an EmbeddingWrapper encoder (`encoder_cell`, default a copy of
    `cell`) whose outputs are attended to by embedding_attention_decoder from its final state;
    without `output_projection` the decoder cell projects to `num_decoder_symbols`."""
    with tf.variable_scope(scope or "embedding_attention_seq2seq", dtype=dtype) as scope:
        dtype = scope.dtype
        if encoder_cell is None:
            encoder_cell = _copy_cell(cell)
        encoder_cell = EmbeddingWrapper(encoder_cell, embedding_classes=num_encoder_symbols,
                                        embedding_size=embedding_size)
        encoder_outputs, encoder_state = tf.nn.static_rnn(encoder_cell, encoder_inputs,
                                                          dtype=dtype)
        top_states = [tf.reshape(e, [-1, 1, cell.output_size]) for e in encoder_outputs]
        attention_states = tf.concat(top_states, 1)
        output_size = None
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols)
            output_size = num_decoder_symbols

        def decode(feed, update_embedding=True):
            return embedding_attention_decoder(
                decoder_inputs, encoder_state, attention_states, cell, num_decoder_symbols,
                embedding_size, num_heads=num_heads, output_size=output_size,
                output_projection=output_projection, feed_previous=feed,
                update_embedding_for_previous=update_embedding,
                initial_state_attention=initial_state_attention)

        if isinstance(feed_previous, bool):
            return decode(feed_previous)
        return _decode_under_cond(feed_previous, lambda feed: decode(feed, False),
                                  len(decoder_inputs), lambda: encoder_state)


def _check_cells(enc_cell, dec_cells_dict, decoder_inputs_dict):
    if not isinstance(enc_cell, tf.nn.rnn_cell.RNNCell):
        raise TypeError("enc_cell is not an RNNCell: %s" % type(enc_cell))
    if set(dec_cells_dict) != set(decoder_inputs_dict):
        # TF's message, typo included
        raise ValueError("keys of dec_cells_dict != keys of decodre_inputs_dict")
    for dec_cell in dec_cells_dict.values():
        if not isinstance(dec_cell, tf.nn.rnn_cell.RNNCell):
            raise TypeError("dec_cell is not an RNNCell: %s" % type(dec_cell))


def one2many_rnn_seq2seq(encoder_inputs, decoder_inputs_dict, enc_cell, dec_cells_dict,
                         num_encoder_symbols, num_decoder_symbols_dict, embedding_size,
                         feed_previous=False, dtype=None, scope=None):
    """One encoder, several decoders (multi-task, arXiv:1511.06114): each decoder `name` is an
    embedding_rnn_decoder with an output projection under scope "one2many_decoder_<name>".
    Returns ({name: outputs}, {name: final state})."""
    outputs_dict, state_dict = {}, {}
    _check_cells(enc_cell, dec_cells_dict, decoder_inputs_dict)
    with tf.variable_scope(scope or "one2many_rnn_seq2seq", dtype=dtype) as scope:
        dtype = scope.dtype
        enc_cell = EmbeddingWrapper(enc_cell, embedding_classes=num_encoder_symbols,
                                    embedding_size=embedding_size)
        _, encoder_state = tf.nn.static_rnn(enc_cell, encoder_inputs, dtype=dtype)
        for name, decoder_inputs in decoder_inputs_dict.items():
            num_decoder_symbols = num_decoder_symbols_dict[name]
            with tf.variable_scope("one2many_decoder_" + str(name)):
                dec_cell = OutputProjectionWrapper(dec_cells_dict[name], num_decoder_symbols)

                def decode(feed, inputs=decoder_inputs, cell=dec_cell,
                           symbols=num_decoder_symbols):
                    return embedding_rnn_decoder(inputs, encoder_state, cell, symbols,
                                                 embedding_size, feed_previous=feed)

                if isinstance(feed_previous, bool):
                    outputs, state = decode(feed_previous)
                else:
                    outputs, state = _decode_under_cond(feed_previous, decode,
                                                        len(decoder_inputs),
                                                        lambda: encoder_state)
            outputs_dict[name] = outputs
            state_dict[name] = state
    return outputs_dict, state_dict

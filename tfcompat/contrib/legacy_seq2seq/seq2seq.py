"""TF 1.15's `tf.contrib.legacy_seq2seq` models and decoders (the translate, chatbot and
char-rnn tutorials): static (Python-list) sequences, one cell call per step.

Variable and scope names are TF's (`embedding_attention_seq2seq/rnn/embedding_wrapper/embedding`,
`.../attention_decoder/AttnW_0`, `.../Attention_0/kernel`, `.../AttnOutputProjection/kernel`), so
a checkpoint of a TF 1.x model restores into the same code. The ops are built in TF's order
(see core_rnn_cell.py) so that seeded initializers draw TF's numbers.
"""
from __future__ import annotations

import copy

import tfcompat as tf
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import EmbeddingWrapper
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import OutputProjectionWrapper
from tfcompat.contrib.legacy_seq2seq.core_rnn_cell import _Linear
from tfcompat.nn.rnn_cell_impl import RNNCell

# What a cell gains on its first call; a copy of a called cell starts without it
_CALL_STATE = {"built": lambda: False, "_trainable_weights": list,
               "_non_trainable_weights": list, "_updates": list, "_losses": list,
               "_current_scope": lambda: None, "_scope": lambda: None}
_SHARED = (tf.Tensor, tf.Variable, tf.Operation, tf.Graph, tf.VariableScope)


def _copy_cell(cell):
    """The copy of `cell` TF's models make with copy.deepcopy for their encoder, except that
    graph objects the cell holds (a keep_prob placeholder) are shared, and a cell that has
    already been called is copied as it was before that call (its variables are made again,
    or found by name under reuse). TF 1.1+ fails on both ("can't pickle _thread.lock
    objects"); TF 1.0's cells copied this way, and the translate tutorial's bucketed model,
    which passes one cell to every bucket, relies on it."""
    return _fresh(cell, {})


def _fresh(value, memo):
    if id(value) in memo:
        return memo[id(value)]
    if isinstance(value, RNNCell):
        return _fresh_cell(value, memo)
    if isinstance(value, _Linear):
        return None  # made by a wrapper's first call
    if isinstance(value, _SHARED):
        return value
    if isinstance(value, list):
        return [_fresh(v, memo) for v in value]
    if isinstance(value, tuple):
        items = [_fresh(v, memo) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if isinstance(value, dict):
        return type(value)((k, _fresh(v, memo)) for k, v in value.items())
    return copy.deepcopy(value, memo)


def _fresh_cell(cell, memo):
    out = object.__new__(type(cell))
    memo[id(cell)] = out
    called = getattr(cell, "built", False)
    if called:
        # the variables the call made are dropped; others it holds (a keep_prob) are shared
        for variable in cell.__dict__.get("_trainable_weights", []) + cell.__dict__.get(
                "_non_trainable_weights", []):
            memo[id(variable)] = None
    for name, value in vars(cell).items():
        if called and name == "rnncell_scope":
            continue
        if called and name in _CALL_STATE:
            value = _CALL_STATE[name]()
        else:
            value = _fresh(value, memo)
        out.__dict__[name] = value
    return out


def _extract_argmax_and_embed(embedding, output_projection=None, update_embedding=True):
    """A loop_function feeding the embedding of the previous step's argmax symbol (after the
    output projection, if any); with `update_embedding` False no gradient reaches it."""

    def loop_function(prev, _):
        if output_projection is not None:
            prev = tf.nn.xw_plus_b(prev, output_projection[0], output_projection[1])
        prev_symbol = tf.argmax(prev, 1)
        emb_prev = tf.nn.embedding_lookup(embedding, prev_symbol)
        if not update_embedding:
            emb_prev = tf.stop_gradient(emb_prev)
        return emb_prev

    return loop_function


def rnn_decoder(decoder_inputs, initial_state, cell, loop_function=None, scope=None):
    """Runs `cell` over `decoder_inputs` from `initial_state`; with `loop_function`, step i > 0
    takes `loop_function(output[i-1], i)` instead of its input. Returns (outputs, state)."""
    with tf.variable_scope(scope or "rnn_decoder"):
        state = initial_state
        outputs = []
        prev = None
        for i, inp in enumerate(decoder_inputs):
            if loop_function is not None and prev is not None:
                with tf.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            if i > 0:
                tf.get_variable_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
            if loop_function is not None:
                prev = output
    return outputs, state


def basic_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, dtype=tf.float32, scope=None):
    """Encoder and decoder of the same cell type (a deep copy: separate weights)."""
    with tf.variable_scope(scope or "basic_rnn_seq2seq"):
        enc_cell = _copy_cell(cell)
        _, enc_state = tf.nn.static_rnn(enc_cell, encoder_inputs, dtype=dtype)
        return rnn_decoder(decoder_inputs, enc_state, cell)


def tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, loop_function=None,
                     dtype=tf.float32, scope=None):
    """Encoder and decoder sharing one cell's weights (scope `scope` or "tied_rnn_seq2seq"
    under "combined_tied_rnn_seq2seq")."""
    with tf.variable_scope("combined_tied_rnn_seq2seq"):
        scope = scope or "tied_rnn_seq2seq"
        _, enc_state = tf.nn.static_rnn(cell, encoder_inputs, dtype=dtype, scope=scope)
        tf.get_variable_scope().reuse_variables()
        return rnn_decoder(decoder_inputs, enc_state, cell, loop_function=loop_function,
                           scope=scope)


def _check_projection(output_projection, num_symbols, dtype, check_weights=True):
    """The output projection (W, B) must be [?, num_symbols] and [num_symbols]."""
    if check_weights:
        proj_weights = tf.convert_to_tensor(output_projection[0], dtype=dtype)
        proj_weights.get_shape().assert_is_compatible_with([None, num_symbols])
    proj_biases = tf.convert_to_tensor(output_projection[1], dtype=dtype)
    proj_biases.get_shape().assert_is_compatible_with([num_symbols])


def embedding_rnn_decoder(decoder_inputs, initial_state, cell, num_symbols, embedding_size,
                          output_projection=None, feed_previous=False,
                          update_embedding_for_previous=True, scope=None):
    """rnn_decoder over the embeddings (variable `embedding`) of the int32 `decoder_inputs`;
    with `feed_previous`, a greedy decoder from the first ("GO") input."""
    with tf.variable_scope(scope or "embedding_rnn_decoder") as scope:
        if output_projection is not None:
            _check_projection(output_projection, num_symbols, scope.dtype)
        embedding = tf.get_variable("embedding", [num_symbols, embedding_size])
        loop_function = _extract_argmax_and_embed(
            embedding, output_projection,
            update_embedding_for_previous) if feed_previous else None
        # a generator, as in TF: each lookup is built just before its step
        emb_inp = (tf.nn.embedding_lookup(embedding, i) for i in decoder_inputs)
        return rnn_decoder(emb_inp, initial_state, cell, loop_function=loop_function)


def _decode_under_cond(feed_previous, decode, num_outputs, state_structure):
    """TF's two decoders for a Tensor `feed_previous`: `decode(True)` (making the variables)
    and `decode(False)` (reusing them) in the branches of one tf.cond. Returns (outputs, state)
    with the state packed like `state_structure()` (called after the cond, where TF builds it)."""

    def branch(feed_previous_bool):
        reuse = None if feed_previous_bool else True
        with tf.variable_scope(tf.get_variable_scope(), reuse=reuse):
            outputs, state = decode(feed_previous_bool)
            state_list = tf.nest.flatten(state) if tf.nest.is_nested(state) else [state]
            return outputs + state_list

    outputs_and_state = tf.cond(feed_previous, lambda: branch(True), lambda: branch(False))
    state_list = outputs_and_state[num_outputs:]
    state = state_list[0]
    structure = state_structure()
    if tf.nest.is_nested(structure):
        state = tf.nest.pack_sequence_as(structure=structure, flat_sequence=state_list)
    return outputs_and_state[:num_outputs], state


def embedding_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols,
                          num_decoder_symbols, embedding_size, output_projection=None,
                          feed_previous=False, dtype=None, scope=None):
    """An EmbeddingWrapper encoder (copy of `cell`), then embedding_rnn_decoder from its final
    state; without `output_projection` the decoder cell projects to `num_decoder_symbols`."""
    with tf.variable_scope(scope or "embedding_rnn_seq2seq") as scope:
        if dtype is not None:
            scope.set_dtype(dtype)
        else:
            dtype = scope.dtype
        encoder_cell = EmbeddingWrapper(_copy_cell(cell),
                                        embedding_classes=num_encoder_symbols,
                                        embedding_size=embedding_size)
        _, encoder_state = tf.nn.static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols)

        def decode(feed, update_embedding=True):
            return embedding_rnn_decoder(
                decoder_inputs, encoder_state, cell, num_decoder_symbols, embedding_size,
                output_projection=output_projection, feed_previous=feed,
                update_embedding_for_previous=update_embedding)

        if isinstance(feed_previous, bool):
            return decode(feed_previous)
        return _decode_under_cond(feed_previous, lambda feed: decode(feed, False),
                                  len(decoder_inputs), lambda: encoder_state)


def embedding_tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, num_symbols,
                               embedding_size, num_decoder_symbols=None,
                               output_projection=None, feed_previous=False, dtype=None,
                               scope=None):
    """tied_rnn_seq2seq over one shared `embedding` of encoder and decoder symbols; outputs
    over `num_decoder_symbols` (default `num_symbols`) without `output_projection`."""
    with tf.variable_scope(scope or "embedding_tied_rnn_seq2seq", dtype=dtype) as scope:
        dtype = scope.dtype
        if output_projection is not None:
            _check_projection(output_projection, num_symbols, dtype)
        embedding = tf.get_variable("embedding", [num_symbols, embedding_size], dtype=dtype)
        emb_encoder_inputs = [tf.nn.embedding_lookup(embedding, x) for x in encoder_inputs]
        emb_decoder_inputs = [tf.nn.embedding_lookup(embedding, x) for x in decoder_inputs]
        output_symbols = num_symbols if num_decoder_symbols is None else num_decoder_symbols
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, output_symbols)

        def decode(feed, update_embedding=True):
            loop_function = _extract_argmax_and_embed(
                embedding, output_projection, update_embedding) if feed else None
            return tied_rnn_seq2seq(emb_encoder_inputs, emb_decoder_inputs, cell,
                                    loop_function=loop_function, dtype=dtype)

        if isinstance(feed_previous, bool):
            return decode(feed_previous)
        return _decode_under_cond(feed_previous, lambda feed: decode(feed, False),
                                  len(decoder_inputs),
                                  lambda: _tied_zero_state(encoder_inputs, cell, dtype))


def _tied_zero_state(encoder_inputs, cell, dtype):
    """The cell's zero state (built after the cond, as TF does, for its structure only)."""
    static_batch_size = encoder_inputs[0].get_shape()[0]
    for inp in encoder_inputs[1:]:
        static_batch_size.merge_with(inp.get_shape()[0])
    batch_size = static_batch_size.value
    if batch_size is None:
        batch_size = tf.shape(encoder_inputs[0])[0]
    return cell.zero_state(batch_size, dtype)

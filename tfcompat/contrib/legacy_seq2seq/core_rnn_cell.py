"""TF 1.15's `contrib/rnn/python/ops/core_rnn_cell.py`, which legacy_seq2seq builds on: the
`_linear` helper (variables `kernel` and `bias` in the current scope) and the cell wrappers
EmbeddingWrapper, InputProjectionWrapper and OutputProjectionWrapper, with TF's scope names
(`embedding_wrapper/embedding`, `output_projection_wrapper/kernel`) so checkpoints map.

Written against the public `tf` API only, op for op as TF 1.15 builds them: with a graph-level
seed, an initializer's op seed is the graph's op count, so the same ops in the same order are
what make seeded initializers draw TF's numbers.
"""
from __future__ import annotations

import math

import tfcompat as tf
from tfcompat.nn.rnn_cell_impl import RNNCell

_WEIGHTS_VARIABLE_NAME = "kernel"
_BIAS_VARIABLE_NAME = "bias"


def _like_rnncell(cell):
    return (hasattr(cell, "output_size") and hasattr(cell, "state_size")
            and hasattr(cell, "zero_state") and callable(cell))


def _arg_list(args):
    """`args` as a non-empty list and whether it was given as one."""
    if args is None or (tf.nest.is_nested(args) and not args):
        raise ValueError("`args` must be specified")
    if not tf.nest.is_nested(args):
        return [args], False
    return list(args), True


def _total_arg_size(args):
    """The sum of the static dimension 1 of the 2-D `args`."""
    shapes = [a.get_shape() for a in args]
    total = 0
    for shape in shapes:
        if shape.ndims != 2:
            raise ValueError("linear is expecting 2D arguments: %s" % shapes)
        if shape[1].value is None:
            raise ValueError("linear expects shape[1] to be provided for shape %s, but saw %s"
                             % (shape, shape[1]))
        total += shape[1].value
    return total


def _bias_variable(outer_scope, output_size, dtype, bias_initializer):
    with tf.variable_scope(outer_scope) as inner_scope:
        # TF never partitions the bias, even under a partitioner
        inner_scope.set_partitioner(None)
        if bias_initializer is None:
            bias_initializer = tf.constant_initializer(0.0, dtype=dtype)
        return tf.get_variable(_BIAS_VARIABLE_NAME, [output_size], dtype=dtype,
                               initializer=bias_initializer)


def _linear(args, output_size, bias, bias_initializer=None, kernel_initializer=None):
    """sum_i(args[i] @ W[i]) (+ bias): TF 1.15's `rnn_cell_impl._linear`, the `linear` of
    legacy_seq2seq, with its variables `kernel` [sum of input sizes, output_size] and `bias`
    in the current variable scope."""
    args, _ = _arg_list(args)
    total_arg_size = _total_arg_size(args)
    dtype = args[0].dtype
    with tf.variable_scope(tf.get_variable_scope()) as outer_scope:
        weights = tf.get_variable(_WEIGHTS_VARIABLE_NAME, [total_arg_size, output_size],
                                  dtype=dtype, initializer=kernel_initializer)
        if len(args) == 1:
            res = tf.matmul(args[0], weights)
        else:
            res = tf.matmul(tf.concat(args, 1), weights)
        if not bias:
            return res
        biases = _bias_variable(outer_scope, output_size, dtype, bias_initializer)
        return tf.nn.bias_add(res, biases)


class _Linear(object):
    """TF 1.15's `_Linear`: `_linear` with its variables made once, at construction."""

    def __init__(self, args, output_size, build_bias, bias_initializer=None,
                 kernel_initializer=None):
        self._build_bias = build_bias
        args, self._is_sequence = _arg_list(args)
        total_arg_size = _total_arg_size(args)
        dtype = args[0].dtype
        with tf.variable_scope(tf.get_variable_scope()) as outer_scope:
            self._weights = tf.get_variable(
                _WEIGHTS_VARIABLE_NAME, [total_arg_size, output_size], dtype=dtype,
                initializer=kernel_initializer)
            if build_bias:
                self._biases = _bias_variable(outer_scope, output_size, dtype,
                                              bias_initializer)

    def __call__(self, args):
        if not self._is_sequence:
            args = [args]
        if len(args) == 1:
            res = tf.matmul(args[0], self._weights)
        else:
            # TF makes the axis constant before the concat; kept for the op count
            one = tf.constant(1, dtype=tf.int32)
            res = tf.matmul(tf.concat(args, one), self._weights)
        if self._build_bias:
            res = tf.nn.bias_add(res, self._biases)
        return res


class _WrapperCell(RNNCell):
    """A cell around `cell` with its state (and, unless overridden, output) size."""

    def __init__(self, cell, reuse=None):
        super().__init__(_reuse=reuse)
        if not _like_rnncell(cell):
            raise TypeError("The parameter cell is not RNNCell.")
        self._cell = cell

    @property
    def state_size(self):
        return self._cell.state_size

    @property
    def output_size(self):
        return self._cell.output_size

    def zero_state(self, batch_size, dtype):
        with tf.name_scope(type(self).__name__ + "ZeroState", values=[batch_size]):
            return self._cell.zero_state(batch_size, dtype)


class EmbeddingWrapper(_WrapperCell):
    """TF1 `tf.contrib.rnn.EmbeddingWrapper`: embeds the integer inputs (variable
    `embedding`, [embedding_classes, embedding_size], on the CPU as in TF) before the cell."""

    def __init__(self, cell, embedding_classes, embedding_size, initializer=None, reuse=None):
        super().__init__(cell, reuse=reuse)
        if embedding_classes <= 0 or embedding_size <= 0:
            raise ValueError("Both embedding_classes and embedding_size must be > 0: %d, %d."
                             % (embedding_classes, embedding_size))
        self._embedding_classes = embedding_classes
        self._embedding_size = embedding_size
        self._initializer = initializer

    def _embedding_initializer(self):
        if self._initializer:
            return self._initializer
        if tf.get_variable_scope().initializer:
            return tf.get_variable_scope().initializer
        # Uniform(-sqrt(3), sqrt(3)) has variance 1, TF's default for embeddings
        sqrt3 = math.sqrt(3)
        return tf.random_uniform_initializer(-sqrt3, sqrt3)

    def call(self, inputs, state):
        with tf.device("/cpu:0"):
            data_type = state[0].dtype if isinstance(state, tuple) else state.dtype
            embedding = tf.get_variable(
                "embedding", [self._embedding_classes, self._embedding_size],
                initializer=self._embedding_initializer(), dtype=data_type)
            embedded = tf.nn.embedding_lookup(embedding, tf.reshape(inputs, [-1]))
            return self._cell(embedded, state)


class InputProjectionWrapper(_WrapperCell):
    """TF1 `tf.contrib.rnn.InputProjectionWrapper`: a linear map of the inputs to `num_proj`
    (then `activation`) before the cell."""

    def __init__(self, cell, num_proj, activation=None, input_size=None, reuse=None):
        super().__init__(cell, reuse=reuse)
        if input_size is not None:
            tf.logging.warn("%s: The input_size parameter is deprecated.", self)
        self._num_proj = num_proj
        self._activation = activation
        self._linear = None

    def call(self, inputs, state):
        if self._linear is None:
            self._linear = _Linear(inputs, self._num_proj, True)
        projected = self._linear(inputs)
        if self._activation:
            projected = self._activation(projected)
        return self._cell(projected, state)


class OutputProjectionWrapper(_WrapperCell):
    """TF1 `tf.contrib.rnn.OutputProjectionWrapper`: the cell, then a linear map of its output
    to `output_size` (then `activation`)."""

    def __init__(self, cell, output_size, activation=None, reuse=None):
        super().__init__(cell, reuse=reuse)
        if output_size < 1:
            raise ValueError("Parameter output_size must be > 0: %d." % output_size)
        self._output_size = output_size
        self._activation = activation
        self._linear = None

    @property
    def output_size(self):
        return self._output_size

    def call(self, inputs, state):
        output, res_state = self._cell(inputs, state)
        if self._linear is None:
            self._linear = _Linear(output, self._output_size, True)
        projected = self._linear(output)
        if self._activation:
            projected = self._activation(projected)
        return projected, res_state

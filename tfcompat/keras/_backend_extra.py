"""The rest of `tf.keras.backend`'s helpers that 2017-2019 Keras code calls in graph mode: batch
normalization (inference and in-training), the time loop `rnn`, the transposed, depthwise and
separable convolutions, `resize_images`, the random-valued variables and the CTC helpers of the Keras OCR
example, built as tf_keras builds them on a CPU (channels_first input is transposed to NHWC and
back). backend.py re-exports them (`K.<name>`)."""
from __future__ import annotations

import numpy as np

import tfcompat as tf
from tfcompat import _lazy

# the backend re-exports this module: reached on first use
_backend = _lazy.lazy_module("tfcompat.keras.backend")
_more = _lazy.lazy_module("tfcompat.keras._backend_more")

# tf_keras resizes with tf.image.resize (TF2's: half-pixel centers)
_RESIZE_METHODS = {"area": "resize_area", "bicubic": "resize_bicubic",
                   "bilinear": "resize_bilinear", "nearest": "resize_nearest_neighbor"}


# -- batch normalization -------------------------------------------------------------------------
def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    """`x` normalized with the given statistics (a fused inference batch norm for 4-D input)."""
    if x.shape.ndims != 4:
        return tf.nn.batch_normalization(x, mean, var, beta, gamma, epsilon)
    data_format = "NCHW" if axis in (1, -3) else "NHWC" if axis in (3, -1) else None
    if data_format == "NHWC":   # (tf_keras reshapes for NCHW only where the device has it)
        mean, var = _flat(mean), _flat(var)
        beta = tf.zeros_like(mean) if beta is None else _flat(beta)
        gamma = tf.ones_like(mean) if gamma is None else _flat(gamma)
    y, _, _ = tf.nn.fused_batch_norm(x, gamma, beta, epsilon=epsilon, mean=mean, variance=var,
                                     data_format=data_format, is_training=False)
    return y


def _flat(t):
    return tf.reshape(t, [-1]) if t.shape.ndims is not None and t.shape.ndims > 1 else t


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=1e-3):
    """(normalized x, batch mean, batch variance) over `reduction_axes`."""
    axes, rank = list(reduction_axes), x.shape.ndims
    if rank == 4 and axes == [0, 1, 2]:
        return _fused_in_training(x, gamma, beta, epsilon)
    if not (rank == 4 and axes == [0, 2, 3]) and sorted(axes) == list(range(rank))[:-1]:
        mean, var = tf.nn.moments(x, axes, None, None, False)
        return tf.nn.batch_normalization(x, mean, var, beta, gamma, epsilon), mean, var
    return _broadcast_in_training(x, gamma, beta, axes, epsilon)


def _fused_in_training(x, gamma, beta, epsilon):
    channels = x.shape.as_list()[3]
    gamma = tf.constant(1.0, dtype=x.dtype, shape=[channels]) if gamma is None else gamma
    beta = tf.constant(0.0, dtype=x.dtype, shape=[channels]) if beta is None else beta
    return tf.nn.fused_batch_norm(x, gamma, beta, epsilon=epsilon, data_format="NHWC")


def _broadcast_in_training(x, gamma, beta, axes, epsilon):
    mean, var = tf.nn.moments(x, axes, None, None, False)
    target = tf.stack([1 if axis in axes else tf.shape(x)[axis]
                       for axis in range(x.shape.ndims)])

    def broadcast(t):
        return None if t is None else tf.reshape(t, target)
    normed = tf.nn.batch_normalization(x, broadcast(mean), broadcast(var), broadcast(beta),
                                       broadcast(gamma), epsilon)
    return normed, mean, var


# -- convolutions ------------------------------------------------------------------------------
def _nhwc(x, data_format):
    data_format = _more._data_format(data_format)
    return (tf.transpose(x, (0, 2, 3, 1)) if data_format == "channels_first" else x), \
        data_format


def _back(x, data_format):
    return tf.transpose(x, (0, 3, 1, 2)) if data_format == "channels_first" else x


def conv2d_transpose(x, kernel, output_shape, strides=(1, 1), padding="valid",
                     data_format=None, dilation_rate=(1, 1)):
    x, data_format = _nhwc(x, data_format)
    if data_format == "channels_first":
        output_shape = (output_shape[0], output_shape[2], output_shape[3], output_shape[1])
    if output_shape[0] is None:
        output_shape = (tf.shape(x)[0],) + tuple(output_shape[1:])
    if isinstance(output_shape, (tuple, list)):
        output_shape = tf.stack(list(output_shape))
    padding = _more._padding(padding)
    if tuple(dilation_rate) == (1, 1):
        x = tf.nn.conv2d_transpose(x, kernel, output_shape, (1,) + tuple(strides) + (1,),
                                   padding=padding, data_format="NHWC")
    else:
        if dilation_rate[0] != dilation_rate[1]:
            raise ValueError("Expected the 2 dimensions of the `dilation_rate` argument to be "
                             "equal to each other. Received: dilation_rate=%s"
                             % (dilation_rate,))
        x = tf.nn.atrous_conv2d_transpose(x, kernel, output_shape, rate=dilation_rate[0],
                                          padding=padding)
    return _back(x, data_format)


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None,
                     dilation_rate=(1, 1)):
    x, data_format = _nhwc(x, data_format)
    x = tf.nn.depthwise_conv2d(x, depthwise_kernel, strides=(1,) + tuple(strides) + (1,),
                               padding=_more._padding(padding), rate=dilation_rate,
                               data_format="NHWC")
    return _back(x, data_format)


def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding="valid",
                     data_format=None, dilation_rate=(1, 1)):
    if len(strides) != 2:
        raise ValueError("`strides` must be a tuple of 2 integers.")
    x, data_format = _nhwc(x, data_format)
    x = tf.nn.separable_conv2d(x, depthwise_kernel, pointwise_kernel,
                               strides=(1,) + tuple(strides) + (1,),
                               padding=_more._padding(padding), rate=dilation_rate,
                               data_format="NHWC")
    return _back(x, data_format)


def resize_images(x, height_factor, width_factor, data_format, interpolation="nearest"):
    """`x` with its rows and columns scaled by integer factors."""
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError("Invalid `data_format` argument: %s" % (data_format,))
    if interpolation not in _RESIZE_METHODS:
        raise ValueError("`interpolation` argument should be one of: %s. Received: \"%s\"."
                         % (", ".join('"%s"' % k for k in _RESIZE_METHODS), interpolation))
    rows = 2 if data_format == "channels_first" else 1
    size = x.shape[rows:rows + 2]
    size = (tf.constant(size.as_list(), dtype="int32") if size.is_fully_defined()
            else tf.shape(x)[rows:rows + 2])
    size *= tf.constant(np.array([height_factor, width_factor], dtype="int32"))
    x, _ = _nhwc(x, data_format)
    if interpolation == "area":
        x = tf.image.resize_area(x, size)
    else:
        x = getattr(tf.image, _RESIZE_METHODS[interpolation])(x, size, half_pixel_centers=True)
    return _back(x, data_format)


# -- random-valued variables -----------------------------------------------------------------
def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    dtype = dtype or _backend.floatx()
    init = tf.random_uniform_initializer(low, high, dtype=tf.as_dtype(dtype),
                                         seed=_more._seed(seed))
    return _backend.variable(init(shape), dtype=dtype, name=name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    dtype = dtype or _backend.floatx()
    init = tf.random_normal_initializer(mean, scale, dtype=tf.as_dtype(dtype),
                                        seed=_more._seed(seed))
    return _backend.variable(init(shape), dtype=dtype, name=name)


# -- the time loop of custom recurrent layers ------------------------------------------------
def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None,
        unroll=False, input_length=None, time_major=False, zero_output_for_mask=False,
        return_all_outputs=True):
    """(last output, outputs, last states) of `step_function(input_t, states + constants) ->
    (output_t, new_states)` over the time axis; a masked step keeps the previous output (zeros
    with zero_output_for_mask) and states. The loop is a tf.scan (tf_keras: a while_loop of
    the same steps; `unroll` gives the same values)."""
    perm = [1, 0] + list(range(2, inputs.shape.ndims))
    inputs = inputs if time_major else tf.transpose(inputs, perm)
    if mask is not None:
        mask = tf.cast(mask, tf.bool) if mask.dtype != tf.bool else mask
        mask = mask if time_major else tf.transpose(mask, [1, 0])
    if go_backwards:
        inputs = tf.reverse(inputs, [0])
        mask = None if mask is None else tf.reverse(mask, [0])
    extra = tuple(constants or ())
    states = list(initial_states)
    first, _ = step_function(inputs[0], tuple(states) + extra)   # (tf_keras calls it once too)

    def step(carry, elem):
        prev_output, prev_states = carry
        x, keep = elem if mask is not None else (elem, None)
        output, new_states = step_function(x, tuple(prev_states) + extra)
        new_states = list(new_states) if isinstance(new_states, (list, tuple)) else [new_states]
        if keep is not None:
            output = tf.where(keep, output,
                              tf.zeros_like(output) if zero_output_for_mask else prev_output)
            new_states = [tf.where(keep, n, o) for n, o in zip(new_states, prev_states)]
        return output, new_states
    outputs, all_states = tf.scan(step, (inputs, mask) if mask is not None else inputs,
                                  initializer=(tf.zeros_like(first), states))
    last_output = outputs[-1]
    if not return_all_outputs:
        outputs = tf.expand_dims(last_output, 0)
    outputs = outputs if time_major else tf.transpose(outputs, [1, 0] + perm[2:])
    return last_output, outputs, [s[-1] for s in all_states]


# -- CTC -------------------------------------------------------------------------------------
def ctc_label_dense_to_sparse(labels, label_lengths):
    """The SparseTensor of each row's first `label_lengths[i]` labels."""
    label_shape = tf.shape(labels)
    num_batches = tf.stack([label_shape[0]])
    max_labels = tf.stack([label_shape[1]])

    def range_less_than(old_input, current_input):
        return tf.expand_dims(tf.range(tf.shape(old_input)[1]), 0) < tf.fill(max_labels,
                                                                             current_input)
    init = tf.cast(tf.fill([1, label_shape[1]], 0), tf.bool)
    dense_mask = tf.scan(range_less_than, label_lengths, initializer=init,
                         parallel_iterations=1)[:, 0, :]
    label_array = tf.reshape(tf.tile(tf.range(0, label_shape[1]), num_batches), label_shape)
    label_ind = tf.boolean_mask(label_array, dense_mask)
    batch_array = tf.transpose(tf.reshape(tf.tile(tf.range(0, label_shape[0]), max_labels),
                                          tf.reverse(label_shape, [0])))
    batch_ind = tf.boolean_mask(batch_array, dense_mask)
    indices = tf.transpose(tf.reshape(tf.concat([batch_ind, label_ind], axis=0), [2, -1]))
    values = tf.gather_nd(labels, indices)
    return tf.SparseTensor(tf.cast(indices, tf.int64), values, tf.cast(label_shape, tf.int64))


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """Per-sample CTC loss `(samples, 1)` of softmax outputs `y_pred` (samples, steps,
    classes; the last class is the blank)."""
    label_length = tf.cast(tf.squeeze(label_length, axis=-1), tf.int32)
    input_length = tf.cast(tf.squeeze(input_length, axis=-1), tf.int32)
    sparse_labels = tf.cast(ctc_label_dense_to_sparse(y_true, label_length), tf.int32)
    y_pred = tf.log(tf.transpose(y_pred, perm=[1, 0, 2]) + _backend.epsilon())
    return tf.expand_dims(tf.nn.ctc_loss(inputs=y_pred, labels=sparse_labels,
                                         sequence_length=input_length), 1)


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1):
    """([dense decoded paths, -1 padded], log probabilities) of softmax outputs `y_pred`."""
    input_shape = tf.shape(y_pred)
    num_samples, num_steps = input_shape[0], input_shape[1]
    y_pred = tf.log(tf.transpose(y_pred, perm=[1, 0, 2]) + _backend.epsilon())
    input_length = tf.cast(input_length, tf.int32)
    if greedy:
        decoded, log_prob = tf.nn.ctc_greedy_decoder(inputs=y_pred,
                                                     sequence_length=input_length)
    else:
        decoded, log_prob = tf.nn.ctc_beam_search_decoder(inputs=y_pred,
                                                          sequence_length=input_length,
                                                          beam_width=beam_width,
                                                          top_paths=top_paths)
    dense = [tf.sparse.to_dense(tf.SparseTensor(st.indices, st.values,
                                                (num_samples, num_steps)), default_value=-1)
             for st in decoded]
    return dense, log_prob


__all__ = ["rnn", "batch_normalization", "normalize_batch_in_training", "conv2d_transpose",
           "depthwise_conv2d", "separable_conv2d", "resize_images", "random_uniform_variable",
           "random_normal_variable", "ctc_label_dense_to_sparse", "ctc_batch_cost", "ctc_decode"]

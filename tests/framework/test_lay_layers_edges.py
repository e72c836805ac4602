"""tf.layers edge cases found by the S77 sweep: input-spec and axis messages, layer dtype from
int inputs, flatten of unknown rank, conv argument checks, dropout rate check, pooling1d
graph structure, and `Layer.losses` rebuilding weight regularizers on each read."""
import numpy as np
import pytest


def _msg(fn):
    with pytest.raises(Exception) as e:
        fn()
    return type(e.value).__name__, str(e.value).split("\n")[0]


def test_rank_error_prints_dimensions(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    assert _msg(lambda: tf.layers.conv2d(x, 2, 3, name="c")) == (
        "ValueError", 'Input 0 of layer "c" is incompatible with the layer: expected min_ndim=4, '
        "found ndim=2. Full shape received: (Dimension(None), Dimension(3))")
    assert _msg(lambda: tf.layers.max_pooling2d(x, 2, 2, name="p")) == (
        "ValueError", 'Input 0 of layer "p" is incompatible with the layer: expected ndim=4, '
        "found ndim=2. Full shape received: (Dimension(None), Dimension(3))")


def test_dense_int_input_is_type_error(tf):
    assert _msg(lambda: tf.layers.dense(tf.constant([[1, 2]]), 3)) == (
        "TypeError", "A Dense layer can only be built with a floating-point dtype. "
        "Received: dtype=<dtype: 'int32'>")
    assert tf.global_variables() == []


def test_layer_dtype_from_int_input(tf):
    layer = tf.layers.Conv1D(2, 1)
    y = layer(tf.ones([1, 2, 2], tf.int32))
    assert layer.dtype == "int32" and y.dtype == tf.int32
    assert layer.kernel.dtype.base_dtype == tf.int32


def test_flatten_unknown_rank(tf):
    y = tf.layers.flatten(tf.placeholder(tf.float32))
    assert y.shape.as_list() == [None, None]
    with tf.Session() as sess:
        assert sess.run(y, {y.op.inputs[0]: np.ones((2, 3, 2))}).shape == (2, 6)


def test_batch_norm_axis_errors(tf):
    assert _msg(lambda: tf.layers.batch_normalization(tf.zeros([2, 3]), axis=5)) == (
        "ValueError", "Invalid value for `axis` argument. Expected 0 <= axis < inputs.rank "
        "(with inputs.rank=2). Received: axis=(5,)")
    assert _msg(lambda: tf.layers.batch_normalization(tf.placeholder(tf.float32))) == (
        "ValueError", "Input has undefined rank. Received: input_shape=<unknown>")
    assert _msg(lambda: tf.layers.batch_normalization(tf.placeholder(tf.float32, [2, None]))) == (
        "ValueError", "Input has undefined `axis` dimension. Received input with shape "
        "(Dimension(2), Dimension(None)) and axis=(1,)")
    assert _msg(lambda: tf.layers.batch_normalization(tf.zeros([2, 3]), axis=[1, -1])) == (
        "ValueError", "Duplicate axis: (1, 1)")


def test_dropout_rate_out_of_range(tf):
    assert _msg(lambda: tf.layers.dropout(tf.zeros([2]), 1.5, training=True)) == (
        "ValueError", "Invalid value 1.5 received for `rate`, expected a value between 0 and 1.")


def test_pooling1d_pools_a_trailing_unit_axis(tf):
    y = tf.layers.max_pooling1d(tf.zeros([2, 6, 3]), 2, 3)
    pool = y.op.inputs[0].op
    assert pool.type == "MaxPool"
    assert list(pool.get_attr("ksize")) == [1, 2, 1, 1]
    assert list(pool.get_attr("strides")) == [1, 3, 1, 1]
    assert y.shape.as_list() == [2, 2, 3]


def test_losses_rebuild_weight_regularizers(tf):
    x = tf.ones([2, 4])
    d = tf.layers.Dense(3, name="obj", kernel_regularizer=tf.nn.l2_loss,
                        bias_regularizer=lambda b: tf.reduce_sum(b),
                        activity_regularizer=tf.reduce_sum,
                        kernel_initializer=tf.constant_initializer(0.5),
                        bias_initializer=tf.constant_initializer(1.))
    d(x)
    names = [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)]
    assert names == ["obj/kernel/Regularizer/L2Loss:0", "obj/bias/Regularizer/Sum:0",
                     "obj/ActivityRegularizer/truediv:0"]
    assert [t.name for t in d.losses] == ["obj/ActivityRegularizer/truediv:0",
                                          "kernel/Regularizer/L2Loss:0", "bias/Regularizer/Sum:0"]
    assert [t.name for t in d.losses][1:] == ["kernel/Regularizer_1/L2Loss:0",
                                              "bias/Regularizer_1/Sum:0"]
    assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 3
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(d.losses), [9.0, 1.5, 3.0])


def test_conv_argument_tuples_checked(tf):
    x = tf.zeros([1, 4, 4, 2])
    req = " including {0} that does not satisfy the requirement `> 0`."
    assert _msg(lambda: tf.layers.conv2d(x, 2, 0)) == (
        "ValueError", "The `kernel_size` argument must be a tuple of 2 integers. Received: 0" + req)
    assert _msg(lambda: tf.layers.conv2d(x, 2, 2, dilation_rate=0)) == (
        "ValueError", "The `dilation_rate` argument must be a tuple of 2 integers. Received: 0"
        + req)
    assert _msg(lambda: tf.layers.conv2d(x, 2, 2, strides=[1, -1])) == (
        "ValueError", "The `strides` argument must be a tuple of 2 integers. Received: [1, -1] "
        "including {-1} that does not satisfy the requirement `>= 0`.")
    assert _msg(lambda: tf.layers.conv2d(x, 2, (2, 2, 2))) == (
        "ValueError", "The `kernel_size` argument must be a tuple of 2 integers. "
        "Received: (2, 2, 2)")
    assert _msg(lambda: tf.layers.conv2d(x, 0, 2)) == (
        "ValueError", "Invalid value for argument `filters`. Expected a strictly positive value. "
        "Received filters=0.")
    assert _msg(lambda: tf.layers.max_pooling2d(x, 0, 1)) == (
        "ValueError", "The `pool_size` argument must be a tuple of 2 integers. Received: 0" + req)

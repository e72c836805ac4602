"""Convolution and pooling edge cases found by the S66 sweep: atrous_conv2d_transpose built as
TF builds it, Conv3D backprop channel checks, explicit padding lists, empty outputs, max_pool's
wrapper checks, 1-D pool names, run-time rank checks, max_pool_with_argmax's wrapper,
fractional pooling_ratio checks, Dilation2D's stride checks and empty outputs, and
BatchToSpaceND's shape errors. Expected values and messages are TF 2.21 compat.v1's; the tests
also run against TF (TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np
import pytest


def _first_line(error):
    return [ln for ln in str(error).split("\n") if ln.strip() and not ln.startswith(
        ("Graph execution", "Detected at", " ", "\t", "Node:"))][0]


def _run_error(tf, sess, fetch, feed=None):
    with pytest.raises(tf.errors.OpError) as info:
        sess.run(fetch, feed)
    return type(info.value), _first_line(info.value)


def test_atrous_conv2d_transpose_is_space_to_batch_and_backprop(tf):
    x = tf.constant(np.arange(1., 9.).reshape(1, 2, 2, 2), tf.float32)
    w = tf.constant(np.arange(1., 9.).reshape(2, 2, 1, 2), tf.float32)
    y = tf.nn.atrous_conv2d_transpose(x, w, [1, 2, 2, 1], 2, "SAME")
    assert y.name == "atrous_conv2d_transpose/BatchToSpaceND:0"
    types = [op.type for op in tf.get_default_graph().get_operations()
             if op.name.startswith("atrous_conv2d_transpose")]
    assert types == ["Const", "Const", "Const", "SpaceToBatchND", "Const", "Conv2DBackpropInput",
                     "Const", "Const", "BatchToSpaceND"]
    bad = tf.nn.atrous_conv2d_transpose(x, w, [1, 4, 4, 1], 2, "SAME")
    with tf.Session() as sess:
        assert sess.run(y).ravel().tolist() == [23., 39., 39., 23.]
        assert _run_error(tf, sess, bad) == (
            tf.errors.InvalidArgumentError, "Conv2DCustomBackpropInput: Size of out_backprop "
            "doesn't match computed: actual = 1, computed = 2 spatial_dim: 1 input: 3 filter: 2 "
            "output: 1 stride: 1 dilation: 1")


def test_atrous_conv2d_transpose_argument_errors(tf):
    x, w = tf.zeros([2, 3, 4, 5]), tf.zeros([3, 3, 2, 5])
    cases = [
        (lambda: tf.nn.atrous_conv2d_transpose(x, w, [2, 3, 4, 2], 0, "SAME"),
         "`rate` cannot be less than one. Received: rate=0"),
        (lambda: tf.nn.atrous_conv2d_transpose(x, w, [2, 3, 4, 2], 2, "FULL"),
         "`padding` must be either 'VALID' or 'SAME'. Received: padding=FULL"),
        (lambda: tf.nn.atrous_conv2d_transpose(x, w, [2, 3, 4, 3], 2, "SAME"),
         "`output_shape` channel count must be compatible with `filters` output channel count. "
         "Received: output_shape=[2, 3, 4, 3] with channel count 3 and filters.shape=(3, 3, 2, "
         "5) with output channel count 5.")]
    for build, message in cases:
        with pytest.raises(ValueError) as info:
            build()
        assert str(info.value) == message


def test_conv3d_backprops_compare_channels_first(tf):
    x3, w3 = tf.ones([1, 2, 3, 2, 4]), tf.ones([2, 2, 2, 3, 4])
    backprop_filter = tf.raw_ops.Conv3DBackpropFilterV2
    fetches = [
        tf.nn.conv3d_transpose(x3, w3, [1, 4, 6, 4, 2], [1, 2, 2, 2, 1], "SAME"),
        tf.nn.conv3d_transpose(tf.ones([1, 2, 3, 2, 3]), w3, [1, 4, 6, 4, 3], [1, 2, 2, 2, 1],
                               "SAME"),
        backprop_filter(input=tf.ones([1, 4, 6, 4, 3]), filter_sizes=[2, 2, 2, 3, 5],
                        out_backprop=x3, strides=[1, 2, 2, 2, 1], padding="SAME"),
        backprop_filter(input=tf.ones([2, 4, 6, 4, 3]), filter_sizes=[2, 2, 2, 3, 4],
                        out_backprop=x3, strides=[1, 2, 2, 2, 1], padding="SAME")]
    messages = [
        "input and filter_sizes must have the same number of channels. Got 2 for input and 3 "
        "for filter_sizes",
        "out_backprop and filter_sizes must have the same number of channels. Got 3 for "
        "out_backprop and 4 for filter_sizes",
        "out_backprop and filter_sizes must have the same number of channels. Got 4 for "
        "out_backprop and 5 for filter_sizes",
        "Conv3DBackpropFilterOp: input and out_backprop must have the same batch size. Input "
        "batch: 2, outbackprop batch: 1, batch_dim: 0"]
    with tf.Session() as sess:
        for fetch, message in zip(fetches, messages):
            assert _run_error(tf, sess, fetch) == (tf.errors.InvalidArgumentError, message)


def test_explicit_padding_list_length(tf):
    x, w = tf.zeros([1, 4, 4, 1]), tf.zeros([2, 2, 1, 1])
    with pytest.raises(ValueError) as info:
        tf.nn.conv2d(x, w, [1, 1, 1, 1], [[0, 0], [1, 2], [0, 3]])
    assert str(info.value) == ("When padding is a list, it must be of size 4. Received: "
                               "padding=[[0, 0], [1, 2], [0, 3]] of size 3")
    with pytest.raises(ValueError) as info:
        tf.nn.conv2d(x, w, [1, 1, 1, 1], "EXPLICIT")
    assert str(info.value).startswith("'EXPLICIT' is not a valid value for `padding`.")
    # no op was made for the failed call
    assert tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME").name == "Conv2D:0"


def test_conv_and_pool_empty_outputs(tf):
    x = tf.ones([2, 3, 3, 3])
    p = tf.placeholder(tf.float32, [None, None, None, 3])
    fetches = [tf.nn.conv2d(x, tf.zeros([2, 2, 3, 0]), [1, 1, 1, 1], "SAME"),
               tf.nn.conv2d(p, tf.ones([3, 3, 3, 2]), [1, 1, 1, 1], "VALID"),
               tf.nn.max_pool(tf.zeros([1, 4, 4, 0]), [1, 2, 2, 1], [1, 2, 2, 1], "SAME"),
               tf.nn.avg_pool(p, [1, 3, 3, 1], [1, 2, 2, 1], "VALID"),
               tf.nn.max_pool(p, [1, 3, 3, 1], [1, 2, 2, 1], "VALID"),
               tf.nn.max_pool3d(tf.zeros([1, 4, 4, 2, 0]), [1, 2, 2, 1, 1], [1, 2, 2, 1, 1],
                                "SAME")]
    grads = tf.gradients(tf.reduce_sum(fetches[3]) + tf.reduce_sum(fetches[1]), p)
    with tf.Session() as sess:
        values = sess.run(fetches + grads, {p: np.ones((2, 2, 7, 3), np.float32)})
    assert [v.shape for v in values] == [(2, 3, 3, 0), (2, 0, 5, 2), (1, 2, 2, 0), (2, 0, 3, 3),
                                         (2, 0, 3, 3), (1, 2, 2, 2, 0), (2, 2, 7, 3)]
    assert not values[-1].any()


def test_max_pool_explicit_padding_and_zero_window(tf):
    x = tf.constant(np.arange(1., 13.).reshape(1, 3, 4, 1), tf.float32)
    y = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], [[0, 0], [1, 0], [0, 1], [0, 0]])
    assert y.op.get_attr("explicit_paddings") == [0, 0, 1, 0, 0, 1, 0, 0]
    m1 = tf.nn.max_pool1d(tf.constant([[[1.], [3.], [2.], [5.], [4.]]]), 2, 2,
                          [[0, 0], [1, 0], [0, 0]])
    a1 = tf.nn.avg_pool1d(tf.constant([[[1.], [3.], [2.], [5.], [4.]]]), 2, 2, "SAME")
    assert (m1.name, m1.op.inputs[0].op.name) == ("MaxPool1d/Squeeze:0", "MaxPool1d")
    assert (a1.name, a1.op.inputs[0].op.name) == ("AvgPool1D/Squeeze:0", "AvgPool1D")
    with pytest.raises(ValueError) as info:
        tf.nn.max_pool(x, [1, 0, 2, 1], [1, 1, 1, 1], "VALID")
    assert str(info.value) == "`ksize` cannot be zero. Received: ksize=[1, 0, 2, 1]"
    with tf.Session() as sess:
        assert sess.run(y).ravel().tolist() == [2., 4., 10., 12.]
        assert sess.run(m1).ravel().tolist() == [1., 3., 5.]
        assert sess.run(a1).ravel().tolist() == [2., 3.5, 4.]


def test_pool_rank_checked_at_run_time(tf):
    p = tf.placeholder(tf.float32)
    fetches = [tf.nn.max_pool(p, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"),
               tf.nn.avg_pool(p, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"),
               tf.nn.max_pool3d(p, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "SAME")]
    expected = ["tensor_in_shape must have 2 spatial dimensions. 3 0",
                "tensor_in_shape must have 2 spatial dimensions. 5 0",
                "tensor_in must be 5-dimensional"]
    feeds = [np.ones((3, 4, 5)), np.ones((2, 3, 4, 5, 6)), np.ones((3, 4, 5, 6))]
    with tf.Session() as sess:
        for fetch, feed, message in zip(fetches, feeds, expected):
            assert _run_error(tf, sess, fetch, {p: feed}) == (tf.errors.InvalidArgumentError,
                                                              message)


def test_max_pool_with_argmax_wrapper_checks(tf):
    x = tf.zeros([1, 4, 4, 1])
    with pytest.raises(TypeError) as info:
        tf.nn.max_pool_with_argmax(x, 2, 2, "VALID")
    assert str(info.value) == ("Expected list for 'ksize' argument to 'max_pool_with_argmax' "
                               "Op, not 2.")
    with pytest.raises(ValueError) as info:
        tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID", data_format="NCHW")
    assert str(info.value) == ("`data_format` values other  than 'NHWC' are not supported. "
                               "Received: data_format=NCHW")
    assert tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")[0].name == \
        "MaxPoolWithArgmax:0"


def test_fractional_pooling_ratio_checks(tf):
    x = tf.ones([1, 6, 6, 2])
    for fn, op_type in ((tf.nn.fractional_max_pool, "FractionalMaxPool"),
                        (tf.nn.fractional_avg_pool, "FractionalAvgPool")):
        with pytest.raises(ValueError) as info:
            fn(x, [1.0, 1.5, 1.5], seed=1)
        assert str(info.value) == ("Attr 'pooling_ratio' of '%s' Op passed list of length 3 "
                                   "less than minimum 4." % op_type)
        with pytest.raises(ValueError) as info:
            fn(x, [1.0, 0.5, 1.5, 1.0], seed=1)
        assert str(info.value).startswith("pooling_ratio cannot be smaller than 1, got: 0.5 for "
                                          "'{{node %s" % op_type)
    batch = tf.nn.fractional_max_pool(x, [2.0, 1.5, 1.5, 1.0], seed=1)[0]
    avg = tf.nn.fractional_avg_pool(x, [1.0, 1.5, 1.5, 2.0], seed=1)[0]
    assert batch.shape.as_list() == [0, 4, 4, 2]
    with tf.Session() as sess:
        assert _run_error(tf, sess, batch) == (
            tf.errors.UnimplementedError, "Fractional max pooling is not yet supported on the "
            "batch nor channel dimension.")
        assert _run_error(tf, sess, avg) == (
            tf.errors.UnimplementedError, "Fractional average pooling is not yet supported on "
            "the batch nor channel dimension.")


def test_dilation2d_strides_checked_by_kernel_and_empty_valid(tf):
    xs = tf.constant(np.arange(1., 7.).reshape(1, 2, 3, 1), tf.float32)
    k = tf.zeros([2, 2, 1])
    stride = tf.nn.dilation2d(xs, k, [2, 1, 1, 1], [1, 1, 1, 1], "SAME")
    rate = tf.nn.dilation2d(xs, k, [1, 1, 1, 1], [1, 1, 1, 2], "SAME")
    empty = tf.nn.dilation2d(xs, k, [1, 1, 1, 1], [1, 2, 3, 1], "VALID")
    assert stride.shape.as_list() == [1, 2, 3, 1]
    assert empty.shape.as_list() == [1, 0, 0, 1]
    with pytest.raises(ValueError) as info:
        tf.nn.dilation2d(tf.ones([1, 5, 6, 2]), tf.ones([2, 3, 2]), [1, 1, 1, 1], [1, 4, 4, 1],
                         "VALID")
    assert _first_line(info.value).startswith(
        "Computed output size would be negative: -2 [input_size: 6, effective_filter_size: 9, "
        "stride: 1] for '{{node Dilation2D")
    with tf.Session() as sess:
        assert _run_error(tf, sess, stride) == (
            tf.errors.UnimplementedError, "Stride is only supported across spatial dimensions.")
        assert _run_error(tf, sess, rate) == (
            tf.errors.UnimplementedError, "Rate is only supported across spatial dimensions.")
        value, grad = sess.run([empty, tf.gradients(tf.reduce_sum(empty), xs)[0]])
    assert value.shape == (1, 0, 0, 1) and grad.tolist() == np.zeros((1, 2, 3, 1)).tolist()


def test_batch_to_space_nd_shape_errors(tf):
    with pytest.raises(ValueError) as info:
        tf.batch_to_space_nd(tf.ones([2, 4, 6, 2]), [3, 3], [[0, 0], [0, 0]])
    assert _first_line(info.value).startswith(
        "Dimension size must be evenly divisible by 3 but is 2 for '{{node BatchToSpaceND")
    with pytest.raises(ValueError) as info:
        tf.batch_to_space_nd(tf.ones([4, 1, 2, 1]), [2, 2], [[0, 3], [0, 0]])
    assert _first_line(info.value).startswith(
        "Negative dimension size caused by subtracting 3 from 2 for '{{node BatchToSpaceND")
    assert tf.batch_to_space_nd(tf.ones([18, 2, 2, 1]), [3, 3],
                                [[0, 0], [0, 0]]).shape.as_list() == [2, 6, 6, 1]


def test_max_pool_with_argmax_of_an_empty_batch(tf):
    y = tf.nn.max_pool_with_argmax(tf.zeros([0, 4, 4, 1]), [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    with tf.Session() as sess:
        assert _run_error(tf, sess, y[0]) == (tf.errors.InvalidArgumentError,
                                              "tensor_in must not be empty (2)")

"""tf.nn.convolution / atrous_conv2d / tf.nn.pool check strides and dilation rates as TF's
_get_strides_and_dilation_rate does (its texts print int32 arrays), and the Conv2D ops that
tf.nn.convolution builds carry use_cudnn_on_gpu as TF's wrappers set it. Messages recorded
from TF 2.21 compat.v1; the tests also run against TF (TFCOMPAT_TEST_AGAINST_TF=1)."""
import pytest


def _message(build):
    with pytest.raises(ValueError) as info:
        build()
    return str(info.value)


def test_convolution_dilation_rate_texts(tf):
    x, w = tf.zeros([1, 8, 8, 2]), tf.zeros([3, 3, 2, 2])
    assert _message(lambda: tf.nn.atrous_conv2d(x, w, 0, "SAME")) == (
        "all values of `dilation_rate` must be positive. Received: dilation_rate=[0 0]")
    assert _message(lambda: tf.nn.convolution(x, w, "SAME", dilation_rate=[-1, 2])) == (
        "all values of `dilation_rate` must be positive. Received: dilation_rate=[-1  2]")
    assert _message(lambda: tf.nn.convolution(x, w, "SAME", strides=[2, 2],
                                              dilation_rate=[2, 2])) == (
        "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
        "Received: strides=[2 2] and dilation_rate=[2 2]")


def test_pool_dilation_rate_texts(tf):
    x = tf.zeros([1, 8, 8, 2])
    assert _message(lambda: tf.nn.pool(x, [2, 2], "MAX", "SAME", dilation_rate=[0, 1])) == (
        "all values of `dilation_rate` must be positive. Received: dilation_rate=[0 1]")
    assert _message(lambda: tf.nn.pool(x, [2, 2], "MAX", "SAME", dilation_rate=[2, 1])) == (
        "pooling with 'SAME' padding is not implemented for `dilation_rate` > 1. "
        "Received: padding=SAME and dilation_rate=[2 1]")
    assert _message(lambda: tf.nn.pool(x, [2, 2], "MAX", "VALID", strides=[3, 1])) == (
        "`strides` > `window_shape` not supported due to inconsistency between CPU and GPU "
        "implementations. Received: strides=[3 1] and window_shape=[2, 2]")
    assert _message(lambda: tf.nn.pool(x, [2, 2], "MAX", "VALID", strides=[0, 1])) == (
        "all values of `strides` must be positive. Received: strides=[0 1]")
    assert _message(lambda: tf.nn.pool(x, [2, 2], "MAX", "VALID", dilation_rate=[1])) == (
        "`len(dilation_rate)` should be 2. Received: dilation_rate=[1] of length 1")
    assert tf.nn.pool(x, [2, 2], "AVG", "VALID", dilation_rate=[2, 2]).shape.as_list() == [
        1, 6, 6, 2]


def test_convolution_conv2d_sets_use_cudnn_on_gpu(tf):
    x, w = tf.zeros([1, 8, 8, 2]), tf.zeros([3, 3, 2, 2])
    plain = tf.nn.convolution(x, w, "SAME")
    dilated = tf.nn.atrous_conv2d(x, w, 2, "SAME")
    conv = [op for op in tf.get_default_graph().get_operations() if op.type == "Conv2D"]
    assert plain.op.get_attr("use_cudnn_on_gpu") is True
    assert len(conv) == 2 and conv[1].get_attr("use_cudnn_on_gpu") is True
    assert dilated.shape.as_list() == [1, 8, 8, 2]
    message = _message(lambda: tf.nn.convolution(x, w, "SAME", strides=[0, 1]))
    assert message.startswith("Stride must be > 0, but got 0 for '{{node convolution_2}} = "
                              "Conv2D[T=DT_FLOAT, data_format=\"NHWC\"")
    assert "use_cudnn_on_gpu=true](zeros, zeros_1)" in message

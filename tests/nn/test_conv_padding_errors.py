"""A wrong padding string fails as in TF's op wrapper (the op's attr check, after the op's name
was taken), and tf.nn.conv2d sets use_cudnn_on_gpu as TF does. Messages recorded from TF 2.21
compat.v1; the tests also run against TF (TFCOMPAT_TEST_AGAINST_TF=1)."""
import pytest


def test_lowercase_padding_is_tfs_attr_error(tf):
    x, w = tf.zeros([1, 4, 4, 1]), tf.zeros([2, 2, 1, 1])
    cases = [(lambda: tf.nn.conv2d(x, w, [1, 1, 1, 1], "same"), "Conv2D",
              '"SAME", "VALID", "EXPLICIT"'),
             (lambda: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "same"), "MaxPool",
              '"SAME", "VALID", "EXPLICIT"'),
             (lambda: tf.nn.conv3d(tf.zeros([1, 2, 2, 2, 1]), tf.zeros([1, 1, 1, 1, 1]),
                                   [1] * 5, "same"), "Conv3D", '"SAME", "VALID"'),
             (lambda: tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "same"),
              "DepthwiseConv2dNative", '"SAME", "VALID", "EXPLICIT"')]
    for build, op_type, allowed in cases:
        with pytest.raises(ValueError) as info:
            build()
        assert str(info.value) == ("Attr 'padding' of '%s' Op passed string 'same' not in: %s."
                                   % (op_type, allowed))
    # the failed Conv2D took its name, as in TF
    assert tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME").name == "Conv2D_1:0"


def test_conv2d_sets_use_cudnn_on_gpu(tf):
    x = tf.placeholder(tf.float32, [2, 6, 6, 3])
    assert tf.nn.conv2d(x, tf.zeros([3, 3, 3, 2]), [1, 1, 1, 1], "SAME").op.get_attr(
        "use_cudnn_on_gpu") is True
    with pytest.raises(ValueError) as info:
        tf.nn.conv2d(x, tf.zeros([3, 3, 4, 2]), [1, 1, 1, 1], "SAME")
    assert ("padding=\"SAME\", strides=[1, 1, 1, 1], use_cudnn_on_gpu=true](Placeholder, "
            in str(info.value))


def test_conv3d_has_no_explicit_paddings_attr(tf):
    # TF's Conv3D OpDef has no explicit_paddings: neither its NodeDef nor its shape errors show
    # one, and a list padding fails in the op wrapper (I3D/C3D code sweeps these)
    x = tf.zeros([1, 4, 4, 4, 2])
    y = tf.nn.conv3d(x, tf.zeros([2, 2, 2, 2, 3]), [1] * 5, "SAME")
    assert sorted(y.op.node_def.attr) == ["T", "data_format", "dilations", "padding", "strides"]
    with pytest.raises(ValueError) as info:
        tf.nn.conv3d(x, tf.zeros([2, 2, 2, 3, 4]), [1] * 5, "SAME")
    assert str(info.value).startswith(
        "Depth of input (2) is not a multiple of input depth of filter (3) for '{{node "
        "Conv3D_1}} = Conv3D[T=DT_FLOAT, data_format=\"NDHWC\", dilations=[1, 1, 1, 1, 1], "
        "padding=\"SAME\", strides=[1, 1, 1, 1, 1]](")
    pads = [[0, 0], [1, 1], [1, 1], [1, 1], [0, 0]]
    for build in (lambda: tf.nn.conv3d(x, tf.zeros([2, 2, 2, 2, 3]), [1] * 5, pads),
                  lambda: tf.nn.convolution(x, tf.zeros([2, 2, 2, 2, 3]), pads)):
        with pytest.raises(TypeError) as info:
            build()
        assert str(info.value) == ("Expected string for argument 'padding' not "
                                   "[[0, 0], [1, 1], [1, 1], [1, 1], [0, 0]].")

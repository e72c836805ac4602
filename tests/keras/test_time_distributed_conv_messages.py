"""Build-time messages video code meets: TimeDistributed over a 2-D input (tf_keras' text, with
its "`input_shape `"), tf.layers.conv3d over an input whose channels are unknown. Literals from
TF 2.21 (tf.compat.v1, TF_USE_LEGACY_KERAS=1)."""
import pytest


def test_time_distributed_needs_three_dims(tf):
    layer = tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(3))
    with pytest.raises(ValueError) as info:
        layer(tf.placeholder(tf.float32, [None, 3]))
    assert str(info.value) == ("`TimeDistributed` Layer should be passed an `input_shape ` with "
                               "at least 3 dimensions, received: (?, 3)")


def test_tf_layers_conv_unknown_channels(tf):
    x = tf.placeholder(tf.float32, [None, 4, 6, 6, None])
    with pytest.raises(ValueError) as info:
        tf.layers.conv3d(x, 2, 3)
    assert str(info.value) == (
        "The channel dimension of the inputs should be defined. The input_shape received is "
        "(?, 4, 6, 6, ?), where axis -1 (0-based) is the channel dimension, which found to be "
        "`None`.")

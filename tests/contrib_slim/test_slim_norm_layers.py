"""slim / tf.contrib.layers instance_norm, group_norm and conv2d_in_plane (CycleGAN, style
transfer and pix2pix code): TF1's variable names and values. Expected values recorded from
tf_slim 1.1.0 (TF 1.15's contrib.slim) on TF 2.21 compat.v1."""
import numpy as np
import pytest


def _x(tf):
    return tf.constant(np.arange(48, dtype=np.float32).reshape(2, 2, 3, 4) ** 1.5 / 10.0)


def test_instance_and_group_norm_values_and_names(tf, slim):
    x = _x(tf)
    inorm = slim.instance_norm(x, activation_fn=tf.nn.relu)
    nchw = slim.instance_norm(tf.transpose(x, [0, 3, 1, 2]), data_format="NCHW", center=False,
                              scope="nchw")
    gnorm = slim.group_norm(x, groups=2, param_initializers={"gamma": tf.constant_initializer(2.0)})
    close = slim.group_norm(x, groups=4, mean_close_to_zero=True, scope="g2")
    plane = slim.conv2d_in_plane(x, [2, 2], weights_initializer=tf.constant_initializer(0.5),
                                 scope="inplane")
    assert [v.op.name for v in slim.get_model_variables()] == [
        "InstanceNorm/beta", "InstanceNorm/gamma", "nchw/gamma", "GroupNorm/beta",
        "GroupNorm/gamma", "g2/beta", "g2/gamma", "inplane/weights", "inplane/biases"]
    assert (inorm.op.name, gnorm.op.name, plane.op.name) == (
        "InstanceNorm/Relu", "GroupNorm/Reshape_2", "inplane/Relu")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = [v.ravel()[:8] for v in sess.run([inorm, nchw, gnorm, close, plane])]
    want = [[0.0] * 8,
            [-1.197791, -0.942986, -0.477094, 0.126213, 0.840646, 1.651012, -1.237156, -0.930442],
            [-2.460209, -2.398448, -2.607598, -2.474956, -1.966128, -1.769709, -1.942715, -1.72853],
            [-1.197791, -1.237156, -1.26377, -1.284057, -0.942986, -0.930442, -0.923034, -0.917752],
            [5.678461, 6.457265, 7.313805, 8.231512, 9.203506, 10.225362, 11.293819, 12.406317]]
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-5)


def test_group_norm_checks_groups(tf, slim):
    x = _x(tf)
    with pytest.raises(ValueError, match="^4 channels is not commensurate with 3 groups.$"):
        slim.group_norm(x, groups=3)
    with pytest.raises(ValueError, match="^Invalid groups 8 for 4 channels.$"):
        slim.group_norm(x, groups=8)
    assert tf.contrib.layers.instance_norm is slim.instance_norm if hasattr(tf, "contrib") \
        else True

"""ApplyAdam rounds as TF's CPU kernel: lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t) with each
float32 operation rounded once (an IEEE sqrt), then m, v and var elementwise. Values recorded
from TF 2.21 compat.v1 (`tf.raw_ops.ApplyAdam` on ref variables, oneDNN off). v and grad are
chosen so that sqrt(v) is exact (0.25): the var update then shows lr_t's rounding alone, which
torch's vectorized sqrt of a 0-d tensor got 1 ulp off for these powers."""
import numpy as np
import pytest

VAR = [1.0, -2.0, 0.5, 3.0, 0.125, -0.75, 2.5, -1.5]
M = [0.1, -0.2, 0.3, 0.05, -0.4, 0.25, -0.15, 0.35]
GRAD = [0.5, -0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]


@pytest.mark.parametrize("step, lr, expected", [
    (298, 0.3, [0.9573490619659424, -1.929930567741394, 0.4025121331214905, 2.9710583686828613,
                0.24990630149841309, -0.803313672542572, 2.525895118713379,
                -1.5807321071624756]),
    (390, 0.1, [0.9840849041938782, -1.9738537073135376, 0.4636225998401642, 2.9892003536224365,
                0.1716085523366928, -0.7698938846588135, 2.5096628665924072,
                -1.5301250219345093]),
    (1, 0.001, [0.9999114274978638, -1.999854564666748, 0.49979761242866516, 2.9999399185180664,
                0.12525931000709534, -0.7501106858253479, 2.500053644180298,
                -1.5001676082611084]),
])
def test_apply_adam_matches_tfs_rounding(tf, step, lr, expected):
    var = tf.Variable(np.float32(VAR), use_resource=False)
    m = tf.Variable(np.float32(M), use_resource=False)
    v = tf.Variable(np.full(8, 0.25, np.float32), use_resource=False)
    update = tf.raw_ops.ApplyAdam(
        var=var, m=m, v=v, beta1_power=np.float32(0.9 ** step),
        beta2_power=np.float32(0.999 ** step), lr=np.float32(lr), beta1=np.float32(0.9),
        beta2=np.float32(0.999), epsilon=np.float32(1e-7), grad=np.float32(GRAD))
    with tf.Session() as sess:
        sess.run(tf.variables_initializer([var, m, v]))
        np.testing.assert_array_equal(sess.run(update), np.float32(expected))
        np.testing.assert_array_equal(sess.run(v), np.full(8, 0.25, np.float32))

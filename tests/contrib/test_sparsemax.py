"""tf.contrib.sparsemax (TF 1.15's contrib; TF 2.21 has none): expected values recorded by
running TF 1.15's contrib code (the same ops) in TF 2.21 compat.v1."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only

INF, NAN = float("inf"), float("nan")
LOGITS = [[0.5, 1.2, -0.3, 2.0], [0., 0., 0., 0.], [-INF, 1., 2., -INF], [INF, 1, 2, 3],
          [NAN, 1, 2, 3], [-INF] * 4, [1e4, -1e4, 0, 1]]
LABELS = np.eye(4)[[3, 0, 2, 1, 1, 0, 0]]
N4 = [NAN] * 4
EXPECTED = {
    np.float32: dict(
        p=[[0.0, 0.10000002384185791, 0.0, 0.8999999761581421], [0.25] * 4, [0, 0, 1, 0],
           N4, N4, N4, [1, 0, 0, 0]],
        loss=[0.009999901056289673, 0.375, 0.0, NAN, NAN, NAN, 0.0],
        grad_p=[[0, -1, 0, 1], [-1.5, -0.5, 0.5, 1.5], [0] * 4, [NAN, 0, 0, 0],
                [NAN, 0, 0, 0], [NAN, 0, 0, 0], [0] * 4],
        grad_loss=[[0.0, 0.10000014305114746, 0.0, -0.10000014305114746],
                   [-0.75, 0.25, 0.25, 0.25], [0] * 4, N4, N4, N4, [0] * 4]),
    np.float64: dict(
        p=[[0.0, 0.09999999999999987, 0.0, 0.8999999999999999], [0.25] * 4, [0, 0, 1, 0],
           N4, N4, N4, [1, 0, 0, 0]],
        loss=[0.009999999999999634, 0.375, 0.0, NAN, NAN, NAN, 0.0],
        grad_p=[[0, -1, 0, 1], [-1.5, -0.5, 0.5, 1.5], [0] * 4, [NAN, 0, 0, 0],
                [NAN, 0, 0, 0], [NAN, 0, 0, 0], [0] * 4],
        grad_loss=[[0.0, 0.09999999999999987, 0.0, -0.10000000000000009],
                   [-0.75, 0.25, 0.25, 0.25], [0] * 4, N4, N4, N4, [0] * 4]),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sparsemax_and_its_loss_are_tfs(dtype):
    from tfcompat.contrib import sparsemax as sparsemax_lib   # a script's import
    with tf.Graph().as_default():
        x = tf.constant(np.array(LOGITS, dtype))
        p = sparsemax_lib.sparsemax(x)
        loss = tf.contrib.sparsemax.sparsemax_loss(x, p, tf.constant(LABELS.astype(dtype)))
        weights = tf.constant(np.arange(12).reshape(3, 4).astype(dtype))
        grad_p = tf.gradients(tf.reduce_sum(p[:3] * weights), x)[0]
        grad_loss = tf.gradients(tf.reduce_sum(loss[:2]), x)[0]
        assert (p.op.name, loss.op.name) == ("sparsemax/Select", "sparsemax_loss/Sum")
        assert p.shape.as_list() == [7, 4] and loss.shape.as_list() == [7]
        with tf.Session() as sess:
            values = sess.run(dict(p=p, loss=loss, grad_p=grad_p, grad_loss=grad_loss))
    for key, expected in EXPECTED[dtype].items():
        np.testing.assert_array_equal(values[key], np.array(expected, dtype), err_msg=key)


def test_unknown_batch_size():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        p = tf.contrib.sparsemax.sparsemax(x)
        with tf.Session() as sess:
            out = sess.run(p, {x: [[1., 2., 3.], [0.1, 0.2, 0.3]]})
    # sparsemax of [1, 2, 3] puts all mass on 3; of [.1, .2, .3]: support of 3, tau = -0.4 / 3
    np.testing.assert_allclose(out, [[0, 0, 1], [0.7 / 3, 1 / 3, 1.3 / 3]], atol=1e-6)

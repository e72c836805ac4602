"""tf.contrib.opt.DropStaleGradientOptimizer in one process: with staleness >= 0 every step
is applied; with a negative staleness every step is dropped and counted in 'stale_counter'.
TF 2.21 has no contrib: under real TF the tests run TF 1.15's code transcribed in
copt_reference.py, and EXPECTED holds those runs' values."""
import os

import numpy as np
import pytest

from copt_reference import reference_drop_stale

AGAINST_TF = bool(os.environ.get("TFCOMPAT_TEST_AGAINST_TF"))

# the runs of _three_steps under TF 2.21: (w, global step, stale_counter)
EXPECTED = {
    0: ([0.7289999723434448, 1.4579999446868896], 3, 0.0),
    -1: ([1.0, 2.0], 0, 3.0),
}


def _three_steps(tf, staleness):
    api = reference_drop_stale(tf) if AGAINST_TF else vars(tf.contrib.opt)
    w = tf.get_variable('w', initializer=np.array([1.0, 2.0], np.float32))
    step = tf.train.get_or_create_global_step()
    opt = api['DropStaleGradientOptimizer'](tf.train.GradientDescentOptimizer(0.05),
                                            staleness)
    loss = tf.reduce_sum(tf.square(w))
    train = opt.apply_gradients(opt.compute_gradients(loss), global_step=step)
    counter = [v for v in tf.global_variables() if v.op.name == 'stale_counter'][0]
    summaries = tf.get_collection(tf.GraphKeys.SUMMARIES)
    assert len(summaries) == 1
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        outs = [float(sess.run(train)) for _ in range(3)]
        got = sess.run([w, step, counter])
    assert outs == list(np.cumsum([got[2] / 3] * 3))
    return np.ravel(got[0]).tolist(), int(got[1]), float(got[2])


@pytest.mark.parametrize('staleness', [0, -1])
def test_drop_stale_gradients(tf, staleness):
    w, step, counter = _three_steps(tf, staleness)
    want = EXPECTED[staleness]
    np.testing.assert_allclose(w, want[0], rtol=1e-7)
    assert (step, counter) == want[1:]

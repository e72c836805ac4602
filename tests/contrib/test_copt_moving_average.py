"""tf.contrib.opt.MovingAverageOptimizer: a zero-debiased moving average of the trained
variables, and swapping_saver() writing each average under its variable's name. TF 2.21 has
no contrib: under real TF the tests run TF 1.15's code transcribed in copt_reference.py, and
EXPECTED holds those runs' values."""
import os

import numpy as np
import pytest

from copt_reference import reference_moving_average

AGAINST_TF = bool(os.environ.get("TFCOMPAT_TEST_AGAINST_TF"))

# the runs of _train_and_save under TF 2.21 with copt_reference.py, by sequential_update
# (variables average from their initial values: no zero-debias variables)
EXPECTED = {
 False: {'names': ['b', 'b/ExponentialMovingAverage', 'w', 'w/ExponentialMovingAverage'],
         'saved': {'b': [0.2200000137090683],
                   'b/ExponentialMovingAverage': [0.13600000739097595],
                   'w': [0.19375000894069672, -0.2277500033378601],
                   'w/ExponentialMovingAverage': [0.04750000685453415, 0.04450000450015068]},
         'train_op': 'train_with_avg',
         'values': [[0.04750000685453415, 0.04450000450015068], [0.13600000739097595]]},
 True: {'names': ['b', 'b/ExponentialMovingAverage', 'w', 'w/ExponentialMovingAverage'],
        'saved': {'b': [0.17800000309944153],
                  'b/ExponentialMovingAverage': [0.13600000739097595],
                  'w': [0.19375000894069672, -0.2277500033378601],
                  'w/ExponentialMovingAverage': [0.04750000685453415, 0.04450000450015068]},
        'train_op': 'train_with_avg',
        'values': [[0.04750000685453415, 0.04450000450015068], [0.13600000739097595]]}}


def _api(tf):
    return reference_moving_average(tf) if AGAINST_TF else vars(tf.contrib.opt)


def _train_and_save(tf, tmp_path, sequential):
    w = tf.get_variable('w', initializer=np.array([1.0, -2.0], np.float32))
    b = tf.get_variable('b', initializer=np.float32(0.5))
    loss = tf.reduce_sum(tf.square(w * 3.0 - b))
    opt = _api(tf)['MovingAverageOptimizer'](tf.train.GradientDescentOptimizer(0.05),
                                             average_decay=0.5, sequential_update=sequential)
    with pytest.raises(RuntimeError, match='^Must call apply_gradients or minimize before '
                                           'creating the swapping_saver$'):
        opt.swapping_saver()
    train = opt.minimize(loss)
    names = sorted(v.op.name for v in tf.global_variables())
    saver = opt.swapping_saver()
    path = str(tmp_path / 'ckpt')
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        values = sess.run([w, b])
        saver.save(sess, path)
    reader = tf.train.NewCheckpointReader(path)
    saved = {k: np.ravel(reader.get_tensor(k)).tolist()
             for k in sorted(reader.get_variable_to_shape_map())}
    return dict(train_op=train.name, names=names, values=[np.ravel(v).tolist() for v in values],
                saved=saved)


@pytest.mark.parametrize('sequential', [True, False])
def test_moving_average_swapping_saver(tf, tmp_path, sequential):
    got = _train_and_save(tf, tmp_path, sequential)
    want = EXPECTED[sequential]
    assert (got['train_op'], got['names']) == (want['train_op'], want['names'])
    np.testing.assert_allclose(got['values'][0], want['values'][0], rtol=1e-6)
    np.testing.assert_allclose(got['values'][1], want['values'][1], rtol=1e-6)
    assert sorted(got['saved']) == sorted(want['saved'])
    if not sequential:
        return   # the averages read the variables while they are updated: TF's own race
    for k, v in want['saved'].items():
        np.testing.assert_allclose(got['saved'][k], v, rtol=1e-6, err_msg=k)

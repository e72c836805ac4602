"""tf.train.replica_device_setter's placement (round robin, a custom ps_strategy, merged worker
devices, ps_ops) and contrib's GreedyLoadBalancingStrategy with byte_size_load_fn; expected
device strings printed by TF 2.21 compat.v1 (the greedy strategy as in TF 1.15's contrib)."""
import os

import numpy as np
import pytest

AGAINST_TF = bool(os.environ.get("TFCOMPAT_TEST_AGAINST_TF"))


def _build(tf):
    vs = [tf.get_variable('w1', [100, 50]), tf.get_variable('b1', [50]),
          tf.get_variable('w2', [50, 10]), tf.get_variable('emb', [1000, 16]),
          tf.train.get_or_create_global_step()]
    y = tf.matmul(tf.zeros([1, 100]), vs[0]) + vs[1]
    return [v.device for v in vs], y.device


def test_round_robin_ps_tasks(tf):
    with tf.Graph().as_default():
        with tf.device(tf.train.replica_device_setter(ps_tasks=3)):
            devs, ydev = _build(tf)
    assert devs == ['/job:ps/task:0', '/job:ps/task:1', '/job:ps/task:2', '/job:ps/task:0',
                    '/job:ps/task:1']
    assert ydev == '/job:worker'


def test_custom_strategy_and_merged_devices(tf):
    cluster = tf.train.ClusterSpec({'ps': ['a:1', 'b:1'], 'worker': ['c:1']})
    with tf.Graph().as_default():
        with tf.device(tf.train.replica_device_setter(
                cluster=cluster, ps_device='/job:ps/cpu:0',
                worker_device='/job:worker/task:0/gpu:0', ps_strategy=lambda op: 1)):
            devs, ydev = _build(tf)
            with tf.device('/cpu:0'):
                z = tf.constant(1.0)
    assert devs == ['/job:ps/task:1/device:CPU:0'] * 5
    assert ydev == '/job:worker/task:0/device:GPU:0'
    assert z.device == '/job:worker/task:0/device:CPU:0'
    assert tf.train.replica_device_setter(cluster={'worker': ['c:1']}) is None
    with pytest.raises(TypeError, match="ps_strategy must be callable"):
        tf.train.replica_device_setter(ps_tasks=2, ps_strategy=3)


@pytest.mark.skipif(AGAINST_TF, reason="tf.contrib is not in TF 2.21")
def test_greedy_load_balancing_by_byte_size(tf):
    contrib = tf.contrib.training
    with tf.Graph().as_default():
        strategy = contrib.GreedyLoadBalancingStrategy(3, contrib.byte_size_load_fn)
        with tf.device(tf.train.replica_device_setter(ps_tasks=3, ps_strategy=strategy)):
            devs, _ = _build(tf)
        # TF 1.15: w1 (20000 B) -> 0, b1 -> 1, w2 -> 2, emb (64000 B) -> 1, global_step -> 2
        assert devs == ['/job:ps/task:0', '/job:ps/task:1', '/job:ps/task:2',
                        '/job:ps/task:1', '/job:ps/task:2']
        np.testing.assert_allclose(strategy._ps_loads, [20000, 64200, 2008])
        with pytest.raises(ValueError, match="must have a single output"):
            contrib.byte_size_load_fn(tf.no_op())


def test_running_a_ps_op_locally_fails(tf):
    with tf.Graph().as_default():
        with tf.device(tf.train.replica_device_setter(ps_tasks=1)):
            v = tf.Variable(1.0, name='v')
        with tf.Session(config=tf.ConfigProto(allow_soft_placement=True)) as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="Cannot assign a device for operation v.*explicitly "
                                     "assigned to /job:.* but available devices are"):
                sess.run(v.initializer)

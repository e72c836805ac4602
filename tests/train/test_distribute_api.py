"""tf.distribute in one process (strategies, cluster resolvers) and tf.mixed_precision loss
scaling. Expected values recorded from TF 2.21 compat.v1 (graph mode, CPU only)."""
import json

import numpy as np
import pytest


def test_one_device_strategy_runs_and_reduces(tf):
    with tf.Graph().as_default():
        strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
        # TF: ('/replica:0/task:0/device:CPU:0',)
        assert strategy.extended.worker_devices == ("/replica:0/task:0/device:CPU:0",)
        with strategy.scope():
            assert tf.distribute.in_cross_replica_context()
            assert tf.distribute.get_replica_context() is None
            v = tf.Variable(2.0)
            y = strategy.run(lambda x: x * v, args=(tf.constant([1.0, 2.0]),))
            mean = strategy.reduce(tf.distribute.ReduceOp.MEAN, y, axis=0)
            total = strategy.reduce("SUM", y, axis=None)
        assert not tf.distribute.has_strategy()
        with tf.Session() as sess:
            sess.run(v.initializer)
            got = sess.run([y, mean, total])
        np.testing.assert_allclose(got[0], [2.0, 4.0])
        assert got[1] == 3.0                             # TF: 3.0
        np.testing.assert_allclose(got[2], [2.0, 4.0])   # one replica: the value


def test_strategies_do_not_mix(tf):
    one = tf.distribute.OneDeviceStrategy("/cpu:0")
    other = tf.distribute.MirroredStrategy(["/cpu:0"])
    with pytest.raises(RuntimeError, match="Mixing different tf.distribute.Strategy"):
        with one.scope():
            with other.scope():
                pass


@pytest.mark.tfcompat_only
def test_mirrored_over_several_devices_names_the_alternative(tf):
    with pytest.raises(ValueError, match="tfcompat.horovod"):
        tf.distribute.MirroredStrategy(["/gpu:0", "/gpu:1"])


def test_tf_config_resolver(tf, monkeypatch):
    monkeypatch.setenv("TF_CONFIG", json.dumps({
        "cluster": {"worker": ["a:1", "b:2"], "chief": ["c:3"]},
        "task": {"type": "worker", "index": 1}, "rpc_layer": "grpc"}))
    r = tf.distribute.cluster_resolver.TFConfigClusterResolver()
    assert (r.task_type, r.task_id, r.rpc_layer) == ("worker", 1, "grpc")
    assert r.master() == "grpc://b:2"                    # TF: 'grpc://b:2'
    assert r.cluster_spec().as_dict() == {"worker": ["a:1", "b:2"], "chief": ["c:3"]}


def test_slurm_resolver(tf, monkeypatch):
    for k, v in dict(SLURM_PROCID="3", SLURM_STEP_NUM_TASKS="4",
                     SLURM_STEP_NODELIST="n[01-02]", SLURM_STEP_TASKS_PER_NODE="2(x2)",
                     CUDA_VISIBLE_DEVICES="0,1").items():
        monkeypatch.setenv(k, v)
    r = tf.distribute.cluster_resolver.SlurmClusterResolver(jobs={"ps": 1, "worker": 3},
                                                            port_base=9000)
    # TF: {'ps': ['n01:9000'], 'worker': ['n01:9001', 'n02:9000', 'n02:9001']}, task worker 2
    assert r.cluster_spec().as_dict() == {"ps": ["n01:9000"],
                                          "worker": ["n01:9001", "n02:9000", "n02:9001"]}
    assert r.get_task_info() == ("worker", 2)
    assert r.master() == "grpc://n02:9001"
    assert r.num_accelerators() == {"GPU": 1}
    import os
    assert os.environ["CUDA_VISIBLE_DEVICES"] == "1"     # auto_set_gpu: this task's GPU


def test_dynamic_loss_scale_skips_non_finite_steps(tf):
    with tf.Graph().as_default():
        x = tf.Variable(1.0)
        opt = tf.mixed_precision.MixedPrecisionLossScaleOptimizer(
            tf.train.GradientDescentOptimizer(0.1), "dynamic")
        train = opt.minimize(x * x)
        y = tf.Variable(1.0)
        scale = tf.mixed_precision.DynamicLossScale(initial_loss_scale=4.0, increment_period=2)
        bad = tf.mixed_precision.MixedPrecisionLossScaleOptimizer(
            tf.train.AdamOptimizer(0.1), scale).minimize(y * tf.constant(np.inf))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run([train, bad])
            # TF: x 0.512, scale 32768; y untouched, scale 4 -> 2 -> 1 -> 1
            np.testing.assert_allclose(sess.run([x, y, scale()]), [0.512, 1.0, 1.0], rtol=1e-5)


def test_train_experimental_mixed_precision_endpoints(tf):
    # TF 1.14-1.15 programs reach loss scaling through tf.train.experimental; values recorded
    # from TF 2.21 compat.v1 (3 SGD steps of a float32 least-squares loss, dynamic scale)
    assert tf.train.experimental.DynamicLossScale is tf.mixed_precision.DynamicLossScale
    assert tf.mixed_precision.experimental.FixedLossScale is tf.mixed_precision.FixedLossScale
    x = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
    w = tf.Variable(tf.ones([3, 1]), name="w")
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - 1.0))
    opt = tf.train.experimental.enable_mixed_precision_graph_rewrite(
        tf.train.GradientDescentOptimizer(0.01))
    try:
        assert type(opt).__name__ == "MixedPrecisionLossScaleOptimizer"
        train = opt.minimize(loss)
        assert [v.op.name for v in tf.global_variables()] == [
            "w", "current_loss_scale", "good_steps"]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [sess.run([loss, train])[0] for _ in range(3)]
            np.testing.assert_allclose(losses, [125.0, 1.951999, 1.1188736], rtol=1e-6)
            np.testing.assert_allclose(sess.run(w).ravel(), [0.35209602, 0.14163199, -0.068832],
                                       rtol=1e-6)
            assert sess.run(tf.global_variables()[1:]) == [32768.0, 3]
    finally:
        tf.train.experimental.disable_mixed_precision_graph_rewrite()


@pytest.mark.tfcompat_only
def test_train_experimental_checkpoint_names_explain_themselves(tf):
    with pytest.raises(AttributeError, match="tf.train.Checkpoint"):
        tf.train.experimental.PythonState
